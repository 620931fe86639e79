import { canonicalJson } from '../../db/audit';
import type { NoticeTemplateSpec } from '../../resources/notices/catalog';

/**
 * Why a printed board is out of date, in the clerk's words: what the board showed when it was
 * printed (`boardShows`, kept as the version's data_json) against what it would show now.
 * Driven by the parts the shown object has (texts, station, leaders, deputies, slots, plan,
 * notice),
 * so each template gets the reasons of what it really prints.
 */

/** Reasons beyond this many are summed up as 等N项. */
export const MAX_REASONS = 6;

type Shown = Record<string, unknown>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
const asList = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
// Key order differs between the stored (canonical) JSON and a fresh object.
const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

const STATION_FIELDS: [key: string, label: string][] = [
  ['name', '站名'],
  ['address', '站点地址'],
  ['phone', '站点电话'],
  ['openingHours', '开放时间'],
  ['township', '所在乡镇（街道）'],
  ['county', '所在县（市、区）'],
];

const DEPUTY_FIELDS: [key: string, label: string][] = [
  ['phone', '联系电话'],
  ['levels', '代表层级'],
  ['constituency', '选区'],
  ['workplacePost', '工作单位及职务'],
  ['gender', '性别'],
];

const LEADER_ROLES: [key: string, label: string][] = [
  ['head', '站长'],
  ['viceHeads', '副站长'],
  ['liaisons', '联络员'],
];

/** 12月9日 */
export function dayText(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function textReasons(spec: NoticeTemplateSpec | undefined, before: Obj, after: Obj): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => !same(before[k], after[k]))
    .map((k) => `${spec?.fields.find((f) => f.key === k)?.label ?? k}改了`);
}

function stationReasons(before: Obj, after: Obj): string[] {
  return STATION_FIELDS.filter(([k]) => k in before || k in after)
    .filter(([k]) => !same(before[k], after[k]))
    .map(([, label]) => `${label}改了`);
}

function leaderReasons(before: Obj, after: Obj): string[] {
  const reasons: string[] = [];
  for (const [key, label] of LEADER_ROLES) {
    const now = Array.isArray(after[key]) ? (after[key] as unknown[]).map(String) : [];
    if (same(before[key] ?? [], after[key] ?? [])) continue;
    reasons.push(now.length ? `${label}改为${now.join('、')}` : `不再有${label}`);
  }
  return reasons;
}

/** Deputies matched by id: who joined, who left, and which of the shown details changed. */
function deputyReasons(beforeList: Obj[], afterList: Obj[]): string[] {
  const reasons: string[] = [];
  const before = new Map(beforeList.map((d) => [str(d.id), d]));
  const after = new Map(afterList.map((d) => [str(d.id), d]));
  for (const [id, d] of before) if (!after.has(id)) reasons.push(`${str(d.name)}已不在任`);
  for (const [id, d] of after) if (!before.has(id)) reasons.push(`新增代表${str(d.name)}`);
  for (const [id, now] of after) {
    const old = before.get(id);
    if (!old) continue;
    if (str(old.name) !== str(now.name)) reasons.push(`${str(old.name)}改名为${str(now.name)}`);
    const labels = DEPUTY_FIELDS.filter(([k]) => !same(old[k], now[k])).map(([, label]) => label);
    if (labels.length) reasons.push(`${str(now.name)}的${labels.join('、')}改了`);
    if (!same(old.photoSha256 ?? null, now.photoSha256 ?? null)) reasons.push(`${str(now.name)}的照片换了`);
  }
  // Same people, same details, another order (a role changed hands or a name sorts anew).
  if (reasons.length === 0 && !same([...before.keys()], [...after.keys()])) reasons.push('代表排列顺序改了');
  return reasons;
}

/**
 * Duty slots matched by id (a slot moved by the plan keeps its id); a slot gone and another
 * come on the same day read as that day's slot changed.
 */
function slotReasons(beforeList: Obj[], afterList: Obj[]): string[] {
  const reasons: string[] = [];
  const before = new Map(beforeList.map((s) => [str(s.id), s]));
  const after = new Map(afterList.map((s) => [str(s.id), s]));
  const gone = [...before.values()].filter((s) => !after.has(str(s.id)));
  const come = [...after.values()].filter((s) => !before.has(str(s.id)));
  const pairs: [Obj, Obj][] = [];
  for (const [id, now] of after) {
    const old = before.get(id);
    if (old) pairs.push([old, now]);
  }
  for (const s of [...come]) {
    const i = gone.findIndex((g) => str(g.date) === str(s.date));
    if (i < 0) continue;
    pairs.push([gone[i]!, s]);
    gone.splice(i, 1);
    come.splice(come.indexOf(s), 1);
  }
  const changes: [date: string, reason: string][] = [];
  for (const [old, now] of pairs) {
    const day = dayText(str(now.date));
    if (str(old.date) !== str(now.date)) {
      changes.push([str(now.date), `${dayText(str(old.date))}的值班改到${day}`]);
    }
    if (str(old.start) !== str(now.start) || str(old.end) !== str(now.end))
      changes.push([str(now.date), `${day}的值班时间改了`]);
    if (str(old.place) !== str(now.place)) changes.push([str(now.date), `${day}的值班地点改了`]);
    if (!same(old.deputies, now.deputies)) changes.push([str(now.date), `${day}的接待代表改了`]);
  }
  for (const s of gone) changes.push([str(s.date), `${dayText(str(s.date))}的值班取消了`]);
  for (const s of come) changes.push([str(s.date), `新增${dayText(str(s.date))}的值班`]);
  changes.sort((a, b) => a[0].localeCompare(b[0]));
  reasons.push(...changes.map(([, reason]) => reason));
  return reasons;
}

