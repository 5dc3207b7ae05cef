import type { FastifyReply, FastifyRequest } from 'fastify';

/** One cookie of the request, URI-decoded (the raw value when it is not valid URI encoding). */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    const raw = value.join('=');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * Adds a cookie to the answer (fastify appends repeated set-cookie headers). HttpOnly unless `readable`
 * (a cookie the portal's script reads, like the CSRF token); `secure` adds Secure (production); without
 * `maxAgeSeconds` it is a browser-session cookie.
 */
export function setCookie(
  reply: FastifyReply,
  name: string,
  value: string,
  options: {
    path: string;
    sameSite: 'Strict' | 'Lax';
    maxAgeSeconds?: number;
    secure: boolean;
    readable?: boolean;
  },
): void {
  reply.header(
    'set-cookie',
    `${name}=${value}; Path=${options.path}${options.readable ? '' : '; HttpOnly'}; SameSite=${options.sameSite}${options.maxAgeSeconds === undefined ? '' : `; Max-Age=${options.maxAgeSeconds}`}${options.secure ? '; Secure' : ''}`,
  );
}
