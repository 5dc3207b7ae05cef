// Benchmark of @mosip-trust/crypto beside `openssl speed` on the same machine, in one run (~90 s).
// Reproduce: node --import tsx bench/crypto/run.ts [--quick] [--json]
// (--quick: 1 s per measurement instead of 2; --json: the rows of bench/report.ts on standard output)
//
// Each operation of ours is compared with (a) the openssl CLI rate of the RSA operation it contains,
// as asked, (b) that same RSA primitive called through node:crypto in this process, and for seal/open
// (c) the same envelope work written in C on libcrypto (openssl-envelope.c, compiled here when a C
// compiler and the OpenSSL headers exist). Ours and (b) are measured in alternating 250 ms slices, so
// their ratio holds even when other processes load the machine; (a) and (c) ran at other moments and
// use the system libcrypto, not the one bundled in the node binary. `openssl speed rsa2048` times raw
// RSA with PKCS#1 v1.5 padding and one reused context; (c) also times RSA-OAEP-SHA256 with a reused
// and with a fresh context per call, to show which part of the gap is the padding, which the per-call
// setup node:crypto does, and which is ours. Like `openssl speed`, rates are per second of CPU time.
import { execFileSync } from 'node:child_process';
import {
  constants,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDevelopmentPki,
  deviceTimestamp,
  openBiometric,
  sealBiometric,
  signJws,
  verifyJws,
} from '@mosip-trust/crypto';
import { paired } from '../paired.ts';
import { row as benchRow, log, report } from '../report.ts';

const SECONDS = process.argv.includes('--quick') ? 1 : 2;
const RECORD_BYTES = 8192; // a compressed ISO 19794-4 finger record is a few KB to ~20 KB

