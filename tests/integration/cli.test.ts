import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SAMPLE_STATION } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';
import { cli } from '../helpers/cli';

const dir = tempDirs();

function init(data: string, overrides: Record<string, string> = {}) {
  const s = { ...SAMPLE_STATION, ...overrides };
  return cli(
    'init',
    '--data',
    data,
    '--code',
    s.code,
    '--name',
    s.name,
    '--township',
    s.township,
    '--county',
    s.county,
    '--address',
    s.address,
    '--phone',
    s.phone,
    '--opening-hours',
    s.openingHours,
    '--json',
  );
}

describe('station-desk command line', () => {
  it('sets up a station, then doctor finds it healthy and keys prints a minisign public key', () => {
    const data = dir();
    const setup = init(data);
    expect(setup.code).toBe(0);
    const result = JSON.parse(setup.stdout);
    expect(result).toMatchObject({ ok: true, station: { code: 'LHX-001', name: SAMPLE_STATION.name } });

    const doctor = cli('doctor', '--data', data, '--json');
    expect(doctor.code).toBe(0);
    expect(JSON.parse(doctor.stdout)).toMatchObject({
      ok: true,
      integrity: { ok: true },
      audit: { ok: true, count: 2 },
    });

    const keys = cli('keys', 'public', '--data', data);
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(
      new RegExp(
        `^untrusted comment: minisign public key ${result.signingKey.keyId}\\nRW[A-Za-z0-9+/]{54}\\n$`,
      ),
    );
  });

  it('exits 2 naming the flag when an argument is bad, and writes nothing', () => {
    const data = dir();
    const bad = init(data, { code: '莲花' });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.message).toMatch(/^--code: 站点编码只能用/);
    expect(cli('doctor', '--data', data, '--json').stdout).toContain('"station": null');
    expect(cli('doctor', '--nope').code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
    expect(cli('doctor').code).toBe(2);
    expect(cli('seed', '--data', data, '--json').code).toBe(0);
  });

  it('--json prints exactly one JSON document on stdout, also on failure', () => {
    const missing = cli('doctor', '--data', join(dir(), 'nothing-here'), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_SET_UP' } });
  });

  it('doctor fails on a tampered audit log and on a file that is not a database', () => {
    const data = dir();
    init(data);
    const db = new Database(join(data, 'station.db'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 1").run();
    db.close();
    const doctor = cli('doctor', '--data', data, '--json');
    expect(doctor.code).toBe(1);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: false, audit: { ok: false, firstBrokenSeq: 1 } });

    const junk = dir();
    writeFileSync(join(junk, 'station.db'), 'not a database at all'.repeat(100));
    const corrupt = cli('doctor', '--data', junk);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toContain('数据文件已损坏');
  });

  it('has --help for the tool and every command', () => {
    const top = cli('--help');
    expect(top.code).toBe(0);
    for (const name of ['init', 'web', 'doctor', 'seed', 'keys']) {
      expect(top.stdout).toContain(name);
      const help = cli(name, '--help');
      expect(help.code, name).toBe(0);
      expect(help.stdout).toContain(`station-desk ${name}`);
    }
  });
});
