#!/usr/bin/env bash
# Builds the harness's Kubernetes binaries (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kwok) from the Go modules
# next to this script, into a cache outside the repository:
#
#   ${CARAVAN_CACHE:-$HOME/.cache/caravan}/k8s-bin/<key>/
#
# <key> hashes the go.mod/go.sum files, the Go version and BUILD_REV, so a
# version bump builds into a fresh folder and an unchanged tree returns at once.
# Prints the bin dir on stdout (progress goes to stderr). Idempotent and safe
# to run concurrently (a lock serialises builders).
#
#   bash build.sh helm
#
# builds only Helm 4 (for bench/deploy, not for CI) with `go install` from the
# Go module proxy into ${cache}/k8s-bin/helm-<key>/helm and prints that folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CARAVAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/caravan}"

# Versions baked into the binaries so /version and --version report them.
# Keep in step with the go.mod files (a mismatch only affects reporting).
K8S_VERSION=v1.36.3
KWOK_VERSION=v0.8.0
# Bump when the build itself changes (flags, binaries), to force new binaries.
BUILD_REV=1
# Helm for `build.sh helm` (helm.sh/helm/v4 has no replace lines, so `go install @version` works).
HELM_VERSION="${HARNESS_HELM_VERSION:-v4.3.2}"

export GOTOOLCHAIN="${HARNESS_GOTOOLCHAIN:-local}"
export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"

command -v go >/dev/null || { echo "build.sh: go not found on PATH" >&2; exit 1; }
go_version="$(go env GOVERSION)"

case "${1:-}" in
  "") ;;
  helm)
    key="$(echo "helm $HELM_VERSION $go_version $(go env GOOS)/$(go env GOARCH)" | sha256sum | cut -c1-16)"
    bin="$cache/k8s-bin/helm-$key"
    if [ -f "$bin/.complete" ]; then echo "$bin"; exit 0; fi
    mkdir -p "$cache/k8s-bin"
    # The same lock as the Kubernetes build: two Go builds at once would crawl on a small machine.
    exec 9>"$cache/k8s-bin/.lock"
    flock 9
    if [ -f "$bin/.complete" ]; then echo "$bin"; exit 0; fi
    tmp="$(mktemp -d "$cache/k8s-bin/.build-helm-$key.XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    start=$SECONDS
    echo "build.sh: go install helm.sh/helm/v4/cmd/helm@$HELM_VERSION into $bin with $go_version" >&2
    # -mod does not apply to `go install pkg@version` (no main module): plain GOFLAGS.
    (cd "$tmp" && GOFLAGS="-trimpath -buildvcs=false" GOBIN="$tmp" go install \
      -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION")
    [ -x "$tmp/helm" ] || { echo "build.sh: helm missing after go install" >&2; exit 1; }
    printf 'helm %s\ngo %s\n' "$HELM_VERSION" "$go_version" > "$tmp/VERSIONS"
    touch "$tmp/.complete"
    chmod 755 "$tmp"
    rm -rf "$bin"
    mv "$tmp" "$bin"
    trap - EXIT
    echo "build.sh: helm in $bin ($((SECONDS - start))s)" >&2
    echo "$bin"
    exit 0
    ;;
  *) echo "usage: build.sh [helm]" >&2; exit 2 ;;
esac

key="$(
  cd "$here"
  { echo "rev=$BUILD_REV $K8S_VERSION $KWOK_VERSION $go_version $(go env GOOS)/$(go env GOARCH)"
    for m in etcd kubernetes kwok; do cat "$m/go.mod" "$m/go.sum"; done
  } | sha256sum | cut -c1-16
)"
bin="$cache/k8s-bin/$key"
want=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

complete() { [ -f "$bin/.complete" ]; }
if complete; then echo "$bin"; exit 0; fi

mkdir -p "$cache/k8s-bin"
exec 9>"$cache/k8s-bin/.lock"
flock 9
if complete; then echo "$bin"; exit 0; fi

tmp="$(mktemp -d "$cache/k8s-bin/.build-$key.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
step() { echo "build.sh: $* ($((SECONDS - start))s)" >&2; }

step "building into $bin with $go_version"

(cd "$here/etcd" && go build -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3)
step "etcd done"

(cd "$here/kwok" && go build -ldflags "-s -w" -o "$tmp/kwok" sigs.k8s.io/kwok/cmd/kwok)
step "kwok done"

minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldf="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldf+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldf+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done
(cd "$here/kubernetes" && go build -ldflags "$ldf" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
step "kubernetes done"

for b in "${want[@]}"; do [ -x "$tmp/$b" ] || { echo "build.sh: $b missing after build" >&2; exit 1; }; done
printf 'k8s %s\nkwok %s\ngo %s\n' "$K8S_VERSION" "$KWOK_VERSION" "$go_version" > "$tmp/VERSIONS"
touch "$tmp/.complete"
chmod 755 "$tmp"
rm -rf "$bin"
mv "$tmp" "$bin"
trap - EXIT
step "all binaries in $bin"
echo "$bin"
