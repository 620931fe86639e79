import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeStation, databasePath, openStation } from '../../main/services/context';
import { fileKeyStore } from '../../main/services/key-store';
import { setUpStation } from '../../main/services/station';
import { SAMPLE_RECEPTION, addDeputy } from '../helpers/receptions';
import { SAMPLE_STATION, callOk, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { cli } from '../helpers/cli';

/** `station-desk backup` and `station-desk restore`, run as the real command line. */

const dir = tempDirs();

/** A set-up station with `receptions` receptions. */
async function station(receptions: number): Promise<string> {
  const data = dir();
  const ctx = await openStationAt(data);
  await setUpStation(ctx, SAMPLE_STATION);
  const deputyId = await addDeputy(ctx);
  for (let i = 0; i < receptions; i++)
    await callOk(ctx, 'receptions.create', {
      ...SAMPLE_RECEPTION,
      deputyIds: [deputyId],
      title: `接待 ${i}`,
    });
  await closeStation(ctx);
  return data;
}

async function receptionCount(data: string): Promise<number> {
  const ctx = await openStation(data, {
    keyStore: fileKeyStore(data),
    mode: 'cli',
    appVersion: 'test',
    checkIntegrity: false,
    create: false,
  });
  try {
    return (ctx.sqlite.prepare('SELECT count(*) AS n FROM receptions').get() as { n: number }).n;
  } finally {
    await closeStation(ctx);
  }
}

describe('station-desk backup / restore', () => {
  it('backs up into a folder, prints the file and its size, and refuses a missing folder', async () => {
    const data = await station(2);
    const usb = dir();
    const r = cli('backup', '--data', data, '--out', usb, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; path: string; size: number; kind: string };
    expect(out).toMatchObject({ ok: true, kind: 'manual' });
    expect(out.path.startsWith(usb)).toBe(true);
    expect(statSync(out.path).size).toBe(out.size);

    const human = cli('backup', '--data', data);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/backups[/\\]manual[/\\]LHX-001-\d{8}-\d{6}(-\d+)?\.db\n大小：/);

    const missing = cli('backup', '--data', data, '--out', join(usb, 'no-such-folder'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('文件夹不存在');
  });

  it('restores over a garbage station.db with --yes, and asks for --yes without a terminal', async () => {
    const data = await station(3);
    const usb = dir();
    const backup = (
      JSON.parse(cli('backup', '--data', data, '--out', usb, '--json').stdout) as { path: string }
    ).path;
    writeFileSync(databasePath(data), 'not a database any more'.repeat(100));

    const unconfirmed = cli('restore', '--data', data, backup);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(unconfirmed.stderr).toContain('接待 3 条');
    expect(readFileSync(databasePath(data), 'utf8')).toContain('not a database');

    const r = cli('restore', '--data', data, backup, '--yes', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      keptAs: string;
      carriedOver: boolean;
      check: { ok: boolean };
    };
    expect(out).toMatchObject({ ok: true, carriedOver: false, check: { ok: true } });
    expect(readFileSync(out.keptAs, 'utf8')).toContain('not a database');
    expect(await receptionCount(data)).toBe(3);
    expect(cli('doctor', '--data', data).code).toBe(0);
  });

  it('prints the problems and changes nothing for a file that is not a backup', async () => {
    const data = await station(1);
    const junk = join(dir(), 'junk.db');
    writeFileSync(junk, 'junk');
    const r = cli('restore', '--data', data, junk, '--yes', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; check: { problems: string[] } };
    expect(out.ok).toBe(false);
    expect(out.check.problems.join()).toContain('不是数据库文件');
    expect(existsSync(join(data, 'backups'))).toBe(false);
    expect(cli('restore', '--data', data).code).toBe(2);
  });
});
