/**
 * The portal's only way to the trust server: same-origin HTTP with MOSIP's request and response
 * envelopes. The session is the server's HttpOnly `Authorization` cookie (docs/trust-server.md), so
 * the portal never holds the token.
 */

export interface ApiErrorItem {
  errorCode: string;
  message: string;
}

/** An answer with `errors[]` (or a failed request): the API's own code and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let onUnauthorized: (() => void) | undefined;

/** Called when any call answers 401 (the session expired or was revoked). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, request?: unknown): Promise<Response> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (request !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify({
      id: 'mosip.trust.portal',
      version: '1.0',
      requesttime: new Date().toISOString(),
      request,
    });
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', `The server did not answer (${String(cause)})`);
  }
  return response;
}

async function readEnvelope<T>(response: Response, path: string): Promise<T> {
  const text = await response.text();
  let body: { response?: T; errors?: ApiErrorItem[] | null } | undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  if (!response.ok || first) {
    if (response.status === 401 && !path.includes('/authenticate/')) onUnauthorized?.();
    throw new ApiError(
      response.status,
      first?.errorCode ?? `HTTP_${response.status}`,
      first?.message ?? `The server answered ${response.status}`,
    );
  }
  return body?.response as T;
}

export async function call<T>(method: Method, path: string, request?: unknown): Promise<T> {
  const response = await send(method, path, method === 'GET' ? undefined : (request ?? {}));
  return readEnvelope<T>(response, path);
}

/** A request whose answer is not an envelope (CSV export). */
export async function callText(path: string): Promise<string> {
  const response = await send('GET', path);
  if (!response.ok) return readEnvelope<string>(response, path);
  return response.text();
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const PM = '/v1/partnermanager';
export const POL = '/v1/policymanager';
export const TRUST = '/v1/trust';
