// Bundles the CLI (packages/cli/dist) from the sources of every workspace package and the JavaScript
// libraries they use, so that `mosip-trust up` loads a few dozen files instead of ~1,000: resolving,
// reading and compiling each file was the largest part of a later start (docs/performance.md, round 6).
// Code splitting keeps each command group's `import()` a chunk of its own, loaded only when one of its
// commands runs. scripts/build-packages.mjs runs it last: the bundle finds its files (SQL migrations, the
// portal's dist) through the packages' dist/ directories that script writes.
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outdir = join(root, 'packages/cli/dist');

/**
 * Libraries left to Node at run time: each finds files next to its own code (PGlite's WebAssembly and
 * data, OpenJPEG's codec, swagger-ui's and @fastify/swagger's assets, pino's transport workers) or is a
 * native or optional module (sharp, pg); tsx runs only the sources.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  '@cornerstonejs/codec-openjpeg',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  '@fastify/static',
  'pino',
  'thread-stream',
  'sharp',
  'pg',
  'pg-native',
  'tsx',
];

/**
 * Our sources find files relative to themselves (`new URL('./migrations/', import.meta.url)`): in the
 * bundle, `import.meta.url` of a source file becomes the URL of its compiled file in its package's
 * dist/, where build-packages.mjs put the files it reads.
 */
const ownFileUrls = {
  name: 'own-file-urls',
  setup(b) {
    b.onLoad({ filter: /\/packages\/[^/]+\/src\/.+\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const compiled = relative(outdir, args.path.replace('/src/', '/dist/').replace(/\.ts$/, '.js'));
      return {
        contents: text.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(compiled)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

const started = performance.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    main: join(root, 'packages/cli/src/main.ts'),
    index: join(root, 'packages/cli/src/index.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The workspace packages from their sources (their "source" export), compiled once here.
  conditions: ['source'],
  external: EXTERNAL,
  // Bundled CommonJS modules call require() for Node's built-ins: give each output file a real one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [ownFileUrls],
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
});
console.error(
  `bundled the CLI to packages/cli/dist (${Object.keys(result.metafile.outputs).length} files) in ${Math.round(performance.now() - started)} ms`,
);
