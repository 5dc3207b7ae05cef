/**
 * An incremental, strict HTTP/1.1 request parser (RFC 9112). Bytes are appended as they arrive;
 * next() yields the next event once enough bytes are there. Everything that is not well-formed ends
 * the parse with a status: 400 (syntax), 413 (body), 431 (header section), 505 (version).
 */
import { CHUNK_EXT, listTokens, parseFieldLine, parseTarget, TOKEN } from './syntax.ts';
import type { MdsLimits } from './types.ts';

export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' };

export interface RequestHead {
  method: string;
  path: string;
  /** Raw query string without '?'. */
  query: string;
  version: '1.0' | '1.1';
  headers: Record<string, string>;
  framing: Framing;
  /** `Expect: 100-continue` on an HTTP/1.1 request that has a body. */
  expectContinue: boolean;
  /** The client asks for a persistent connection (HTTP/1.1 without close, HTTP/1.0 with keep-alive). */
  clientKeepAlive: boolean;
}

export type ParserEvent =
  | { type: 'head'; head: RequestHead }
  | { type: 'request'; head: RequestHead; body: Buffer }
  | { type: 'error'; status: 400 | 413 | 431 | 505; reason: string; head?: RequestHead };

export type ParserLimits = Pick<MdsLimits, 'maxHeaderBytes' | 'maxHeaderCount' | 'maxBodyBytes'>;

/** Longest chunk-size line with its extensions. */
export const MAX_CHUNK_LINE_BYTES = 1024;
/** Chunk framing (size lines, CRLFs) allowed beyond the data itself, so endless tiny chunks end. */
const MAX_CHUNK_OVERHEAD_BYTES = 64 * 1024;

const CR = 13;
const LF = 10;
const EMPTY = Buffer.alloc(0);

type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'failed';
type Failure = Extract<ParserEvent, { type: 'error' }>;

function fail(status: Failure['status'], reason: string, head?: RequestHead): Failure {
  return head ? { type: 'error', status, reason, head } : { type: 'error', status, reason };
}

export class RequestParser {
  private buf: Buffer = EMPTY;
  private state: State = 'head';
  /** Block scanning (header or trailer section): where to resume and where the current line starts. */
  private scanPos = 0;
  private lineStart = 0;
  /** Empty lines skipped before the request line (counted against maxHeaderBytes). */
  private skipped = 0;
  private head: RequestHead | undefined;
  private bodyParts: Buffer[] = [];
  private bodyBytes = 0;
  private remaining = 0;
  private chunkOverhead = 0;

  constructor(private readonly limits: ParserLimits) {}

  append(chunk: Buffer): void {
    if (this.state === 'failed' || chunk.length === 0) return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
  }

  /** Unconsumed bytes held. */
  get buffered(): number {
    return this.buf.length;
  }

  /** Some bytes of a request that is not complete yet have arrived. */
  get inProgress(): boolean {
    return this.state !== 'head' || this.buf.length > 0 || this.skipped > 0;
  }

  /** The current request's header section has not been read yet. */
  get awaitingHead(): boolean {
    return this.state === 'head';
  }

  next(): ParserEvent | undefined {
    for (;;) {
      switch (this.state) {
        case 'failed':
          return undefined;
        case 'head': {
          const r = this.headEvent();
          if (r === 'skip') continue;
          return r;
        }
        case 'body': {
          this.takeData();
          if (this.remaining > 0) return undefined;
          return this.complete();
        }
        case 'chunk-size': {
          const r = this.chunkSize();
          if (r === undefined) return undefined;
          if (r !== 'ok') return r;
          continue;
        }
        case 'chunk-data':
          this.takeData();
          if (this.remaining > 0) return undefined;
          this.state = 'chunk-data-end';
          continue;
        case 'chunk-data-end': {
          if (this.buf.length < 2) {
            if (this.buf.length === 1 && this.buf[0] !== CR)
              return this.failed(400, 'chunk data not followed by CRLF');
            return undefined;
          }
          if (this.buf[0] !== CR || this.buf[1] !== LF)
            return this.failed(400, 'chunk data not followed by CRLF');
          this.consume(2);
          this.chunkOverhead += 2;
          this.state = 'chunk-size';
          continue;
        }
        case 'trailers': {
          const end = this.scanBlock();
          if (end === undefined) return undefined;
          if (typeof end !== 'number') return end;
          const checked = this.fields(end, 0);
          if (!Array.isArray(checked)) return checked;
          this.consume(end); // trailer fields are validated, then dropped
          return this.complete();
        }
      }
    }
  }

