#!/usr/bin/env bash
# Makes sure Debian's headless-capable Chromium is present for the WHMCS admin-page browser tests
# (tests/admin_ui/). Playwright drives it through executable_path; no browser is downloaded.
# Installs it with apt-get when missing and we run as root; otherwise says exactly what to run.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Chromium for the admin-page browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Chromium is needed for the admin-page browser tests. Install it with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1
