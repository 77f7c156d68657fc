"""Web Apps in ISPAPI commands (docs/module-behaviour.md §9.5): who may use them, and an app connected to a
zone as a set of records.

A connected app is a set of zone records (pseudo type X-ALIAS-*-WEBAPP plus e.g. a TXT verification token);
its extra values are kept in the account environment `_cp3/config/webapps` under the app id so that
disconnecting removes exactly what was added. The account may use Web Apps when
`GetEnvironment _cp3/config_subuser enable_webapps` says "true" (or "false"), else when it is a direct
customer of the registry (`StatusUser` USER/PARENTUSER).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.backends.replies import call, code_and_description, ensure
from app.backends.rr import split_rr
from app.errors import RegistryRejected
from app.registry import RegistryCaller
from app.registry.zone import WebAppLink

ENV_KEY = "_cp3/config/webapps"
ZONE_MISSING = 545
_DIRECT_CUSTOMER = re.compile(r"^(hexonet(\.(net|ca))?|demo\.hexonet\.net)$")


@dataclass(frozen=True)
class AppRecords:
    add: tuple[str, ...]  # ADDRR templates; <field> placeholders filled from the app's extra values
    delete: tuple[str, ...]  # DELRR patterns removing the app's alias records
    fields: tuple[str, ...] = ()  # form fields of the extra values (stored without their 2-letter prefix)


RECORDS: dict[str, AppRecords] = {
    "gsuite": AppRecords(
        add=("@ IN X-ALIAS-MX-WEBAPP gsuite.webapp.ispapi.net.", '@ IN TXT "<watoken>"'),
        delete=("@ IN X-ALIAS-MX-WEBAPP", "@ IN X-ALIAS-TXT-WEBAPP"),
        fields=("watoken",),
    ),
}


async def allowed(caller: RegistryCaller) -> bool:
    command = {
        "COMMAND": "GetEnvironment",
        "ENVIRONMENTKEY": "_cp3/config_subuser",
        "ENVIRONMENTNAME": "enable_webapps",
        "USEPARENT": 1,
        "LEVEL": 1,
    }
    decided = ensure(await call(caller, command)).first("ENVIRONMENTVALUE").strip().lower()
    if decided in ("true", "false"):
        return decided == "true"
    user = ensure(await call(caller, {"COMMAND": "StatusUser", "RELATIONS": 0}))
    return any(_DIRECT_CUSTOMER.match(user.first(name).lower()) for name in ("PARENTUSER", "USER"))


def connected_apps(lines: Sequence[str]) -> list[str]:
    """App ids of the zone's X-ALIAS-...-WEBAPP records (`gsuite.webapp.ispapi.net.` -> gsuite)."""
    found: list[str] = []
    for line in lines:
        parts = split_rr(line)
        if parts and parts[2].startswith("X-ALIAS-") and parts[2].endswith("-WEBAPP") and parts[3]:
            app = parts[3][0].split(".", 1)[0].lower()
            if app in RECORDS and app not in found:
                found.append(app)
    return found


async def connected(caller: RegistryCaller, zone: str) -> list[str] | None:
    """Connected app ids, None when the zone does not exist yet."""
    reply = await call(caller, {"COMMAND": "QueryDNSZoneRRList", "DNSZONE": zone, "SHORT": 1, "EXTENDED": 1})
    if reply.code == ZONE_MISSING:
        return None
    return connected_apps(ensure(reply).column("RR"))


def _fill(texts: tuple[str, ...], extra: Mapping[str, str]) -> list[str]:
    filled = []
    for text in texts:
        for key, value in extra.items():
            text = text.replace(f"<{key}>", value)
        filled.append(text)
    return filled


async def _stored_extra(caller: RegistryCaller, app: str) -> dict[str, str] | None:
    reply = ensure(
        await call(caller, {"COMMAND": "GetEnvironment", "ENVIRONMENTKEY0": ENV_KEY, "ENVIRONMENTNAME0": app})
    )
    raw = reply.first("ENVIRONMENTVALUE")
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    # Stored without the 2-letter prefix of the form field (watoken -> token), as 5.1.12 did.
    return {name: str(data.get(name[2:], "")) for name in RECORDS[app].fields}


async def _set_stored(caller: RegistryCaller, app: str, value: str | None) -> None:
    command = {"COMMAND": "SetEnvironment", "ENVIRONMENTKEY0": ENV_KEY, "ENVIRONMENTNAME0": app}
    ensure(await call(caller, command if value is None else {**command, "ENVIRONMENTVALUE0": value}))


def _update(zone: str, delete: Sequence[str], add: Sequence[str] = ()) -> dict[str, object]:
    command: dict[str, object] = {"COMMAND": "UpdateDNSZone", "DNSZONE": zone, "EXTENDED": 1}
    command.update({f"DELRR{i}": text for i, text in enumerate(delete)})
    command.update({f"ADDRR{i}": text for i, text in enumerate(add)})
    return command


async def connect(caller: RegistryCaller, zone: str, link: WebAppLink) -> None:
    delete: list[str] = []
    for other in link.replaces:
        # One app per type: a connected one (or this app, connected again) is replaced, not doubled.
        previous = await _stored_extra(caller, other)
        delete.extend(_fill(RECORDS[other].add, previous) if previous else [])
        delete.extend(RECORDS[other].delete)
    reply = await call(caller, _update(zone, delete, _fill(RECORDS[link.app].add, link.extra)))
    ensure(reply, message=lambda r: f"Connecting Web App failed. ({code_and_description(r)})")
    stored = json.dumps({name[2:]: value for name, value in link.extra.items()}, separators=(",", ":"))
    await _set_stored(caller, link.app, stored)


async def disconnect(caller: RegistryCaller, zone: str, app: str) -> None:
    extra = await _stored_extra(caller, app)
    if extra is None:
        raise RegistryRejected("Disconnecting Web App failed. Configuration missing in environment.")
    # The exact records added on connect, plus the alias patterns (nothing of the app stays behind).
    delete = [*_fill(RECORDS[app].add, extra), *RECORDS[app].delete]
    ensure(
        await call(caller, _update(zone, delete)),
        message=lambda r: f"Disconnecting Web App failed. ({code_and_description(r)})",
    )
    await _set_stored(caller, app, None)
