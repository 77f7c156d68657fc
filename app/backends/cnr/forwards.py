"""Web and mail forwards in CentralNic Reseller commands (docs/cnr-protocol.md): each forward is an object
of its own (AddWebFwd/DeleteWebFwd/QueryWebFwdList, AddMailFwd/DeleteMailFwd/QueryMailFwdList), not a
record of the zone. Replacing a domain's forwards deletes the ones that differ and adds the missing ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.backends.replies import call, ensure
from app.errors import InvalidInput
from app.registry import RegistryCaller
from app.registry.zone import ForwardKind, MailForward, WebForward

# CNR's forward types: RD a redirect, MRD a "masked" redirect (the target in a frame).
WEB_TYPES = {ForwardKind.REDIRECT: "RD", ForwardKind.FRAME: "MRD"}
_KINDS = {value: key for key, value in WEB_TYPES.items()}
# CNR forwards whole host names; a forward of one path below a host has no equivalent.
NO_PATHS = "CentralNic Reseller forwards whole host names, not paths: {host}{path} cannot be forwarded"


def source_of(host: str, domain: str) -> str:
    return domain if host == "@" else f"{host}.{domain}"


def host_of(source: str, domain: str) -> str | None:
    """The host of a forward's source relative to `domain`; None when it lies outside the domain."""
    name = source.lower().rstrip(".")
    if name == domain:
        return "@"
    return name[: -len(domain) - 1] if name.endswith("." + domain) else None


async def web_forwards(caller: RegistryCaller, domain: str) -> list[WebForward]:
    command = {"COMMAND": "QueryWebFwdList", "SOURCE": f"*{domain}", "WIDE": 1}
    reply = ensure(await call(caller, command))
    found: list[WebForward] = []
    for index, source in enumerate(reply.column("SOURCE")):
        host = host_of(source, domain)
        kind = _KINDS.get(reply.cell("TYPE", index).upper())
        if host is not None and kind is not None:  # SELF (static content) is no WHMCS forward
            found.append(WebForward(host, kind, reply.cell("TARGET", index)))
    return found


def check_web_forwards(wanted: Sequence[WebForward]) -> None:
    """Refuse what CNR cannot hold before anything is sent."""
    for forward in wanted:
        if forward.path:
            raise InvalidInput(NO_PATHS.format(host=forward.host, path=forward.path), field="dnsrecords")


async def replace_web_forwards(caller: RegistryCaller, domain: str, wanted: Sequence[WebForward]) -> None:
    current = {(f.host, f.kind, f.target) for f in await web_forwards(caller, domain)}
    keep = {(f.host, f.kind, f.target) for f in wanted}
    for host, _kind, _target in sorted(current - keep):
        ensure(await call(caller, {"COMMAND": "DeleteWebFwd", "SOURCE": source_of(host, domain)}))
    for host, kind, target in sorted(keep - current):
        command = {"COMMAND": "AddWebFwd", "SOURCE": source_of(host, domain), "TARGET": target}
        ensure(await call(caller, {**command, "TYPE": WEB_TYPES[kind]}))


def _address(prefix: str, domain: str) -> str:
    return f"{prefix or '*'}@{domain}"  # `*@domain` is the catch-all


async def _mail_targets(caller: RegistryCaller, domain: str) -> dict[str, list[str]]:
    """Forwarded address -> its targets (CNR keeps one forward per address, its targets comma-separated)."""
    command = {"COMMAND": "QueryMailFwdList", "DNSZONE": domain, "WIDE": 1}
    reply = ensure(await call(caller, command))
    found: dict[str, list[str]] = {}
    for index, address in enumerate(reply.column("FROM")):
        targets = [t.strip() for t in reply.cell("TO", index).split(",") if t.strip()]
        found.setdefault(address.lower(), []).extend(targets)
    return found


async def mail_forwards(caller: RegistryCaller, domain: str) -> list[MailForward]:
    found: list[MailForward] = []
    for address, targets in (await _mail_targets(caller, domain)).items():
        prefix = address.rpartition("@")[0]
        found.extend(MailForward("" if prefix == "*" else prefix, target) for target in targets)
    return found


async def replace_mail_forwards(caller: RegistryCaller, domain: str, wanted: Sequence[MailForward]) -> None:
    targets: dict[str, list[str]] = {}
    for forward in wanted:
        targets.setdefault(_address(forward.prefix, domain), []).append(forward.target)
    current = await _mail_targets(caller, domain)
    for address, now in current.items():
        if targets.get(address) != now:
            ensure(await call(caller, {"COMMAND": "DeleteMailFwd", "FROM": address}))
    for address, wanted_targets in targets.items():
        if current.get(address) != wanted_targets:
            command = {"COMMAND": "AddMailFwd", "FROM": address, "TO": ",".join(wanted_targets)}
            ensure(await call(caller, command))
