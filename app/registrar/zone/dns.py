"""GetDNS / SaveDNS and GetEmailForwarding / SaveEmailForwarding (docs/module-behaviour.md §9.1, §9.2, later
features docs/module-behaviour.md §12).

The zone of a domain is `<ace domain>.`. The registry port (app/registry/zone.py) takes records in
presentation form and web/mail forwards as values; each adapter stores them its registry's way.

Differences from 5.1.12, on purpose:
* every record is validated before the first upstream call (InvalidInput names record and field);
* a per-record `ttl` key is honoured (default 3600), identical records are sent once (8.0.1 duplicates);
* GetDNS reads the zone once and normalises every owner, MX included (docs/module-behaviour.md §13.5);
* SaveDNS never touches mail forwards (they are kept without re-reading them) nor web-app aliases;
* a missing zone is created and the update retried once; GetDNS creates it too when the client has
  ordered DNS management (8.5.0), else shows an empty zone;
* MXE needs an IPv4 address (5.1.12 silently fell back to a plain MX for anything else).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput
from app.numbers import is_whole_number
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.zone.records import plan_zone, shown_entry
from app.registry.zone import MailForward, ZoneEntry

__all__ = ["get_dns", "get_email_forwarding", "items", "save_dns", "save_email_forwarding"]


def items(value: object) -> list[Any]:
    """A PHP list as JSON sends it: a list, or an object with numeric keys (sparse arrays)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, Mapping):
        keys = sorted(
            value,
            key=lambda k: (not is_whole_number(str(k)), int(k) if is_whole_number(str(k)) else 0, str(k)),
        )
        return [value[k] for k in keys]
    return []


def zone_of(ctx: RegistrarContext) -> tuple[p.DomainName, str]:
    domain = p.domain(ctx.params)
    return domain, domain.ace + "."


async def create_zone(ctx: RegistrarContext, domain: p.DomainName) -> None:
    """The registrar's DNS zone for the domain (docs/module-behaviour.md §9.1)."""
    await ctx.registry.zone.create_dns_zone(domain.ace)
    ctx.activity(f"{domain.name}: DNS zone created")


async def with_zone(
    ctx: RegistrarContext, domain: p.DomainName, write: Callable[[bool], Awaitable[bool]]
) -> None:
    """`write(missing_ok)`; when it finds no zone, the zone is created and the write sent once more, a
    missing zone then being an error (docs/module-behaviour.md §9.1)."""
    if not await write(True):
        await create_zone(ctx, domain)
        await write(False)


@operation("GetDNS")
async def get_dns(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    entries: list[ZoneEntry] | None = await ctx.registry.zone.dns_zone(domain.ace)
    if entries is None and p.flag(ctx.params, "dnsmanagement"):
        await create_zone(ctx, domain)
        entries = await ctx.registry.zone.dns_zone(domain.ace, missing_ok=False)
    rows = [row for entry in entries or [] if (row := shown_entry(entry)) is not None]
    for index, row in enumerate(rows):
        row["recid"] = str(index)
    return Result(kind=ResultKind.ARRAY, value=rows)


@operation("SaveDNS")
async def save_dns(ctx: RegistrarContext) -> Result:
    domain, zone = zone_of(ctx)
    planned = plan_zone(items(ctx.params.get("dnsrecords")), zone)

    async def write(missing_ok: bool) -> bool:
        return await ctx.registry.zone.replace_dns(domain.ace, planned, missing_ok=missing_ok)

    await with_zone(ctx, domain, write)
    ctx.activity(f"{domain.name}: DNS zone updated ({len(planned)} records)")
    return array({"success": "success"})


# ---- e-mail forwarding -----------------------------------------------------------------------------


@operation("GetEmailForwarding")
async def get_email_forwarding(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    forwards = await ctx.registry.zone.mail_forwards(domain.ace)
    rows = [{"prefix": f.prefix or "*", "forwardto": f.target} for f in forwards or []]
    return Result(kind=ResultKind.ARRAY, value=rows)


def _unwrapped(value: object) -> list[Any]:
    """`prefix`/`forwardto` lists; some WHMCS versions nest the whole list in the first element
    (docs/module-behaviour.md §9.2)."""
    found = items(value)
    if len(found) == 1 and isinstance(found[0], list | Mapping):
        return items(found[0])
    return found


def _nth(values: list[Any], index: int) -> str:
    return str(values[index] if index < len(values) and values[index] is not None else "")


def plan_forwards(params: Mapping[str, Any]) -> list[MailForward]:
    prefixes = _unwrapped(params.get("prefix"))
    targets = _unwrapped(params.get("forwardto"))
    forwards: list[MailForward] = []
    for index in range(max(len(prefixes), len(targets))):
        raw_prefix, raw_target = _nth(prefixes, index), _nth(targets, index)
        if not raw_target.strip():
            continue  # the empty new row, or a forward the client blanked to remove it
        if not raw_prefix.strip():
            raise InvalidInput(
                f"prefix[{index}]: enter a mailbox name or * for all addresses", field=f"prefix[{index}]"
            )
        prefix = v.mail_prefix(raw_prefix, field=f"prefix[{index}]", what=f"prefix[{index}]")
        target = v.email(raw_target, field=f"forwardto[{index}]", what=f"forwardto[{index}]")
        forward = MailForward(prefix, target)
        if forward not in forwards:
            forwards.append(forward)
    return forwards


@operation("SaveEmailForwarding")
async def save_email_forwarding(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    forwards = plan_forwards(ctx.params)

    async def write(missing_ok: bool) -> bool:
        return await ctx.registry.zone.replace_mail_forwards(domain.ace, forwards, missing_ok=missing_ok)

    await with_zone(ctx, domain, write)
    ctx.activity(f"{domain.name}: e-mail forwarding updated ({len(forwards)} forwards)")
    return array({"success": "success"})
