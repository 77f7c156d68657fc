"""Domain contacts: reading them for WHMCS, and turning WHMCS's contact form into ISPAPI inline contacts.

* `GetContactDetails` (docs/module-behaviour.md §6.2): the domain's contact handles, then each contact once
  (registry port, app/registry/contacts.py); returned with the recommended WHMCS label set
  (docs/whmcs.md §1.6). Fixed (docs/module-behaviour.md §13.10): a failed contact read is an error
  instead of an empty form (which, saved, would have blanked the contact).
* `SaveContactDetails` (docs/module-behaviour.md §6.3) lives in `app.registrar.contacts.save` (the
  ModifyDomain/TradeDomain decision); this module parses and validates its input: every field alias WHMCS may
  send, the untransliterated `original` copy, HTML entities decoded, ASCII transliteration for the registries
  that need it (`app.registrar.contacts.transliterate`), phone numbers as +CC.NNNN. Bad data is refused with
  InvalidInput naming the field ("Registrant Phone Number is invalid ...") before any upstream call.
* `ResendIRTPVerificationEmail` (docs/module-behaviour.md §3.19): the registry sends the registrant's
  verification email again (a failure is also written to the activity log).

Errors: InvalidInput (bad contact data), RegistryRejected / UpstreamUnavailable from the registry port.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.additional_fields.countries import COUNTRY_CODES
from app.contract.payloads import Result
from app.errors import InvalidInput, RegistryRejected
from app.numbers import is_whole_number
from app.registrar import params as p
from app.registrar.base import RegistrarContext, array, operation
from app.registrar.contacts.transliterate import NotTransliterable, clean, needs_ascii, to_ascii
from app.registry.contacts import DomainContacts, RegistryContact, Role

# WHMCS tab -> ISPAPI contact role (the domain command's inline prefix is <ROLE>0).
ROLES: dict[str, str] = {
    "Registrant": "OWNERCONTACT",
    "Admin": "ADMINCONTACT",
    "Technical": "TECHCONTACT",
    "Billing": "BILLINGCONTACT",
}
TAB_ROLES: dict[str, Role] = {tab: Role(role) for tab, role in ROLES.items()}
_ROLE_ALIASES = {"owner": "Registrant", "administrative": "Admin", "tech": "Technical"}
# Every label WHMCS may send (docs/whmcs.md §1.6, plus 5.1.12's own) -> our field; first wins per field.
_ALIASES: dict[str, str] = {
    "first name": "FIRSTNAME",
    "firstname": "FIRSTNAME",
    "last name": "LASTNAME",
    "lastname": "LASTNAME",
    "full name": "FULLNAME",
    "contact name": "FULLNAME",
    "company name": "ORGANIZATION",
    "organisation name": "ORGANIZATION",
    "organization name": "ORGANIZATION",
    "organization": "ORGANIZATION",
    "companyname": "ORGANIZATION",
    "address": "STREET",
    "address 1": "STREET",
    "address1": "STREET",
    "street": "STREET",
    "street 1": "STREET",
    "address 2": "STREET2",
    "address2": "STREET2",
    "street 2": "STREET2",
    "city": "CITY",
    "state": "STATE",
    "county": "STATE",
    "region": "STATE",
    "postcode": "ZIP",
    "zip code": "ZIP",
    "zip": "ZIP",
    "postal code": "ZIP",
    "country": "COUNTRY",
    "country code": "COUNTRY",
    "phone": "PHONE",
    "phone number": "PHONE",
    "phonenumber": "PHONE",
    "phone country code": "PHONECC",
    "fax": "FAX",
    "fax number": "FAX",
    "email": "EMAIL",
    "email address": "EMAIL",
}
# The label WHMCS shows (and we name in messages) per field: the recommended output set (docs/whmcs.md §1.6).
LABELS: dict[str, str] = {
    "FIRSTNAME": "First Name",
    "LASTNAME": "Last Name",
    "ORGANIZATION": "Company Name",
    "EMAIL": "Email Address",
    "STREET": "Address 1",
    "STREET2": "Address 2",
    "CITY": "City",
    "STATE": "State",
    "ZIP": "Postcode",
    "COUNTRY": "Country",
    "PHONE": "Phone Number",
    "FAX": "Fax Number",
}
REQUIRED = ("FIRSTNAME", "LASTNAME", "STREET", "CITY", "ZIP", "COUNTRY", "PHONE", "EMAIL")
NAME_FIELDS = ("FIRSTNAME", "LASTNAME", "ORGANIZATION")
# IRTP "material change" (ICANN policy; also what makes a ccTLD owner change a trade).
MATERIAL_FIELDS = ("FIRSTNAME", "LASTNAME", "ORGANIZATION", "EMAIL")
# Registries where the registrant's name/organisation cannot change through a contact update: hidden in
# GetContactDetails, kept from the current registrant on save; owner changes use the Change-of-Registrant
# pages (docs/module-behaviour.md §6.2, §6.3 step 6, §6.4).
NAME_LOCKED_TLDS = frozenset({"ca", "it", "ch", "li", "se", "sg"})
STREET_JOIN = " , "  # 5.1.12's separator of address lines inside one STREET (docs/module-behaviour.md §6.1)
MAX_LENGTH = 255

_EMAIL = re.compile(
    r"^[^@\s\"<>,;]+@[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff.-]*)\.[^\W\d_]{2,63}$"
)
_PHONE_DONE = re.compile(r"^\+(\d{1,3})\.(\d{4,14})$")
_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# ITU-T E.164 country calling codes are prefix-free: 1 and 7 are one digit, these are two, all others three.
_CC_TWO_DIGITS = frozenset(
    "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 "
    "60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split()
)
# Countries whose national numbers keep the leading 0 after the country code (Italy, San Marino, Vatican).
_KEEP_TRUNK_ZERO = frozenset({"39", "378", "379"})
_COUNTRY_ALIASES = {"UK": "GB"}
# .ca registry province code for Yukon (docs/module-behaviour.md §6.3 step 5): WHMCS uses YT.
_STATE_FIXES: dict[str, dict[str, str]] = {"ca": {"YT": "YK"}}


@dataclass(frozen=True)
class ContactInput:
    """One validated WHMCS contact tab as ISPAPI fields (STREET already joined, PHONE as +CC.NNNN)."""

    role: str  # WHMCS tab, e.g. "Registrant"
    fields: dict[str, str]

    def inline(self, prefix: str) -> dict[str, str]:
        """`<prefix><FIELD>` params, empty values left out (an empty value means "unset" to ISPAPI)."""
        return {prefix + key: value for key, value in self.fields.items() if value}


def _field_name(role: str, key: str) -> str:
    return f"contactdetails[{role}][{LABELS.get(key, key)}]"


def _bad(role: str, key: str, why: str) -> InvalidInput:
    return InvalidInput(f"{role} {LABELS.get(key, key)} {why}", field=_field_name(role, key))


def _checked(value: str, *, name: str, field: str, tld: str, ascii_only: bool) -> str:
    """`value` without control characters, not too long, in ASCII where the registry needs it;
    otherwise InvalidInput("<name> ...") naming `field`."""
    if _CONTROL.search(value):
        raise InvalidInput(f"{name} contains a line break or control character", field=field)
    if len(value) > MAX_LENGTH:
        raise InvalidInput(f"{name} is longer than {MAX_LENGTH} characters", field=field)
    if not ascii_only:
        return value
    try:
        return to_ascii(value)
    except NotTransliterable as exc:
        raise InvalidInput(
            f"{name} contains {exc.character!r}, which the .{tld} registry cannot take "
            "(contact data there must be written in Latin letters)",
            field=field,
        ) from exc


def _valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


def _country(value: str) -> str | None:
    """The ISO 3166 code (UK -> GB), None when `value` is no country code."""
    code = value.upper()
    code = _COUNTRY_ALIASES.get(code, code)
    return code if code in COUNTRY_CODES else None


def calling_code(digits: str) -> str:
    """The country calling code at the start of an international number (digits only)."""
    if digits[:1] in {"1", "7"}:
        return digits[:1]
    if digits[:2] in _CC_TWO_DIGITS:
        return digits[:2]
    return digits[:3]


def normalise_phone(raw: str, *, country_code: str = "") -> str | None:
    """A phone number in ISPAPI form `+CC.NNNN`, or None when it cannot be one.

    Accepts `+CC.NNNN`, `+CC NNN NNN`, `+CCNNNNNN`, `00CC ...`, `+49 (0)221 ...`, and national numbers
    (`0221 1234567`) when `country_code` (WHMCS `Phone Country Code` / `phonecc`) is known.
    """
    value = raw.strip()
    if _PHONE_DONE.match(value):
        return value
    value = value.replace("(0)", "")
    if value.startswith("00"):
        value = "+" + value[2:]
    cc_digits = re.sub(r"\D", "", country_code)
    if value.startswith("+"):
        head = re.match(r"^\+(\d{1,3})[\s.\-/(]", value)
        digits = _PHONE_SEPARATORS.sub("", value[1:])
        if not is_whole_number(digits):
            return None
        cc = head.group(1) if head else (cc_digits if cc_digits and digits.startswith(cc_digits) else "")
        cc = cc or calling_code(digits)
        national = digits[len(cc) :]
    else:
        digits = _PHONE_SEPARATORS.sub("", value)
        if not is_whole_number(digits) or not cc_digits:
            return None
        cc = cc_digits
        national = digits if cc in _KEEP_TRUNK_ZERO else digits.lstrip("0")
    if not 4 <= len(national) <= 14 or len(cc) + len(national) > 15:
        return None
    return f"+{cc}.{national}"


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _role_name(raw: str) -> str | None:
    name = raw.strip()
    if name in ROLES:
        return name
    return _ROLE_ALIASES.get(name.lower()) or next((r for r in ROLES if r.lower() == name.lower()), None)


def submitted_contacts(params: p.Params) -> dict[str, Mapping[str, Any]]:
    """`contactdetails` per WHMCS tab: the untransliterated `original` copy of a tab when it has one
    (docs/module-behaviour.md §6.3 step 5, §6.6), else the (possibly transliterated) params copy."""
    primary = _mapping(params.get("contactdetails"))
    original = _mapping(_mapping(params.get("original")).get("contactdetails"))
    tabs: dict[str, Mapping[str, Any]] = {}
    for source in (primary, original):
        for raw_role, block in source.items():
            role = _role_name(str(raw_role))
            block = _mapping(block)
            if role is None or not block:
                continue
            if source is original and not any(_ALIASES.get(str(k).lower()) == "FIRSTNAME" for k in block):
                continue  # a partial original copy: keep the complete one
            tabs[role] = block
    return tabs


def _raw_fields(block: Mapping[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for label, value in block.items():
        key = _ALIASES.get(str(label).strip().lower())
        if key is None or key in found and found[key]:
            continue  # unknown labels are ignored (WHMCS adds its own extras, docs/whmcs.md §1.6)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            found[key] = clean(str(value))
        elif value is None:
            found.setdefault(key, "")
    return found


def parse_contact(
    role: str,
    block: Mapping[str, Any],
    *,
    tld: str,
    phonecc: str = "",
    names_optional: bool = False,
) -> ContactInput:
    """Validate one WHMCS contact tab for a domain under `tld` (ACE, no dot); InvalidInput names the field.

    `names_optional`: the registrant of a name-locked TLD (its name fields are not on the form).
    """
    raw = _raw_fields(block)
    if not raw.get("FIRSTNAME") and not raw.get("LASTNAME") and raw.get("FULLNAME"):
        first, _, last = raw["FULLNAME"].partition(" ")
        raw["FIRSTNAME"], raw["LASTNAME"] = first, last.strip() or first
    ascii_only = needs_ascii(tld)
    fields = {
        key: _checked(
            raw.get(key, ""),
            name=f"{role} {LABELS.get(key, key)}",
            field=_field_name(role, key),
            tld=tld,
            ascii_only=ascii_only and key != "PHONECC",
        )
        for key in (*LABELS, "PHONECC")
    }
    for key in REQUIRED:
        if names_optional and key in NAME_FIELDS:
            continue
        if not fields[key]:
            raise _bad(role, key, "is required")
    if not _valid_email(fields["EMAIL"]):
        raise _bad(role, "EMAIL", f"is invalid: {fields['EMAIL'][:80]!r}")
    country = _country(fields["COUNTRY"])
    if country is None:
        raise _bad(role, "COUNTRY", f"is invalid: {fields['COUNTRY'][:20]!r} is not an ISO 3166 country code")
    fields["COUNTRY"] = country
    cc = fields.pop("PHONECC") or phonecc
    phone = normalise_phone(fields["PHONE"], country_code=cc)
    if phone is None:
        raise _bad(
            role, "PHONE", f"is invalid: {fields['PHONE'][:40]!r} (expected +CC.NUMBER, e.g. +49.2211234567)"
        )
    fields["PHONE"] = phone
    if fields["FAX"]:
        fax = normalise_phone(fields["FAX"], country_code=cc)
        if fax is None:
            raise _bad(role, "FAX", f"is invalid: {fields['FAX'][:40]!r} (expected +CC.NUMBER)")
        fields["FAX"] = fax
    fields["STATE"] = _STATE_FIXES.get(tld, {}).get(fields["STATE"].upper(), fields["STATE"])
    street2 = fields.pop("STREET2")
    if street2:
        fields["STREET"] = f"{fields['STREET']}{STREET_JOIN}{street2}"
    return ContactInput(role=role, fields=fields)


def parse_contacts(params: p.Params, *, tld: str) -> dict[str, ContactInput]:
    """Every submitted tab validated (InvalidInput before any upstream call); at least the registrant."""
    tabs = submitted_contacts(params)
    if "Registrant" not in tabs:
        raise InvalidInput("contactdetails[Registrant] is missing", field="contactdetails[Registrant]")
    locked = tld in NAME_LOCKED_TLDS
    parsed = {}
    for role, block in tabs.items():
        phonecc = p.text(params, "phonecc" if role == "Registrant" else "adminphonecc")
        parsed[role] = parse_contact(
            role, block, tld=tld, phonecc=phonecc, names_optional=locked and role == "Registrant"
        )
    return parsed


# ---------------------------------------------------------------- contacts of an order (register/transfer)


def _order_phone(params: p.Params, source: p.Params, *, prefix: str) -> str:
    """`<prefix>phonenumber` as +CC.NNNN (the SaveContactDetails normaliser); "" when none was given.

    WHMCS sends the number as typed plus the calling code (`phonecc`) and, for the client, the formatted
    `fullphonenumber` (docs/whmcs.md §1.2); the typed number wins, the formatted one is the fallback."""
    field = prefix + "phonenumber"
    raw = p.text(source, field)
    if not raw:
        return ""
    cc = p.text(source, prefix + "phonecc") or p.text(params, prefix + "phonecc")
    full = p.text(source, prefix + "fullphonenumber") or p.text(params, prefix + "fullphonenumber")
    phone = normalise_phone(raw, country_code=cc) or (normalise_phone(full) if full else None)
    if phone is None:
        raise InvalidInput(
            f"{field} is invalid: {raw[:40]!r} (expected +CC.NUMBER, e.g. +49.2211234567)", field=field
        )
    return phone


def order_contact(params: p.Params, *, prefix: str, tld: str) -> dict[str, str]:
    """The registrant (`prefix=""`) or admin (`prefix="admin"`) contact of RegisterDomain / TransferDomain
    (and the post-transfer contact update) as ISPAPI inline fields.

    The same treatment as SaveContactDetails (product documentation "Transliteration": registrations,
    transfers and contact updates alike): the untransliterated `original` copy, HTML entities decoded,
    ASCII for the registries that need it, the phone number as +CC.NNNN. Names and email are required;
    anything malformed is InvalidInput naming the WHMCS param, before any upstream call. 5.1.12 passed
    the phone number as typed (docs/module-behaviour.md §6.1), which registries refuse unless it is +CC.NNNN.
    """
    source = p.contact_source(params)
    ascii_only = needs_ascii(tld)
    raw = p.inline_contact(source, prefix=prefix)
    contact: dict[str, str] = {}
    for key, value in raw.items():
        field = prefix + p.CONTACT_PARAMS[key]
        contact[key] = (
            value
            if key == "PHONE"
            else _checked(clean(value), name=field, field=field, tld=tld, ascii_only=ascii_only)
        )
    for key in ("FIRSTNAME", "LASTNAME", "EMAIL"):
        if not contact[key]:
            field = prefix + p.CONTACT_PARAMS[key]
            raise InvalidInput(f"{field} is required for the domain contacts", field=field)
    if not _valid_email(contact["EMAIL"]):
        field = prefix + "email"
        raise InvalidInput(f"{field} is invalid: {contact['EMAIL'][:80]!r}", field=field)
    if contact["COUNTRY"]:
        country = _country(contact["COUNTRY"])
        if country is None:
            field = prefix + "country"
            raise InvalidInput(
                f"{field} is invalid: {contact['COUNTRY'][:20]!r} is not an ISO 3166 country code",
                field=field,
            )
        contact["COUNTRY"] = country
    contact["PHONE"] = _order_phone(params, source, prefix=prefix)
    return contact


def order_contact_params(
    params: p.Params, *, tld: str, roles: tuple[str, ...] = p.CONTACT_ROLES
) -> dict[str, str]:
    """Flattened `<ROLE>CONTACT0<FIELD>` params: owner from the client fields, the rest from admin*
    (docs/module-behaviour.md §3.5)."""
    owner = order_contact(params, prefix="", tld=tld)
    admin = order_contact(params, prefix="admin", tld=tld)
    flat: dict[str, str] = {}
    for role in roles:
        data = owner if role == "OWNERCONTACT0" else admin
        flat.update({role + key: value for key, value in data.items()})
    return flat


# ---------------------------------------------------------------- reading contacts back


def split_street(lines: list[str]) -> tuple[str, str]:
    """Address 1 / Address 2 from StatusContact STREET lines (a single line split at " , ",
    docs/module-behaviour.md §6.1)."""
    lines = [line for line in lines if line]
    if not lines:
        return "", ""
    if len(lines) > 1:
        return lines[0], lines[1]
    first, sep, rest = lines[0].partition(STREET_JOIN)
    return (first, rest) if sep else (lines[0], "")


def whmcs_contact(contact: RegistryContact) -> dict[str, str]:
    """A registry contact as the recommended WHMCS label set (docs/whmcs.md §1.6)."""
    address1, address2 = split_street(list(contact.street))
    values = {key: contact.fields.get(key, "") for key in LABELS}
    values.update({"STREET": address1, "STREET2": address2})
    return {LABELS[key]: value for key, value in values.items()}


async def domain_contacts(
    ctx: RegistrarContext, domain: p.DomainName
) -> tuple[DomainContacts, dict[str, str]]:
    """The domain's contacts at the registry and the handle of each WHMCS tab present."""
    found = await ctx.registry.contacts.domain_contacts(domain.ace)
    handles = {tab: found.handles[role] for tab, role in TAB_ROLES.items() if found.handles.get(role)}
    return found, handles


