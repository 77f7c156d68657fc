"""Change-of-Registrant client-area pages (docs/module-behaviour.md §6.4): `registrantmodification_it`,
`_tld`, `_ca`.

Each page shows the current registrant (read through the registry port) and the TLD's owner-change fields;
a submitted form (`params.request.post`: `contactdetails[Registrant][...]`, `additionalfields[...]`,
`submit`) is validated like SaveContactDetails (InvalidInput naming the field, shown on the page, before
any upstream call) and sent:

    page                        TLDs                 change   contacts            extra
    registrantmodification_it   .it                  trade    OWNER=ADMIN=posted  sections 3/5/6/7, PIN
    registrantmodification_tld  .ch .li .se .sg .nu  trade    OWNER=ADMIN=posted  .se/.nu: se-checkbox
    registrantmodification_ca   .ca                  update   OWNER=posted        Legal Type

On CNR the posted registrant becomes a contact handle (AddContact) and the TLD's fields travel as the
additional-fields engine names them (app/backends/cnr/contacts.py).

Trade costs are logged as for SaveContactDetails. Vars: `domainname`, `values` (registrant by WHMCS label),
`fields` (additional fields to render), `posted` (submitted field values), `error` or `successful`.
Errors of the registry are shown on the page (vars.error), not raised: the page must stay usable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.additional_fields import Operation, default_registry
from app.contract.payloads import Result, ResultKind
from app.errors import InvalidInput, OperationFailed
from app.registrar import fields, params as p
from app.registrar.base import RegistrarContext, operations_by_key
from app.registrar.contacts import details as c, save as trade
from app.registry.contacts import Role

PAGES: dict[str, frozenset[str]] = {
    "registrantmodification_it": frozenset({"it"}),
    "registrantmodification_tld": frozenset({"ch", "li", "se", "sg", "nu"}),
    "registrantmodification_ca": frozenset({"ca"}),
}
IT_SECTIONS = tuple(f"Accept Section {n} of .IT registrar contract" for n in (3, 5, 6, 7))
IT_SECTIONS_MISSING = "You have to accept the agreement section 3, 5, 6 and 7."
SE_CONFIRM = "Please confirm that you will send the form back to complete the process"
SE_CONFIRM_TLDS = frozenset({"se", "nu"})
WRONG_TLD = "This page is not available for .{tld} domains."
# .ca: fields the page does not offer (5.1.12 hid them) and the one registry property it changes.
CA_HIDDEN = frozenset({"Contact Language", "Trademark Number"})
CA_LEGAL_TYPE = "Legal Type"


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _post(ctx: RegistrarContext) -> Mapping[str, Any]:
    return _mapping(_mapping(ctx.params.get("request")).get("post"))


def _display_fields(tld: str, language: str) -> list[dict[str, Any]]:
    """The additional fields to render: the TLD's trade set (.ca: its legal type only)."""
    op = Operation.REGISTER if tld == "ca" else Operation.TRADE
    entries = default_registry().whmcs_fields(tld, op, language=language)
    shown = [e for e in entries if e.get("Type") and not e.get("Remove")]
    if tld == "ca":
        shown = [e for e in shown if e["Name"] not in CA_HIDDEN]
    for entry in shown:
        options = str(entry.get("Options") or "")
        entry["choices"] = [
            {"value": value, "label": label or value}
            for value, _, label in (item.partition("|") for item in options.split(",") if options)
        ]
    return shown


def _template(name: str, vars_: dict[str, Any]) -> Result:
    return Result(kind=ResultKind.TEMPLATE, value={"templatefile": name, "vars": vars_})


def _ca_legal_type(status_value: str, shown: list[dict[str, Any]]) -> str:
    """Reverse-map the registry's X-CA-LEGALTYPE to the option value the form offers
    (docs/module-behaviour.md §6.4)."""
    for entry in shown:
        if entry["Name"] == CA_LEGAL_TYPE:
            for choice in entry["choices"]:
                if choice["value"].upper() == status_value.upper():
                    return str(choice["value"])
    return status_value


def _check_page_rules(tld: str, extra: Mapping[str, str], post: Mapping[str, Any]) -> None:
    if tld == "it" and not all(extra.get(name, "").strip() for name in IT_SECTIONS):
        raise InvalidInput(IT_SECTIONS_MISSING, field="additionalfields")
    if tld in SE_CONFIRM_TLDS and not p.text(post, "se-checkbox"):
        raise InvalidInput(SE_CONFIRM, field="se-checkbox")


