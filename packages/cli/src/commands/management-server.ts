import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type FleetDeps, startManagementServer } from '@mosip-trust/management-server';
import { CliError, type Command, stringOption } from '../command.ts';

function readFile(option: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read --${option}: ${(e as Error).message}`);
  }
}

const run: Command = {
  name: 'management-server',
  summary:
    "Run a device provider's management server: fleet, registration with the trust server, device commands",
  help: [
    '--trust-server URL --client-id ID --client-secret-file F --ftm-trust FILE [--port N] [--host H] [--data DIR]',
    '       [--ftm-provider-id ID] [--domain-uri URI] [--operator-token-file F]',
    '',
    "Validates devices (FTM chain, device info), registers them with the trust server on the provider's",
    'behalf with its machine credentials (client-credentials login), issues device certificates from the',
    'provider CA it keeps in the data directory, and delivers deviceCode, env, device certificate and (Auth)',
    'the encryption certificate to device services (`mosip-trust device-service --management-server URL`).',
    'It serves trusted time and queues key rotation, de-registration and SBI updates for devices. It has no',
    'capture route and never sees biometric data. Runs until SIGINT or SIGTERM.',
    '',
    'Options:',
    '  --trust-server URL        the trust server (required)',
    '  --client-id ID            machine client of the DEVICE_PROVIDER partner (required; "mosip-trust admin clients create")',
    "  --client-secret-file F    file holding that client's secret (required)",
    "  --ftm-trust FILE          PEM: the FTM roots or chip CAs the provider's device chips chain to (required)",
    '  --ftm-provider-id ID      FTM provider partner id sent for L1 (Auth) devices (default none: L1 refused)',
    '  --port N                  listen port (default 4700; 0 = any free port)',
    '  --host H                  listen address (default 127.0.0.1)',
    '  --data DIR                data directory: provider keys, embedded store (default ~/.mosip-trust/management-server)',
    '  --domain-uri URI          domainUri the encryption certificate is asked for (default: the trust server origin)',
    '  --operator-token-file F   bearer token (>= 16 characters) for the /v1/fleet operator API (or env',
    '                            MOSIP_MGMT_OPERATOR_TOKEN; default none: the operator API answers 401)',
    '',
    'Environment: DATABASE_URL (PostgreSQL instead of the embedded store), MOSIP_MGMT_KEK (passphrase for the',
    'keys at rest; default a generated kek.key of mode 0600 in the data directory).',
    "Upload the printed provider CA certificate to the trust server's DEVICE domain so captures verify.",
  ].join('\n'),
  options: {
    'trust-server': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-file': { type: 'string' },
    'ftm-trust': { type: 'string' },
    'ftm-provider-id': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'domain-uri': { type: 'string' },
    'operator-token-file': { type: 'string' },
  },
  async run(ctx) {
    const trustServer = stringOption(ctx, 'trust-server', true) as string;
    const clientId = stringOption(ctx, 'client-id', true) as string;
    const clientSecret = readFile(
      'client-secret-file',
      stringOption(ctx, 'client-secret-file', true) as string,
    ).trim();
    if (clientSecret === '') throw new CliError('--client-secret-file is empty');
    const ftmTrustPem = readFile('ftm-trust', stringOption(ctx, 'ftm-trust', true) as string);
    const portText = stringOption(ctx, 'port') ?? '4700';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new CliError(`--port must be a port number, got "${portText}"`);
    const tokenFile = stringOption(ctx, 'operator-token-file');
    const operatorToken =
      tokenFile !== undefined
        ? readFile('operator-token-file', tokenFile).trim()
        : process.env.MOSIP_MGMT_OPERATOR_TOKEN || undefined;
    const dataDir = resolve(
      stringOption(ctx, 'data') ?? join(homedir(), '.mosip-trust', 'management-server'),
    );
    const ftmProviderId = stringOption(ctx, 'ftm-provider-id');
    const domainUri = stringOption(ctx, 'domain-uri');
    const host = stringOption(ctx, 'host');
    const server = await startManagementServer({
      port,
      dataDir,
      trustServer,
      clientId,
      clientSecret,
      ftmTrustPem,
      ...(host ? { host } : {}),
      ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
      ...(ftmProviderId ? { ftmProviderId } : {}),
      ...(domainUri ? { domainUri } : {}),
      ...(operatorToken ? { operatorToken } : {}),
    });
    let provider: FleetDeps['provider'];
    try {
      ({ provider } = await server.signIn());
    } catch (e) {
      await server.close();
      throw e;
    }
    ctx.out(`management server listening on ${server.url} (store ${server.storeKind}, data ${dataDir})`);
    ctx.out(`provider ${provider.id} (${provider.organization}); trust server ${trustServer}`);
    ctx.out(`provider CA certificate (upload to the trust server's DEVICE domain): ${server.providerCaPath}`);
    if (!operatorToken) ctx.err('no operator token: the /v1/fleet operator API answers 401');
    const signal = await ctx.stopSignal;
    await server.close();
    ctx.out(`stopped (${signal})`);
    return 0;
  },
};

export const commands: Command[] = [run];
