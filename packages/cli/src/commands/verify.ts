/**
 * `mosip-trust verify capture`: verifies a capture response against its request with the checks of
 * MOSIP's authentication service (docs/verifier.md), for people who debug devices.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { importPrivateKeyPem, pemToDerList } from '@mosip-trust/crypto';
import { TrustClient } from '@mosip-trust/management-server';
import {
  type CaptureTrustDomain,
  type DecryptionKey,
  HttpDeviceRegistry,
  InMemoryTrustAnchors,
  type VerifierDependencies,
  verifyCapture,
} from '@mosip-trust/verifier';
import { CliError, type Command, type CommandContext, readOptionFile, stringOption } from '../command.ts';

const CERT_EXTENSIONS = new Set(['.pem', '.crt', '.cer']);
const EXIT_ACCEPTED = 0;
const EXIT_REFUSED = 3;
const USAGE = 2;

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readOptionFile(path, what));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${what} ${path} is not JSON`, USAGE);
  }
}

function certificatesIn(dir: string): Uint8Array[] {
  const ders: Uint8Array[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile() || !CERT_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    const text = readFileSync(path, 'utf8');
    if (!text.includes('-----BEGIN CERTIFICATE-----')) continue; // key files and the like
    try {
      ders.push(...pemToDerList(text));
    } catch {
      throw new CliError(`${path} holds an unreadable certificate`, USAGE);
    }
  }
  return ders;
}

/**
 * DIR/FTM and DIR/DEVICE (any case), when present, hold each domain's certificates; certificates directly
 * in DIR are trusted in both domains. Self-signed ones are anchors, the others intermediates.
 */
function loadTrust(dir: string): InMemoryTrustAnchors {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    throw new CliError(`--trust ${dir} is not a readable directory`, USAGE);
  }
  const trust = new InMemoryTrustAnchors();
  const shared = certificatesIn(dir);
  let count = shared.length;
  for (const domain of ['FTM', 'DEVICE'] as CaptureTrustDomain[]) {
    trust.add(domain, ...shared);
    const sub = entries.find((e) => e.toUpperCase() === domain && statSync(join(dir, e)).isDirectory());
    if (sub) {
      const own = certificatesIn(join(dir, sub));
      trust.add(domain, ...own);
      count += own.length;
    }
  }
  if (count === 0) throw new CliError(`--trust ${dir} holds no PEM certificate`, USAGE);
  return trust;
}

/** The private key and, in the same file or in --decrypt-cert, the certificate captures were encrypted to. */
function loadDecryptionKey(keyFile: string, certFile: string | undefined): DecryptionKey {
  const text = readOptionFile(keyFile, '--decrypt-key');
  let privateKey: DecryptionKey['privateKey'];
  try {
    privateKey = importPrivateKeyPem(text);
  } catch {
    throw new CliError(`--decrypt-key ${keyFile} holds no unencrypted private key PEM`, USAGE);
  }
  const certText = certFile ? readOptionFile(certFile, '--decrypt-cert') : text;
  const certificateDer = certText.includes('-----BEGIN CERTIFICATE-----')
    ? pemToDerList(certText)[0]
    : undefined;
  if (!certificateDer)
    throw new CliError(
      'the encryption certificate is needed to match the capture thumbprint: append it to the --decrypt-key file or give --decrypt-cert FILE',
      USAGE,
    );
  return { privateKey, certificateDer };
}

/**
 * The bearer token for the registry lookup, which the trust server answers only to a signed-in partner
 * (DEVICE_PROVIDER, AUTH_PARTNER or the admin): a token from --registry-token-file, or a client-credentials
 * login with a machine client (--client-id and --client-secret-file, as the management server does).
 */
async function registryToken(ctx: CommandContext, registry: string): Promise<string | undefined> {
  const tokenFile = stringOption(ctx, 'registry-token-file');
  const clientId = stringOption(ctx, 'client-id');
  const secretFile = stringOption(ctx, 'client-secret-file');
  if (Boolean(clientId) !== Boolean(secretFile))
    throw new CliError('--client-id and --client-secret-file go together', USAGE);
  if (tokenFile && clientId)
    throw new CliError('give either --registry-token-file or --client-id/--client-secret-file', USAGE);
  if (tokenFile) {
    const token = readOptionFile(tokenFile, '--registry-token-file').trim();
    if (!token) throw new CliError(`--registry-token-file ${tokenFile} is empty`, USAGE);
    return token;
  }
  if (!clientId || !secretFile) return undefined;
  const clientSecret = readOptionFile(secretFile, '--client-secret-file').trim();
  if (!clientSecret) throw new CliError(`--client-secret-file ${secretFile} is empty`, USAGE);
  try {
    return await new TrustClient({ baseUrl: registry, clientId, clientSecret }).login();
  } catch (e) {
    // Not a verdict on the capture: the registry could not be asked at all.
    throw new CliError(`--registry: ${(e as Error).message}`, USAGE);
  }
}

