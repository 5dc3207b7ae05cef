// Capture verification rate beside its floor, in one run (~40 s).
// Reproduce: node --import tsx bench/verify/run.ts [--json]
//
// Captures come from the real device service (single finger, Auth) and are verified with every check
// of @mosip-trust/verifier, the device registry and trust anchors in memory, through its public entry
// point only. Each Auth element costs one RSA-2048 private operation (the session-key unwrap), so the
// floor is `openssl speed rsa2048` sign/s per element, measured in the same run. Rates are per second
// of CPU time of this process (as openssl speed divides by CPU time): verification is synchronous
// crypto on one thread, so that is the rate of one core. The replay store is left out: the bench
// verifies the same captures again and again (the clock is pinned to each capture's time).
// The "crypto only" column is the ceiling any verifier on node:crypto has: the capture's mandatory
// RSA operations alone (per element the session-key unwrap and the data signature's RS256 verification),
// with keys imported once, nothing else. A digital ID JWS is verified once per distinct text (a device
// re-signs it once per second, docs/verifier.md), so it is not part of every capture's work.
// The "mandatory" column adds the rest of the work no verifier can skip per element, done the cheapest
// way node:crypto allows: base64url-decoding and parsing the data payload, decoding the bioValue,
// AES-256-GCM with the XOR-derived IV/AAD, and the SHA-256 hash chain compared with the element's hash.
import { execFileSync } from 'node:child_process';
import {
  constants,
  createDecipheriv,
  hash,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CertifiedKey, createRootCa, issueCertificate, pemToDerList } from '@mosip-trust/crypto';
import { biometricRecordSource, DeviceService, decodePayload, mdsJson } from '@mosip-trust/device-service';
import {
  InMemoryDeviceRegistry,
  InMemoryTrustAnchors,
  type VerifierDependencies,
  verifyCapture,
} from '@mosip-trust/verifier';
import { paired } from '../paired.ts';
import { type BenchRow, log, report, row } from '../report.ts';

const SECONDS = 3;
const CAPTURES = 16;

type Json = Record<string, unknown>;

