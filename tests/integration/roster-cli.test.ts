import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { closeStation } from '../../main/services/context';
import { setUpStation } from '../../main/services/station';
import { SAMPLE_STATION, openStationAt } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { buildWorkbook } from '../helpers/roster';
import { cli } from '../helpers/cli';

const dir = tempDirs();

async function stationDir(): Promise<string> {
  const data = dir();
  const ctx = await openStationAt(data);
  await setUpStation(ctx, SAMPLE_STATION);
  await closeStation(ctx);
  return data;
}

const deputies = (data: string) => {
  const db = new Database(join(data, 'station.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM deputies').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function rosterFile(data: string): Promise<string> {
  const path = join(data, '名册.xlsx');
  writeFileSync(
    path,
    await buildWorkbook([
      ['莲花镇代表名册'],
      ['代表姓名', '性别', '民族', '出生年月', '代表层级', '联系电话', '代表证号'],
      ['张三', '男', '汉族', '1975.03', '县、乡', '13805712345', 'QS18-0001'],
      ['李四', '女', '汉族', '1980年5月', '乡镇', '12345', ''],
      ['王五', '男', '回族', '1968-11-02', '乡镇', '13900001111', ''],
    ]),
  );
  return path;
}

describe('station-desk roster', () => {
  it('import --dry-run --json reports every row and writes nothing', async () => {
    const data = await stationDir();
    const file = await rosterFile(data);
    const r = cli('roster', 'import', file, '--data', data, '--dry-run', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      dryRun: true,
      headerRow: 2,
      counts: { add: 2, update: 0, unchanged: 0, reject: 1 },
      added: [
        { row: 3, name: '张三' },
        { row: 5, name: '王五' },
      ],
      updated: [],
      unchanged: [],
      rejected: [{ row: 4, name: '李四', column: '联系电话', reason: expect.stringContaining('11位手机号') }],
    });
    expect(deputies(data)).toBe(0);
  });

  it('import writes (exit 0 with rejected rows); export writes a file that imports as unchanged', async () => {
    const data = await stationDir();
    const file = await rosterFile(data);
    const r = cli('roster', 'import', file, '--data', data, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).counts).toEqual({ add: 2, update: 0, unchanged: 0, reject: 1 });
    expect(deputies(data)).toBe(2);

    const out = join(data, 'export.xlsx');
    const e = cli('roster', 'export', '--data', data, '--out', out, '--json');
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ ok: true, file: out });
    expect(existsSync(out)).toBe(true);
    const again = cli('roster', 'import', out, '--data', data, '--dry-run', '--json');
    expect(JSON.parse(again.stdout).counts).toEqual({ add: 0, update: 0, unchanged: 2, reject: 0 });
  });

  it('refuses a file that is not a workbook (exit 1) and bad usage (exit 2)', async () => {
    const data = await stationDir();
    const bad = join(data, 'notes.xlsx');
    writeFileSync(bad, 'just some text');
    const r = cli('roster', 'import', bad, '--data', data, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('不是 Excel') },
    });
    expect(cli('roster', 'import', '--data', data).code).toBe(2);
    expect(cli('roster', 'frobnicate', '--data', data).code).toBe(2);
    expect(cli('roster', 'export', '--data', data).code).toBe(2);
  });
});
