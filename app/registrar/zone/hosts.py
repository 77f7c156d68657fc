"""Private nameservers (glue hosts): RegisterNameserver / ModifyNameserver / DeleteNameserver
(docs/module-behaviour.md §3.13, §9.8) and the client-area page `pnslist` (§3.26).

WHMCS sends the full host name (`nameserver` = prefix + "." + domain). It must lie under the domain of the
call and every IP must be an IPv4 or IPv6 address; both are checked before anything is sent. Registry
errors come back as their DESCRIPTION, as in 5.1.12. The adapters (app/backends/*/zone.py) make the host
objects.
"""

from __future__ import annotations

from app.contract.payloads import Result
from app.errors import InvalidInput
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.page import template
from app.registry.zone import GlueHost


def glue_host(ctx: RegistrarContext, domain: p.DomainName) -> str:
    """`nameserver` in ASCII form; it must be a host strictly below the domain (a glue record)."""
    host = v.hostname(p.text(ctx.params, "nameserver"), field="nameserver", what="nameserver")
    if not host.endswith("." + domain.ace):
        raise InvalidInput(
            f"nameserver {host} is not a host name under {domain.name} (e.g. ns1.{domain.ace})",
            field="nameserver",
        )
    return host


def _ip_param(ctx: RegistrarContext, key: str) -> str:
    """The IP address WHMCS sent under `key`; a bad one is an InvalidInput naming that field."""
    return v.ip_address(p.text(ctx.params, key), field=key, what=key)


async def _written(ctx: RegistrarContext, domain: p.DomainName, done: str) -> Result:
    """After a glue-host change: the activity log gets "<domain>: private nameserver <done>"."""
    ctx.activity(f"{domain.name}: private nameserver {done}")
    return array({"success": "success"})


@operation("RegisterNameserver")
async def register_nameserver(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    host = glue_host(ctx, domain)
    ip = _ip_param(ctx, "ipaddress")
    await ctx.registry.zone.add_host(host, [ip])
    return await _written(ctx, domain, f"{host} ({ip}) registered")


@operation("ModifyNameserver")
async def modify_nameserver(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    host = glue_host(ctx, domain)
    current = _ip_param(ctx, "currentipaddress")
    new = _ip_param(ctx, "newipaddress")
    if current == new:
        return array({"success": "success"})  # nothing to change; the registry would refuse a repeated IP
    await ctx.registry.zone.change_host_ip(host, current, new)
    return await _written(ctx, domain, f"{host} changed from {current} to {new}")


@operation("DeleteNameserver")
async def delete_nameserver(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    host = glue_host(ctx, domain)
    await ctx.registry.zone.delete_host(host)
    return await _written(ctx, domain, f"{host} deleted")


def glue_rows(hosts: list[GlueHost], domain: p.DomainName) -> list[dict[str, object]]:
    """The hosts below the domain (the private nameservers), as the page lists them."""
    rows: list[dict[str, object]] = []
    for host in hosts:
        name = host.name.lower().rstrip(".")
        if name.endswith("." + domain.ace):
            rows.append({"hostname": name, "ips": list(host.ips)})
    return rows


@operation("pnslist")
async def pnslist(ctx: RegistrarContext) -> Result:
    """The private nameservers registered under the domain, with their IPs."""
    domain = p.domain(ctx.params)
    hosts = await ctx.registry.zone.glue_hosts(domain.ace)
    return template("pnslist", {"domainname": domain.name, "hosts": glue_rows(hosts, domain)})
