import type { Activity, PlanItem, PlanList, ParsedInput, CallOutput } from '../api/contract';
import type { ServiceContext } from './context';

/**
 * Activities (活动记录) and the annual plan (年度活动计划), DOMAIN.md §4. Every write goes
 * through db/changes.ts in one transaction, so it is audited and travels to the county.
 */

const notYet = (): never => {
  throw new Error('not implemented');
};

export async function listPlan(_ctx: ServiceContext, _input: ParsedInput<'plan.list'>): Promise<PlanList> {
  return notYet();
}
export async function createPlanItem(
  _ctx: ServiceContext,
  _input: ParsedInput<'plan.create'>,
): Promise<PlanItem> {
  return notYet();
}
export async function updatePlanItem(
  _ctx: ServiceContext,
  _input: ParsedInput<'plan.update'>,
): Promise<PlanItem> {
  return notYet();
}
export async function setPlanStatus(
  _ctx: ServiceContext,
  _input: ParsedInput<'plan.setStatus'>,
): Promise<PlanItem> {
  return notYet();
}
export async function deletePlanItem(_ctx: ServiceContext, _id: string): Promise<{ id: string }> {
  return notYet();
}
export async function listActivities(
  _ctx: ServiceContext,
  _input: ParsedInput<'activities.list'>,
): Promise<CallOutput<'activities.list'>> {
  return notYet();
}
export async function getActivity(_ctx: ServiceContext, _id: string): Promise<Activity> {
  return notYet();
}
export async function createActivity(
  _ctx: ServiceContext,
  _input: ParsedInput<'activities.create'>,
): Promise<Activity> {
  return notYet();
}
export async function updateActivity(
  _ctx: ServiceContext,
  _input: ParsedInput<'activities.update'>,
): Promise<Activity> {
  return notYet();
}
export async function deleteActivity(_ctx: ServiceContext, _id: string): Promise<{ id: string }> {
  return notYet();
}
