"""The one mapping from failed exchanges (app/exchange.py) to the bridge's errors, and the optional steps
that report a failed exchange and go on instead of failing the operation."""

from __future__ import annotations

import pytest

from app.backends.replies import answered, ensure, upstream_error
from app.errors import OperationFailed, OutcomeUnknown, UpstreamUnavailable
from app.exchange import (
    ExchangeError,
    HttpStatusError,
    InvalidReply,
    ReplyLost,
    RequestNotSent,
    TransportFailure,
)
from app.registrar.base import OPERATIONS
from tests.registrar.conftest import lost, reply
from tests.registrar.test_domains import STATUS_BEFORE, renew_params

UNREACHABLE_421 = (
    "The registrar API could not be reached (421 Command failed due to HTTP communication error); "
    "please retry later."
)


def not_sent(command: str) -> RequestNotSent:
    return RequestNotSent("ConnectError", kind=TransportFailure.CONNECT, command=command)


def reply_lost(command: str) -> ReplyLost:
    return ReplyLost("ReadTimeout", kind=TransportFailure.READ_TIMEOUT, command=command)


@pytest.mark.parametrize(
    ("exc", "error", "message"),
    [
        (not_sent("ModifyDomain"), UpstreamUnavailable, UNREACHABLE_421),
        (reply_lost("StatusDomain"), UpstreamUnavailable, UNREACHABLE_421),
        (reply_lost("GetEnvironment"), UpstreamUnavailable, UNREACHABLE_421),
        (
            reply_lost("AddDomain"),
            OutcomeUnknown,
            "No reply from the registrar API for AddDomain; the command may have been executed. "
            "Check the domain before retrying.",
        ),
        (HttpStatusError(502, command="RenewDomain"), OutcomeUnknown, None),
        (HttpStatusError(404, command="RenewDomain"), UpstreamUnavailable, UNREACHABLE_421),
        (
            InvalidReply("empty reply body", command="AddDomain"),
            UpstreamUnavailable,
            "The registrar API could not be reached (423 Invalid API response. Contact Support); "
            "please retry later.",
        ),
    ],
)
def test_upstream_error_table(exc: ExchangeError, error: type[OperationFailed], message: str | None) -> None:
    mapped = upstream_error(exc)
    assert type(mapped) is error and mapped.retryable
    if message is not None:
        assert mapped.message == message


def test_answered_and_ensure_raise_the_mapped_error_with_its_cause() -> None:
    exc = reply_lost("ModifyDomain")
    with pytest.raises(OutcomeUnknown) as caught:
        ensure(exc)
    assert caught.value.__cause__ is exc
    with pytest.raises(UpstreamUnavailable):
        answered(not_sent("ModifyDomain"))


async def test_send_maps_a_failed_exchange(fake, make_ctx) -> None:
    fake.on("DeleteDomain", lost(may_have_executed=True))
    ctx = make_ctx("RequestDelete", {"sld": "example", "tld": "com"})
    with pytest.raises(OutcomeUnknown, match="for DeleteDomain"):
        await OPERATIONS["RequestDelete"].func(ctx)
    # The activity line quotes the SDK wording of the failed exchange, as it did for the 421 template.
    assert ctx.effects.activity == [
        "example.com: Deletion request failed. (421 Command failed due to HTTP communication error)"
    ]


async def test_lost_renewal_is_logged_and_unknown(fake, make_ctx) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RenewDomain", lost(may_have_executed=True))
    ctx = make_ctx("RenewDomain", renew_params())
    with pytest.raises(OutcomeUnknown, match="for RenewDomain"):
        await OPERATIONS["RenewDomain"].func(ctx)
    assert ctx.effects.activity == [
        "example.com: Renewal failed. (421 Command failed due to HTTP communication error)"
    ]


async def test_restore_without_zone_periods_is_unchecked_not_failed(fake, make_ctx) -> None:
    fake.on("StatusDomain", STATUS_BEFORE).on("RestoreDomain", reply())
    fake.on("QueryDomainOptions", lost(may_have_executed=False))
    ctx = make_ctx("RenewDomain", renew_params(isInRedemptionGracePeriod=True))
    result = await OPERATIONS["RenewDomain"].func(ctx)
    message = "Domain Restore succeeded. Not able to check for matching renewal period."
    assert result.value == {"success": True, "message": message}
