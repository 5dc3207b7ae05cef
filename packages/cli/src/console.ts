/**
 * What a long-running command (`up`, `server`, `device-service`) writes while it runs
 * (docs/metrics.md, "Console"): on a terminal, readable lines — the banner, then one short line
 * per request or event (time, method, route, status, ms); otherwise, or with `--json`, pino's JSON
 * lines. The two never share a stream.
 */
import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type ConsoleMode = 'pretty' | 'json';

/** Readable lines on a terminal unless --json; JSON lines otherwise. `force` is for tests. */
export function consoleMode(json: boolean, out: { isTTY?: boolean }, force?: ConsoleMode): ConsoleMode {
  if (force) return force;
  return json || out.isTTY !== true ? 'json' : 'pretty';
}

/** `MOSIP_TRUST_CONSOLE=pretty|json` forces the mode (tests drive the terminal path without one). */
export function forcedConsoleMode(env: NodeJS.ProcessEnv = process.env): ConsoleMode | undefined {
  const v = env.MOSIP_TRUST_CONSOLE;
  return v === 'pretty' || v === 'json' ? v : undefined;
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

function clock(time: unknown): string {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return d.toTimeString().slice(0, 8);
}

/**
 * A pino destination that turns each JSON line into one short readable line: a request as
 * `HH:MM:SS METHOD ROUTE STATUS MSms`, anything else as `HH:MM:SS level message`.
 */
export function prettyDestination(out: Pick<Writable, 'write'>): DestinationStream {
  const pending = new Map<string, { method: string; route: string }>();
  return {
    write(line: string) {
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const req = o.req as { method?: string; route?: string } | undefined;
      const res = o.res as { statusCode?: number } | undefined;
      const id = String(o.reqId ?? '');
      if (o.msg === 'incoming request' && req) {
        pending.set(id, { method: req.method ?? '?', route: req.route ?? '?' });
        return;
      }
      if (o.msg === 'request completed' && res) {
        const seen = pending.get(id) ?? { method: '?', route: '?' };
        pending.delete(id);
        const ms = typeof o.responseTime === 'number' ? Math.round(o.responseTime) : '?';
        out.write(`${clock(o.time)} ${seen.method} ${seen.route} ${res.statusCode} ${ms}ms\n`);
        return;
      }
      if (o.msg === 'request' && typeof o.method === 'string') {
        out.write(`${clock(o.time)} ${o.method} ${o.route} ${o.status} ${o.ms}ms\n`);
        return;
      }
      const level = LEVELS[o.level as number] ?? 'info';
      out.write(`${clock(o.time)} ${level === 'info' ? '' : `${level} `}${String(o.msg ?? '')}\n`);
    },
  };
}

/**
 * pino options for the trust server's fastify logger: in pretty mode a request is logged by its
 * route pattern (never the raw URL, which may carry ids), in JSON mode as fastify logs it.
 */
export function serverLoggerOptions(
  mode: ConsoleMode,
  base: LoggerOptions,
  out: Pick<Writable, 'write'>,
): LoggerOptions & { stream: DestinationStream } {
  if (mode === 'json') return { ...base, stream: out as DestinationStream };
  return {
    ...base,
    serializers: {
      req: (req: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        route: req.routeOptions?.url ?? req.url?.split('?')[0],
      }),
    },
    stream: prettyDestination(out),
  };
}

/** A pino logger writing to `out` in the mode's format. */
export function consoleLogger(mode: ConsoleMode, out: Pick<Writable, 'write'>, level = 'info'): Logger {
  const stream = mode === 'json' ? (out as DestinationStream) : prettyDestination(out);
  return pino({ level }, stream);
}