function print(ctx: CommandContext, decision: Awaited<ReturnType<typeof verifyCapture>>): void {
  const head =
    decision.decision === 'accepted'
      ? 'ACCEPTED'
      : `REFUSED  ${decision.code}${decision.mosipCode ? ` (MOSIP ${decision.mosipCode})` : ''}: ${decision.reason}`;
  ctx.out(`decision     ${head}`);
  ctx.out(
    `capture      ${decision.purpose ?? '?'}, transactionId ${decision.transactionId ?? '?'}, ${decision.elements} element(s)`,
  );
  const width = Math.max(...decision.checks.map((c) => c.name.length));
  for (const c of decision.checks) {
    const code = c.code ? `${c.code}${c.mosipCode ? ` (${c.mosipCode})` : ''}: ` : '';
    ctx.out(`  ${c.outcome.padEnd(7)}  ${c.name.padEnd(width)}  ${code}${c.reason}`);
  }
}

export const commands: Command[] = [
  {
    name: 'verify capture',
    summary: "Verify a capture response and its request as MOSIP's authentication service does",
    help: `--response FILE --request FILE --trust DIR [--decrypt-key FILE] [--decrypt-cert FILE]
       [--registry URL [--client-id ID --client-secret-file FILE | --registry-token-file FILE]]
       [--allow-null-domain-uri] [--allow-legacy-hash] [--json]

Runs every check of docs/verifier.md in order (signatures and trust paths of data and digitalId,
device registration, thumbprint, session key, AES-GCM, hash chain, bioType, domainUri, env,
transactionId, time windows, counts) and prints the decision and each check.

Options:
  --response FILE        the CAPTURE / RCAPTURE response body (JSON) (required)
  --request FILE         the request body it answers (JSON) (required)
  --trust DIR            trusted root and intermediate certificates as PEM files; DIR/FTM and DIR/DEVICE,
                         when present, hold each domain's own; files directly in DIR count for both (required)
  --decrypt-key FILE     private key (PEM) that decrypts Auth captures, followed in the same file by its
                         certificate unless --decrypt-cert is given; needed for Auth captures (default none)
  --decrypt-cert FILE    the encryption certificate (PEM) the device encrypted to (default: the certificate
                         after the key in the --decrypt-key file)
  --registry URL         the trust server: device registration, status, model and SBI approval are looked
                         up there (GET URL/v1/registereddevices/lookup); default none: those checks are not run
  --client-id ID         machine client (of the device provider or an authentication partner) that signs in to
                         the registry's trust server ("mosip-trust admin clients create"); the provider sees
                         only its own devices (default none)
  --client-secret-file FILE  file holding that client's secret (required with --client-id)
  --registry-token-file FILE  a bearer token for the registry instead of a machine client (default none)
  --allow-null-domain-uri  treat data.domainUri "null" (MOSIP's mock device) as absent (default off)
  --allow-legacy-hash    accept a hash chain made with MOSIP 1.1.5's rule (default off)
  --json                 print the decision as JSON (default: one line per check)
Exit status: 0 accepted, 3 refused, 2 bad usage.`,
    options: {
      response: { type: 'string' },
      request: { type: 'string' },
      trust: { type: 'string' },
      'decrypt-key': { type: 'string' },
      'decrypt-cert': { type: 'string' },
      registry: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret-file': { type: 'string' },
      'registry-token-file': { type: 'string' },
      'allow-null-domain-uri': { type: 'boolean' },
      'allow-legacy-hash': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const required = (name: string) => {
        const v = stringOption(ctx, name);
        if (!v) throw new CliError(`missing required option --${name}`, USAGE);
        return v;
      };
      const response = readJson(required('response'), '--response');
      const request = readJson(required('request'), '--request');
      const trustAnchors = loadTrust(required('trust'));
      const keyFile = stringOption(ctx, 'decrypt-key');
      const certFile = stringOption(ctx, 'decrypt-cert');
      const purpose = (request as { purpose?: unknown } | null)?.purpose;
      if (!keyFile && purpose !== 'Registration')
        throw new CliError('missing --decrypt-key: Auth captures are encrypted', USAGE);
      const deps: VerifierDependencies = {
        trustAnchors,
        decryptionKeys: keyFile ? [loadDecryptionKey(keyFile, certFile)] : [],
        options: {
          nullDomainUriIsAbsent: ctx.values['allow-null-domain-uri'] === true,
          allowLegacyHash115: ctx.values['allow-legacy-hash'] === true,
        },
      };
      const registry = stringOption(ctx, 'registry');
      if (!registry && ['client-id', 'client-secret-file', 'registry-token-file'].some((o) => ctx.values[o]))
        throw new CliError(
          '--client-id, --client-secret-file and --registry-token-file need --registry',
          USAGE,
        );
      if (registry) {
        const token = await registryToken(ctx, registry);
        try {
          deps.deviceRegistry = new HttpDeviceRegistry(
            registry,
            token ? { headers: { authorization: `Bearer ${token}` } } : {},
          );
        } catch (e) {
          throw new CliError(`--registry: ${(e as Error).message}`, USAGE);
        }
      }
      const decision = await verifyCapture({ response, request }, deps);
      if (ctx.values.json === true) ctx.out(JSON.stringify(decision, null, 2));
      else print(ctx, decision);
      return decision.decision === 'accepted' ? EXIT_ACCEPTED : EXIT_REFUSED;
    },
  },
];
