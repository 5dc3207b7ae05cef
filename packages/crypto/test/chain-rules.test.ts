// Chain rules on issuers made outside this package (the openssl CLI), each cross-checked with `openssl verify`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  type CertifiedKey,
  createRootCa,
  issueCertificate,
  pemToDerList,
  privateKeyToPem,
  validateChain,
} from '@mosip-trust/crypto';
import { errorCode, openssl, opensslStatus, scratchDir } from './helpers.ts';

const dir = scratchDir();
let n = 0;

/** Writes PEM text to a fresh file of the scratch directory; returns its path. */
function file(pem: string): string {
  const path = join(dir, `f${n++}.pem`);
  writeFileSync(path, pem);
  return path;
}

/**
 * A certificate issued by `issuer` with the openssl CLI, with exactly the extensions of `ext`
 * (openssl x509 -extfile syntax; '' for none). Returns the certificate PEM and its key file.
 */
function opensslIssued(
  issuer: { certificatePem: string; keyFile: string },
  subject: string,
  ext: string,
): { certificatePem: string; keyFile: string } {
  const key = join(dir, `k${n++}.pem`);
  const csr = join(dir, `r${n++}.csr`);
  const out = join(dir, `c${n++}.pem`);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  const args = ['x509', '-req', '-in', csr, '-CA', file(issuer.certificatePem), '-CAkey', issuer.keyFile];
  args.push('-set_serial', String(1000 + n), '-sha256', '-days', '365', '-out', out);
  if (ext) args.push('-extfile', file(ext));
  openssl(args);
  return { certificatePem: readFileSync(out, 'utf8'), keyFile: key };
}

const der = (pem: string) => pemToDerList(pem)[0] as Buffer;

describe('issuer rules (openssl verify agrees)', { timeout: 120_000 }, () => {
  let root: CertifiedKey;
  let rootIssuer: { certificatePem: string; keyFile: string };

  before(async () => {
    root = await createRootCa({ subject: 'CN=Rules Root, O=Rules, C=IN' });
    rootIssuer = { certificatePem: root.certificatePem, keyFile: file(privateKeyToPem(root.privateKey)) };
  });

  test('an issuer with CA:FALSE and no key-usage extension: ERR_CHAIN_NOT_CA', {
    timeout: 60_000,
  }, async () => {
    const notCa = opensslIssued(rootIssuer, '/C=IN/O=Rules/CN=Not A CA No KU', 'basicConstraints=CA:FALSE\n');
    const leaf = opensslIssued(
      notCa,
      '/C=IN/O=Rules/CN=Under Not A CA',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    );
    const ku = openssl([
      'x509',
      '-noout',
      '-ext',
      'keyUsage,basicConstraints',
      '-in',
      file(notCa.certificatePem),
    ]);
    assert.doesNotMatch(ku.toString(), /Key Usage/, 'the issuer has no key-usage extension');
    assert.match(ku.toString(), /CA:FALSE/);
    const code = await errorCode(() =>
      validateChain(der(leaf.certificatePem), {
        domain: 'AUTH',
        anchors: [root.certificateDer],
        intermediates: [der(notCa.certificatePem)],
      }),
    );
    assert.equal(code, 'ERR_CHAIN_NOT_CA');
    const o = opensslStatus([
      'verify',
      '-CAfile',
      file(root.certificatePem),
      '-untrusted',
      file(notCa.certificatePem),
      file(leaf.certificatePem),
    ]);
    assert.notEqual(o.status, 0);
    assert.match(o.output, /invalid CA certificate/);
  });

  test('an intermediate CA under a pathlen:0 root: ERR_CHAIN_PATH_LENGTH', { timeout: 60_000 }, async () => {
    const capped = opensslIssued(
      rootIssuer,
      '/C=IN/O=Rules/CN=Capped CA',
      'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n',
    );
    // A root whose pathlen is 0, made by openssl as a self-signed certificate.
    const rootKey = join(dir, 'capped-root.key');
    const rootPem = join(dir, 'capped-root.pem');
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', rootKey]);
    const cnf = file(
      '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
    );
    openssl([
      'req',
      '-new',
      '-x509',
      '-key',
      rootKey,
      '-subj',
      '/C=IN/O=Rules/CN=Pathlen0 Root',
      '-sha256',
      '-days',
      '3650',
      '-config',
      cnf,
      '-extensions',
      'v3',
      '-out',
      rootPem,
    ]);
    const pathlenRoot = { certificatePem: readFileSync(rootPem, 'utf8'), keyFile: rootKey };
    const intermediate = opensslIssued(
      pathlenRoot,
      '/C=IN/O=Rules/CN=Under Pathlen0',
      'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n',
    );
    const leaf = opensslIssued(
      intermediate,
      '/C=IN/O=Rules/CN=Leaf Under Pathlen0',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    );
    const anchors = [der(pathlenRoot.certificatePem)];
    // The intermediate itself, validated as a CA to be trusted: refused, since nothing it issues can verify.
    assert.equal(
      await errorCode(() => validateChain(der(intermediate.certificatePem), { domain: 'AUTH', anchors })),
      'ERR_CHAIN_PATH_LENGTH',
    );
    // What it issues: refused by us and by openssl.
    assert.equal(
      await errorCode(() =>
        validateChain(der(leaf.certificatePem), {
          domain: 'AUTH',
          anchors,
          intermediates: [der(intermediate.certificatePem)],
        }),
      ),
      'ERR_CHAIN_PATH_LENGTH',
    );
    const o = opensslStatus([
      'verify',
      '-CAfile',
      rootPem,
      '-untrusted',
      file(intermediate.certificatePem),
      file(leaf.certificatePem),
    ]);
    assert.notEqual(o.status, 0);
    assert.match(o.output, /path length constraint exceeded/);
    // A leaf directly under the pathlen:0 root, and a CA directly under a root without pathlen, stay valid.
    const direct = opensslIssued(
      pathlenRoot,
      '/C=IN/O=Rules/CN=Direct Leaf',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n',
    );
    await validateChain(der(direct.certificatePem), { domain: 'AUTH', anchors });
    assert.equal(
      opensslStatus(['verify', '-CAfile', rootPem, file(direct.certificatePem)]).status,
      0,
      'openssl accepts the direct leaf',
    );
    await validateChain(der(capped.certificatePem), { domain: 'AUTH', anchors: [root.certificateDer] });
    const sub = await issueCertificate(root, { subject: 'CN=Sub, O=Rules, C=IN', ca: true, pathLength: 0 });
    await validateChain(sub.certificateDer, { domain: 'AUTH', anchors: [root.certificateDer] });
  });
});
