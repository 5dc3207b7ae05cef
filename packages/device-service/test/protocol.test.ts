/** The MDS protocol over real sockets: exact response bytes of every operation and every error code emitted. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openBiometric, verifyHashChain, verifyJws } from '@mosip-trust/crypto';
import { decodePayload, mdsCall, mdsJson, readStream } from '../src/index.ts';
import {
  admin,
  parseRaw,
  type Running,
  rawExchange,
  rcaptureBody,
  records,
  startService,
} from './helpers.ts';

const TX = 'protocol-test-0001';
let mixed: Running;
let authOnly: Running;
let regOnly: Running;
// Mixed service: 1 slap (Reg), 2 iris double (Reg), 3 face (Reg), 4 single finger (Auth), 5 iris double (Auth), 6 face (Auth)
before(async () => {
  mixed = await startService([
    { kind: 'finger-slap', purpose: 'Registration' },
    { kind: 'iris-double', purpose: 'Registration' },
    { kind: 'face', purpose: 'Registration' },
    { kind: 'finger-single', purpose: 'Auth' },
    { kind: 'iris-double', purpose: 'Auth' },
    { kind: 'face', purpose: 'Auth' },
  ]);
  authOnly = await startService([{ kind: 'finger-single', purpose: 'Auth' }], {
    dev: false,
    devices: [{ kind: 'finger-single', purpose: 'Auth' }],
  });
  regOnly = await startService([{ kind: 'face', purpose: 'Registration' }]);
});
after(async () => {
  await Promise.all([mixed.stop(), authOnly.stop(), regOnly.stop()]);
});

function rcapture(over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) {
  return rcaptureBody(TX, over, bio);
}
function capture(over: Record<string, unknown> = {}, bio: Record<string, unknown> = {}) {
  return {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString(),
    domainUri: 'https://auth.example',
    transactionId: TX,
    bio: [
      {
        type: 'Finger',
        count: '1',
        bioSubType: ['UNKNOWN'],
        requestedScore: '40',
        deviceId: '4',
        deviceSubId: '0',
        previousHash: '',
        ...bio,
      },
    ],
    customOpts: null,
    ...over,
  };
}

async function errorCode(port: number, method: string, body: unknown): Promise<string> {
  const reply = await mdsJson<{ biometrics: { error: { errorCode: string; errorInfo: string } }[] }>(
    port,
    method,
    '/capture',
    body,
  );
  const el = reply.biometrics[0];
  assert.ok(el && el.error.errorInfo.length > 0);
  return el.error.errorCode;
}

describe('discovery and device info: exact bytes', () => {
  test('MOSIPDISC /device response bytes', async () => {
    const body = '{"type":"Biometric Device"}';
    const raw = parseRaw(
      await rawExchange(
        mixed.service.port,
        `MOSIPDISC /device HTTP/1.1\r\nHost: 127.0.0.1:${mixed.service.port}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    assert.equal(raw.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(raw.headers.get('content-type'), 'application/json');
    assert.equal(raw.headers.get('cache-control'), 'no-store');
    assert.equal(raw.headers.get('location'), `http://127.0.0.1:${mixed.service.port}/`);
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
    assert.equal(first.callbackId, `http://127.0.0.1:${mixed.service.port}/`);
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
    const port = mixed.service.port;
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
    assert.deepEqual(await mdsJson(regOnly.service.port, 'MOSIPDISC', '/device', { type: 'Iris' }), [
      { error: { errorCode: '503', errorInfo: 'Devices are not Connected, please connect devices' } },
    ]);
  });

  test('MOSIPDINFO without body: signed info, L0 digital ID by the device key, L1 by the FTM key', async () => {
    const raw = parseRaw(
      await rawExchange(
        mixed.service.port,
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

  test('unregistered device: unsigned info, env None, error 100; discovery hides id and code', async () => {
    const infos = await mdsJson<{ deviceInfo: string; error: { errorCode: string } }[]>(
      authOnly.service.port,
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
    const disc = await mdsJson<Record<string, unknown>[]>(authOnly.service.port, 'MOSIPDISC', '/device', {
      type: 'Finger',
    });
    assert.equal(disc[0]?.deviceId, '');
    assert.equal(disc[0]?.deviceCode, '');
    assert.deepEqual(disc[0]?.error, { errorCode: '100', errorInfo: 'Device not registered' });
  });

  test('unknown path 404 and wrong method 405, with the Invalid URL body', async () => {
    const notFound = parseRaw(
      await rawExchange(mixed.service.port, 'MOSIPDISC /devices HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    assert.equal(notFound.statusLine, 'HTTP/1.1 404 Not Found');
    assert.equal(notFound.body.toString(), '[{"error":{"errorCode":"500","errorInfo":"Invalid URL"}}]');
    const wrong = parseRaw(
      await rawExchange(mixed.service.port, 'CAPTURE /info HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    assert.equal(wrong.statusLine, 'HTTP/1.1 405 Method Not Allowed');
    assert.match(wrong.headers.get('allow') ?? '', /MOSIPDINFO/);
  });
});

describe('registration capture', () => {
  test('left slap: 4 signed elements, plain ISO bioValue, chained hash, exact element layout', async () => {
    const reply = await mdsCall(mixed.service.port, 'RCAPTURE', '//capture', rcapture());
    assert.equal(reply.status, 200);
    assert.equal(Number(reply.headers['content-length']), reply.body.length);
    const body = JSON.parse(reply.body.toString()) as {
      biometrics: { specVersion: string; data: string; hash: string; error: unknown }[];
    };
    assert.equal(body.biometrics.length, 4);
    const chain = [];
    for (const el of body.biometrics) {
      assert.deepEqual(Object.keys(el), ['specVersion', 'data', 'hash', 'error']);
      const v = await verifyJws(el.data);
      const data = JSON.parse(v.payload.toString()) as Record<string, string>;
      assert.deepEqual(Object.keys(data), [
        'digitalId',
        'deviceCode',
        'deviceServiceVersion',
        'bioType',
        'bioSubType',
        'purpose',
        'env',
        'bioValue',
        'transactionId',
        'timestamp',
        'requestedScore',
        'qualityScore',
      ]);
      assert.equal(data.transactionId, TX);
      assert.match(data.timestamp as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(data.qualityScore as string, /^(100(\.0+)?|\d{1,2}(\.\d+)?)$/);
      assert.equal(data.requestedScore, '40.0');
      chain.push({ hash: el.hash, bio: Buffer.from(data.bioValue as string, 'base64url') });
    }
    assert.deepEqual(
      body.biometrics.map((e) => (decodePayload(e.data) as { bioSubType: string }).bioSubType),
      ['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger'],
    );
    assert.equal(verifyHashChain(chain, { previousHash: null }).rule, '1.2');
  });

  test('10 fingers in one request (subIds 1, 2, 3) chain across entries; face omits bioSubType', async () => {
    const body = rcapture({}, {});
    (body as { bio: unknown[] }).bio = [1, 2, 3].map((s) => ({
      type: 'Finger',
      count: s === 3 ? '2' : '4',
      bioSubType: null,
      exception: null,
      requestedScore: '40',
      deviceId: '1',
      deviceSubId: String(s),
      previousHash: null,
    }));
    const reply = await mdsJson<{ biometrics: { data: string; hash: string }[] }>(
      mixed.service.port,
      'RCAPTURE',
      '/capture',
      body,
    );
    assert.equal(reply.biometrics.length, 10);
    verifyHashChain(
      reply.biometrics.map((e) => ({
        hash: e.hash,
        bio: Buffer.from(String(decodePayload(e.data).bioValue), 'base64url'),
      })),
    );
    const face = await mdsJson<{ biometrics: { data: string }[] }>(
      mixed.service.port,
      'RCAPTURE',
      '/capture',
      rcapture({}, { type: 'Face', count: 1, deviceId: '3', deviceSubId: 0 }),
    );
    assert.equal('bioSubType' in decodePayload(String(face.biometrics[0]?.data)), false);
  });

  test('error codes 100 109 110 111/703 112 114 115 120 121 122 123 701-709', async () => {
    const port = mixed.service.port;
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({ env: 'Prod' })), '115');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({ purpose: 'Auth' })), '121');
    assert.equal(await errorCode(port, 'RCAPTURE', '{"env":'), '123');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { deviceId: '' })), '704');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { type: 'Palm' })), '114');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { deviceId: '99' })), '705');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { type: 'Iris' })), '120');
    assert.equal(
      await errorCode(port, 'RCAPTURE', rcapture({}, { deviceId: '4', deviceSubId: '0', count: '1' })),
      '706',
    );
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({ transactionId: 'x'.repeat(60) })), '112');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { exception: ['Left Pinky'] })), '122');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({}, { count: '5' })), '109');
    assert.equal(
      await errorCode(
        port,
        'RCAPTURE',
        rcapture({}, { deviceSubId: '3', count: '0', exception: ['Left Thumb', 'Right Thumb'] }),
      ),
      '708',
    );
    assert.equal(await errorCode(authOnly.service.port, 'RCAPTURE', rcapture()), '709');
    assert.equal(
      (await admin(mixed.service.adminPort as number, '/admin/devices/1', { status: 'Not Ready' })).status,
      200,
    );
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '110');
    await admin(mixed.service.adminPort as number, '/admin/devices/1', { status: 'Not Registered' });
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '100');
    await admin(mixed.service.adminPort as number, '/admin/devices/1', { status: null, fault: '102' });
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '102');
    await admin(mixed.service.adminPort as number, '/admin/devices/1', { fault: null, quality: 'no-object' });
    const started = Date.now();
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({ timeout: '500' })), '101');
    assert.ok(Date.now() - started >= 500);
    await admin(mixed.service.adminPort as number, '/admin/devices/1', {
      quality: 'good',
      delays: { RCAPTURE: 600 },
    });
    const slow = mdsJson(port, 'RCAPTURE', '/capture', rcapture());
    await new Promise((r) => setTimeout(r, 150));
    const disc = await mdsJson<{ deviceStatus: string; error: { errorCode: string } }[]>(
      port,
      'MOSIPDISC',
      '/device',
      { type: 'Finger' },
    );
    assert.equal(disc[0]?.deviceStatus, 'Busy');
    assert.equal(disc[0]?.error.errorCode, '111');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '703');
    await slow;
    await admin(mixed.service.adminPort as number, '/admin/devices/1', { delays: {} });
  });
});

describe('auth capture', () => {
  test('encrypted elements decrypt with the development encryption key and chain from previousHash ""', async () => {
    const body = capture({}, {});
    body.bio = [
      {
        type: 'Finger',
        count: '1',
        bioSubType: ['Left IndexFinger'],
        requestedScore: '40',
        deviceId: '4',
        deviceSubId: '0',
        previousHash: '',
      },
      {
        type: 'Iris',
        count: 2,
        bioSubType: ['Left', 'Right'],
        requestedScore: 40,
        deviceId: '5',
        deviceSubId: 0,
        previousHash: '',
      },
      {
        type: 'Face',
        count: '1',
        bioSubType: null,
        requestedScore: '40',
        deviceId: '6',
        deviceSubId: '0',
        previousHash: '',
      },
    ] as never;
    const reply = await mdsJson<{
      biometrics: {
        specVersion: string;
        data: string;
        hash: string;
        sessionKey: string;
        thumbprint: string;
      }[];
    }>(mixed.service.port, 'CAPTURE', '/capture', body);
    assert.equal(reply.biometrics.length, 4);
    const { readFile } = await import('node:fs/promises');
    const { decryptPrivateKeyPem } = await import('@mosip-trust/crypto');
    const stored = JSON.parse(await readFile(`${mixed.stateDir}/dev-encryption.json`, 'utf8')) as {
      keyPem: string;
    };
    const privateKey = decryptPrivateKeyPem(stored.keyPem, 'test-kek-0123456789abcdef');
    const chain = [];
    for (const el of reply.biometrics) {
      assert.deepEqual(Object.keys(el), ['specVersion', 'data', 'hash', 'sessionKey', 'thumbprint', 'error']);
      assert.match(el.thumbprint, /^[A-F0-9]{64}$/);
      const data = JSON.parse((await verifyJws(el.data)).payload.toString()) as Record<string, string>;
      assert.equal(data.domainUri, 'https://auth.example');
      assert.equal(data.purpose, 'Auth');
      const digital = await verifyJws(data.digitalId as string);
      assert.match(digital.certificate.subject, /FTM Chip/);
      const record = openBiometric({
        bioValue: data.bioValue as string,
        sessionKey: el.sessionKey,
        timestamp: data.timestamp as string,
        transactionId: TX,
        privateKey,
        thumbprint: el.thumbprint,
        certificateDer: mixed.service.encryptionCertificateDer as Buffer,
      });
      chain.push({ hash: el.hash, bio: record });
    }
    verifyHashChain(chain, { previousHash: '' });
  });

  test('error codes 108 109 111 122 804 805 806 809', async () => {
    const port = mixed.service.port;
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: null })), '804');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: '42' })), '805');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: '1', deviceSubId: '1' })), '806');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { count: '2' })), '109');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { bioSubType: null })), '122');
    assert.equal(await errorCode(regOnly.service.port, 'CAPTURE', capture()), '809');
    const noCert = await startService([{ kind: 'finger-single', purpose: 'Auth' }], { dev: true });
    try {
      // dev mode provides an encryption certificate; a service without one answers 108
      const { DeviceService } = await import('../src/index.ts');
      const svc = await DeviceService.start({
        stateDir: noCert.stateDir,
        devices: [{ kind: 'finger-single', purpose: 'Auth' }],
        records: records(),
        port: 0,
        env: { MOSIP_DEVICE_KEK: 'test-kek-0123456789abcdef' },
      });
      try {
        assert.equal(await errorCode(svc.port, 'CAPTURE', capture({}, { deviceId: '1' })), '108');
      } finally {
        await svc.close();
      }
    } finally {
      await noCert.stop();
    }
    await admin(mixed.service.adminPort as number, '/admin/devices/4', { delays: { CAPTURE: 500 } });
    const slow = mdsJson(port, 'CAPTURE', '/capture', capture());
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await errorCode(port, 'CAPTURE', capture()), '111');
    await slow;
    await admin(mixed.service.adminPort as number, '/admin/devices/4', { delays: {} });
  });
});

describe('stream', () => {
  test('M-JPEG parts at >= 3 fps; RCAPTURE on the streaming device takes over and ends the stream', async () => {
    const port = mixed.service.port;
    const frames: Buffer[] = [];
    let started = 0;
    let firstFrame: () => void = () => {};
    const first = new Promise<void>((r) => {
      firstFrame = r;
    });
    const streaming = readStream(port, { deviceId: '2', deviceSubId: '3', timeout: '8000' }, (jpeg) => {
      if (frames.length === 0) {
        started = Date.now();
        firstFrame();
      }
      frames.push(Buffer.from(jpeg));
    });
    await first;
    await new Promise((r) => setTimeout(r, 1000));
    const reply = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
      port,
      'RCAPTURE',
      '/capture',
      rcapture({}, { type: 'Iris', count: '2', deviceId: '2', deviceSubId: '3' }),
    );
    assert.equal(reply.biometrics[0]?.error.errorCode, '0');
    const result = await streaming;
    assert.equal(result.errorBody, undefined, result.errorBody?.toString());
    const seconds = (Date.now() - started) / 1000;
    assert.ok(result.contentType.startsWith('multipart/x-mixed-replace; boundary='));
    assert.ok(frames.length / seconds >= 3, `${frames.length} frames in ${seconds}s`);
    assert.ok(seconds < 5, 'the stream ended with the capture, before its timeout');
    for (const f of frames) assert.deepEqual([...f.subarray(0, 2)], [0xff, 0xd8]);
  });

  test('stream errors 601 604 605 606 607 100', async () => {
    const err = async (p: number, body: unknown) =>
      (await mdsJson<{ error: { errorCode: string } }>(p, 'STREAM', '/stream', body)).error.errorCode;
    assert.equal(await err(authOnly.service.port, { deviceId: '1', deviceSubId: '0' }), '601');
    assert.equal(await err(mixed.service.port, { deviceSubId: '1' }), '604');
    assert.equal(await err(mixed.service.port, { deviceId: '77', deviceSubId: '1' }), '605');
    assert.equal(await err(mixed.service.port, { deviceId: '4', deviceSubId: '0' }), '606');
    await admin(mixed.service.adminPort as number, '/admin/devices/3', { status: 'Not Ready' });
    assert.equal(await err(mixed.service.port, { deviceId: '3', deviceSubId: '0' }), '607');
    await admin(mixed.service.adminPort as number, '/admin/devices/3', { status: 'Not Registered' });
    assert.equal(await err(mixed.service.port, { deviceId: '3', deviceSubId: '0' }), '100');
    await admin(mixed.service.adminPort as number, '/admin/devices/3', { status: null });
  });
});

describe('admin API', () => {
  test('token required, Origin refused, no CORS headers; key rotation changes the certificate', async () => {
    const port = mixed.service.adminPort as number;
    assert.equal((await admin(port, '/admin/devices', undefined, 'wrong-token-0000000000')).status, 401);
    const browserLike = await fetch(`http://127.0.0.1:${port}/admin/devices`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789', origin: 'https://evil.example' },
    });
    assert.equal(browserLike.status, 403);
    assert.equal(browserLike.headers.get('access-control-allow-origin'), null);
    const before = await mdsJson<{ deviceInfo: string }[]>(mixed.service.port, 'MOSIPDINFO', '/info');
    const rotated = await admin(port, '/admin/devices/1/rotate-key', {});
    assert.equal(rotated.status, 200);
    const afterInfo = await mdsJson<{ deviceInfo: string }[]>(mixed.service.port, 'MOSIPDINFO', '/info');
    const a = await verifyJws(String(before[0]?.deviceInfo));
    const b = await verifyJws(String(afterInfo[0]?.deviceInfo));
    assert.ok(!a.certificateDer.equals(b.certificateDer));
    assert.ok(b.certificate.notBefore.getTime() >= a.certificate.notBefore.getTime());
    assert.equal(JSON.parse(a.payload.toString()).deviceCode, JSON.parse(b.payload.toString()).deviceCode);
  });
});
