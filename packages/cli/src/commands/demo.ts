import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError, type Command, stringOption } from '../command.ts';
import { consoleLogger } from '../console.ts';
import { type DemoStep, runDemo } from '../platform/demo-story.ts';
import { startPlatform } from '../platform/start.ts';
import { configFromFlags } from './server.ts';

export const commands: Command[] = [
  {
    name: 'demo',
    summary: 'Run the whole story on a fresh platform and print each step',
    help: `[--data DIR] [--json]

Starts the platform as "mosip-trust up" does (Auth devices, every port chosen free) on a fresh data
directory, then runs the story through the public APIs and prints each step: the first admin signs in;
the FTM and device providers onboarded by the platform; the devices registered through the management
server; a policy manager publishes a finger-only authentication policy; an authentication partner, a MISP
and one partner of every other type are onboarded and approved; an API key is requested and approved; a
finger capture is authenticated through the MISP's licence key and an iris capture is refused; the MISP's
transaction log and the refused transaction's trace. Stops the platform at the end. Exit status 1 when a
step fails (the story stops there).

Options:
  --data DIR   a fresh (absent or empty) data directory, kept afterwards (default: a new one under the
               system's temporary directory)
  --json       print the steps as one JSON array of {step, ok, detail} (default: one line per step)`,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean' },
    },
    async run(ctx) {
      const given = stringOption(ctx, 'data');
      const dataRoot = given ? resolve(given) : mkdtempSync(join(tmpdir(), 'mosip-trust-demo-'));
      if (existsSync(dataRoot) && readdirSync(dataRoot).length > 0)
        throw new CliError(`--data ${dataRoot} is not empty: the demo runs on a fresh data directory`);
      const json = ctx.values.json === true;
      const config = configFromFlags({
        ...ctx,
        values: { data: join(dataRoot, 'trust-server'), port: '0' },
      });
      // The platform's own logs stay quiet: the steps are the output.
      const logger = consoleLogger('json', process.stderr, 'warn');
      if (!json) ctx.out(`starting the platform in ${dataRoot}`);
      const platform = await startPlatform({
        dataRoot,
        config: { ...config, logLevel: 'warn' },
        trustLogger: false,
        logger,
        purpose: 'Auth',
        portRange: [4501, 4600],
        managementPort: 0,
      });
      let steps: DemoStep[];
      try {
        await platform.ready;
        if (!json)
          ctx.out(
            `trust server ${platform.server.url}, management server ${platform.management.url}, device service port ${platform.devices.port}`,
          );
        steps = await runDemo(platform, (s) => {
          if (!json) ctx.out(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.step}: ${s.detail}`);
        });
      } finally {
        await platform.close();
      }
      if (json) ctx.out(JSON.stringify(steps, null, 2));
      else ctx.out(`data kept in ${dataRoot}`);
      return steps.every((s) => s.ok) ? 0 : 1;
    },
  },
];
