/**
 * One client connection: feeds the parser, runs the handler for one request at a time (pipelined
 * requests are answered in order), enforces the timeouts, and closes cleanly (half-closed clients
 * still get their response; a closing socket keeps draining input so the client sees the answer).
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { CorsPolicy } from './cors.ts';
import type { ResolvedOptions } from './limits.ts';
import { type RequestHead, RequestParser } from './parser.ts';
import {
  errorBody,
  type HeaderList,
  type ResponseChunks,
  serializeError,
  serializeHead,
  serializeResponse,
} from './response.ts';
import { StreamSink } from './stream-sink.ts';
import type { MdsRequest, MdsResponse } from './types.ts';

export interface ConnectionContext {
  opts: ResolvedOptions;
  cors: CorsPolicy;
  port: number;
  logger: Logger | undefined;
  onClosed(conn: Connection): void;
}

type Phase = 'idle' | 'reading' | 'handling' | 'streaming' | 'closing';

/** A request's abort signal, made only when something asks for it (discovery and device info never do). */
class RequestAbort {
  private controller: AbortController | undefined;
  private aborted = false;

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort();
    }
    return this.controller.signal;
  }

  abort(): void {
    this.aborted = true;
    this.controller?.abort();
  }
}

/** What a handler gets; the query, the peer address and the signal are made when first read. */
class IncomingRequest implements MdsRequest {
  private parsedQuery: URLSearchParams | undefined;

  constructor(
    private readonly head: RequestHead,
    readonly body: Buffer,
    private readonly socket: Socket,
    private readonly abort: RequestAbort,
  ) {}

  get method(): string {
    return this.head.method;
  }
  get path(): string {
    return this.head.path;
  }
  get headers(): Record<string, string> {
    return this.head.headers;
  }
  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.head.query);
    return this.parsedQuery;
  }
  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }
  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
/**
 * A FIN while a handler runs is either a half-close (the client still waits) or a client that is
 * gone: TCP cannot tell. After this delay the transport sends an interim 100 Continue, twice (the
 * second write is the one that fails): a waiting HTTP/1.1 client ignores it (RFC 9110 §15.2), a gone
 * one answers with a reset, which closes the socket and aborts the request signal.
 */
export const GONE_PROBE_DELAY_MS = 500;
const GONE_PROBE_GAP_MS = 100;

export class Connection {
  private readonly parser: RequestParser;
  private phase: Phase = 'idle';
  private firstRequest = true;
  private peerEnded = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private headersTimer: NodeJS.Timeout | undefined;
  private requestTimer: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private requestAbort: RequestAbort | undefined;
  private version: '1.0' | '1.1' = '1.1';

