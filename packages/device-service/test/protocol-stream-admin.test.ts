/** The MDS protocol over real sockets: the stream and the admin API. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { verifyJws } from '@mosip-trust/crypto';
import { mdsJson, readStream } from '../src/index.ts';
import { admin } from './helpers.ts';
import { protocolServices, rcapture } from './protocol-fixture.ts';

const services = protocolServices();

describe('stream', { timeout: 120_000 }, () => {
  test('M-JPEG parts; RCAPTURE on the streaming device takes over and ends the stream', async () => {
    // The frame rate is a speed figure: bench/device-service/stream.ts measures it.
    const port = services.mixed.service.port;
    const frames: Buffer[] = [];
    let enough: () => void = () => {};
    const threeFrames = new Promise<void>((r) => {
      enough = r;
    });
    // The stream's own timeout is the longest allowed: if the stream ends, the capture ended it.
    const streaming = readStream(port, { deviceId: '2', deviceSubId: '3', timeout: '600000' }, (jpeg) => {
      frames.push(Buffer.from(jpeg));
      if (frames.length === 3) enough();
    });
    await threeFrames;
    const reply = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
      port,
      'RCAPTURE',
      '/capture',
      rcapture({}, { type: 'Iris', count: '2', deviceId: '2', deviceSubId: '3' }),
    );
    assert.equal(reply.biometrics[0]?.error.errorCode, '0');
    const result = await streaming;
    assert.equal(result.errorBody, undefined, result.errorBody?.toString());
    assert.ok(result.contentType.startsWith('multipart/x-mixed-replace; boundary='));
    assert.ok(frames.length >= 3);
    for (const f of frames) assert.deepEqual([...f.subarray(0, 2)], [0xff, 0xd8]);
  });

  test('stream errors 601 604 605 606 607 100', async () => {
    const err = async (p: number, body: unknown) =>
      (await mdsJson<{ error: { errorCode: string } }>(p, 'STREAM', '/stream', body)).error.errorCode;
    assert.equal(await err(services.authOnly.service.port, { deviceId: '1', deviceSubId: '0' }), '601');
    assert.equal(await err(services.mixed.service.port, { deviceSubId: '1' }), '604');
    assert.equal(await err(services.mixed.service.port, { deviceId: '77', deviceSubId: '1' }), '605');
    assert.equal(await err(services.mixed.service.port, { deviceId: '4', deviceSubId: '0' }), '606');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/3', { status: 'Not Ready' });
    assert.equal(await err(services.mixed.service.port, { deviceId: '3', deviceSubId: '0' }), '607');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/3', { status: 'Not Registered' });
    assert.equal(await err(services.mixed.service.port, { deviceId: '3', deviceSubId: '0' }), '100');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/3', { status: null });
  });
});

describe('admin API', { timeout: 120_000 }, () => {
  test('token required, Origin refused, no CORS headers; key rotation changes the certificate', async () => {
    const port = services.mixed.service.adminPort as number;
    assert.equal((await admin(port, '/admin/devices', undefined, 'wrong-token-0000000000')).status, 401);
    const browserLike = await fetch(`http://127.0.0.1:${port}/admin/devices`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789', origin: 'https://evil.example' },
    });
    assert.equal(browserLike.status, 403);
    assert.equal(browserLike.headers.get('access-control-allow-origin'), null);
    const before = await mdsJson<{ deviceInfo: string }[]>(
      services.mixed.service.port,
      'MOSIPDINFO',
      '/info',
    );
    const rotated = await admin(port, '/admin/devices/1/rotate-key', {});
    assert.equal(rotated.status, 200);
    const afterInfo = await mdsJson<{ deviceInfo: string }[]>(
      services.mixed.service.port,
      'MOSIPDINFO',
      '/info',
    );
    const a = await verifyJws(String(before[0]?.deviceInfo));
    const b = await verifyJws(String(afterInfo[0]?.deviceInfo));
    assert.ok(!a.certificateDer.equals(b.certificateDer));
    assert.ok(b.certificate.notBefore.getTime() >= a.certificate.notBefore.getTime());
    assert.equal(JSON.parse(a.payload.toString()).deviceCode, JSON.parse(b.payload.toString()).deviceCode);
  });
});
