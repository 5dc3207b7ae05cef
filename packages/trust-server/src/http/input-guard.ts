import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TrustError } from '../errors.ts';

/**
 * Refuses at the edge what no field may hold (docs/trust-server.md, "Bad input"): a NUL character or a lone
 * UTF-16 surrogate in any string, key, path segment or query parameter (PostgreSQL cannot store NUL; a lone
 * surrogate is not Unicode), JSON nested deeper than MAX_DEPTH, and numbers JSON cannot carry (`1e309`
 * parses to Infinity). Each answers 400 PMS_COR_001 before any handler, throttle or query runs.
 */
export const MAX_DEPTH = 32;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses.
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuse(what: string): never {
  throw new TrustError('PMS_COR_001', `Invalid request parameter - ${what}`);
}

/** Nesting depth of JSON text, counted outside strings, without parsing it (a deep text could overflow the parser). */
function depthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function check(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (BAD_CHARACTER.test(value)) refuse(`NUL or unpaired surrogate character :${path}`);
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(`number out of range :${path}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      check(v, `${path}[${i}]`);
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__' || BAD_CHARACTER.test(k)) refuse(`forbidden key :${path}`);
      check(v, path ? `${path}.${k}` : k);
    }
  }
}

export function parseGuardedJson(text: string): unknown {
  if (text.length === 0) refuse('empty JSON body');
  if (depthExceeds(text, MAX_DEPTH)) refuse(`JSON nested deeper than ${MAX_DEPTH}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    refuse((e as Error).message);
  }
  check(parsed, '');
  return parsed;
}

/** onRequest: the path and query, percent-decoded, hold no NUL or unpaired surrogate. */
export async function guardUrl(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  for (const part of request.url.split(/[/?&=]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      refuse('malformed percent-encoding in the path or query');
    }
    if (BAD_CHARACTER.test(decoded)) refuse('NUL or unpaired surrogate character in the path or query');
  }
}

/** Installs the guarded JSON parser and the URL check on the app. */
export function installInputGuard(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseGuardedJson(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addHook('onRequest', guardUrl);
}
