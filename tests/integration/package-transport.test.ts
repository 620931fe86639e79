import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { Socket, connect, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxTable } from '../../db/schema';
import type { ServiceContext } from '../../main/services/context';
import { enrollStation, initCounty, receivePackage } from '../../main/services/county/county';
import { replicaPath } from '../../main/services/county/county-store';
import { generateSigningKey } from '../../main/services/keys';
import { outboxFolder, runExport } from '../../main/services/packages/export';
import { RECEIPT_FORMAT, receiptFileName } from '../../main/services/packages/format';
import { copyToFolder, importReceipts } from '../../main/services/packages/outbox';
import { getProfile, importProfile, setProfile } from '../../main/services/packages/profile';
import { signReceipt } from '../../main/services/packages/receipt';
import { startUploader, uploadPending, type UploadOptions } from '../../main/services/packages/upload';
import { getStationStatus, setUpStation } from '../../main/services/station';
import { serveCounty } from '../../main/web/county-server';
import { makePackage } from '../support/make-package';
import { SAMPLE_RECEPTION } from '../helpers/receptions';
import { SAMPLE_STATION, callOk, openTempStation } from '../helpers/station';
import { tempDirs } from '../helpers/temp-dirs';

/**
 * Station → county over real sockets: the uploader, the county's HTTP intake, a flaky proxy
 * between them, and the USB path both ways. Real station and county folders, real packages.
 */

const dir = tempDirs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const CODE = SAMPLE_STATION.code;
const FAST: Partial<UploadOptions> = {
  baseDelayMs: 5,
  capMs: 60,
  fetchTimeoutMs: 3_000,
  healthTimeoutMs: 2_000,
};

interface World {
  ctx: ServiceContext;
  county: string;
  /** The county's intake, straight (no proxy). */
  intake: string;
}

/** A county (init), a station set up with the county's profile and enrolled there, the intake serving. */
async function world(serveOptions: { maxBytes?: number; ratePerMinute?: number } = {}): Promise<World> {
  const county = dir();
  const profileOut = join(dir(), 'county-profile.json');
  await initCounty({ dataDir: county, name: '青山县', profileOut });
  const station = await openTempStation();
  closers.push(station.close);
  await setUpStation(station.ctx, SAMPLE_STATION);
  await importProfile(station.ctx, readFileSync(profileOut, 'utf8'));
  const status = await getStationStatus(station.ctx);
  await enrollStation(county, CODE, status.signingKey!.publicKey);
  const server = await serveCounty(county, { port: 0, ratePerMinute: 100_000, ...serveOptions });
  closers.push(server.close);
  return { ctx: station.ctx, county, intake: server.url };
}

async function setIntake(ctx: ServiceContext, intakeUrl: string): Promise<void> {
  const p = (await getProfile(ctx))!;
  await setProfile(ctx, {
    county: p.county,
    intakeUrl,
    recipients: p.recipients,
    receiptPublicKey: p.receiptPublicKey,
  });
}

/** `n` incremental packages, each with a new reception (the first also carries the station). */
async function exportPackages(ctx: ServiceContext, n: number): Promise<OutboxTable[]> {
  for (let i = 0; i < n; i++) {
    await callOk(ctx, 'receptions.create', { ...SAMPLE_RECEPTION, title: `机耕路修缮第${i + 1}次反映` });
    await runExport(ctx, 'incremental');
  }
  return outbox(ctx);
}

function outbox(ctx: ServiceContext): OutboxTable[] {
  return ctx.sqlite.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxTable[];
}

