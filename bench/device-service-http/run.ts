/**
 * Throughput and latency of the device-service HTTP transport with a trivial handler, over loopback:
 * keep-alive (one connection per client, sequential requests) and connection-per-request; then the
 * memory growth under hostile traffic (fuzz-memory.ts, in its own process), so `npm run bench` has both.
 * The server runs in a child process so client and server do not share one event loop.
 *
 *   node --import tsx bench/device-service-http/run.ts [--seconds 3] [--clients 8] [--quick] [--json]
 */
import { execFileSync, fork } from 'node:child_process';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { startMdsServer } from '@mosip-trust/device-service';
import { type BenchRow, log, report, row } from '../report.ts';

const BODY = '{"type":"Biometric Device"}';
const REQUEST = (close: boolean) =>
  Buffer.from(
    `MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${close ? 'Connection: close\r\n' : ''}Content-Length: ${BODY.length}\r\n\r\n${BODY}`,
  );

if (process.argv.includes('--serve')) {
  const server = await startMdsServer({
    port: 0,
    keepAlive: true,
    limits: { maxConnections: 1024 },
    handler: async () => ({ status: 200, body: '[{"deviceStatus":"Ready"}]' }),
  });
  process.send?.({ port: server.port });
} else {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '3' },
      clients: { type: 'string', default: '8' },
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const seconds = values.quick ? 1 : Number(values.seconds);
  const clients = Number(values.clients);
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );

  /** Reads one complete response (head + Content-Length body) from the socket. */
  function response(socket: net.Socket): Promise<void> {
    return new Promise((resolve, reject) => {
      let buf = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.toString('latin1', 0, end))?.[1] ?? 0);
        if (buf.length >= end + 4 + len) {
          socket.off('data', onData);
          socket.off('error', reject);
          if (!buf.toString('latin1', 0, 12).startsWith('HTTP/1.1 200')) reject(new Error('bad response'));
          else resolve();
        }
      };
      socket.on('data', onData);
      socket.once('error', reject);
    });
  }

  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(s));
      s.setNoDelay(true);
      s.once('error', reject);
    });

  async function run(mode: 'keep-alive' | 'connection-per-request') {
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        let socket = mode === 'keep-alive' ? await connect() : undefined;
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const s = socket ?? (await connect());
          const done = response(s);
          s.write(REQUEST(mode !== 'keep-alive'));
          await done;
          latencies.push(performance.now() - t0);
          if (!socket) s.destroy();
        }
        socket?.destroy();
        socket = undefined;
      }),
    );
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(3);
    return {
      mode,
      requests: latencies.length,
      rps: Math.round(latencies.length / seconds),
      p50: pct(50),
      p99: pct(99),
    };
  }

  const rows = [await run('keep-alive'), await run('connection-per-request')];
  child.kill();
  log(
    `device-service HTTP transport, trivial handler, ${clients} concurrent clients, ${seconds} s per mode, Node ${process.version}`,
  );
  log('mode                      requests   req/s   p50 ms   p99 ms');
  for (const r of rows) {
    log(
      `${r.mode.padEnd(24)} ${String(r.requests).padStart(9)} ${String(r.rps).padStart(7)} ${r.p50.padStart(8)} ${r.p99.padStart(8)}`,
    );
  }
  log(
    `reproduce: node --import tsx bench/device-service-http/run.ts --seconds ${seconds} --clients ${clients}`,
  );
  const memory = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('./fuzz-memory.ts', import.meta.url).pathname,
        '--json',
        ...(values.quick ? ['--quick'] : []),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  ) as BenchRow[];
  report([
    ...rows.flatMap((r) => [
      row(`device-service-http: ${r.mode}, ${clients} clients`, r.rps, 'req/s'),
      row(`device-service-http: ${r.mode}, ${clients} clients, p99`, Number(r.p99), 'ms'),
    ]),
    ...memory,
  ]);
}
