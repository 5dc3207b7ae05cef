import { join, resolve } from 'node:path';
import type { Purpose } from '@mosip-trust/device-service';
import { REDACT_PATHS } from '@mosip-trust/trust-server';
import { CliError, type Command, type CommandContext, stringOption } from '../command.ts';
import { consoleLogger, consoleMode, forcedConsoleMode, serverLoggerOptions } from '../console.ts';
import { type Platform, startPlatform } from '../platform/start.ts';
import { allowedOriginsOption, corsLine } from './device-service.ts';
import { configFromFlags } from './server.ts';

/** The portal's and API's port when neither --port, PORT nor MOSIP_TRUST_PORT says otherwise. */
const DEFAULT_PORT = '8080';
/** The management server's port unless --management-port says otherwise. */
const DEFAULT_MANAGEMENT_PORT = '4700';

function portRangeOption(ctx: CommandContext): [number, number] {
  const portsText = stringOption(ctx, 'device-ports') ?? '4501-4600';
  const ports = /^(\d{1,5})-(\d{1,5})$/.exec(portsText);
  const portRange: [number, number] = [Number(ports?.[1]), Number(ports?.[2])];
  if (!ports || portRange[0] < 1 || portRange[1] > 65535 || portRange[0] > portRange[1])
    throw new CliError(`--device-ports must look like 4501-4600, got "${portsText}"`);
  return portRange;
}

function managementPortOption(ctx: CommandContext): number {
  const text = stringOption(ctx, 'management-port') ?? DEFAULT_MANAGEMENT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--management-port must be 0-65535, got "${text}"`);
  return port;
}

/** What `up` prints once everything answers (also `up --json`'s one JSON document). */
export function platformSummary(p: Platform, dataRoot: string) {
  return {
    trustServer: { url: p.server.url, docs: `${p.server.url}/docs`, store: p.server.store.kind },
    portal: `${p.server.url}/`,
    firstAdmin: p.firstAdmin ?? null,
    managementServer: {
      url: p.management.url,
      metrics: `${p.management.url}/metrics`,
      deviceProviderId: p.state.deviceProviderId,
      ftmProviderId: p.state.ftmProviderId,
    },
    deviceService: {
      url: `http://127.0.0.1:${p.devices.port}/`,
      port: p.devices.port,
      allowedOrigins: p.devices.allowedOrigins,
      devices: p.devices.summary(),
    },
    data: dataRoot,
  };
}

function printText(ctx: CommandContext, p: Platform, summary: ReturnType<typeof platformSummary>): void {
  const url = p.server.url;
  ctx.out(`portal             ${url}/`);
  ctx.out(`trust server       ${url}  (API reference ${url}/docs, store ${p.server.store.kind})`);
  if (p.firstAdmin)
    ctx.out(
      `first admin        sign in at ${url}/ as "${p.firstAdmin.user}" with the one-time password ${p.firstAdmin.oneTimePassword} (shown once; you choose a new one at first sign-in)`,
    );
  else ctx.out('first admin        already created (its one-time password was shown at the first start)');
  ctx.out(
    `management server  ${p.management.url}  (device provider ${p.state.deviceProviderId}, metrics ${p.management.url}/metrics)`,
  );
  ctx.out(`device service     port ${p.devices.port}  http://127.0.0.1:${p.devices.port}/`);
  ctx.out(`  ${corsLine(p.devices)}`);
  for (const d of summary.deviceService.devices)
    ctx.out(
      `  ${d.deviceId}  ${d.kind.padEnd(14)} ${d.status.padEnd(14)} subIds ${d.deviceSubId.join(',')}${d.registrationError ? `  (not registered: ${d.registrationError})` : ''}`,
    );
  ctx.out(`data               ${summary.data}`);
  ctx.out(
    `try: curl -X MOSIPDISC http://127.0.0.1:${p.devices.port}/device -d '{"type":"Biometric Device"}'`,
  );
  ctx.out('Press Ctrl+C to stop.');
}

