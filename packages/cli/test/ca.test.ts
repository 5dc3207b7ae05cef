// Runs `mosip-trust ca init` and `ca verify` as a user would: a subprocess, real files, real openssl.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/mosip-trust.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mosip-ca-cli-'));
const pkiDir = join(dir, 'pki');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI as a subprocess; independent runs go in parallel (each start loads every command module). */
function cli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface Manifest {
  version: number;
  files: {
    role: string;
    certificate: string;
    privateKey: string;
    chainP7b: string;
    subject: string;
    issuer: string | null;
    domains: string[];
    thumbprint: string;
  }[];
  trustDomains: Record<string, string[]>;
}
let manifest: Manifest;
let printed: Manifest;

before(
  async () => {
    const r = await cli('ca', 'init', '--out', pkiDir, '--organization', 'CLI Test Org', '--json');
    assert.equal(r.status, 0, r.stderr);
    printed = JSON.parse(r.stdout) as Manifest;
    manifest = JSON.parse(readFileSync(join(pkiDir, 'manifest.json'), 'utf8')) as Manifest;
  },
  { timeout: 120_000 },
);

describe('mosip-trust ca init', { timeout: 120_000 }, () => {
  test('writes every role: certificate, 0600 key and p7b chain, listed in manifest.json and printed with --json', async () => {
    assert.deepEqual(printed, manifest);
    const roles = manifest.files.map((f) => f.role);
    for (const role of [
      'ftmRoot',
      'ftmChip',
      'deviceProviderCa',
      'device',
      'partnerCa',
      'partner',
      'platformRoot',
      'platformPms',
      'platformEncryption',
      'platformSigning',
    ]) {
      assert.ok(roles.includes(role), role);
    }
    for (const f of manifest.files) {
      assert.equal(statSync(join(pkiDir, f.privateKey)).mode & 0o777, 0o600, f.privateKey);
      assert.match(readFileSync(join(pkiDir, f.privateKey), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
      assert.match(readFileSync(join(pkiDir, f.certificate), 'utf8'), /^-----BEGIN CERTIFICATE-----/);
      assert.match(f.subject, /O=CLI Test Org/);
      const fp = execFileSync('openssl', [
        'x509',
        '-in',
        join(pkiDir, f.certificate),
        '-noout',
        '-fingerprint',
        '-sha256',
      ]).toString();
      assert.equal(f.thumbprint, /=([0-9A-F:]+)/.exec(fp)?.[1]?.replaceAll(':', ''));
      // the key matches the certificate
      const certPub = execFileSync('openssl', [
        'x509',
        '-in',
        join(pkiDir, f.certificate),
        '-noout',
        '-pubkey',
      ]).toString();
      const keyPub = execFileSync('openssl', [
        'pkey',
        '-in',
        join(pkiDir, f.privateKey),
        '-pubout',
      ]).toString();
      assert.equal(certPub, keyPub, f.role);
    }
    const chain = execFileSync('openssl', [
      'pkcs7',
      '-inform',
      'DER',
      '-in',
      join(pkiDir, 'platform-signing.chain.p7b'),
      '-print_certs',
      '-noout',
    ]).toString();
    assert.equal(chain.match(/subject=/g)?.length, 3);
  });

  test("one folder per trust domain with only that domain's roots, listed in the manifest", () => {
    const expected = {
      FTM: ['FTM/ftm-root.crt.pem'],
      DEVICE: ['DEVICE/device-provider-ca.crt.pem'],
      AUTH: ['AUTH/partner-ca.crt.pem'],
      CREDENTIAL: ['CREDENTIAL/partner-ca.crt.pem'],
      MISP: ['MISP/partner-ca.crt.pem'],
    };
    assert.deepEqual(manifest.trustDomains, expected);
    for (const [domain, files] of Object.entries(expected)) {
      assert.deepEqual(
        readdirSync(join(pkiDir, domain)),
        files.map((f) => f.split('/')[1]),
        domain,
      );
      for (const f of files) {
        const role = manifest.files.find((m) => `${domain}/${m.certificate}` === f);
        assert.equal(
          readFileSync(join(pkiDir, f), 'utf8'),
          readFileSync(join(pkiDir, role?.certificate ?? ''), 'utf8'),
        );
      }
    }
  });

  test('openssl verify accepts the chains it made', async () => {
    const out = execFileSync('openssl', [
      'verify',
      '-CAfile',
      join(pkiDir, 'platform-root.crt.pem'),
      '-untrusted',
      join(pkiDir, 'platform-pms.crt.pem'),
      join(pkiDir, 'platform-encryption.crt.pem'),
    ]).toString();
    assert.match(out, /OK/);
  });

  test('refuses to overwrite without --force, human output lists the roles, bad options fail', async () => {
    const other = join(dir, 'pki2');
    const [again, r, badDays, noOut] = await Promise.all([
      cli('ca', 'init', '--out', pkiDir),
      cli('ca', 'init', '--out', other, '--validity-days', '400'),
      cli('ca', 'init', '--out', join(dir, 'pki3'), '--validity-days', 'ten'),
      cli('ca', 'init'),
    ]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already holds a PKI.*--force/);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /deviceProviderCa\s+device-provider-ca\.crt\.pem \+ device-provider-ca\.key\.pem \(0600\)/,
    );
    assert.equal(badDays.status, 2);
    assert.match(badDays.stderr, /--validity-days must be a positive whole number/);
    assert.equal(noOut.status, 1);
    assert.match(noOut.stderr, /missing required option --out/);
  });
});

describe('mosip-trust ca verify', { timeout: 120_000 }, () => {
  type Run = Awaited<ReturnType<typeof cli>>;
  const runs: Record<string, Run> = {};

  // The runs are independent: start them together, then check each in its own test.
  before(async () => {
    const platformRoots = join(dir, 'platform-roots');
    mkdirSync(platformRoots);
    copyFileSync(join(pkiDir, 'platform-root.crt.pem'), join(platformRoots, 'root.crt'));
    const ftmOnly = join(dir, 'ftm-only');
    mkdirSync(ftmOnly);
    copyFileSync(join(pkiDir, 'ftm-root.crt.pem'), join(ftmOnly, 'ftm-root.pem'));
    const bundle = join(dir, 'signing-bundle.pem');
    const pem = (name: string) => readFileSync(join(pkiDir, name), 'utf8');
    writeFileSync(bundle, pem('platform-signing.crt.pem') + pem('platform-pms.crt.pem'));
    const device = join(pkiDir, 'device.crt.pem');
    const partner = join(pkiDir, 'partner.crt.pem');
    const ftmLayout = join(dir, 'ftm-layout');
    mkdirSync(join(ftmLayout, 'FTM'), { recursive: true });
    copyFileSync(join(pkiDir, 'ftm-root.crt.pem'), join(ftmLayout, 'FTM', 'ftm-root.pem'));
    const verify = (...args: string[]) => cli('ca', 'verify', ...args);
    const calls: Record<string, Promise<Run>> = {
      valid: verify('--domain', 'DEVICE', '--roots', pkiDir, device),
      bundle: verify('--domain', 'AUTH', '--roots', platformRoots, bundle, '--json'),
      lone: verify('--domain', 'AUTH', '--roots', platformRoots, join(pkiDir, 'platform-signing.crt.pem')),
      p7b: verify('--domain', 'FTM', '--roots', pkiDir, join(pkiDir, 'ftm-chip.chain.p7b')),
      untrusted: verify('--domain', 'DEVICE', '--roots', ftmOnly, device),
      expired: verify(
        '--domain',
        'DEVICE',
        '--roots',
        pkiDir,
        '--at',
        '2100-01-01T00:00:00Z',
        '--json',
        device,
      ),
      badDomain: verify('--domain', 'BANK', '--roots', pkiDir, device),
      noCert: verify('--domain', 'DEVICE', '--roots', pkiDir),
      noRoots: verify('--domain', 'DEVICE', '--roots', join(dir, 'nope'), device),
      notCert: verify('--domain', 'DEVICE', '--roots', pkiDir, join(pkiDir, 'device.key.pem')),
      partnerInDevice: verify('--domain', 'DEVICE', '--roots', pkiDir, partner),
      partnerInAuth: verify('--domain', 'AUTH', '--roots', pkiDir, partner),
      deviceInAuth: verify('--domain', 'AUTH', '--roots', pkiDir, device),
      domainFolder: verify('--domain', 'DEVICE', '--roots', join(pkiDir, 'DEVICE'), device),
      noDomainFolder: verify('--domain', 'DEVICE', '--roots', ftmLayout, device),
      help: verify('--help'),
    };
    for (const [name, call] of Object.entries(calls)) runs[name] = await call;
  });

  const run = (name: string) => runs[name] as Run;

  test('valid: device against its provider CA (exit 0, chain printed)', () => {
    assert.equal(run('valid').status, 0, run('valid').stderr);
    assert.match(
      run('valid').stdout,
      /OK: "CN=Device, O=CLI Test Org, C=IN" is trusted in the DEVICE domain/,
    );
  });

  test('intermediates after the leaf in CERT, only the root in the roots directory', () => {
    const r = run('bundle');
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { valid: boolean; chain: { subject: string }[] };
    assert.equal(result.valid, true);
    assert.deepEqual(
      result.chain.map((c) => c.subject.split(',')[0]),
      ['CN=MOSIP Signing', 'CN=MOSIP PMS', 'CN=MOSIP Root CA'],
    );
    // without the intermediate there is no path
    assert.equal(run('lone').status, 1);
    assert.match(run('lone').stderr, /ERR_CHAIN_UNTRUSTED/);
  });

  test('a p7b chain file works as CERT', () => {
    assert.equal(run('p7b').status, 0, run('p7b').stderr);
  });

  test('failures exit 1 and explain themselves: untrusted root, expiry (--at), JSON form', () => {
    const untrusted = run('untrusted');
    assert.equal(untrusted.status, 1);
    assert.match(
      untrusted.stderr,
      /INVALID in the DEVICE domain: no path from "CN=Device, O=CLI Test Org, C=IN"/,
    );
    assert.match(untrusted.stderr, /ERR_CHAIN_UNTRUSTED: no path from the certificate to a trust anchor/);
    const expired = run('expired');
    assert.equal(expired.status, 1);
    const result = JSON.parse(expired.stdout) as { valid: boolean; code: string; explanation: string };
    assert.equal(result.valid, false);
    assert.equal(result.code, 'ERR_CERT_EXPIRED');
    assert.match(result.explanation, /notAfter/);
  });

  test('the ca init folder vouches for a certificate only in its own domain', () => {
    const partnerInDevice = run('partnerInDevice');
    assert.equal(partnerInDevice.status, 1, partnerInDevice.stdout);
    assert.match(
      partnerInDevice.stderr,
      /INVALID in the DEVICE domain: no path from "CN=Auth Partner, O=CLI Test Org, C=IN"/,
    );
    assert.equal(run('partnerInAuth').status, 0, run('partnerInAuth').stderr);
    assert.match(run('partnerInAuth').stdout, /is trusted in the AUTH domain/);
    assert.equal(run('deviceInAuth').status, 1);
    assert.match(run('deviceInAuth').stderr, /ERR_CHAIN_UNTRUSTED/);
    assert.equal(run('domainFolder').status, 0, run('domainFolder').stderr);
    assert.equal(run('noDomainFolder').status, 2);
    assert.match(run('noDomainFolder').stderr, /laid out by trust domain but has no DEVICE folder/);
  });

  test('usage errors exit 2 with a message', () => {
    assert.equal(run('badDomain').status, 2);
    assert.match(run('badDomain').stderr, /--domain must be one of FTM, DEVICE, AUTH, CREDENTIAL, MISP/);
    assert.equal(run('noCert').status, 2);
    assert.match(run('noCert').stderr, /missing CERT/);
    assert.equal(run('noRoots').status, 2);
    assert.match(run('noRoots').stderr, /is not a directory/);
    assert.equal(run('notCert').status, 2);
    assert.match(run('notCert').stderr, /holds no certificate/);
    assert.equal(run('help').status, 0);
    assert.match(run('help').stdout, /--domain NAME --roots DIR/);
    assert.match(run('help').stdout, /only DIR\/<DOMAIN> is read/);
  });
});
