import type { CallName, CallOutput, Contract } from './contract';
import type { z } from 'zod';
import type { ServiceContext } from '../services/context';
import { getStationStatus, setUpStation, updateStation } from '../services/station';
import { homeSummary } from '../services/home';
import { listAudit, verifyAudit } from '../services/audit';
import {
  createDeputy,
  createGroup,
  getAttachment,
  getDeputy,
  listDeputies,
  listGroups,
  renameGroup,
  setDeputyPhoto,
  setDeputyStatus,
  updateDeputy,
} from '../services/roster';
import { exportRoster, importCommit, importPreview } from '../services/roster-xlsx';
import { deputyFile } from '../services/deputy-file';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations';

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
  'audit.list': (input, ctx) => listAudit(ctx, input),
  'audit.verify': (_input, ctx) => verifyAudit(ctx),
};
