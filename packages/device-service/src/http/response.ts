/** Serialisation of response heads and bodies: exact bytes, Content-Length counted in bytes. */
import { STATUS_CODES } from 'node:http';
import { DeviceServiceError } from '../errors.ts';
import { TOKEN } from './syntax.ts';
import type { MdsResponse } from './types.ts';

export type HeaderList = [name: string, value: string][];

/** Response header names only the transport may set. */
const TRANSPORT_OWNED = new Set(['content-length', 'connection', 'transfer-encoding', 'keep-alive']);
/** Header values a handler may set: no control characters, so no header injection. */
const SAFE_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
}

export function serializeHead(status: number, headers: HeaderList): Buffer {
  let text = statusLine(status);
  for (const [name, value] of headers) text += `${name}: ${value}\r\n`;
  return Buffer.from(`${text}\r\n`, 'latin1');
}

/** The JSON body of errors the transport answers itself (MDS error shape). */
export function errorBody(status: number, info: string): string {
  return JSON.stringify({ error: { errorCode: String(status), errorInfo: info } });
}

/** Frozen header records already checked (a handler that answers with constant headers). */
const checkedHeaders = new WeakMap<object, HeaderList>();

/**
 * Checks a handler's header record; returns it as a list without the transport-owned names (not to be
 * changed: a frozen record's list is kept and returned again).
 */
export function handlerHeaders(headers: Record<string, string> | undefined): HeaderList {
  if (headers === undefined) return [];
  const known = checkedHeaders.get(headers);
  if (known) return known;
  const out = checkHeaders(headers);
  if (Object.isFrozen(headers)) checkedHeaders.set(headers, out);
  return out;
}

function checkHeaders(headers: Record<string, string>): HeaderList {
  const out: HeaderList = [];
  if (headers === null || typeof headers !== 'object') {
    throw new DeviceServiceError('ERR_CONFIG', 'handler response headers must be an object');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name))
      throw new DeviceServiceError('ERR_CONFIG', `invalid response header name "${name}"`);
    if (typeof value !== 'string' || !SAFE_VALUE.test(value)) {
      throw new DeviceServiceError('ERR_CONFIG', `invalid value for response header "${name}"`);
    }
    if (!TRANSPORT_OWNED.has(name.toLowerCase())) out.push([name, value]);
  }
  return out;
}

function has(list: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  return list.some(([n]) => n.toLowerCase() === lower);
}

export interface ResponseContext {
  port: number;
  cors: HeaderList;
  keepAlive: boolean;
  /** HEAD requests get the head only. */
  headOnly: boolean;
}

/** The pieces of a response, head first: written one after another, never joined into one buffer. */
export type ResponseChunks = (Buffer | string)[];

/**
 * The full response for a handler result, as the head and the body's pieces. Header order:
 * Content-Type, Content-Length, Cache-Control, Location, the handler's other headers, CORS, Connection.
 */
export function serializeResponse(res: MdsResponse, ctx: ResponseContext): ResponseChunks {
  if (res === null || typeof res !== 'object')
    throw new DeviceServiceError('ERR_CONFIG', 'handler response must be an object');
  const { status, body } = res;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new DeviceServiceError('ERR_CONFIG', `invalid response status ${String(status)}`);
  }
  const pieces = typeof body === 'string' || Buffer.isBuffer(body) ? [body] : body;
  if (!Array.isArray(pieces) || !pieces.every((p) => typeof p === 'string' || Buffer.isBuffer(p))) {
    throw new DeviceServiceError(
      'ERR_CONFIG',
      'handler response body must be a string, a Buffer or a list of them',
    );
  }
  const own = handlerHeaders(res.headers);
  let length = 0;
  for (const p of pieces) length += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
  const noBody = status === 204 || status === 304;
  const headers: HeaderList = [];
  const contentType = own.find(([n]) => n.toLowerCase() === 'content-type');
  headers.push(['Content-Type', contentType ? contentType[1] : 'application/json']);
  if (!noBody) headers.push(['Content-Length', String(length)]);
  if (!has(own, 'cache-control')) headers.push(['Cache-Control', 'no-store']);
  if (!has(own, 'location')) headers.push(['Location', `http://127.0.0.1:${ctx.port}/`]);
  for (const h of own) if (h !== contentType) headers.push(h);
  for (const h of ctx.cors) if (!has(own, h[0])) headers.push(h);
  headers.push(['Connection', ctx.keepAlive ? 'keep-alive' : 'close']);
  const head = serializeHead(status, headers);
  return noBody || ctx.headOnly || length === 0 ? [head] : [head, ...pieces];
}

/** A JSON error answered by the transport itself (always closes the connection). */
export function serializeError(status: number, info: string, cors: HeaderList): Buffer {
  const body = Buffer.from(errorBody(status, info), 'utf8');
  const headers: HeaderList = [
    ['Content-Type', 'application/json'],
    ['Content-Length', String(body.length)],
    ['Cache-Control', 'no-store'],
    ...cors,
    ['Connection', 'close'],
  ];
  return Buffer.concat([serializeHead(status, headers), body]);
}
