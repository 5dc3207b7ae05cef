/** The transport over real sockets: malformed requests, limits and timeouts. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_LIMITS, type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, exchange, statusOf } from './http-helpers.ts';

describe('malformed requests', { timeout: 30_000 }, () => {
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
      // The server's timers close each connection; the test's bound (60 s) only prevents a hang.
      const mustClose = { timeoutMs: 60_000, serverMustClose: true };
      const silent = await exchange(s.port, [], mustClose);
      assert.equal(statusOf(silent), 408);
      const slowHead = await exchange(
        s.port,
        ['MOSIPDISC /device HTTP/1.1\r\n', 'Host: a\r\n', 'X: 1\r\n', 'X: 2\r\n'],
        { gapMs: 100, ...mustClose },
      );
      assert.equal(statusOf(slowHead), 408);
      const slowBody = await exchange(
        s.port,
        [`POST / HTTP/1.1\r\n${H}Content-Length: 10\r\n\r\n`, '1', '2', '3', '4', '5', '6'],
        {
          ...mustClose,
          gapMs: 100,
        },
      );
      assert.equal(statusOf(slowBody), 408);
    } finally {
      await s.close();
    }
  });
});
