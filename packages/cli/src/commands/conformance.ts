/**
 * `mosip-trust conformance`: runs MOSIP's SBI compliance test definitions against a device service and
 * writes the report a vendor attaches to a device-model or SBI submission (docs/conformance.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  adminApiOperator,
  buildReport,
  type CaseResult,
  ConformanceError,
  type RunOptions,
  runConformance,
} from '@mosip-trust/conformance';
import { importPrivateKeyPem, pemToDerList } from '@mosip-trust/crypto';
import { CliError, type Command, type CommandContext, readOptionFile, stringOption } from '../command.ts';

const USAGE = 2;
const EXIT_PASSED = 0;
const EXIT_FAILED = 1;

function certificates(path: string, what: string): Buffer[] {
  const text = readOptionFile(path, what);
  try {
    const ders = pemToDerList(text);
    if (ders.length > 0) return ders;
  } catch {
    // reported below
  }
  throw new CliError(`${what} ${path} holds no PEM certificate`, USAGE);
}

function httpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`${what} ${JSON.stringify(value)} is not a URL`, USAGE);
  }
  if (url.protocol !== 'http:') throw new CliError(`${what} must be an http:// URL`, USAGE);
  return value;
}

/** The CLI package's version: the tool version written into reports. */
function toolVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

function optionsOf(ctx: CommandContext): RunOptions {
  const url = stringOption(ctx, 'url');
  if (!url) throw new CliError('missing required option --url', USAGE);
  const options: RunOptions = { url: httpUrl(url, '--url') };
  const ctk = stringOption(ctx, 'ctk');
  if (ctk) options.ctkDir = ctk;
  const only = stringOption(ctx, 'only');
  if (only !== undefined) {
    const ids = only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length === 0) throw new CliError('--only needs at least one test ID', USAGE);
    options.only = ids;
  }
  const deviceCa = stringOption(ctx, 'device-ca');
  const ftmCa = stringOption(ctx, 'ftm-ca');
  const organization = stringOption(ctx, 'organization');
  options.anchors = {
    ...(deviceCa ? { device: certificates(deviceCa, '--device-ca') } : {}),
    ...(ftmCa ? { ftm: certificates(ftmCa, '--ftm-ca') } : {}),
    ...(organization ? { organization } : {}),
  };
  const keyFile = stringOption(ctx, 'decrypt-key');
  if (keyFile) {
    try {
      options.decryptionKey = importPrivateKeyPem(readOptionFile(keyFile, '--decrypt-key'));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`--decrypt-key ${keyFile} holds no unencrypted private key PEM`, USAGE);
    }
  }
  const adminUrl = stringOption(ctx, 'admin-url');
  const tokenFile = stringOption(ctx, 'admin-token-file');
  if (Boolean(adminUrl) !== Boolean(tokenFile))
    throw new CliError('--admin-url and --admin-token-file go together', USAGE);
  if (adminUrl && tokenFile)
    options.operator = adminApiOperator(
      httpUrl(adminUrl, '--admin-url'),
      readOptionFile(tokenFile, '--admin-token-file').trim(),
    );
  return options;
}

function line(r: CaseResult): string {
  const status = { pass: 'PASS', fail: 'FAIL', 'not-run': 'NOT RUN' }[r.status];
  const why = r.reasons.length > 0 ? `\n      ${r.reasons.join('\n      ')}` : '';
  return `${status.padEnd(7)}  ${r.testId}  ${r.testName}${why}`;
}

export const commands: Command[] = [
  {
    name: 'conformance',
    summary: "Run MOSIP's SBI compliance test definitions against a device service and write a report",
    help: `--url URL [--only ID,...] [--json] [--report FILE] [--ctk DIR]
       [--device-ca FILE] [--ftm-ca FILE] [--organization NAME] [--decrypt-key FILE]
       [--admin-url URL --admin-token-file FILE]

Runs the 200 SBI test definitions of MOSIP's compliance toolkit (discovery, device info, CAPTURE,
RCAPTURE, STREAM as each definition says) against the device service at URL over HTTP, checks the
answers with the CTK's JSON schemas and validator rules, and prints each case (PASS, FAIL with the
reasons, NOT RUN with the reason) and a summary. See docs/conformance.md.

Options:
  --url URL               the device service, e.g. http://127.0.0.1:4501 (required)
  --only ID,...           run only these test IDs (e.g. SBI1001,SBI1002); default: all
  --json                  print the run as JSON (the report's body); default: one line per case
  --report FILE           write the report to attach to a device-model or SBI submission (JSON with the
                          devices, tool version, time, every case and a SHA-256 digest of the body); default: none written
  --ctk DIR               the CTK folder (compliance-toolkit-testcases/, compliance-toolkit-schemas/);
                          default: MOSIP_CTK_DIR, else <repo>/../shared/ctk
  --device-ca FILE        PEM: the device provider's CA that device certificates chain to (DEVICE domain);
                          default: chains to DEVICE not checked (noted per case)
  --ftm-ca FILE           PEM: the FTM root that L1 digital IDs chain to; default: not checked (noted)
  --organization NAME     the O= device certificates must carry; default: not checked
  --decrypt-key FILE      PEM private key (unencrypted) of the certificate Auth captures are encrypted to;
                          default: hash and ISO checks of Auth captures are not run (noted)
  --admin-url URL         our device service's admin API, for the operator steps (device status, key
                          rotation, no biometric presented); default: those cases are not run
  --admin-token-file FILE  the admin API's bearer token (required with --admin-url)
Exit status: 0 every case run passed, 1 a case failed or the service cannot be reached, 2 bad usage.`,
    options: {
      url: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      ctk: { type: 'string' },
      'device-ca': { type: 'string' },
      'ftm-ca': { type: 'string' },
      organization: { type: 'string' },
      'decrypt-key': { type: 'string' },
      'admin-url': { type: 'string' },
      'admin-token-file': { type: 'string' },
    },
    async run(ctx) {
      const options = optionsOf(ctx);
      const json = ctx.values.json === true;
      const reportFile = stringOption(ctx, 'report');
      if (!json) options.onResult = (r) => ctx.out(line(r));
      let summary: Awaited<ReturnType<typeof runConformance>>;
      try {
        summary = await runConformance(options);
      } catch (e) {
        if (e instanceof ConformanceError)
          throw new CliError(
            e.message,
            e.code === 'CTK_NOT_FOUND' || e.code === 'CTK_INVALID' ? USAGE : EXIT_FAILED,
          );
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET')
          throw new CliError(`cannot reach the device service at ${options.url}: ${code}`, EXIT_FAILED);
        throw e;
      }
      const report = buildReport(summary, { url: options.url, toolVersion: toolVersion(), at: new Date() });
      if (reportFile) {
        try {
          writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o644 });
        } catch (e) {
          throw new CliError(`cannot write --report ${reportFile}: ${(e as Error).message}`, EXIT_FAILED);
        }
      }
      const { total, passed, failed, notRun } = summary.counts;
      if (json) ctx.out(JSON.stringify(report.body, null, 2));
      else {
        ctx.out('');
        ctx.out(
          `${total} case(s): ${passed} passed, ${failed} failed, ${notRun} not run` +
            (reportFile ? `; report written to ${reportFile} (SHA-256 ${report.digest.value})` : ''),
        );
      }
      return failed > 0 ? EXIT_FAILED : EXIT_PASSED;
    },
  },
];
