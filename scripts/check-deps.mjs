#!/usr/bin/env node
// Every package.json lists exactly what its package imports: the packages imported by src/ and bin/
// are its dependencies, those imported only by test/ (and root-level config such as vite.config.ts)
// its devDependencies; nothing listed goes unimported (an `@types/x` is used when `x` is); no relative
// import reaches into another package. node: and bare Node builtins, `#` subpath imports and the
// package's own name are ignored. Exits 1 listing every mismatch.
//   node scripts/check-deps.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = join(ROOT, 'packages');
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const BUILTINS = new Set(builtinModules);
// `… from '…'` ending a line (import/export statements), `import '…'` starting one, import('…'),
// require('…'), require.resolve('…') / createRequire(…).resolve('…'), import.meta.resolve('…').
const SPECIFIERS = [
  /(?:^|[\s}*])from\s*(['"])([^'"\n]+)\1\s*;?\s*$/gm,
  /^\s*import\s*(['"])([^'"\n]+)\1/gm,
  /(?:\bimport|\brequire|\.resolve)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name', 'name/sub' → 'name'). */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const problems = [];

function scan(pkgDir, pkgName, paths, used) {
  for (const file of paths) {
    const text = readFileSync(file, 'utf8');
    for (const m of SPECIFIERS.flatMap((re) => [...text.matchAll(re)])) {
      const spec = m[2];
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (relative(pkgDir, target).startsWith('..'))
          problems.push(`${relative(ROOT, file)}: relative import outside its package: ${spec}`);
        continue;
      }
      if (spec.startsWith('node:') || spec.startsWith('#') || spec.startsWith('/')) continue;
      const name = packageOf(spec);
      if (!PACKAGE_NAME.test(name)) continue;
      if (BUILTINS.has(name) || name === pkgName) continue;
      if (!used.has(name)) used.set(name, relative(ROOT, file));
    }
  }
}

for (const dirName of readdirSync(PACKAGES).sort()) {
  const pkgDir = join(PACKAGES, dirName);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  const deps = new Set(Object.keys(manifest.dependencies ?? {}));
  const devDeps = new Set(Object.keys(manifest.devDependencies ?? {}));
  const where = `packages/${dirName}/package.json`;

  const prod = new Map();
  scan(pkgDir, manifest.name, [...files(join(pkgDir, 'src')), ...files(join(pkgDir, 'bin'))], prod);
  const dev = new Map();
  const rootConfig = readdirSync(pkgDir)
    .filter((n) => SOURCE.test(n))
    .map((n) => join(pkgDir, n));
  scan(pkgDir, manifest.name, [...files(join(pkgDir, 'test')), ...rootConfig], dev);

  for (const [name, file] of prod) {
    if (deps.has(name)) continue;
    problems.push(
      devDeps.has(name)
        ? `${where}: ${name} is imported by ${file} but listed only in devDependencies`
        : `${where}: ${name} is imported by ${file} but not in dependencies`,
    );
  }
  for (const [name, file] of dev) {
    if (!deps.has(name) && !devDeps.has(name))
      problems.push(`${where}: ${name} is imported by ${file} but not in devDependencies`);
  }
  for (const name of deps) {
    if (!prod.has(name)) problems.push(`${where}: dependency ${name} is not imported by src/ or bin/`);
  }
  for (const name of devDeps) {
    const typedTarget = name.startsWith('@types/')
      ? name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2')
      : undefined;
    const usedHere =
      dev.has(name) ||
      prod.has(name) ||
      (typedTarget !== undefined && (prod.has(typedTarget) || dev.has(typedTarget)));
    if (!usedHere)
      problems.push(`${where}: devDependency ${name} is not imported by test/ or the package's config`);
    else if (deps.has(name))
      problems.push(`${where}: ${name} is listed in both dependencies and devDependencies`);
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`check-deps: ${problems.length} mismatch(es) between imports and package.json files`);
  process.exit(1);
}
console.log('check-deps: every package.json lists exactly what its package imports');
