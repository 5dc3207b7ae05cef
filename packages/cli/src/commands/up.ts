import { join, resolve } from 'node:path';
import { biometricRecordSource, DeviceService, type Purpose } from '@mosip-trust/device-service';
import {
  ensureFirstAdmin,
  REDACT_PATHS,
  startTrustServer,
  systemActor,
  type TrustServer,
} from '@mosip-trust/trust-server';
import { CliError, type Command, stringOption } from '../command.ts';
import { consoleLogger, consoleMode, forcedConsoleMode, serverLoggerOptions } from '../console.ts';
import { allowedOriginsOption, corsLine } from './device-service.ts';
import { configFromFlags } from './server.ts';

const FIRST_ADMIN = 'admin';
/** The portal's and API's port when neither --port, PORT nor MOSIP_TRUST_PORT says otherwise. */
const DEFAULT_PORT = '8080';

/**
 * Creates the first partner admin when the store has none: a generated one-time password, printed
 * once here and never stored in clear (the account must change it at first login).
 */
async function firstAdminPassword(server: TrustServer): Promise<string | undefined> {
  const created = await ensureFirstAdmin(server.deps, systemActor('cli:up'), { username: FIRST_ADMIN });
  return created?.oneTimePassword;
}

export const commands: Command[] = [
  {
    name: 'up',
    summary: 'Run the platform: trust server on the embedded store plus a simulated device service',
    help: `[--data DIR] [--port N] [--device-ports A-B] [--purpose Registration|Auth] [--json]

Starts, in one process, the trust server (partner management REST API on the embedded PostgreSQL,
OpenAPI at /openapi.json, reference at /docs) and a development device service (finger slap, single
finger, iris double, face; registered offline against a development PKI, env "Developer") whose Auth
captures are encrypted to the trust server's platform encryption certificate. Runs until SIGINT/SIGTERM.
When the store has no admin yet, creates user "${FIRST_ADMIN}" with a one-time password printed once.

Options:
  --data DIR          where everything is kept (default ./data): DIR/trust-server, DIR/device-service
  --port N            trust server and portal port (default 8080, or PORT; 0 = any free port)
  --device-ports A-B  the device service takes the first free port of A-B (default 4501-4600)
  --purpose P         purpose of the simulated devices: Registration (default) or Auth; Auth captures
                      are encrypted to the trust server's encryption certificate
  --allowed-origins LIST  web origins that may call the device service (comma-separated; or env
                      MOSIP_MDS_ALLOWED_ORIGINS); default: every origin
  --json              print the addresses and devices as JSON (default: text)
The trust server's other settings come from MOSIP_TRUST_* variables (see README, Configuration).`,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'device-ports': { type: 'string' },
      purpose: { type: 'string' },
      'allowed-origins': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const dataRoot = resolve(stringOption(ctx, 'data') ?? 'data');
      const purpose = (stringOption(ctx, 'purpose') ?? 'Registration') as Purpose;
      if (purpose !== 'Registration' && purpose !== 'Auth') {
        throw new CliError('--purpose must be Registration or Auth');
      }
      const portsText = stringOption(ctx, 'device-ports') ?? '4501-4600';
      const ports = /^(\d{1,5})-(\d{1,5})$/.exec(portsText);
      const portRange: [number, number] = [Number(ports?.[1]), Number(ports?.[2])];
      if (!ports || portRange[0] < 1 || portRange[1] > 65535 || portRange[0] > portRange[1]) {
        throw new CliError(`--device-ports must look like 4501-4600, got "${portsText}"`);
      }
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
      const server = await startTrustServer(config, {
        logger: serverLoggerOptions(
          mode,
          { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
          logOut,
        ),
      });
      let devices: DeviceService | undefined;
      try {
        const oneTimePassword = await firstAdminPassword(server);
        devices = await DeviceService.start({
          stateDir: join(dataRoot, 'device-service'),
          purpose,
          dev: true,
          logger: consoleLogger(mode, logOut, config.logLevel),
          encryptionCertificate: server.deps.keys.encryption.certificateDer,
          records: biometricRecordSource(),
          portRange,
          ...allowedOriginsOption(ctx),
        });
        const summary = {
          trustServer: { url: server.url, docs: `${server.url}/docs`, store: server.store.kind },
          portal: `${server.url}/`,
          firstAdmin: oneTimePassword ? { user: FIRST_ADMIN, oneTimePassword } : null,
          deviceService: {
            url: `http://127.0.0.1:${devices.port}/`,
            allowedOrigins: devices.allowedOrigins,
            devices: devices.summary(),
          },
          data: dataRoot,
        };
        if (ctx.values.json === true) {
          ctx.out(JSON.stringify(summary, null, 2));
        } else {
          ctx.out(`portal           ${server.url}/`);
          ctx.out(
            `trust server     ${server.url}  (API reference ${server.url}/docs, store ${server.store.kind})`,
          );
          if (oneTimePassword) {
            ctx.out(
              `first admin      user "${FIRST_ADMIN}", one-time password ${oneTimePassword} (shown once)`,
            );
          }
          ctx.out(`device service   http://127.0.0.1:${devices.port}/  (development PKI, ${purpose})`);
          ctx.out(`  ${corsLine(devices)}`);
          for (const d of summary.deviceService.devices) {
            ctx.out(
              `  ${d.deviceId}  ${d.kind.padEnd(14)} ${d.status.padEnd(14)} subIds ${d.deviceSubId.join(',')}`,
            );
          }
          ctx.out(`data             ${dataRoot}`);
          ctx.out(
            `try: curl -X MOSIPDISC http://127.0.0.1:${devices.port}/device -d '{"type":"Biometric Device"}'`,
          );
          ctx.out('Press Ctrl+C to stop.');
        }
        const signal = await ctx.stopSignal;
        if (ctx.values.json !== true) ctx.out(`stopping (${signal})`);
        return 0;
      } finally {
        await devices?.close();
        await server.close();
      }
    },
  },
];
