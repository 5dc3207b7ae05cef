#!/usr/bin/env bash
# The whole test suite: system tools, type check, lint, then every test file through node:test.
# node:test on Node 20 takes no globs, so the files are listed here explicitly.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
echo "== typecheck"; npx tsc -p tsconfig.json && npx tsc -p packages/portal/tsconfig.json
echo "== lint"; npx biome ci .

mapfile -t files < <(find packages -path '*/node_modules' -prune -o -name '*.test.ts' -print | sort)
if [ ${#files[@]} -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
echo "== tests (${#files[@]} files)"
exec node --import tsx --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
