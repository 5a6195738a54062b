#!/usr/bin/env bash
# Type-checks the workspaces (tsconfig.json at the root), then each example that
# carries its own package and tsconfig (examples/backstage, examples/portal):
# those resolve their own dependency trees, so they are checked on their own.
set -euo pipefail
cd "$(dirname "$0")/.."
tsc -p tsconfig.json
for project in examples/*/tsconfig.json; do
  [ -f "$project" ] || continue
  tsc -p "$project"
done
