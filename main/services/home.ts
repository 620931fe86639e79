import type { HomeSummary } from '../api/contract';
import type { ServiceContext } from './context';
import { overdueCount, receptionsThisMonth } from './reception-queries';
import { getStation } from './station';

/**
 * Counts shown on the home page. Each area adds its own entry (deputies, receptions, …);
 * every value is read from the database on each call.
 */
type HomeCount = (ctx: ServiceContext) => Promise<{ key: string; label: string; value: number }>;

const HOME_COUNTS: HomeCount[] = [
  async (ctx) => {
    const { n } = await ctx.db
      .selectFrom('deputies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('deleted_at', 'is', null)
      .where('status', '=', '在任')
      .executeTakeFirstOrThrow();
    return { key: 'deputies', label: '在任代表', value: Number(n) };
  },
  async (ctx) => ({ key: 'receptionsThisMonth', label: '本月接待', value: await receptionsThisMonth(ctx) }),
  async (ctx) => ({ key: 'overdueReceptions', label: '逾期未办结', value: await overdueCount(ctx) }),
  async (ctx) => {
    const { audit_seq } = await ctx.db
      .selectFrom('sync_state')
      .select('audit_seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { key: 'auditEntries', label: '操作记录', value: audit_seq };
  },
  async (ctx) => {
    const { rev } = await ctx.db
      .selectFrom('sync_state')
      .select('rev')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { key: 'changes', label: '数据变更', value: rev };
  },
];

export async function homeSummary(ctx: ServiceContext): Promise<HomeSummary> {
  const station = await getStation(ctx);
  const counts = await Promise.all(HOME_COUNTS.map((count) => count(ctx)));
  const last = await ctx.db
    .selectFrom('audit_log')
    .select('at')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { station, counts, lastChangeAt: last?.at ?? null, health: ctx.health.snapshot() };
}