  private failed(status: Failure['status'], reason: string): Failure {
    this.state = 'failed';
    this.buf = EMPTY;
    this.bodyParts = [];
    return fail(status, reason, this.head);
  }

  private consume(n: number): void {
    this.buf = n >= this.buf.length ? EMPTY : this.buf.subarray(n);
    this.scanPos = 0;
    this.lineStart = 0;
  }

  private takeData(): void {
    const n = Math.min(this.remaining, this.buf.length);
    if (n === 0) return;
    this.bodyParts.push(Buffer.from(this.buf.subarray(0, n)));
    this.remaining -= n;
    this.consume(n);
  }

  private complete(): ParserEvent {
    const head = this.head as RequestHead;
    const body = this.bodyParts.length === 1 ? (this.bodyParts[0] as Buffer) : Buffer.concat(this.bodyParts);
    this.state = 'head';
    this.head = undefined;
    this.bodyParts = [];
    this.bodyBytes = 0;
    this.chunkOverhead = 0;
    this.skipped = 0;
    return { type: 'request', head, body };
  }

  /**
   * Finds the end of a block of CRLF-terminated lines closed by an empty line, starting at buf[0].
   * Returns the length including the final CRLF CRLF (2 for a lone empty line), undefined when more
   * bytes are needed, or a failure (bare LF, bare CR, too large).
   */
  private scanBlock(): number | Failure | undefined {
    const buf = this.buf;
    const max = this.limits.maxHeaderBytes - this.skipped;
    const stop = Math.min(buf.length, max + 1);
    for (let i = this.scanPos; i < stop; i++) {
      const b = buf[i];
      if (i > 0 && buf[i - 1] === CR && b !== LF) return this.failed(400, 'bare CR in header section');
      if (b !== LF) continue;
      if (i === 0 || buf[i - 1] !== CR) return this.failed(400, 'bare LF line ending');
      if (i - 1 === this.lineStart) {
        if (i + 1 > max) return this.failed(431, 'header section too large');
        return i + 1;
      }
      this.lineStart = i + 1;
    }
    this.scanPos = stop;
    if (buf.length > max) return this.failed(431, 'header section too large');
    return undefined;
  }

  /** Splits and validates the field lines of a block (from line `first`); returns them or a failure. */
  private fields(end: number, first: number): [string, string][] | Failure {
    if (end === 2) return []; // empty trailer section
    const lines = this.buf.toString('latin1', 0, end - 4).split('\r\n');
    const out: [string, string][] = [];
    for (let i = first; i < lines.length; i++) {
      const r = parseFieldLine(lines[i] as string);
      if (!r.ok) return this.failed(400, r.reason);
      out.push([r.value.name, r.value.value]);
    }
    if (out.length > this.limits.maxHeaderCount) return this.failed(431, 'too many header fields');
    return out;
  }

  private headEvent(): ParserEvent | 'skip' | undefined {
    const end = this.scanBlock();
    if (end === undefined) return undefined;
    if (typeof end !== 'number') return end;
    if (end === 2) {
      // RFC 9112 §2.2: ignore empty lines received before the request line
      this.skipped += 2;
      this.consume(2);
      return 'skip';
    }
    const firstLineEnd = this.buf.indexOf('\r\n');
    const requestLine = this.buf.toString('latin1', 0, firstLineEnd);
    const parts = requestLine.split(' ');
    if (parts.length !== 3) return this.failed(400, 'malformed request line');
    const [method, target, versionText] = parts as [string, string, string];
    if (!TOKEN.test(method)) return this.failed(400, 'invalid method token');
    const v = /^HTTP\/(\d)\.(\d)$/.exec(versionText);
    if (!v) return this.failed(400, 'malformed HTTP version');
    if (v[1] !== '1' || (v[2] !== '0' && v[2] !== '1')) return this.failed(505, 'HTTP version not supported');
    const version = v[2] === '0' ? '1.0' : '1.1';
    const t = parseTarget(target);
    if (!t.ok) return this.failed(400, t.reason);

    const fieldList = end === firstLineEnd + 4 ? [] : this.fields(end, 1);
    if (!Array.isArray(fieldList)) return fieldList;
    const byName = new Map<string, string[]>();
    for (const [name, value] of fieldList) {
      const list = byName.get(name);
      if (list) list.push(value);
      else byName.set(name, [value]);
    }
    const headers = Object.fromEntries([...byName].map(([name, values]) => [name, values.join(', ')]));

    const hosts = byName.get('host')?.length ?? 0;
    if (hosts > 1) return this.failed(400, 'more than one Host header');
    if (hosts === 0 && version === '1.1') return this.failed(400, 'missing Host header');

    const framing = this.framing(byName, version);
    if ('type' in framing) return framing;
    const head: RequestHead = {
      method,
      path: t.value.path,
      query: t.value.query,
      version,
      headers,
      framing,
      expectContinue:
        version === '1.1' && framing.kind !== 'none' && headers.expect?.toLowerCase() === '100-continue',
      clientKeepAlive:
        version === '1.1'
          ? !listTokens(headers.connection).includes('close')
          : listTokens(headers.connection).includes('keep-alive'),
    };
    this.head = head;
    this.consume(end);
    this.bodyParts = [];
    this.bodyBytes = 0;
    if (framing.kind === 'length') {
      this.state = 'body';
      this.remaining = framing.length;
    } else if (framing.kind === 'chunked') {
      this.state = 'chunk-size';
      this.remaining = 0;
    } else {
      this.state = 'body';
      this.remaining = 0;
    }
    return { type: 'head', head };
  }

