import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TrustError } from './errors.ts';

/** Everything the trust server can be configured with. Documented in docs/trust-server.md. */
export interface TrustConfig {
  host: string;
  port: number;
  /** PGlite data directory (used when databaseUrl is not set). */
  dataDir: string;
  /** PostgreSQL server URL; when set, PGlite is not used. */
  databaseUrl?: string;
  production: boolean;
  logLevel: string;
  /** Lifetime of bearer tokens issued at login, in seconds. */
  tokenTtlSeconds: number;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** Whether anyone may create a local account (then register a partner with it). */
  selfSignup: boolean;
  passwordMinLength: number;
  /** Key-encryption key for private keys at rest (base64 or hex of 32 bytes); else a key file in dataDir. */
  kek?: string;
  kekFile?: string;
  /**
   * How a registered partner becomes usable: `admin` (an admin approves it) or `certificate` (MOSIP's
   * behaviour: uploading its certificate approves and activates it).
   */
  onboardingMode: 'admin' | 'certificate';
  /** User names that, besides admins, may register partners on behalf of organisations (MOSIP's onboarder account). */
  onboardingAccounts: string[];
  /** Longest partner id accepted at registration (MOSIP pmp.partner.partnerId.max.length). */
  partnerIdMaxLength: number;
  /** First admin created at start when no admin exists (from MOSIP_TRUST_ADMIN_USER/PASSWORD). */
  bootstrapAdmin?: { user: string; password: string };
  oidc?: OidcConfig;
  /** Connections in the PostgreSQL pool. */
  poolSize: number;
  /** Failed logins per user name (or client id) and per client address within the window before 429. */
  loginMaxFailures: number;
  loginFailureWindowSeconds: number;
  /**
   * Tests only: a lower scrypt cost N for new password hashes (a power of two, 1024-16384), so test suites
   * that create many accounts run fast. Refused in production mode.
   */
  testScryptCost?: number;
  /** Origins besides the server's own whose cookie-authenticated state changes are accepted (src/http/origin-check.ts). */
  allowedOrigins: string[];
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (login throttling). */
  trustedProxies: string[];
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
  /** Dotted path of the roles claim in the ID/access token, Keycloak: realm_access.roles. */
  rolesClaim: string;
  /** Claim naming the partner the user acts for (defaults to preferred_username, as MOSIP does). */
  partnerClaim: string;
  /** The provider's name on the portal's "Sign in with …" button (default: the issuer's host). */
  displayName: string;
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 9109,
  dataDir: './data/trust-server',
  production: false,
  logLevel: 'info',
  tokenTtlSeconds: 900,
  bodyLimit: 1024 * 1024,
  selfSignup: true,
  passwordMinLength: 12,
  partnerIdMaxLength: 36,
  onboardingMode: 'admin',
  poolSize: 10,
  loginMaxFailures: 10,
  loginFailureWindowSeconds: 300,
} as const;

type Env = Record<string, string | undefined>;

/** A comma-separated list (environment) or a JSON array of strings (file). */
function list(value: unknown): string[] {
  if (value === undefined || value === '') return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items.map((v) => v.trim()).filter(Boolean);
}

function int(name: string, value: string | number | undefined, fallback: number, min = 0): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new TrustError('TS_CONFIG_INVALID', `${name} must be an integer >= ${min}`);
  return n;
}

function bool(name: string, value: string | boolean | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new TrustError('TS_CONFIG_INVALID', `${name} must be true or false`);
}

function onboardingMode(value: string | undefined): 'admin' | 'certificate' {
  if (value === undefined || value === '') return DEFAULTS.onboardingMode;
  const v = String(value).toLowerCase();
  if (v !== 'admin' && v !== 'certificate')
    throw new TrustError('TS_CONFIG_INVALID', 'onboardingMode must be "admin" or "certificate"');
  return v;
}

function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host;
  } catch {
    return issuer;
  }
}

