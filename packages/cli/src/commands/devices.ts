import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decryptPrivateKeyPem,
  deviceTimestamp,
  importPrivateKeyPem,
  openBiometric,
  verifyHashChain,
  verifyJws,
} from '@mosip-trust/crypto';
import { DEFAULT_PORT_RANGE, decodePayload, mdsCall, mdsJson, readStream } from '@mosip-trust/device-service';
import { CliError, type Command, type CommandContext, printData, stringOption } from '../command.ts';

function intOption(ctx: CommandContext, name: string, fallback?: number): number {
  const text = stringOption(ctx, name, fallback === undefined);
  if (text === undefined) return fallback as number;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}

function portOption(ctx: CommandContext): number {
  const port = intOption(ctx, 'port');
  if (port < 1 || port > 65535) throw new CliError('--port must be a port number');
  return port;
}

function list(ctx: CommandContext, name: string): string[] {
  const text = stringOption(ctx, name);
  return text === undefined || text === '' ? [] : text.split(',').map((s) => s.trim());
}

function readFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${what}: ${(e as Error).message}`);
  }
}

/** The range a device service binds by default (docs/device-service.md), so discovery finds it. */
const DISCOVERY_PORTS = DEFAULT_PORT_RANGE.join('-');

const discover: Command = {
  name: 'devices discover',
  summary: 'Find MDS device services on 127.0.0.1 (MOSIPDISC on every port of a range)',
  help: [
    '[--ports A-B] [--type "Biometric Device"|Finger|Iris|Face] [--json]',
    '',
    'Prints each device found: port, deviceId, type, status, purpose. Exit 1 when none is found.',
    '',
    'Options:',
    `  --ports A-B  ports of 127.0.0.1 to ask (default ${DISCOVERY_PORTS}, the range a device service binds;`,
    '               at most 200 ports)',
    '  --type T     device type asked for: "Biometric Device" (default, every device), Finger, Iris or Face',
    '  --json       print the devices as JSON (default: one line per device)',
  ].join('\n'),
  options: { ports: { type: 'string' }, type: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const range = stringOption(ctx, 'ports') ?? DISCOVERY_PORTS;
    const m = /^(\d+)-(\d+)$/.exec(range);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || to > 65535 || from > to || to - from > 200)
      throw new CliError(`--ports must look like ${DISCOVERY_PORTS} (at most 200 ports)`);
    const type = stringOption(ctx, 'type') ?? 'Biometric Device';
    const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const found = (
      await Promise.all(
        ports.map(async (port) => {
          try {
            const items = await mdsJson<Record<string, unknown>[]>(
              port,
              'MOSIPDISC',
              '/device',
              { type },
              3000,
            );
            return items
              .filter((i) => i.deviceStatus !== undefined)
              .map(
                (
                  i,
                ): Record<string, unknown> & { port: number; digitalIdDecoded: Record<string, unknown> } => ({
                  port,
                  ...i,
                  digitalIdDecoded: decodePayload(String(i.digitalId)),
                }),
              );
          } catch {
            return [];
          }
        }),
      )
    ).flat();
    if (ctx.values.json === true) ctx.out(JSON.stringify(found, null, 2));
    else if (found.length === 0) ctx.out(`no device service on 127.0.0.1:${range}`);
    else
      for (const d of found)
        ctx.out(
          `port ${d.port} device ${String(d.deviceId) || '(unregistered)'} ${String(d.digitalIdDecoded.type)} ${String(d.digitalIdDecoded.deviceSubType)} status ${String(d.deviceStatus)} purpose ${String(d.purpose) || '-'} subIds ${(d.deviceSubId as string[]).join(',')}`,
        );
    return found.length > 0 ? 0 : 1;
  },
};

const info: Command = {
  name: 'devices info',
  summary: 'Device info of a device service (MOSIPDINFO), signatures verified',
  help: [
    '--port N [--json]',
    '',
    'Asks the device service on 127.0.0.1:N for its device info (MOSIPDINFO /info), verifies each',
    'signed deviceInfo and prints it with its decoded digitalId.',
    '',
    'Options:',
    '  --port N  port of the device service (required; "devices discover" lists them)',
    '  --json    print JSON (default: "key: value" lines per device)',
  ].join('\n'),
  options: { port: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    const port = portOption(ctx);
    const items = await mdsJson<{ deviceInfo?: string; error?: { errorCode: string; errorInfo: string } }[]>(
      port,
      'MOSIPDINFO',
      '/info',
    );
    const out = [];
    for (const item of items) {
      if (!item.deviceInfo) {
        out.push({ error: item.error });
        continue;
      }
      const signed = item.deviceInfo.split('.').length === 3;
      const payload = signed
        ? JSON.parse((await verifyJws(item.deviceInfo)).payload.toString('utf8'))
        : decodePayload(item.deviceInfo);
      const { digitalId, ...rest } = payload as Record<string, unknown>;
      out.push({ signed, ...rest, digitalIdDecoded: decodePayload(String(digitalId)), error: item.error });
    }
    if (ctx.values.json === true) ctx.out(JSON.stringify(out, null, 2));
    else for (const d of out) printData(ctx, d, false);
    return 0;
  },
};

interface CaptureElement {
  specVersion: string;
  data: string;
  hash: string;
  sessionKey?: string;
  thumbprint?: string;
  error: { errorCode: string; errorInfo: string };
}

function captureCommand(op: 'CAPTURE' | 'RCAPTURE'): Command {
  const auth = op === 'CAPTURE';
  return {
    name: auth ? 'devices capture' : 'devices rcapture',
    summary: auth
      ? 'Auth capture (CAPTURE): write the response, optionally decrypt and verify it'
      : 'Registration capture (RCAPTURE): write the response and verify it',
    help: [
      `--port N --device-id ID --type Finger|Iris|Face [--count N] [--bio-sub-type A,B] ${auth ? '' : '[--exception A,B] '}[--device-sub-id N]`,
      `       [--score N] [--timeout MS] [--env Developer] ${auth ? '[--domain-uri URI] ' : ''}[--transaction-id ID] [--previous-hash HEX]`,
      `       --out FILE ${auth ? '[--key FILE [--passphrase-env VAR]] ' : ''}[--json]`,
      '',
      'Writes the raw JSON response to FILE, checks every data signature and the hash chain,',
      auth
        ? 'and with --key (the encryption private key, PEM) decrypts each bioValue and recomputes the hash.'
        : 'and recomputes the hash chain from the plain ISO records.',
      `Needs a${auth ? 'n Auth' : ' Registration'} device. Exit 1 when an element reports an error.`,
      '',
      'Options:',
      '  --port N               port of the device service (required)',
      '  --device-id ID         deviceId from "devices discover" (required)',
      '  --type T               Finger, Iris or Face (required)',
      '  --count N              number of biometrics asked for (default: 1 for Face, else the number of',
      '                         --bio-sub-type values, at least 1)',
      '  --bio-sub-type A,B     requested positions, e.g. "Left IndexFinger", Left, UNKNOWN (default none)',
      ...(auth
        ? []
        : [
            '  --exception A,B        positions that are missing (exceptions), e.g. "Left RingFinger" (default none)',
          ]),
      '  --device-sub-id N      sub-device: 1 left slap, 2 right slap, 3 thumbs; 1 left, 2 right, 3 both',
      '                         irises; 0 any (default 0)',
      '  --score N              requestedScore, 0-100 (default 40)',
      '  --timeout MS           capture timeout in milliseconds (default 10000)',
      '  --env E                environment asked for: Developer, Staging, Pre-Production, Production',
      '                         (default Developer)',
      ...(auth ? ['  --domain-uri URI       domainUri of the request (default empty)'] : []),
      '  --transaction-id ID    transactionId (default a random UUID)',
      '  --previous-hash HEX    hash of the previous capture, to chain captures (default empty)',
      '  --out FILE             where the raw JSON response is written (required)',
      ...(auth
        ? [
            '  --key FILE             encryption private key (PEM) to decrypt the bioValues with (default: no',
            '                         decryption, signatures still verified)',
            '  --passphrase-env VAR   environment variable holding the passphrase of an encrypted --key (default none)',
          ]
        : []),
      '  --json                 print the result as JSON (default: one line per element)',
    ].join('\n'),
    options: {
      port: { type: 'string' },
      'device-id': { type: 'string' },
      type: { type: 'string' },
      count: { type: 'string' },
      'bio-sub-type': { type: 'string' },
      ...(auth ? {} : { exception: { type: 'string' } }),
      'device-sub-id': { type: 'string' },
      score: { type: 'string' },
      timeout: { type: 'string' },
      env: { type: 'string' },
      ...(auth ? { 'domain-uri': { type: 'string' } } : {}),
      'transaction-id': { type: 'string' },
      'previous-hash': { type: 'string' },
      out: { type: 'string' },
      ...(auth ? { key: { type: 'string' }, 'passphrase-env': { type: 'string' } } : {}),
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const port = portOption(ctx);
      const out = stringOption(ctx, 'out', true) as string;
      const type = stringOption(ctx, 'type', true) as string;
      const bioSubType = list(ctx, 'bio-sub-type');
      const exception = list(ctx, 'exception');
      const transactionId = stringOption(ctx, 'transaction-id') ?? randomUUID();
      const request = {
        env: stringOption(ctx, 'env') ?? 'Developer',
        purpose: auth ? 'Auth' : 'Registration',
        specVersion: '0.9.5',
        timeout: String(intOption(ctx, 'timeout', 10000)),
        captureTime: deviceTimestamp(),
        ...(auth ? { domainUri: stringOption(ctx, 'domain-uri') ?? '' } : {}),
        transactionId,
        bio: [
          {
            type,
            count: String(intOption(ctx, 'count', type === 'Face' ? 1 : Math.max(1, bioSubType.length))),
            ...(bioSubType.length > 0 ? { bioSubType } : {}),
            ...(auth ? {} : { exception }),
            requestedScore: stringOption(ctx, 'score') ?? '40',
            deviceId: stringOption(ctx, 'device-id', true) as string,
            deviceSubId: stringOption(ctx, 'device-sub-id') ?? '0',
            previousHash: stringOption(ctx, 'previous-hash') ?? '',
          },
        ],
        customOpts: null,
      };
      const reply = await mdsCall(port, op, '/capture', request, intOption(ctx, 'timeout', 10000) + 30000);
      writeFileSync(out, reply.body);
      const body = JSON.parse(reply.body.toString('utf8')) as { biometrics: CaptureElement[] };
      const keyFile = stringOption(ctx, 'key');
      let privateKey: ReturnType<typeof importPrivateKeyPem> | undefined;
      if (keyFile) {
        const pem = readFile(keyFile, '--key');
        const passEnv = stringOption(ctx, 'passphrase-env');
        privateKey = passEnv
          ? decryptPrivateKeyPem(pem, process.env[passEnv] ?? '')
          : importPrivateKeyPem(pem);
      }
      const summary = [];
      const chain: { hash: string; bio: Uint8Array }[] = [];
      for (const e of body.biometrics) {
        if (e.error.errorCode !== '0') {
          summary.push({ error: e.error });
          continue;
        }
        const verified = await verifyJws(e.data);
        const data = JSON.parse(verified.payload.toString('utf8')) as Record<string, string>;
        const row: Record<string, unknown> = {
          bioType: data.bioType,
          bioSubType: data.bioSubType ?? null,
          qualityScore: data.qualityScore,
          signer: verified.certificate.subject,
          hash: e.hash,
        };
        let bio: Buffer | undefined;
        if (!auth) bio = Buffer.from(String(data.bioValue), 'base64url');
        else if (privateKey) {
          bio = openBiometric({
            bioValue: String(data.bioValue),
            sessionKey: String(e.sessionKey),
            timestamp: String(data.timestamp),
            transactionId: String(data.transactionId),
            privateKey,
            thumbprint: String(e.thumbprint),
          });
        }
        if (bio) {
          row.recordBytes = bio.length;
          chain.push({ hash: e.hash, bio });
        }
        summary.push(row);
      }
      if (chain.length === body.biometrics.length && chain.length > 0)
        verifyHashChain(chain, { previousHash: request.bio[0]?.previousHash ?? null });
      const result = {
        file: out,
        transactionId,
        elements: summary,
        hashChain: chain.length === body.biometrics.length && chain.length > 0 ? 'verified' : 'not checked',
      };
      if (ctx.values.json === true) ctx.out(JSON.stringify(result, null, 2));
      else {
        ctx.out(`response written to ${out}`);
        for (const r of summary) ctx.out(`  ${JSON.stringify(r)}`);
        ctx.out(`hash chain: ${result.hashChain}`);
      }
      return summary.every((r) => !('error' in r)) ? 0 : 1;
    },
  };
}

const stream: Command = {
  name: 'devices stream',
  summary: 'Save the preview frames of a Registration device (STREAM) as JPEG files',
  help: [
    '--port N --device-id ID [--device-sub-id N] --out DIR [--frames N] [--timeout MS] [--json]',
    '',
    'Reads the MJPEG preview of a Registration device (STREAM /stream) and writes each frame to',
    'DIR/frame-0000.jpg, frame-0001.jpg... Exit 1 when no frame arrived.',
    '',
    'Options:',
    '  --port N           port of the device service (required)',
    '  --device-id ID     deviceId from "devices discover" (required)',
    '  --device-sub-id N  sub-device to preview (default 0)',
    '  --out DIR          directory for the frames, created when missing (required)',
    '  --frames N         stop after N frames (default 30)',
    '  --timeout MS       stream timeout the device is asked for, milliseconds (default 5000)',
    '  --json             print the frame count and files as JSON (default: one line)',
  ].join('\n'),
  options: {
    port: { type: 'string' },
    'device-id': { type: 'string' },
    'device-sub-id': { type: 'string' },
    out: { type: 'string' },
    frames: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const port = portOption(ctx);
    const dir = stringOption(ctx, 'out', true) as string;
    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    const result = await readStream(
      port,
      {
        deviceId: stringOption(ctx, 'device-id', true),
        deviceSubId: stringOption(ctx, 'device-sub-id') ?? '0',
        timeout: String(intOption(ctx, 'timeout', 5000)),
      },
      (jpeg, i) => {
        const file = join(dir, `frame-${String(i).padStart(4, '0')}.jpg`);
        writeFileSync(file, jpeg);
        files.push(file);
      },
      { maxFrames: intOption(ctx, 'frames', 30) },
    );
    if (result.errorBody) throw new CliError(`stream refused: ${result.errorBody.toString('utf8')}`);
    if (ctx.values.json === true) ctx.out(JSON.stringify({ frames: files.length, dir, files }, null, 2));
    else ctx.out(`${files.length} frames saved in ${dir}`);
    return files.length > 0 ? 0 : 1;
  },
};

export const commands: Command[] = [
  discover,
  info,
  captureCommand('CAPTURE'),
  captureCommand('RCAPTURE'),
  stream,
];
