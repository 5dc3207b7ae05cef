/**
 * Timing figures of the device service that tests do not assert (tests wait for states; times are
 * measured here): the preview stream's frame rate, how long a capture with an injected delay keeps the
 * device Busy, and that a no-object capture answers 101 at its timeout.
 *   node --import tsx bench/device-service/timing.ts [--seconds N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { biometricRecordSource, DeviceService, mdsJson, readStream } from '@mosip-trust/device-service';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
const state = await mkdtemp(join(tmpdir(), 'mds-bench-timing-'));
const token = 'bench-admin-token-0123456789';
const service = await DeviceService.start({
  stateDir: state,
  devices: [{ kind: 'iris-double', purpose: 'Registration' }],
  dev: true,
  records: biometricRecordSource(),
  port: 0,
  admin: { token },
  env: { MOSIP_DEVICE_KEK: 'bench-kek-0123456789abcdef' },
});
const adminCall = (path: string, body: unknown) =>
  fetch(`http://127.0.0.1:${service.adminPort}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const rcapture = (timeout: string) => ({
  env: 'Developer',
  purpose: 'Registration',
  specVersion: '0.9.5',
  timeout,
  captureTime: new Date().toISOString(),
  transactionId: `bench-${Date.now()}`,
  bio: [
    {
      type: 'Iris',
      count: '2',
      bioSubType: null,
      exception: null,
      requestedScore: '40',
      deviceId: '1',
      deviceSubId: '3',
      previousHash: null,
    },
  ],
  customOpts: null,
});
try {
  // Stream frame rate (the service streams at 10 fps; MOSIP's clients need a live preview).
  const stop = new AbortController();
  let frames = 0;
  let first = 0;
  const streaming = readStream(
    service.port,
    { deviceId: '1', deviceSubId: '3', timeout: String((seconds + 10) * 1000) },
    () => {
      if (frames++ === 0) first = performance.now();
    },
    { signal: stop.signal },
  ).catch(() => undefined);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - first) / 1000;
  stop.abort();
  await streaming;
  console.log(
    `stream: ${frames} frames, ${((frames - 1) / elapsed).toFixed(1)} fps after the first (target >= 3)`,
  );

  // No object presented: 101 at the timeout.
  await adminCall('/admin/devices/1', { quality: 'no-object' });
  let t0 = performance.now();
  const none = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
    service.port,
    'RCAPTURE',
    '/capture',
    rcapture('500'),
  );
  console.log(
    `no-object RCAPTURE timeout 500 ms: ${none.biometrics[0]?.error.errorCode} after ${(performance.now() - t0).toFixed(0)} ms`,
  );
  await adminCall('/admin/devices/1', { quality: 'good' });

  // Busy during an injected 600 ms delay, answered at once.
  await adminCall('/admin/devices/1', { delays: { RCAPTURE: 600 } });
  t0 = performance.now();
  const slow = mdsJson(service.port, 'RCAPTURE', '/capture', rcapture('10000'));
  await new Promise((r) => setTimeout(r, 100));
  const t1 = performance.now();
  const busy = await mdsJson<{ biometrics: { error: { errorCode: string } }[] }>(
    service.port,
    'RCAPTURE',
    '/capture',
    rcapture('10000'),
  );
  console.log(
    `second RCAPTURE during the delay: ${busy.biometrics[0]?.error.errorCode} in ${(performance.now() - t1).toFixed(1)} ms`,
  );
  await slow;
  console.log(`delayed RCAPTURE done after ${(performance.now() - t0).toFixed(0)} ms (delay 600 ms)`);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  await service.close();
  await rm(state, { recursive: true, force: true });
}
