/** The MDS protocol over real sockets: Registration and Auth captures, exact bytes and every error code emitted. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openBiometric, verifyHashChain, verifyJws } from '@mosip-trust/crypto';
import { decodePayload, mdsCall, mdsJson } from '../src/index.ts';
import { admin, records, startService } from './helpers.ts';
import { capture, errorCode, holdCapture, protocolServices, rcapture, TX } from './protocol-fixture.ts';

const services = protocolServices();

describe('registration capture', { timeout: 120_000 }, () => {
  test('left slap: 4 signed elements, plain ISO bioValue, chained hash, exact element layout', async () => {
    const reply = await mdsCall(services.mixed.service.port, 'RCAPTURE', '//capture', rcapture());
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
      services.mixed.service.port,
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
      services.mixed.service.port,
      'RCAPTURE',
      '/capture',
      rcapture({}, { type: 'Face', count: 1, deviceId: '3', deviceSubId: 0 }),
    );
    assert.equal('bioSubType' in decodePayload(String(face.biometrics[0]?.data)), false);
  });

  test('error codes 100 109 110 111/703 112 114 115 120 121 122 123 701-709', async () => {
    const port = services.mixed.service.port;
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
    assert.equal(await errorCode(services.authOnly.service.port, 'RCAPTURE', rcapture()), '709');
    assert.equal(
      (await admin(services.mixed.service.adminPort as number, '/admin/devices/1', { status: 'Not Ready' }))
        .status,
      200,
    );
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '110');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/1', { status: 'Not Registered' });
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '100');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/1', {
      status: null,
      fault: '102',
    });
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '102');
    await admin(services.mixed.service.adminPort as number, '/admin/devices/1', {
      fault: null,
      quality: 'no-object',
    });
    const started = Date.now();
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture({ timeout: '500' })), '101');
    assert.ok(Date.now() - started >= 500);
    const adminPort = services.mixed.service.adminPort as number;
    await admin(adminPort, '/admin/devices/1', { quality: 'good' });
    const held = await holdCapture(port, adminPort, '1', 'RCAPTURE', rcapture());
    const disc = await mdsJson<{ deviceStatus: string; error: { errorCode: string } }[]>(
      port,
      'MOSIPDISC',
      '/device',
      { type: 'Finger' },
    );
    assert.equal(disc[0]?.deviceStatus, 'Busy');
    assert.equal(disc[0]?.error.errorCode, '111');
    assert.equal(await errorCode(port, 'RCAPTURE', rcapture()), '703');
    await held.release();
  });
});

describe('auth capture', { timeout: 120_000 }, () => {
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
    }>(services.mixed.service.port, 'CAPTURE', '/capture', body);
    assert.equal(reply.biometrics.length, 4);
    const { readFile } = await import('node:fs/promises');
    const { decryptPrivateKeyPem } = await import('@mosip-trust/crypto');
    const stored = JSON.parse(await readFile(`${services.mixed.stateDir}/dev-encryption.json`, 'utf8')) as {
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
        certificateDer: services.mixed.service.encryptionCertificateDer as Buffer,
      });
      chain.push({ hash: el.hash, bio: record });
    }
    verifyHashChain(chain, { previousHash: '' });
  });

  test('error codes 108 109 111 122 804 805 806 809', async () => {
    const port = services.mixed.service.port;
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: null })), '804');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: '42' })), '805');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { deviceId: '1', deviceSubId: '1' })), '806');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { count: '2' })), '109');
    assert.equal(await errorCode(port, 'CAPTURE', capture({}, { bioSubType: null })), '122');
    assert.equal(await errorCode(services.regOnly.service.port, 'CAPTURE', capture()), '809');
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
    const held = await holdCapture(
      port,
      services.mixed.service.adminPort as number,
      '4',
      'CAPTURE',
      capture(),
    );
    assert.equal(await errorCode(port, 'CAPTURE', capture()), '111');
    await held.release();
  });
});
