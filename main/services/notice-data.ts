import { canonicalJson } from '../../db/audit';
import { addDays } from '../../db/time';
import type { BoardData, NoticeDeputy, NoticePlanItem, NoticeSlot } from '../api/contract';
import { STATION_ROLES } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { noticeTemplate, textsWithDefaults, type NoticeTemplateKey } from '../../resources/notices/catalog';
import { sha256Hex } from './attachments';
import type { ServiceContext } from './context';
import { dateText, dutyNotice, readSlots } from './duty';
import { todayAt } from './receptions';
import { sortLevels } from './roster';
import { readSetting } from './settings';
import { getStation } from './station';

/**
 * What each wall notice draws, read from the database so nothing is retyped: the station,
 * the roster, the duty schedule, the activity plan and the station's own texts. `boardShows` is the part a
 * template really prints; its hash is kept with every print, so a later change to anything
 * on the board (and only that) marks the board as needing a reprint.
 */

/** Settings key: `{ [template]: { [field]: text } }`, only what the station changed. */
export const NOTICE_TEXTS_KEY = 'notices.texts';

export type SavedNoticeTexts = Partial<Record<NoticeTemplateKey, Record<string, string>>>;

export async function readNoticeTexts(ctx: ServiceContext): Promise<SavedNoticeTexts> {
  const stored = await readSetting<unknown>(ctx, NOTICE_TEXTS_KEY, {});
  return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as SavedNoticeTexts) : {};
}

const ROLE_ORDER = new Map<string, number>(STATION_ROLES.map((role, i) => [role, i]));
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** In-office deputies: 站长, 副站长, 联络员 first, then pinyin order. */
async function inOfficeDeputies(ctx: ServiceContext): Promise<NoticeDeputy[]> {
  const rows = await ctx.db
    .selectFrom('deputies')
    .select([
      'id',
      'name',
      'name_pinyin',
      'gender',
      'levels',
      'constituency',
      'workplace_post',
      'phone',
      'station_role',
      'photo_sha256',
    ])
    .where('deleted_at', 'is', null)
    .where('status', '=', '在任')
    .execute();
  rows.sort(
    (a, b) =>
      (ROLE_ORDER.get(a.station_role) ?? 9) - (ROLE_ORDER.get(b.station_role) ?? 9) ||
      a.name_pinyin.localeCompare(b.name_pinyin) ||
      a.id.localeCompare(b.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    gender: r.gender,
    levels: sortLevels(JSON.parse(r.levels) as NoticeDeputy['levels']),
    constituency: r.constituency,
    workplacePost: r.workplace_post,
    phone: r.phone,
    stationRole: r.station_role as NoticeDeputy['stationRole'],
    photoSha256: r.photo_sha256,
  }));
}

async function photosOf(ctx: ServiceContext, deputies: NoticeDeputy[]): Promise<Record<string, string>> {
  const hashes = [...new Set(deputies.map((d) => d.photoSha256).filter((h): h is string => h !== null))];
  if (hashes.length === 0) return {};
  const rows = await ctx.db
    .selectFrom('attachments')
    .select(['sha256', 'mime', 'data'])
    .where('sha256', 'in', hashes)
    .execute();
  return Object.fromEntries(
    rows.map((r) => [r.sha256, `data:${r.mime};base64,${Buffer.from(r.data).toString('base64')}`]),
  );
}

/** The slots of a date range as the duty tables print them (who will receive, not attendance). */
async function slotsBetween(ctx: ServiceContext, from: string, to: string): Promise<NoticeSlot[]> {
  const ids = await ctx.db
    .selectFrom('duty_slots')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute();
  const slots = await readSlots(
    ctx.db,
    ids.map((r) => r.id),
  );
  return slots.map((s) => ({
    id: s.id,
    date: s.date,
    weekday: WEEKDAYS[new Date(`${s.date}T00:00:00Z`).getUTCDay()]!,
    start: s.start,
    end: s.end,
    place: s.place,
    movedReason: s.movedReason,
    deputies: s.assignments.filter((a) => a.status !== '调换').map((a) => a.deputyName),
  }));
}

/**
 * The year's plan as the 年度活动计划 board prints it: live items in month (then date, then
 * creation) order. Cancelled ones are left off, unless an activity was held for them after all
 * (the plan then counts them as done). Read here, not through the activities service.
 */
async function planOfYear(ctx: ServiceContext, year: string): Promise<NoticePlanItem[]> {
  const rows = await ctx.db
    .selectFrom('plan_items')
    .select([
      'id',
      'month',
      'date',
      'type',
      'theme',
      'responsible',
      'participants',
      'status',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('activities')
              .select('activities.id')
              .whereRef('activities.plan_item_id', '=', 'plan_items.id')
              .where('activities.deleted_at', 'is', null),
          )
          .as('held'),
    ])
    .where('deleted_at', 'is', null)
    .where('year', '=', Number(year))
    .execute();
  return rows
    .filter((r) => r.status !== '取消' || Boolean(r.held))
    .sort((a, b) => a.month - b.month || a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      month: r.month,
      date: r.date,
      type: r.type,
      theme: r.theme,
      responsible: r.responsible,
      participants: r.participants,
    }));
}

