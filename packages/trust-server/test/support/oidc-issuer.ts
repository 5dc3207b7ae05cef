/**
 * A small OpenID provider on loopback for the trust server's OIDC tests and the portal's browser test.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/** What the test provider gets wrong in the ID tokens it issues (none by default). */
export type Flaw = 'none' | 'nonce' | 'audience' | 'issuer';

/**
 * A small OpenID provider on loopback (discovery, authorize, token with PKCE, JWKS) standing in
 * for Keycloak: it signs RS256 ID tokens with Keycloak's realm_access.roles claim. Setting `flaw`
 * makes it issue a token with another nonce, another audience or another issuer.
 */
export async function startIssuer(user: { sub: string; preferred_username: string; roles: string[] }) {
  const state: { flaw: Flaw } = { flaw: 'none' };
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; redirect: string }>();
  let issuer = '';
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/auth') {
      const code = randomBytes(16).toString('hex');
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      codes.set(code, {
        nonce: url.searchParams.get('nonce') ?? '',
        challenge: url.searchParams.get('code_challenge') ?? '',
        redirect,
      });
      const target = new URL(redirect);
      target.searchParams.set('code', code);
      target.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: target.href });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const entry = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!entry || createHash('sha256').update(verifier).digest('base64url') !== entry.challenge)
        return json(400, { error: 'invalid_grant' });
      const idToken = await new SignJWT({
        nonce: state.flaw === 'nonce' ? randomBytes(16).toString('base64url') : entry.nonce,
        preferred_username: user.preferred_username,
        realm_access: { roles: user.roles },
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(state.flaw === 'issuer' ? `${issuer}/other-realm` : issuer)
        .setAudience(state.flaw === 'audience' ? 'another-client' : 'trust-server')
        .setSubject(user.sub)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(200, { access_token: 'opaque', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export type TestIssuer = Awaited<ReturnType<typeof startIssuer>>;
