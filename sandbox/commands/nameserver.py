"""Nameserver hosts (glue): AddNameserver, ModifyNameserver, DeleteNameserver, StatusNameserver,
CheckNameserver (docs/ispapi-wire.md §4.7; API/DOMAIN/NAMESERVER/*.md).

A host object can only live under a domain of the caller (ADDNAMESERVER.md "Availability"); it carries 1..13
IPv4/IPv6 addresses (IPADDRESS0..12). Host names are stored lower-case without the root dot.
"""

from __future__ import annotations

import ipaddress

from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, CommandError, InvalidSyntax, ObjectNotFound
from sandbox.numbers import is_whole_number
from sandbox.protocol import Reply
from sandbox.registry import BOOL_RE, DOMAIN_RE, HOST_RE, Param, command
from sandbox.state import Domain, Host
from sandbox.world.dates import fmt

MAX_IPS = 13


def _name(value: str) -> str:
    return value.strip().rstrip(".").lower()


def _parent_domain(ctx: CommandContext, host: str) -> Domain:
    """The caller's domain the host lives under: 545 when the registry has none, 531 when another holds it."""
    labels = host.split(".")
    for i in range(1, len(labels) - 1):
        domain = ctx.world.domains.get(".".join(labels[i:]))
        if domain is not None:
            if domain.owner != ctx.login:
                raise AuthorizationFailed(f"domain {domain.name} of nameserver {host}")
            return domain
    raise ObjectNotFound(f"no domain in your account for nameserver {host}")


def _owned_host(ctx: CommandContext) -> Host:
    name = _name(ctx.require("NAMESERVER"))
    host = ctx.world.hosts.get(name)
    if host is None:
        raise ObjectNotFound(f"nameserver {name}")
    if host.owner != ctx.login:
        raise AuthorizationFailed(f"nameserver {name}")
    return host


def _ips(ctx: CommandContext, stem: str) -> list[str]:
    """IP addresses of STEM, STEM0..12 in normal form; 505 for a malformed one, 541 for a repeated one."""
    found: list[str] = []
    for key in _keys(ctx, stem):
        raw = ctx.params[key].strip()
        try:
            ip = str(ipaddress.ip_address(raw))
        except ValueError as exc:
            raise InvalidSyntax(f"Syntax error in Parameter {key} ({raw})") from exc
        if ip in found:
            raise CommandError(f"IP address {ip} given twice", code=541)
        found.append(ip)
    return found


def _keys(ctx: CommandContext, stem: str) -> list[str]:
    keys = [
        k
        for k, v in ctx.params.items()
        if v.strip() and (k == stem or (k.startswith(stem) and is_whole_number(k[len(stem) :])))
    ]
    return sorted(keys, key=lambda k: int(k[len(stem) :] or -1))


def _check_count(ips: list[str]) -> None:
    if not 1 <= len(ips) <= MAX_IPS:
        raise CommandError(f"a nameserver host needs 1 to {MAX_IPS} IP addresses, got {len(ips)}", code=541)


