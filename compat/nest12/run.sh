#!/usr/bin/env bash
# Packs the built library, installs it beside Nest 12 (ESM-only), compiles and runs smoke.ts.
# Called by `npm run test:nest12` after `npm run build`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
rm -rf node_modules dist ./*.tgz
tarball=$(cd "$root" && npm pack --silent --pack-destination "$here" | tail -n 1)
npm install --no-audit --no-fund --no-save --loglevel=error "./$tarball"
"$root/node_modules/.bin/tsc" -p tsconfig.json
node dist/smoke.js
