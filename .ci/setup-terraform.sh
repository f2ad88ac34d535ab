#!/usr/bin/env bash
# Builds Terraform 1.5.7 and the elastic/elasticstack provider from the Go module proxy for
# test/terraform/ (`npm run terraform:tools` runs the same script). Idempotent: a cached build in
# ${KCR_TERRAFORM_TOOLS_HOME:-$HOME/.cache/kcr-terraform-tools} is reused; prints what it did.
# Needs Go 1.26+ (on PATH, or /usr/local/go/bin/go).
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash test/terraform/build-tools.sh all
