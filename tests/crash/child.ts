/**
 * The crash harness's child (see tests/integration/crash.test.ts): opens a prepared station
 * data folder and runs the real write paths in a loop until it is killed. After each write has
 * returned, and only then, it prints `SAVED <kind> <key> [<detail>]` — the parent checks every
 * such line against the database after the SIGKILL. `BEGIN <kind>` before each write tells the
 * parent which write a kill interrupted (for its summary).
 *
 *   npx tsx tests/crash/child.ts <dataDir>
 */
import { dispatch } from '../../main/api/router';
import type { CallName, DutySlot, ImportPreview, ReceptionDetail } from '../../main/api/contract';
import { openStation, type ServiceContext } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { runExport } from '../../main/services/packages/export';
import { todayAt } from '../../main/services/receptions';
import { SAMPLE_RECEPTION } from '../helpers/receptions';
import { oneDeputyRoster } from '../helpers/roster';

const dataDir = process.argv[2]!;

function say(line: string): void {
  // Synchronous write to the pipe: the line is out before the next write starts.
  process.stdout.write(`${line}\n`);
}

async function call<T>(ctx: ServiceContext, name: CallName, input: unknown): Promise<T> {
  const result = await dispatch(name, input, ctx);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Today's place on duty, not signed in (the slot is made on the first run of the day). */
async function todaysPlace(ctx: ServiceContext, deputyId: string): Promise<string> {
  const today = todayAt(ctx);
  const slots = await call<DutySlot[]>(ctx, 'duty.slots', { from: today, to: today });
  const slot =
    slots[0] ??
    (await call<DutySlot>(ctx, 'duty.createSlot', {
      date: today,
      start: '00:00',
      end: '23:59',
      place: '联络站',
      capacity: 1,
      note: '',
      deputyIds: [deputyId],
    }));
  const place = slot.assignments[0]!;
  // A kill between a sign-in and its clearing leaves the place signed in.
  if (place.status !== '已排班') await call(ctx, 'duty.clearAttendance', { assignmentId: place.id });
  return place.id;
}

async function main(): Promise<void> {
  const ctx = await openStation(dataDir, {
    keyStore: fileKeyStore(dataDir),
    mode: 'cli',
    appVersion: 'crash-test',
    checkIntegrity: false,
  });
  const deputyId = (ctx.sqlite.prepare('SELECT id FROM deputies ORDER BY id LIMIT 1').get() as { id: string })
    .id;
  const place = await todaysPlace(ctx, deputyId);
  say('READY');
  for (let i = 0; ; i++) {
    say('BEGIN receptions');
    const reception = await call<ReceptionDetail>(ctx, 'receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      title: `崩溃测试 ${process.pid}-${i}`,
    });
    say(`SAVED receptions ${reception.id}`);

    say('BEGIN duty');
    // A place signed in shows in the audit chain with its time; clear it for the next round.
    const slot = await call<DutySlot>(ctx, 'duty.signIn', { assignmentId: place });
    say(`SAVED duty ${place} ${slot.assignments[0]!.signedInAt}`);
    await call(ctx, 'duty.clearAttendance', { assignmentId: place });

    if (i % 3 === 1) {
      say('BEGIN roster');
      const card = `CR-${process.pid}-${i}`;
      const result = await call<ImportPreview>(ctx, 'roster.importCommit', await oneDeputyRoster(card));
      if (result.counts.add !== 1)
        throw new Error(`roster import added nothing: ${JSON.stringify(result.rows)}`);
      say(`SAVED roster ${card}`);
    }
    if (i % 4 === 2) {
      say('BEGIN package');
      for (const item of await runExport(ctx, 'incremental')) say(`SAVED package ${item.id}`);
    }
  }
}

main().catch((error: unknown) => {
  say(`FAILED ${(error as Error)?.stack ?? String(error)}`);
  process.exit(1);
});
