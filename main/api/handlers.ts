import type { CallName, CallOutput, Contract } from './contract';
import type { z } from 'zod';
import type { ServiceContext } from '../services/context';
import { getStationStatus, setUpStation, updateStation } from '../services/station';
import { homeSummary } from '../services/home';
import { listAudit, verifyAudit } from '../services/audit';
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
  'audit.list': (input, ctx) => listAudit(ctx, input),
  'audit.verify': (_input, ctx) => verifyAudit(ctx),
};
