import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { tombstoneSynced, updateSynced, type WriteMeta } from '../../db/changes';
import type { DB } from '../../db/schema';
import type { handleInput, ReceptionDetail } from '../api/contract';
import { ErrorCode, StationError } from '../api/errors';
import { writeTransaction, type ServiceContext } from './context';
import {
  appendEvent,
  assertAllowed,
  assertNotBeforeVisit,
  assertStepDate,
  clip,
  dropFromIndex,
  getReception,
  assertVisible,
  loadReception,
  todayAt,
  visitDate,
  type ReceptionAction,
} from './receptions';

/**
 * The handling of a reception (DOMAIN.md §3), as a small state machine:
 *
 *   登记 ──handle(不予受理 | 当场答复)──▶ 已反馈
 *   登记 | 办理中 ──handle(交办 | 转办 | 联合接待 | 转为代表建议)──▶ 办理中
 *   办理中 ──remind──▶ 办理中;  ──reply(close)──▶ 已办结
 *   已办结 ──answer──▶ 已反馈;   已办结 | 已反馈 ──reopen──▶ 办理中
 *   登记 ──void──▶ (tombstoned)
 *
 * ALLOWED_ACTIONS in receptions.ts is the table both the service and the detail's `allowed`
 * read. Every step appends a timeline entry; nothing earlier is cleared.
 */

type HandleValues = z.output<typeof handleInput>;

/** A deadline after the visit and not before the hand-over itself. */
function assertDeadline(
  row: Parameters<typeof assertNotBeforeVisit>[0],
  deadline: string,
  date: string,
): void {
  assertNotBeforeVisit(row, deadline, 'deadline', '办理期限');
  if (deadline < date)
    throw new StationError(ErrorCode.validation, `办理期限不能早于办理日期（${date}），请核对`, 'deadline');
}

/** Loads the live row, checks the step is allowed in its status, runs it, returns the detail. */
async function step(
  ctx: ServiceContext,
  id: string,
  action: ReceptionAction,
  fn: (
    trx: Transaction<DB>,
    row: Awaited<ReturnType<typeof loadReception>>,
    meta: WriteMeta,
  ) => Promise<void>,
): Promise<ReceptionDetail> {
  await writeTransaction(ctx, async (trx, meta) => {
    const row = await loadReception(trx, id);
    assertVisible(ctx, row);
    assertAllowed(row, action);
    await fn(trx, row, meta);
  });
  return getReception(ctx, id);
}

export function handleReception(ctx: ServiceContext, input: HandleValues): Promise<ReceptionDetail> {
  return step(ctx, input.id, 'handle', async (trx, row, meta) => {
    assertStepDate(ctx, row, input.date, '办理日期');
    const note = input.note;
    switch (input.disposition) {
      case '不予受理':
      case '当场答复': {
        // Settled on the spot: what the visitor was told is the answer, recorded at once.
        const answer = input.disposition === '不予受理' ? input.referral : input.answer;
        const satisfaction = input.disposition === '当场答复' ? input.satisfaction : '未表态';
        await updateSynced(
          trx,
          'receptions',
          row.id,
          {
            status: '已反馈',
            disposition: input.disposition,
            referral: input.disposition === '不予受理' ? input.referral : row.referral,
            answer_date: input.date,
            answer_method: '当场',
            answer_text: answer,
            satisfaction,
          },
          meta,
        );
        const summary =
          input.disposition === '不予受理'
            ? `不予受理，已告知：${clip(answer)}`
            : `当场答复（${satisfaction}）：${clip(answer)}`;
        await appendEvent(
          trx,
          row.id,
          {
            kind: input.disposition,
            date: input.date,
            summary,
            detail: { disposition: input.disposition, text: answer, satisfaction, note },
          },
          meta,
        );
        return;
      }
      case '转为代表建议': {
        const deputy = await trx
          .selectFrom('deputies')
          .select(['id', 'name'])
          .where('id', '=', input.deputyId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!deputy)
          throw new StationError(
            ErrorCode.validation,
            '所选代表不在名册中（可能已被删除），请重新选择提出建议的代表',
            'deputyId',
          );
        if (input.deadline) assertDeadline(row, input.deadline, input.date);
        const unit = `${deputy.name}（代表建议）`;
        await updateSynced(
          trx,
          'receptions',
          row.id,
          {
            status: '办理中',
            disposition: '转为代表建议',
            suggestion_deputy_id: deputy.id,
            unit,
            deadline: input.deadline,
          },
          meta,
        );
        await appendEvent(
          trx,
          row.id,
          {
            kind: '转为代表建议',
            date: input.date,
            summary: `转为代表建议：${deputy.name}代表${input.deadline ? `，期限 ${input.deadline}` : ''}`,
            detail: { disposition: '转为代表建议', deputyId: deputy.id, deadline: input.deadline, note },
          },
          meta,
        );
        return;
      }
      default: {
        assertDeadline(row, input.deadline, input.date);
        await updateSynced(
          trx,
          'receptions',
          row.id,
          { status: '办理中', disposition: input.disposition, unit: input.unit, deadline: input.deadline },
          meta,
        );
        await appendEvent(
          trx,
          row.id,
          {
            kind: input.disposition,
            date: input.date,
            summary: `${input.disposition}：${input.unit}，期限 ${input.deadline}`,
            detail: { disposition: input.disposition, unit: input.unit, deadline: input.deadline, note },
          },
          meta,
        );
      }
    }
  });
}

