// Compiles every workspace package's src/ to JavaScript in its dist/ (git-ignored), one output file per
// source file, so that `mosip-trust` starts without transpiling TypeScript at run time (docs/performance.md).
// Imports stay imports (no bundling): lazy `import()`s stay lazy, and `./x.ts` specifiers become `./x.js`.
// Files other than TypeScript (SQL migrations) are copied next to the code that reads them.
// The summary line goes to standard error: `npm run -s bench -- --json` keeps standard output for the JSON.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Every import is left to Node at run time; a relative `.ts` specifier points at the emitted `.js`. */
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const path = /^\.\.?\//.test(args.path) ? args.path.replace(/\.ts$/, '.js') : args.path;
      return { path, external: true };
    });
  },
};

/** The TypeScript packages: those with src/index.ts and no build of their own (the portal's is Vite's). */
const packages = readdirSync(join(root, 'packages')).filter((p) => {
  const dir = join(root, 'packages', p);
  if (!existsSync(join(dir, 'src/index.ts'))) return false;
  return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts?.build;
});
const started = performance.now();
for (const name of packages) {
  const src = join(root, 'packages', name, 'src');
  const dist = join(root, 'packages', name, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const all = files(src);
  await build({
    entryPoints: all.filter((f) => f.endsWith('.ts')),
    outbase: src,
    outdir: dist,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  for (const f of all.filter((f) => !f.endsWith('.ts'))) cpSync(f, join(dist, relative(src, f)));
}
console.error(
  `built ${packages.length} packages to packages/*/dist in ${Math.round(performance.now() - started)} ms`,
);
// The CLI users run is a bundle of these sources (scripts/bundle-cli.mjs), made here so that this script
// alone (as well as `npm run build`) leaves packages/cli/dist as `mosip-trust` expects it.
await import('./bundle-cli.mjs');
