"""The client-area page `dnssec` (docs/module-behaviour.md §9.3; offered when the DNSSEC setting is on).

Display: the registry's DS records (keytag alg digesttype digest), DNSKEY records (flags protocol alg
pubkey) and maxSigLife. Submit (`submit`, `MAXSIGLIFE`, `SECDNS-DS[i][...]`, `SECDNS-KEY[i][...]`): every
filled row is validated first (validators.ds_record / dnskey); an invalid form is shown again with the
message and nothing is sent. Then one change replaces both lists; an emptied list removes every record of
its kind - for DNSKEY too, which 5.1.12 could not do (docs/module-behaviour.md §13.5). A registry refusal
is shown on the page with the current state; a registry without a maxSigLife setting says so on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.payloads import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p, validators as v
from app.registrar.base import RegistrarContext, operation
from app.registrar.page import form, template
from app.registrar.zone.dns import items
from app.registry.zone import Dnssec, ZonePort

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


def validated(values: Mapping[str, Any]) -> Dnssec:
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
    return Dnssec(tuple(ds), tuple(keys), life)


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


def _shown(state: Dnssec, domain: p.DomainName) -> dict[str, Any]:
    return page_vars(
        domain,
        split_rows(list(state.ds), DS_FIELDS),
        split_rows(list(state.keys), KEY_FIELDS),
        state.max_sig_life,
    )


def _page(zone: ZonePort, shown: dict[str, Any]) -> Result:
    """The page; where the registry has no maxSigLife setting the template leaves the field out."""
    if not zone.max_sig_life_offered:
        shown["maxsiglife_offered"] = False
    return template("dnssec", shown)


def _form_again(zone: ZonePort, domain: p.DomainName, values: Mapping[str, Any], exc: InvalidInput) -> Result:
    """The form as the client filled it, with the message; nothing was changed anywhere."""
    shown = page_vars(
        domain, submitted_rows(values, "DS"), submitted_rows(values, "KEY"), p.text(values, "MAXSIGLIFE")
    )
    shown["error"] = exc.message
    shown["error_field"] = exc.field or ""
    return _page(zone, shown)


@operation("dnssec")
async def dnssec(ctx: RegistrarContext) -> Result:
    if not ctx.config.dnssec:
        raise InvalidInput(
            "DNSSEC management is not offered (registrar setting DNSSEC is off)", field="DNSSEC"
        )
    domain = p.domain(ctx.params)
    values = form(ctx)
    zone = ctx.registry.zone
    if not p.text(values, "submit"):
        return _page(zone, _shown(await zone.dnssec(domain.ace), domain))
    try:
        wanted = validated(values)
    except InvalidInput as exc:
        return _form_again(zone, domain, values, exc)
    current = await zone.dnssec(domain.ace)
    error = successful = ""
    try:
        successful = await zone.set_dnssec(domain.ace, wanted, current)
    except InvalidInput as exc:  # a setting this registry does not have
        return _form_again(zone, domain, values, exc)
    except RegistryRejected as exc:
        error = exc.description or exc.message
    else:
        ctx.activity(f"{domain.name}: DNSSEC updated ({len(wanted.ds)} DS, {len(wanted.keys)} DNSKEY)")
    shown = _shown(await zone.dnssec(domain.ace), domain)
    shown["error"] = error
    shown["successful"] = successful
    return _page(zone, shown)
