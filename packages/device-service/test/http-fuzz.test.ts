/**
 * Robustness: thousands of malformed and hostile requests (fast-check mutations and hand-written
 * attacks) while a correct client keeps getting exact answers. The memory figures under the same
 * traffic are printed by bench/device-service-http/fuzz-memory.ts (no timed or memory assertions here).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, echoResponse, exchange, statusOf } from './http-helpers.ts';
import { waitFor } from './wait.ts';

const ANSWERS = new Set([200, 400, 408, 413, 431, 505]);
const SEEDS = [
  'RCAPTURE /capture HTTP/1.1\r\nContent-Length: 17\r\nContent-Type: content-type; charset=UTF-8\r\nHost: 127.0.0.1:4599\r\nConnection: Keep-Alive\r\n\r\n{"env":"Staging"}',
  'MOSIPDINFO /info HTTP/1.1\r\nHost: 127.0.0.1:4599\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip,deflate\r\n\r\n',
  'CAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n',
  'OPTIONS /device HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\nAccess-Control-Request-Method: MOSIPDISC\r\n\r\n',
  'MOSIPDISC http://127.0.0.1:4501/device HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}',
];

/** One request, FIN after it; the server must answer with a well-formed status and close. */
async function hostile(port: number, bytes: Buffer): Promise<number> {
  const res = await exchange(port, [bytes], { end: true, timeoutMs: 8000 });
  return statusOf(res);
}

