import { Type } from '@sinclair/typebox';
import { beginLogin, finishLogin, type OidcTransaction } from '../../../auth/oidc.ts';
import type { TrustDeps } from '../../../deps.ts';
import { TrustError } from '../../../errors.ts';
import { PUBLIC } from '../../../http/access.ts';
import { readCookie, setCookie } from '../../../http/cookies.ts';
import type { Routes } from '../../../http/route.ts';
import * as S from '../schemas.ts';
import { loginAnswer } from './login-answer.ts';

/** OpenID Connect login (Keycloak) with a short-lived transaction cookie. */
export function registerOidcRoutes(r: Routes, deps: TrustDeps): void {
  const secureCookie = deps.config.production;
  const OIDC_COOKIE = 'mosip_trust_oidc';
  const allowHttp = !deps.config.production;

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

  r.get('/v1/trust/auth/oidc/callback', PUBLIC, 'OpenID Connect redirect target: maps the ID token roles and issues a bearer token', { query: S.OidcCallbackQuery, response: S.LoginResponse }, async ({ request, reply }) => {
    if (!deps.config.oidc) throw new TrustError('TS_OIDC_DISABLED');
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
    return loginAnswer(reply, result, 'OpenID Connect login succeeded', secureCookie);
  });
}