function opensslSign(): number {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'rsa2048'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const m = /rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read openssl speed rsa2048 output:\n${out}`);
  return Number(m[1]);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

log(
  `@mosip-trust/verifier benchmark: node ${process.version} (OpenSSL ${process.versions.openssl}), ` +
    `${cpus()[0]?.model ?? '?'} × ${cpus().length}, load average ${load()}`,
);

const dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
const root = await createRootCa({ subject: 'CN=Bench Platform Root, O=MOSIP Bench, C=IN' });
const enc = (await issueCertificate(root, {
  subject: 'CN=IDA-FIR, O=MOSIP Bench, C=IN',
  ca: false,
  keyUsage: 'encryption',
})) as CertifiedKey;
const service = await DeviceService.start({
  stateDir: dir,
  devices: [
    { kind: 'finger-single', purpose: 'Auth' },
    { kind: 'iris-double', purpose: 'Auth' },
    { kind: 'face', purpose: 'Auth' },
  ],
  dev: true,
  encryptionCertificate: enc.certificateDer,
  records: biometricRecordSource(),
  port: 0,
  frameIntervalMs: 5,
  env: { MOSIP_DEVICE_KEK: 'bench-verify-kek-0123456789' },
});

let serviceOpen = true;
try {
  const trustAnchors = new InMemoryTrustAnchors()
    .add('FTM', ...pemToDerList(readFileSync(join(dir, 'ftm-root.pem'), 'utf8')))
    .add('DEVICE', ...pemToDerList(readFileSync(join(dir, 'dev-device-provider-ca.pem'), 'utf8')));
  const registry = new InMemoryDeviceRegistry();
  const items = await mdsJson<{ deviceCode: string; digitalId: string }[]>(
    service.port,
    'MOSIPDISC',
    '/device',
    {
      type: 'Biometric Device',
    },
  );
  for (const item of items) {
    const d = decodePayload(item.digitalId) as Record<string, string>;
    registry.put({
      deviceCode: item.deviceCode,
      serialNo: String(d.serialNo),
      deviceProvider: String(d.deviceProvider),
      deviceProviderId: String(d.deviceProviderId),
      make: String(d.make),
      model: String(d.model),
      type: String(d.type),
      deviceSubType: String(d.deviceSubType),
      purpose: 'Auth',
      status: 'Registered',
      modelApproved: true,
      approvedSbiVersions: ['0.9.5'],
    });
  }

  async function captures(bio: Json[]): Promise<{ request: Json; response: Json; at: Date }[]> {
    const list = [];
    for (let i = 0; i < CAPTURES; i++) {
      const request = {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: 'https://auth.example.org',
        transactionId: `bench-${i}-${Date.now()}`,
        bio,
      };
      const response = await mdsJson<Json>(service.port, 'CAPTURE', '/capture', request);
      list.push({ request, response, at: new Date() });
    }
    return list;
  }

  const bioEntry = (type: string, count: number, bioSubType: string[] | null, deviceId: string) => ({
    type,
    count: String(count),
    bioSubType,
    requestedScore: '40',
    deviceId,
    deviceSubId: '0',
    previousHash: '',
  });
  const scenarios = [
    { name: 'Auth, 1 finger', elements: 1, bio: [bioEntry('Finger', 1, ['UNKNOWN'], '1')] },
    {
      name: 'Auth, finger + 2 irises + face',
      elements: 4,
      bio: [
        bioEntry('Finger', 1, ['UNKNOWN'], '1'),
        bioEntry('Iris', 2, ['Left', 'Right'], '2'),
        bioEntry('Face', 1, null, '3'),
      ],
    },
  ];

  log(`openssl speed -seconds ${SECONDS} rsa2048 ...`);
  const signPerSec = opensslSign();
  const wrapped = publicEncrypt(
    { key: enc.certificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    randomBytes(32),
  );
  const bareRsa = () =>
    privateDecrypt(
      { key: enc.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wrapped,
    );

  /** The x5c[0] public key of a compact JWS. */
  const rs256Key = (jws: string): KeyObject => {
    const header = JSON.parse(Buffer.from(jws.slice(0, jws.indexOf('.')), 'base64url').toString()) as {
      x5c: string[];
    };
    return new X509Certificate(Buffer.from(header.x5c[0] as string, 'base64')).publicKey;
  };

  /** The RS256 verification of one compact JWS alone: signing input, signature and x5c[0] key prepared once. */
  const rs256Only = (jws: string): (() => boolean) => {
    const [h, p, sig] = jws.split('.') as [string, string, string];
    const key = rs256Key(jws);
    const input = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, 'base64url');
    return () => verify('sha256', input, key, signature);
  };

  /**
   * All the mandatory work of each element of a capture (the captures in turn), nothing else: RS256 of the data JWS (key imported once),
   * payload decoded and parsed, session key unwrapped, bioValue decoded and opened (AES-256-GCM, IV/AAD
   * from the last 16 bytes of timestamp XOR transactionId), hash chain link computed and compared.
   */
  type Element = { data: string; sessionKey: string; hash: string };
  const mandatoryOnly = (captureList: { response: Json }[]) => {
    const elements = captureList.map((c) => c.response.biometrics as Element[]);
    const keys = elements.map((list) => list.map((b) => rs256Key(b.data)));
    const scratch = Buffer.allocUnsafe(1 << 20);
    const emptyHash = hash('sha256', '', 'buffer');
    let next = 0;
    return () => {
      const c = next++ % elements.length;
      let previous = emptyHash;
      for (const [k, b] of (elements[c] as Element[]).entries()) {
        const dot1 = b.data.indexOf('.');
        const dot2 = b.data.lastIndexOf('.');
        const n = scratch.write(b.data.slice(0, dot2), 'latin1');
        const signature = Buffer.from(b.data.slice(dot2 + 1), 'base64url');
        if (!verify('sha256', scratch.subarray(0, n), (keys[c] as KeyObject[])[k] as KeyObject, signature))
          throw new Error('bench: a signature does not verify');
        const data = JSON.parse(Buffer.from(b.data.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
        const sessionKey = privateDecrypt(
          { key: enc.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
          Buffer.from(b.sessionKey, 'base64url'),
        );
        const sealed = Buffer.from(data.bioValue as string, 'base64url');
        const ts = data.timestamp as string;
        const tx = data.transactionId as string;
        const aad = Buffer.allocUnsafe(16);
        for (let i = 0; i < 16; i++)
          aad[i] = (ts.charCodeAt(ts.length - 16 + i) || 0) ^ (tx.charCodeAt(tx.length - 16 + i) || 0);
        const decipher = createDecipheriv('aes-256-gcm', sessionKey, aad.subarray(4), { authTagLength: 16 });
        decipher.setAAD(aad);
        decipher.setAuthTag(sealed.subarray(sealed.length - 16));
        const record = decipher.update(sealed.subarray(0, sealed.length - 16));
        decipher.final();
        previous = hash('sha256', Buffer.concat([previous, hash('sha256', record, 'buffer')]), 'buffer');
        if (previous.toString('hex').toUpperCase() !== b.hash) throw new Error('bench: hash chain');
      }
    };
  };

  const rows: string[] = [];
  const benchRows: BenchRow[] = [];
  // Every capture is made first and the device service stopped before anything is measured: its
  // frame loop would otherwise run beside the measurement and be counted in this process's CPU time.
  const lists = [];
  for (const s of scenarios) lists.push(await captures(s.bio));
  await service.close();
  serviceOpen = false;
  for (const [index, s] of scenarios.entries()) {
    const list = lists[index] as Awaited<ReturnType<typeof captures>>;
    let refused = 0;
    let i = 0;
    const deps: VerifierDependencies = {
      trustAnchors,
      deviceRegistry: registry,
      decryptionKeys: [{ privateKey: enc.privateKey, certificateDer: enc.certificateDer }],
    };
    const verifyOne = async () => {
      const c = list[i++ % list.length] as (typeof list)[number];
      const d = await verifyCapture(
        { response: c.response, request: c.request },
        { ...deps, clock: () => c.at },
      );
      if (d.decision !== 'accepted') refused++;
    };
    // The baseline: the capture's RSA private operations alone, through node:crypto.
    const rsaOnly = () => {
      for (let k = 0; k < s.elements; k++) bareRsa();
    };
    const [verifs, nodeFloor] = await paired(verifyOne, rsaOnly, SECONDS);
    // The same capture's mandatory RSA work: unwraps and data signatures.
    const first = (list[0] as (typeof list)[number]).response.biometrics as { data: string }[];
    const verifications = first.map((b) => rs256Only(b.data));
    const cryptoOnly = () => {
      rsaOnly();
      for (const v of verifications) if (!v()) throw new Error('bench: a signature does not verify');
    };
    const [ceiling] = await paired(cryptoOnly, rsaOnly, SECONDS);
    // Everything a verifier must do per capture, and nothing else, over the same captures in turn.
    const [mandatory] = await paired(mandatoryOnly(list), rsaOnly, SECONDS);
    if (refused > 0)
      throw new Error(`${s.name}: ${refused} verifications refused; the bench needs valid captures`);
    const floor = signPerSec / s.elements;
    benchRows.push(
      row(`verify: ${s.name}, verifications per CPU second`, verifs, '/s', {
        floor,
        target: '>= 0.8x floor (openssl sign/s per element)',
        check: (_v, ratio) => ratio !== null && ratio >= 0.8,
      }),
    );
    rows.push(
      `${s.name.padEnd(32)}${verifs.toFixed(0).padStart(10)}${floor.toFixed(0).padStart(12)}` +
        `${(verifs / floor).toFixed(2).padStart(9)}${nodeFloor.toFixed(0).padStart(14)}${(verifs / nodeFloor).toFixed(2).padStart(9)}` +
        `${ceiling.toFixed(0).padStart(15)}${(ceiling / floor).toFixed(2).padStart(9)}` +
        `${mandatory.toFixed(0).padStart(13)}${(mandatory / floor).toFixed(2).padStart(9)}${(verifs / mandatory).toFixed(2).padStart(9)}`,
    );
  }

  log('');
  log(
    `${'capture'.padEnd(32)}${'verifs/s'.padStart(10)}${'floor/s'.padStart(12)}${'ratio'.padStart(9)}` +
      `${'node floor/s'.padStart(14)}${'ratio'.padStart(9)}` +
      `${'crypto only/s'.padStart(15)}${'÷ floor'.padStart(9)}` +
      `${'mandatory/s'.padStart(13)}${'÷ floor'.padStart(9)}${'ratio'.padStart(9)}`,
  );
  for (const r of rows) log(r);
  log('');
  log(
    `floor = openssl speed rsa2048 sign/s (${signPerSec.toFixed(0)}) ÷ elements per capture (one RSA-2048 private ` +
      `operation each); target ratio ≥ 0.8. node floor = the same RSA-OAEP-SHA256 private operations alone ` +
      `through node:crypto, measured in slices alternating with the verifications. crypto only = those plus the ` +
      `capture's data-signature RS256 verifications alone, keys imported once. mandatory = all the work no ` +
      `verifier may skip per element (those, payload decode and JSON.parse, bioValue decode, AES-GCM, hash chain): ` +
      `its "÷ floor" is the best ratio a verifier on node:crypto can reach, the last ratio is ours against it. ` +
      `Rates per CPU second (one core).`,
  );
  log(`load average at the end ${load()}`);
  report(benchRows);
} finally {
  if (serviceOpen) await service.close();
  rmSync(dir, { recursive: true, force: true });
}
