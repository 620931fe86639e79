import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { DutyLeave, DutyNotice, DutySlot, ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

/**
 * Duty slots (值班) and attendance: reading slots with their deputies, editing by hand, the
 * duty-day check-in (到岗/签退/请假/缺席/调换), today's slots, the reception-day notice, the
 * 受理范围 setting and deputies' leave periods. SKELETON.
 */

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Another live slot at the same place on the same date whose time overlaps [start, end),
 * ignoring `excludeId`; null when there is none. Used by hand edits and by the plan.
 */
export async function findOverlap(
  _db: Db,
  _slot: { date: string; start: string; end: string; place: string; excludeId?: string },
): Promise<{ id: string; start: string; end: string } | null> {
  throw new Error('not implemented');
}

/** Slots with their assignments, in date and time order. */
export async function readSlots(_db: Db, _ids: string[]): Promise<DutySlot[]> {
  throw new Error('not implemented');
}

export async function listSlots(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.slots'>,
): Promise<DutySlot[]> {
  throw new Error('not implemented');
}
export async function getSlot(_ctx: ServiceContext, _id: string): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function createSlot(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.createSlot'>,
): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function updateSlot(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.updateSlot'>,
): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function deleteSlot(_ctx: ServiceContext, _id: string): Promise<{ id: string }> {
  throw new Error('not implemented');
}
export async function setSlotDeputies(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.setDeputies'>,
): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function signIn(_ctx: ServiceContext, _assignmentId: string): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function signOut(_ctx: ServiceContext, _assignmentId: string): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function recordLeave(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.recordLeave'>,
): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function recordAbsence(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.recordAbsence'>,
): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function swapDuty(_ctx: ServiceContext, _input: ParsedInput<'duty.swap'>): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function clearAttendance(_ctx: ServiceContext, _assignmentId: string): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function dutyToday(
  _ctx: ServiceContext,
): Promise<{ date: string; slots: DutySlot[]; unrecorded: number }> {
  throw new Error('not implemented');
}
export async function dutyNotice(_ctx: ServiceContext, _slotId: string): Promise<DutyNotice> {
  throw new Error('not implemented');
}
export async function markNoticePrinted(_ctx: ServiceContext, _slotId: string): Promise<DutySlot> {
  throw new Error('not implemented');
}
export async function noticesDue(
  _ctx: ServiceContext,
): Promise<
  { slotId: string; date: string; start: string; end: string; place: string; postBy: string; late: boolean }[]
> {
  throw new Error('not implemented');
}
export async function dutySettings(_ctx: ServiceContext): Promise<{ acceptScope: string }> {
  throw new Error('not implemented');
}
export async function updateDutySettings(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.updateSettings'>,
): Promise<{ acceptScope: string }> {
  throw new Error('not implemented');
}
export async function listLeaves(_ctx: ServiceContext): Promise<DutyLeave[]> {
  throw new Error('not implemented');
}
export async function addLeave(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.addLeave'>,
): Promise<DutyLeave> {
  throw new Error('not implemented');
}
export async function removeLeave(_ctx: ServiceContext, _id: string): Promise<{ id: string }> {
  throw new Error('not implemented');
}
