#!/bin/sh
# Entry point of the ispapi-bridge image (Dockerfile, docker-compose.yml); tests/deploy runs this same
# script without Docker.
#   serve [FLAGS]   migrate the database, then serve (exec: SIGTERM reaches the server directly)
#   healthcheck     exit 0 when GET /readyz on this container answers 200 (database migrated and
#                   registry endpoint reachable), 1 otherwise
#   COMMAND ...     any other ispapi-bridge command (doctor, ledger, sync, pricing, migrate)
set -eu

command="${1:-serve}"
[ "$#" -gt 0 ] && shift

case "$command" in
serve)
    ispapi-bridge migrate
    exec ispapi-bridge serve "$@"
    ;;
healthcheck)
    exec python - <<'PY'
import os, ssl, sys, urllib.request
tls = bool(os.environ.get("BRIDGE_SSL_CERTFILE"))
url = f"{'https' if tls else 'http'}://127.0.0.1:{os.environ.get('BRIDGE_PORT', '8080')}/readyz"
handlers = [urllib.request.ProxyHandler({})]
if tls:  # our own certificate on our own loopback port: encryption yes, name check no
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    handlers.append(urllib.request.HTTPSHandler(context=context))
try:
    with urllib.request.build_opener(*handlers).open(url, timeout=4) as reply:
        sys.exit(0 if reply.status == 200 else 1)
except OSError as exc:  # 503 (HTTPError) included: not ready
    print(f"readyz: {exc}", file=sys.stderr)
    sys.exit(1)
PY
    ;;
*)
    exec ispapi-bridge "$command" "$@"
    ;;
esac
