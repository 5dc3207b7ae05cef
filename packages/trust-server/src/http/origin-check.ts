import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TrustError } from '../errors.ts';
import { readCookie, setCookie } from './cookies.ts';

/**
 * Cross-site request refusal for cookie-authenticated state changes (docs/trust-server.md, "Cookies and
 * cross-site requests"). A POST/PUT/PATCH/DELETE authenticated by the `Authorization` cookie (no
 * Authorization header) passes when its Origin (or, without one, its Referer) is the server's own host or
 * one of `allowedOrigins`, or when its `X-XSRF-TOKEN` header carries the session's CSRF token. Browsers send
 * Origin with every such request; a request with neither Origin nor Referer is not a browser's cross-site
 * request (MOSIP's server-side clients send the cookie that way) and passes. Bearer-header requests are
 * not affected: a browser never adds that header by itself.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

/** The CSRF token of a session: derived from its bearer token, so it needs no storage and dies with it. */
export function csrfToken(bearer: string): string {
  return createHash('sha256').update(`csrf|${bearer}`).digest('base64url');
}

/** Sets the readable CSRF cookie the portal echoes in X-XSRF-TOKEN; a session cookie like the login's. */
export function setCsrfCookie(reply: FastifyReply, bearer: string, secure: boolean): void {
  setCookie(reply, CSRF_COOKIE, csrfToken(bearer), { path: '/', sameSite: 'Strict', secure, readable: true });
}

function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

export function createOriginCheck(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins.map((o) => originOf(o) ?? o));
  return async function originCheck(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    if (SAFE.has(request.method) || request.headers.authorization) return;
    const access = request.routeOptions.config.access;
    if (!access || access.kind === 'public') return;
    const bearer = readCookie(request, 'Authorization');
    if (!bearer) return;
    const header = request.headers[CSRF_HEADER];
    if (typeof header === 'string') {
      const expected = Buffer.from(csrfToken(bearer));
      const given = Buffer.from(header);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return;
    }
    const source = request.headers.origin ?? request.headers.referer;
    if (source === undefined) return;
    const origin = originOf(source);
    if (origin && (new URL(origin).host === request.host || allowed.has(origin))) return;
    throw new TrustError(
      'TS_CROSS_SITE_REFUSED',
      `Cross-site request from ${String(source).slice(0, 100)} refused`,
    );
  };
}
