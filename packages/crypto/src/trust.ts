import {
  type CertificateInfo,
  copyInfo,
  type ParsedCertificate,
  parseDerCached,
} from './certificate-info.ts';
import { assertBytes, CryptoError } from './errors.ts';
import { checkValidityDates } from './validity.ts';

/** MOSIP's partner-certificate trust domains (keymanager partnerDomain). */
export type TrustDomain = 'FTM' | 'DEVICE' | 'AUTH' | 'CREDENTIAL' | 'MISP';
export const TRUST_DOMAINS: readonly TrustDomain[] = ['FTM', 'DEVICE', 'AUTH', 'CREDENTIAL', 'MISP'];

/**
 * Key usages a leaf of each domain needs (any one of them, when the extension is present): device,
 * FTM, auth and MISP partners sign; credential partners receive data encrypted to their key.
 */
const LEAF_USAGES: Record<TrustDomain, string[]> = {
  FTM: ['digitalSignature', 'nonRepudiation'],
  DEVICE: ['digitalSignature', 'nonRepudiation'],
  AUTH: ['digitalSignature', 'nonRepudiation'],
  MISP: ['digitalSignature', 'nonRepudiation'],
  CREDENTIAL: ['digitalSignature', 'keyEncipherment', 'dataEncipherment'],
};

const SHA2 = new Set(['SHA-256', 'SHA-384', 'SHA-512', 'Ed25519']);
const APPROVED_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const MAX_DEPTH = 10;

export interface ValidateChainOptions {
  domain: TrustDomain;
  /** The domain's trust anchors (root or intermediate CA certificates, DER). */
  anchors: Uint8Array[];
  /** Untrusted certificates that may complete the path. */
  intermediates?: Uint8Array[];
  at?: Date;
}

function parseAll(list: Uint8Array[] | undefined, name: string): ParsedCertificate[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new CryptoError('ERR_INVALID_INPUT', `${name} must be an array of DER`);
  return list.map((der, i) => {
    assertBytes(der, `${name}[${i}]`);
    return parseDerCached(der);
  });
}

function issues(issuer: ParsedCertificate, child: ParsedCertificate): boolean {
  return issuer.info.subject === child.info.issuer && child.node.verify(issuer.publicKey);
}

/**
 * Depth-first path search from the leaf: an anchor that issued the current certificate ends the
 * path; otherwise any unused intermediate that issued it extends the path.
 */
function buildPath(
  path: ParsedCertificate[],
  anchors: ParsedCertificate[],
  intermediates: ParsedCertificate[],
): ParsedCertificate[] | undefined {
  const current = path[path.length - 1] as ParsedCertificate;
  if (anchors.some((a) => a.info.der.equals(current.info.der))) return path;
  const anchor = anchors.find((a) => issues(a, current));
  if (anchor) return [...path, anchor];
  if (path.length >= MAX_DEPTH) return undefined;
  for (const candidate of intermediates) {
    if (path.some((p) => p.info.der.equals(candidate.info.der)) || !issues(candidate, current)) continue;
    const found = buildPath([...path, candidate], anchors, intermediates);
    if (found) return found;
  }
  return undefined;
}

function checkKeyStrength(cert: CertificateInfo): void {
  const { publicKeyAlgorithm: alg, publicKeyBits: bits } = cert;
  const ok =
    ((alg === 'rsa' || alg === 'rsa-pss') && bits >= 2048) ||
    (alg === 'ec' && APPROVED_CURVES.has(cert.publicKeyCurve ?? '')) ||
    alg === 'ed25519';
  if (!ok) {
    const what = alg === 'ec' ? `EC curve ${cert.publicKeyCurve}` : `${alg.toUpperCase()} ${bits}-bit key`;
    throw new CryptoError('ERR_CERT_WEAK_KEY', `certificate "${cert.subject}" has a weak key: ${what}`, {
      details: { subject: cert.subject },
    });
  }
}

