/** The transport over real sockets: exact request bytes in, exact response bytes out. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { DeviceServiceError } from '../src/errors.ts';
import { DEFAULT_LIMITS, type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, echoResponse, exchange, splitResponses, statusOf } from './http-helpers.ts';

describe('requests MOSIP clients send (reference §3)', () => {
  let server: MdsServer;
  before(async () => {
    server = await startMdsServer({ port: 0, handler: echoHandler });
  });
  after(() => server.close());

  test('registration client RCAPTURE (Apache HttpClient 4.5.13, Content-Length)', async () => {
    const request =
      'RCAPTURE /capture HTTP/1.1\r\n' +
      'Content-Length: 17\r\n' +
      'Content-Type: content-type; charset=UTF-8\r\n' +
      'Host: 127.0.0.1:4599\r\n' +
      'Connection: Keep-Alive\r\n' +
      'User-Agent: Apache-HttpClient/4.5.13 (Java/17.0.15)\r\n' +
      'Accept-Encoding: gzip,deflate\r\n' +
      '\r\n' +
      '{"env":"Staging"}';
    const res = await exchange(server.port, [request]);
    assert.equal(
      res.toString('latin1'),
      'HTTP/1.1 200 OK\r\n' +
        'Content-Type: application/json\r\n' +
        'Content-Length: 81\r\n' +
        'Cache-Control: no-store\r\n' +
        `Location: http://127.0.0.1:${server.port}/\r\n` +
        'Access-Control-Allow-Origin: *\r\n' +
        'Connection: close\r\n' +
        '\r\n' +
        '{"method":"RCAPTURE","path":"/capture","query":"","body":"{\\"env\\":\\"Staging\\"}"}',
    );
  });

  test('registration client MOSIPDINFO with no body and no Content-Length', async () => {
    const request =
      'MOSIPDINFO /info HTTP/1.1\r\n' +
      'Host: 127.0.0.1:4599\r\n' +
      'Connection: Keep-Alive\r\n' +
      'User-Agent: Apache-HttpClient/4.5.13 (Java/17.0.15)\r\n' +
      'Accept-Encoding: gzip,deflate\r\n' +
      '\r\n';
    const res = await exchange(server.port, [request]);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'MOSIPDINFO', path: '/info', body: '' }),
    );
  });

  test('registration client MOSIPDISC with a body sent in a second packet', async () => {
    const body = '{"type":"Finger"}';
    const head = `MOSIPDISC /device HTTP/1.1\r\nContent-Length: ${body.length}\r\nHost: 127.0.0.1:4501\r\n\r\n`;
    const res = await exchange(server.port, [head, body], { gapMs: 30 });
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'MOSIPDISC', path: '/device', body }),
    );
  });

  test('Node fetch (undici) request bytes for CAPTURE', async () => {
    const body = '{"env":"Developer","purpose":"Auth"}';
    const request =
      'CAPTURE /capture HTTP/1.1\r\n' +
      `host: 127.0.0.1:${server.port}\r\n` +
      'connection: keep-alive\r\n' +
      'content-type: application/json\r\n' +
      'accept: */*\r\n' +
      'accept-language: *\r\n' +
      'sec-fetch-mode: cors\r\n' +
      'user-agent: node\r\n' +
      'accept-encoding: gzip, deflate\r\n' +
      `content-length: ${body.length}\r\n` +
      '\r\n' +
      body;
    const res = await exchange(server.port, [request]);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'CAPTURE', path: '/capture', body }),
    );
  });

  test('real Node clients: http.request with MOSIPDISC and fetch with CAPTURE', async () => {
    const body = '{"type":"Biometric Device"}';
    const viaHttp = await new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
      (resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'MOSIPDISC',
            path: '/device',
            headers: { 'Content-Type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
    assert.equal(viaHttp.status, 200);
    assert.deepEqual(JSON.parse(viaHttp.text), { method: 'MOSIPDISC', path: '/device', query: '', body });
    assert.equal(viaHttp.headers.connection, 'close');

    const res = await fetch(`http://127.0.0.1:${server.port}/capture?x=1`, {
      method: 'CAPTURE',
      body: 'é€😀',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { method: 'CAPTURE', path: '/capture', query: 'x=1', body: 'é€😀' });
  });

  test('the spec’s absolute-form request line and a query string', async () => {
    const res = await exchange(server.port, [
      `MOSIPDISC http://127.0.0.1:${server.port}/device?a=b HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}`,
    ]);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'MOSIPDISC', path: '/device', query: 'a=b', body: '{}' }),
    );
  });

  test('the double-slash path a client builds from callbackId is passed through untouched', async () => {
    const res = await exchange(server.port, [
      'RCAPTURE //capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}',
    ]);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'RCAPTURE', path: '//capture', body: '{}' }),
    );
  });

  test('Content-Length of the response counts bytes, not characters', async () => {
    const body = 'é€😀'; // 2 + 3 + 4 bytes
    const res = await exchange(server.port, [
      Buffer.concat([
        Buffer.from(`CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n`),
        Buffer.from(body),
      ]),
    ]);
    const expected = Buffer.from(
      echoResponse(server.port, { method: 'CAPTURE', path: '/capture', body }),
      'utf8',
    );
    assert.deepEqual(res, expected);
    assert.match(res.toString('latin1'), /Content-Length: 68\r\n/);
  });

  test('chunked body with extensions and trailers is de-chunked', async () => {
    const res = await exchange(server.port, [
      'RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n',
      '5;name=value;q="a \\" b"\r\n{"env\r\n',
      'C\r\n":"Staging"}\r\n',
      '0\r\nX-Trailer: t\r\n\r\n',
    ]);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'RCAPTURE', path: '/capture', body: '{"env":"Staging"}' }),
    );
  });

  test('HTTP/1.0 request is answered with HTTP/1.1 and the connection closes', async () => {
    const res = await exchange(server.port, ['MOSIPDINFO /info HTTP/1.0\r\n\r\n']);
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'MOSIPDINFO', path: '/info', body: '' }),
    );
  });

  test('Expect: 100-continue gets 100 Continue before the body is sent', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    const closed = new Promise((r) => socket.on('close', r));
    socket.write(
      'RCAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n',
    );
    for (let i = 0; i < 100 && received === ''; i++) await sleep(10);
    assert.equal(received, 'HTTP/1.1 100 Continue\r\n\r\n');
    socket.write('{}');
    await closed;
    assert.equal(
      received,
      `HTTP/1.1 100 Continue\r\n\r\n${echoResponse(server.port, { method: 'RCAPTURE', path: '/capture', body: '{}' })}`,
    );
  });

  test('a client that half-closes after its request still gets the response', async () => {
    const res = await exchange(
      server.port,
      ['MOSIPDISC /device HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}'],
      {
        end: true,
      },
    );
    assert.equal(
      res.toString('latin1'),
      echoResponse(server.port, { method: 'MOSIPDISC', path: '/device', body: '{}' }),
    );
  });

  test('HEAD gets the head with the Content-Length but no body', async () => {
    const res = await exchange(server.port, ['HEAD /device HTTP/1.1\r\nHost: a\r\n\r\n']);
    const full = echoResponse(server.port, { method: 'HEAD', path: '/device', body: '' });
    assert.equal(res.toString('latin1'), full.slice(0, full.indexOf('\r\n\r\n') + 4));
  });
});

