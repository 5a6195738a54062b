#!/usr/bin/env bash
# Contract fuzzing: schemathesis (from PyPI, in a virtual environment cached
# outside the repository) against the built server on a throwaway database,
# with every check on, a bounded number of examples, the token and admin
# routes included (one check left off, with the reason, in README.md:
# positive_data_acceptance). Passes when schemathesis finds no server error and no
# response that breaks the contract, and the bootstrap admin token still
# works afterwards (a fuzzer that can lock everyone out has found a bug).
#
#   bash scripts/fuzz.sh            # after `npm run build`; ./dev bash scripts/fuzz.sh brings Node
#   FUZZ_EXAMPLES=50 bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
cache="${CARAVAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/caravan}"
venv="$cache/schemathesis-$SCHEMATHESIS_VERSION"
examples="${FUZZ_EXAMPLES:-20}"
seed="${FUZZ_SEED:-4242}"

if [ ! -x "$venv/bin/st" ]; then
  echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $venv" >&2
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.schemathesis.XXXXXX")"
  python3 -m venv "$tmp"
  "$tmp/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  rm -rf "$venv" && mv "$tmp" "$venv"
  # The venv's scripts name their own folder in their first line: make them point at where it now lives.
  sed -i "1s|^#!.*python.*|#!$venv/bin/python3|" "$venv"/bin/st "$venv"/bin/pip* 2>/dev/null || true
fi

work="$(mktemp -d)"
token="fuzz-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

CARAVAN_BOOTSTRAP_TOKEN="$token" node packages/server/dist/bin.js --host 127.0.0.1 --port "$port" \
  --database-url "file:$work/caravan.db" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  curl -fsS "$base/v1/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/v1/healthz" >/dev/null || { echo "fuzz: the server did not start"; cat "$work/server.log"; exit 1; }

echo "fuzz: schemathesis $SCHEMATHESIS_VERSION against $base, $examples examples per operation, seed $seed"
set +e
"$venv/bin/st" run "$base/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --mode all \
  --max-examples "$examples" \
  --seed "$seed" \
  --generation-deterministic \
  --request-timeout 10 \
  --max-failures 50 \
  --report junit --report-dir "$work/report" \
  --no-color 2>&1 | tee "$work/st.log"
st_status=${PIPESTATUS[0]}
set -e

after="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/v1/whoami")"
echo "fuzz: after the run the bootstrap admin token answers $after on /v1/whoami"
if grep -qE '"level":"error"' "$work/server.log"; then
  echo "fuzz: the server logged errors:"; grep -E '"level":"error"' "$work/server.log" | head -20
fi
if [ "$st_status" -ne 0 ] || [ "$after" != 200 ]; then
  echo "fuzz: FAILED (schemathesis exit $st_status, admin token $after)"
  exit 1
fi
echo "fuzz: passed"
