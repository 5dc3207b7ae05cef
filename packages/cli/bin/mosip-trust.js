#!/usr/bin/env node
// Runs the compiled CLI (packages/*/dist, built at install by the root "prepare" script): no TypeScript
// is transpiled at start (docs/performance.md). Under the "source" condition (`--conditions=source`, as
// scripts/test.sh sets for the tests and the processes they spawn) "#main" is src/main.ts, run through tsx.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

let main = import.meta.resolve('#main');
if (!existsSync(fileURLToPath(main))) {
  // No build (installed with --ignore-scripts, or dist removed): the sources, every package's through
  // its "source" export, at the cost of transpiling at each start.
  process.stderr.write(
    'mosip-trust: no build in packages/*/dist (run `npm run build`); running the sources through tsx\n',
  );
  registerHooks(
    `data:text/javascript,${encodeURIComponent(
      "export const resolve = (s, c, next) => next(s, { ...c, conditions: [...c.conditions, 'source'] });",
    )}`,
  );
  main = new URL('../src/main.ts', import.meta.url).href;
}
if (main.endsWith('.ts')) (await import('tsx/esm/api')).register();
// The device service's process caps V8's young generation before anything else is loaded (the module says why).
if (process.argv[2] === 'device-service')
  (await import('@mosip-trust/device-service/young-generation')).capYoungGeneration();
process.exitCode = await (await import(main)).main(process.argv.slice(2));