/** 2026年12月 for a month board, 2026年 for a year board, '' otherwise. */
export function periodText(kind: string, subject: string): string {
  if (kind === 'month') return `${Number(subject.slice(0, 4))}年${Number(subject.slice(5, 7))}月`;
  if (kind === 'year') return `${subject}年`;
  return '';
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/**
 * What one board draws, with the hash of what this template shows. `photos: false` leaves the
 * photos' bytes out (the hash names photos by SHA-256 anyway): for comparing, not drawing.
 */
export async function boardData(
  ctx: ServiceContext,
  board: { template: NoticeTemplateKey; subject: string },
  options: { photos: boolean } = { photos: true },
): Promise<BoardData> {
  const spec = noticeTemplate(board.template);
  if (!spec) throw new StationError(ErrorCode.validation, '没有这个公示模板，请从模板列表里选择', 'template');
  const station = await getStation(ctx);
  if (!station) throw new StationError(ErrorCode.notSetUp, '请先完成联络站的初始设置，再制作公示。');
  const texts = textsWithDefaults(spec, (await readNoticeTexts(ctx))[board.template]);

  const everyone = board.template === 'station-info' ? await inOfficeDeputies(ctx) : [];
  const named = (role: string) => everyone.filter((d) => d.stationRole === role).map((d) => d.name);
  let subjectText = '';
  let slots: NoticeSlot[] = [];
  let plan: NoticePlanItem[] = [];
  let notice: BoardData['notice'] = null;
  if (board.template === 'activity-plan') {
    subjectText = periodText('year', board.subject);
    plan = await planOfYear(ctx, board.subject);
  } else if (spec.subject === 'month') {
    subjectText = periodText('month', board.subject);
    slots = await slotsBetween(ctx, `${board.subject}-01`, lastDayOfMonth(board.subject));
  } else if (spec.subject === 'year') {
    subjectText = periodText('year', board.subject);
    slots = await slotsBetween(ctx, `${board.subject}-01-01`, `${board.subject}-12-31`);
  } else if (spec.subject === 'slot') {
    notice = await dutyNotice(ctx, board.subject);
    subjectText = dateText(notice.slot.date);
  }

  const data: Omit<BoardData, 'dataHash'> = {
    template: board.template,
    subject: board.subject,
    subjectText,
    texts,
    station: {
      name: station.name,
      address: station.address,
      phone: station.phone,
      openingHours: station.openingHours,
      township: station.township,
      county: station.county,
    },
    leaders: { head: named('站长'), viceHeads: named('副站长'), liaisons: named('联络员') },
    deputies: everyone,
    slots,
    plan,
    notice,
    photos: options.photos ? await photosOf(ctx, everyone) : {},
  };
  return { ...data, dataHash: sha256Hex(Buffer.from(canonicalJson(boardShows(data)))) };
}

/**
 * The part of the data this template prints — photos by hash, the notice without attendance
 * or printed marks — so that only a change a reader of the board would see flags a reprint.
 */
export function boardShows(data: Omit<BoardData, 'dataHash'>): Record<string, unknown> {
  const { station, texts } = data;
  switch (data.template) {
    case 'station-info':
      return { texts, station, leaders: data.leaders, deputies: data.deputies };
    case 'workflow':
      return {
        texts,
        station: {
          name: station.name,
          address: station.address,
          phone: station.phone,
          openingHours: station.openingHours,
        },
      };
    case 'duty-month':
    case 'duty-year':
      return {
        texts,
        subject: data.subject,
        station: { name: station.name, phone: station.phone },
        slots: data.slots,
      };
    case 'activity-plan':
      return { texts, subject: data.subject, station: { name: station.name }, plan: data.plan };
    case 'reception-notice': {
      const n = data.notice;
      return {
        texts,
        subject: data.subject,
        notice: n && {
          date: n.slot.date,
          start: n.slot.start,
          end: n.slot.end,
          place: n.slot.place,
          deputies: n.deputies,
          acceptScope: n.acceptScope,
          station: n.station,
        },
      };
    }
    default:
      // The duties and the rule texts: the texts and the station's name under them.
      return { texts, station: { name: station.name } };
  }
}

/** Whether a board's subject is over (a past month, year or slot): it no longer needs reprinting. */
export function subjectIsPast(
  ctx: ServiceContext,
  kind: string,
  subject: string,
  slotDate?: string,
): boolean {
  const today = todayAt(ctx);
  if (kind === 'month') return subject < today.slice(0, 7);
  if (kind === 'year') return subject < today.slice(0, 4);
  if (kind === 'slot') return slotDate !== undefined && slotDate < today;
  return false;
}