  constructor(
    private readonly socket: Socket,
    private readonly ctx: ConnectionContext,
  ) {
    this.parser = new RequestParser(ctx.opts.limits);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) =>
      ctx.logger?.debug({ err: err.message, remote: socket.remoteAddress }, 'socket error'),
    );
    socket.on('close', () => this.onClose());
    this.armIdle();
  }

  /** A handler is running or a stream is being written: not a candidate for eviction. */
  get busy(): boolean {
    return this.phase === 'handling' || this.phase === 'streaming';
  }

  destroy(): void {
    this.socket.destroy();
  }

  private get limits() {
    return this.ctx.opts.limits;
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.headersTimer);
    clearTimeout(this.requestTimer);
    this.idleTimer = this.headersTimer = this.requestTimer = undefined;
  }

  /** Waiting for the first byte of a request: 408 for a new connection, silent close between requests. */
  private armIdle(): void {
    this.phase = 'idle';
    this.clearTimers();
    if (this.firstRequest) {
      this.idleTimer = setTimeout(
        () => this.fail(408, 'no request received in time'),
        this.limits.headersTimeoutMs,
      );
    } else {
      this.idleTimer = setTimeout(() => this.closeGracefully(), this.limits.keepAliveTimeoutMs);
    }
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closing' || this.phase === 'streaming') return; // discarded
    this.parser.append(chunk);
    if (this.phase === 'handling') {
      // pipelined bytes wait; beyond one header section's worth, stop reading (bounded memory)
      if (this.parser.buffered > this.limits.maxHeaderBytes) this.socket.pause();
      return;
    }
    this.pump();
  }

  private onEnd(): void {
    this.peerEnded = true;
    if (this.phase === 'idle' || this.phase === 'reading') this.pump();
    else if (this.phase === 'handling' && this.version === '1.1') this.probeGone();
  }

  private probeGone(): void {
    const probe = (then?: () => void): void => {
      if (this.phase !== 'handling' || this.socket.destroyed) return;
      this.socket.write(CONTINUE);
      then?.();
    };
    const t = setTimeout(
      () => probe(() => setTimeout(() => probe(), GONE_PROBE_GAP_MS).unref()),
      GONE_PROBE_DELAY_MS,
    );
    t.unref();
  }

  private onClose(): void {
    this.clearTimers();
    clearTimeout(this.lingerTimer);
    this.phase = 'closing';
    this.requestAbort?.abort();
    this.ctx.onClosed(this);
  }

  /**
   * Parses what is buffered; starts the handler when a request is complete. The read timeouts run from
   * a request's first byte, and are only armed when those bytes do not already hold the whole request
   * (they almost always do: a timer made and cleared per request is work for nothing).
   */
  private pump(): void {
    const starting = this.phase === 'idle' && this.parser.inProgress;
    if (starting) this.phase = 'reading';
    for (;;) {
      const ev = this.parser.next();
      if (ev === undefined) break;
      if (ev.type === 'head') {
        clearTimeout(this.headersTimer);
        this.headersTimer = undefined;
        if (ev.head.expectContinue) this.socket.write(CONTINUE);
        continue;
      }
      if (ev.type === 'error') {
        this.fail(ev.status, ev.reason, ev.head);
        return;
      }
      this.clearTimers();
      void this.handle(ev.head, ev.body);
      return;
    }
    if (starting) this.armReadTimeouts();
    if (this.peerEnded) {
      if (this.parser.inProgress) this.fail(400, 'connection closed before the request was complete');
      else this.closeGracefully();
    }
  }

  private armReadTimeouts(): void {
    this.clearTimers();
    if (this.parser.awaitingHead)
      this.headersTimer = setTimeout(
        () => this.fail(408, 'request header section not received in time'),
        this.limits.headersTimeoutMs,
      );
    this.requestTimer = setTimeout(
      () => this.fail(408, 'request not received in time'),
      this.limits.requestTimeoutMs,
    );
  }

  /** Answers a malformed or late request itself, then closes. */
  private fail(status: number, reason: string, head?: RequestHead): void {
    if (this.phase === 'closing') return;
    this.ctx.logger?.info({ status, reason, remote: this.socket.remoteAddress }, 'request rejected');
    const cors = this.ctx.cors.originHeaders(head?.headers.origin);
    this.socket.write(serializeError(status, reason, cors));
    this.closeGracefully();
  }

  /** Ends our side; keeps reading (and discarding) so unread input does not turn into a reset. */
  private closeGracefully(): void {
    if (this.phase === 'closing') return;
    this.phase = 'closing';
    this.clearTimers();
    this.socket.resume();
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), this.limits.requestTimeoutMs);
  }

  private async handle(head: RequestHead, body: Buffer): Promise<void> {
    this.phase = 'handling';
    this.version = head.version;
    const started = Date.now();
    const keepAlive = this.ctx.opts.keepAlive && head.clientKeepAlive;
    const cors = this.ctx.cors.originHeaders(head.headers.origin);

    if (head.method === 'OPTIONS') {
      const pre = this.ctx.cors.preflight(head.headers);
      this.respond(
        head,
        pre.status,
        this.preflightBytes(pre.status, pre.headers, keepAlive),
        keepAlive,
        started,
      );
      return;
    }

    const abort = new RequestAbort();
    this.requestAbort = abort;
    let sink: StreamSink | undefined;
    const stream = (): StreamSink => {
      sink ??= new StreamSink(
        this.socket,
        abort.signal,
        cors,
        () => {
          this.phase = 'streaming';
        },
        () => this.closeGracefully(),
      );
      return sink;
    };
    const req = new IncomingRequest(head, body, this.socket, abort);

    let res: MdsResponse | undefined;
    let failure: unknown;
    try {
      res = await this.ctx.opts.handler(req, stream);
    } catch (err) {
      failure = err;
    }
    if (this.socket.destroyed || (this.phase as Phase) === 'closing') return;
    if (sink?.started || sink?.closed) {
      if (res !== undefined)
        this.ctx.logger?.warn({ path: head.path }, 'handler returned a response after streaming');
      this.ctx.logger?.debug(
        { method: head.method, path: head.path, ms: Date.now() - started },
        'stream handler done',
      );
      return;
    }
    this.requestAbort = undefined;
    const ctx = { port: this.ctx.port, cors, keepAlive, headOnly: head.method === 'HEAD' };
    try {
      if (failure !== undefined) throw failure;
      if (res === undefined) throw new Error('handler returned no response and did not stream');
      this.respond(head, res.status, serializeResponse(res, ctx), keepAlive, started);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.logger?.error({ err: message, method: head.method, path: head.path }, 'handler failed');
      const internal = { status: 500, body: errorBody(500, 'internal error') };
      this.respond(head, 500, serializeResponse(internal, { ...ctx, keepAlive: false }), false, started);
    }
  }

  private preflightBytes(status: 200 | 403, headers: HeaderList, keepAlive: boolean): Buffer {
    const body = status === 403 ? Buffer.from(errorBody(403, 'origin not allowed'), 'utf8') : Buffer.alloc(0);
    const list: HeaderList = [...headers];
    if (status === 403) list.push(['Content-Type', 'application/json']);
    list.push(['Content-Length', String(body.length)], ['Connection', keepAlive ? 'keep-alive' : 'close']);
    return Buffer.concat([serializeHead(status, list), body]);
  }

  /** Writes a response; then the next pipelined request, an idle wait, or the close. */
  private respond(
    head: RequestHead,
    status: number,
    bytes: Buffer | ResponseChunks,
    keepAlive: boolean,
    started: number,
  ): void {
    this.ctx.logger?.debug(
      { method: head.method, path: head.path, status, ms: Date.now() - started },
      'request',
    );
    let flushed: boolean;
    if (Buffer.isBuffer(bytes)) flushed = this.socket.write(bytes);
    else {
      // Corked: the pieces leave in one writev, as one buffer would, without being copied into one first.
      this.socket.cork();
      flushed = true;
      for (const chunk of bytes) flushed = this.socket.write(chunk);
      this.socket.uncork();
    }
    if (!keepAlive) {
      this.closeGracefully();
      return;
    }
    const next = (): void => {
      if (this.phase !== 'handling') return;
      this.firstRequest = false;
      this.armIdle();
      this.socket.resume();
      if (this.parser.inProgress || this.peerEnded) this.pump();
    };
    if (flushed) next();
    else this.socket.once('drain', next);
  }
}
