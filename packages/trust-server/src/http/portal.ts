import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PUBLIC } from './access.ts';

/** Where `npm ci` builds the portal (packages/portal, docs/portal.md). */
export const PORTAL_DIST = fileURLToPath(new URL('../../../portal/dist', import.meta.url));

/** Paths that belong to the API: never answered with the portal's page. */
const API_PATHS = ['/v1/', '/docs', '/openapi.json', '/health'];

/** The portal's page: no inline script or style, so a strict policy holds. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/**
 * Serves the built portal at `/`: its files, and index.html for any other page path (the portal routes
 * in the browser). API routes are registered as static paths, so they always win over this wildcard.
 */
export async function registerPortal(app: FastifyInstance, root = PORTAL_DIST): Promise<void> {
  const built = existsSync(join(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, serve: false, index: false });
  app.get(
    '/*',
    {
      config: { access: PUBLIC },
      schema: { tags: ['system'], summary: 'The partner portal (single-page app)', hide: true },
    },
    async (request, reply) => {
      const path = safeDecode(request.url.split('?')[0] ?? '/');
      if (!built || path === undefined || API_PATHS.some((prefix) => path.startsWith(prefix)))
        return reply.callNotFound();
      // A file name (has an extension): the file itself or 404; any other path is a page of the portal.
      if (/\.[a-z0-9]+$/i.test(path)) {
        const file = resolve(root, `.${path}`);
        if (!file.startsWith(root + sep) || !existsSync(file)) return reply.callNotFound();
        const hashed = path.startsWith('/assets/'); // Vite puts a content hash in these names
        return reply.sendFile(relative(root, file), hashed ? { maxAge: '365d', immutable: true } : {});
      }
      return reply
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false });
    },
  );
}
