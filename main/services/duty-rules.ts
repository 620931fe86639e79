import type { DutyRule, ParsedInput } from '../api/contract';
import type { ServiceContext } from './context';

/** Duty rules (接待日规则): stored with their spec as JSON. SKELETON. */

export async function listRules(_ctx: ServiceContext): Promise<DutyRule[]> {
  throw new Error('not implemented');
}
export async function createRule(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.createRule'>,
): Promise<DutyRule> {
  throw new Error('not implemented');
}
export async function updateRule(
  _ctx: ServiceContext,
  _input: ParsedInput<'duty.updateRule'>,
): Promise<DutyRule> {
  throw new Error('not implemented');
}
export async function deleteRule(_ctx: ServiceContext, _id: string): Promise<{ id: string }> {
  throw new Error('not implemented');
}
