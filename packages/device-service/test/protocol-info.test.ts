/** The MDS protocol over real sockets: exact bytes of discovery and device info. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyJws } from '@mosip-trust/crypto';
import { decodePayload, mdsJson } from '../src/index.ts';
import { parseRaw, rawExchange } from './helpers.ts';
import { protocolServices } from './protocol-fixture.ts';

const services = protocolServices();

describe('discovery and device info: exact bytes', { timeout: 120_000 }, () => {
  test('MOSIPDISC /device response bytes', async () => {
    const body = '{"type":"Biometric Device"}';
    const raw = parseRaw(
      await rawExchange(
        services.mixed.service.port,
        `MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1:${services.mixed.service.port}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    assert.equal(raw.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(raw.headers.get('content-type'), 'application/json');
    assert.equal(raw.headers.get('cache-control'), 'no-store');
    assert.equal(raw.headers.get('location'), `http://127.0.0.1:${services.mixed.service.port}/`);
    assert.equal(raw.headers.get('connection'), 'close');
    assert.equal(Number(raw.headers.get('content-length')), raw.body.length);
    const items = JSON.parse(raw.body.toString('utf8')) as Record<string, unknown>[];
    assert.equal(items.length, 6);
    const first = items[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(first), [
      'deviceId',
      'deviceStatus',
      'certification',
      'serviceVersion',
      'callbackId',
      'digitalId',
      'deviceCode',
      'purpose',
      'error',
      'specVersion',
      'deviceSubId',
    ]);
    assert.equal(first.callbackId, `http://127.0.0.1:${services.mixed.service.port}/`);
    assert.deepEqual(first.error, { errorCode: '0', errorInfo: 'Success' });
    assert.deepEqual(first.deviceSubId, ['1', '2', '3']);
    assert.match(
      String(first.deviceCode),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const digitalId = decodePayload(String(first.digitalId));
    assert.deepEqual(Object.keys(digitalId), [
      'serialNo',
      'make',
      'model',
      'type',
      'deviceSubType',
      'deviceProviderId',
      'deviceProvider',
      'dateTime',
    ]);
    assert.match(String(digitalId.dateTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(digitalId.serialNo), /^\d{12}$/);
    assert.equal(items[3]?.certification, 'L1');
    assert.equal(items[0]?.certification, 'L0');
  });

  test('absolute-form request line, POST / alias, type filter, errors 501 and 503', async () => {
    const port = services.mixed.service.port;
    const abs = parseRaw(
      await rawExchange(
        port,
        `MOSIPDISC http://127.0.0.1:${port}/device HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\n\r\n{"type":"Iris"}`,
      ),
    );
    assert.equal((JSON.parse(abs.body.toString()) as unknown[]).length, 2);
    assert.equal((await mdsJson<unknown[]>(port, 'POST', '/', { type: 'Face' })).length, 2);
    assert.deepEqual(await mdsJson(port, 'MOSIPDISC', '/device', { type: 'FINGER' }), [
      { error: { errorCode: '501', errorInfo: 'Invalid Type Value in Device Discovery Request' } },
    ]);
    assert.deepEqual(await mdsJson(services.regOnly.service.port, 'MOSIPDISC', '/device', { type: 'Iris' }), [
      { error: { errorCode: '503', errorInfo: 'Devices are not Connected, please connect devices' } },
    ]);
  });

  test('MOSIPDINFO without body: signed info, L0 digital ID by the device key, L1 by the FTM key', async () => {
    const raw = parseRaw(
      await rawExchange(
        services.mixed.service.port,
        `MOSIPDINFO /info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Keep-Alive\r\n\r\n`,
      ),
    );
    assert.equal(raw.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(Number(raw.headers.get('content-length')), raw.body.length);
    const items = JSON.parse(raw.body.toString()) as { deviceInfo: string; error: unknown }[];
    assert.equal(items.length, 6);
    for (const [i, item] of items.entries()) {
      assert.deepEqual(item.error, { errorCode: '0', errorInfo: 'Success' });
      const info = await verifyJws(item.deviceInfo);
      assert.deepEqual(
        JSON.parse(Buffer.from(item.deviceInfo.split('.')[0] as string, 'base64url').toString()).typ,
        'JWT',
      );
      const payload = JSON.parse(info.payload.toString()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(payload), [
        'specVersion',
        'env',
        'digitalId',
        'deviceId',
        'deviceCode',
        'purpose',
        'serviceVersion',
        'deviceStatus',
        'firmware',
        'certification',
        'deviceSubId',
        'callbackId',
      ]);
      assert.equal(payload.env, 'Developer');
      const digital = await verifyJws(String(payload.digitalId));
      if (i < 3)
        assert.ok(
          digital.certificateDer.equals(info.certificateDer),
          'L0 digital ID signed by the device key',
        );
      else assert.match(digital.certificate.subject, /FTM Chip/);
    }
  });

  test('MOSIPDINFO from 8 clients at once: every info verifies; one device and second give one info', async () => {
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        mdsJson<{ deviceInfo: string }[]>(services.mixed.service.port, 'MOSIPDINFO', '/info'),
      ),
    );
    const bySecond = new Map<string, string>();
    for (const items of replies) {
      assert.equal(items.length, 6);
      for (const [i, item] of items.entries()) {
        const info = JSON.parse((await verifyJws(item.deviceInfo)).payload.toString());
        const digital = JSON.parse((await verifyJws(String(info.digitalId))).payload.toString());
        // Requests that raced on a pending thread-pool signature got the one for their own device and
        // second (signatures are deterministic, so this holds whether or not they shared it).
        const key = `${i} ${digital.dateTime}`;
        const seen = bySecond.get(key);
        if (seen === undefined) bySecond.set(key, item.deviceInfo);
        else assert.equal(item.deviceInfo, seen);
      }
    }
  });

  test('unregistered device: unsigned info, env None, error 100; discovery hides id and code', async () => {
    const infos = await mdsJson<{ deviceInfo: string; error: { errorCode: string } }[]>(
      services.authOnly.service.port,
      'MOSIPDINFO',
      '/info',
    );
    assert.equal(infos[0]?.error.errorCode, '100');
    assert.equal(infos[0]?.deviceInfo.split('.').length, 1);
    const payload = decodePayload(String(infos[0]?.deviceInfo));
    assert.equal(payload.env, 'None');
    assert.equal(payload.purpose, '');
    assert.equal(payload.deviceStatus, 'Not Registered');
    assert.equal(String(payload.digitalId).split('.').length, 1);
    const disc = await mdsJson<Record<string, unknown>[]>(
      services.authOnly.service.port,
      'MOSIPDISC',
      '/device',
      {
        type: 'Finger',
      },
    );
    assert.equal(disc[0]?.deviceId, '');
    assert.equal(disc[0]?.deviceCode, '');
    assert.deepEqual(disc[0]?.error, { errorCode: '100', errorInfo: 'Device not registered' });
  });

  test('unknown path 404 and wrong method 405, with the Invalid URL body', async () => {
    const notFound = parseRaw(
      await rawExchange(services.mixed.service.port, 'MOSIPDISC /devices HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    assert.equal(notFound.statusLine, 'HTTP/1.1 404 Not Found');
    assert.equal(notFound.body.toString(), '[{"error":{"errorCode":"500","errorInfo":"Invalid URL"}}]');
    const wrong = parseRaw(
      await rawExchange(services.mixed.service.port, 'CAPTURE /info HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    assert.equal(wrong.statusLine, 'HTTP/1.1 405 Method Not Allowed');
    assert.match(wrong.headers.get('allow') ?? '', /MOSIPDINFO/);
  });
});
