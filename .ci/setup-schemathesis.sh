#!/usr/bin/env bash
# Installs schemathesis (pinned) from PyPI into a virtual environment for test/robustness/schemathesis.test.ts.
# Idempotent: a venv that already reports the pinned version is left alone. Cached under
# ${KCR_SCHEMATHESIS_HOME:-$HOME/.cache/kcr-schemathesis}; the test looks there too.
set -euo pipefail
VERSION=4.32.5
HOME_DIR="${KCR_SCHEMATHESIS_HOME:-$HOME/.cache/kcr-schemathesis}"
BIN="$HOME_DIR/venv/bin/schemathesis"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "schemathesis $VERSION already in $HOME_DIR/venv"
  exit 0
fi
command -v python3 >/dev/null || { echo "python3 is missing: install Python 3.10+ with venv and pip" >&2; exit 1; }
echo "installing schemathesis $VERSION into $HOME_DIR/venv (from PyPI)"
mkdir -p "$HOME_DIR"
rm -rf "$HOME_DIR/venv"
python3 -m venv "$HOME_DIR/venv"
"$HOME_DIR/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION"
"$BIN" --version
