import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ADMIN_TOKEN_ENV,
  ALLOWED_ORIGINS_ENV,
  biometricRecordSource,
  DEFAULT_DEVICE_KINDS,
  DEVICE_KINDS,
  type DeviceKind,
  DeviceService,
  type Purpose,
  parseAllowedOrigins,
} from '@mosip-trust/device-service';
import { CliError, type Command, type CommandContext, stringOption } from '../command.ts';
import { consoleLogger, consoleMode, forcedConsoleMode } from '../console.ts';

function parsePorts(ctx: CommandContext): { port?: number; portRange?: [number, number] } {
  const port = stringOption(ctx, 'port');
  const ports = stringOption(ctx, 'ports');
  if (port !== undefined && ports !== undefined) throw new CliError('give --port or --ports, not both');
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new CliError(`--port must be a port number, got "${port}"`);
    return { port: n };
  }
  if (ports !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(ports);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || to > 65535 || from > to)
      throw new CliError(`--ports must look like 4501-4600, got "${ports}"`);
    return { portRange: [from, to] };
  }
  return {};
}

/** --allowed-origins LIST; without it the service reads MOSIP_MDS_ALLOWED_ORIGINS, else allows every origin. */
export function allowedOriginsOption(ctx: CommandContext): { allowedOrigins?: string[] } {
  const list = stringOption(ctx, 'allowed-origins');
  if (list === undefined) return {};
  try {
    return { allowedOrigins: parseAllowedOrigins(list) };
  } catch (e) {
    throw new CliError(`--allowed-origins: ${(e as Error).message}`);
  }
}

/** The start banner's CORS line: says plainly when every web page may call the devices. */
export function corsLine(service: DeviceService): string {
  return service.allowedOrigins === '*'
    ? `CORS: every web origin may call this service (open; restrict with --allowed-origins or ${ALLOWED_ORIGINS_ENV})`
    : `CORS: only ${service.allowedOrigins.join(', ')}`;
}

function readAdminToken(ctx: CommandContext): string | undefined {
  const file = stringOption(ctx, 'admin-token-file');
  if (file !== undefined) {
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new CliError(`cannot read --admin-token-file: ${(e as Error).message}`);
    }
    if (token.length < 16) throw new CliError('the admin token must be at least 16 characters');
    return token;
  }
  const fromEnv = process.env[ADMIN_TOKEN_ENV];
  return fromEnv && fromEnv.length > 0 ? fromEnv : undefined;
}