describe('CORS and preflight (reference §5.3)', () => {
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

describe('connections: keep-alive, pipelining, split packets', () => {
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
      const t0 = Date.now();
      const res = await exchange(s.port, [req('MOSIPDINFO', '/info', '')], { timeoutMs: 3000 });
      assert.equal(
        res.toString('latin1'),
        echoResponse(s.port, { method: 'MOSIPDINFO', path: '/info', body: '' }, { connection: 'keep-alive' }),
      );
      assert.ok(Date.now() - t0 < 2500, 'closed by the server, not by the test timeout');
    } finally {
      await s.close();
    }
  });
});

describe('malformed requests', () => {
  let server: MdsServer;
  before(async () => {
    server = await startMdsServer({ port: 0, handler: echoHandler });
  });
  after(() => server.close());

  const H = 'Host: 127.0.0.1\r\n';
  const cases: [name: string, request: string, status: number][] = [
    ['bare LF in the request line', 'MOSIPDISC /device HTTP/1.1\nHost: a\r\n\r\n', 400],
    ['bare LF line endings everywhere', 'MOSIPDISC /device HTTP/1.1\nHost: a\n\n', 400],
    ['bare CR inside a header line', `GET / HTTP/1.1\r\n${H}X: a\rb\r\n\r\n`, 400],
    ['two spaces in the request line', `GET  / HTTP/1.1\r\n${H}\r\n`, 400],
    ['request line without version', `GET /\r\n${H}\r\n`, 400],
    ['request line with four parts', `GET / HTTP/1.1 x\r\n${H}\r\n`, 400],
    ['tab as separator', `GET\t/ HTTP/1.1\r\n${H}\r\n`, 400],
    ['lower-case protocol name', `GET / http/1.1\r\n${H}\r\n`, 400],
    ['version without minor', `GET / HTTP/1\r\n${H}\r\n`, 400],
    ['version with two digits', `GET / HTTP/1.10\r\n${H}\r\n`, 400],
    ['method with parentheses', `MOSIP(DISC) /device HTTP/1.1\r\n${H}\r\n`, 400],
    ['method with NUL', `MOSIP\0DISC /device HTTP/1.1\r\n${H}\r\n`, 400],
    ['method with non-ASCII byte', `CAPTUR\u00c9 /capture HTTP/1.1\r\n${H}\r\n`, 400],
    ['target not origin-form', `GET device HTTP/1.1\r\n${H}\r\n`, 400],
    ['asterisk-form', `OPTIONS * HTTP/1.1\r\n${H}\r\n`, 400],
    ['authority-form', `CONNECT 127.0.0.1:4501 HTTP/1.1\r\n${H}\r\n`, 400],
    ['non-http absolute target', `GET ftp://127.0.0.1/device HTTP/1.1\r\n${H}\r\n`, 400],
    ['fragment in target', `GET /device#x HTTP/1.1\r\n${H}\r\n`, 400],
    ['quote in path', `GET /dev"ice HTTP/1.1\r\n${H}\r\n`, 400],
    ['bad percent-encoding', `GET /%zz HTTP/1.1\r\n${H}\r\n`, 400],
    ['DEL in query', `GET /device?a=\x7f HTTP/1.1\r\n${H}\r\n`, 400],
    ['obs-fold', `GET / HTTP/1.1\r\n${H}X-A: one\r\n  two\r\n\r\n`, 400],
    ['obs-fold with tab', `GET / HTTP/1.1\r\n${H}X-A: one\r\n\ttwo\r\n\r\n`, 400],
    ['header without colon', `GET / HTTP/1.1\r\n${H}X-A one\r\n\r\n`, 400],
    ['whitespace before colon', `GET / HTTP/1.1\r\n${H}Content-Length : 0\r\n\r\n`, 400],
    ['tab before colon', `GET / HTTP/1.1\r\n${H}X-A\t: 0\r\n\r\n`, 400],
    ['empty header name', `GET / HTTP/1.1\r\n${H}: x\r\n\r\n`, 400],
    ['header name with space', `GET / HTTP/1.1\r\n${H}X A: x\r\n\r\n`, 400],
    ['header name with bracket', `GET / HTTP/1.1\r\n${H}X[a]: x\r\n\r\n`, 400],
    ['control character in a value', `GET / HTTP/1.1\r\n${H}X-A: a\x01b\r\n\r\n`, 400],
    ['NUL in a value', `GET / HTTP/1.1\r\n${H}X-A: a\0b\r\n\r\n`, 400],
    ['DEL in a value', `GET / HTTP/1.1\r\n${H}X-A: a\x7fb\r\n\r\n`, 400],
    ['missing Host in HTTP/1.1', 'MOSIPDINFO /info HTTP/1.1\r\n\r\n', 400],
    ['two Host headers', `GET / HTTP/1.1\r\n${H}${H}\r\n`, 400],
    [
      'duplicate Content-Length',
      `POST / HTTP/1.1\r\n${H}Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}`,
      400,
    ],
    [
      'conflicting Content-Length',
      `POST / HTTP/1.1\r\n${H}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      400,
    ],
    ['Content-Length list', `POST / HTTP/1.1\r\n${H}Content-Length: 2, 2\r\n\r\n{}`, 400],
    ['negative Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`, 400],
    ['signed Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: +2\r\n\r\n{}`, 400],
    ['hex Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length: 0x2\r\n\r\n{}`, 400],
    ['empty Content-Length', `POST / HTTP/1.1\r\n${H}Content-Length:\r\n\r\n`, 400],
    [
      'Content-Length with Transfer-Encoding',
      `POST / HTTP/1.1\r\n${H}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
    ['Transfer-Encoding gzip', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n`, 400],
    [
      'Transfer-Encoding gzip, chunked',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`,
      400,
    ],
    [
      'Transfer-Encoding chunked twice',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n`,
      400,
    ],
    ['Transfer-Encoding identity', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: identity\r\n\r\n`, 400],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['chunk size not hex', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n`, 400],
    ['negative chunk size', `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n-1\r\n\r\n`, 400],
    [
      'chunk size with leading space',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n 2\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'chunk size with 0x prefix',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'chunk data longer than its size',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2\r\n{}}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'bare LF after chunk size',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'bad chunk extension',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2;=x\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'oversized chunk extension',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n2;${'e'.repeat(2000)}\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'obs-fold in a trailer',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\r\n b\r\n\r\n`,
      400,
    ],
    [
      'Content-Length above the limit',
      `POST / HTTP/1.1\r\n${H}Content-Length: ${DEFAULT_LIMITS.maxBodyBytes + 1}\r\n\r\n`,
      413,
    ],
    [
      'Content-Length with 30 digits',
      `POST / HTTP/1.1\r\n${H}Content-Length: ${'9'.repeat(30)}\r\n\r\n`,
      413,
    ],
    [
      'huge chunk size',
      `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n`,
      413,
    ],
    [
      'header section above the limit',
      `GET / HTTP/1.1\r\n${H}X-Big: ${'a'.repeat(DEFAULT_LIMITS.maxHeaderBytes)}\r\n\r\n`,
      431,
    ],
    [
      'request line above the limit',
      `GET /${'a'.repeat(DEFAULT_LIMITS.maxHeaderBytes)} HTTP/1.1\r\n${H}\r\n`,
      431,
    ],
    [
      'too many header fields',
      `GET / HTTP/1.1\r\n${H}${Array.from({ length: DEFAULT_LIMITS.maxHeaderCount }, (_, i) => `X-${i}: v\r\n`).join('')}\r\n`,
      431,
    ],
    ['HTTP/2.0', `GET / HTTP/2.0\r\n${H}\r\n`, 505],
    ['HTTP/1.2', `GET / HTTP/1.2\r\n${H}\r\n`, 505],
    ['HTTP/0.9', `GET / HTTP/0.9\r\n${H}\r\n`, 505],
  ];

  for (const [name, request, status] of cases) {
    test(`${status}: ${name}`, async () => {
      const res = await exchange(server.port, [request], { end: true });
      assert.equal(statusOf(res), status, res.toString('latin1'));
      const text = res.toString('latin1');
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
      assert.equal(body.error.errorCode, String(status));
      assert.match(text, /\r\nConnection: close\r\n/);
    });
  }

  test('exact bytes of a 400 answer', async () => {
    const res = await exchange(server.port, ['MOSIPDISC /device HTTP/1.1\nHost: a\n\n']);
    const body = '{"error":{"errorCode":"400","errorInfo":"bare LF line ending"}}';
    assert.equal(
      res.toString('latin1'),
      'HTTP/1.1 400 Bad Request\r\n' +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Access-Control-Allow-Origin: *\r\n' +
        'Connection: close\r\n' +
        '\r\n' +
        body,
    );
  });

  test('a request cut short by FIN gets 400', async () => {
    const head = await exchange(server.port, [`MOSIPDISC /device HTTP/1.1\r\n${H}`], { end: true });
    assert.equal(statusOf(head), 400);
    const body = await exchange(
      server.port,
      [`MOSIPDISC /device HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\n{}`],
      { end: true },
    );
    assert.equal(statusOf(body), 400);
  });

  test('a body over the limit in chunks gets 413', async () => {
    const s = await startMdsServer({ port: 0, handler: echoHandler, limits: { maxBodyBytes: 10 } });
    try {
      const res = await exchange(s.port, [
        `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n`,
      ]);
      assert.equal(statusOf(res), 413);
      const ok = await exchange(s.port, [
        `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n2\r\n90\r\n0\r\n\r\n`,
      ]);
      assert.equal(statusOf(ok), 200);
    } finally {
      await s.close();
    }
  });

  test('timeouts: silent connection, slow header section, slow body give 408', async () => {
    const s = await startMdsServer({
      port: 0,
      handler: echoHandler,
      limits: { headersTimeoutMs: 200, requestTimeoutMs: 400 },
    });
    try {
      const silent = await exchange(s.port, []);
      assert.equal(statusOf(silent), 408);
      const t0 = Date.now();
      const slowHead = await exchange(
        s.port,
        ['MOSIPDISC /device HTTP/1.1\r\n', 'Host: a\r\n', 'X: 1\r\n', 'X: 2\r\n'],
        {
          gapMs: 100,
        },
      );
      assert.equal(statusOf(slowHead), 408);
      assert.ok(Date.now() - t0 < 1500);
      const slowBody = await exchange(
        s.port,
        [`POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\n`, '1', '2', '3', '4', '5', '6'],
        {
          gapMs: 100,
        },
      );
      assert.equal(statusOf(slowBody), 408);
    } finally {
      await s.close();
    }
  });
});

describe('handlers', () => {
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
    const server = await startMdsServer({
      port: 0,
      handler: (req) =>
        new Promise((resolve) => {
          req.signal.addEventListener('abort', () => {
            aborted();
            resolve({ status: 200, body: '{}' });
          });
        }),
    });
    try {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.write('CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}');
      await sleep(50);
      socket.destroy();
      await sawAbort;
    } finally {
      await server.close();
    }
  });

  test('a half-closed client of a slow handler gets interim 100s and its response, unaborted', async () => {
    let aborted = false;
    const server = await startMdsServer({
      port: 0,
      handler: async (req) => {
        await sleep(900);
        aborted = req.signal.aborted;
        return { status: 200, body: '{}' };
      },
    });
    try {
      const res = await exchange(
        server.port,
        ['CAPTURE /capture HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}'],
        {
          end: true,
        },
      );
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

describe('binding and options', () => {
  test('bound to 127.0.0.1 only', async () => {
    const server = await startMdsServer({ port: 0, handler: echoHandler });
    try {
      const other = (await import('node:os')).networkInterfaces();
      const nonLoopback = Object.values(other)
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal);
      if (nonLoopback) {
        const err = await new Promise<Error | undefined>((resolve) => {
          const s = net.connect(server.port, nonLoopback.address);
          s.on('connect', () => {
            s.destroy();
            resolve(undefined);
          });
          s.on('error', resolve);
        });
        assert.ok(err, 'a non-loopback address must not reach the device service');
      }
      const viaLoopback = await exchange(server.port, ['MOSIPDINFO /info HTTP/1.0\r\n\r\n']);
      assert.equal(statusOf(viaLoopback), 200);
    } finally {
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
      await sleep(50);
      assert.ok(idle.filter((s) => !s.destroyed && s.readyState === 'open').length <= 4);
    } finally {
      for (const s of idle) s.destroy();
      await server.close();
    }
  });
});
