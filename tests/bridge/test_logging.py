"""Log lines: JSON or text, the request id on every line of a request, secrets never (app/log_config.py)."""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.log_config import (
    REQUEST_ID,
    configure_logging,
    make_handler,
    resolve_format,
    uvicorn_log_config,
    valid_request_id,
)
from app.settings import describe_validation_error
from tests.bridge.conftest import SECRET, closed_port, envelope, make_settings
from tests.bridge.processes import (
    CATALOGUE,
    bridge_env,
    call_catalogue,
    started_processes,
    stop,
    wait_until_up,
)

PASSWORD = "s3cret-ispapi-pw"  # the envelope's module setting Password


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def record(name: str, msg: str, *args: Any, **extra: Any) -> logging.LogRecord:
    made = logging.LogRecord(name, logging.INFO, __file__, 1, msg, args or None, None)
    made.__dict__.update(extra)
    return made


def emit(log_format: Any, made: logging.LogRecord, stream: io.StringIO | None = None) -> str:
    stream = stream or io.StringIO()
    make_handler(log_format, stream).handle(made)
    return stream.getvalue()


def test_auto_is_json_for_a_file_or_pipe_and_text_on_a_terminal() -> None:
    assert resolve_format("auto", io.StringIO()) == "json"
    assert resolve_format("auto", Terminal()) == "text"
    assert resolve_format("json", Terminal()) == "json"
    assert resolve_format("text", io.StringIO()) == "text"
    line = emit("auto", record("app.x", "hello"), Terminal())
    assert "INFO app.x hello" in line and not line.startswith("{")


def test_a_json_line_carries_level_logger_time_message_fields_and_the_request_id() -> None:
    token = REQUEST_ID.set("0123abcd-4567-89ef-0123-456789abcdef")
    try:
        line = emit("json", record("app.request", "request done", function="GetNameservers", outcome="ok"))
    finally:
        REQUEST_ID.reset(token)
    data = json.loads(line)
    assert data["level"] == "INFO" and data["logger"] == "app.request" and data["message"] == "request done"
    assert data["function"] == "GetNameservers" and data["outcome"] == "ok"
    assert data["request_id"] == "0123abcd-4567-89ef-0123-456789abcdef"
    assert data["time"].endswith("+00:00")
    assert line.endswith("}\n") and line.count("\n") == 1


def test_uvicorns_access_line_becomes_fields_with_the_request_id() -> None:
    token = REQUEST_ID.set("feedc0de00000001")
    try:
        args = ("127.0.0.1:5555", "POST", "/v1/whmcs/GetNameservers", "1.1", 401)
        access = record("uvicorn.access", '%s - "%s %s HTTP/%s" %d', *args)
        data = json.loads(emit("json", access))
        text = emit("text", record("uvicorn.access", '%s - "%s %s HTTP/%s" %d', *args))
    finally:
        REQUEST_ID.reset(token)
    assert data["message"] == '127.0.0.1:5555 - "POST /v1/whmcs/GetNameservers HTTP/1.1" 401'
    assert data["status"] == 401 and data["method"] == "POST" and data["path"] == "/v1/whmcs/GetNameservers"
    assert data["request_id"] == "feedc0de00000001"
    # Text: the message already says it all, plus the id.
    assert text.rstrip().endswith('"POST /v1/whmcs/GetNameservers HTTP/1.1" 401 request_id=feedc0de00000001')


