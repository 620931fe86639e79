import { sql } from 'kysely';
import type { AttendanceFigures, DutyAttendance, ParsedInput } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import type { ServiceContext } from './context';
import { todayAt } from './receptions';

/**
 * 进站率: attendance figures per deputy and for the station over a period.
 *
 * A place counts once its day has come: before today whatever it says (a place still 已排班 is
 * unrecorded), today once something is recorded on it. Places after today — a leave asked in
 * advance included — are upcoming. A place handed to someone else (调换) is not the deputy's
 * to keep, so it is counted apart.
 */

type Counts = Omit<AttendanceFigures, 'rate'>;
const COUNT_KEYS = ['assigned', 'kept', 'leave', 'absent', 'unrecorded', 'swappedOut', 'upcoming'] as const;

const withRate = (c: Counts): AttendanceFigures => ({
  ...c,
  rate: c.assigned > 0 ? c.kept / c.assigned : null,
});

export async function dutyAttendance(
  ctx: ServiceContext,
  input: ParsedInput<'duty.attendance'>,
): Promise<DutyAttendance> {
  const today = todayAt(ctx);
  const oneDeputy = input.deputyId ? sql`AND a.deputy_id = ${input.deputyId}` : sql``;
  // Every deputy in office (zeros allowed) and anyone else with a place in the period; or the one asked for.
  const who = input.deputyId
    ? sql`d.id = ${input.deputyId}`
    : sql`(d.deleted_at IS NULL AND d.status = '在任') OR f.deputy_id IS NOT NULL`;
  const { rows } = await sql<Counts & { id: string; name: string }>`
    WITH f AS (
      SELECT a.deputy_id,
        sum(a.status <> '调换' AND (s.date < ${today} OR (s.date = ${today} AND a.status <> '已排班'))) AS assigned,
        sum(a.status = '到岗' AND s.date <= ${today}) AS kept,
        sum(a.status = '请假' AND s.date <= ${today}) AS leave,
        sum(a.status = '缺席' AND s.date <= ${today}) AS absent,
        sum(a.status = '已排班' AND s.date < ${today}) AS unrecorded,
        sum(a.status = '调换') AS swappedOut,
        sum(a.status <> '调换' AND (s.date > ${today} OR (s.date = ${today} AND a.status = '已排班'))) AS upcoming
      FROM duty_slots s
      JOIN duty_assignments a ON a.slot_id = s.id AND a.deleted_at IS NULL
      WHERE s.deleted_at IS NULL AND s.date >= ${input.from} AND s.date <= ${input.to} ${oneDeputy}
      GROUP BY a.deputy_id
    )
    SELECT d.id, d.name,
      coalesce(f.assigned, 0) AS assigned, coalesce(f.kept, 0) AS kept,
      coalesce(f.leave, 0) AS leave, coalesce(f.absent, 0) AS absent,
      coalesce(f.unrecorded, 0) AS unrecorded, coalesce(f.swappedOut, 0) AS swappedOut,
      coalesce(f.upcoming, 0) AS upcoming
    FROM deputies d LEFT JOIN f ON f.deputy_id = d.id
    WHERE ${who}
    ORDER BY d.name_pinyin, d.id`.execute(ctx.db);
  if (input.deputyId && rows.length === 0)
    throw new StationError(ErrorCode.notFound, '找不到这位代表，可能已被删除。请刷新后重试。', 'deputyId');

  const totals: Counts = {
    assigned: 0,
    kept: 0,
    leave: 0,
    absent: 0,
    unrecorded: 0,
    swappedOut: 0,
    upcoming: 0,
  };
  const deputies = rows.map((r) => {
    const counts = {} as Counts;
    for (const k of COUNT_KEYS) {
      counts[k] = Number(r[k]);
      totals[k] += counts[k];
    }
    return { deputyId: r.id, name: r.name, ...withRate(counts) };
  });
  return { from: input.from, to: input.to, deputies, totals: withRate(totals) };
}
