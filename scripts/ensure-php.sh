#!/usr/bin/env bash
# Makes sure the PHP CLI with the extensions the shim and its WHMCS emulation need is present.
# Installs it with apt-get when missing and we run as root; otherwise says exactly what to run.
set -euo pipefail
packages="php-cli php-curl php-mbstring php-intl php-sqlite3 smarty4"
missing() {
    command -v php >/dev/null 2>&1 || return 0
    for ext in curl mbstring intl pdo_sqlite; do
        php -m 2>/dev/null | grep -qix "$ext" || return 0
    done
    [ -f /usr/share/php/smarty4/Smarty.class.php ] || [ -f /usr/share/php/smarty4/libs/Smarty.class.php ] || return 0
    return 1
}
if ! missing; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PHP for the shim tests: $packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq $packages >/dev/null
    exit 0
fi
echo "PHP CLI (with curl, mbstring, intl, sqlite3) and smarty4 are needed for the shim tests. Install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y $packages" >&2
exit 1
