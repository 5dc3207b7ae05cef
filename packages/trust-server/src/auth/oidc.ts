import { randomUUID } from 'node:crypto';
import type * as Client from 'openid-client';
import type { AuditLog } from '../audit/log.ts';
import type { OidcConfig } from '../config.ts';
import type { Clock } from '../deps.ts';
import { TrustError } from '../errors.ts';
import { type Db, withTransaction } from '../store/db.ts';
import { STAFF_ROLES } from './roles.ts';
import { type IssuedToken, issueAuditedToken } from './tokens.ts';

/**
 * OpenID Connect login (authorization code + PKCE) against Keycloak or any issuer. The login
 * transaction (state, nonce, PKCE verifier) travels in an HttpOnly cookie, not in server memory,
 * so any instance can finish a login another started. Keycloak realm roles map to our roles:
 * PARTNER_ADMIN / POLICYMANAGER directly; the partner-type role follows from the partner the
 * user acts for, named by the partner claim (MOSIP: preferred_username is the partner id).
 */
export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
}

/** openid-client is loaded on the first OIDC login, not at every start (docs/performance.md, target 1). */
let clientModule: Promise<typeof Client> | undefined;
function loadClient(): Promise<typeof Client> {
  clientModule ??= import('openid-client');
  return clientModule;
}

const discovered = new Map<string, Promise<Client.Configuration>>();

/** Issuer metadata, fetched once per process (static data, not session state). */
function configuration(oidc: OidcConfig, allowHttp: boolean): Promise<Client.Configuration> {
  let cached = discovered.get(oidc.issuer);
  if (!cached) {
    cached = loadClient().then((client) =>
      client.discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, {
        ...(allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
      }),
    );
    cached.catch(() => discovered.delete(oidc.issuer));
    discovered.set(oidc.issuer, cached);
  }
  return cached;
}

export async function beginLogin(
  oidc: OidcConfig,
  allowHttp: boolean,
): Promise<{ url: string; transaction: OidcTransaction }> {
  const config = await configuration(oidc, allowHttp);
  const client = await loadClient();
  const transaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope: 'openid profile email',
    response_type: 'code',
    state: transaction.state,
    nonce: transaction.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(transaction.verifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, transaction };
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

export interface OidcLoginDeps {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  config: { tokenTtlSeconds: number };
}

/** Exchanges the code, maps the claims to a local account (created or updated) and issues our bearer token. */
export async function finishLogin(
  deps: OidcLoginDeps,
  oidc: OidcConfig,
  allowHttp: boolean,
  callbackUrl: URL,
  transaction: OidcTransaction,
): Promise<IssuedToken & { username: string }> {
  const config = await configuration(oidc, allowHttp);
  const client = await loadClient();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: transaction.verifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (e) {
    await deps.audit.appendNow(deps.db, {
      actor: 'anonymous',
      action: 'auth.login.failed',
      target: 'oidc',
      details: { reason: (e as Error).message.slice(0, 200) },
    });
    throw new TrustError('TS_OIDC_FAILED', undefined, { cause: e });
  }
  const subject = String(claims.sub ?? '');
  if (!subject) throw new TrustError('TS_OIDC_FAILED', 'ID token has no subject');
  const rawRoles = claimAt(claims, oidc.rolesClaim);
  const roles = (Array.isArray(rawRoles) ? rawRoles : [])
    .map(String)
    .filter((r) => (STAFF_ROLES as readonly string[]).includes(r));
  const partnerClaim = claimAt(claims, oidc.partnerClaim);
  const preferred = typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;

  return withTransaction(deps.db, async (trx) => {
    const partner =
      typeof partnerClaim === 'string'
        ? await trx.selectFrom('partners').select('id').where('id', '=', partnerClaim).executeTakeFirst()
        : undefined;
    let user = await trx
      .selectFrom('users')
      .selectAll()
      .where('oidc_subject', '=', subject)
      .executeTakeFirst();
    if (user) {
      user = await trx
        .updateTable('users')
        .set({ roles, partner_id: user.partner_id ?? partner?.id ?? null, updated_at: deps.clock.now() })
        .where('id', '=', user.id)
        .returningAll()
        .executeTakeFirstOrThrow();
    } else {
      const wanted = preferred ?? `oidc-${subject}`;
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where(trx.fn('lower', ['username']), '=', wanted.toLowerCase())
        .executeTakeFirst();
      user = await trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          username: taken ? `oidc-${subject}` : wanted,
          email: typeof claims.email === 'string' ? claims.email : null,
          password_hash: null,
          roles,
          partner_id: partner?.id ?? null,
          oidc_subject: subject,
          created_at: deps.clock.now(),
          updated_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    if (user.status !== 'ACTIVE') throw new TrustError('TS_ACCOUNT_DISABLED');
    const token = await issueAuditedToken(
      trx,
      deps.audit,
      {
        subject: { userId: user.id },
        actor: user.username,
        kind: 'oidc',
        details: { method: 'oidc', roles },
      },
      deps.config.tokenTtlSeconds,
      deps.clock.now(),
    );
    return { ...token, username: user.username };
  });
}