const run: Command = {
  name: 'device-service',
  summary: 'Run an MDS 0.9.5 device service (finger slap, single finger, iris double, face) on 127.0.0.1',
  help: [
    '[--port N | --ports 4501-4600] [--encryption-cert FILE] [--dev] [--state DIR] [--management-server URL]',
    '       [--purpose Registration|Auth] [--devices KIND,...] [--admin-token-file FILE] [--admin-port N] [--json]',
    '',
    'Starts the devices and serves MOSIPDISC /device, MOSIPDINFO /info, CAPTURE and RCAPTURE /capture and',
    'STREAM /stream until SIGINT or SIGTERM. Device identities and keys live in the state directory (keys',
    'encrypted under MOSIP_DEVICE_KEK, or a generated kek.key file of mode 0600 there).',
    '',
    'Options:',
    '  --port N                 listen on this port only, failing when it is in use (default: --ports)',
    '  --ports A-B              first free port in A-B (default 4501-4600)',
    "  --encryption-cert FILE   PEM certificate Auth captures are encrypted to: the platform's IDA-FIR",
    '                           certificate, or pki/platform-encryption.crt.pem from "mosip-trust ca init" (default none)',
    '  --dev                    (default off) register the devices offline against a development PKI kept in the state',
    '                           directory (env "Developer"; Auth captures encrypted to its development',
    '                           encryption certificate unless --encryption-cert is given)',
    '  --state DIR              state directory (default ~/.mosip-trust/device-service)',
    "  --management-server URL  register unregistered devices through the device provider's management server",
    '                           (default none: devices stay unregistered unless --dev)',
    '  --management-poll-ms N   how often devices ask the management server for queued commands (key rotation,',
    '                           de-registration, SBI update) (default 60000)',
    '  --purpose P              Registration (default) or Auth; a device keeps the purpose it registered with',
    `  --devices LIST           comma-separated kinds (${DEVICE_KINDS.join(', ')}); default all four`,
    `  --admin-token-file FILE  enable the loopback admin (test-control) API with this token (or env ${ADMIN_TOKEN_ENV};`,
    '                           default: no admin API)',
    '  --admin-port N           port of the admin API (default: any free port)',
    `  --allowed-origins LIST   web origins that may call the service (comma-separated; or env ${ALLOWED_ORIGINS_ENV});`,
    '                           default: every origin',
    '  --json                   print the port and devices as JSON (default: text)',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    ports: { type: 'string' },
    'encryption-cert': { type: 'string' },
    dev: { type: 'boolean' },
    state: { type: 'string' },
    'management-server': { type: 'string' },
    'management-poll-ms': { type: 'string' },
    purpose: { type: 'string' },
    devices: { type: 'string' },
    'admin-token-file': { type: 'string' },
    'admin-port': { type: 'string' },
    'allowed-origins': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const purpose = (stringOption(ctx, 'purpose') ?? 'Registration') as Purpose;
    if (purpose !== 'Registration' && purpose !== 'Auth')
      throw new CliError('--purpose must be Registration or Auth');
    const kindsText = stringOption(ctx, 'devices');
    const kinds =
      kindsText === undefined ? [...DEFAULT_DEVICE_KINDS] : kindsText.split(',').map((k) => k.trim());
    for (const k of kinds)
      if (!(DEVICE_KINDS as readonly string[]).includes(k))
        throw new CliError(`unknown device kind "${k}" (one of ${DEVICE_KINDS.join(', ')})`);
    const certFile = stringOption(ctx, 'encryption-cert');
    let encryptionCertificate: string | undefined;
    if (certFile !== undefined) {
      try {
        encryptionCertificate = readFileSync(certFile, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read --encryption-cert: ${(e as Error).message}`);
      }
    }
    const adminToken = readAdminToken(ctx);
    const adminPortText = stringOption(ctx, 'admin-port');
    const adminPort = adminPortText === undefined ? undefined : Number(adminPortText);
    if (adminPort !== undefined && (!Number.isInteger(adminPort) || adminPort < 0 || adminPort > 65535))
      throw new CliError('--admin-port must be a port number');
    const managementServer = stringOption(ctx, 'management-server');
    const pollText = stringOption(ctx, 'management-poll-ms');
    const managementPollMs = pollText === undefined ? undefined : Number(pollText);
    if (managementPollMs !== undefined && (!Number.isInteger(managementPollMs) || managementPollMs < 100))
      throw new CliError('--management-poll-ms must be a whole number of milliseconds, at least 100');
    const stateDir = resolve(stringOption(ctx, 'state') ?? join(homedir(), '.mosip-trust', 'device-service'));
    const ports = parsePorts(ctx);
    // On a terminal, readable request lines after the banner; otherwise JSON lines on standard error.
    const mode = consoleMode(ctx.values.json === true, process.stdout, forcedConsoleMode());
    const service = await DeviceService.start({
      logger: consoleLogger(mode, mode === 'pretty' ? process.stdout : process.stderr),
      stateDir,
      devices: kinds.map((kind) => ({ kind: kind as DeviceKind, purpose })),
      dev: ctx.values.dev === true,
      ...(managementServer !== undefined ? { managementServer } : {}),
      ...(managementPollMs !== undefined ? { managementPollMs } : {}),
      ...(encryptionCertificate !== undefined ? { encryptionCertificate } : {}),
      records: biometricRecordSource(),
      ...ports,
      ...allowedOriginsOption(ctx),
      ...(adminToken
        ? { admin: { token: adminToken, ...(adminPort !== undefined ? { port: adminPort } : {}) } }
        : {}),
    }).catch((e: unknown) => {
      // The service names the refused address in its message; say plainly which port is taken.
      if (ports.port !== undefined && /EADDRINUSE/.test(String((e as Error).message)))
        throw new CliError(`port ${ports.port} is in use`);
      throw e;
    });
    const summary = {
      port: service.port,
      adminPort: service.adminPort ?? null,
      stateDir,
      allowedOrigins: service.allowedOrigins,
      devices: service.summary(),
    };
    if (ctx.values.json === true) ctx.out(JSON.stringify(summary, null, 2));
    else {
      ctx.out(`device service listening on http://127.0.0.1:${service.port}/ (state ${stateDir})`);
      ctx.out(corsLine(service));
      if (service.adminPort) ctx.out(`admin API on http://127.0.0.1:${service.adminPort}/admin/devices`);
      for (const d of summary.devices) {
        ctx.out(
          `  device ${d.deviceId}: ${d.kind} (${d.type}) ${d.purpose} serial ${d.serialNo} status ${d.status} env ${d.env} subIds ${d.deviceSubId.join(',')}`,
        );
        if (d.registrationError) ctx.err(`  device ${d.deviceId} not registered: ${d.registrationError}`);
      }
      if (!encryptionCertificate && !service.encryptionCertificateDer && purpose === 'Auth')
        ctx.err('warning: no --encryption-cert: Auth captures answer error 108 (domain public key missing)');
    }
    const signal = await ctx.stopSignal;
    await service.close();
    if (ctx.values.json !== true) ctx.out(`stopped (${signal})`);
    return 0;
  },
};

export const commands: Command[] = [run];
