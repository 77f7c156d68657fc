"""ID protection (WHOISTRUSTEE) and the free registry WHOIS privacy of .ca, .se and .nz
(docs/module-behaviour.md §3.14, docs/module-behaviour.md §3.26, §9.4; product documentation "WHOIS Privacy
Management" and "TLD-specific WHOIS Privacy").

* `IDProtectToggle` (admin toggle): the registrar's ID protection on or off from `protectenable` (ISPAPI
  X-ACCEPT-WHOISTRUSTEE-TAC, CNR X-WHOISPRIVACY; app/backends/*/contacts.py).
* Page `whoisprivacy`: shows the ID-protection state; the client may switch it off, and on again only while
  the ID-protection add-on is active in WHMCS (the documentation: once an admin disabled it, only an admin
  re-enables it) - checked here, not only by the button.
* Pages `whoisprivacy_ca` / `_se` / `_nz`: the registry's own privacy for individuals. The parameter and
  its values come from the additional-fields engine (operation WHOISPRIVACY); who may use it is decided
  here, on the server (docs/module-behaviour.md §13.5: 5.1.12 trusted the form): the engine's
  `whois_protectable` rule over the registration values the registry holds (e.g. the .ca legal type), and for
  TLDs without a legal type an organisation as registrant is refused. Through an API without such a
  parameter (CNR: `registry_privacy` of the port is False) the page says so and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any

from app.additional_fields import default_registry
from app.additional_fields.schema import FieldDef, Operation
from app.contract.payloads import Result
from app.errors import InvalidInput, RegistryRejected
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation, operations_by_key
from app.registrar.page import form, template

_WANTED = {"enable": True, "disable": False}
# Registry privacy of these TLDs is for individuals only; without a legal-type rule in the field data, a
# company name on the registrant makes it an organisation (product documentation, .se/.nz).
_ORGANISATION_REFUSED = frozenset({"se", "nz"})
REGISTRY_PRIVACY_TLDS = ("ca", "se", "nz")
NOT_OFFERED = (
    "The .{tld} registry's own WHOIS privacy cannot be switched through {backend}: its API has no setting "
    "for it. The registry applies its default for this registrant."
)


@operation("IDProtectToggle")
async def id_protect_toggle(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    enable = p.flag(ctx.params, "protectenable")
    await ctx.registry.contacts.set_id_protection(domain.ace, enable)
    # 5.1.12's message always said "deactivated" (docs/module-behaviour.md §13.9); this one says what
    # happened.
    message = f"{domain.name}: ID protection {'activated' if enable else 'deactivated'}"
    ctx.activity(message)
    return array({"success": message})


async def _status(ctx: RegistrarContext, domain: p.DomainName) -> Mapping[str, str]:
    """The domain's properties at the registry (first value of each)."""
    return (await ctx.registry.contacts.domain_contacts(domain.ace)).properties


async def _page_change(change: Awaitable[None]) -> str:
    """A change from a page: "" on success, else the registry's text for the page (no exception); an
    unreachable registry still raises."""
    try:
        await change
    except RegistryRejected as exc:
        return exc.description or exc.message
    return ""


def _choice(ctx: RegistrarContext) -> bool | None:
    raw = p.text(form(ctx), "idprotection").lower()
    if not raw:
        return None
    if raw not in _WANTED:
        raise InvalidInput("idprotection must be 'enable' or 'disable'", field="idprotection")
    return _WANTED[raw]


