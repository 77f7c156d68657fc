"""Log lines: JSON or plain text, each line of a request carrying its request id.

The request id is the shim's X-Request-Id (the envelope's `request_id`); WHMCS shows its first 8 characters
as `[ref xxxxxxxx]`, so an operator finds every line of a failed call, uvicorn's access line and a 401
rejection included, by that prefix. `RequestIdMiddleware` (app/api/request_id.py) puts the id in
`REQUEST_ID` for the duration of a request; the handler's `RequestContextFilter` copies it onto every
record that passes, whichever logger (app.*, uvicorn.access, uvicorn.error) made it.

JSON uses python-json-logger: it turns any stdlib record, with its `extra` fields, into one JSON object,
and plugs into the `logging.config.dictConfig` that uvicorn applies for its `log_config`, so the bridge's
own lines and uvicorn's come out of the same handler. The text format prints the same fields as
`key=value` after the message. Secrets are masked before a message is logged (app/log.py); nothing here
adds request data beyond the id, the path and the status.
"""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

LogFormat = Literal["auto", "json", "text"]

REQUEST_ID: ContextVar[str | None] = ContextVar("bridge_request_id", default=None)

# The envelope's own rule for request ids (app/api/envelope.py): an unsigned header that does not match
# it is not logged, so a client cannot write arbitrary text into the log.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

# Standard LogRecord attributes plus the ones formatters add; everything else on a record is an extra
# field (`extra=` of a logging call, or the filter below).
_NOT_EXTRA = frozenset([*RESERVED_ATTRS, "taskName", "color_message"])

_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_BRIDGE_HANDLER = "_bridge_handler"


def valid_request_id(value: str | None) -> str | None:
    return value if value is not None and _REQUEST_ID.match(value) else None


class RequestContextFilter(logging.Filter):
    """Adds the current request id, and the fields of uvicorn's access line, to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = REQUEST_ID.get()
        if request_id is not None and "request_id" not in record.__dict__:
            record.request_id = request_id
        if record.name == "uvicorn.access" and "status" not in record.__dict__:
            # uvicorn logs '%s - "%s %s HTTP/%s" %d' with (client, method, path, http version, status).
            args = record.args
            if isinstance(args, tuple) and len(args) == 5:
                record.client, record.method, record.path, _, record.status = args
        return True


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {key: value for key, value in record.__dict__.items() if key not in _NOT_EXTRA}


class TextFormatter(logging.Formatter):
    """`time LEVEL logger message key=value ...`: one line for a person reading a terminal."""

    def __init__(self) -> None:
        super().__init__(_TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = _extras(record)
        if record.name == "uvicorn.access":  # the message already says all of it but the request id
            extras = {"request_id": extras["request_id"]} if "request_id" in extras else {}
        if not extras:
            return line
        head, sep, tail = line.partition("\n")  # a traceback stays below the fields
        fields = " ".join(f"{key}={value}" for key, value in extras.items())
        return f"{head} {fields}{sep}{tail}"


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        ["levelname", "name", "message"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
        reserved_attrs=sorted(_NOT_EXTRA),
    )


def resolve_format(log_format: LogFormat, stream: TextIO) -> Literal["json", "text"]:
    """`auto`: plain text for a person at a terminal, JSON lines for a log collector."""
    if log_format != "auto":
        return log_format
    isatty = getattr(stream, "isatty", None)
    return "text" if callable(isatty) and isatty() else "json"


def make_handler(log_format: LogFormat = "auto", stream: TextIO | None = None) -> logging.Handler:
    """The bridge's log handler; also the `()` factory named in `uvicorn_log_config`."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    chosen = resolve_format(log_format, stream)
    handler.setFormatter(json_formatter() if chosen == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    setattr(handler, _BRIDGE_HANDLER, True)
    return handler


def configure_logging(level: str = "INFO", log_format: LogFormat = "auto") -> None:
    """One bridge handler on the `app` logger (replacing an earlier one, so a new format applies)."""
    logger = logging.getLogger("app")
    logger.setLevel(level)
    for old in [h for h in logger.handlers if getattr(h, _BRIDGE_HANDLER, False)]:
        logger.removeHandler(old)
    logger.addHandler(make_handler(log_format))


def uvicorn_log_config(level: str = "INFO", log_format: LogFormat = "auto") -> dict[str, Any]:
    """`log_config` for uvicorn: its server and access lines and the bridge's own through one handler."""
    handler = {"()": "app.log_config.make_handler", "log_format": log_format}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {"bridge": handler},
        "loggers": {
            "uvicorn": {"handlers": ["bridge"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": ["bridge"], "level": level, "propagate": False},
            "app": {"handlers": ["bridge"], "level": level},
        },
    }
