#!/usr/bin/env bash
# Builds the Terraform CLI and the elastic/elasticstack provider from the Go module proxy for
# test/terraform/. Nothing is fetched from anywhere but the Go module proxy (GOPROXY).
#
#   terraform  github.com/hashicorp/terraform                    (last MPL 2.0 release)
#   provider   github.com/elastic/terraform-provider-elasticstack (its go.mod replaces a lint-plugin
#              module by a nested directory the module zip lacks; the binary does not import it, so
#              a copy of the module drops that replace and require before `go build`)
#
# Idempotent and cached outside the work tree, so clean clones reuse it:
#   ${KCR_TERRAFORM_TOOLS_HOME:-$HOME/.cache/kcr-terraform-tools}/terraform-<v>_elasticstack-<v>/
#     terraform                                  the CLI
#     provider/terraform-provider-elasticstack   the provider, installed through dev_overrides
#     versions.txt                               what was built, with which Go, and how long it took
# test/terraform/terraformTools.ts reads the same layout.
set -euo pipefail

TERRAFORM_VERSION=1.5.7
PROVIDER_VERSION=0.16.2
LINT_PLUGIN=github.com/elastic/terraform-provider-elasticstack/analysis/acctestconfigdirlintplugin

HOME_DIR="${KCR_TERRAFORM_TOOLS_HOME:-$HOME/.cache/kcr-terraform-tools}"
DEST="$HOME_DIR/terraform-${TERRAFORM_VERSION}_elasticstack-${PROVIDER_VERSION}"
TERRAFORM_BIN="$DEST/terraform"
PROVIDER_BIN="$DEST/provider/terraform-provider-elasticstack"

GO="${GO:-$(command -v go || true)}"
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; fi
[ -n "$GO" ] || { echo "build-tools: Go is missing (needs Go 1.26+ for provider $PROVIDER_VERSION)" >&2; exit 1; }

export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"
export CGO_ENABLED=0
LDFLAGS="-s -w"

log() { echo "build-tools: $*"; }

# Copies MODULE@VERSION out of the module cache into a writable directory and prints that directory.
module_copy() {
  local module="$1" version="$2" work="$3"
  local dir
  dir="$("$GO" mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [ -d "$dir" ] || { echo "build-tools: go mod download gave no directory for $module@$version" >&2; exit 1; }
  rm -rf "$work"
  cp -R "$dir" "$work"
  chmod -R u+w "$work"
  echo "$work"
}

build_terraform() {
  if [ -x "$TERRAFORM_BIN" ] && [ -f "$DEST/.built-terraform-$TERRAFORM_VERSION" ]; then
    log "terraform $TERRAFORM_VERSION already built in $DEST"
    return
  fi
  local started src
  started=$(date +%s)
  log "building terraform $TERRAFORM_VERSION with $("$GO" version) (several minutes)"
  src="$(module_copy github.com/hashicorp/terraform "v$TERRAFORM_VERSION" "$DEST/src-terraform")"
  (cd "$src" && "$GO" build -ldflags="$LDFLAGS" -o "$TERRAFORM_BIN.tmp" .)
  mv "$TERRAFORM_BIN.tmp" "$TERRAFORM_BIN"
  touch "$DEST/.built-terraform-$TERRAFORM_VERSION"
  rm -rf "$src"
  echo "terraform $TERRAFORM_VERSION built in $(( $(date +%s) - started ))s" >>"$DEST/versions.txt"
  log "terraform $TERRAFORM_VERSION built in $(( $(date +%s) - started ))s"
}

build_provider() {
  if [ -x "$PROVIDER_BIN" ] && [ -f "$DEST/provider/.built-$PROVIDER_VERSION" ]; then
    log "provider elasticstack $PROVIDER_VERSION already built in $DEST/provider"
    return
  fi
  local started src
  started=$(date +%s)
  log "building provider elasticstack $PROVIDER_VERSION with $("$GO" version) (many minutes)"
  src="$(module_copy github.com/elastic/terraform-provider-elasticstack "v$PROVIDER_VERSION" "$DEST/src-provider")"
  (
    cd "$src"
    "$GO" mod edit -dropreplace="$LINT_PLUGIN" -droprequire="$LINT_PLUGIN"
    "$GO" build -ldflags="$LDFLAGS -X main.version=$PROVIDER_VERSION" -o "$PROVIDER_BIN.tmp" .
  )
  mkdir -p "$DEST/provider"
  mv "$PROVIDER_BIN.tmp" "$PROVIDER_BIN"
  touch "$DEST/provider/.built-$PROVIDER_VERSION"
  rm -rf "$src"
  echo "provider elasticstack $PROVIDER_VERSION built in $(( $(date +%s) - started ))s" >>"$DEST/versions.txt"
  log "provider elasticstack $PROVIDER_VERSION built in $(( $(date +%s) - started ))s"
}

mkdir -p "$DEST/provider"
case "${1:-all}" in
  terraform) build_terraform ;;
  provider) build_provider ;;
  all) build_terraform; build_provider ;;
  *) echo "usage: $0 [all|terraform|provider]" >&2; exit 2 ;;
esac
grep -q "^go " "$DEST/versions.txt" 2>/dev/null || echo "go $("$GO" env GOVERSION)" >>"$DEST/versions.txt"
log "tools in $DEST"
