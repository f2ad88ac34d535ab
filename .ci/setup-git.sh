#!/usr/bin/env bash
# Installs Debian's git for the GitOps tests (test/sources/): they run the real git against local
# bare repositories (file://) and a loopback HTTP server. kcr needs git 2.31 or later
# (GIT_CONFIG_COUNT carries credentials). Idempotent: does nothing when a recent git is there.
set -euo pipefail
if command -v git >/dev/null 2>&1; then
  version=$(git --version | awk '{print $3}')
  if [ "$(printf '%s\n2.31.0\n' "$version" | sort -V | head -1)" = "2.31.0" ]; then
    echo "setup-git: git $version already installed"
    exit 0
  fi
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "setup-git: installing git with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq git >/dev/null
echo "setup-git: $(git --version) installed"
