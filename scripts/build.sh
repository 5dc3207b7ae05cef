#!/usr/bin/env bash
# The install-time build (root "prepare" script, also `npm run build`): compiles the workspace packages
# to JavaScript in packages/*/dist. Later build steps (e.g. the portal's) are appended here.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build-packages.mjs
