"""CNR mail and web forwards: AddMailFwd, DeleteMailFwd, QueryMailFwdList, AddWebFwd, DeleteWebFwd,
QueryWebFwdList. A forward's source must lie in a domain or DNS zone the caller holds (545 otherwise)."""

from __future__ import annotations

import re

from sandbox.cnr.commands._common import paged, transaction_ids
from sandbox.cnr.table import BOOL, EMAIL, PAGING, command
from sandbox.context import CommandContext
from sandbox.errors import AuthorizationFailed, CommandError, ObjectNotFound
from sandbox.protocol import Reply
from sandbox.registry import HOST_RE, Param
from sandbox.state import MailForward, WebForward
from sandbox.world.dates import pattern_matcher

WEB_TYPES = ("RD", "MRD", "SELF")


def _require_zone_of(ctx: CommandContext, host: str) -> str:
    """The caller's domain or zone `host` lies in (the forward's DNSZONE)."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = ".".join(labels[i:])
        domain = ctx.world.domains.get(name)
        zone = ctx.world.zones.get(f"{name}.")
        owner = domain.owner if domain is not None else (zone.owner if zone is not None else None)
        if owner is not None:
            if owner != ctx.login:
                raise AuthorizationFailed(name)
            return name
    raise ObjectNotFound(f"no domain or zone of {host}")


FROM = Param("FROM", required=True, pattern=EMAIL)


@command("AddMailFwd", FROM, Param("TO", required=True), Param("CLTRID"), mutating=True)
def add_mail_fwd(ctx: CommandContext) -> Reply:
    source = ctx.require("FROM").strip().lower()
    _require_zone_of(ctx, source.partition("@")[2])
    targets = [t.strip() for t in ctx.require("TO").split(",") if t.strip()]
    if not targets or any(re.fullmatch(EMAIL, t) is None for t in targets):
        raise CommandError(f"TO ({ctx.p('TO')})", code=505)
    existing = ctx.world.mail_forwards.get(source)
    if existing is not None:
        raise CommandError(f"{source} is already forwarded", code=562)
    forward = MailForward(source=source, owner=ctx.login, targets=targets, created_at=ctx.now)
    ctx.world.mail_forwards[source] = forward
    return transaction_ids(ctx, Reply.ok())


@command("DeleteMailFwd", FROM, Param("TO"), Param("CLTRID"), mutating=True)
def delete_mail_fwd(ctx: CommandContext) -> Reply:
    source = ctx.require("FROM").strip().lower()
    forward = ctx.world.mail_forwards.get(source)
    if forward is None or forward.owner != ctx.login:
        raise ObjectNotFound(f"mail forward {source}")
    target = ctx.p("TO").strip()
    if target and target not in forward.targets:
        raise ObjectNotFound(f"mail forward {source} -> {target}")
    forward.targets = [t for t in forward.targets if target and t != target]
    if not forward.targets:
        del ctx.world.mail_forwards[source]
    return transaction_ids(ctx, Reply.ok())


@command(
    "QueryMailFwdList",
    *(Param(name) for name in ("DNSZONE", "FROM", "SOURCE", "TARGET", "TO")),
    *PAGING[:3],
    Param("ORDERBY", choices=("dnszone", "from")),
    *PAGING[4:],
)
def query_mail_fwd_list(ctx: CommandContext) -> Reply:
    filters = {
        "DNSZONE": pattern_matcher(ctx.p("DNSZONE")),
        "FROM": pattern_matcher(ctx.p("FROM") or ctx.p("SOURCE")),
        "TO": pattern_matcher(ctx.p("TO") or ctx.p("TARGET")),
    }
    rows: list[dict[str, object]] = []
    for forward in sorted(ctx.world.mail_forwards.values(), key=lambda f: f.source):
        if forward.owner != ctx.login:
            continue
        zone = forward.source.partition("@")[2]
        row: dict[str, object] = {"DNSZONE": zone, "FROM": forward.source, "TO": ",".join(forward.targets)}
        if all(m is None or m.fullmatch(str(row[k]).lower()) for k, m in filters.items()):
            rows.append(row)
    columns = ("DNSZONE", "FROM", "TO") if ctx.flag("WIDE") else ("FROM",)
    return transaction_ids(ctx, paged(ctx, rows, columns, listed=False))


@command(
    "AddWebFwd",
    Param("SOURCE", required=True, pattern=HOST_RE),
    Param("TARGET"),
    Param("TYPE", required=True, choices=WEB_TYPES),
    Param("KEEPURIPATH", pattern=BOOL),
    Param("CONTENT#", max_index=2047),
    Param("HTTPS", pattern=BOOL),
    Param("CLTRID"),
    mutating=True,
)
def add_web_fwd(ctx: CommandContext) -> Reply:
    source = ctx.require("SOURCE").strip().rstrip(".").lower()
    kind = ctx.require("TYPE").upper()
    _require_zone_of(ctx, source)
    if kind == "SELF" and ctx.p("TARGET"):
        raise CommandError("TYPE SELF takes CONTENT#, not TARGET", code=541)
    if kind != "SELF" and not ctx.p("TARGET"):
        raise CommandError("TARGET", code=504)
    if source in ctx.world.web_forwards:
        raise CommandError(f"{source} is already forwarded", code=540)
    ctx.world.web_forwards[source] = WebForward(
        source=source, owner=ctx.login, target=ctx.p("TARGET"), type=kind, created_at=ctx.now
    )
    return transaction_ids(ctx, Reply.ok())


@command("DeleteWebFwd", Param("SOURCE", required=True, pattern=HOST_RE), Param("CLTRID"), mutating=True)
def delete_web_fwd(ctx: CommandContext) -> Reply:
    source = ctx.require("SOURCE").strip().rstrip(".").lower()
    forward = ctx.world.web_forwards.get(source)
    if forward is None or forward.owner != ctx.login:
        raise ObjectNotFound(f"web forward {source}")
    del ctx.world.web_forwards[source]
    return transaction_ids(ctx, Reply.ok())


@command(
    "QueryWebFwdList",
    Param("SOURCE"),
    Param("TARGET"),
    Param("TYPE"),
    *PAGING[:3],
    Param("ORDERBY", choices=("source", "target", "type")),
    *PAGING[4:],
)
def query_web_fwd_list(ctx: CommandContext) -> Reply:
    filters = {key: pattern_matcher(ctx.p(key)) for key in ("SOURCE", "TARGET", "TYPE")}
    rows: list[dict[str, object]] = []
    for forward in ctx.world.web_forwards.values():
        row: dict[str, object] = {"SOURCE": forward.source, "TARGET": forward.target, "TYPE": forward.type}
        wanted = all(m is None or m.fullmatch(str(row[k]).lower()) for k, m in filters.items())
        if forward.owner == ctx.login and wanted:
            rows.append({**row, "WEBFWD": f"{forward.source} {forward.type} {forward.target}".strip()})
    key = (ctx.p("ORDERBY") or "source").upper()
    rows.sort(key=lambda row: str(row[key]), reverse=ctx.p("ORDER").upper() == "DESC")
    columns = ("SOURCE", "TARGET", "TYPE") if ctx.flag("WIDE") else ("WEBFWD",)
    return transaction_ids(ctx, paged(ctx, rows, columns, listed=False))
