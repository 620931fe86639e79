import type { DutyPlanResult } from '../api/contract';
import type { ServiceContext } from './context';

/** Generating slots from the rules and filling them by rotation. SKELETON. */

export interface PlanOptions {
  from: string;
  to: string;
  ruleId?: string;
  overwriteEdited: boolean;
  reassign: boolean;
}

export async function planPreview(_ctx: ServiceContext, _input: PlanOptions): Promise<DutyPlanResult> {
  throw new Error('not implemented');
}
export async function plan(_ctx: ServiceContext, _input: PlanOptions): Promise<DutyPlanResult> {
  throw new Error('not implemented');
}