@operation("whoisprivacy")
async def whoisprivacy(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    wanted = _choice(ctx)
    allowed = p.flag(ctx.params, "idprotection")
    error = successful = ""
    if wanted is not None:
        if wanted and not allowed:
            raise InvalidInput(
                "ID protection is not active for this domain; please order the ID protection add-on",
                field="idprotection",
            )
        error = await _page_change(ctx.registry.contacts.set_id_protection(domain.ace, wanted))
        if not error:
            successful = "enabled" if wanted else "disabled"
            ctx.activity(f"{domain.name}: WHOIS privacy {successful} by the client")
    protected = await ctx.registry.contacts.id_protection(domain.ace)
    return template(
        "whoisprivacy",
        {
            "domainname": domain.name,
            "protected": protected,
            "can_enable": allowed,
            "error": error,
            "successful": successful,
        },
    )


# ---- registry privacy (.ca, .se, .nz) --------------------------------------------------------------


def privacy_field(tld: str) -> FieldDef:
    found = default_registry().fields_for(tld, Operation.WHOISPRIVACY)
    if not found or found[0].param is None:
        raise InvalidInput(f".{tld} has no registry WHOIS privacy", field="tld")
    return found[0]


def registration_values(tld: str, status: Mapping[str, str], params: Mapping[str, Any]) -> dict[str, str]:
    """The registration fields of the domain: the registry's values first, WHMCS's stored ones as fallback."""
    stored = params.get("additionalfields")
    stored = stored if isinstance(stored, Mapping) else {}
    values: dict[str, str] = {}
    for f in default_registry().fields_for(tld, Operation.REGISTER):
        from_registry = status.get(f.param, "") if f.param else ""
        values[f.name] = from_registry or p.text(stored, f.name)
    return values


def protectable(tld: str, status: Mapping[str, str], params: Mapping[str, Any]) -> bool:
    if not default_registry().whois_protectable(tld, registration_values(tld, status, params)):
        return False
    return not (tld in _ORGANISATION_REFUSED and p.text(params, "companyname"))


async def registry_privacy_page(ctx: RegistrarContext, tld: str) -> Result:
    domain = p.domain(ctx.params)
    if domain.lower_tld != tld:
        raise InvalidInput(f"this page is for .{tld} domains only", field="tld")
    field = privacy_field(tld)
    if not ctx.registry.contacts.registry_privacy:
        return _not_offered(ctx, domain, tld)
    wanted = _choice(ctx)
    status = await _status(ctx, domain)
    allowed = protectable(tld, status, ctx.params)
    error = successful = ""
    if wanted is not None:
        if not allowed:
            # Refused here, not only hidden by the template (docs/module-behaviour.md §13.5).
            raise RegistryRejected(
                f"The .{tld.upper()} registry offers WHOIS privacy to individuals only; "
                "this registrant is an organisation."
            )
        value = field.checked if wanted else (field.unchecked or "")
        change = ctx.registry.contacts.set_domain_properties(domain.ace, {str(field.param): value})
        error = await _page_change(change)
        if not error:
            successful = "enabled" if wanted else "disabled"
            ctx.activity(f"{domain.name}: registry WHOIS privacy {successful} by the client")
            status = await _status(ctx, domain)
    disclosed = status.get(str(field.param), "").strip()
    return template(
        "whoisprivacy_registry",
        {
            "domainname": domain.name,
            "tld": tld,
            "protectable": allowed,
            # The registries protect individuals unless told to disclose (docs/module-behaviour.md §9.4:
            # truthy DISCLOSE = public).
            "protected": allowed and disclosed != (field.unchecked or "1"),
            "error": error,
            "successful": successful,
        },
    )


def _not_offered(ctx: RegistrarContext, domain: p.DomainName, tld: str) -> Result:
    """The page on a registry API without this registry's privacy switch: it says so, and changes nothing."""
    notice = NOT_OFFERED.format(tld=tld.upper(), backend=ctx.registry.backend.label)
    return template(
        "whoisprivacy_registry",
        {
            "domainname": domain.name,
            "tld": tld,
            "protectable": False,
            "protected": False,
            "unavailable": notice,
            "error": "",
            "successful": "",
        },
    )


operations_by_key({f"whoisprivacy_{tld}": tld for tld in REGISTRY_PRIVACY_TLDS}, registry_privacy_page)
