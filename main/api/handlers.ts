import type { CallName, CallOutput, Contract } from './contract';
import type { z } from 'zod';
import type { ServiceContext } from '../services/context';
import { getStationStatus, setUpStation, updateStation } from '../services/station';
import { homeSummary } from '../services/home';
import { listAudit, verifyAudit } from '../services/audit';
import {
  createDeputy,
  createGroup,
  getDeputy,
  listDeputies,
  listGroups,
  renameGroup,
  setDeputyPhoto,
  setDeputyStatus,
  updateDeputy,
} from '../services/roster';
import { getAttachment, putAttachment } from '../services/attachments';
import { exportRoster, importCommit, importPreview } from '../services/roster-xlsx';
import { deputyFile } from '../services/deputy-file';
import { createReception, getReception, updateReception } from '../services/receptions';
import { formOptions, listReceptions, monthlyFigures, visitorByPhone } from '../services/reception-queries';
import {
  answerReception,
  handleReception,
  remindReception,
  reopenReception,
  replyReception,
  voidReception,
} from '../services/reception-lifecycle';
import { receptionSettings, updateReceptionSettings } from '../services/settings';
import { createRule, deleteRule, listRules, updateRule } from '../services/duty-rules';
import { plan, planPreview } from '../services/duty-plan';
import {
  addLeave,
  clearAttendance,
  createSlot,
  deleteSlot,
  dutyNotice,
  dutySettings,
  dutyToday,
  getSlot,
  listLeaves,
  listSlots,
  markNoticePrinted,
  noticesDue,
  recordAbsence,
  recordLeave,
  removeLeave,
  setSlotDeputies,
  signIn,
  signOut,
  swapDuty,
  updateDutySettings,
  updateSlot,
} from '../services/duty';
import { dutyAttendance } from '../services/duty-attendance';
import { holidayYear, importHolidayFile, setHolidayYear } from '../services/holidays';
import {
  boardData,
  exportBoardPdf,
  listNoticeTemplates,
  listNoticeVersions,
  noticeVersionPdf,
  recordBoardPrint,
  saveNoticeTexts,
  staleBoards,
} from '../services/notices';
import {
  createActivity,
  createPlanItem,
  deleteActivity,
  deletePlanItem,
  getActivity,
  listActivities,
  listPlan,
  setPlanStatus,
  updateActivity,
  updatePlanItem,
} from '../services/activities';
import { stationStats } from '../services/stats';
import { ledgerWorkbook } from '../services/ledger';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { importProfile, setProfile } from '../services/packages/profile';
import { startExport } from '../services/packages/export';
import { copyToFolder, importReceipts, listDrives, packagesStatus } from '../services/packages/outbox';
import { requestUpload } from '../services/packages/upload';
import { rotateSigningKey } from '../services/packages/key-rotation';
import { authHandlers } from './handlers-auth';
import { backupHandlers } from './handlers-backup';

export type Handler<N extends CallName> = (
  input: z.output<Contract[N]['input']>,
  ctx: ServiceContext,
) => Promise<CallOutput<N>> | CallOutput<N>;

export type Handlers = { [N in CallName]: Handler<N> };

