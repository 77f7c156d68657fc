"""The client-area page `webapps` (docs/module-behaviour.md §9.5): connect Web Apps (G Suite) to a domain's
DNS zone.

Offered when the WebApps setting is on, the domain has DNS management, and the registry account may use
Web Apps (the adapter asks; a registry without the service says so plainly).

Page flow (request `subaction`, `webapp`): overview -> `connect` form -> `doconnect` -> overview;
`disconnect` confirmation -> `dodisconnect` -> overview. What a connected app is at the registry (zone
records, stored extra values) is the adapter's (app/backends/ispapi/webapps.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.contract.payloads import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, operation
from app.registrar.page import form, template
from app.registry.zone import WebAppLink

_TOKEN = re.compile(r"^[A-Za-z0-9_=:.+/-]{8,255}$")
SUBACTIONS = ("", "connect", "doconnect", "disconnect", "dodisconnect")


@dataclass(frozen=True)
class WebApp:
    id: str
    name: str
    type: str  # apps of one type exclude each other (one mail provider per domain)
    extra: tuple[tuple[str, str], ...] = ()  # (form field, label)


# 5.1.12 ships 25 definitions but offers only G Suite (docs/module-behaviour.md §9.5); so do we.
APPS: dict[str, WebApp] = {
    "gsuite": WebApp(id="gsuite", name="G Suite", type="email", extra=(("watoken", "Verification token"),)),
}


def _extra(ctx: RegistrarContext, app: WebApp) -> dict[str, str]:
    values = form(ctx)
    extra: dict[str, str] = {}
    for name, label in app.extra:
        value = v.plain(p.text(values, name), field=name, what=label)
        if not _TOKEN.match(value):
            raise InvalidInput(f"{label} must be 8 to 255 letters, digits or =:._+/- characters", field=name)
        extra[name] = value
    return extra


async def _connect(
    ctx: RegistrarContext, domain: p.DomainName, app: WebApp, connected: list[str] | None
) -> None:
    extra = _extra(ctx, app)
    if not p.flag(ctx.params, "dnsmanagement"):
        raise InvalidInput("Web Apps need the DNS management add-on for this domain", field="dnsmanagement")
    # One app per type: a connected one (or this app, connected again) is replaced, not doubled.
    replaces = tuple(other for other in connected or [] if APPS[other].type == app.type)
    link = WebAppLink(app.id, extra, replaces)
    await ctx.registry.zone.connect_web_app(domain.ace, link, create_zone=connected is None)
    ctx.activity(f"{domain.name}: Web App {app.name} connected")


async def _disconnect(ctx: RegistrarContext, domain: p.DomainName, app: WebApp) -> None:
    await ctx.registry.zone.disconnect_web_app(domain.ace, app.id)
    ctx.activity(f"{domain.name}: Web App {app.name} disconnected")


def _apps_view(connected: list[str]) -> list[dict[str, object]]:
    return [
        {
            "id": app.id,
            "name": app.name,
            "connected": app.id in connected,
            "extra": [{"name": n, "label": label} for n, label in app.extra],
        }
        for app in APPS.values()
    ]


@operation("webapps")
async def webapps(ctx: RegistrarContext) -> Result:
    if not ctx.config.web_apps:
        raise InvalidInput("Web Apps are not offered (registrar setting WebApps is off)", field="WebApps")
    domain = p.domain(ctx.params)
    values = form(ctx)
    subaction = p.text(values, "subaction").lower()
    app_id = p.text(values, "webapp").lower()
    if subaction not in SUBACTIONS or (subaction and app_id not in APPS):
        raise InvalidInput("Invalid access.", field="subaction")
    zone = ctx.registry.zone
    if not await zone.web_apps_allowed():
        raise RegistryRejected("Web Apps are not available for this reseller account.")
    app = APPS.get(app_id)
    connected = await zone.connected_web_apps(domain.ace)
    successful = ""
    if subaction == "doconnect" and app is not None:
        await _connect(ctx, domain, app, connected)
        successful, subaction = f"{app.name} connected", ""
    elif subaction == "dodisconnect" and app is not None:
        if not connected or app.id not in connected:
            raise InvalidInput(f"{app.name} is not connected to {domain.name}", field="webapp")
        await _disconnect(ctx, domain, app)
        successful, subaction = f"{app.name} disconnected", ""
    if successful:
        connected = await zone.connected_web_apps(domain.ace)
    return template(
        "webapps",
        {
            "domainname": domain.name,
            "view": subaction or "overview",
            "webapp": app_id if subaction else "",
            "apps": _apps_view(connected or []),
            "dnszone_missing": connected is None,
            "dnsmanagement": p.flag(ctx.params, "dnsmanagement"),
            "successful": successful,
        },
    )
