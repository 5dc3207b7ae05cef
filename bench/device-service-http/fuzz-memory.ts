/**
 * Memory of the device-service HTTP transport under hostile traffic: the server's heap and resident-set
 * growth after thousands of malformed requests (fast-check mutations of real MOSIP requests, grammar-shaped
 * junk, raw bytes), dripping (slowloris) connections and idle connections beyond the connection limit.
 * The behaviour under the same traffic (every answer well-formed, a correct client answered byte for
 * byte) is tested by packages/device-service/test/http-fuzz.test.ts; this script prints the figures.
 *
 *   node --import tsx bench/device-service-http/fuzz-memory.ts [--quick] [--json]
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startMdsServer } from '@mosip-trust/device-service';
import fc from 'fast-check';
import { log, report, row } from '../report.ts';

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const quick = process.argv.includes('--quick');
const MIB = 1024 * 1024;
const SEEDS = [
  'RCAPTURE /capture HTTP/1.1\r\nContent-Length: 17\r\nContent-Type: content-type; charset=UTF-8\r\nHost: 127.0.0.1:4599\r\nConnection: Keep-Alive\r\n\r\n{"env":"Staging"}',
  'MOSIPDINFO /info HTTP/1.1\r\nHost: 127.0.0.1:4599\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip,deflate\r\n\r\n',
  'CAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n',
  'OPTIONS /device HTTP/1.1\r\nHost: a\r\nOrigin: https://x.test\r\nAccess-Control-Request-Method: MOSIPDISC\r\n\r\n',
  'MOSIPDISC http://127.0.0.1:4501/device HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}',
];

/** Sends the chunks (optionally apart), half-closes, and resolves when the server closes or after 8 s. */
function send(port: number, chunks: string[] | Buffer[], gapMs = 0): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => socket.destroy(), 8000);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        if (gapMs) await sleep(gapMs);
      }
      socket.end();
    });
  });
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

function samples(scale: number): Buffer[] {
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
      method: fc.oneof(fc.constantFrom('MOSIPDISC', 'MOSIPDINFO', 'CAPTURE', 'RCAPTURE', 'OPTIONS'), token),
      target: fc.oneof(fc.constantFrom('/device', '/info', '/capture', '//capture', '*'), token),
      version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'http/1.1', ''),
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
  return [
    ...fc.sample(mutation, { numRuns: 1500 * scale, seed: 42 }),
    ...fc.sample(grammar, { numRuns: 1000 * scale, seed: 43 }),
    ...fc.sample(raw, { numRuns: 500 * scale, seed: 44 }),
  ];
}

const server = await startMdsServer({
  port: 0,
  handler: async (req) => ({ status: 200, body: req.body }),
  limits: { headersTimeoutMs: 800, requestTimeoutMs: 1500, maxBodyBytes: 64 * 1024, maxConnections: 64 },
});
const port = server.port;
try {
  const load = samples(quick ? 1 : 3);
  for (let i = 0; i < 50; i++) await send(port, [SEEDS[1] as string]);
  gc();
  const before = process.memoryUsage();
  const idle: net.Socket[] = [];
  await Promise.all([
    pool(load, 16, (bytes) => send(port, [bytes])),
    send(port, [`MOSIPDISC /device HTTP/1.1\r\nX: ${'a'.repeat(MIB)}`]),
    send(port, [
      'CAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
      `1;${'e'.repeat(1000)}\r\nx\r\n`.repeat(200),
    ]),
    (async () => {
      const text = `MOSIPDISC /device HTTP/1.1\r\nHost: a\r\nX-Slow: ${'a'.repeat(200)}`;
      await Promise.all(Array.from({ length: 20 }, () => send(port, text.split(''), 50)));
      for (let i = 0; i < 300; i++) {
        const s = net.connect(port, '127.0.0.1');
        s.on('error', () => {});
        idle.push(s);
        if (i % 3 === 0) await sleep(5);
      }
    })(),
  ]);
  for (const s of idle) s.destroy();
  for (let i = 0; i < 100 && server.connectionCount > 0; i++) await sleep(50);
  gc();
  await sleep(100);
  gc();
  const after = process.memoryUsage();
  const heap = (after.heapUsed - before.heapUsed) / MIB;
  const rss = (after.rss - before.rss) / MIB;
  log(
    `device-service HTTP transport under ${load.length} hostile requests, slowloris and 300 idle connections: heap +${heap.toFixed(1)} MiB, rss +${rss.toFixed(1)} MiB`,
  );
  report([
    row('device-service-http: heap growth under hostile traffic', heap, 'MiB', {
      target: '< 32 MiB',
      check: (v) => v < 32,
    }),
    row('device-service-http: rss growth under hostile traffic', rss, 'MiB', {
      target: '< 200 MiB',
      check: (v) => v < 200,
    }),
  ]);
} finally {
  await server.close();
}