  private framing(byName: Map<string, string[]>, version: '1.0' | '1.1'): Framing | Failure {
    const te = byName.get('transfer-encoding');
    const cl = byName.get('content-length');
    if (te) {
      if (version === '1.0') return this.failed(400, 'Transfer-Encoding in an HTTP/1.0 request');
      if (cl) return this.failed(400, 'both Content-Length and Transfer-Encoding');
      const codings = listTokens(te.join(','));
      if (codings.length !== 1 || codings[0] !== 'chunked') {
        return this.failed(400, 'unsupported Transfer-Encoding (only chunked)');
      }
      return { kind: 'chunked' };
    }
    if (cl) {
      if (cl.length > 1) return this.failed(400, 'more than one Content-Length');
      const text = cl[0] as string;
      if (!/^\d+$/.test(text)) return this.failed(400, 'invalid Content-Length');
      const length = text.replace(/^0+(?=\d)/, '').length > 15 ? Number.POSITIVE_INFINITY : Number(text);
      if (length > this.limits.maxBodyBytes) return this.failed(413, 'request body too large');
      return length === 0 ? { kind: 'none' } : { kind: 'length', length };
    }
    return { kind: 'none' };
  }

  /** Reads one chunk-size line. 'ok' when a state change happened, undefined when more bytes are needed. */
  private chunkSize(): 'ok' | Failure | undefined {
    const lf = this.buf.indexOf(LF);
    if (lf < 0 || lf > MAX_CHUNK_LINE_BYTES) {
      if (this.buf.length > MAX_CHUNK_LINE_BYTES) return this.failed(400, 'chunk extension too long');
      const cr = this.buf.indexOf(CR);
      if (cr >= 0 && cr + 1 < this.buf.length) return this.failed(400, 'bare CR in chunk size line');
      return undefined;
    }
    if (lf === 0 || this.buf[lf - 1] !== CR) return this.failed(400, 'bare LF in chunk size line');
    const line = this.buf.toString('latin1', 0, lf - 1);
    const m = /^([0-9A-Fa-f]+)(.*)$/s.exec(line);
    if (!m) return this.failed(400, 'invalid chunk size');
    const digits = (m[1] as string).replace(/^0+(?=.)/, '');
    if (!CHUNK_EXT.test(m[2] as string)) return this.failed(400, 'invalid chunk extension');
    const size = digits.length > 12 ? Number.POSITIVE_INFINITY : Number.parseInt(digits, 16);
    if (this.bodyBytes + size > this.limits.maxBodyBytes) return this.failed(413, 'request body too large');
    this.chunkOverhead += lf + 1;
    if (this.chunkOverhead > MAX_CHUNK_OVERHEAD_BYTES + this.bodyBytes) {
      return this.failed(400, 'too much chunk framing for the data carried');
    }
    this.consume(lf + 1);
    if (size === 0) {
      this.state = 'trailers';
      return 'ok';
    }
    this.bodyBytes += size;
    this.remaining = size;
    this.state = 'chunk-data';
    return 'ok';
  }
}