/** Sends MOSIPDISC requests one after another and checks every answer byte for byte. */
function correctClient(port: number, stop: { done: boolean }) {
  const stats = { ok: 0, failures: [] as string[] };
  const run = (async () => {
    for (let i = 0; !stop.done; i++) {
      const body = JSON.stringify({ type: 'Finger', n: i, text: 'ü€' });
      const request = Buffer.concat([
        Buffer.from(
          `MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
        ),
        Buffer.from(body),
      ]);
      const res = (await exchange(port, [request], { timeoutMs: 5000 })).toString('utf8');
      if (res === echoResponse(port, { method: 'MOSIPDISC', path: '/device', body })) stats.ok++;
      else stats.failures.push(res.slice(0, 200));
      await sleep(10);
    }
  })();
  return { stats, run };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

test('hostile traffic does not disturb a correct client', {
  timeout: 90_000,
}, async (t) => {
  const server: MdsServer = await startMdsServer({
    port: 0,
    handler: echoHandler,
    limits: { headersTimeoutMs: 800, requestTimeoutMs: 1500, maxBodyBytes: 64 * 1024, maxConnections: 64 },
  });
  const port = server.port;
  const stop = { done: false };
  try {
    // 1. fast-check: mutated MOSIP requests, grammar-shaped junk, raw bytes
    const mutation = fc
      .record({
        seed: fc.constantFrom(...SEEDS),
        edits: fc.array(
          fc.record({
            at: fc.nat(),
            kind: fc.constantFrom('insert', 'delete', 'replace'),
            byte: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      })
      .map(({ seed, edits }) => {
        const bytes = [...Buffer.from(seed, 'latin1')];
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
          else if (e.kind === 'delete') bytes.splice(at, 1);
          else bytes[Math.min(at, bytes.length - 1)] = e.byte;
        }
        return Buffer.from(bytes);
      });
    const token = fc.string({ minLength: 0, maxLength: 12, unit: 'binary' });
    const grammar = fc
      .record({
        method: fc.oneof(
          fc.constantFrom('MOSIPDISC', 'MOSIPDINFO', 'CAPTURE', 'RCAPTURE', 'STREAM', 'OPTIONS'),
          token,
        ),
        target: fc.oneof(
          fc.constantFrom('/device', '/info', '/capture', '//capture', '*', 'http://127.0.0.1/x'),
          token,
        ),
        version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 ', 'http/1.1', ''),
        headers: fc.array(fc.tuple(token, token), { maxLength: 6 }),
        eol: fc.constantFrom('\r\n', '\n', '\r'),
        body: token,
      })
      .map(({ method, target, version, headers, eol, body }) =>
        Buffer.from(
          `${method} ${target} ${version}${eol}Host: a${eol}${headers.map(([n, v]) => `${n}: ${v}${eol}`).join('')}${eol}${body}`,
          'utf8',
        ),
      );
    const raw = fc.uint8Array({ minLength: 1, maxLength: 400 }).map((a) => Buffer.from(a));
    const samples = [
      ...fc.sample(mutation, { numRuns: 1500, seed: 42 }),
      ...fc.sample(grammar, { numRuns: 1000, seed: 43 }),
      ...fc.sample(raw, { numRuns: 500, seed: 44 }),
    ];

    // warm up
    for (let i = 0; i < 50; i++) await hostile(port, Buffer.from(SEEDS[1] as string));
    const client = correctClient(port, stop);
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);

    // 2. hand-written hostile cases, run at the same time
    const attacks = async (): Promise<void> => {
      // huge header section, never finished
      const huge = await exchange(port, [`MOSIPDISC /device HTTP/1.1\r\nX: ${'a'.repeat(1024 * 1024)}`], {
        timeoutMs: 8000,
      });
      assert.equal(statusOf(huge), 431);
      // endless chunks
      const endless = net.connect(port, '127.0.0.1');
      const endlessReply: Buffer[] = [];
      endless.on('data', (d: Buffer) => endlessReply.push(d));
      endless.on('error', () => {});
      endless.write('RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.from('10\r\n0123456789abcdef\r\n'.repeat(256));
      for (let i = 0; i < 200 && !endless.destroyed && endlessReply.length === 0; i++) {
        endless.write(chunk);
        await sleep(1);
      }
      await waitFor(() => statusOf(Buffer.concat(endlessReply)) !== -1, 'an answer to endless chunks');
      assert.equal(statusOf(Buffer.concat(endlessReply)), 413);
      endless.destroy();
      // endless chunk extensions on tiny chunks
      const ext = await exchange(
        port,
        [
          'CAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
          `1;${'e'.repeat(1000)}\r\nx\r\n`.repeat(200),
        ],
        { timeoutMs: 8000 },
      );
      assert.equal(statusOf(ext), 400);
      // many bad methods
      await pool(
        Array.from({ length: 300 }, (_, i) => `BAD(${i}) /device HTTP/1.1\r\nHost: a\r\n\r\n`),
        8,
        async (r) => assert.equal(await hostile(port, Buffer.from(r)), 400),
      );
      // half-closed sockets with partial requests
      await pool(
        Array.from(
          { length: 100 },
          (_, i) => `CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n${'x'.repeat(i % 49)}`,
        ),
        8,
        async (r) => assert.equal(await hostile(port, Buffer.from(r)), 400),
      );
    };

    // slowloris: connections dripping one byte at a time are cut off with 408
    const slowloris = async (): Promise<void> => {
      const text = `MOSIPDISC /device HTTP/1.1\r\nHost: a\r\nX-Slow: ${'a'.repeat(200)}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          exchange(port, text.split(''), { gapMs: 50, timeoutMs: 8000 }).then((r) => statusOf(r)),
        ),
      );
      // a dripping connection is either answered 408 or dropped to make room (status -1: closed, no answer)
      for (const s of results) assert.ok(s === 408 || s === -1, `slowloris got ${s}`);
      assert.ok(results.filter((s) => s === 408).length > 0);
    };

    // many idle connections, opened a few at a time (beyond maxConnections: the oldest idle ones are dropped)
    const idle: net.Socket[] = [];
    const idlers = async (): Promise<void> => {
      for (let i = 0; i < 300; i++) {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        idle.push(s);
        if (i % 3 === 0) await sleep(5);
      }
    };

    await Promise.all([
      pool(samples, 16, async (bytes) => {
        const status = await hostile(port, bytes);
        count(status);
        assert.ok(
          ANSWERS.has(status) || status === -1,
          `unexpected answer ${status} to ${JSON.stringify(bytes.toString('latin1'))}`,
        );
      }),
      attacks(),
      (async () => {
        await slowloris();
        await idlers();
      })(),
    ]);
    stop.done = true;
    await client.run;
    for (const s of idle) s.destroy();

    assert.deepEqual(client.stats.failures, []);
    assert.ok(client.stats.ok >= 50, `correct client answered ${client.stats.ok} times`);
    // every malformed request got an answer (dropped-without-answer only happens to evicted connections)
    assert.ok((statuses.get(400) ?? 0) > 1000, JSON.stringify([...statuses]));
    assert.ok((statuses.get(-1) ?? 0) < samples.length / 100, JSON.stringify([...statuses]));

    for (let i = 0; i < 100 && server.connectionCount > 0; i++) await sleep(50);
    assert.equal(server.connectionCount, 0, 'every connection was closed');
    t.diagnostic(
      `requests ${samples.length}+ answers ${JSON.stringify([...statuses])}; correct client ${client.stats.ok} ok`,
    );
  } finally {
    stop.done = true;
    await server.close();
  }
});
