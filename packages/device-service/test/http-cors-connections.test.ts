/** The transport over real sockets: CORS and preflight, keep-alive, pipelining and split packets. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, echoResponse, exchange, splitResponses } from './http-helpers.ts';

describe('CORS and preflight (reference §5.3)', { timeout: 30_000 }, () => {
  const preflight = (origin: string) =>
    'OPTIONS /device HTTP/1.1\r\n' +
    'Host: 127.0.0.1:4501\r\n' +
    `Origin: ${origin}\r\n` +
    'Access-Control-Request-Method: MOSIPDISC\r\n' +
    'Access-Control-Request-Headers: content-type,accept\r\n' +
    'Access-Control-Request-Private-Network: true\r\n' +
    '\r\n';
  const METHODS = 'MOSIPDISC, MOSIPDINFO, CAPTURE, RCAPTURE, STREAM, GET, POST, OPTIONS';

  test('open policy: every method listed without quotes, headers echoed, private network allowed', async () => {
    const server = await startMdsServer({ port: 0, handler: echoHandler });
    try {
      const res = await exchange(server.port, [preflight('https://compliance.mosip.net')]);
      assert.equal(
        res.toString('latin1'),
        'HTTP/1.1 200 OK\r\n' +
          `Allow: ${METHODS}\r\n` +
          'Access-Control-Allow-Origin: *\r\n' +
          `Access-Control-Allow-Methods: ${METHODS}\r\n` +
          'Access-Control-Allow-Headers: content-type, accept\r\n' +
          'Access-Control-Allow-Private-Network: true\r\n' +
          'Access-Control-Max-Age: 600\r\n' +
          'Content-Length: 0\r\n' +
          'Connection: close\r\n' +
          '\r\n',
      );
    } finally {
      await server.close();
    }
  });

  test('allow-list: listed origin echoed with Vary, other origins 403 and no CORS headers', async () => {
    const server = await startMdsServer({
      port: 0,
      handler: echoHandler,
      allowedOrigins: ['https://compliance.mosip.net', 'http://127.0.0.1:8080'],
    });
    try {
      const ok = await exchange(server.port, [preflight('https://compliance.mosip.net')]);
      assert.equal(
        ok.toString('latin1'),
        'HTTP/1.1 200 OK\r\n' +
          `Allow: ${METHODS}\r\n` +
          'Access-Control-Allow-Origin: https://compliance.mosip.net\r\n' +
          'Vary: Origin\r\n' +
          `Access-Control-Allow-Methods: ${METHODS}\r\n` +
          'Access-Control-Allow-Headers: content-type, accept\r\n' +
          'Access-Control-Allow-Private-Network: true\r\n' +
          'Access-Control-Max-Age: 600\r\n' +
          'Content-Length: 0\r\n' +
          'Connection: close\r\n' +
          '\r\n',
      );
      const denied = await exchange(server.port, [preflight('https://evil.example')]);
      const body = '{"error":{"errorCode":"403","errorInfo":"origin not allowed"}}';
      assert.equal(
        denied.toString('latin1'),
        'HTTP/1.1 403 Forbidden\r\n' +
          'Vary: Origin\r\n' +
          'Content-Type: application/json\r\n' +
          `Content-Length: ${body.length}\r\n` +
          'Connection: close\r\n' +
          '\r\n' +
          body,
      );
      const actual = await exchange(server.port, [
        'MOSIPDISC /device HTTP/1.1\r\nHost: a\r\nOrigin: https://evil.example\r\nContent-Length: 2\r\n\r\n{}',
      ]);
      assert.equal(
        actual.toString('latin1'),
        echoResponse(
          server.port,
          { method: 'MOSIPDISC', path: '/device', body: '{}' },
          { cors: 'Vary: Origin\r\n' },
        ),
      );
      const allowed = await exchange(server.port, [
        'MOSIPDISC /device HTTP/1.1\r\nHost: a\r\nOrigin: http://127.0.0.1:8080\r\nContent-Length: 2\r\n\r\n{}',
      ]);
      assert.equal(
        allowed.toString('latin1'),
        echoResponse(
          server.port,
          { method: 'MOSIPDISC', path: '/device', body: '{}' },
          { cors: 'Access-Control-Allow-Origin: http://127.0.0.1:8080\r\nVary: Origin\r\n' },
        ),
      );
    } finally {
      await server.close();
    }
  });

  test('a preflight without Access-Control-Request-Headers allows Content-Type and Accept', async () => {
    const server = await startMdsServer({ port: 0, handler: echoHandler });
    try {
      const res = await exchange(server.port, [
        'OPTIONS /capture HTTP/1.1\r\nHost: a\r\nOrigin: http://x.test\r\nAccess-Control-Request-Method: CAPTURE\r\n\r\n',
      ]);
      assert.match(res.toString('latin1'), /\r\nAccess-Control-Allow-Headers: Content-Type, Accept\r\n/);
    } finally {
      await server.close();
    }
  });
});

describe('connections: keep-alive, pipelining, split packets', { timeout: 30_000 }, () => {
  let server: MdsServer;
  before(async () => {
    // random handler delays: responses must still come back in request order
    server = await startMdsServer({
      port: 0,
      keepAlive: true,
      handler: async (req, stream) => {
        await sleep(Math.floor(Math.random() * 5));
        return echoHandler(req, stream);
      },
    });
  });
  after(() => server.close());

  const req = (method: string, path: string, body: string, extra = '') =>
    `${method} ${path} HTTP/1.1\r\nHost: a\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  test('pipelined requests are answered in order; Connection: close ends the connection', async () => {
    const res = await exchange(server.port, [
      req('MOSIPDISC', '/device', '{"type":"Finger"}') +
        req('MOSIPDINFO', '/info', '') +
        'RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n' +
        req('CAPTURE', '/capture', '{"n":1}', 'Connection: close\r\n') +
        req('MOSIPDISC', '/device', 'never answered'),
    ]);
    assert.deepEqual(splitResponses(res), [
      echoResponse(
        server.port,
        { method: 'MOSIPDISC', path: '/device', body: '{"type":"Finger"}' },
        { connection: 'keep-alive' },
      ),
      echoResponse(
        server.port,
        { method: 'MOSIPDINFO', path: '/info', body: '' },
        { connection: 'keep-alive' },
      ),
      echoResponse(
        server.port,
        { method: 'RCAPTURE', path: '/capture', body: '{}' },
        { connection: 'keep-alive' },
      ),
      echoResponse(server.port, { method: 'CAPTURE', path: '/capture', body: '{"n":1}' }),
    ]);
  });

  test('pipelined requests followed by FIN are all answered', async () => {
    const res = await exchange(
      server.port,
      [req('MOSIPDINFO', '/info', '') + req('MOSIPDISC', '/device', '{}')],
      {
        end: true,
      },
    );
    assert.deepEqual(splitResponses(res), [
      echoResponse(
        server.port,
        { method: 'MOSIPDINFO', path: '/info', body: '' },
        { connection: 'keep-alive' },
      ),
      echoResponse(
        server.port,
        { method: 'MOSIPDISC', path: '/device', body: '{}' },
        { connection: 'keep-alive' },
      ),
    ]);
  });

  test('HTTP/1.0 keeps the connection only when asked', async () => {
    const res = await exchange(server.port, [
      'MOSIPDINFO /info HTTP/1.0\r\nConnection: keep-alive\r\n\r\nMOSIPDINFO /info HTTP/1.0\r\n\r\nMOSIPDINFO /info HTTP/1.0\r\n\r\n',
    ]);
    assert.deepEqual(splitResponses(res), [
      echoResponse(
        server.port,
        { method: 'MOSIPDINFO', path: '/info', body: '' },
        { connection: 'keep-alive' },
      ),
      echoResponse(server.port, { method: 'MOSIPDINFO', path: '/info', body: '' }),
    ]);
  });

  test('a pipelined stream split at every byte boundary gives the same responses', async () => {
    const stream =
      req('MOSIPDISC', '/device', '{"type":"Iris"}') +
      'RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\n{"a\r\n3\r\n":1\r\n1\r\n}\r\n0\r\n\r\n' +
      req('MOSIPDINFO', '/info', '', 'Connection: close\r\n');
    const whole = splitResponses(await exchange(server.port, [stream]));
    assert.equal(whole.length, 3);
    for (let cut = 1; cut < stream.length; cut++) {
      const res = await exchange(server.port, [stream.slice(0, cut), stream.slice(cut)], { gapMs: 1 });
      assert.deepEqual(splitResponses(res), whole, `split at byte ${cut}`);
    }
  });

  test('property: any split of a valid request stream into packets gives identical responses', async () => {
    const requests = [
      req('MOSIPDISC', '/device', '{"type":"Finger"}'),
      req('MOSIPDINFO', '/info', ''),
      'MOSIPDINFO /info HTTP/1.1\r\nHost: a\r\n\r\n',
      req('CAPTURE', '/capture?x=1', '{"bio":[{"type":"Finger","count":"1"}],"ü":"€"}'),
      'RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;a="b"\r\n{"a"\r\n3\r\n:1}\r\n0\r\nT: 1\r\n\r\n',
      req('STREAM', '/stream', '{"deviceId":"1","deviceSubId":"1"}', 'Expect: 100-continue\r\n'),
      req('POST', '/', '{}'),
    ];
    const expectedFor = async (stream: Buffer) => splitResponses(await exchange(server.port, [stream]));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...requests), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (picked, cuts) => {
          const stream = Buffer.from(
            picked.join('') + req('MOSIPDINFO', '/info', '', 'Connection: close\r\n'),
          );
          const points = [...new Set(cuts.map((c) => c % stream.length))].sort((a, b) => a - b);
          const pieces: Buffer[] = [];
          let from = 0;
          for (const p of points) {
            pieces.push(stream.subarray(from, p));
            from = p;
          }
          pieces.push(stream.subarray(from));
          const split = splitResponses(
            await exchange(
              server.port,
              pieces.filter((p) => p.length > 0),
              { gapMs: 1 },
            ),
          );
          assert.deepEqual(split, await expectedFor(stream));
          assert.equal(split.filter((r) => r.startsWith('HTTP/1.1 200 ')).length, picked.length + 1);
        },
      ),
      { numRuns: 60 },
    );
  });

  test('idle kept-alive connections are closed after keepAliveTimeoutMs', async () => {
    const s = await startMdsServer({
      port: 0,
      keepAlive: true,
      handler: echoHandler,
      limits: { keepAliveTimeoutMs: 150 },
    });
    try {
      // The idle timer closes it: the bound is the test's, far above the 150 ms being tested.
      const res = await exchange(s.port, [req('MOSIPDINFO', '/info', '')], {
        timeoutMs: 60_000,
        serverMustClose: true,
      });
      assert.equal(
        res.toString('latin1'),
        echoResponse(s.port, { method: 'MOSIPDINFO', path: '/info', body: '' }, { connection: 'keep-alive' }),
      );
    } finally {
      await s.close();
    }
  });
});
