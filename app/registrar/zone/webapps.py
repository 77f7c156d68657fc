"""The client-area page `webapps` (docs/module-behaviour.md §9.5): connect Web Apps (G Suite) to a domain's
DNS zone.

Offered when the WebApps setting is on, the domain has DNS management, and the reseller account may use
Web Apps: `GetEnvironment _cp3/config_subuser enable_webapps` ("true"/"false") decides, else direct
customers of the registry are allowed (`StatusUser` USER/PARENTUSER).

Page flow (request `subaction`, `webapp`): overview -> `connect` form -> `doconnect` -> overview;
`disconnect` confirmation -> `dodisconnect` -> overview. A connected app is a set of zone records (pseudo
type X-ALIAS-*-WEBAPP plus e.g. a TXT verification token); its extra data is kept in the account
environment `_cp3/config/webapps` under the app id so that disconnecting removes exactly what was added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app.api.envelope import Result
from app.errors import InvalidInput, RegistryRejected
from app.ispapi import Response
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, operation
from app.registrar.page import form, template
from app.registrar.replies import code_and_description, ensure, send
from app.registrar.zone.dns import ZONE_MISSING, split_rr

ENV_KEY = "_cp3/config/webapps"
_DIRECT_CUSTOMER = re.compile(r"^(hexonet(\.(net|ca))?|demo\.hexonet\.net)$")
_TOKEN = re.compile(r"^[A-Za-z0-9_=:.+/-]{8,255}$")
SUBACTIONS = ("", "connect", "doconnect", "disconnect", "dodisconnect")


@dataclass(frozen=True)
class WebApp:
    id: str
    name: str
    type: str  # apps of one type exclude each other (one mail provider per domain)
    add: tuple[str, ...]  # ADDRR templates; <extra> placeholders filled from the app's extra data
    delete: tuple[str, ...]  # DELRR patterns removing the app's alias records
    extra: tuple[tuple[str, str], ...] = ()  # (form field, label)


# 5.1.12 ships 25 definitions but offers only G Suite (docs/module-behaviour.md §9.5); so do we.
APPS: dict[str, WebApp] = {
    "gsuite": WebApp(
        id="gsuite",
        name="G Suite",
        type="email",
        add=("@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.", '@ IN TXT "<watoken>"'),
        delete=("@ IN X-ALIAS-MX-WEBAPP", "@ IN X-ALIAS-TXT-WEBAPP"),
        extra=(("watoken", "Verification token"),),
    ),
}


async def can_use(ctx: RegistrarContext) -> bool:
    reply = ensure(
        await send(
            ctx,
            {
                "COMMAND": "GetEnvironment",
                "ENVIRONMENTKEY": "_cp3/config_subuser",
                "ENVIRONMENTNAME": "enable_webapps",
                "USEPARENT": 1,
                "LEVEL": 1,
            },
        )
    )
    decided = reply.first("ENVIRONMENTVALUE").strip().lower()
    if decided in ("true", "false"):
        return decided == "true"
    user = ensure(await send(ctx, {"COMMAND": "StatusUser", "RELATIONS": 0}))
    return any(_DIRECT_CUSTOMER.match(user.first(name).lower()) for name in ("PARENTUSER", "USER"))


def connected_apps(reply: Response) -> list[str]:
    """App ids of the zone's X-ALIAS-...-WEBAPP records (`gsuite.webapp.ispapi.net.` -> gsuite)."""
    found: list[str] = []
    for line in reply.column("RR"):
        parts = split_rr(line)
        if parts and parts[2].startswith("X-ALIAS-") and parts[2].endswith("-WEBAPP") and parts[3]:
            app = parts[3][0].split(".", 1)[0].lower()
            if app in APPS and app not in found:
                found.append(app)
    return found


def _fill(texts: tuple[str, ...], extra: dict[str, str]) -> list[str]:
    filled = []
    for text in texts:
        for key, value in extra.items():
            text = text.replace(f"<{key}>", value)
        filled.append(text)
    return filled


