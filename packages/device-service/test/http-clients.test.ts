/** The transport over real sockets, requests as MOSIP clients send them: exact request bytes in, exact response bytes out. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler, echoResponse, exchange } from './http-helpers.ts';

describe('requests MOSIP clients send (reference §3)', { timeout: 30_000 }, () => {
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
