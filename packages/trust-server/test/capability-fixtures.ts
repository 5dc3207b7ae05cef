import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CertifiedKey,
  createRootCa,
  issueCertificate,
  privateKeyToPem,
  toP7b,
} from '@mosip-trust/crypto';
import { diffSnapshots, type TestServer } from './support/server.ts';

/** Test PKI for the capability tests: chains from the crypto package, weak certificates from the openssl CLI. */

export const PM = '/v1/partnermanager';
export const POL = '/v1/policymanager';

export interface Chain {
  root: CertifiedKey;
  intermediate: CertifiedKey;
}

export async function createChain(name: string): Promise<Chain> {
  const root = await createRootCa({ subject: `CN=${name} Root, O=${name}, C=IN`, validityDays: 3650 });
  const intermediate = (await issueCertificate(root, {
    subject: `CN=${name} Intermediate, O=${name}, C=IN`,
    ca: true,
    validityDays: 3000,
  })) as CertifiedKey;
  return { root, intermediate };
}

/** A partner leaf issued by `issuer` for organisation `org`. */
export async function partnerLeaf(
  issuer: CertifiedKey,
  org: string,
  opts: { days?: number; usage?: 'signing' | 'encryption'; notBefore?: Date; notAfter?: Date } = {},
) {
  return (await issueCertificate(issuer, {
    subject: `CN=partner ${org}, O=${org}, C=IN`,
    ca: false,
    keyUsage: opts.usage ?? 'signing',
    ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
    ...(opts.notAfter ? { notAfter: opts.notAfter } : { validityDays: opts.days ?? 700 }),
  })) as CertifiedKey;
}

export function p7bBase64Url(certs: CertifiedKey[]): string {
  return toP7b(certs.map((c) => c.certificateDer)).toString('base64url');
}

/**
 * A certificate made with the openssl CLI: `bits` RSA key, `digest` signature hash, issued by `issuer`
 * (or self-signed when absent), optionally a CA.
 */
export function opensslCertificate(opts: {
  subject: string;
  bits: number;
  digest: 'sha1' | 'sha256';
  issuer?: CertifiedKey;
  ca?: boolean;
  days?: number;
}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cap-openssl-'));
  try {
    const run = (...args: string[]) =>
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const ext = opts.ca
      ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\n'
      : 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\n';
    writeFileSync(join(dir, 'ext.cnf'), ext);
    run('genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${opts.bits}`, '-out', 'key.pem');
    const days = String(opts.days ?? 700);
    if (!opts.issuer) {
      run(
        'req',
        '-new',
        '-x509',
        '-key',
        'key.pem',
        '-subj',
        opts.subject,
        `-${opts.digest}`,
        '-days',
        days,
        '-extensions',
        'v3',
        '-config',
        writeConfig(dir, ext),
        '-out',
        'cert.pem',
      );
    } else {
      writeFileSync(join(dir, 'ca.pem'), opts.issuer.certificatePem);
      writeFileSync(join(dir, 'ca.key'), privateKeyToPem(opts.issuer.privateKey));
      run('req', '-new', '-key', 'key.pem', '-subj', opts.subject, '-out', 'req.csr');
      run(
        'x509',
        '-req',
        '-in',
        'req.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        `-${opts.digest}`,
        '-days',
        days,
        '-extfile',
        'ext.cnf',
        '-out',
        'cert.pem',
      );
    }
    return readFileSync(join(dir, 'cert.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeConfig(dir: string, ext: string): string {
  const path = join(dir, 'req.cnf');
  writeFileSync(path, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${ext}`);
  return path;
}

/** Uploads CA certificates as the admin and insists it worked. */
export async function uploadCa(s: TestServer, certificateData: string, partnerDomain: string): Promise<void> {
  const res = await s.call('POST', `${PM}/partners/certificate/ca/upload`, {
    token: s.adminToken,
    request: { certificateData, partnerDomain },
  });
  if (res.status !== 200)
    throw new Error(`CA upload failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
}

/** The organisation name the test harness registers a partner under. */
export const orgOf = (partnerId: string) => `Org ${partnerId}`;

/** The first error code of a response. */
export const codeOf = (res: { body: { errors: { errorCode: string }[] } }) => res.body.errors?.[0]?.errorCode;

/** Calls, expects a refusal with `status` and `code`, and checks that the content of no table changed. */
export async function expectRefused(
  s: TestServer,
  call: () => Promise<{ status: number; body: { errors: { errorCode: string; message: string }[] } }>,
  status: number,
  code: string,
): Promise<string> {
  const before = await s.snapshot();
  const res = await call();
  const got = res.body.errors?.[0];
  if (res.status !== status || got?.errorCode !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body.errors)}`);
  }
  if (!got.message) throw new Error(`error ${code} has no message`);
  const changed = diffSnapshots(before, await s.snapshot());
  if (changed.length > 0) throw new Error(`a refused call changed ${changed.join(', ')}`);
  return got.message;
}
