/**
 * What the error log may print of an error: its kind, message, code and stack, never the query's parameters
 * (PGlite and pg errors carry them, and they can be secret hashes or personal data). docs/trust-server.md.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; severity?: unknown; routine?: unknown };
  return {
    type: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.stack ? { stack: e.stack } : {}),
    ...(e.cause !== undefined ? { cause: loggableError(e.cause) } : {}),
  };
}