const PLAN_FIELDS: [key: string, label: string][] = [
  ['type', '活动类型'],
  ['responsible', '负责人'],
  ['participants', '参加人员'],
];

/** A theme as a reason quotes it: long ones cut short. */
const shortTheme = (theme: string) => (theme.length > 16 ? `${theme.slice(0, 15)}…` : theme);
const planName = (item: Obj) => `计划“${shortTheme(str(item.theme))}”`;

/** 3月 / 3月15日 */
const planWhen = (item: Obj) => (str(item.date) ? dayText(str(item.date)) : `${Number(item.month)}月`);

/** The plan's items matched by id: new, gone (cancelled or deleted), moved, renamed, changed. */
function planReasons(beforeList: Obj[], afterList: Obj[]): string[] {
  const before = new Map(beforeList.map((p) => [str(p.id), p]));
  const after = new Map(afterList.map((p) => [str(p.id), p]));
  // Said in the plan's order: by month, then date.
  const changes: [order: string, reason: string][] = [];
  const order = (item: Obj) => `${String(Number(item.month)).padStart(2, '0')}${str(item.date)}`;
  for (const [id, old] of before)
    if (!after.has(id)) changes.push([order(old), `${planName(old)}已取消或删除`]);
  for (const [id, now] of after) {
    const old = before.get(id);
    if (!old) {
      changes.push([order(now), `新增${planWhen(now)}的${planName(now)}`]);
      continue;
    }
    if (str(old.theme) !== str(now.theme))
      changes.push([order(now), `${planName(old)}改为“${shortTheme(str(now.theme))}”`]);
    if (planWhen(old) !== planWhen(now))
      changes.push([order(now), `${planName(now)}的时间改为${planWhen(now)}`]);
    const labels = PLAN_FIELDS.filter(([k]) => !same(old[k], now[k])).map(([, label]) => label);
    if (labels.length) changes.push([order(now), `${planName(now)}的${labels.join('、')}改了`]);
  }
  changes.sort((a, b) => a[0].localeCompare(b[0]));
  return changes.map(([, reason]) => reason);
}

/** One reception day's notice: its time and place, who receives, the 受理范围, the station. */
function noticeReasons(before: Obj, after: Obj): string[] {
  const reasons: string[] = [];
  if (str(before.date) !== str(after.date)) reasons.push(`接待日期改为${dayText(str(after.date))}`);
  if (str(before.start) !== str(after.start) || str(before.end) !== str(after.end))
    reasons.push('接待时间改了');
  if (str(before.place) !== str(after.place)) reasons.push('接待地点改了');
  const oldPeople = asList(before.deputies);
  const newPeople = asList(after.deputies);
  const oldNames = oldPeople.map((d) => str(d.name));
  const newNames = newPeople.map((d) => str(d.name));
  for (const name of newNames) if (!oldNames.includes(name)) reasons.push(`新增接待代表${name}`);
  for (const name of oldNames) if (!newNames.includes(name)) reasons.push(`${name}不再参加接待`);
  for (const now of newPeople) {
    const old = oldPeople.find((d) => str(d.name) === str(now.name));
    if (!old) continue;
    const labels = DEPUTY_FIELDS.filter(([k]) => k in now || k in old)
      .filter(([k]) => !same(old[k], now[k]))
      .map(([, label]) => label);
    if (labels.length) reasons.push(`${str(now.name)}的${labels.join('、')}改了`);
  }
  if (!same(before.acceptScope, after.acceptScope)) reasons.push('受理范围改了');
  reasons.push(...stationReasons(asObj(before.station), asObj(after.station)));
  return reasons;
}

/**
 * The reasons, concrete and short: at most MAX_REASONS, then 等N项 (N counting all of them).
 * A difference none of the parts explains still gives one reason, so a stale board always
 * says something.
 */
export function boardChanges(
  spec: NoticeTemplateSpec | undefined,
  beforeShown: Shown,
  afterShown: Shown,
): string[] {
  const reasons: string[] = [];
  const part = (key: string, describe: (before: unknown, after: unknown) => string[]) => {
    if (!same(beforeShown[key], afterShown[key]))
      reasons.push(...describe(beforeShown[key], afterShown[key]));
  };
  part('texts', (b, a) => textReasons(spec, asObj(b), asObj(a)));
  part('station', (b, a) => stationReasons(asObj(b), asObj(a)));
  part('leaders', (b, a) => leaderReasons(asObj(b), asObj(a)));
  part('deputies', (b, a) => deputyReasons(asList(b), asList(a)));
  part('slots', (b, a) => slotReasons(asList(b), asList(a)));
  part('plan', (b, a) => planReasons(asList(b), asList(a)));
  part('notice', (b, a) => {
    if (!isObj(a)) return ['这次值班已取消'];
    return noticeReasons(asObj(b), a);
  });
  const unique = [...new Set(reasons)];
  if (unique.length === 0 && !same(beforeShown, afterShown)) unique.push('公示内容有变动');
  if (unique.length <= MAX_REASONS) return unique;
  return [...unique.slice(0, MAX_REASONS), `等${unique.length}项`];
}
