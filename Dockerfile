# syntax=docker/dockerfile:1
# ispapi-bridge (and ispapi-sandbox, same image): slim, runs as an unprivileged user, migrates the
# database before serving (deploy/docker-entrypoint.sh) and reports health from GET /readyz.
# Used by docker-compose.yml; build alone with `docker build -t ispapi-bridge .`.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY app ./app
COPY sandbox ./sandbox
# The same non-editable `pip install .` as tests/deploy/test_install.py.
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BRIDGE_HOST=0.0.0.0 \
    BRIDGE_PORT=8080 \
    BRIDGE_DATABASE_URL=sqlite:////var/lib/ispapi-bridge/bridge.db
RUN groupadd --system --gid 10001 bridge \
    && useradd --system --uid 10001 --gid bridge --home-dir /var/lib/ispapi-bridge --create-home \
       --shell /usr/sbin/nologin bridge
COPY --from=build /opt/venv /opt/venv
COPY --chmod=0755 deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER bridge
WORKDIR /var/lib/ispapi-bridge
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["docker-entrypoint.sh", "healthcheck"]
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["serve"]
