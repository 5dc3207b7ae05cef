import type { Envelope } from '@mosip-trust/contracts';
import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { wireCode } from '../errors.ts';

// The wrappers' shapes are shared with the portal and the management server.
export {
  type Envelope,
  ErrorEnvelope,
  ErrorItem,
  envelopeBody,
  envelopeResponse,
} from '@mosip-trust/contracts';

/**
 * MOSIP's request/response wrappers (docs/trust-server.md, "MOSIP facts the code relies on"): requests `{id, version, requesttime, metadata, request}`,
 * responses `{id, version, responsetime, metadata, response, errors}` with `errors: []` on success and
 * `response: null` on error. Unlike MOSIP (which answers HTTP 200 for everything) errors also carry a
 * 4xx/5xx HTTP status; MOSIP clients read `errors[]` and keep working.
 */

/** yyyy-MM-dd'T'HH:mm:ss.SSS'Z', the wrappers' datetime format. */
export function mosipTimestamp(date = new Date()): string {
  return date.toISOString();
}

function requestIdVersion(request: FastifyRequest | undefined): {
  id: string | null;
  version: string | null;
} {
  const body = request?.body as { id?: unknown; version?: unknown } | undefined;
  return {
    id: body && typeof body.id === 'string' ? body.id : null,
    version: body && typeof body.version === 'string' ? body.version : null,
  };
}

/** A success envelope; id/version echo the request's, as MOSIP's write endpoints do. */
export function ok<T>(request: FastifyRequest | undefined, response: T): Envelope<T> {
  return {
    ...requestIdVersion(request),
    responsetime: mosipTimestamp(),
    metadata: null,
    response,
    errors: [],
  };
}

export function errorEnvelope(
  request: FastifyRequest | undefined,
  code: string,
  message: string,
): Envelope<null> {
  const echoed = requestIdVersion(request);
  return {
    id: echoed.id ?? 'mosip.partnermanagement',
    version: echoed.version ?? '1.0',
    responsetime: mosipTimestamp(),
    metadata: null,
    response: null,
    errors: [{ errorCode: wireCode(code), message }],
  };
}

/** Route generic for an enveloped body: `app.post<EnvelopedBody<typeof X>>(...)`, then `request.body.request`. */
export type EnvelopedBody<T extends TSchema> = { Body: { request: Static<T> } };