async def contact_of(ctx: RegistrarContext, handle: str) -> RegistryContact:
    """The registry's contact (fixed docs/module-behaviour.md §13.10: a failed read is an error)."""
    return await ctx.registry.contacts.contact(handle)


def tld_of(domain: p.DomainName) -> str:
    """The ACE TLD (all labels after the second-level label): `co.uk`, `xn--p1ai`."""
    return domain.ace.split(".", 1)[1] if "." in domain.ace else domain.ace


@operation("GetContactDetails")
async def get_contact_details(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    tld = tld_of(domain)
    _status, handles = await domain_contacts(ctx, domain)
    memo: dict[str, dict[str, str]] = {}
    details: dict[str, dict[str, str]] = {}
    for tab, handle in handles.items():
        if handle not in memo:
            memo[handle] = whmcs_contact(await contact_of(ctx, handle))
        details[tab] = dict(memo[handle])
    if "Registrant" in details and tld in NAME_LOCKED_TLDS:
        for key in NAME_FIELDS:
            details["Registrant"].pop(LABELS[key], None)
    return array(details)


@operation("ResendIRTPVerificationEmail")
async def resend_irtp_verification_email(ctx: RegistrarContext) -> Result:
    domain = p.domain(ctx.params)
    try:
        await ctx.registry.contacts.resend_registrant_verification(domain.ace)
    except RegistryRejected as exc:
        why = exc.description or exc.message
        ctx.activity(f"{domain.name}: Resending the registrant verification email failed ({why}).")
        raise
    ctx.activity(f"{domain.name}: Registrant verification email resent.")
    return array({"success": True})
