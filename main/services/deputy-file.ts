import type { DeputyFile } from '../api/contract';
import type { ServiceContext } from './context';
import { attendanceText } from './duty';
import { receptionNumber, todayAt } from './receptions';
import { getDeputy } from './roster';

type Section = DeputyFile['sections'][number];
type SectionItems = Section['items'];

/**
 * The sections of a deputy's file (一人一档), in order. Each area adds one entry with its
 * query over its own tables as it lands; until then the section is empty ("暂无记录").
 */
interface FileSection {
  key: string;
  title: string;
  items(ctx: ServiceContext, deputyId: string, year: number): Promise<SectionItems>;
}

const notYet = async (): Promise<SectionItems> => [];

export const DEPUTY_FILE_SECTIONS: FileSection[] = [
  {
    key: 'duty',
    title: '值班',
    // Every place this deputy held on a duty slot, swapped-out ones included (with who took over).
    async items(ctx, deputyId, year) {
      const rows = await ctx.db
        .selectFrom('duty_assignments as a')
        .innerJoin('duty_slots as s', 's.id', 'a.slot_id')
        .select([
          's.date',
          's.start_time',
          's.end_time',
          's.place',
          'a.status',
          'a.signed_in_at',
          'a.signed_out_at',
          'a.reason',
        ])
        .where('a.deputy_id', '=', deputyId)
        .where('a.deleted_at', 'is', null)
        .where('s.deleted_at', 'is', null)
        .where('s.date', '>=', `${year}-01-01`)
        .where('s.date', '<=', `${year}-12-31`)
        .orderBy('s.date')
        .orderBy('s.start_time')
        .orderBy('a.rev')
        .execute();
      const today = todayAt(ctx);
      return rows.map((r) => ({
        date: r.date,
        title: `${r.start_time}–${r.end_time} ${r.place}`,
        detail: attendanceText(r, today),
      }));
    },
  },
  {
    key: 'receptions',
    title: '接待',
    // The receptions this deputy took part in, by the date of the visit.
    async items(ctx, deputyId, year) {
      const rows = await ctx.db
        .selectFrom('reception_deputies as rd')
        .innerJoin('receptions as r', 'r.id', 'rd.reception_id')
        .select(['r.received_at', 'r.year', 'r.year_seq', 'r.title', 'r.category', 'r.status'])
        .where('rd.deputy_id', '=', deputyId)
        .where('rd.deleted_at', 'is', null)
        .where('r.deleted_at', 'is', null)
        .where('r.received_at', '>=', `${year}-01-01`)
        .where('r.received_at', '<', `${year + 1}-01-01`)
        .orderBy('r.received_at')
        .orderBy('r.num')
        .execute();
      return rows.map((r) => ({
        date: r.received_at.slice(0, 10),
        title: `${receptionNumber(r.year, r.year_seq)} ${r.title}`,
        detail: `${r.category}，${r.status}`,
      }));
    },
  },
  { key: 'activities', title: '活动', items: notYet },
  { key: 'suggestions', title: '建议', items: notYet },
  { key: 'reports', title: '述职', items: notYet },
  {
    key: 'status',
    title: '状态变更',
    async items(ctx, deputyId, year) {
      const rows = await ctx.db
        .selectFrom('deputy_status_history')
        .select(['effective_date', 'status', 'note'])
        .where('deputy_id', '=', deputyId)
        .where('deleted_at', 'is', null)
        .where('effective_date', '>=', `${year}-01-01`)
        .where('effective_date', '<=', `${year}-12-31`)
        .orderBy('effective_date')
        .orderBy('rev')
        .execute();
      return rows.map((r) => ({ date: r.effective_date, title: r.status, detail: r.note }));
    },
  },
];

export async function deputyFile(
  ctx: ServiceContext,
  input: { id: string; year: number },
): Promise<DeputyFile> {
  const { statusHistory: _history, ...deputy } = await getDeputy(ctx, input.id);
  const sections: Section[] = [];
  for (const s of DEPUTY_FILE_SECTIONS) {
    const items = await s.items(ctx, input.id, input.year);
    sections.push({ key: s.key, title: s.title, total: items.length, items });
  }
  return { deputy, year: input.year, sections };
}