function checkIssuer(issuer: CertificateInfo, intermediatesBelow: number): void {
  if (!issuer.isCa) {
    throw new CryptoError(
      'ERR_CHAIN_NOT_CA',
      `issuer "${issuer.subject}" is not a CA (basicConstraints CA=false)`,
      {
        details: { subject: issuer.subject },
      },
    );
  }
  if (issuer.keyUsage.length > 0 && !issuer.keyUsage.includes('keyCertSign')) {
    throw new CryptoError('ERR_CHAIN_KEY_USAGE', `issuer "${issuer.subject}" key usage lacks keyCertSign`, {
      details: { subject: issuer.subject, keyUsage: issuer.keyUsage },
    });
  }
  if (issuer.pathLength !== undefined && intermediatesBelow > issuer.pathLength) {
    throw new CryptoError(
      'ERR_CHAIN_PATH_LENGTH',
      `issuer "${issuer.subject}" allows ${issuer.pathLength} intermediate CA(s) below it, path has ${intermediatesBelow}`,
      { details: { subject: issuer.subject } },
    );
  }
}

/**
 * Validates a certificate against the anchors of a trust domain: a signature path to an anchor, then
 * for every certificate its dates, key strength (RSA >= 2048, P-256/384/521, Ed25519) and SHA-2
 * signature (the anchor's own self-signature excepted), CA flag, keyCertSign and path length on
 * issuers (a CA leaf counting as an intermediate), and the domain's leaf key usage. Returns the path leaf first, anchor last.
 */
export async function validateChain(
  leaf: Uint8Array,
  opts: ValidateChainOptions,
): Promise<{ chain: CertificateInfo[] }> {
  assertBytes(leaf, 'leaf');
  if (!opts || !TRUST_DOMAINS.includes(opts.domain)) {
    throw new CryptoError('ERR_INVALID_INPUT', `domain must be one of ${TRUST_DOMAINS.join(', ')}`);
  }
  const at = opts.at ?? new Date();
  const anchors = parseAll(opts.anchors, 'anchors');
  const intermediates = parseAll(opts.intermediates, 'intermediates');
  const start = parseDerCached(leaf);
  const path = buildPath([start], anchors, intermediates);
  if (!path) {
    throw new CryptoError(
      'ERR_CHAIN_UNTRUSTED',
      `no path from "${start.info.subject}" (issuer "${start.info.issuer}") to a ${opts.domain} trust anchor`,
      { details: { subject: start.info.subject, issuer: start.info.issuer, domain: opts.domain } },
    );
  }
  const chain = path.map((p) => p.info);
  // A CA certificate validated on its own is about to issue: it counts as an intermediate below its
  // issuers, so a CA under a pathLen:0 root is refused (docs/crypto.md, "Chain validation").
  const leafCa = chain.length > 1 && chain[0]?.isCa ? 1 : 0;
  for (const [i, cert] of chain.entries()) {
    checkValidityDates(cert, at);
    checkKeyStrength(cert);
    const isAnchor = i === chain.length - 1;
    if (!(isAnchor && cert.selfSigned) && !SHA2.has(cert.signatureHash)) {
      throw new CryptoError(
        'ERR_CERT_WEAK_SIGNATURE',
        `certificate "${cert.subject}" is signed with ${cert.signatureAlgorithm}, not SHA-2`,
        { details: { subject: cert.subject } },
      );
    }
    if (i > 0) checkIssuer(cert, i - 1 + leafCa);
  }
  const leafInfo = chain[0] as CertificateInfo;
  const wanted = LEAF_USAGES[opts.domain];
  if (
    chain.length > 1 &&
    leafInfo.keyUsage.length > 0 &&
    !leafInfo.keyUsage.some((u) => wanted.includes(u))
  ) {
    throw new CryptoError(
      'ERR_CHAIN_KEY_USAGE',
      `certificate "${leafInfo.subject}" key usage (${leafInfo.keyUsage.join(', ')}) allows none of ${wanted.join(', ')} needed in ${opts.domain}`,
      { details: { subject: leafInfo.subject, keyUsage: leafInfo.keyUsage } },
    );
  }
  return { chain: chain.map(copyInfo) };
}
