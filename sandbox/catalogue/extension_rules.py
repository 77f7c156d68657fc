"""TLD-specific extension parameters (``X-...``) the sandbox demands, as a table of rules.

Parameter names follow docs/module-behaviour.md §5.5 (right column) with the fixes its notes name: the .com.au
family uses ``X-AU-REGISTRANT-ID-NUMBER`` / ``X-AU-REGISTRANT-ID-TYPE``; .es admin type is
``X-ES-ADMIN-TIPO-IDENTIFICACION``. Which operations require what follows docs/module-behaviour.md §5.4
(register, transfer and trade lists). The .eu citizenship parameter is ``X-EU-REGISTRANT-CITIZENSHIP``
(docs/module-behaviour.md §5.5) and is also accepted as ``X-EU-COUNTRY-OF-CITIZENSHIP``.

One rule = one parameter of some TLDs:

* ``required``: operations in which a missing (absent or empty) value is ``504 Missing required
  attribute; <PARAM>``. ``alternatives`` are other parameters that satisfy the requirement too.
* ``values``: allowed values (compared upper-case); anything else is ``541 Invalid attribute value; <PARAM>``.
* ``pattern``: full-match syntax; anything else is ``505 Invalid attribute value syntax; <PARAM>``.
* ``when``: the rule applies only if another parameter (often an inline contact field such as
  ``OWNERCONTACT0ORGANIZATION``) passes a test: ``in`` / ``not_in`` a value set (``not_in`` only when that
  parameter is given), ``empty`` or ``filled``.

Value and syntax checks apply in every operation (also ``modify``) whenever the parameter is given.
``{CLASS}`` in a parameter name is replaced by the TLD's class (``X-{CLASS}-ACCEPT-HIGHLY-REGULATED-TAC``
-> ``X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC``). Rules are checked in table order; the first problem wins.

Callers pass the flat command parameters. When the registrant is given as a handle (``OWNERCONTACT0=P-...``)
merge its stored fields in as ``OWNERCONTACT0<FIELD>`` first, or the contact-dependent rules cannot tell an
individual from an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sandbox.catalogue.model import ParamProblem

__all__ = ["OPERATIONS", "RULES", "Rule", "When", "check", "rules_by_tld"]

OPERATIONS = frozenset({"register", "transfer", "trade", "modify"})
_REG = frozenset({"register"})
_RT = frozenset({"register", "trade"})
_RX = frozenset({"register", "transfer"})
_RXT = frozenset({"register", "transfer", "trade"})
_NONE: frozenset[str] = frozenset()

MISSING = (504, "Missing required attribute")
SYNTAX = (505, "Invalid attribute value syntax")
INVALID = (541, "Invalid attribute value")


@dataclass(frozen=True, slots=True)
class When:
    """Condition on another parameter."""

    param: str
    test: str  # "in", "not_in", "empty", "filled"
    values: frozenset[str] = frozenset()

    def holds(self, params: Mapping[str, str]) -> bool:
        value = params.get(self.param, "").strip().upper()
        if self.test == "empty":
            return not value
        if self.test == "filled":
            return bool(value)
        if self.test == "in":
            return value in self.values
        return bool(value) and value not in self.values  # "not_in"


@dataclass(frozen=True, slots=True)
class Rule:
    tlds: tuple[str, ...]
    param: str
    required: frozenset[str] = _NONE
    values: frozenset[str] | None = None
    pattern: re.Pattern[str] | None = None
    when: When | None = None
    alternatives: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def for_class(self, tld_class: str) -> Rule:
        if "{CLASS}" not in self.param:
            return self
        return Rule(
            self.tlds,
            self.param.replace("{CLASS}", tld_class),
            self.required,
            self.values,
            self.pattern,
            self.when,
            self.alternatives,
            self.aliases,
        )


def _set(*values: str) -> frozenset[str]:
    return frozenset(v.upper() for v in values)


def _rx(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def _tac(tlds: tuple[str, ...], param: str, required: frozenset[str] = _RXT) -> Rule:
    """A terms-and-conditions tickbox: must be sent as 1."""
    return Rule(tlds, param, required=required, values=_set("1"))


EU_MEMBERS = _set(
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
)
EEA_EXTRA = _set("IS", "LI", "NO")
# Territories of EU members that also qualify (EURid: Åland, Réunion, ...).
EU_TERRITORIES = _set("AX", "GF", "GP", "MQ", "RE", "YT", "MF", "PM", "BL", "TF", "WF", "NC", "PF")
EU_ELIGIBLE = EU_MEMBERS | EEA_EXTRA | EU_TERRITORIES
AFNIC_ELIGIBLE = EU_ELIGIBLE | _set("CH")
CA_LEGAL_TYPES = _set(
    "CCT",
    "CCO",
    "RES",
    "GOV",
    "EDU",
    "ASS",
    "HOP",
    "PRT",
    "TDM",
    "TRD",
    "PLT",
    "LAM",
    "TRS",
    "ABO",
    "INB",
    "LGR",
    "OMK",
    "MAJ",
)
ES_LEGAL_FORMS = _set(
    "1",
    "39",
    "47",
    "59",
    "68",
    "124",
    "150",
    "152",
    "164",
    "181",
    "197",
    "203",
    "229",
    "269",
    "286",
    "365",
    "434",
    "436",
    "439",
    "476",
    "510",
    "524",
    "525",
    "554",
    "560",
    "562",
    "566",
    "608",
    "612",
    "713",
    "717",
    "744",
    "745",
    "746",
    "747",
    "877",
    "878",
    "879",
)
UK_CORPORATE_TYPES = _set(
    "LTD",
    "PLC",
    "PTNR",
    "STRA",
    "LLP",
    "IP",
    "IND",
    "SCH",
    "RCHAR",
    "GOV",
    "CRC",
    "STAT",
    "OTHER",
    "FIND",
    "FCORP",
    "FOTHER",
)
UK_NUMBERED_TYPES = _set("LTD", "PLC", "LLP", "IP", "SCH", "RCHAR")
HK_DOCUMENT_TYPES = _set(
    "HKID", "OTHID", "PASSNO", "BIRTHCERT", "OTHIDV", "BR", "CI", "CRES", "HKSARG", "HKORDINANCE", "OTHORG"
)
HK_INDIVIDUAL_DOCUMENTS = _set("HKID", "OTHID", "PASSNO", "BIRTHCERT", "OTHIDV")
IE_CLASSES = _set(
    "Company",
    "Business Owner",
    "Club",
    "Band",
    "Local Group",
    "School",
    "College",
    "State Agency",
    "Charity",
    "Blogger",
    "Other",
)
JOBS_INDUSTRIES = _set(
    *(
        str(n)
        for n in (2, 3, 21, 5, 4, 12, 6, 7, 13, 19, 10, 11, 15, 16, 17, 18, 20, 9, 26, 22, 14, 23, 8, 24, 25)
    )
)

DATE = _rx(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
COUNTRY = _rx(r"[A-Za-z]{2}")
WEB_OR_MAIL = _rx(r"mailto:[^@\s]+@[^@\s]+\.[^@\s]+|https?://[^\s/]+\.[^\s]+")

AFNIC = ("fr", "pm", "re", "tf", "wf", "yt")
AU = ("com.au", "net.au", "org.au", "asn.au", "id.au")
UK = ("uk", "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "sch.uk")
CN = ("cn", "com.cn", "net.cn", "org.cn")
SG = ("sg", "com.sg", "net.sg", "org.sg", "edu.sg", "per.sg")
HK = ("hk", "xn--j6w193g")
RU = ("ru", "xn--p1ai")
HIGHLY_REGULATED = (
    "abogado",
    "attorney",
    "boats",
    "broker",
    "cat",
    "cfd",
    "dentist",
    "eco",
    "forex",
    "health",
    "homes",
    "id",
    "law",
    "lawyer",
    "makeup",
    "markets",
    "trading",
    "gay",
    "vote",
    "voto",
)
INTENDED_USE = ("barcelona", "cat", "madrid", "quebec", "scot", "sport", "swiss")
ALLOCATION_TOKEN = ("bank", "insurance")

_ORG = "OWNERCONTACT0ORGANIZATION"
_INDIVIDUAL = When(_ORG, "empty")
_ORGANISATION = When(_ORG, "filled")

RULES: tuple[Rule, ...] = (
    # .ca: CIRA legal type, sent on registration and transfer (docs/module-behaviour.md §5.4).
    Rule(("ca",), "X-CA-LEGALTYPE", required=_RX, values=CA_LEGAL_TYPES),
    Rule(("ca",), "X-CA-LANGUAGE", values=_set("EN", "FR")),
    # .us nexus; the validator country is needed for the non-citizen categories C31/C32.
    Rule(("us",), "X-US-NEXUS-APPPURPOSE", required=_RXT, values=_set("P1", "P2", "P3", "P4", "P5")),
    Rule(("us",), "X-US-NEXUS-CATEGORY", required=_RXT, values=_set("C11", "C12", "C21", "C31", "C32")),
    Rule(
        ("us",),
        "X-US-NEXUS-VALIDATOR",
        required=_RXT,
        pattern=COUNTRY,
        when=When("X-US-NEXUS-CATEGORY", "in", _set("C31", "C32")),
    ),
    Rule(("us",), "X-US-NEXUS-VALIDATOR", pattern=COUNTRY),
    # .eu: a registrant outside the EU/EEA needs EU citizenship.
    Rule(
        ("eu",),
        "X-EU-REGISTRANT-CITIZENSHIP",
        required=_RXT,
        values=EU_MEMBERS,
        when=When("OWNERCONTACT0COUNTRY", "not_in", EU_ELIGIBLE),
        aliases=("X-EU-COUNTRY-OF-CITIZENSHIP",),
    ),
    Rule(("eu",), "X-EU-REGISTRANT-CITIZENSHIP", values=EU_MEMBERS, aliases=("X-EU-COUNTRY-OF-CITIZENSHIP",)),
    # .it: the four sections of the registrar contract must be accepted.
    _tac(("it",), "X-IT-ACCEPT-LIABILITY-TAC", _RT),
    _tac(("it",), "X-IT-ACCEPT-REGISTRATION-TAC", _RT),
    _tac(("it",), "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC", _RT),
    _tac(("it",), "X-IT-ACCEPT-EXPLICIT-TAC", _RT),
    Rule(("it",), "X-IT-NATIONALITY", pattern=COUNTRY),
    Rule(("it",), "X-IT-REGISTRANT-ENTITY-TYPE", values=_set("1", "2", "3", "4", "5", "6", "7")),
    # .es: identification of registrant and admin, legal form, terms for individuals (form 1).
    Rule(("es",), "X-ES-REGISTRANT-TIPO-IDENTIFICACION", required=_RT, values=_set("0", "1", "3")),
    Rule(("es",), "X-ES-REGISTRANT-IDENTIFICACION", required=_RT, pattern=_rx(r"[A-Za-z0-9-]{5,20}")),
    Rule(("es",), "X-ES-ADMIN-TIPO-IDENTIFICACION", values=_set("0", "1", "3")),
    Rule(("es",), "X-ES-ADMIN-IDENTIFICACION", required=_REG, pattern=_rx(r"[A-Za-z0-9-]{5,20}")),
    Rule(("es",), "X-ES-REGISTRANT-FORM-JURIDICA", required=_RT, values=ES_LEGAL_FORMS),
    Rule(
        ("es",),
        "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC",
        required=_RT,
        values=_set("1"),
        when=When("X-ES-REGISTRANT-FORM-JURIDICA", "in", _set("1")),
    ),
    # AFNIC (.fr .pm .re .tf .wf .yt): EU/EEA/CH registrants; individuals give birth data, organisations
    # one of the legal identifiers; a JO (associations) declaration needs all four JO fields.
    Rule(AFNIC, "OWNERCONTACT0COUNTRY", values=AFNIC_ELIGIBLE),
    Rule(AFNIC, "X-FR-REGISTRANT-BIRTH-DATE", required=_RT, pattern=DATE, when=_INDIVIDUAL),
    Rule(AFNIC, "X-FR-REGISTRANT-BIRTH-PLACE", required=_RT, when=_INDIVIDUAL),
    Rule(
        AFNIC,
        "X-FR-REGISTRANT-LEGAL-ID",
        required=_RT,
        when=_ORGANISATION,
        pattern=_rx(r"\d{9}|\d{14}|[A-Z]{2}[0-9A-Z]{2,13}"),
        alternatives=(
            "X-FR-REGISTRANT-TRADEMARK-NUMBER",
            "X-FR-REGISTRANT-DUNS-NUMBER",
            "X-FR-REGISTRANT-LOCAL-ID",
            "X-FR-REGISTRANT-JO-DATE-DECLARATION",
        ),
    ),
    Rule(AFNIC, "X-FR-REGISTRANT-LEGAL-ID", pattern=_rx(r"\d{9}|\d{14}|[A-Z]{2}[0-9A-Z]{2,13}")),
    Rule(AFNIC, "X-FR-REGISTRANT-BIRTH-DATE", pattern=DATE),
    Rule(AFNIC, "X-FR-REGISTRANT-DUNS-NUMBER", pattern=_rx(r"\d{9}")),
    Rule(AFNIC, "X-FR-REGISTRANT-JO-DATE-DECLARATION", pattern=DATE),
    *(
        Rule(
            AFNIC,
            f"X-FR-REGISTRANT-JO-{part}",
            required=_RT,
            when=When("X-FR-REGISTRANT-JO-DATE-DECLARATION", "filled"),
        )
        for part in ("NUMBER", "PAGE", "DATE-PUBLICATION")
    ),
    Rule(AFNIC, "X-FR-REGISTRANT-JO-DATE-PUBLICATION", pattern=DATE),
    # .dk: organisations give VAT ids; DK Hostmaster handles look like ABCD1234-DK.
    Rule(("dk",), "X-REGISTRANT-VATID", required=_RT, when=_ORGANISATION),
    Rule(("dk",), "X-ADMIN-VATID", required=_REG, when=When("ADMINCONTACT0ORGANIZATION", "filled")),
    Rule(("dk",), "X-DK-REGISTRANT-CONTACT", pattern=_rx(r"[A-Za-z0-9]{1,16}-DK")),
    Rule(("dk",), "X-DK-ADMIN-CONTACT", pattern=_rx(r"[A-Za-z0-9]{1,16}-DK")),
    Rule(("dk",), "X-DK-ACCEPT-TAC", values=_set("0", "1")),
    Rule(("dk",), "X-DK-AGREEMENT-ACCEPTEDDATE", pattern=_rx(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")),
    # .swiss: Swiss enterprise id (UID, CHE-123.456.789) and intended use.
    Rule(
        ("swiss",),
        "X-SWISS-REGISTRANT-ENTERPRISE-ID",
        required=_RT,
        pattern=_rx(r"CHE-?\d{3}\.?\d{3}\.?\d{3}"),
    ),
    # .de: the optional contact points must be mailto: or http(s): URIs (docs/module-behaviour.md §5.2).
    Rule(("de",), "X-DE-GENERAL-REQUEST", pattern=WEB_OR_MAIL),
    Rule(("de",), "X-DE-ABUSE-CONTACT", pattern=WEB_OR_MAIL),
    # .uk: Nominet registrant type; companies and charities give their registration number.
    Rule(UK, "X-UK-OWNER-CORPORATE-TYPE", values=UK_CORPORATE_TYPES),
    Rule(
        UK,
        "X-UK-OWNER-CORPORATE-NUMBER",
        required=_RT,
        pattern=_rx(r"[A-Za-z]{0,2}\d{6,8}"),
        when=When("X-UK-OWNER-CORPORATE-TYPE", "in", UK_NUMBERED_TYPES),
    ),
    Rule(UK, "X-UK-OWNER-CORPORATE-NUMBER", pattern=_rx(r"[A-Za-z]{0,2}\d{6,8}")),
    # Highly regulated and regulated TLDs: terms to accept (docs/module-behaviour.md §5.3 factories).
    *(_tac((tld,), "X-{CLASS}-ACCEPT-HIGHLY-REGULATED-TAC") for tld in HIGHLY_REGULATED),
    _tac(("org.za", "net.za"), "X-ZA-ACCEPT-HIGHLY-REGULATED-TAC"),
    *(_tac((tld,), "X-{CLASS}-ACCEPT-REGISTRATION-TAC", _RT) for tld in ("ae", "paris", "ngo", "xxx")),
    _tac(("nu",), "X-NU-ACCEPT-REGISTRATION-TAC", _RT),
    Rule(("nu",), "X-REGISTRANT-IDNUMBER", required=_RT),
    _tac(("se",), "X-SE-ACCEPT-REGISTRATION-TAC", _RT),
    Rule(("se",), "X-NICSE-IDNUMBER", required=_RT),
    _tac(("fi",), "X-FI-ACCEPT-REGISTRATION-TAC", _RT),
    Rule(("fi",), "X-FI-REGISTRANT-BIRTH-DATE", pattern=DATE),
    _tac(("new",), "X-ACCEPT-SSL-REQUIREMENT", _REG),
    Rule(INTENDED_USE, "X-CORE-INTENDED-USE", required=_REG),
    Rule(ALLOCATION_TOKEN, "X-ALLOCATIONTOKEN", required=_REG, pattern=_rx(r"[A-Za-z0-9._:-]{4,128}")),
    # .com.au family: registrant id and its type; ABN has 11 digits, ACN 9.
    Rule(AU, "X-AU-REGISTRANT-ID-NUMBER", required=_RT),
    Rule(AU, "X-AU-REGISTRANT-ID-TYPE", required=_RT, values=_set("ABN", "ACN", "RBN", "TM")),
    Rule(
        AU,
        "X-AU-REGISTRANT-ID-NUMBER",
        pattern=_rx(r"\d{2} ?\d{3} ?\d{3} ?\d{3}"),
        when=When("X-AU-REGISTRANT-ID-TYPE", "in", _set("ABN")),
    ),
    Rule(
        AU,
        "X-AU-REGISTRANT-ID-NUMBER",
        pattern=_rx(r"\d{3} ?\d{3} ?\d{3}"),
        when=When("X-AU-REGISTRANT-ID-TYPE", "in", _set("ACN")),
    ),
    # Others from docs/module-behaviour.md §5.5.
    Rule(
        CN,
        "X-CN-REGISTRANT-ID-TYPE",
        required=_REG,
        values=_set("SFZ", "HZ", "JGZ", "ORG", "YYZZ", "TYDM", "QT"),
    ),
    Rule(CN, "X-CN-REGISTRANT-ID-NUMBER", required=_REG),
    Rule(
        ("com.br",),
        "X-BR-REGISTER-NUMBER",
        required=_REG,
        pattern=_rx(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}|\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}"),
    ),
    Rule(SG, "X-SG-RCBID", pattern=_rx(r"[A-Za-z0-9]{8,10}")),
    Rule(HK, "X-HK-REGISTRANT-DOCUMENT-TYPE", required=_RT, values=HK_DOCUMENT_TYPES),
    Rule(HK, "X-HK-REGISTRANT-DOCUMENT-NUMBER", required=_RT),
    Rule(HK, "X-HK-REGISTRANT-DOCUMENT-ORIGIN-COUNTRY", required=_RT, pattern=COUNTRY),
    Rule(
        HK,
        "X-HK-REGISTRANT-OTHER-DOCUMENT-TYPE",
        required=_RT,
        when=When("X-HK-REGISTRANT-DOCUMENT-TYPE", "in", _set("OTHIDV", "OTHORG")),
    ),
    Rule(
        HK,
        "X-HK-REGISTRANT-BIRTH-DATE",
        required=_RT,
        pattern=DATE,
        when=When("X-HK-REGISTRANT-DOCUMENT-TYPE", "in", HK_INDIVIDUAL_DOCUMENTS),
    ),
    _tac(HK, "X-HK-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", _RT),
    Rule(("ie",), "X-IE-REGISTRANT-CLASS", required=_RT, values=IE_CLASSES),
    Rule(("ie",), "X-IE-REGISTRANT-REMARKS", required=_RT),
    Rule(("no",), "X-NO-REGISTRANT-IDENTITY", required=_RT),
    Rule(RU, "X-RU-REGISTRANT-BIRTH-DATE", required=_RT, pattern=DATE, when=_INDIVIDUAL),
    Rule(RU, "X-RU-REGISTRANT-PASSPORT-DATA", required=_RT, when=_INDIVIDUAL),
    Rule(RU, "X-RU-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", required=_RT, values=_set("1"), when=_INDIVIDUAL),
    Rule(("pt",), "X-PT-ROID", required=frozenset({"transfer"}), pattern=_rx(r"\d+-[A-Za-z]+")),
    Rule(("nyc",), "X-NYC-REGISTRANT-NEXUS-CATEGORY", required=_RT, values=_set("1", "2")),
    Rule(("melbourne", "sydney"), "X-{CLASS}-NEXUS-CATEGORY", required=_RT, values=_set("A", "B", "C")),
    Rule(("aero",), "X-AERO-ENS-AUTH-ID", required=_REG),
    Rule(("aero",), "X-AERO-ENS-AUTH-KEY", required=_REG),
    Rule(("lotto",), "X-ASSOCIATION-ID", required=_REG),
    Rule(("lotto",), "X-ASSOCIATION-AUTH", required=_REG),
    Rule(("travel",), "X-TRAVEL-INDUSTRY", required=_REG, values=_set("0", "1")),
    Rule(("jobs",), "X-JOBS-COMPANYURL", required=_REG, pattern=_rx(r"https?://[^\s/]+\.[^\s]+")),
    Rule(("jobs",), "X-JOBS-TITLE", required=_REG),
    Rule(("jobs",), "X-JOBS-INDUSTRYCLASSIFICATION", required=_REG, values=JOBS_INDUSTRIES),
    Rule(("pro",), "X-PRO-PROFESSION", required=_REG),
    _tac(("pro",), "X-PRO-ACCEPT-TOU", _REG),
)


def rules_by_tld(classes: Mapping[str, str]) -> dict[str, tuple[Rule, ...]]:
    """RULES grouped per TLD name with ``{CLASS}`` filled in; ``classes`` maps TLD name -> class.

    Raises KeyError for a rule naming a TLD the catalogue does not have (the catalogue turns that into
    CatalogueDataError).
    """
    grouped: dict[str, list[Rule]] = {}
    for rule in RULES:
        for tld in rule.tlds:
            grouped.setdefault(tld, []).append(rule.for_class(classes[tld]))
    return {tld: tuple(rules) for tld, rules in grouped.items()}


def _problem(kind: tuple[int, str], param: str) -> ParamProblem:
    code, text = kind
    return ParamProblem(code=code, description=f"{text}; {param}", param=param)


def _value(params: Mapping[str, str], rule: Rule) -> str:
    for key in (rule.param, *rule.aliases):
        value = params.get(key, "").strip()
        if value:
            return value
    return ""


def check(rules: tuple[Rule, ...], operation: str, params: Mapping[str, str]) -> ParamProblem | None:
    """First problem of ``params`` (upper-case keys) against one TLD's rules, or None."""
    for rule in rules:
        if rule.when is not None and not rule.when.holds(params):
            continue
        value = _value(params, rule)
        if not value:
            if operation in rule.required and not any(
                params.get(alt, "").strip() for alt in rule.alternatives
            ):
                return _problem(MISSING, rule.param)
            continue
        if rule.values is not None and value.upper() not in rule.values:
            return _problem(INVALID, rule.param)
        if rule.pattern is not None and rule.pattern.fullmatch(value) is None:
            return _problem(SYNTAX, rule.param)
    return None
