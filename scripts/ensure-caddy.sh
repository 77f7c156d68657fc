#!/usr/bin/env bash
# Makes sure Caddy is present: the tests validate deploy/Caddyfile (the TLS proxy of docker-compose.yml)
# with the real caddy binary. Installs Debian's package when missing and we run as root (the package
# does not start a service in a container: policy-rc.d), otherwise says what to run.
set -euo pipefail
if command -v caddy >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Caddy for the deployment tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq caddy >/dev/null
    exit 0
fi
echo "Caddy is needed for the deployment tests (tests/deploy). Install it with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y caddy" >&2
exit 1