/** Thin: each call hands its parsed input to a service. */
export const handlers: Handlers = {
  'app.info': (_input, ctx) => ({
    appVersion: ctx.appVersion,
    schemaVersion: LATEST_SCHEMA_VERSION,
    mode: ctx.mode,
    dataDir: ctx.dataDir,
  }),
  'app.health': (_input, ctx) => ctx.health.snapshot(),
  'station.get': (_input, ctx) => getStationStatus(ctx),
  'station.setup': (input, ctx) => setUpStation(ctx, input),
  'station.update': (input, ctx) => updateStation(ctx, input),
  'home.summary': (_input, ctx) => homeSummary(ctx),
  'roster.list': (input, ctx) => listDeputies(ctx, input),
  'roster.get': (input, ctx) => getDeputy(ctx, input.id),
  'roster.create': (input, ctx) => createDeputy(ctx, input),
  'roster.update': (input, ctx) => updateDeputy(ctx, input),
  'roster.setStatus': (input, ctx) => setDeputyStatus(ctx, input),
  'roster.setPhoto': (input, ctx) => setDeputyPhoto(ctx, input),
  'attachment.get': (input, ctx) => getAttachment(ctx, input.sha256),
  'groups.list': (_input, ctx) => listGroups(ctx),
  'groups.create': (input, ctx) => createGroup(ctx, input),
  'groups.rename': (input, ctx) => renameGroup(ctx, input),
  'roster.importPreview': (input, ctx) => importPreview(ctx, input),
  'roster.importCommit': (input, ctx) => importCommit(ctx, input),
  'roster.exportXlsx': (_input, ctx) => exportRoster(ctx),
  'roster.deputyFile': (input, ctx) => deputyFile(ctx, input),
  'receptions.settings': (_input, ctx) => receptionSettings(ctx),
  'receptions.updateSettings': (input, ctx) => updateReceptionSettings(ctx, input),
  'receptions.formOptions': (_input, ctx) => formOptions(ctx),
  'receptions.visitorByPhone': (input, ctx) => visitorByPhone(ctx, input.phone),
  'receptions.list': (input, ctx) => listReceptions(ctx, input),
  'receptions.get': (input, ctx) => getReception(ctx, input.id),
  'receptions.create': (input, ctx) => createReception(ctx, input),
  'receptions.update': (input, ctx) => updateReception(ctx, input),
  'receptions.handle': (input, ctx) => handleReception(ctx, input),
  'receptions.remind': (input, ctx) => remindReception(ctx, input),
  'receptions.reply': (input, ctx) => replyReception(ctx, input),
  'receptions.answer': (input, ctx) => answerReception(ctx, input),
  'receptions.reopen': (input, ctx) => reopenReception(ctx, input),
  'receptions.void': (input, ctx) => voidReception(ctx, input),
  'receptions.monthly': (input, ctx) => monthlyFigures(ctx, input.year),
  'attachment.put': (input, ctx) => putAttachment(ctx, input),
  'duty.rules': (_input, ctx) => listRules(ctx),
  'duty.createRule': (input, ctx) => createRule(ctx, input),
  'duty.updateRule': (input, ctx) => updateRule(ctx, input),
  'duty.deleteRule': (input, ctx) => deleteRule(ctx, input.id),
  'duty.planPreview': (input, ctx) => planPreview(ctx, input),
  'duty.plan': (input, ctx) => plan(ctx, input),
  'duty.slots': (input, ctx) => listSlots(ctx, input),
  'duty.getSlot': (input, ctx) => getSlot(ctx, input.id),
  'duty.createSlot': (input, ctx) => createSlot(ctx, input),
  'duty.updateSlot': (input, ctx) => updateSlot(ctx, input),
  'duty.deleteSlot': (input, ctx) => deleteSlot(ctx, input.id),
  'duty.setDeputies': (input, ctx) => setSlotDeputies(ctx, input),
  'duty.signIn': (input, ctx) => signIn(ctx, input.assignmentId),
  'duty.signOut': (input, ctx) => signOut(ctx, input.assignmentId),
  'duty.recordLeave': (input, ctx) => recordLeave(ctx, input),
  'duty.recordAbsence': (input, ctx) => recordAbsence(ctx, input),
  'duty.swap': (input, ctx) => swapDuty(ctx, input),
  'duty.clearAttendance': (input, ctx) => clearAttendance(ctx, input.assignmentId),
  'duty.today': (_input, ctx) => dutyToday(ctx),
  'duty.notice': (input, ctx) => dutyNotice(ctx, input.slotId),
  'duty.markNoticePrinted': (input, ctx) => markNoticePrinted(ctx, input.slotId),
  'duty.noticesDue': (_input, ctx) => noticesDue(ctx),
  'duty.attendance': (input, ctx) => dutyAttendance(ctx, input),
  'duty.settings': (_input, ctx) => dutySettings(ctx),
  'duty.updateSettings': (input, ctx) => updateDutySettings(ctx, input),
  'duty.leaves': (_input, ctx) => listLeaves(ctx),
  'duty.addLeave': (input, ctx) => addLeave(ctx, input),
  'duty.removeLeave': (input, ctx) => removeLeave(ctx, input.id),
  'holidays.year': (input, ctx) => holidayYear(ctx, input.year),
  'holidays.setYear': (input, ctx) => setHolidayYear(ctx, input),
  'holidays.importFile': (input, ctx) => importHolidayFile(ctx, input),
  'notices.templates': (_input, ctx) => listNoticeTemplates(ctx),
  'notices.data': (input, ctx) => boardData(ctx, input),
  'notices.saveTexts': (input, ctx) => saveNoticeTexts(ctx, input),
  'notices.exportPdf': (input, ctx) => exportBoardPdf(ctx, input),
  'notices.recordPrint': (input, ctx) => recordBoardPrint(ctx, input),
  'notices.versions': (input, ctx) => listNoticeVersions(ctx, input),
  'notices.versionPdf': (input, ctx) => noticeVersionPdf(ctx, input.id),
  'notices.stale': (_input, ctx) => staleBoards(ctx),
  'plan.list': (input, ctx) => listPlan(ctx, input),
  'plan.create': (input, ctx) => createPlanItem(ctx, input),
  'plan.update': (input, ctx) => updatePlanItem(ctx, input),
  'plan.setStatus': (input, ctx) => setPlanStatus(ctx, input),
  'plan.delete': (input, ctx) => deletePlanItem(ctx, input.id),
  'activities.list': (input, ctx) => listActivities(ctx, input),
  'activities.get': (input, ctx) => getActivity(ctx, input.id),
  'activities.create': (input, ctx) => createActivity(ctx, input),
  'activities.update': (input, ctx) => updateActivity(ctx, input),
  'activities.delete': (input, ctx) => deleteActivity(ctx, input.id),
  'stats.get': (input, ctx) => stationStats(ctx, input),
  'stats.ledger': async (input, ctx) => {
    const { fileName, bytes } = await ledgerWorkbook(ctx, input);
    return { fileName, base64: bytes.toString('base64') };
  },
  'packages.status': (_input, ctx) => packagesStatus(ctx),
  'packages.setProfile': (input, ctx) => setProfile(ctx, input),
  'packages.importProfile': (input, ctx) => importProfile(ctx, input.text),
  'packages.export': (input, ctx) => {
    startExport(ctx, input.kind);
    return packagesStatus(ctx);
  },
  'packages.drives': () => listDrives(),
  'packages.copyToFolder': (input, ctx) => copyToFolder(ctx, input.folder),
  'packages.importReceipts': (input, ctx) => importReceipts(ctx, input.folder),
  'packages.uploadNow': (_input, ctx) => {
    requestUpload(ctx);
    return packagesStatus(ctx);
  },
  'keys.rotate': (_input, ctx) => rotateSigningKey(ctx),
  'audit.list': (input, ctx) => listAudit(ctx, input),
  'audit.verify': (_input, ctx) => verifyAudit(ctx),
  ...authHandlers,
  ...backupHandlers,
};
