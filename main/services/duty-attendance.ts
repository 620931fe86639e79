import type { DutyAttendance, ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

/** 进站率: attendance figures per deputy and for the station over a period. SKELETON. */
export async function dutyAttendance(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.attendance'>,
): Promise<DutyAttendance> {
  throw new Error('not implemented');
}