export const commands: Command[] = [
  {
    name: 'up',
    summary: 'Run the platform: trust server and portal, a management server and a device service',
    help: `[--data DIR] [--port N] [--management-port N] [--device-ports A-B] [--purpose Registration|Auth]
       [--allowed-origins LIST] [--json]

Starts, in one process (the three parts talk over HTTP only):
- the trust server: partner management REST API on the embedded PostgreSQL, the partner portal at /,
  OpenAPI at /openapi.json, reference at /docs;
- a device provider's management server (GET /metrics for monitoring);
- a device service with a finger slap, a single finger, an iris double and a face device, registered
  through the management server.
On the first start it creates user "admin" with a one-time password printed once, and onboards the
devices' FTM provider (MOSIP.TRUST.FTM, chip model approved) and device provider (MOSIP.TRUST.SBI, device
models and SBI version approved, machine client for the management server) as the audited system
actor "cli:up". Later starts reuse everything in DIR. Runs until SIGINT/SIGTERM.

Options:
  --data DIR              where everything is kept (default ./data): DIR/trust-server,
                          DIR/management-server, DIR/device-service, DIR/platform.json
  --port N                trust server and portal port (default 8080, or PORT; 0 = any free port)
  --management-port N     management server port (default ${DEFAULT_MANAGEMENT_PORT}; 0 = any free port)
  --device-ports A-B      the device service takes the first free port of A-B (default 4501-4600)
  --purpose P             purpose of the devices: Registration (default: the four above) or Auth (a single
                          finger, a single iris and a face, MockMDS's Auth set); a device keeps the purpose
                          it registered with (use another --data for the other)
  --allowed-origins LIST  web origins that may call the device service (comma-separated; or env
                          MOSIP_MDS_ALLOWED_ORIGINS); default: every origin
  --json                  print the addresses and devices as one JSON document (default: text)
The trust server's other settings come from MOSIP_TRUST_* variables (see README, Configuration).`,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'management-port': { type: 'string' },
      'device-ports': { type: 'string' },
      purpose: { type: 'string' },
      'allowed-origins': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const dataRoot = resolve(stringOption(ctx, 'data') ?? 'data');
      const purpose = (stringOption(ctx, 'purpose') ?? 'Registration') as Purpose;
      if (purpose !== 'Registration' && purpose !== 'Auth')
        throw new CliError('--purpose must be Registration or Auth');
      const portRange = portRangeOption(ctx);
      const managementPort = managementPortOption(ctx);
      const config = configFromFlags({
        ...ctx,
        values: {
          ...ctx.values,
          data: join(dataRoot, 'trust-server'),
          port:
            stringOption(ctx, 'port') ??
            process.env.PORT ??
            (process.env.MOSIP_TRUST_PORT ? undefined : DEFAULT_PORT),
        },
      });
      // On a terminal: the banner, then readable lines on standard output. Otherwise (or --json)
      // JSON log lines go to standard error, so standard output carries only the summary.
      const mode = consoleMode(ctx.values.json === true, process.stdout, forcedConsoleMode());
      const logOut = mode === 'pretty' ? process.stdout : process.stderr;
      const platform = await startPlatform({
        dataRoot,
        config,
        trustLogger: serverLoggerOptions(
          mode,
          { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
          logOut,
        ),
        logger: consoleLogger(mode, logOut, config.logLevel),
        purpose,
        portRange,
        managementPort,
        ...allowedOriginsOption(ctx),
      });
      try {
        const summary = platformSummary(platform, dataRoot);
        if (ctx.values.json === true) ctx.out(JSON.stringify(summary, null, 2));
        else printText(ctx, platform, summary);
        // A later start answers before the management server has signed in to the trust server: if
        // that sign-in fails, the platform cannot register or serve devices, so it stops with the reason.
        const signInFailed = platform.ready.then(
          () => new Promise<never>(() => {}),
          (error: unknown) => ({ error }),
        );
        const stop = await Promise.race([ctx.stopSignal, signInFailed]);
        if (typeof stop === 'object') throw stop.error;
        if (ctx.values.json !== true) ctx.out(`stopping (${stop})`);
        return 0;
      } finally {
        await platform.close();
      }
    },
  },
];
