#!/usr/bin/env bash
# Make sure a Chromium is available for the e2e suite:
# Debian's package (installed when we are root), else /usr/bin/chromium, else Playwright's own.
set -euo pipefail
python=${1:-python3}

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && exit 0
fi
echo "no system Chromium; installing Playwright's own"
"$python" -m playwright install chromium
