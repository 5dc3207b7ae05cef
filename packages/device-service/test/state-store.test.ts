import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { biometricRecordSource, DeviceService, DeviceServiceError } from '../src/index.ts';

test('keys at rest: generated kek.key (0600), encrypted PKCS#8, wrong or exposed KEK refused, identity survives restart, purpose fixed', {
  timeout: 120_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mds-state-'));
  try {
    const opts = {
      stateDir: dir,
      devices: [{ kind: 'face' as const, purpose: 'Registration' as const }],
      dev: true,
      records: biometricRecordSource(),
      port: 0,
      env: {},
    };
    const first = await DeviceService.start(opts);
    const serial = first.summary()[0]?.serialNo;
    await first.close();
    assert.equal((await stat(join(dir, 'kek.key'))).mode & 0o777, 0o600);
    for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
      const text = await readFile(join(dir, f), 'utf8');
      assert.doesNotMatch(text, /BEGIN (RSA )?PRIVATE KEY/, `${f} holds a plain private key`);
      assert.equal((await stat(join(dir, f))).mode & 0o777, 0o600);
    }
    assert.match(await readFile(join(dir, 'device-1.json'), 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
    const again = await DeviceService.start(opts);
    assert.equal(again.summary()[0]?.serialNo, serial);
    assert.equal(again.summary()[0]?.status, 'Ready');
    await again.close();
    await assert.rejects(
      DeviceService.start({ ...opts, env: { MOSIP_DEVICE_KEK: 'another-kek-0123456789' } }),
      (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_KEK',
    );
    await chmod(join(dir, 'kek.key'), 0o644);
    await assert.rejects(
      DeviceService.start(opts),
      (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_KEK',
    );
    await chmod(join(dir, 'kek.key'), 0o600);
    await assert.rejects(
      DeviceService.start({ ...opts, devices: [{ kind: 'face', purpose: 'Auth' }] }),
      (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_CONFIG',
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
