"""Pending-transfer admin buttons and the cart's transfer pre-check (docs/module-behaviour.md §4, §12: module
6.4.0/7.0.0).

* CancelDomainTransfer: the registry cancels the transfer (and refunds its fee).
* ResendTransferConfirmation: the registry mails the transfer confirmation again.
  Both answer WHMCS's custom-button shape `{"message": ...}`; a failure names the registry code and text.
* TransferCheckoutPreCheck (hooks.php ShoppingCartValidateCheckout): the registry's transfer check per cart
  transfer, concurrently; only a "request is not available; <reason>" answer becomes an error line
  `<domain>: <reason>`, with the reasons reworded for customers (docs/ispapi-wire.md §2.7). Every other
  answer, transport failures included, is ignored: a pre-check never blocks a checkout it cannot judge.

The registry commands are the adapters' (app/backends/*/lifecycle.py).

Errors: `InvalidInput` for a malformed transfer list (nothing sent), `RegistryRejected` for refused buttons.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import idna

from app.contract.payloads import Result
from app.errors import InvalidInput
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.orders.lifecycle import ButtonIntent, run_button

# Button -> (port intent, success text, failure text).
BUTTONS: dict[str, tuple[ButtonIntent, str, str]] = {
    "CancelDomainTransfer": (
        lambda port, domain: port.cancel_transfer(domain),
        "Transfer cancelled.",
        "Cancelling the transfer failed.",
    ),
    "ResendTransferConfirmation": (
        lambda port, domain: port.resend_transfer_confirmation(domain),
        "Transfer confirmation email sent again.",
        "Resending the transfer confirmation email failed.",
    ),
}

MAX_TRANSFERS = 50  # a cart larger than this is not a customer's cart; the rest stays unchecked
CONCURRENT_CHECKS = 8
# Reasons a transfer request is not available (upper-cased fragments, first match wins) -> customer text
# (docs/ispapi-wire.md §2.7).
REWORDINGS: tuple[tuple[str, str], ...] = (
    ("(CLIENTTRANSFERPROHIBITED)", "This domain is locked, so a transfer cannot be started."),
    ("WRONG AUTH", "The authorization (EPP) code is wrong, so a transfer cannot be started."),
    (
        "(REQUESTEDCREATE)",
        "The registration of this domain is not completed yet, so a transfer cannot be started.",
    ),
    ("(REQUESTEDDELETE)", "This domain is about to be deleted, so a transfer cannot be started."),
    ("(PENDINGDELETE)", "This domain is pending deletion, so a transfer cannot be started."),
    (
        "(REQUESTED)",
        "The registration of this domain is not completed yet, so a transfer cannot be started.",
    ),
    (
        "BY AGE OF THE DOMAIN",
        "This domain was registered less than 60 days ago, so it cannot be transferred yet.",
    ),
    # CentralNic Reseller names the status without parentheses and the age in words.
    ("CLIENTTRANSFERPROHIBITED", "This domain is locked, so a transfer cannot be started."),
    ("PENDINGDELETE", "This domain is pending deletion, so a transfer cannot be started."),
    (
        "LESS THAN 60 DAYS",
        "This domain was registered less than 60 days ago, so it cannot be transferred yet.",
    ),
)


@operation("CancelDomainTransfer")
async def cancel_domain_transfer(ctx: RegistrarContext) -> Result:
    return await run_button(ctx, *BUTTONS[ctx.function])


@operation("ResendTransferConfirmation")
async def resend_transfer_confirmation(ctx: RegistrarContext) -> Result:
    return await run_button(ctx, *BUTTONS[ctx.function])


def reword(description: str) -> str:
    """The customer text for a 219 description; the registry's reason itself when no rewording fits."""
    reason = description.split(";", 1)[1].strip() if ";" in description else description.strip()
    upper = reason.upper()
    for fragment, text in REWORDINGS:
        if fragment in upper:
            return text
    return reason or description.strip()


def _transfers(params: p.Params) -> list[tuple[str, str, str]]:
    """[(name as shown, ACE name, eppcode)] from `params.transfers`, validated before any call."""
    raw = params.get("transfers")
    if not isinstance(raw, list):
        raise InvalidInput("transfers must be a list of {domain, eppcode}", field="transfers")
    found: list[tuple[str, str, str]] = []
    for index, entry in enumerate(raw[:MAX_TRANSFERS]):
        if not isinstance(entry, Mapping):
            raise InvalidInput(f"transfers[{index}] must be an object", field=f"transfers[{index}]")
        name = p.text(entry, "domain").lower().rstrip(".")
        field = f"transfers[{index}].domain"
        if "." not in name or any(ch.isspace() for ch in name) or len(name) > 253:
            raise InvalidInput(f"{field} is not a domain name: {name[:80]!r}", field=field)
        try:
            ace = idna.encode(name, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise InvalidInput(f"{field} is not a domain name: {name[:80]!r}", field=field) from exc
        found.append((name, ace, p.text(entry, "eppcode")))
    return found


@operation("TransferCheckoutPreCheck")
async def transfer_checkout_precheck(ctx: RegistrarContext) -> Result:
    transfers = _transfers(ctx.params)
    semaphore = asyncio.Semaphore(CONCURRENT_CHECKS)

    async def check(name: str, ace: str, eppcode: str) -> str | None:
        async with semaphore:
            obstacle = await ctx.registry.lifecycle.transfer_obstacle(ace, eppcode)
        return None if obstacle is None else f"{name}: {reword(obstacle)}"

    results = await asyncio.gather(*(check(*transfer) for transfer in transfers))
    return array({"errors": [line for line in results if line is not None]})