def test_text_lines_show_the_fields_as_key_value_and_keep_a_traceback_below() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        made = logging.LogRecord("app.x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    made.function = "RenewDomain"
    text = emit("text", made)
    first, _, rest = text.partition("\n")
    assert first.endswith("ERROR app.x failed function=RenewDomain")
    assert "Traceback" in rest and "ValueError: boom" in rest
    data = json.loads(emit("json", made))
    assert "ValueError: boom" in data["exc_info"]


def test_a_line_outside_a_request_has_no_request_id() -> None:
    assert "request_id" not in json.loads(emit("json", record("app.x", "started")))


@pytest.mark.parametrize("value", [None, "", "short", "has space 12345", "x" * 129, 'evil"\n{"level":"x"}'])
def test_a_malformed_request_id_header_is_not_logged(value: str | None) -> None:
    assert valid_request_id(value) is None


def test_uvicorn_log_config_routes_uvicorn_and_the_bridge_through_one_handler() -> None:
    config = uvicorn_log_config("WARNING", "json")
    assert config["handlers"]["bridge"] == {"()": "app.log_config.make_handler", "log_format": "json"}
    for name in ("uvicorn", "uvicorn.access", "app"):
        assert config["loggers"][name]["handlers"] == ["bridge"]
        assert config["loggers"][name]["level"] == "WARNING"
    assert config["disable_existing_loggers"] is False


def test_log_format_setting_is_checked_with_a_readable_message(db_url: str) -> None:
    assert make_settings(db_url, log_format=" JSON ").log_format == "json"
    with pytest.raises(ValueError) as caught:
        make_settings(db_url, log_format="xml")
    assert describe_validation_error(caught.value).startswith("BRIDGE_LOG_FORMAT: ")


async def test_every_line_of_a_request_in_the_app_carries_its_request_id(
    db_url: str, bridge_factory: Any
) -> None:
    stream = io.StringIO()
    app, client = await bridge_factory(make_settings(db_url, log_format="json"))
    logger = logging.getLogger("app")
    configure_logging("INFO", "json")
    (handler,) = [h for h in logger.handlers if getattr(h, "_bridge_handler", False)]
    handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        data = envelope("AdditionalFieldsCatalogue")
        assert (await client.call(data)).status_code == 200
        unsigned = envelope("AdditionalFieldsCatalogue")
        refused = await client.http.post(
            "/v1/whmcs/AdditionalFieldsCatalogue",
            content=json.dumps(unsigned).encode(),
            headers={"X-Request-Id": unsigned["request_id"]},
        )
        assert refused.status_code == 401
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    done = [line for line in lines if line["message"] == "request done"]
    rejected = [line for line in lines if line["message"] == "request rejected"]
    assert [line["request_id"] for line in done] == [data["request_id"]]
    assert done[0]["function"] == "AdditionalFieldsCatalogue" and done[0]["outcome"] == "ok"
    assert [line["request_id"] for line in rejected] == [unsigned["request_id"]]
    assert rejected[0]["status"] == 401 and rejected[0]["code"] == "UNAUTHORIZED"
    text = stream.getvalue()
    assert PASSWORD not in text and SECRET not in text


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    yield from started_processes()


def test_serve_on_a_terminal_logs_plain_text_with_the_request_id(
    db_url: str, tmp_path: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    terminal, child_side = pty.openpty()
    seen = bytearray()

    def read() -> None:  # drained all the time: a full terminal buffer would block the bridge
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the child side is closed once the bridge has exited
                return
            if not chunk:
                return
            seen.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    port = closed_port()
    log = tmp_path / "stdout.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "app.cli", "serve"]
        env = bridge_env(db_url, BRIDGE_PORT=str(port))
        processes.append(subprocess.Popen(command, env=env, cwd=tmp_path, stdout=out, stderr=child_side))
    os.close(child_side)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(processes[0], f"{base}/healthz", log)
    with httpx.Client(timeout=30, trust_env=False) as client:
        request_id = call_catalogue(client, base)
    stop(processes[0])
    reader.join(timeout=20)
    os.close(terminal)
    text = seen.decode("utf-8", "replace")
    lines = text.splitlines()
    assert not [line for line in lines if line.startswith("{")], text
    assert any(
        f" INFO app.request request done function={CATALOGUE} outcome=ok " in line for line in lines
    ), text
    assert any(
        line.endswith(f'"POST /v1/whmcs/{CATALOGUE} HTTP/1.1" 200 request_id={request_id}') for line in lines
    )