function opensslRsa(): { sign: number; verify: number } {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), 'rsa2048'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const m = /rsa 2048 bits\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read openssl speed rsa2048 output:\n${out}`);
  return { sign: Number(m[1]), verify: Number(m[2]) };
}

/** Bytes per second of AES-256-GCM at each block size openssl reports. */
function opensslGcm(): Map<number, number> {
  const out = execFileSync('openssl', ['speed', '-seconds', String(SECONDS), '-evp', 'aes-256-gcm'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const header = /type\s+((?:\d+ bytes\s*)+)/.exec(out);
  const row = /\naes-256-gcm\s+([\d.k\s]+)/i.exec(out);
  if (!header?.[1] || !row?.[1]) throw new Error(`cannot read openssl speed aes-256-gcm output:\n${out}`);
  const sizes = [...header[1].matchAll(/(\d+) bytes/g)].map((m) => Number(m[1]));
  const values = row[1]
    .trim()
    .split(/\s+/)
    .map((v) => Number(v.replace(/k$/, '')) * 1000);
  return new Map(sizes.map((s, i) => [s, values[i] ?? 0]));
}

/** Rates of openssl-envelope.c (name → ops/s), or the reason it could not be built or run. */
function libcryptoEnvelope(): Map<string, number> | string {
  const dir = mkdtempSync(join(tmpdir(), 'crypto-bench-'));
  try {
    const exe = join(dir, 'openssl-envelope');
    const source = new URL('./openssl-envelope.c', import.meta.url).pathname;
    try {
      execFileSync('cc', ['-O2', '-o', exe, source, '-lcrypto'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      return `cannot compile openssl-envelope.c (needs cc and the OpenSSL headers): ${(e as Error).message.split('\n')[0]}`;
    }
    const out = execFileSync(exe, [String(SECONDS), String(RECORD_BYTES)]).toString();
    return new Map(
      out
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map(([name, rate]) => [name ?? '', Number(rate)]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loads = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const pki = await createDevelopmentPki({ organization: 'Bench' });
const payload = JSON.stringify({
  bioType: 'Finger',
  bioSubType: 'Left IndexFinger',
  bioValue: randomBytes(600).toString('base64url'),
  deviceCode: 'b692b595-3523-slap-99fc-bd76e35f290f',
  transactionId: 'bench-0001',
  timestamp: deviceTimestamp(),
  requestedScore: '40',
  qualityScore: '80',
});
const jws = await signJws(payload, pki.device);
const signingInput = Buffer.from(jws.slice(0, jws.lastIndexOf('.')));
const signature = Buffer.from(jws.slice(jws.lastIndexOf('.') + 1), 'base64url');
const devicePublic = new X509Certificate(pki.device.certificateDer).publicKey;
const record = randomBytes(RECORD_BYTES);
const timestamp = deviceTimestamp();
const transactionId = 'bench-0001';
const cert = pki.platformEncryption;
const encPublic = new X509Certificate(cert.certificateDer).publicKey;
const sealed = sealBiometric({
  record,
  timestamp,
  transactionId,
  encryptionCertificateDer: cert.certificateDer,
});
const wrapped = Buffer.from(sealed.sessionKey, 'base64url');
const openInput = {
  ...sealed,
  timestamp,
  transactionId,
  privateKey: cert.privateKey,
  certificateDer: cert.certificateDer,
};
const oaep = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' } as const;
const sessionKey = randomBytes(32);

log(
  `@mosip-trust/crypto benchmark: node ${process.version} (OpenSSL ${process.versions.openssl}), ` +
    `${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, single thread, load average ${loads()} (1/5/15 min)`,
);
log(`JWS payload ${payload.length} B (RS256, RSA-2048); biometric record ${RECORD_BYTES} B`);
log('openssl speed (about 16 s) ...');
const rsa = opensslRsa();
const gcm = opensslGcm();
log('the envelope in C on libcrypto (about 14 s) ...');
const libcrypto = libcryptoEnvelope();
log('this package, alternating with the node:crypto primitive (about 20 s) ...');
const [signOurs, signNode] = await paired(
  () => signJws(payload, pki.device),
  () => sign('sha256', signingInput, pki.device.privateKey),
  SECONDS,
);
const [verifyOurs, verifyNode] = await paired(
  () => verifyJws(jws),
  () => verify('sha256', signingInput, devicePublic, signature),
  SECONDS,
);
const [sealOurs, sealNode] = await paired(
  () => sealBiometric({ record, timestamp, transactionId, encryptionCertificateDer: cert.certificateDer }),
  () => publicEncrypt({ key: encPublic, ...oaep }, sessionKey),
  SECONDS,
);
const [openOurs, openNode] = await paired(
  () => openBiometric(openInput),
  () => privateDecrypt({ key: cert.privateKey, ...oaep }, wrapped),
  SECONDS,
);

const c = typeof libcrypto === 'string' ? undefined : libcrypto;
const rows: [string, number, number, string, number, number | undefined][] = [
  ['signJws', signOurs, signNode, 'sign/s (private op)', rsa.sign, undefined],
  ['verifyJws', verifyOurs, verifyNode, 'verify/s (public op)', rsa.verify, undefined],
  ['sealBiometric', sealOurs, sealNode, 'verify/s (public op)', rsa.verify, c?.get('seal-fresh')],
  ['openBiometric', openOurs, openNode, 'sign/s (private op)', rsa.sign, c?.get('open-fresh')],
];
const f = (n: number, w: number) => n.toFixed(0).padStart(w);
const r = (n: number) => n.toFixed(2).padStart(6);
log('');
log(
  `${'operation'.padEnd(14)}${'ours/s'.padStart(8)}${'node/s'.padStart(9)}${'ours÷node'.padStart(11)}  ` +
    `${'openssl rsa2048'.padEnd(21)}${'/s'.padStart(7)}${'ours÷openssl'.padStart(14)}${'node÷openssl'.padStart(14)}  ` +
    `${'target'.padEnd(14)}${'C envelope/s'.padStart(13)}${'ours÷C'.padStart(8)}`,
);
for (const [name, ours, node, what, reference, inC] of rows) {
  const target = name.endsWith('Biometric') ? (ours / reference >= 0.9 ? '>= 0.9 met' : '>= 0.9 missed') : '';
  log(
    `${name.padEnd(14)}${f(ours, 8)}${f(node, 9)}${r(ours / node).padStart(11)}  ${what.padEnd(21)}${f(reference, 7)}` +
      `${r(ours / reference).padStart(14)}${r(node / reference).padStart(14)}  ${target.padEnd(14)}` +
      (inC ? `${f(inC, 13)}${r(ours / inC).padStart(8)}` : ''),
  );
}
log('');
log(
  'node = the bare RSA call in this process (crypto.sign / verify / publicEncrypt / privateDecrypt, OAEP-SHA256).',
);
if (c) {
  const rate = (name: string) => f(c.get(name) ?? 0, 0);
  log(
    `C envelope = openssl-envelope.c on the system libcrypto: AES-256-GCM of the record plus RSA-OAEP-SHA256, ` +
      `with a fresh context per call as node:crypto makes one (no base64, no JavaScript).`,
  );
  log(
    `libcrypto RSA-OAEP-SHA256 encrypt ${rate('oaep-encrypt-reuse')}/s with one reused context (openssl speed style), ` +
      `${rate('oaep-encrypt-fresh')}/s with a fresh context per call; decrypt ${rate('oaep-decrypt-reuse')}/s and ` +
      `${rate('oaep-decrypt-fresh')}/s; AES-256-GCM of ${RECORD_BYTES} B with a fresh context ${rate('gcm-seal-fresh')}/s.`,
  );
  log(
    `So of openssl speed's verify/s, OAEP padding and a per-call context leave ` +
      `${r((c.get('oaep-encrypt-fresh') ?? 0) / rsa.verify).trim()} for the public-key call node makes ` +
      `(node's bare publicEncrypt measured ${r(sealNode / (c.get('oaep-encrypt-fresh') ?? 1)).trim()} of that C rate).`,
  );
} else {
  log(`C envelope: skipped, ${libcrypto}`);
}
log(
  `openssl aes-256-gcm: ${[...gcm].map(([size, bps]) => `${size} B ${(bps / 1e6).toFixed(0)} MB/s`).join(', ')}`,
);
const gcmAt8k = gcm.get(8192) ?? 0;
if (gcmAt8k > 0) {
  const gcmMicros = (RECORD_BYTES / gcmAt8k) * 1e6;
  log(
    `at openssl speed one ${RECORD_BYTES} B record costs ${gcmMicros.toFixed(1)} µs of AES-GCM beside ` +
      `${(1e6 / rsa.verify).toFixed(1)} µs (public op) / ${(1e6 / rsa.sign).toFixed(0)} µs (private op): ` +
      `ideal seal ${(1e6 / (1e6 / rsa.verify + gcmMicros)).toFixed(0)}/s, ideal open ${(1e6 / (1e6 / rsa.sign + gcmMicros)).toFixed(0)}/s`,
  );
}
log(`load average at the end ${loads()}`);
log('');
log('Reproduce: node --import tsx bench/crypto/run.ts');
report(
  rows.map(([name, ours, _node, what, reference]) =>
    name.endsWith('Biometric')
      ? benchRow(`crypto: ${name}`, ours, '/s', {
          floor: reference,
          target: `>= 0.9x openssl ${what}`,
          check: (_v, ratio) => ratio !== null && ratio >= 0.9,
        })
      : benchRow(`crypto: ${name}`, ours, '/s', { floor: reference }),
  ),
);
