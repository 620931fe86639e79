import type { DeputyFile } from '../api/contract';
import type { ServiceContext } from './context';
import { satisfactionRate } from './activities';
import { attendanceText } from './duty';
import { receptionNumber, todayAt } from './receptions';
import { getDeputy } from './roster';
import { seesConfidential } from './auth';

type Section = DeputyFile['sections'][number];
type SectionItems = Section['items'];
interface StoredRating {
  deputyId: string;
  aspect: string;
  satisfied: number;
  basic: number;
  unsatisfied: number;
}

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
        // Confidential receptions (要求保密) only in an administrator's view.
        .where('r.confidential', 'in', seesConfidential(ctx) ? [0, 1] : [0])
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
  {
    key: 'activities',
    title: '活动',
    // Every activity this deputy was on the list of, with the attendance recorded.
    async items(ctx, deputyId, year) {
      const rows = await ctx.db
        .selectFrom('activity_participants as p')
        .innerJoin('activities as a', 'a.id', 'p.activity_id')
        .select(['a.date', 'a.type', 'a.theme', 'a.place', 'p.attendance', 'p.note'])
        .where('p.deputy_id', '=', deputyId)
        .where('p.deleted_at', 'is', null)
        .where('a.deleted_at', 'is', null)
        .where('a.date', '>=', `${year}-01-01`)
        .where('a.date', '<=', `${year}-12-31`)
        .orderBy('a.date')
        .orderBy('a.rev')
        .execute();
      return rows.map((r) => ({
        date: r.date,
        title: `${r.type}：${r.theme}`,
        detail: `${r.place}，${r.attendance}${r.note ? `（${r.note}）` : ''}`,
      }));
    },
  },
  { key: 'suggestions', title: '建议', items: notYet },
  {
    key: 'reports',
    title: '述职',
    // The 述职 meetings where this deputy reported, with the voters' verdict on each aspect.
    async items(ctx, deputyId, year) {
      const rows = await ctx.db
        .selectFrom('activity_participants as p')
        .innerJoin('activities as a', 'a.id', 'p.activity_id')
        .select(['a.date', 'a.theme', 'a.place', 'a.voters_present', 'a.ratings'])
        .where('p.deputy_id', '=', deputyId)
        .where('p.deleted_at', 'is', null)
        .where('a.deleted_at', 'is', null)
        .where('a.type', '=', '述职')
        .where('a.date', '>=', `${year}-01-01`)
        .where('a.date', '<=', `${year}-12-31`)
        .orderBy('a.date')
        .orderBy('a.rev')
        .execute();
      return rows.flatMap((r) => {
        const ratings = (JSON.parse(r.ratings) as StoredRating[]).filter((x) => x.deputyId === deputyId);
        if (ratings.length === 0) return [];
        const verdicts = ratings.map((x) => {
          const rate = satisfactionRate(x);
          const tail = rate === null ? '' : `，满意率${rate}%`;
          return `${x.aspect}：满意${x.satisfied}、基本满意${x.basic}、不满意${x.unsatisfied}${tail}`;
        });
        const voters = r.voters_present === null ? '' : `到会选民${r.voters_present}人，`;
        return [{ date: r.date, title: r.theme, detail: `${voters}${verdicts.join('；')}` }];
      });
    },
  },
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
