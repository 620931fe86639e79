import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { MIGRATIONS, LATEST_SCHEMA_VERSION } from '../../db/migrations';
import { checkIntegrity } from '../../db/integrity';
import { HealthMonitor } from '../../main/services/health';
import { tempDirs } from '../helpers/temp-dirs';

const dir = tempDirs();

describe('opening the station database', () => {
  it('creates an empty file at the latest schema with the durability pragmas', async () => {
    const file = join(dir(), 'station.db');
    const opened = await openDatabase(file, { create: true });
    expect(opened.migratedFrom).toBe(0);
    expect(opened.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.preMigrationCopy).toBeNull();
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = opened.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'signing_keys', 'station', 'sync_state']));
    await opened.close();
  });

  it('refuses to create a file when asked to open an existing one', async () => {
    await expect(openDatabase(join(dir(), 'none.db'))).rejects.toMatchObject({ code: 'NOT_SET_UP' });
  });

  it('migrates from the previous schema, copying the file aside first and keeping the data', async () => {
    const file = join(dir(), 'station.db');
    // "Previous" = the real migrations; "current" adds one more on top.
    const previous = await openDatabase(file, { create: true });
    previous.sqlite
      .prepare(
        `INSERT INTO station VALUES ('s1','LHX-001','站','镇','县','址','123456','每周三','Asia/Shanghai',1,'t','t',NULL)`,
      )
      .run();
    await previous.close();

    const next = {
      ...MIGRATIONS,
      '9999_test_add_column': {
        up: async (db: Kysely<unknown>) => {
          await sql`ALTER TABLE station ADD COLUMN motto TEXT`.execute(db);
        },
      },
    };
    const migrated = await openDatabase(file, { migrations: next });
    expect(migrated.migratedFrom).toBe(LATEST_SCHEMA_VERSION);
    expect(migrated.schemaVersion).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(migrated.preMigrationCopy).not.toBeNull();
    expect(existsSync(migrated.preMigrationCopy!)).toBe(true);
    const row = migrated.sqlite.prepare('SELECT name, motto FROM station').get();
    expect(row).toEqual({ name: '站', motto: null });
    await migrated.close();

    // The copy is the old schema with the old data.
    const copy = new Database(migrated.preMigrationCopy!, { readonly: true });
    expect(copy.prepare('SELECT name FROM station').get()).toEqual({ name: '站' });
    expect(() => copy.prepare('SELECT motto FROM station').get()).toThrow();
    copy.close();
  });

  it('refuses a database written by a newer version and leaves the file untouched', async () => {
    const file = join(dir(), 'station.db');
    const newer = { ...MIGRATIONS, '9999_future': { up: async () => {} } };
    const opened = await openDatabase(file, { create: true, migrations: newer });
    await opened.close();
    const before = readFileSync(file);
    await expect(openDatabase(file)).rejects.toMatchObject({
      code: 'DB_NEWER_SCHEMA',
      message: expect.stringContaining('更新版本'),
    });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a file that is not a database and never overwrites it', async () => {
    const folder = dir();
    const file = join(folder, 'station.db');
    const junk = Buffer.from('这不是数据库文件 — just some bytes '.repeat(300));
    writeFileSync(file, junk);
    await expect(openDatabase(file, { create: true })).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringContaining('备份'),
    });
    expect(readFileSync(file).equals(junk)).toBe(true);
    expect(readdirSync(folder)).toEqual(['station.db']);
  });

  it('finds damage inside the file in the background integrity check', async () => {
    const file = join(dir(), 'station.db');
    const opened = await openDatabase(file, { create: true });
    const insert = opened.sqlite.prepare(
      `INSERT INTO signing_keys (key_id, public_key, created_at) VALUES (?, ?, 't')`,
    );
    opened.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'x'.repeat(200));
    })();
    expect((await checkIntegrity(file)).ok).toBe(true);
    await opened.close();

    // Scribble over the middle of an index page, as a failing disk would.
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const victim = Math.floor(bytes.length / pageSize / 2) * pageSize;
    bytes.fill(0x5a, victim + 8, victim + pageSize - 8);
    writeFileSync(file, bytes);
    const report = await checkIntegrity(file);
    expect(report).toMatchObject({ ok: false, checked: true });
    expect(report.problems.length).toBeGreaterThan(0);
    // A damaged file stops writes.
    const monitor = new HealthMonitor(file);
    await monitor.check();
    expect(monitor.writesStopped).toBe(true);
  });

  it('does not stop writes when the check could not run, and tries again', async () => {
    const file = join(dir(), 'station.db');
    // The file is not there yet (as if it could not be opened for a moment): no verdict.
    const monitor = new HealthMonitor(file, undefined, 50);
    monitor.start();
    const first = await monitor.check();
    expect(first).toMatchObject({ ok: false, checked: false });
    expect(monitor.writesStopped).toBe(false);
    expect(monitor.snapshot().integrity).toBe('pending');
    // Once it can be read, the retry gives the verdict.
    await (await openDatabase(file, { create: true })).close();
    await expect.poll(() => monitor.snapshot().integrity, { timeout: 10_000 }).toBe('ok');
    monitor.stop();
  });

  it('drops indexes only with IF EXISTS in every migration (county replicas do not keep lookup indexes)', () => {
    const dir = join(__dirname, '../../db/migrations');
    for (const file of readdirSync(dir).filter((f) => /^\d{4}_.*\.ts$/.test(f))) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source.match(/DROP INDEX (?!IF EXISTS)/g), file).toBeNull();
    }
  });
});
