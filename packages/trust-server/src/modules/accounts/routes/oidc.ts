import { OidcProviderInfo } from '@mosip-trust/contracts';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { beginLogin, finishLogin, type OidcTransaction } from '../../../auth/oidc.ts';
import type { TrustDeps } from '../../../deps.ts';
import { TrustError } from '../../../errors.ts';
import { PUBLIC } from '../../../http/access.ts';
import { readCookie, setCookie } from '../../../http/cookies.ts';
import { envelopeResponse, ok } from '../../../http/envelope.ts';
import type { Routes } from '../../../http/route.ts';
import * as S from '../schemas.ts';
import { loginAnswer } from './login-answer.ts';

/** A top-level browser navigation (not the portal's fetch, not an API client). */
function isNavigation(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-mode'] === 'navigate') return true;
  return !request.headers['sec-fetch-mode'] && (request.headers.accept ?? '').includes('text/html');
}

/** OpenID Connect login (Keycloak) with a short-lived transaction cookie. */
export function registerOidcRoutes(r: Routes, deps: TrustDeps): void {
  const secureCookie = deps.config.production;
  const OIDC_COOKIE = 'mosip_trust_oidc';
  const allowHttp = !deps.config.production;

  r.get('/v1/trust/auth/oidc', PUBLIC, 'Whether OpenID Connect login is configured, and the provider name the portal shows', { response: OidcProviderInfo }, () => ({
    enabled: Boolean(deps.config.oidc),
    providerName: deps.config.oidc?.displayName ?? null,
  }));

  r.get('/v1/trust/auth/oidc/login', PUBLIC, 'Start OpenID Connect login (Keycloak): redirects to the issuer', { raw: { 302: Type.Null() } }, async ({ reply }) => {
    if (!deps.config.oidc) throw new TrustError('TS_OIDC_DISABLED');
    const { url, transaction } = await beginLogin(deps.config.oidc, allowHttp);
    const value = Buffer.from(JSON.stringify(transaction)).toString('base64url');
    setCookie(reply, OIDC_COOKIE, value, {
      path: '/v1/trust/auth/oidc',
      sameSite: 'Lax',
      maxAgeSeconds: 600,
      secure: secureCookie,
    });
    return reply.redirect(url, 302);
  });

  r.get(
    '/v1/trust/auth/oidc/callback',
    PUBLIC,
    'OpenID Connect redirect target: maps the ID token roles and issues a bearer token',
    { query: S.OidcCallbackQuery, raw: { 200: envelopeResponse(S.LoginResponse), 303: Type.Null() } },
    async ({ request, reply }) => {
      if (!deps.config.oidc) throw new TrustError('TS_OIDC_DISABLED');
      // A browser arriving from the provider goes to the portal's callback page, which makes this
      // same call with fetch: the login ends signed in on the portal, or shows the API's error there.
      if (isNavigation(request)) {
        const search = new URL(request.url, 'http://x').search;
        return reply.redirect(`/oidc/callback${search}`, 303);
      }
      let transaction: OidcTransaction;
      try {
        const cookie = readCookie(request, OIDC_COOKIE) ?? '';
        transaction = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
      } catch {
        throw new TrustError('TS_OIDC_FAILED', 'No OpenID Connect login in progress');
      }
      if (!transaction?.state || !transaction.verifier || !transaction.nonce) throw new TrustError('TS_OIDC_FAILED', 'No OpenID Connect login in progress');
      const callbackUrl = new URL(deps.config.oidc.redirectUri);
      callbackUrl.search = new URL(request.url, 'http://x').search;
      const result = await finishLogin(deps, deps.config.oidc, allowHttp, callbackUrl, transaction);
      return ok(request, loginAnswer(reply, result, 'OpenID Connect login succeeded', secureCookie));
    },
  );
}