@command(
    "AddNameserver",
    Param("NAMESERVER", required=True, pattern=HOST_RE),
    Param("DOMAIN", pattern=DOMAIN_RE),
    Param("IPADDRESS#", required=True, max_index=12),
    mutating=True,
)
def add_nameserver(ctx: CommandContext) -> Reply:
    name = _name(ctx.require("NAMESERVER"))
    ips = _ips(ctx, "IPADDRESS")
    _check_count(ips)
    domain = _parent_domain(ctx, name)
    if ctx.p("DOMAIN") and _name(ctx.p("DOMAIN")) != domain.name:
        raise CommandError(f"nameserver {name} is not under domain {_name(ctx.p('DOMAIN'))}", code=541)
    if name in ctx.world.hosts:
        raise CommandError(f"nameserver {name}", code=540)
    ctx.world.hosts[name] = Host(
        name=name, owner=ctx.login, domain=domain.name, ips=ips, created_at=ctx.now, updated_at=ctx.now
    )
    ctx.log_object(
        object_class="NAMESERVER", object_id=name, operation_type="CREATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok(CREATEDDATE=fmt(ctx.now), HOST=name)


@command(
    "ModifyNameserver",
    Param("NAMESERVER", required=True, pattern=HOST_RE),
    Param("NEWNAMESERVER", pattern=HOST_RE),
    Param("ADDIPADDRESS#", max_index=12),
    Param("DELIPADDRESS#", max_index=12),
    Param("IPADDRESS#", max_index=12),
    mutating=True,
)
def modify_nameserver(ctx: CommandContext) -> Reply:
    host = _owned_host(ctx)
    replace_all, add, delete = _ips(ctx, "IPADDRESS"), _ips(ctx, "ADDIPADDRESS"), _ips(ctx, "DELIPADDRESS")
    if replace_all and (add or delete):
        # Two ways to set addresses (MODIFYNAMESERVER.md notes): all at once, or ADD/DEL; never both.
        raise CommandError("IPADDRESS cannot be combined with ADDIPADDRESS/DELIPADDRESS", code=507)
    ips = replace_all or list(host.ips)
    for ip in delete:
        if ip not in ips:
            raise CommandError(f"IP address {ip} is not assigned to {host.name}", code=541)
        ips.remove(ip)
    for ip in add:
        if ip in ips:
            raise CommandError(f"IP address {ip} is already assigned to {host.name}", code=541)
        ips.append(ip)
    _check_count(ips)
    new_name = _name(ctx.p("NEWNAMESERVER")) if ctx.p("NEWNAMESERVER") else host.name
    if new_name != host.name:
        domain = _parent_domain(ctx, new_name)
        if new_name in ctx.world.hosts:
            raise CommandError(f"nameserver {new_name}", code=540)
        # Domains refer to the host object, so they follow the rename.
        for linked in ctx.world.domains.values():
            linked.nameservers = [new_name if _name(ns) == host.name else ns for ns in linked.nameservers]
        del ctx.world.hosts[host.name]
        host.name, host.domain = new_name, domain.name
        ctx.world.hosts[new_name] = host
    host.ips = ips
    host.updated_at = ctx.now
    ctx.log_object(
        object_class="NAMESERVER", object_id=host.name, operation_type="UPDATE", operation_status="SUCCESSFUL"
    )
    return Reply.ok()


@command(
    "DeleteNameserver",
    Param("NAMESERVER", required=True, pattern=HOST_RE),
    Param("FORCE", pattern=BOOL_RE),
    mutating=True,
)
def delete_nameserver(ctx: CommandContext) -> Reply:
    host = _owned_host(ctx)
    linked = sorted(
        d.name for d in ctx.world.domains.values() if host.name in {_name(ns) for ns in d.nameservers}
    )
    if linked and not ctx.flag("FORCE"):
        raise CommandError(f"{host.name} is used by {', '.join(linked[:5])}", code=532)
    del ctx.world.hosts[host.name]
    ctx.log_object(
        object_class="NAMESERVER", object_id=host.name, operation_type="DELETE", operation_status="SUCCESSFUL"
    )
    return Reply.ok()


@command("StatusNameserver", Param("NAMESERVER", required=True, pattern=HOST_RE))
def status_nameserver(ctx: CommandContext) -> Reply:
    host = _owned_host(ctx)
    domain = ctx.world.domains.get(host.domain)
    reply = Reply.ok()
    for name, value in (
        ("CREATEDBY", host.owner),
        ("CREATEDDATE", fmt(host.created_at)),
        ("DOMAIN", host.domain),
        ("HOST", host.name),
        ("IPADDRESS", host.ips),
        ("PEERUSER", ""),
        ("REGISTRAR", host.owner),
        ("REPOSITORY", domain.repository if domain is not None else ""),
        ("STATUS", "ACTIVE"),
        ("UPDATEDBY", host.owner),
        ("UPDATEDDATE", fmt(host.updated_at or host.created_at)),
        ("USER", host.owner),
    ):
        reply.set(name, value)
    return reply


@command(
    "CheckNameserver", Param("NAMESERVER", required=True, pattern=HOST_RE), Param("DOMAIN", pattern=DOMAIN_RE)
)
def check_nameserver(ctx: CommandContext) -> Reply:
    name = _name(ctx.require("NAMESERVER"))
    if name in ctx.world.hosts:
        return Reply(code=213, description="Nameserver not available").set(
            "REASON", "Nameserver object exists"
        )
    return Reply(code=212)
