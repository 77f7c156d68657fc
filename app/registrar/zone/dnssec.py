"""The client-area page `dnssec` (docs/module-behaviour.md §9.3; offered when the DNSSEC setting is on).

Display: `StatusDomain` -> SECDNS-DS (keytag alg digesttype digest), SECDNS-KEY (flags protocol alg
pubkey), SECDNS-MAXSIGLIFE. Submit (`submit`, `MAXSIGLIFE`, `SECDNS-DS[i][...]`, `SECDNS-KEY[i][...]`): every
filled row is validated first (validators.ds_record / dnskey); an invalid form is shown again with the
message and nothing is sent. Then one `ModifyDomain` replaces both lists; an emptied list is sent as
`DELSECDNS-*` of the current records - for DNSKEY too, which 5.1.12 could not do
(docs/module-behaviour.md §13.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.api.envelope import Result
from app.errors import InvalidInput
from app.ispapi import Response
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, operation
from app.registrar.page import form, template
from app.registrar.replies import answered, ensure, send
from app.registrar.zone.dns import items

DS_FIELDS = ("keytag", "alg", "digesttype", "digest")
KEY_FIELDS = ("flags", "protocol", "alg", "pubkey")
_KINDS = {"DS": DS_FIELDS, "KEY": KEY_FIELDS}


def split_rows(values: list[str], names: tuple[str, ...]) -> list[dict[str, str]]:
    """`"12345 8 2 ABCD..."` -> {keytag: ..., ...}; empty entries dropped (5.1.12 removed them too)."""
    rows = []
    for value in values:
        parts = value.split(None, len(names) - 1)
        if parts:
            rows.append(dict(zip(names, parts + [""] * (len(names) - len(parts)), strict=True)))
    return rows


def submitted_rows(values: Mapping[str, Any], kind: str) -> list[dict[str, str]]:
    """The form rows of `SECDNS-<kind>` with at least one filled field, as texts."""
    names = _KINDS[kind]
    rows = []
    for row in items(values.get(f"SECDNS-{kind}")):
        if isinstance(row, Mapping):
            texts = {name: p.text(row, name) for name in names}
            if any(texts.values()):
                rows.append(texts)
    return rows


def validated(values: Mapping[str, Any]) -> tuple[list[str], list[str], str]:
    """DS texts, DNSKEY texts and maxSigLife of the form; InvalidInput names the first bad field."""
    ds = [
        v.ds_record(r["keytag"], r["alg"], r["digesttype"], r["digest"], field=f"SECDNS-DS[{i}]").text()
        for i, r in enumerate(submitted_rows(values, "DS"))
    ]
    keys = [
        v.dnskey(r["flags"], r["protocol"], r["alg"], r["pubkey"], field=f"SECDNS-KEY[{i}]").text()
        for i, r in enumerate(submitted_rows(values, "KEY"))
    ]
    raw_life = p.text(values, "MAXSIGLIFE")
    life = ""
    if raw_life:
        life = str(v.number(raw_life, field="MAXSIGLIFE", what="maxSigLife", low=1, high=v.MAX_SIGLIFE))
    return ds, keys, life


def change_command(
    domain: p.DomainName, ds: list[str], keys: list[str], life: str, current: Response
) -> dict[str, object]:
    command: dict[str, object] = {"COMMAND": "ModifyDomain", "DOMAIN": domain.ace}
    for kind, wanted in (("DS", ds), ("KEY", keys)):
        existing = [x for x in current.column(f"SECDNS-{kind}") if x.strip()]
        if wanted:
            command.update({f"SECDNS-{kind}{i}": text for i, text in enumerate(wanted)})
        else:
            command.update({f"DELSECDNS-{kind}{i}": text for i, text in enumerate(existing)})
    if life:
        command["SECDNS-MAXSIGLIFE"] = life
    return command


def page_vars(
    domain: p.DomainName, ds: list[dict[str, str]], keys: list[dict[str, str]], life: str
) -> dict[str, Any]:
    return {
        "domainname": domain.name,
        "secdnsds": ds,
        "secdnskey": keys,
        "maxsiglife": life,
        "error": "",
        "successful": "",
    }


def _shown(status: Response, domain: p.DomainName) -> dict[str, Any]:
    return page_vars(
        domain,
        split_rows(status.column("SECDNS-DS"), DS_FIELDS),
        split_rows([k for k in status.column("SECDNS-KEY") if k.strip()], KEY_FIELDS),
        status.first("SECDNS-MAXSIGLIFE"),
    )


@operation("dnssec")
async def dnssec(ctx: RegistrarContext) -> Result:
    if not ctx.config.dnssec:
        raise InvalidInput(
            "DNSSEC management is not offered (registrar setting DNSSEC is off)", field="DNSSEC"
        )
    domain = p.domain(ctx.params)
    values = form(ctx)
    status_command = {"COMMAND": "StatusDomain", "DOMAIN": domain.ace}
    if not p.text(values, "submit"):
        return template("dnssec", _shown(ensure(await send(ctx, status_command)), domain))
    try:
        ds, keys, life = validated(values)
    except InvalidInput as exc:
        # Shown with the form as the client filled it; nothing was sent anywhere.
        shown = page_vars(
            domain,
            submitted_rows(values, "DS"),
            submitted_rows(values, "KEY"),
            p.text(values, "MAXSIGLIFE"),
        )
        shown["error"] = exc.message
        shown["error_field"] = exc.field or ""
        return template("dnssec", shown)
    current = ensure(await send(ctx, status_command))
    reply = await send(ctx, change_command(domain, ds, keys, life, current))
    error = ""
    if not reply.is_success:
        answered(reply)
        error = reply.description
    else:
        ctx.activity(f"{domain.name}: DNSSEC updated ({len(ds)} DS, {len(keys)} DNSKEY)")
    shown = _shown(ensure(await send(ctx, status_command)), domain)
    shown["error"] = error
    shown["successful"] = "" if error else reply.description
    return template("dnssec", shown)
