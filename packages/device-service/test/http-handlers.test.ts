/** The transport over real sockets: handlers, streaming, binding and options. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceServiceError } from '../src/errors.ts';
import { type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, echoResponse, exchange, statusOf } from './http-helpers.ts';
import { waitFor } from './wait.ts';

describe('handlers', { timeout: 30_000 }, () => {
  test('unknown methods and paths reach the handler, which answers them', async () => {
    const server = await startMdsServer({
      port: 0,
      handler: async (req) =>
        req.method === 'BREW'
          ? {
              status: 405,
              headers: { Allow: 'MOSIPDISC' },
              body: '[{"error":{"errorCode":"500","errorInfo":"Invalid URL"}}]',
            }
          : { status: 404, body: '' },
    });
    try {
      const res = await exchange(server.port, ['BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n']);
      const body = '[{"error":{"errorCode":"500","errorInfo":"Invalid URL"}}]';
      assert.equal(
        res.toString('latin1'),
        'HTTP/1.1 405 Method Not Allowed\r\n' +
          'Content-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\n` +
          'Cache-Control: no-store\r\n' +
          `Location: http://127.0.0.1:${server.port}/\r\n` +
          'Allow: MOSIPDISC\r\n' +
          'Access-Control-Allow-Origin: *\r\n' +
          'Connection: close\r\n' +
          '\r\n' +
          body,
      );
    } finally {
      await server.close();
    }
  });

  test('a throwing handler, a bad header value or no response gives 500 (and no injected header)', async () => {
    const server = await startMdsServer({
      port: 0,
      handler: async (req) => {
        if (req.path === '/throw') throw new Error('boom');
        if (req.path === '/inject')
          return { status: 200, headers: { 'X-A': 'a\r\nSet-Cookie: x' }, body: '' };
        return undefined;
      },
    });
    try {
      for (const path of ['/throw', '/inject', '/none']) {
        const res = await exchange(server.port, [`GET ${path} HTTP/1.1\r\nHost: a\r\n\r\n`]);
        assert.equal(statusOf(res), 500, path);
        assert.doesNotMatch(res.toString('latin1'), /Set-Cookie/);
      }
    } finally {
      await server.close();
    }
  });

  test('the request signal aborts when the client goes away', async () => {
    let aborted: () => void = () => {};
    const sawAbort = new Promise<void>((r) => {
      aborted = r;
    });
    let started: () => void = () => {};
    const handling = new Promise<void>((r) => {
      started = r;
    });
    const server = await startMdsServer({
      port: 0,
      handler: (req) =>
        new Promise((resolve) => {
          started();
          req.signal.addEventListener('abort', () => {
            aborted();
            resolve({ status: 200, body: '{}' });
          });
        }),
    });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.write('CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}');
      await handling; // the request reached the handler
      socket.destroy();
      await sawAbort;
    } finally {
      await server.close();
    }
  });

  test('a half-closed client of a slow handler gets interim 100s and its response, unaborted', async () => {
    let aborted = false;
    // The handler answers once the client has received both interim 100s (waits for the state, not a time).
    let interimsSeen: () => void = () => {};
    const interims = new Promise<void>((r) => {
      interimsSeen = r;
    });
    const server = await startMdsServer({
      port: 0,
      handler: async (req) => {
        await interims;
        aborted = req.signal.aborted;
        return { status: 200, body: '{}' };
      },
    });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (d: Buffer) => {
        received.push(d);
        if (Buffer.concat(received).toString('latin1').split('100 Continue').length - 1 >= 2) interimsSeen();
      });
      const closed = new Promise((r) => socket.on('close', r));
      socket.end('CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}');
      await closed;
      const res = Buffer.concat(received);
      assert.equal(
        res.toString('latin1'),
        'HTTP/1.1 100 Continue\r\n\r\n'.repeat(2) +
          'HTTP/1.1 200 OK\r\n' +
          'Content-Type: application/json\r\n' +
          'Content-Length: 2\r\n' +
          'Cache-Control: no-store\r\n' +
          `Location: http://127.0.0.1:${server.port}/\r\n` +
          'Access-Control-Allow-Origin: *\r\n' +
          'Connection: close\r\n' +
          '\r\n' +
          '{}',
      );
      assert.equal(aborted, false);
    } finally {
      await server.close();
    }
  });

  test('STREAM: multipart frames through the sink with backpressure, closed by end()', async () => {
    const frame = Buffer.alloc(256 * 1024, 0xab);
    let sawBackpressure = false;
    const server = await startMdsServer({
      port: 0,
      handler: async (_req, stream) => {
        const sink = stream();
        sink.start({ 'Content-Type': 'multipart/x-mixed-replace; boundary=mosipframe' });
        for (let i = 0; i < 20 && !sink.closed; i++) {
          const part = Buffer.concat([
            Buffer.from(
              `--mosipframe\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.length}\r\n\r\n`,
            ),
            frame,
            Buffer.from('\r\n'),
          ]);
          if (!sink.write(part)) {
            sawBackpressure = true;
            await sink.drain();
          }
        }
        sink.end();
        return undefined;
      },
    });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d: Buffer) => chunks.push(d));
      socket.write('STREAM /stream HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}');
      socket.pause(); // let the server hit backpressure
      await sleep(200);
      socket.resume();
      await new Promise((r) => socket.on('close', r));
      const all = Buffer.concat(chunks);
      const head = all.toString('latin1', 0, all.indexOf('\r\n\r\n') + 4);
      assert.equal(
        head,
        'HTTP/1.1 200 OK\r\n' +
          'Content-Type: multipart/x-mixed-replace; boundary=mosipframe\r\n' +
          'Cache-Control: no-store\r\n' +
          'Access-Control-Allow-Origin: *\r\n' +
          'Connection: close\r\n' +
          '\r\n',
      );
      const partLength = frame.length + 62 + String(frame.length).length; // 62 = boundary line, part headers, CRLFs
      assert.equal(all.length, head.length + 20 * partLength);
      assert.ok(sawBackpressure, 'write() returned false while the client was not reading');
    } finally {
      await server.close();
    }
  });
});

describe('binding and options', { timeout: 30_000 }, () => {
  test('bound to 127.0.0.1 only: the listening socket, and other local addresses refused', async () => {
    const server = await startMdsServer({ port: 0, handler: echoHandler });
    // A control listener on every address shows that 127.0.0.2 (and the host's other addresses) reach
    // this host: a refusal below is the device service's binding, not a missing route.
    const control = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => control.listen(0, '0.0.0.0', r));
    const controlPort = (control.address() as net.AddressInfo).port;
    try {
      assert.deepEqual(listeningAddresses(server.port), ['127.0.0.1'], 'one listening socket, on 127.0.0.1');
      const nonLoopback = Object.values((await import('node:os')).networkInterfaces())
        .flat()
        .filter((a) => a?.family === 'IPv4' && !a.internal)
        .map((a) => a?.address as string);
      for (const address of ['127.0.0.2', ...nonLoopback]) {
        assert.equal(
          await connectOutcome(controlPort, address),
          'connected',
          `control reachable on ${address}`,
        );
        assert.equal(
          await connectOutcome(server.port, address),
          'ECONNREFUSED',
          `${address} must not reach it`,
        );
      }
      const viaLoopback = await exchange(server.port, ['MOSIPDINFO /info HTTP/1.0\r\n\r\n']);
      assert.equal(statusOf(viaLoopback), 200);
    } finally {
      control.close();
      await server.close();
    }
  });

  test('port range: the next port is taken when one is busy, several services coexist', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as net.AddressInfo).port;
    const servers: MdsServer[] = [];
    try {
      for (let i = 0; i < 3; i++)
        servers.push(await startMdsServer({ portRange: [busy, busy + 40], handler: echoHandler }));
      const ports = servers.map((s) => s.port);
      assert.equal(new Set(ports).size, 3);
      for (const p of ports) assert.ok(p > busy && p <= busy + 40);
      assert.deepEqual(
        [...ports].sort((a, b) => a - b),
        ports,
        'lowest free ports first',
      );
      for (const s of servers)
        assert.equal(statusOf(await exchange(s.port, ['MOSIPDINFO /info HTTP/1.0\r\n\r\n'])), 200);
      await assert.rejects(
        startMdsServer({ port: busy, handler: echoHandler }),
        (e: unknown) =>
          e instanceof DeviceServiceError && e.code === 'ERR_CONFIG' && /EADDRINUSE/.test(e.message),
      );
      await assert.rejects(
        startMdsServer({ portRange: [busy, busy], handler: echoHandler }),
        (e: unknown) =>
          e instanceof DeviceServiceError && e.code === 'ERR_CONFIG' && /no free port/.test(e.message),
      );
    } finally {
      for (const s of servers) await s.close();
      blocker.close();
    }
  });

  test('the default range 4501-4600 is used when no port is given', async () => {
    const a = await startMdsServer({ handler: echoHandler });
    const b = await startMdsServer({ handler: echoHandler });
    try {
      for (const p of [a.port, b.port]) assert.ok(p >= 4501 && p <= 4600);
      assert.notEqual(a.port, b.port);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('invalid options are refused with ERR_CONFIG', async () => {
    const bad: unknown[] = [
      { handler: echoHandler, host: '0.0.0.0' },
      { handler: 'nope' },
      { handler: echoHandler, port: 70000 },
      { handler: echoHandler, portRange: [4600, 4501] },
      { handler: echoHandler, port: 4501, portRange: [4501, 4600] },
      { handler: echoHandler, allowedOrigins: ['https://a.test/path'] },
      { handler: echoHandler, allowedOrigins: 'https://a.test' },
      { handler: echoHandler, limits: { maxBodyBytes: -1 } },
      { handler: echoHandler, limits: { maxBodies: 3 } },
    ];
    for (const opts of bad) {
      await assert.rejects(
        startMdsServer(opts as Parameters<typeof startMdsServer>[0]),
        (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_CONFIG',
        JSON.stringify(opts, (_k, v) => (typeof v === 'function' ? 'fn' : v)),
      );
    }
  });

  test('maxConnections: idle connections are dropped to serve a new client', async () => {
    const server = await startMdsServer({ port: 0, handler: echoHandler, limits: { maxConnections: 4 } });
    const idle: net.Socket[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const s = net.connect(server.port, '127.0.0.1');
        s.on('error', () => {});
        s.write('MOSIPDISC /dev'); // a slowloris start
        idle.push(s);
        await sleep(5);
      }
      const res = await exchange(server.port, ['MOSIPDINFO /info HTTP/1.1\r\nHost: a\r\n\r\n']);
      assert.equal(
        res.toString('latin1'),
        echoResponse(server.port, { method: 'MOSIPDINFO', path: '/info', body: '' }),
      );
      await waitFor(() => idle.filter((s) => !s.destroyed && s.readyState === 'open').length <= 4);
    } finally {
      for (const s of idle) s.destroy();
      await server.close();
    }
  });
});

/** Local addresses with a listening TCP socket on `port`, from the kernel's tables (/proc/net/tcp, tcp6). */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A = LISTEN
      const [hexAddress = '', hexPort = ''] = local.split(':');
      if (Number.parseInt(hexPort, 16) !== port) continue;
      found.push(
        hexAddress.length === 8
          ? (hexAddress.match(/../g) ?? [])
              .map((b) => Number.parseInt(b, 16))
              .reverse()
              .join('.')
          : `ipv6:${hexAddress}`,
      );
    }
  }
  return found;
}

function connectOutcome(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host, timeout: 5000 });
    s.on('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('timeout', () => {
      s.destroy();
      resolve('timeout');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}
