#!/usr/bin/env bash
# The whole test suite: system tools, type check, lint, then every test file through node:test.
# node:test on Node 20 takes no globs, so the files are listed here explicitly.
# The tests run the TypeScript sources: the "source" export condition, also in NODE_OPTIONS so that the
# processes the tests spawn (the CLI, servers) run the same sources rather than packages/*/dist.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
echo "== typecheck"; npx tsc -p tsconfig.json && npx tsc -p packages/portal/tsconfig.json
echo "== lint"; npx biome ci .
echo "== package dependencies"; node scripts/check-deps.mjs

mapfile -t files < <(find packages -path '*/node_modules' -prune -o -name '*.test.ts' -print | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
echo "== tests (${#files[@]} files)"
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--conditions=source"
exec node --conditions=source --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
