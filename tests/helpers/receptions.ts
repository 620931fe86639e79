import type { ReceptionInput } from '../../main/api/contract';
import type { ServiceContext } from '../../main/services/context';
import { callOk } from './station';
import { SAMPLE_DEPUTY } from './roster';

/** A reception as the form sends it; `deputyIds` filled in by `withDeputy`. */
export const SAMPLE_RECEPTION: ReceptionInput = {
  receivedAt: '2026-03-08 09:30',
  channel: '来访',
  visitors: [
    {
      name: '王五',
      gender: '男',
      age: 56,
      phone: '13912345678',
      address: '莲花镇桃源村3组',
      groupSize: 1,
    },
  ],
  deputyIds: [],
  staff: ['李秀英'],
  category: '交通出行',
  title: '桃源村机耕路年久失修',
  matter: '村里通往田畈的机耕路坑洼不平，下雨天农机下不了田，希望列入今年的道路修缮计划。',
  confidential: false,
  attachments: [],
};

/** Adds the sample deputy (张三) through the API and returns its id. */
export async function addDeputy(ctx: ServiceContext, overrides: object = {}): Promise<string> {
  const d = await callOk<{ id: string }>(ctx, 'roster.create', { ...SAMPLE_DEPUTY, ...overrides });
  return d.id;
}
