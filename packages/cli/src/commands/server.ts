import { loadConfig, REDACT_PATHS, startTrustServer, type TrustConfig } from '@mosip-trust/trust-server';
import { CliError, type Command, type CommandContext, stringOption } from '../command.ts';
import { consoleMode, forcedConsoleMode, serverLoggerOptions } from '../console.ts';

/** Configuration from MOSIP_TRUST_* / DATABASE_URL, the optional --config file, then the flags. */
export function configFromFlags(ctx: CommandContext): TrustConfig {
  const overrides: Partial<TrustConfig> = {};
  const port = stringOption(ctx, 'port');
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be 0-65535, got ${port}`);
    overrides.port = n;
  }
  const host = stringOption(ctx, 'host');
  if (host !== undefined) overrides.host = host;
  const data = stringOption(ctx, 'data');
  const file = stringOption(ctx, 'config');
  const env = { ...process.env };
  if (data !== undefined) env.MOSIP_TRUST_DATA_DIR = data;
  if (ctx.values.production === true) env.MOSIP_TRUST_PRODUCTION = 'true';
  return loadConfig({ env, ...(file ? { file } : {}), overrides });
}

export const STORE_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
} as const;

const STORE_HELP = `  --data DIR        PGlite data directory (default ./data/trust-server, or MOSIP_TRUST_DATA_DIR);
                    DATABASE_URL selects a PostgreSQL server instead
  --config FILE     JSON configuration file (default none, or MOSIP_TRUST_CONFIG); its keys are listed
                    in docs/trust-server.md and an unknown key is refused`;

export const commands: Command[] = [
  {
    name: 'server',
    summary:
      'Run the trust server (partner management REST API, OpenAPI at /openapi.json, reference at /docs)',
    help: `[--port N] [--host H] [--data DIR] [--config FILE] [--production] [--json]

Runs the trust server until SIGINT/SIGTERM. Answers GET /health when ready.

Options:
  --port N          port to listen on (default 9109, 0 = any free port; or MOSIP_TRUST_PORT)
  --host H          address to listen on (default 127.0.0.1; or MOSIP_TRUST_HOST)
${STORE_HELP}
  --json            log JSON lines (the default when standard output is not a terminal)
  --production      production mode (default off; also NODE_ENV=production or MOSIP_TRUST_PRODUCTION):
                    secure cookies; the KEK only from MOSIP_TRUST_KEK or MOSIP_TRUST_KEK_FILE,
                    never a generated key or one inside a development data directory
Every other setting comes from MOSIP_TRUST_* variables or the --config file (README, Configuration).
The first admin comes from MOSIP_TRUST_ADMIN_USER + MOSIP_TRUST_ADMIN_PASSWORD, or "mosip-trust admin create".`,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      production: { type: 'boolean' },
      json: { type: 'boolean' },
      ...STORE_OPTIONS,
    },
    async run(ctx) {
      const config = configFromFlags(ctx);
      const mode = consoleMode(ctx.values.json === true, process.stdout, forcedConsoleMode());
      const server = await startTrustServer(config, {
        logger: serverLoggerOptions(
          mode,
          { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
          process.stdout,
        ),
      });
      const banner = `trust server listening on ${server.url} (store: ${server.store.kind}${config.production ? ', production' : ''})`;
      // In JSON mode the banner is one more JSON line (whatever the log level), so standard output
      // carries JSON lines only.
      if (mode === 'json')
        ctx.out(JSON.stringify({ time: Date.now(), msg: banner, url: server.url, store: server.store.kind }));
      else ctx.out(banner);
      const signal = await ctx.stopSignal;
      ctx.err(`received ${signal}, shutting down`);
      await server.close();
      return 0;
    },
  },
];
