"""The one dispatcher behind `POST /v1/whmcs/{function}`: envelope in, operation run, envelope out.

Order matters: the signature is checked on the raw bytes before anything is parsed, the replay nonce is
taken before any work, and nothing that came in `config` (it holds the ISPAPI password) is ever echoed.
"""

from __future__ import annotations

import logging
import time
import traceback
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from app.api.body import load_json
from app.api.deps import Services
from app.api.envelope import Effects, ErrorBody, ModuleLogEntry, RequestEnvelope, ResponseEnvelope, Result
from app.db.limits import request_deadline
from app.errors import (
    HeaderMismatch,
    InternalError,
    MalformedEnvelope,
    OperationFailed,
    OutcomeUnknown,
    ServiceUnavailable,
    UnknownFunction,
    error_body,
)
from app.journal import SqlJournal
from app.ledger import SqlLedger
from app.log import Masker, request_secrets
from app.pricing.cache import SqlPricing
from app.registrar.base import OPERATIONS, ModuleConfig, OperationSpec, RegistrarContext
from app.security import verify_signature
from app.sync import sql_stores as sync_stores
from app.sync.account import account_of
from app.upstream import DeferredCaller, RecordingCaller

log = logging.getLogger("app.request")


def parse_envelope(body: bytes) -> RequestEnvelope:
    """Validate the JSON envelope; errors say where and what, never the offending value."""
    data = load_json(body)
    try:
        return RequestEnvelope.model_validate(data)
    except ValidationError as exc:
        fields = [
            {"loc": list(error["loc"]), "msg": error["msg"]}
            for error in exc.errors(include_url=False, include_input=False, include_context=False)
        ]
        raise MalformedEnvelope("request envelope does not validate", fields=fields) from exc


def check_headers(
    envelope: RequestEnvelope, *, function: str, request_id: str | None, idempotency_key: str | None
) -> str | None:
    """The signed envelope is the truth; unsigned headers must agree with it. Returns the idempotency key."""
    if envelope.function != function:
        raise MalformedEnvelope(
            "function in the URL differs from the envelope",
            fields=[{"loc": ["function"], "msg": f"expected {function!r} as in the URL"}],
        )
    if request_id != envelope.request_id:
        raise HeaderMismatch("X-Request-Id header missing or different from the envelope's request_id")
    # Only the signed key counts: an unsigned header can neither supply one nor differ from it.
    if idempotency_key and idempotency_key != envelope.idempotency_key:
        raise HeaderMismatch("Idempotency-Key header differs from the envelope's signed idempotency_key")
    return envelope.idempotency_key or None


async def handle(
    *,
    function: str,
    body: bytes,
    signature: str | None,
    request_id: str | None,
    idempotency_key: str | None,
    services: Services,
    deadline: float | None = None,
) -> ResponseEnvelope:
    """Authenticate, validate and run one WHMCS call; returns the response envelope.

    `deadline` (time.monotonic(), from the shim's X-Bridge-Timeout) bounds every upstream call and every
    piece of database work, the replay nonce included (app/db/limits.py).

    Raises `RequestRejected` subclasses for requests that never reach an operation, and ServiceUnavailable
    (HTTP 503) when the database cannot be used before anything was sent to the registry."""
    settings = services.settings
    verify_signature(
        secret=settings.secret.get_secret_value(),
        header=signature,
        body=body,
        tolerance_seconds=settings.signature_tolerance_seconds,
    )
    envelope = parse_envelope(body)
    key = check_headers(envelope, function=function, request_id=request_id, idempotency_key=idempotency_key)
    with request_deadline(deadline):
        await services.replay.remember(envelope.request_id)
        spec = OPERATIONS.get(function)  # only functions the contract table forwards are registered
        if spec is None or not spec.contract.forwarded:
            raise UnknownFunction(f"unknown WHMCS function {function!r}")
        return await run_operation(spec, envelope, idempotency_key=key, services=services, deadline=deadline)