/** Reads the optional JSON file named by MOSIP_TRUST_CONFIG (or the `file` argument). */
function readFile(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new TrustError(
      'TS_CONFIG_INVALID',
      `cannot read configuration file ${path}: ${(e as Error).message}`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TrustError('TS_CONFIG_INVALID', `configuration file ${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Builds the configuration: defaults, then the optional JSON file, then the environment, then
 * `overrides` (command-line flags). Environment names are listed in docs/trust-server.md.
 */
export function loadConfig(
  options: { env?: Env; file?: string; overrides?: Partial<TrustConfig> } = {},
): TrustConfig {
  const env = options.env ?? process.env;
  const fileName = options.file ?? env.MOSIP_TRUST_CONFIG;
  // Every key this function reads is recorded, so a key it never reads (a typo) is reported below.
  const readKeys = new Set<string | symbol>();
  const file = new Proxy(readFile(fileName), {
    get: (target, key) => {
      readKeys.add(key);
      return Reflect.get(target, key);
    },
  });
  const pick = <T>(envName: string, key: string): T | string | undefined => {
    const fromFile = file[key] as T | undefined;
    return env[envName] !== undefined && env[envName] !== '' ? env[envName] : fromFile;
  };

  const production =
    bool('production', pick<boolean>('MOSIP_TRUST_PRODUCTION', 'production'), false) ||
    env.NODE_ENV === 'production';
  const oidcIssuer = pick<string>('MOSIP_TRUST_OIDC_ISSUER', 'oidcIssuer');
  const fileOidc = (file.oidc ?? {}) as Record<string, string | undefined>;
  const config: TrustConfig = {
    host: String(pick('MOSIP_TRUST_HOST', 'host') ?? DEFAULTS.host),
    port: int('port', pick('MOSIP_TRUST_PORT', 'port'), DEFAULTS.port),
    dataDir: resolve(String(pick('MOSIP_TRUST_DATA_DIR', 'dataDir') ?? DEFAULTS.dataDir)),
    production,
    logLevel: String(pick('MOSIP_TRUST_LOG_LEVEL', 'logLevel') ?? DEFAULTS.logLevel),
    tokenTtlSeconds: int(
      'tokenTtlSeconds',
      pick('MOSIP_TRUST_TOKEN_TTL', 'tokenTtlSeconds'),
      DEFAULTS.tokenTtlSeconds,
      30,
    ),
    bodyLimit: int('bodyLimit', pick('MOSIP_TRUST_BODY_LIMIT', 'bodyLimit'), DEFAULTS.bodyLimit, 1024),
    selfSignup: bool('selfSignup', pick('MOSIP_TRUST_SELF_SIGNUP', 'selfSignup'), DEFAULTS.selfSignup),
    passwordMinLength: int(
      'passwordMinLength',
      pick('MOSIP_TRUST_PASSWORD_MIN_LENGTH', 'passwordMinLength'),
      DEFAULTS.passwordMinLength,
      8,
    ),
    partnerIdMaxLength: int(
      'partnerIdMaxLength',
      pick('MOSIP_TRUST_PARTNER_ID_MAX_LENGTH', 'partnerIdMaxLength'),
      DEFAULTS.partnerIdMaxLength,
      1,
    ),
    onboardingMode: onboardingMode(pick<string>('MOSIP_TRUST_ONBOARDING_MODE', 'onboardingMode')),
    onboardingAccounts: list(pick<string[]>('MOSIP_TRUST_ONBOARDING_ACCOUNTS', 'onboardingAccounts')),
    poolSize: int('poolSize', pick('MOSIP_TRUST_POOL_SIZE', 'poolSize'), DEFAULTS.poolSize, 1),
    loginMaxFailures: int(
      'loginMaxFailures',
      pick('MOSIP_TRUST_LOGIN_MAX_FAILURES', 'loginMaxFailures'),
      DEFAULTS.loginMaxFailures,
      1,
    ),
    loginFailureWindowSeconds: int(
      'loginFailureWindowSeconds',
      pick('MOSIP_TRUST_LOGIN_FAILURE_WINDOW', 'loginFailureWindowSeconds'),
      DEFAULTS.loginFailureWindowSeconds,
      1,
    ),
    allowedOrigins: list(pick('MOSIP_TRUST_ALLOWED_ORIGINS', 'allowedOrigins')),
    trustedProxies: list(pick('MOSIP_TRUST_TRUSTED_PROXIES', 'trustedProxies')),
  };
  const testScryptCost = pick<number>('MOSIP_TRUST_TEST_SCRYPT_COST', 'testScryptCost');
  if (testScryptCost !== undefined && testScryptCost !== '') {
    const n = int('testScryptCost', testScryptCost, 0, 1024);
    if (n > 16384 || (n & (n - 1)) !== 0)
      throw new TrustError('TS_CONFIG_INVALID', 'testScryptCost must be a power of two from 1024 to 16384');
    config.testScryptCost = n;
  }
  const databaseUrl = pick<string>('DATABASE_URL', 'databaseUrl');
  if (databaseUrl) config.databaseUrl = String(databaseUrl);
  const kek = pick<string>('MOSIP_TRUST_KEK', 'kek');
  if (kek) config.kek = String(kek);
  const kekFile = pick<string>('MOSIP_TRUST_KEK_FILE', 'kekFile');
  if (kekFile) config.kekFile = resolve(String(kekFile));
  const adminUser = env.MOSIP_TRUST_ADMIN_USER;
  const adminPassword = env.MOSIP_TRUST_ADMIN_PASSWORD;
  if (adminUser && adminPassword) config.bootstrapAdmin = { user: adminUser, password: adminPassword };
  const issuer = oidcIssuer ?? fileOidc.issuer;
  if (issuer) {
    const clientId = env.MOSIP_TRUST_OIDC_CLIENT_ID ?? fileOidc.clientId;
    const redirectUri = env.MOSIP_TRUST_OIDC_REDIRECT_URI ?? fileOidc.redirectUri;
    if (!clientId || !redirectUri) {
      throw new TrustError(
        'TS_CONFIG_INVALID',
        'OIDC needs MOSIP_TRUST_OIDC_CLIENT_ID and MOSIP_TRUST_OIDC_REDIRECT_URI',
      );
    }
    config.oidc = {
      issuer: String(issuer),
      clientId,
      redirectUri,
      rolesClaim: env.MOSIP_TRUST_OIDC_ROLES_CLAIM ?? fileOidc.rolesClaim ?? 'realm_access.roles',
      partnerClaim: env.MOSIP_TRUST_OIDC_PARTNER_CLAIM ?? fileOidc.partnerClaim ?? 'preferred_username',
      displayName: env.MOSIP_TRUST_OIDC_NAME ?? fileOidc.name ?? issuerHost(String(issuer)),
    };
    const secret = env.MOSIP_TRUST_OIDC_CLIENT_SECRET ?? fileOidc.clientSecret;
    if (secret) config.oidc.clientSecret = secret;
  }
  const unknownKeys = Object.keys(file).filter((key) => !readKeys.has(key));
  if (unknownKeys.length > 0)
    throw new TrustError(
      'TS_CONFIG_INVALID',
      `unknown key ${unknownKeys.map((k) => `"${k}"`).join(', ')} in configuration file ${fileName} (file keys: docs/trust-server.md)`,
    );
  const merged = { ...config, ...options.overrides };
  if (merged.production && merged.testScryptCost !== undefined)
    throw new TrustError('TS_CONFIG_INVALID', 'testScryptCost is for tests only; production mode refuses it');
  return merged;
}
