#!/usr/bin/env bash
# Regenerates everything derived from openapi/caravan.yaml and fails when the
# committed files differ (drift between the contract and its generated code),
# and that the API reports of the contracts and the SDK match their builds.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run generate -w packages/contracts --silent
if ! git diff --exit-code -- packages/contracts/src/generated; then
  echo "check-codegen: packages/contracts/src/generated is stale; run 'npm run generate -w packages/contracts' and commit" >&2
  exit 1
fi
untracked="$(git ls-files --others --exclude-standard -- packages/contracts/src/generated)"
if [ -n "$untracked" ]; then
  echo "check-codegen: untracked generated files: $untracked" >&2
  exit 1
fi

# The API reports of the contracts and the SDK are derived from their builds: they need `npm run build` first.
for pkg in contracts sdk; do
  if [ -f "packages/$pkg/dist/index.d.ts" ]; then
    npm run api-report -w "packages/$pkg" --silent -- --check
  else
    echo "check-codegen: packages/$pkg/dist is not built; skipping its API report check (run npm run build first)" >&2
  fi
done
