/** CORS for browser callers (docs/device-service-http.md, Behaviour: CORS): preflight answers and the headers of actual responses. */

import type { HeaderList } from './response.ts';
import { TOKEN } from './syntax.ts';

/** Every method the device service answers, unquoted (browsers compare custom methods case-sensitively). */
export const ALLOWED_METHODS = 'MOSIPDISC, MOSIPDINFO, CAPTURE, RCAPTURE, STREAM, GET, POST, OPTIONS';
/** Allowed request headers when the preflight names none. */
export const DEFAULT_ALLOWED_HEADERS = 'Content-Type, Accept';
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

export interface Preflight {
  status: 200 | 403;
  headers: HeaderList;
}

export class CorsPolicy {
  constructor(private readonly allowed: ReadonlySet<string> | '*') {}

  /** Access-Control-Allow-Origin (and Vary) for this Origin; empty for an origin not on the list. */
  originHeaders(origin: string | undefined): HeaderList {
    if (this.allowed === '*') return [['Access-Control-Allow-Origin', '*']];
    if (origin !== undefined && this.allowed.has(origin)) {
      return [
        ['Access-Control-Allow-Origin', origin],
        ['Vary', 'Origin'],
      ];
    }
    return [['Vary', 'Origin']];
  }

  isAllowed(origin: string | undefined): boolean {
    return this.allowed === '*' || (origin !== undefined && this.allowed.has(origin));
  }

  /** The answer to any OPTIONS request (headers without Content-Length and Connection). */
  preflight(requestHeaders: Record<string, string>): Preflight {
    const origin = requestHeaders.origin;
    if (origin !== undefined && !this.isAllowed(origin))
      return { status: 403, headers: [['Vary', 'Origin']] };
    const headers: HeaderList = [['Allow', ALLOWED_METHODS]];
    if (origin === undefined && this.allowed !== '*') return { status: 200, headers };
    headers.push(...this.originHeaders(origin));
    headers.push(['Access-Control-Allow-Methods', ALLOWED_METHODS]);
    headers.push([
      'Access-Control-Allow-Headers',
      echoableHeaders(requestHeaders['access-control-request-headers']),
    ]);
    headers.push(['Access-Control-Allow-Private-Network', 'true']);
    headers.push(['Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS)]);
    return { status: 200, headers };
  }
}

/** The requested header list when it is a clean list of field names, else the default list. */
function echoableHeaders(requested: string | undefined): string {
  if (requested === undefined) return DEFAULT_ALLOWED_HEADERS;
  const names = requested.split(',').map((s) => s.trim());
  if (names.length === 0 || names.some((n) => !TOKEN.test(n))) return DEFAULT_ALLOWED_HEADERS;
  return names.join(', ');
}
