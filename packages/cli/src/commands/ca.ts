import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { extname, join, resolve } from 'node:path';
import {
  type CertificateInfo,
  type CryptoErrorCode,
  createDevelopmentPki,
  DEVELOPMENT_DOMAIN_ROOTS,
  DEVELOPMENT_ROLES,
  type DevelopmentRole,
  ERROR_CODES,
  fromP7b,
  parseCertificate,
  parseTimestamp,
  pemToDerList,
  privateKeyToPem,
  TRUST_DOMAINS,
  type TrustDomain,
  toP7b,
  validateChain,
} from '@mosip-trust/crypto';
import { CliError, type Command, type CommandContext, stringOption } from '../command.ts';

/** File names of the development PKI: kebab-case role names. */
function fileBase(role: DevelopmentRole): string {
  return role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

interface ManifestEntry {
  role: DevelopmentRole;
  description: string;
  issuer: DevelopmentRole | null;
  ca: boolean;
  keyUsage: string;
  domains: TrustDomain[];
  subject: string;
  notBefore: string;
  notAfter: string;
  thumbprint: string;
  certificate: string;
  privateKey: string;
  chainP7b: string;
}

const init: Command = {
  name: 'ca init',
  summary: 'Create a development PKI (FTM, device, partner and platform certificates and keys)',
  help: [
    '--out DIR [--organization ORG] [--validity-days N] [--force] [--json]',
    '',
    'Creates every certificate role of MDS 0.9.5 / MOSIP partner management in DIR:',
    '  <role>.crt.pem     certificate (PEM)',
    '  <role>.key.pem     private key (unencrypted PKCS#8 PEM, file mode 0600)',
    '  <role>.chain.p7b   the certificate and its issuers up to the root (PKCS#7, DER) for MOSIP upload',
    '  manifest.json      each file, its role, issuer, trust domains, subject, validity and thumbprint',
    '',
    "and one folder per trust domain holding only that domain's roots, as the trust server keeps them",
    '(use DIR or DIR/<DOMAIN> as `ca verify --roots`):',
    ...TRUST_DOMAINS.map(
      (d) =>
        `  ${`${d}/`.padEnd(18)} ${DEVELOPMENT_DOMAIN_ROOTS[d].map((r) => `${fileBase(r)}.crt.pem`).join(', ')}`,
    ),
    '',
    'Options:',
    '  --out DIR            directory to create (made with mode 0700 if missing) (required)',
    '  --organization ORG   subject O= of every certificate (default "Mosip Trust Dev")',
    '  --validity-days N    validity of the roots (default 3650); leaves get at most 730',
    '  --force              overwrite a PKI already in DIR (default off: an existing PKI is refused)',
    '  --json               print the manifest as JSON (default: a line per role and domain folder)',
  ].join('\n'),
  options: {
    out: { type: 'string' },
    organization: { type: 'string' },
    'validity-days': { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const out = resolve(stringOption(ctx, 'out', true) as string);
    const organization = stringOption(ctx, 'organization');
    const daysText = stringOption(ctx, 'validity-days');
    const validityDays = daysText === undefined ? undefined : Number(daysText);
    if (validityDays !== undefined && (!Number.isInteger(validityDays) || validityDays < 1)) {
      throw new CliError(`--validity-days must be a positive whole number, got "${daysText}"`, 2);
    }
    if (existsSync(join(out, 'manifest.json')) && !ctx.values.force) {
      throw new CliError(`${out} already holds a PKI (manifest.json); use --force to overwrite`);
    }
    const pki = await createDevelopmentPki({
      ...(organization === undefined ? {} : { organization }),
      ...(validityDays === undefined ? {} : { validityDays }),
    });
    mkdirSync(out, { recursive: true, mode: 0o700 });
    const files: ManifestEntry[] = [];
    for (const spec of DEVELOPMENT_ROLES) {
      const base = fileBase(spec.role);
      const entry = pki[spec.role];
      const chain = [entry.certificateDer];
      for (let up = spec.issuer; up; up = DEVELOPMENT_ROLES.find((s) => s.role === up)?.issuer) {
        chain.push(pki[up].certificateDer);
      }
      const info = parseCertificate(entry.certificateDer);
      const names = {
        certificate: `${base}.crt.pem`,
        privateKey: `${base}.key.pem`,
        chainP7b: `${base}.chain.p7b`,
      };
      writeFileSync(join(out, names.certificate), entry.certificatePem, { mode: 0o644 });
      writeFileSync(join(out, names.privateKey), privateKeyToPem(entry.privateKey), { mode: 0o600 });
      chmodSync(join(out, names.privateKey), 0o600); // an existing file keeps its mode on overwrite
      writeFileSync(join(out, names.chainP7b), toP7b(chain), { mode: 0o644 });
      files.push({
        role: spec.role,
        description: spec.description,
        issuer: spec.issuer ?? null,
        ca: spec.ca,
        keyUsage: spec.keyUsage,
        domains: spec.domains,
        subject: info.subject,
        notBefore: info.notBefore.toISOString(),
        notAfter: info.notAfter.toISOString(),
        thumbprint: info.thumbprintHex,
        ...names,
      });
    }
    const trustDomains: Record<string, string[]> = {};
    for (const domain of TRUST_DOMAINS) {
      const folder = join(out, domain);
      rmSync(folder, { recursive: true, force: true }); // --force: no root of an earlier PKI stays trusted
      mkdirSync(folder, { mode: 0o755 });
      trustDomains[domain] = DEVELOPMENT_DOMAIN_ROOTS[domain].map((role) => {
        const name = `${fileBase(role)}.crt.pem`;
        writeFileSync(join(folder, name), pki[role].certificatePem, { mode: 0o644 });
        return `${domain}/${name}`;
      });
    }
    const manifest = { version: 1, createdAt: new Date().toISOString(), directory: out, files, trustDomains };
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o644 });
    if (ctx.values.json) {
      ctx.out(JSON.stringify(manifest, null, 2));
      return 0;
    }
    ctx.out(`Created a development PKI in ${out}:`);
    const width = Math.max(...files.map((f) => f.role.length));
    for (const f of files) {
      ctx.out(`  ${f.role.padEnd(width)}  ${f.certificate} + ${f.privateKey} (0600)  ${f.subject}`);
    }
    for (const domain of TRUST_DOMAINS)
      ctx.out(`  ${domain}/ roots of the ${domain} domain: ${trustDomains[domain]?.join(', ')}`);
    ctx.out('  manifest.json lists every file with its role, issuer, trust domains and thumbprint.');
    return 0;
  },
};