async def _zone_state(ctx: RegistrarContext, zone: str) -> list[str] | None:
    """Connected app ids, None when the zone does not exist yet."""
    reply = await send(ctx, {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": zone, "SHORT": 1, "EXTENDED": 1})
    if reply.code == ZONE_MISSING:
        return None
    return connected_apps(ensure(reply))


async def _stored_extra(ctx: RegistrarContext, app: WebApp) -> dict[str, str] | None:
    reply = ensure(
        await send(ctx, {"COMMAND": "GetEnvironment", "ENVIRONMENTKEY0": ENV_KEY, "ENVIRONMENTNAME0": app.id})
    )
    raw = reply.first("ENVIRONMENTVALUE")
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    # Stored without the 2-letter prefix of the form field (watoken -> token), as 5.1.12 did.
    return {name: str(data.get(name[2:], "")) for name, _label in app.extra}


async def _disconnect_records(ctx: RegistrarContext, app: WebApp) -> list[str]:
    extra = await _stored_extra(ctx, app)
    if extra is None:
        raise RegistryRejected("Disconnecting Web App failed. Configuration missing in environment.")
    # The exact records added on connect, plus the alias patterns (nothing of the app stays behind).
    return [*_fill(app.add, extra), *app.delete]


async def _connect(
    ctx: RegistrarContext, domain: p.DomainName, zone: str, app: WebApp, connected: list[str] | None
) -> None:
    values = form(ctx)
    extra: dict[str, str] = {}
    for name, label in app.extra:
        value = v.plain(p.text(values, name), field=name, what=label)
        if not _TOKEN.match(value):
            raise InvalidInput(f"{label} must be 8 to 255 letters, digits or =:._+/- characters", field=name)
        extra[name] = value
    if not p.flag(ctx.params, "dnsmanagement"):
        raise InvalidInput("Web Apps need the DNS management add-on for this domain", field="dnsmanagement")
    if connected is None:
        reply = await send(ctx, {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace, "INTERNALDNS": 1})
        ensure(
            reply,
            message=lambda r: f"Creating DNSZone failed: ({code_and_description(r)})",
        )
        connected = []
    delete: list[str] = []
    for other in connected:
        # One app per type: a connected one (or this app, connected again) is replaced, not doubled.
        if APPS[other].type == app.type:
            previous = await _stored_extra(ctx, APPS[other])
            delete.extend(_fill(APPS[other].add, previous) if previous else [])
            delete.extend(APPS[other].delete)
    command: dict[str, object] = {"COMMAND": "UpdateDNSZone", "DNSZONE": zone, "EXTENDED": 1}
    command.update({f"DELRR{i}": text for i, text in enumerate(delete)})
    command.update({f"ADDRR{i}": text for i, text in enumerate(_fill(app.add, extra))})
    reply = await send(ctx, command)
    ensure(
        reply,
        message=lambda r: f"Connecting Web App failed. ({code_and_description(r)})",
    )
    stored = json.dumps({name[2:]: value for name, value in extra.items()}, separators=(",", ":"))
    ensure(
        await send(
            ctx,
            {
                "COMMAND": "SetEnvironment",
                "ENVIRONMENTKEY0": ENV_KEY,
                "ENVIRONMENTNAME0": app.id,
                "ENVIRONMENTVALUE0": stored,
            },
        ),
    )
    ctx.activity(f"{domain.name}: Web App {app.name} connected")


async def _disconnect(ctx: RegistrarContext, domain: p.DomainName, zone: str, app: WebApp) -> None:
    delete = await _disconnect_records(ctx, app)
    command: dict[str, object] = {"COMMAND": "UpdateDNSZone", "DNSZONE": zone, "EXTENDED": 1}
    command.update({f"DELRR{i}": text for i, text in enumerate(delete)})
    ensure(
        await send(ctx, command),
        message=lambda r: f"Disconnecting Web App failed. ({code_and_description(r)})",
    )
    ensure(
        await send(
            ctx, {"COMMAND": "SetEnvironment", "ENVIRONMENTKEY0": ENV_KEY, "ENVIRONMENTNAME0": app.id}
        ),
    )
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
    zone = domain.ace + "."
    values = form(ctx)
    subaction = p.text(values, "subaction").lower()
    app_id = p.text(values, "webapp").lower()
    if subaction not in SUBACTIONS or (subaction and app_id not in APPS):
        raise InvalidInput("Invalid access.", field="subaction")
    if not await can_use(ctx):
        raise RegistryRejected("Web Apps are not available for this reseller account.")
    app = APPS.get(app_id)
    connected = await _zone_state(ctx, zone)
    successful = ""
    if subaction == "doconnect" and app is not None:
        await _connect(ctx, domain, zone, app, connected)
        successful, subaction = f"{app.name} connected", ""
    elif subaction == "dodisconnect" and app is not None:
        if not connected or app.id not in connected:
            raise InvalidInput(f"{app.name} is not connected to {domain.name}", field="webapp")
        await _disconnect(ctx, domain, zone, app)
        successful, subaction = f"{app.name} disconnected", ""
    if successful:
        connected = await _zone_state(ctx, zone)
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
