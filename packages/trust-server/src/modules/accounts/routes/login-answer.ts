import type { FastifyReply } from 'fastify';
import { setCookie } from '../../../http/cookies.ts';
import { setCsrfCookie } from '../../../http/origin-check.ts';

export const TAGS = ['accounts'];

/**
 * The login answer: MOSIP's auth manager puts the token in an Authorization cookie and header; we also
 * put it in the body. The cookie has no Max-Age (a browser session cookie): the server decides how long
 * the token lives, and an interactive session's lifetime slides while it is used (auth/tokens.ts).
 * Returns the envelope's response.
 */
export function loginAnswer(reply: FastifyReply, result: { token: string; expiresAt: Date }, message: string, secure: boolean, extra: { mustChangePassword?: boolean } = {}) {
  reply.header('authorization', result.token);
  setCookie(reply, 'Authorization', result.token, { path: '/', sameSite: 'Strict', secure });
  // The CSRF token for cookie-authenticated state changes (src/http/origin-check.ts).
  setCsrfCookie(reply, result.token, secure);
  return {
    status: 'success',
    message,
    token: result.token,
    expiresAt: result.expiresAt.toISOString(),
    ...extra,
  };
}