async def run_operation(
    spec: OperationSpec,
    envelope: RequestEnvelope,
    *,
    idempotency_key: str | None,
    services: Services,
    deadline: float | None = None,
) -> ResponseEnvelope:
    masker = Masker(
        [*request_secrets(envelope.config, envelope.params), services.settings.secret.get_secret_value()]
    )
    # None: WHMCS keeps no module log (Module Debug Mode off), so no entry is rendered (app/upstream.py).
    module_log: list[ModuleLogEntry] | None = [] if envelope.whmcs.module_log else None
    effects = Effects()
    ctx: RegistrarContext | None = None
    started = time.perf_counter()
    result: Result | None = None
    error: dict[str, Any] | None = None
    try:
        ctx = _context(envelope, idempotency_key, services, deadline, masker, module_log, effects)
        returned = await spec.func(ctx)
        if returned.kind not in spec.contract.kinds:  # the shim would refuse it as an invalid response
            raise TypeError(f"{spec.name} returned result kind {str(returned.kind)!r}, not in its contract")
        result = returned
        outcome = "ok"
    except OperationFailed as exc:
        error = error_body(exc)
        error["message"] = masker.text(error["message"])
        outcome = exc.code
    except ServiceUnavailable as exc:
        if not (spec.money and ctx is not None and _reached_registry(ctx)):
            raise  # HTTP 503: nothing was ordered, WHMCS may simply try again later
        error = _unrecorded_order(envelope, exc)
        outcome = error["code"]
    except Exception as exc:
        error = _internal_error(envelope, exc, masker)
        outcome = error["code"]
    _observe(services, envelope, outcome, time.perf_counter() - started)
    # Effects end up in WHMCS's activity log and database: this request's secrets are masked there too.
    effects.module_log = module_log or []
    effects.activity = [masker.text(line) for line in effects.activity]
    effects.whmcs_updates = [masker.scrub(update) for update in effects.whmcs_updates]
    return ResponseEnvelope(
        request_id=envelope.request_id,
        ok=error is None,
        result=result,
        error=ErrorBody(**error) if error is not None else None,
        effects=effects,
    )


def _context(
    envelope: RequestEnvelope,
    idempotency_key: str | None,
    services: Services,
    deadline: float | None,
    masker: Masker,
    module_log: list[ModuleLogEntry] | None,
    effects: Effects,
) -> RegistrarContext:
    """The operation's context: the client (built on its first call), its port and the journal. Inside the
    operation's error handling, because module settings are checked here (an unknown Backend, for one)."""
    config = ModuleConfig.from_settings(envelope.config)
    client = RecordingCaller(
        DeferredCaller(lambda: services.client_factory(config)),
        action=envelope.function,
        sink=module_log,
        masker=masker,
        metrics=services.metrics,
        deadline=deadline,
        default_timeout=services.settings.ispapi_timeout_seconds,
    )
    account = account_of(config, services.settings)  # everything kept per account is kept under this key
    snapshots, holds = sync_stores.for_call(
        db=services.db,
        settings=services.settings,
        config=config,
        client=lambda: services.client_factory(config),
    )
    return RegistrarContext(
        function=envelope.function,
        params=envelope.params,
        config=config,
        client=client,
        journal=SqlJournal(
            services.db,
            request_id=envelope.request_id,
            masker=masker,
            metrics=services.metrics,
            settle_margin=timedelta(seconds=services.settings.money_settle_seconds),
            call_timeout=client.next_timeout,
            deadline=deadline,
        ),
        request_id=envelope.request_id,
        idempotency_key=idempotency_key,
        whmcs=envelope.whmcs,
        effects=effects,
        services=services,
        snapshots=snapshots,
        holds=holds,
        pricing=SqlPricing.for_account(
            config,
            account=account,
            db=services.db,
            ttl_seconds=services.settings.pricing_ttl_seconds,
            client_factory=services.client_factory,
        ),
        ledger=SqlLedger(services.db, account_key=account),
    )


def _reached_registry(ctx: RegistrarContext) -> bool:
    """Whether a command of this call went out to the registry (counted by app/upstream.py's recorder)."""
    return isinstance(ctx.client, RecordingCaller) and ctx.client.exchanges > 0


def _unrecorded_order(envelope: RequestEnvelope, exc: ServiceUnavailable) -> dict[str, Any]:
    """The order went out but its outcome could not be recorded: the journal row stays open, so the next
    attempt settles it with the registry instead of ordering again."""
    log.warning("database failed after registry calls function=%s: %s", envelope.function, exc.message)
    unknown = OutcomeUnknown(
        "the registry was called but the bridge could not record the outcome (its database failed); "
        "it is settled on the next attempt once the database is back"
    )
    return error_body(unknown)


def _internal_error(envelope: RequestEnvelope, exc: Exception, masker: Masker) -> dict[str, Any]:
    """The WHMCS admin sees a reference; the bridge log has the traceback, with this request's secrets
    masked (a traceback can quote parameters)."""
    log.error(
        "unexpected error\n%s",
        masker.text("".join(traceback.format_exception(exc))),
        extra={"function": envelope.function, "request_id": envelope.request_id},
    )
    internal = InternalError(f"internal error in the registrar bridge (request {envelope.request_id})")
    return error_body(internal)


def _observe(services: Services, envelope: RequestEnvelope, outcome: str, seconds: float) -> None:
    services.metrics.observe_request(function=envelope.function, outcome=outcome, seconds=seconds)
    log.info(
        "request done",
        extra={
            "function": envelope.function,
            "outcome": outcome,
            "duration_ms": round(seconds * 1000, 1),
            "request_id": envelope.request_id,
        },
    )
