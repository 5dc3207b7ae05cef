import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The rule of docs/architecture.md: the trust server's core never imports HTTP. Only the HTTP edge
// (src/http/), the route files (src/modules/*/routes.ts and src/modules/*/routes/*.ts), the composition root (src/server.ts) and the
// public entry point (src/index.ts) may import fastify or anything under src/http/.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

function isEdge(file: string): boolean {
  const rel = relative(SRC, file).split('\\').join('/');
  return (
    rel.startsWith('http/') ||
    /^modules\/[^/]+\/routes(\.ts|\/[^/]+\.ts)$/.test(rel) ||
    rel === 'server.ts' ||
    rel === 'index.ts'
  );
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const p of patterns) for (const m of text.matchAll(p)) found.push(m[1] as string);
  return found;
}

function violations(file: string, text: string): string[] {
  return specifiers(text).filter((s) => {
    if (s === 'fastify' || s.startsWith('fastify/') || s.startsWith('@fastify/')) return true;
    if (!s.startsWith('.')) return false;
    const target = relative(SRC, resolve(dirname(file), s))
      .split('\\')
      .join('/');
    return target.startsWith('http/');
  });
}

describe('trust-server layers', { timeout: 30_000 }, () => {
  it('the import scanner sees the imports it must refuse', () => {
    const core = join(SRC, 'modules/example/service.ts');
    const text = [
      "import type { FastifyRequest } from 'fastify';",
      "import { principalOf } from '../../http/guard.ts';",
      "export { ok } from '../../http/envelope.ts';",
      "const m = await import('@fastify/swagger');",
      "import { TrustError } from '../../errors.ts';",
    ].join('\n');
    assert.deepEqual(violations(core, text), [
      'fastify',
      '../../http/guard.ts',
      '../../http/envelope.ts',
      '@fastify/swagger',
    ]);
    assert.equal(isEdge(join(SRC, 'modules/example/routes.ts')), true);
    assert.equal(isEdge(core), false);
  });

  it('no file outside the HTTP edge imports fastify or src/http/', () => {
    const files = sourceFiles(SRC);
    assert.ok(files.length > 20, `found only ${files.length} source files under ${SRC}`);
    const found = files
      .filter((f) => !isEdge(f))
      .flatMap((f) => violations(f, readFileSync(f, 'utf8')).map((s) => `${relative(SRC, f)} imports ${s}`));
    assert.deepEqual(found, []);
  });
});
