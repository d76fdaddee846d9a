#!/usr/bin/env bash
# Installs Debian's Chromium (and a font so pages render text) for the browser tests.
# Idempotent and non-interactive; run as root (CI machines run as root).
#   bash scripts/ci/install-chromium.sh
# The browser tests drive /usr/bin/chromium with playwright-core; `npx playwright install`
# cannot be used here (it downloads a browser build of its own).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-dejavu-core)

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q 'install ok installed' \
  || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "must run as root to install: ${missing[*]}"
  command -v apt-get >/dev/null || fail "apt-get not found; install Chromium so that $CHROMIUM exists"
  echo "install-chromium: installing ${missing[*]}"
  apt-get update -q || fail "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" \
    || fail "apt-get install ${PACKAGES[*]} failed"
fi

[ -x "$CHROMIUM" ] || fail "$CHROMIUM is still missing after installing the chromium package"
version="$("$CHROMIUM" --version 2>/dev/null)" || fail "$CHROMIUM --version failed"
echo "install-chromium: $version at $CHROMIUM"
