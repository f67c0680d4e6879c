#!/usr/bin/env bash
# Installs each compat/*/ folder from its own lock file (npm ci), only when its node_modules is
# missing or was installed from another lock file: the test scripts call it, so `npm ci && npm test`
# on a fresh clone needs nothing else, and a second run costs nothing.
set -euo pipefail
cd "$(dirname "$0")"
for dir in */; do
  dir=${dir%/}
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.installed-from-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json"; then continue; fi
  echo "compat/$dir: npm ci"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
done
