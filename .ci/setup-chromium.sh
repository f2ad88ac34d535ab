#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests of the web page (test/api/ui/browser/).
# Idempotent: does nothing when /usr/bin/chromium is there. Never `npx playwright install`
# (it downloads a browser from outside the registries); playwright-core drives this one.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "setup-chromium: $(/usr/bin/chromium --version 2>/dev/null) already installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "setup-chromium: installing chromium with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "setup-chromium: $(/usr/bin/chromium --version 2>/dev/null) installed"
