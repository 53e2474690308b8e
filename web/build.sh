#!/usr/bin/env bash
# Build the report front-end into src/frontwatch/report/static/ (package data).
# Installs the exact npm dependencies from package-lock.json, then bundles with esbuild.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "web/build.sh: npm not found; install Node.js >= 18 (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
node build.mjs