async def _submit(
    ctx: RegistrarContext, domain: p.DomainName, tld: str, post: Mapping[str, Any], extra: dict[str, str]
) -> str:
    """Validate and send the posted change; returns the registry's DESCRIPTION."""
    block = _mapping(_mapping(post.get("contactdetails")).get("Registrant"))
    registrant = c.parse_contact("Registrant", block, tld=tld, phonecc=p.text(post, "phonecc"))
    _check_page_rules(tld, extra, post)
    language = fields.client_language(ctx.params)
    contacts = ctx.registry.contacts
    if tld == "ca":
        values = {CA_LEGAL_TYPE: extra.get(CA_LEGAL_TYPE, ""), "Contact Language": "EN"}
        applied = default_registry().apply(
            "ca",
            Operation.REGISTER,
            values,
            registrant_country=registrant.fields["COUNTRY"],
            language=language,
        )
        legal_type = {k: v for k, v in applied.params.items() if "LEGALTYPE" in k.upper()}
        updated = await contacts.update_contacts(
            domain.ace, {Role.OWNER: registrant.fields}, extensions=legal_type
        )
        ctx.activity(f"{domain.name}: .CA registrant updated.")
        return updated.description
    applied = fields.extension_params(
        ctx, Operation.TRADE, tld=tld, values=extra, registrant_country=registrant.fields["COUNTRY"]
    )
    # the new registrant is also the admin (docs/module-behaviour.md §6.4)
    parsed = {"Registrant": registrant, "Admin": registrant}
    data = trade.contact_data(parsed, applied=applied)
    traded = await contacts.trade(domain.ace, data, extensions=applied.params, update_instead=False)
    assert traded is not None  # update_instead=False: a refusal raises
    await trade.log_trade_cost(ctx, domain, tld)
    ctx.activity(f"{domain.name}: Change of Registrant requested ({traded.description}).")
    return traded.description


async def registrant_page(ctx: RegistrarContext, page: str) -> Result:
    domain = p.domain(ctx.params)
    tld = c.tld_of(domain)
    template = page
    if tld not in PAGES[page]:
        return _template(template, {"domainname": domain.name, "error": WRONG_TLD.format(tld=tld)})
    post = _post(ctx)
    language = fields.client_language(ctx.params)
    shown = _display_fields(tld, language)
    extra = {
        str(k): str(v) for k, v in _mapping(post.get("additionalfields")).items() if isinstance(v, str | int)
    }
    vars_: dict[str, Any] = {"domainname": domain.name, "tld": tld, "fields": shown, "posted": extra}
    if p.text(post, "submit"):
        try:
            vars_["successful"] = await _submit(ctx, domain, tld, post, extra)
        except OperationFailed as exc:
            vars_["error"] = exc.message
    try:
        found, handles = await c.domain_contacts(ctx, domain)
        owner = handles.get("Registrant")
        vars_["values"] = c.whmcs_contact(await c.contact_of(ctx, owner)) if owner else {}
        if tld == "ca":
            legal_type = found.properties.get("X-CA-LEGALTYPE", "")
            vars_["posted"] = {CA_LEGAL_TYPE: _ca_legal_type(legal_type, shown), **extra}
    except OperationFailed as exc:
        vars_.setdefault("error", exc.message)
        vars_["values"] = {}
    vars_["contact"] = contact_rows(vars_["values"], post, keep_posted="error" in vars_)
    return _template(template, vars_)


def contact_rows(
    current: Mapping[str, str], post: Mapping[str, Any], *, keep_posted: bool
) -> list[dict[str, Any]]:
    """The registrant form: one row per WHMCS label; a failed submit shows what was typed again."""
    posted = _mapping(_mapping(post.get("contactdetails")).get("Registrant"))
    rows = []
    for key, label in c.LABELS.items():
        value = (
            posted.get(label)
            if keep_posted and isinstance(posted.get(label), str)
            else current.get(label, "")
        )
        rows.append(
            {
                "label": label,
                "lang_key": "regmod_label_" + label.lower().replace(" ", "_"),
                "value": value or "",
                "required": key in c.REQUIRED,
            }
        )
    return rows


operations_by_key({page: page for page in PAGES}, registrant_page)
