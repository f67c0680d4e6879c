#!/usr/bin/env bash
# The published artefact on Nest 12: `npm pack` alone (its prepack builds dist/) makes the
# tarball, which is installed into this ESM app beside its locked Nest 12; smoke.ts is compiled
# and run against it. Called by `npm run test:packed` after compat/install.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
rm -rf dist ./*.tgz
tarball=$(cd "$root" && npm pack --silent --pack-destination "$here" | tail -n 1)
npm install --no-audit --no-fund --no-save --loglevel=error "./$tarball"
"$root/node_modules/.bin/tsc" -p tsconfig.json
node dist/smoke.js
