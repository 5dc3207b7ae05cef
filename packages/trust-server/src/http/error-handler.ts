import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, TrustError } from '../errors.ts';
import { isStoreUnavailable } from '../store/pool-resilience.ts';
import { errorEnvelope } from './envelope.ts';
import { loggableError } from './safe-error-log.ts';

/** Maps fastify's own errors to catalogue codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'TS_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'TS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'PMS_COR_001',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'PMS_COR_001',
  FST_ERR_CTP_INVALID_JSON_BODY: 'PMS_COR_001',
};

function toTrustError(
  error: FastifyError & { validation?: unknown[]; validationContext?: string },
): TrustError {
  if (error instanceof TrustError) return error;
  if (error.validation) {
    // MOSIP's form: "Invalid request parameter - <constraint message> :<fieldName>".
    const first = error.validation[0] as
      | { instancePath?: string; message?: string; params?: { missingProperty?: string } }
      | undefined;
    const field = [
      error.validationContext,
      first?.instancePath?.replaceAll('/', '.').replace(/^\./, ''),
      first?.params?.missingProperty,
    ]
      .filter(Boolean)
      .join('.');
    return new TrustError(
      'PMS_COR_001',
      `Invalid request parameter - ${first?.message ?? 'invalid'} :${field}`,
    );
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return new TrustError(mapped, error.message);
  if (error instanceof SyntaxError)
    return new TrustError('PMS_COR_001', `Invalid request parameter - ${error.message}`);
  const pgCode = (error as { code?: string }).code;
  if (pgCode === '23505') return new TrustError('TS_CONFLICT', 'The item already exists');
  if (isStoreUnavailable(error)) return new TrustError('TS_STORE_UNAVAILABLE');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new TrustError('PMS_COR_002', error.message, { status: error.statusCode });
  }
  return new TrustError('PMS_COR_003', undefined, { cause: error });
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const trustError = toTrustError(error);
  if (trustError.status >= 500) request.log.error({ err: loggableError(error) }, 'request failed');
  const retryAfter = (trustError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (trustError.status === 429 && typeof retryAfter === 'number')
    reply.header('retry-after', String(retryAfter));
  return reply.code(trustError.status).send(errorEnvelope(request, trustError.code, trustError.message));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .send(errorEnvelope(request, 'TS_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`));
}