export function remindReception(
  ctx: ServiceContext,
  input: { id: string; date: string; note: string },
): Promise<ReceptionDetail> {
  return step(ctx, input.id, 'remind', async (trx, row, meta) => {
    assertStepDate(ctx, row, input.date, '催办日期');
    const reminders = row.reminders + 1;
    await updateSynced(trx, 'receptions', row.id, { reminders }, meta);
    await appendEvent(
      trx,
      row.id,
      {
        kind: '催办',
        date: input.date,
        summary: `第${reminders}次催办${row.unit ? `（${row.unit}）` : ''}${input.note ? `：${clip(input.note)}` : ''}`,
        detail: { reminders, unit: row.unit, note: input.note },
      },
      meta,
    );
  });
}

export function replyReception(
  ctx: ServiceContext,
  input: { id: string; date: string; unit: string; text: string; close: boolean },
): Promise<ReceptionDetail> {
  return step(ctx, input.id, 'reply', async (trx, row, meta) => {
    assertStepDate(ctx, row, input.date, '答复日期');
    await updateSynced(
      trx,
      'receptions',
      row.id,
      {
        reply_date: input.date,
        reply_unit: input.unit,
        reply_text: input.text,
        ...(input.close ? { status: '已办结' } : {}),
      },
      meta,
    );
    await appendEvent(
      trx,
      row.id,
      {
        kind: '办理答复',
        date: input.date,
        summary: `${input.unit}答复：${clip(input.text)}`,
        detail: { unit: input.unit, text: input.text },
      },
      meta,
    );
    if (input.close)
      await appendEvent(
        trx,
        row.id,
        { kind: '办结', date: input.date, summary: '办结，待反馈来访人', detail: {} },
        meta,
      );
  });
}

export function answerReception(
  ctx: ServiceContext,
  input: { id: string; date: string; method: string; text: string; satisfaction: string },
): Promise<ReceptionDetail> {
  return step(ctx, input.id, 'answer', async (trx, row, meta) => {
    assertStepDate(ctx, row, input.date, '反馈日期');
    if (row.reply_date && input.date < row.reply_date)
      throw new StationError(
        ErrorCode.validation,
        `反馈日期不能早于承办单位的答复日期（${row.reply_date}），请核对`,
        'date',
      );
    await updateSynced(
      trx,
      'receptions',
      row.id,
      {
        status: '已反馈',
        answer_date: input.date,
        answer_method: input.method,
        answer_text: input.text,
        satisfaction: input.satisfaction,
      },
      meta,
    );
    await appendEvent(
      trx,
      row.id,
      {
        kind: '反馈',
        date: input.date,
        summary: `反馈来访人（${input.method}），${input.satisfaction}：${clip(input.text, 40)}`,
        detail: { method: input.method, text: input.text, satisfaction: input.satisfaction },
      },
      meta,
    );
  });
}

export function reopenReception(
  ctx: ServiceContext,
  input: { id: string; reason: string },
): Promise<ReceptionDetail> {
  return step(ctx, input.id, 'reopen', async (trx, row, meta) => {
    // Only the status changes: the earlier reply and answer stay on the row and the timeline.
    await updateSynced(trx, 'receptions', row.id, { status: '办理中' }, meta);
    await appendEvent(
      trx,
      row.id,
      {
        kind: '重新办理',
        date: todayAt(ctx),
        summary: `重新办理：${clip(input.reason)}`,
        detail: { reason: input.reason, previousStatus: row.status, satisfaction: row.satisfaction },
      },
      meta,
    );
  });
}

/**
 * Voids a registration made by mistake (only while 登记). The reception and its child rows
 * become tombstones (they travel to the county as deletions), its search row goes; the
 * reason stays in the audit log with the 作废 entry.
 */
export async function voidReception(
  ctx: ServiceContext,
  input: { id: string; reason: string },
): Promise<{ id: string }> {
  await writeTransaction(ctx, async (trx, meta) => {
    const row = await loadReception(trx, input.id);
    assertVisible(ctx, row);
    assertAllowed(row, 'void');
    await appendEvent(
      trx,
      row.id,
      {
        kind: '作废',
        date: todayAt(ctx),
        summary: `作废：${clip(input.reason)}`,
        detail: { reason: input.reason, receivedAt: row.received_at, visitDate: visitDate(row.received_at) },
      },
      meta,
    );
    for (const table of [
      'reception_visitors',
      'reception_deputies',
      'reception_attachments',
      'reception_events',
    ] as const) {
      const children = await trx
        .selectFrom(table)
        .select('id')
        .where('reception_id', '=', row.id)
        .where('deleted_at', 'is', null)
        .execute();
      for (const c of children) await tombstoneSynced(trx, table, c.id, meta);
    }
    await tombstoneSynced(trx, 'receptions', row.id, meta);
    await dropFromIndex(trx, row.num);
  });
  return { id: input.id };
}
