import { IDA_ERRORS, type IdaErrorCode } from '../../errors.ts';

// How the authentication API refuses a call (split from service.ts): the refusal, its HTTP status,
// and the IDA code of a schema failure.

/** HTTP status of a refusal: bad input 400/415, failed signature or certificate 401, the rest 403. */
export function statusOf(code: string): number {
  if (code === 'TS_AUTH_UNSUPPORTED_MEDIA_TYPE') return 415;
  if (code.startsWith('IDA-MLC-') && code !== 'IDA-MLC-012') return 400;
  if (
    [
      'IDA-MPA-001',
      'IDA-MPA-022',
      'IDA-MPA-021',
      'TS_AUTH_CERT_MISSING',
      'IDA-MPA-003',
      'IDA-MPA-016',
    ].includes(code)
  )
    return 401;
  return 403;
}

export class Refusal {
  constructor(
    readonly check: string,
    readonly code: string,
    readonly message: string,
    readonly mosipCode?: string,
    /** The failing check is already in the trace (the verifier's own entry). */
    readonly traced = false,
  ) {}
}

export const refuse = (check: string, code: IdaErrorCode, message: string = IDA_ERRORS[code]) =>
  new Refusal(check, code, message);

export function schemaMessage(errors: Iterable<{ path: string; message: string; value: unknown }>): {
  code: IdaErrorCode;
  message: string;
} {
  const first = [...errors][0];
  if (!first) return { code: 'IDA-MLC-009', message: 'Invalid Input parameter' };
  const missing = first.value === undefined;
  const field = first.path.replace(/^\//, '').replaceAll('/', '.') || 'body';
  return missing
    ? { code: 'IDA-MLC-006', message: `Missing Input parameter - ${field}` }
    : { code: 'IDA-MLC-009', message: `Invalid Input parameter - ${field}: ${first.message}` };
}
