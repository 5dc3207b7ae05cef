/**
 * Device-service benchmark: p50/p99 latency of discovery, device info, an Auth capture (1 finger,
 * 2 irises, face in one CAPTURE) and a Registration capture (10 fingers: one RCAPTURE with subIds
 * 1, 2, 3) over real HTTP on loopback, and for captures the ratio to their floor = RSA signatures
 * needed × `openssl speed rsa2048` sign time. Image synthesis (first capture of a person) is timed
 * separately; later captures reuse the cached images.
 *
 *   node --import tsx bench/device-service/run.ts [--iterations N]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { biometricRecordSource, DeviceService, mdsCall } from '@mosip-trust/device-service';

const iterations = Number(process.argv[process.argv.indexOf('--iterations') + 1]) || 300;

function opensslSignSeconds(): number {
  const out = execFileSync('openssl', ['speed', '-seconds', '2', 'rsa2048'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const m = /rsa\s+2048 bits\s+([\d.]+)s/.exec(out);
  if (!m) throw new Error(`cannot read openssl speed output:\n${out}`);
  return Number(m[1]);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function measure(n: number, fn: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function check(reply: { status: number; body: Buffer }): void {
  const text = reply.body.toString();
  if (reply.status !== 200 || /"errorCode":"[1-9]/.test(text))
    throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
}

const state = await mkdtemp(join(tmpdir(), 'mds-bench-'));
const service = await DeviceService.start({
  stateDir: state,
  devices: [
    { kind: 'finger-slap', purpose: 'Registration' },
    { kind: 'finger-single', purpose: 'Auth' },
    { kind: 'iris-double', purpose: 'Auth' },
    { kind: 'face', purpose: 'Auth' },
  ],
  dev: true,
  records: biometricRecordSource(),
  port: 0,
  env: { MOSIP_DEVICE_KEK: 'bench-kek-0123456789abcdef' },
});
const port = service.port;
let tx = 0;
const authBody = () => ({
  env: 'Developer',
  purpose: 'Auth',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: new Date().toISOString(),
  domainUri: 'https://ida.example',
  transactionId: `bench-auth-${tx++}`,
  bio: [
    {
      type: 'Finger',
      count: '1',
      bioSubType: ['Right IndexFinger'],
      requestedScore: '40',
      deviceId: '2',
      deviceSubId: '0',
      previousHash: '',
    },
    {
      type: 'Iris',
      count: '2',
      bioSubType: ['Left', 'Right'],
      requestedScore: '40',
      deviceId: '3',
      deviceSubId: '0',
      previousHash: '',
    },
    { type: 'Face', count: '1', requestedScore: '40', deviceId: '4', deviceSubId: '0', previousHash: '' },
  ],
});
const regBody = () => ({
  env: 'Developer',
  purpose: 'Registration',
  specVersion: '0.9.5',
  timeout: '10000',
  captureTime: new Date().toISOString(),
  transactionId: `bench-reg-${tx++}`,
  bio: [1, 2, 3].map((s) => ({
    type: 'Finger',
    count: s === 3 ? '2' : '4',
    exception: [],
    requestedScore: '40',
    deviceId: '1',
    deviceSubId: String(s),
    previousHash: null,
  })),
});

try {
  const sign = opensslSignSeconds() * 1000;
  let t = performance.now();
  check(await mdsCall(port, 'CAPTURE', '/capture', authBody()));
  const authSynthesis = performance.now() - t;
  t = performance.now();
  check(await mdsCall(port, 'RCAPTURE', '/capture', regBody()));
  const regSynthesis = performance.now() - t;

  const discovery = await measure(iterations, async () =>
    check(await mdsCall(port, 'MOSIPDISC', '/device', { type: 'Biometric Device' })),
  );
  const info = await measure(iterations, async () => check(await mdsCall(port, 'MOSIPDINFO', '/info')));
  const captureRuns = Math.max(30, Math.floor(iterations / 5));
  const auth = await measure(captureRuns, async () =>
    check(await mdsCall(port, 'CAPTURE', '/capture', authBody())),
  );
  const registration = await measure(captureRuns, async () =>
    check(await mdsCall(port, 'RCAPTURE', '/capture', regBody())),
  );

  // Signatures a capture needs: one per data element plus one digital ID per device.
  const authSigs = 4 + 3;
  const regSigs = 10 + 1;
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`openssl speed rsa2048: ${f(sign)} per signature`);
  console.log(
    `discovery (4 devices)        p50 ${f(discovery.p50)}  p99 ${f(discovery.p99)}  (${iterations} runs)`,
  );
  console.log(`device info (4 devices)      p50 ${f(info.p50)}  p99 ${f(info.p99)}  (${iterations} runs)`);
  for (const [name, r, sigs] of [
    ['Auth capture 1F+2I+face', auth, authSigs],
    ['Registration capture 10F', registration, regSigs],
  ] as const) {
    const floor = sigs * sign;
    console.log(
      `${name.padEnd(28)} p50 ${f(r.p50)}  p99 ${f(r.p99)}  floor ${f(floor)} (${sigs} signatures)  p50/floor ${(r.p50 / floor).toFixed(2)}x  p99/floor ${(r.p99 / floor).toFixed(2)}x  (${captureRuns} runs)`,
    );
  }
  console.log(
    `first capture incl. image synthesis: Auth ${f(authSynthesis)}, Registration ${f(regSynthesis)} (then cached per person/position)`,
  );
  console.log('reproduce: node --import tsx bench/device-service/run.ts');
} finally {
  await service.close();
  await rm(state, { recursive: true, force: true });
}
