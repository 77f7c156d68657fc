"""CNR name server (host) objects: AddNameserver, ModifyNameserver, DeleteNameserver, StatusNameserver,
QueryNameserverList. A host lives under a domain of the caller (550 when that domain is not registered
here)."""

from __future__ import annotations

import ipaddress

from sandbox.cnr.commands._common import paged
from sandbox.cnr.table import BOOL, PAGING, command
from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, CommandError, InvalidSyntax, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import HOST_RE, Param
from sandbox.state import Host
from sandbox.world.dates import fmt, pattern_matcher

NAMESERVER = Param("NAMESERVER", required=True, pattern=HOST_RE)
MAX_IPS = 12


def _host_name(value: str) -> str:
    return value.strip().rstrip(".").lower()


def _ips(values: list[str]) -> list[str]:
    found: list[str] = []
    for value in values:
        try:
            text = str(ipaddress.ip_address(value.strip()))
        except ValueError as exc:
            raise InvalidSyntax(f"Syntax error in Parameter IPADDRESS ({value})") from exc
        if text not in found:
            found.append(text)
    if len(found) > MAX_IPS:
        raise CommandError(f"at most {MAX_IPS} IP addresses", code=541)
    return found


def _parent(ctx: CommandContext, name: str) -> str:
    """The caller's domain above the host: 550 when none is registered here, 531 when another holds it."""
    labels = name.split(".")
    for i in range(1, len(labels) - 1):
        domain = ctx.world.domains.get(".".join(labels[i:]))
        if domain is not None:
            if domain.owner != ctx.login:
                raise AuthorizationFailed(domain.name)
            return domain.name
    raise CommandError(f"no parent domain of {name}", code=550)


def _owned(ctx: CommandContext, name: str) -> Host:
    host = ctx.world.hosts.get(name)
    if host is None:
        raise ObjectNotFound(f"name server {name}")
    if host.owner != ctx.login:
        raise AuthorizationFailed(name)
    return host


@command(
    "AddNameserver",
    NAMESERVER,
    Param("IPADDRESS#", required=True),
    Param("STATUS#"),
    Param("TOKEN"),
    mutating=True,
)
def add_nameserver(ctx: CommandContext) -> Reply:
    name = _host_name(ctx.require("NAMESERVER"))
    if name in ctx.world.hosts:
        raise CommandError(f"name server {name}", code=540)
    parent = _parent(ctx, name)
    ips = _ips(ctx.indexed("IPADDRESS"))
    ctx.world.hosts[name] = Host(
        name=name, owner=ctx.login, domain=parent, ips=ips, created_at=ctx.now, updated_at=ctx.now
    )
    return Reply.ok()


@command(
    "ModifyNameserver",
    NAMESERVER,
    Param("NEWNAMESERVER", pattern=HOST_RE),
    Param("IPADDRESS#"),
    Param("ADDIPADDRESS#"),
    Param("DELIPADDRESS#"),
    Param("STATUS#"),
    Param("ADDSTATUS#"),
    Param("DELSTATUS#"),
    Param("TOKEN"),
    mutating=True,
)
def modify_nameserver(ctx: CommandContext) -> Reply:
    host = _owned(ctx, _host_name(ctx.require("NAMESERVER")))
    ips = _ips(ctx.indexed("IPADDRESS")) if ctx.indexed("IPADDRESS") else list(host.ips)
    removed = set(_ips(ctx.indexed("DELIPADDRESS")))
    ips = _ips([ip for ip in ips if ip not in removed] + _ips(ctx.indexed("ADDIPADDRESS")))
    if not ips:
        raise CommandError("a name server keeps at least one IP address", code=541)
    new_name = _host_name(ctx.p("NEWNAMESERVER"))
    if new_name and new_name != host.name:
        if new_name in ctx.world.hosts:
            raise CommandError(f"name server {new_name}", code=540)
        host.domain = _parent(ctx, new_name)
        del ctx.world.hosts[host.name]
        host.name = new_name
        ctx.world.hosts[new_name] = host
    host.ips = ips
    host.updated_at = ctx.now
    return Reply.ok()


@command("DeleteNameserver", NAMESERVER, Param("FORCE", pattern=BOOL), Param("TOKEN"), mutating=True)
def delete_nameserver(ctx: CommandContext) -> Reply:
    host = _owned(ctx, _host_name(ctx.require("NAMESERVER")))
    users = [d.name for d in ctx.world.domains.values() if host.name in d.nameservers]
    if users and not ctx.flag("FORCE"):
        raise CommandError(f"used by {', '.join(sorted(users)[:5])}", code=532)
    for name in users:
        domain = ctx.world.domains[name]
        domain.nameservers = [ns for ns in domain.nameservers if ns != host.name]
    del ctx.world.hosts[host.name]
    return Reply.ok()


@command("StatusNameserver", NAMESERVER)
def status_nameserver(ctx: CommandContext) -> Reply:
    host = _owned(ctx, _host_name(ctx.require("NAMESERVER")))
    return Reply.ok(
        NAMESERVER=host.name, IPADDRESS=host.ips, CREATED_DATE=fmt(host.created_at), CREATED_BY=host.owner,
        UPDATED_DATE=fmt(host.updated_at), UPDATED_BY=host.owner, REGISTRAR=host.owner, STATUS="ok",
    )  # fmt: skip


@command(
    "QueryNameserverList",
    Param("NAMESERVER"),
    Param("PARENTDOMAIN"),
    Param("WIDE", pattern=BOOL),
    Param("GENERATELIST", pattern=BOOL),
    Param("SENDLISTEMAIL"),
    *PAGING[:2],
)
def query_nameserver_list(ctx: CommandContext) -> Reply:
    """The caller's hosts by name (NAMESERVER a pattern, `*` wildcards), PARENTDOMAIN the domain they lie
    under. The reference names no further column for WIDE, and the sandbox makes no list files
    (GENERATELIST, SENDLISTEMAIL are accepted and change nothing)."""
    matcher = pattern_matcher(_host_name(ctx.p("NAMESERVER")))
    parent = _host_name(ctx.p("PARENTDOMAIN"))
    rows: list[dict[str, object]] = [
        {"NAMESERVER": host.name}
        for host in sorted(ctx.world.hosts.values(), key=lambda h: h.name)
        if host.owner == ctx.login
        and (not parent or host.domain == parent)
        and (matcher is None or matcher.fullmatch(host.name))
    ]
    return paged(ctx, rows, ("NAMESERVER",), listed=False)