const CERT_EXTENSIONS = new Set(['.pem', '.crt', '.cer', '.der', '.p7b', '.p7c']);

/** Certificates of one file: PEM (any number), PKCS#7, or a single DER certificate. Keys yield none. */
function certificatesIn(path: string): Buffer[] {
  const data = readFileSync(path);
  const text = data.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) return pemToDerList(text);
  if (text.includes('-----BEGIN PKCS7-----')) return fromP7b(text);
  if (text.includes('-----BEGIN')) return [];
  const ext = extname(path).toLowerCase();
  return ext === '.p7b' || ext === '.p7c' ? fromP7b(data) : [data];
}

function readCertificates(path: string): Buffer[] {
  try {
    return certificatesIn(path);
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`, 2);
  }
}

function describe(c: CertificateInfo) {
  return {
    subject: c.subject,
    issuer: c.issuer,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    thumbprint: c.thumbprintHex,
  };
}

const isDirectory = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * The folder holding `domain`'s trust store: DIR/<DOMAIN> when DIR is laid out by domain (a folder
 * named after any domain), so the roots of one domain never vouch for a certificate in another.
 */
function domainStore(dir: string, domain: TrustDomain): string {
  if (!TRUST_DOMAINS.some((d) => isDirectory(join(dir, d)))) return dir;
  const folder = join(dir, domain);
  if (!isDirectory(folder)) {
    throw new CliError(`${dir} is laid out by trust domain but has no ${domain} folder`, 2);
  }
  return folder;
}

const verify: Command = {
  name: 'ca verify',
  summary: 'Validate a certificate chain against a trust domain and explain any failure',
  help: [
    '--domain NAME --roots DIR [--at TIME] [--json] CERT',
    '',
    'Validates CERT (PEM, DER or .p7b; the leaf first, intermediates may follow it) against the',
    'trust store of one domain, as the trust server does: when DIR has a folder per domain (as',
    "`ca init` writes), only DIR/<DOMAIN> is read; otherwise DIR itself is taken as that domain's store.",
    'Certificates in it (*.pem *.crt *.cer *.der *.p7b): self-signed ones are the trust anchors, the',
    'others are usable intermediates. Checks validity dates, CA basic constraints, key usage (the',
    "domain's leaf usage), path length, RSA >= 2048 or approved curves and SHA-2 signatures.",
    'Exit 0 when valid, 1 when not, 2 on bad usage.',
    '',
    'Options:',
    `  --domain NAME   trust domain: ${TRUST_DOMAINS.join(', ')} (required)`,
    "  --roots DIR     the domain's CA certificates, or a folder with one sub-folder per domain (required)",
    '  --at TIME       validate at this time (RFC 3339) (default: now)',
    '  --json          print the result as JSON (default: text)',
  ].join('\n'),
  options: {
    domain: { type: 'string' },
    roots: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: ['CERT'],
  async run(ctx: CommandContext) {
    const domain = (stringOption(ctx, 'domain', true) as string).toUpperCase() as TrustDomain;
    if (!TRUST_DOMAINS.includes(domain)) {
      throw new CliError(`--domain must be one of ${TRUST_DOMAINS.join(', ')}`, 2);
    }
    const rootsOption = stringOption(ctx, 'roots', true) as string;
    if (!isDirectory(rootsOption)) throw new CliError(`--roots ${rootsOption} is not a directory`, 2);
    const rootsDir = domainStore(rootsOption, domain);
    const certPath = ctx.positionals[0];
    if (!certPath) throw new CliError('missing CERT (the certificate file to validate)', 2);
    if (!existsSync(certPath)) throw new CliError(`${certPath} does not exist`, 2);
    const atText = stringOption(ctx, 'at');
    let at: Date | undefined;
    try {
      at = atText === undefined ? undefined : parseTimestamp(atText);
    } catch (e) {
      throw new CliError(`--at: ${(e as Error).message}`, 2);
    }

    const [leaf, ...following] = readCertificates(certPath);
    if (!leaf) throw new CliError(`${certPath} holds no certificate`, 2);
    const anchors: Buffer[] = [];
    const intermediates: Buffer[] = [...following];
    for (const name of readdirSync(rootsDir).sort()) {
      const path = join(rootsDir, name);
      if (!CERT_EXTENSIONS.has(extname(name).toLowerCase()) || !statSync(path).isFile()) continue;
      for (const der of readCertificates(path)) {
        (parseCertificate(der).selfSigned ? anchors : intermediates).push(der);
      }
    }
    if (anchors.length === 0) throw new CliError(`no self-signed (root) certificate found in ${rootsDir}`, 2);

    try {
      const { chain } = await validateChain(leaf, { domain, anchors, intermediates, ...(at ? { at } : {}) });
      if (ctx.values.json) {
        ctx.out(JSON.stringify({ valid: true, domain, chain: chain.map(describe) }, null, 2));
      } else {
        ctx.out(`OK: "${chain[0]?.subject}" is trusted in the ${domain} domain. Chain (leaf first):`);
        for (const c of chain)
          ctx.out(`  ${c.subject}  (valid to ${c.notAfter.toISOString()}, ${c.thumbprintHex})`);
      }
      return 0;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (!code || !(code in ERROR_CODES)) throw e;
      const explanation = ERROR_CODES[code as CryptoErrorCode];
      if (ctx.values.json) {
        ctx.out(
          JSON.stringify({ valid: false, domain, code, message: (e as Error).message, explanation }, null, 2),
        );
      } else {
        ctx.err(`INVALID in the ${domain} domain: ${(e as Error).message}`);
        ctx.err(`  ${code}: ${explanation}`);
      }
      return 1;
    }
  },
};

export const commands: Command[] = [init, verify];
