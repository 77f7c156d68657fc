"""Bridge settings: the only module that reads the environment (docs/conventions.md §6).

Every field comes from a `BRIDGE_*` variable or the `.env` file. `ToolSettings` holds what the commands
that run without the shared secret (`ispapi-bridge migrate`, `doctor`) need; `Settings` adds what serving
requests needs and refuses an empty or placeholder `BRIDGE_SECRET`, so no bridge runs with a guessable key.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from zxcvbn import zxcvbn

DEFAULT_DATABASE_URL = "sqlite:///./var/bridge.db"
# How far a request's signed timestamp may be from the bridge clock. A captured request is accepted for
# that long (replayed request ids are refused, but only while their nonces are kept: 2 x tolerance), so
# an hour is the most clock skew worth allowing.
MAX_SIGNATURE_TOLERANCE_SECONDS = 3600
MIN_SECRET_LENGTH = 16

# Values people leave in place from examples and templates (.env.example ships "change-me").
_PLACEHOLDER_SECRETS = frozenset(
    {"change-me", "changeme", "changethis", "change-this", "secret", "placeholder"}
)
_PLACEHOLDER_PATTERN = re.compile(r"^(x+|\*+|<.*>|\$\{.*\})$", re.IGNORECASE)
# Template wording that stays a placeholder however long it is made ("change-me-please-1234",
# "your-secret-here", "replace_with_random"): matched on the lower-cased letters and digits only.
_PLACEHOLDER_WORDS = (
    "changeme",
    "changethis",
    "placeholder",
    "yoursecret",
    "secrethere",
    "replaceme",
    "replacewith",
    "insertyour",
    "putyour",
    "example",
    "fixme",
    "todo",
)
_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")

MAKE_A_SECRET = (
    "use a long random value, e.g. the output of "
    '`python -c "import secrets; print(secrets.token_hex(32))"` (the same value goes into the WHMCS '
    "setting BridgeSecret)"
)
# zxcvbn's estimate (log10 of the guesses needed): 16 random characters rate about 16, a token_hex(32)
# about 60, while words, keyboard rows, sequences and repeats of any length rate far lower.
MIN_SECRET_GUESSES_LOG10 = 16
SECRET_CHECK_CHARS = 128
_SEPARATORS = re.compile(r"[\s\-_.,:;/|+]+")
# Words an attacker would try first for this product's secret.
_OUR_WORDS = ["ispapi", "bridge", "whmcs", "hexonet", "registrar", "secret", "domain"]
# zxcvbn pattern -> how the message names it ("bruteforce" is the random part: not a reason).
_GUESSABLE_PATTERNS = {
    "dictionary": "common words, names or passwords",
    "spatial": "keyboard rows such as qwerty",
    "repeat": "a repeated pattern",
    "sequence": "a sequence such as abcd or 1234",
    "regex": "a year",
    "date": "a date",
}


def _is_placeholder(value: str) -> bool:
    if value.lower() in _PLACEHOLDER_SECRETS or _PLACEHOLDER_PATTERN.match(value):
        return True
    letters = _NOT_ALPHANUMERIC.sub("", value.lower())
    # One character repeated ("0000000000000000", "aaaa...") is as guessable as an empty secret.
    if len(set(value)) == 1:
        return True
    return any(word in letters for word in _PLACEHOLDER_WORDS)


def _guessable_parts(value: str) -> list[str] | None:
    """What makes `value` guessable (zxcvbn's patterns), or None when it needs enough guesses.

    Anyone holding one signed request can test guesses offline, so the bar is zxcvbn's estimate of at
    least 10^MIN_SECRET_GUESSES_LOG10 guesses. The estimate looks at the first SECRET_CHECK_CHARS
    characters only (its cost grows with the length; more random characters only add to it). zxcvbn
    counts a separator ("-", "_", " ") as random characters, so the value is also rated without them."""
    head = value[:SECRET_CHECK_CHARS]
    estimate = min(
        (
            zxcvbn(text, user_inputs=_OUR_WORDS, max_length=SECRET_CHECK_CHARS)
            for text in {head, _SEPARATORS.sub("", head) or head}
        ),
        key=lambda rating: float(rating["guesses_log10"]),
    )
    if estimate["guesses_log10"] >= MIN_SECRET_GUESSES_LOG10:
        return None
    found = (_GUESSABLE_PATTERNS.get(match["pattern"]) for match in estimate["sequence"])
    parts = list(dict.fromkeys(part for part in found if part))
    return parts or ["too few random characters"]


def secret_problem(value: str) -> str | None:
    """Why `value` is not acceptable as BRIDGE_SECRET, or None (the value itself is never echoed)."""
    stripped = value.strip()
    if not stripped:
        return "BRIDGE_SECRET is empty; set it to a long random value (the WHMCS setting BridgeSecret)"
    if _is_placeholder(stripped):
        return f"BRIDGE_SECRET is still a placeholder; {MAKE_A_SECRET}"
    if len(stripped) < MIN_SECRET_LENGTH:
        return f"BRIDGE_SECRET is shorter than {MIN_SECRET_LENGTH} characters; {MAKE_A_SECRET}"
    parts = _guessable_parts(stripped)
    if parts is not None:
        return f"BRIDGE_SECRET is easy to guess ({', '.join(parts)}); {MAKE_A_SECRET}"
    return None


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def database_url_problem(url: str) -> str | None:
    """Why `url` is no database URL the bridge can use, or None. The URL is never echoed: it may hold a
    password."""
    try:
        make_url(url).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError):
        return (
            "BRIDGE_DATABASE_URL is not a database URL the bridge understands; use e.g. "
            "sqlite:///./var/bridge.db, postgresql+psycopg://USER:PASSWORD@HOST:5432/DB or "
            "mysql+pymysql://USER:PASSWORD@HOST:3306/DB"
        )
    return None


def plain_http_problem(host: str, *, tls: bool, allow_insecure: bool) -> str | None:
    """Why the bridge must not listen on `host` over plain http, or None."""
    if tls or allow_insecure or is_loopback_host(host):
        return None
    return (
        f"BRIDGE_HOST {host} is not a loopback address and no TLS certificate is set: WHMCS sends the "
        "registry (ISPAPI) password in every request, so plain http would carry it unencrypted over the "
        "network. Set BRIDGE_SSL_CERTFILE and BRIDGE_SSL_KEYFILE (--ssl-certfile/--ssl-keyfile), or, only "
        "behind a TLS-terminating proxy on a private network, BRIDGE_ALLOW_INSECURE_HTTP=true "
        "(--allow-insecure-http)"
    )


def ispapi_url_problem(
    url: str,
    *,
    allow_insecure: bool,
    name: str = "BRIDGE_ISPAPI_URL",
    example: str = "https://api.ispapi.net/api/call.cgi",
) -> str | None:
    """Why `url` cannot be the upstream endpoint setting `name`, or None.

    Plain http is fine on loopback (the sandbox, the original module's "high performance" local proxy,
    docs/ispapi-wire.md §1.1), elsewhere only when explicitly allowed."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return f"{name} must be an absolute http(s) URL, e.g. {example}"
    if parts.username or parts.password:
        return f"{name} must not contain credentials"
    if parts.scheme == "http" and not allow_insecure and not is_loopback_host(parts.hostname):
        return (
            f"{name} uses plain http to a non-loopback host, which would send the registry password "
            "unencrypted; use https or set BRIDGE_ALLOW_INSECURE_ISPAPI_URL=true"
        )
    return None


# The CNR endpoints that replace the real systems' URLs (the sandbox's /cnr/api/call.cgi and
# /cnr-ote/api/call.cgi): unlike ISPAPI, CNR tells its systems apart by host, so there is one per system.
CNR_URL_SETTINGS = {
    "cnr_url": ("BRIDGE_CNR_URL", "https://api.rrpproxy.net/api/call.cgi"),
    "cnr_ote_url": ("BRIDGE_CNR_OTE_URL", "https://api-ote.rrpproxy.net/api/call.cgi"),
}


class ToolSettings(BaseSettings):
    """What the tools need (`migrate`, `doctor`); no secret required, so they run before one exists."""

    # hide_input_in_errors: a ValidationError printed anywhere must not show the secret it refused.
    model_config = SettingsConfigDict(
        env_prefix="BRIDGE_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    # Logs as JSON lines or plain text; "auto" is JSON unless stderr is a terminal (app/log_config.py).
    log_format: Literal["auto", "json", "text"] = "auto"
    ispapi_url: str | None = None
    cnr_url: str | None = None
    cnr_ote_url: str | None = None
    # Plain http to a non-loopback registry endpoint (any of the three URLs above).
    allow_insecure_ispapi_url: bool = False

    @field_validator("database_url")
    @classmethod
    def _database_url_usable(cls, value: str) -> str:
        if not value.strip():
            return DEFAULT_DATABASE_URL
        problem = database_url_problem(value.strip())
        if problem is not None:
            raise ValueError(problem)
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("BRIDGE_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_spelling(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("ispapi_url", "cnr_url", "cnr_ote_url", mode="before")
    @classmethod
    def _empty_url_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_ispapi_url(self) -> Self:
        if self.ispapi_url is not None:
            problem = ispapi_url_problem(self.ispapi_url, allow_insecure=self.allow_insecure_ispapi_url)
            if problem is not None:
                raise ValueError(problem)
        for attribute, (name, example) in CNR_URL_SETTINGS.items():
            url = getattr(self, attribute)
            if url is not None:
                problem = ispapi_url_problem(
                    url, allow_insecure=self.allow_insecure_ispapi_url, name=name, example=example
                )
                if problem is not None:
                    raise ValueError(problem)
        return self


class Settings(ToolSettings):
    """Everything the running bridge needs (docs/architecture.md, "Bridge settings from the environment")."""

    secret: SecretStr = SecretStr("")
    # How `ispapi-bridge serve` listens (every value also a --flag of serve, which wins).
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    # Trust X-Forwarded-For/-Proto from these proxy addresses ("*" inside a compose network).
    proxy_headers: bool = False
    forwarded_allow_ips: str = "127.0.0.1"
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None
    # Plain http on a non-loopback address: only behind a TLS-terminating proxy on a private network.
    allow_insecure_http: bool = False
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    signature_tolerance_seconds: int = 300
    ispapi_timeout_seconds: float = Field(default=60.0, gt=0)
    # How long a money command may still be carried out by the registry after the bridge stopped waiting
    # for its reply. Until then a lost reply is never followed by a second order (app/journal.py).
    money_settle_seconds: float = Field(default=300.0, ge=0, le=86400)
    # Sync answers from an account-wide domain snapshot ("snapshot") or asks the registry about
    # every domain like the original module ("per-domain"); the snapshot and the TLD pricing are
    # refreshed when older than these TTLs.
    sync_mode: Literal["snapshot", "per-domain"] = "snapshot"
    snapshot_ttl_seconds: int = Field(default=3600, ge=10)
    pricing_ttl_seconds: int = Field(default=86400, ge=60)
    # The reseller's translation overrides (english.toml ... arabic.toml), read at start-up.
    fields_override_dir: Path | None = None
    # /metrics on its own port (served by the `serve` process, not on the bridge's port) and/or behind
    # `Authorization: Bearer <token>` (app/metrics/). BRIDGE_METRICS_HOST defaults to BRIDGE_HOST.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_host: str | None = None
    metrics_token: SecretStr = SecretStr("")

    @field_validator("metrics_port", "metrics_host", mode="before")
    @classmethod
    def _empty_metrics_value_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("metrics_token")
    @classmethod
    def _metrics_token_long_enough(cls, value: SecretStr) -> SecretStr:
        token = value.get_secret_value().strip()
        if token and len(token) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"BRIDGE_METRICS_TOKEN is shorter than {MIN_SECRET_LENGTH} characters; "
                "use a long random value"
            )
        return SecretStr(token)

    @field_validator("fields_override_dir", "ssl_certfile", "ssl_keyfile", mode="before")
    @classmethod
    def _empty_path_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("host")
    @classmethod
    def _host_not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("BRIDGE_HOST is empty; use 127.0.0.1 (this host only) or an address to serve on")
        return value.strip()

    @model_validator(mode="after")
    def _tls_or_loopback(self) -> Self:
        if (self.ssl_certfile is None) != (self.ssl_keyfile is None):
            raise ValueError("BRIDGE_SSL_CERTFILE and BRIDGE_SSL_KEYFILE are set together or not at all")
        problem = plain_http_problem(
            self.host, tls=self.ssl_certfile is not None, allow_insecure=self.allow_insecure_http
        )
        if problem is not None:
            raise ValueError(problem)
        return self

    @field_validator("fields_override_dir")
    @classmethod
    def _override_dir_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_dir():
            raise ValueError(f"BRIDGE_FIELDS_OVERRIDE_DIR {str(value)!r} is not a directory")
        return value

    @field_validator("sync_mode", mode="before")
    @classmethod
    def _sync_mode_spelling(cls, value: Any) -> Any:
        return value.strip().lower().replace("_", "-") if isinstance(value, str) else value

    @field_validator("signature_tolerance_seconds")
    @classmethod
    def _bounded_tolerance(cls, value: int) -> int:
        if not 1 <= value <= MAX_SIGNATURE_TOLERANCE_SECONDS:
            raise ValueError(
                f"BRIDGE_SIGNATURE_TOLERANCE_SECONDS must be between 1 and {MAX_SIGNATURE_TOLERANCE_SECONDS} "
                "seconds (default 300): a captured signed request is accepted for that long, so keep it "
                "short and keep the WHMCS and bridge clocks in sync (NTP) instead"
            )
        return value

    @field_validator("secret")
    @classmethod
    def _refuse_placeholder_secret(cls, value: SecretStr) -> SecretStr:
        problem = secret_problem(value.get_secret_value())
        if problem is not None:
            raise ValueError(problem)
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment and `.env`."""
    return Settings()


def describe_validation_error(exc: Exception) -> str:
    """One readable line per problem of a pydantic ValidationError, naming the BRIDGE_* variable.

    Input values are never included: the secret is one of them."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    lines = []
    for error in errors(include_url=False, include_input=False):
        loc = ".".join(str(part) for part in error.get("loc", ()))
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        name = f"BRIDGE_{loc.upper()}" if loc else "settings"
        lines.append(message if message.startswith("BRIDGE_") else f"{name}: {message}")
    return "\n".join(lines)