function readReplica<T>(county: string, fn: (db: Database.Database) => T): T {
  const db = new Database(replicaPath(county, CODE), { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function countyPackages(
  county: string,
): { package_id: string; seq: number; status: string; code: string | null }[] {
  return readReplica(county, (db) =>
    db.prepare('SELECT package_id, seq, status, code FROM county_packages ORDER BY seq, id').all(),
  ) as { package_id: string; seq: number; status: string; code: string | null }[];
}

/** Waits for the background uploader's passes (its onPass event) until `done`, at most `maxPasses`. */
function uploadUntil(
  ctx: ServiceContext,
  options: Partial<UploadOptions>,
  done: () => boolean,
  maxPasses = 2_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let passes = 0;
    const uploader = startUploader(ctx, {
      ...options,
      onPass: () => {
        passes++;
        if (done()) void uploader.stop().then(() => resolve(passes));
        else if (passes >= maxPasses)
          void uploader.stop().then(() => reject(new Error(`not done after ${passes} passes`)));
      },
    });
  });
}

// ---------------------------------------------------------------------------------------
// The flaky proxy: TCP between the station and the intake, misbehaving on purpose.

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS = ['pass', 'drop', 'reset-mid-body', 'delay', 'http-500', 'http-503', 'lose-answer'] as const;
type Fault = (typeof FAULTS)[number];

async function flakyProxy(
  target: string,
  seed: number,
): Promise<{ url: string; seen: Record<Fault, number> }> {
  const random = seeded(seed);
  const { hostname, port } = new URL(target);
  const seen = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const sockets = new Set<Socket>();
  // Faults come in shuffled decks (every fault once, plus passes), so any nine connections
  // meet every fault, in an order fixed by the seed.
  const deck: Fault[] = [];
  const pick = (): Fault => {
    if (deck.length === 0) {
      deck.push(...FAULTS, 'pass', 'pass');
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [deck[i], deck[j]] = [deck[j]!, deck[i]!];
      }
    }
    return deck.pop()!;
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const fault = pick();
    seen[fault]++;
    if (fault === 'drop') return void client.destroy();
    if (fault === 'http-500' || fault === 'http-503') {
      client.once('data', () => {
        const status = fault === 'http-500' ? '500 Internal Server Error' : '503 Service Unavailable';
        client.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      });
      return;
    }
    client.pause();
    const connect = (): void => {
      const upstream = new Socket();
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.connect(Number(port), hostname, () => {
        if (fault === 'reset-mid-body') {
          // Forward part of the request, then reset both sides.
          client.once('data', (chunk: Buffer) => {
            upstream.write(chunk.subarray(0, Math.floor(chunk.length * random())), () => {
              upstream.resetAndDestroy();
              client.resetAndDestroy();
            });
          });
        } else {
          client.pipe(upstream);
        }
        let idle: NodeJS.Timeout | undefined;
        upstream.on('data', (chunk: Buffer) => {
          // The county got the whole request and answered; the station never hears it.
          if (fault === 'lose-answer') return void client.destroy();
          client.write(chunk);
          // One request per connection, so every request meets the dice again.
          clearTimeout(idle);
          idle = setTimeout(() => client.end(), 20);
        });
        upstream.on('end', () => client.end());
        client.resume();
      });
    };
    if (fault === 'delay') setTimeout(connect, 20 + Math.floor(random() * 200));
    else connect();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

// ---------------------------------------------------------------------------------------

describe('upload to the county intake', () => {
  it('through a flaky proxy (drops, resets, delays, 5xx, lost answers) ends with every package confirmed exactly once', async () => {
    const w = await world();
    const packages = await exportPackages(w.ctx, 6);
    const proxy = await flakyProxy(w.intake, 20260308);
    await setIntake(w.ctx, proxy.url);

    const allConfirmed = () => outbox(w.ctx).every((p) => p.state === '已确认');
    const passes = await uploadUntil(w.ctx, { ...FAST, random: seeded(7) }, allConfirmed);

    // The proxy really misbehaved, in every way, and the uploader had to come back.
    for (const fault of FAULTS) expect(proxy.seen[fault], fault).toBeGreaterThan(0);
    expect(passes).toBeGreaterThan(1);
    const rows = outbox(w.ctx);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of rows) {
      expect(r.confirmed_at).not.toBeNull();
      expect(r.state).toBe('已确认');
    }
    // At the county: each package applied once, nothing held or refused, every reception there once.
    const received = countyPackages(w.county);
    expect(received.map((p) => [p.package_id, p.seq, p.status])).toEqual(
      packages.map((p) => [p.id, p.seq, 'applied']),
    );
    const titles = readReplica(w.county, (db) =>
      db.prepare('SELECT title FROM receptions ORDER BY title').pluck().all(),
    );
    const stationTitles = w.ctx.sqlite.prepare('SELECT title FROM receptions ORDER BY title').pluck().all();
    expect(titles).toEqual(stationTitles);
    expect(titles).toHaveLength(6);
    expect(
      existsSync(join(w.county, 'stations', CODE, 'held'))
        ? readdirSync(join(w.county, 'stations', CODE, 'held'))
        : [],
    ).toEqual([]);
  });

  it('marks a refused package 被拒绝 and still gets the ones behind it confirmed; never sends it again', async () => {
    const w = await world();
    await setIntake(w.ctx, w.intake);
    await exportPackages(w.ctx, 2);
    // A package under our station's code signed by a key the county never enrolled, queued first.
    const profile = (await getProfile(w.ctx))!;
    const bad = await makePackage({
      key: generateSigningKey(),
      recipients: profile.recipients.map((r) => r.recipient),
      seq: 1,
    });
    writeFileSync(join(outboxFolder(w.ctx.dataDir), 'LHX-001-bad.sdpkg'), bad.bytes);
    const template = outbox(w.ctx)[0]!;
    w.ctx.sqlite
      .prepare(
        `INSERT INTO outbox (id, seq, file_name, kind, manifest_sha256, size, rev_from, rev_to, audit_from, audit_to,
           counts, created_at, state, state_at) VALUES (?, 0, 'LHX-001-bad.sdpkg', 'incremental', ?, ?, 0, 0, 0, 0, '{}', ?, '已生成', ?)`,
      )
      .run(
        bad.manifest.package_id,
        bad.manifestSha256,
        bad.bytes.length,
        template.created_at,
        template.created_at,
      );

    await uploadPending(w.ctx, FAST);
    const rows = outbox(w.ctx);
    expect(rows.map((r) => [r.seq, r.state])).toEqual([
      [0, '被拒绝'],
      [1, '已确认'],
      [2, '已确认'],
    ]);
    expect(rows[0]).toMatchObject({ error_code: 'UNKNOWN_KEY' });
    expect(rows[0]!.error_message).toContain('签名密钥');

    await uploadPending(w.ctx, FAST);
    expect(countyPackages(w.county).filter((p) => p.package_id === bad.manifest.package_id)).toEqual([
      { package_id: bad.manifest.package_id, seq: 1, status: 'rejected', code: 'UNKNOWN_KEY' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------

function put(
  url: string,
  path: string,
  body: Buffer,
  options: { chunked?: boolean } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: 'PUT',
      headers: options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () =>
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    // The server cuts an oversize body off after answering: that error is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (options.chunked) {
      for (let i = 0; i < body.length; i += 16_384) req.write(body.subarray(i, i + 16_384));
      req.end();
    } else req.end(body);
  });
}

async function health(url: string): Promise<number> {
  return (await fetch(`${url}/v1/health`)).status;
}

describe('the county intake server', () => {
  const ID = '0190a000-0000-7000-8000-000000000001';

  it('refuses an oversize body with 413, answers garbage with 422 BAD_ARCHIVE, and keeps serving', async () => {
    const w = await world({ maxBytes: 64 * 1024 });
    const [pkg] = await exportPackages(w.ctx, 1);

    const big = Buffer.alloc(1024 * 1024, 7);
    const declared = await put(w.intake, `/v1/packages/${ID}`, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ code: 'TOO_LARGE' });
    const streamed = await put(w.intake, `/v1/packages/${ID}`, big, { chunked: true });
    expect(streamed.status).toBe(413);
    expect(await health(w.intake)).toBe(200);

    const garbage = await put(w.intake, `/v1/packages/${ID}`, Buffer.from('this is not a zip file at all'));
    expect(garbage.status).toBe(422);
    expect(JSON.parse(garbage.body)).toMatchObject({ code: 'BAD_ARCHIVE' });
    expect(JSON.parse(garbage.body).message).toMatch(/[\u4e00-\u9fff]/);

    const bytes = readFileSync(join(outboxFolder(w.ctx.dataDir), pkg!.file_name));
    // The id in the address must be the package's.
    expect((await put(w.intake, `/v1/packages/${ID}`, bytes)).status).toBe(400);
    expect((await put(w.intake, '/v1/packages/../../etc', bytes)).status).toBe(404);

    // Still serving: the real package goes in, and again (same id, same bytes) is the same receipt.
    const first = await put(w.intake, `/v1/packages/${pkg!.id}`, bytes);
    expect(first.status).toBe(200);
    const again = await put(w.intake, `/v1/packages/${pkg!.id}`, bytes);
    expect(again).toEqual(first);
    expect(countyPackages(w.county)).toHaveLength(1);
  });

  it('answers a body that stalls with 408 and drops the connection; a slow but steady one is heard', async () => {
    const county = dir();
    await initCounty({ dataDir: county, name: '青山县', profileOut: join(dir(), 'p.json') });
    const server = await serveCounty(county, { port: 0, bodyTimeoutMs: 300 });
    closers.push(server.close);
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(`PUT /v1/packages/${ID} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789`);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(await health(server.url)).toBe(200);

    // A slow line that keeps sending is not cut off: 1,000 bytes over ~1 s, a piece every 100 ms.
    const slow = connect(Number(port), '127.0.0.1');
    slow.write(`PUT /v1/packages/${ID} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n`);
    const slowAnswer = new Promise<string>((resolve) => {
      let text = '';
      slow.on('data', (c: Buffer) => (text += c.toString()));
      slow.on('close', () => resolve(text));
      slow.on('data', () => slow.end());
    });
    for (let i = 0; i < 10; i++) {
      slow.write('x'.repeat(100));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await slowAnswer).toMatch(/^HTTP\/1\.1 422[\s\S]*BAD_ARCHIVE/);
  });

  it('limits requests per client with 429', async () => {
    const w = await world({ ratePerMinute: 3 });
    expect([
      await health(w.intake),
      await health(w.intake),
      await health(w.intake),
      await health(w.intake),
    ]).toEqual([200, 200, 200, 429]);
  });
});

// ---------------------------------------------------------------------------------------

describe('USB both ways', () => {
  it('copies packages to a stick, the county imports them and writes receipts, the station imports those', async () => {
    const w = await world();
    const packages = await exportPackages(w.ctx, 3);
    const stick = dir();

    // A stick that is not there: refused in Chinese, nothing written, nothing marked.
    const missing = join(stick, '拔掉的U盘');
    await expect(copyToFolder(w.ctx, missing)).rejects.toThrow(missing);
    expect(existsSync(missing)).toBe(false);
    expect(outbox(w.ctx).every((p) => p.state === '已生成')).toBe(true);

    const copied = await copyToFolder(w.ctx, stick);
    expect(copied.files).toEqual(packages.map((p) => p.file_name));
    expect(copied.readme).toBe('说明.txt');
    expect(outbox(w.ctx).map((p) => p.state)).toEqual(['已拷贝到U盘', '已拷贝到U盘', '已拷贝到U盘']);
    expect(readFileSync(join(stick, '说明.txt'), 'utf8')).toContain('回执');

    // At the county: import each file from the stick, write its receipt back onto the stick.
    for (const name of readdirSync(stick)
      .filter((n) => n.endsWith('.sdpkg'))
      .sort()) {
      const answer = await receivePackage(w.county, readFileSync(join(stick, name)));
      expect(answer.status).toBe('applied');
      const seq = Number(/-(\d{6})\.sdpkg$/.exec(name)![1]);
      writeFileSync(join(stick, receiptFileName(CODE, seq)), JSON.stringify(answer.receipt));
    }
    // And one receipt that no county of ours signed.
    const forged = signReceipt(
      {
        format: RECEIPT_FORMAT,
        version: 1,
        county: '青山县',
        station: CODE,
        package_id: packages[0]!.id,
        seq: 1,
        manifest_sha256: packages[0]!.manifest_sha256,
        status: 'rejected',
        code: 'BAD_SIGNATURE',
        message: '伪造',
        highest_contiguous_seq: 0,
        received_at: new Date().toISOString(),
      },
      generateSigningKey(),
    );
    writeFileSync(join(stick, 'LHX-001-forged.receipt'), JSON.stringify(forged));

    const result = await importReceipts(w.ctx, stick);
    expect(result).toEqual({
      confirmed: 3,
      rejected: 0,
      skipped: [{ file: 'LHX-001-forged.receipt', reason: '不是本县签发的回执' }],
    });
    expect(outbox(w.ctx).map((p) => p.state)).toEqual(['已确认', '已确认', '已确认']);
    expect(countyPackages(w.county).map((p) => p.status)).toEqual(['applied', 'applied', 'applied']);

    // Nothing left to copy now.
    const nothing = await copyToFolder(w.ctx, stick);
    expect(nothing.files).toEqual([]);
    expect(nothing.readme).toBeNull();
  });
});
