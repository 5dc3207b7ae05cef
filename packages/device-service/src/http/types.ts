/** The transport's public types: the contract between the HTTP layer and the MDS protocol layer. */
import type { Logger } from 'pino';

export interface MdsRequest {
  /** Exactly as sent (case-sensitive token): 'MOSIPDISC' | 'MOSIPDINFO' | 'CAPTURE' | 'RCAPTURE' | 'STREAM' | 'GET' | 'POST' | … */
  method: string;
  /** Path without the query string, not percent-decoded, e.g. '/capture' (or '//capture', '/capture/'). */
  path: string;
  query: URLSearchParams;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** De-chunked, exactly Content-Length bytes (empty when the request has no body). */
  body: Buffer;
  remoteAddress: string;
  /** Aborted when the socket closes before the response is written (long captures stop early). */
  signal: AbortSignal;
}

export interface MdsResponse {
  status: number;
  /** Content-Type defaults to 'application/json'; CORS, Content-Length and Connection are set by the transport. */
  headers?: Record<string, string>;
  /**
   * Content-Length is computed in bytes (UTF-8 for strings). A list is the body in pieces, written one
   * after another without being joined (a capture response's large parts are cached encodings).
   */
  body: Buffer | string | readonly (Buffer | string)[];
}

/** For STREAM: the handler takes over the connection and writes the multipart body itself. */
export interface MdsStreamSink {
  /** Writes status 200 and the headers (plus CORS, no Content-Length, Connection: close). Once only. */
  start(headers: Record<string, string>): void;
  /** false when the peer's buffer is full (await drain()); false and no-op once closed. */
  write(chunk: Buffer): boolean;
  /** Resolves when the socket can take more data, or when it closed. */
  drain(): Promise<void>;
  /** Finishes the body and closes the connection. */
  end(): void;
  readonly closed: boolean;
  readonly signal: AbortSignal;
}

/** undefined = the handler used the stream sink. */
export type MdsHandler = (req: MdsRequest, stream: () => MdsStreamSink) => Promise<MdsResponse | undefined>;

export interface MdsLimits {
  /** Request line + header lines + the empty line, in bytes (also the trailer section). → 431 */
  maxHeaderBytes: number;
  /** Header fields per request (also trailer fields). → 431 */
  maxHeaderCount: number;
  /** Decoded body bytes (Content-Length or sum of chunk sizes). → 413 */
  maxBodyBytes: number;
  /** From the first byte of a request (or connection open) to the end of its header section. → 408 */
  headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body. → 408 */
  requestTimeoutMs: number;
  /** Idle time allowed between requests on a kept-alive connection (closed silently). */
  keepAliveTimeoutMs: number;
  /** Open connections; beyond it the oldest connection not being answered is dropped (or the new one). */
  maxConnections: number;
}

export interface MdsServerOptions {
  handler: MdsHandler;
  /** Only loopback: the spec requires 127.0.0.1, never 'localhost'. */
  host?: '127.0.0.1';
  /** A fixed port (0 = any free port, for tests), or */
  port?: number;
  /** default [4501, 4600]: the first port that binds. */
  portRange?: [number, number];
  /** CORS; default '*'. With a list, other origins get no CORS headers and 403 on preflight. */
  allowedOrigins?: string[] | '*';
  limits?: Partial<MdsLimits>;
  /** Keep connections open between requests (HTTP/1.1 persistence, pipelining). Default false: MOSIP clients expect Connection: close. */
  keepAlive?: boolean;
  /** Never logs bodies. */
  logger?: Logger;
}

export interface MdsServer {
  readonly port: number;
  /** Connections currently open (for monitoring and tests). */
  readonly connectionCount: number;
  /** Stops listening, closes every connection (aborting running handlers) and resolves when done. */
  close(): Promise<void>;
}
