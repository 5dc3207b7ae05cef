import type { FastifyReply, FastifyRequest } from 'fastify';
import { setCookie } from '../../../http/cookies.ts';
import { ok } from '../../../http/envelope.ts';

export const TAGS = ['accounts'];

/**
 * The login answer: MOSIP's auth manager puts the token in an Authorization cookie and header; we also
 * put it in the body.
 */
export function loginAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  result: { token: string; expiresAt: Date },
  message: string,
  secure: boolean,
  now: Date,
  extra: { mustChangePassword?: boolean } = {},
) {
  const maxAgeSeconds = Math.max(0, Math.floor((result.expiresAt.getTime() - now.getTime()) / 1000));
  reply.header('authorization', result.token);
  setCookie(reply, 'Authorization', result.token, { path: '/', sameSite: 'Strict', maxAgeSeconds, secure });
  return ok(request, {
    status: 'success',
    message,
    token: result.token,
    expiresAt: result.expiresAt.toISOString(),
    ...extra,
  });
}
