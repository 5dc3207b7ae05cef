#!/usr/bin/env bash
# The install-time build (root "prepare" script, also `npm run build`): compiles the workspace packages
# to JavaScript in packages/*/dist and bundles the CLI (packages/cli/dist, what `mosip-trust` runs), then
# bundles the portal with Vite (packages/portal/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-packages.mjs
npm run build -w @mosip-trust/portal
node scripts/pglite-template.mjs
