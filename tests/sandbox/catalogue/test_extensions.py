"""TLD-specific parameters: missing -> 504, bad value -> 541, bad syntax -> 505, good set -> None."""

from __future__ import annotations

import pytest

from sandbox.catalogue import Catalogue, ParamProblem, UnknownOperationError, default_catalogue

CA = {"X-CA-LEGALTYPE": "CCO", "X-CA-LANGUAGE": "EN"}
US = {"X-US-NEXUS-APPPURPOSE": "P1", "X-US-NEXUS-CATEGORY": "C11"}
IT = {
    "X-IT-ACCEPT-LIABILITY-TAC": "1",
    "X-IT-ACCEPT-REGISTRATION-TAC": "1",
    "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC": "1",
    "X-IT-ACCEPT-EXPLICIT-TAC": "1",
}
ES = {
    "X-ES-REGISTRANT-TIPO-IDENTIFICACION": "1",
    "X-ES-REGISTRANT-IDENTIFICACION": "12345678Z",
    "X-ES-ADMIN-IDENTIFICACION": "12345678Z",
    "X-ES-REGISTRANT-FORM-JURIDICA": "1",
    "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC": "1",
}
FR_PERSON = {
    "OWNERCONTACT0COUNTRY": "FR",
    "X-FR-REGISTRANT-BIRTH-DATE": "1980-01-31",
    "X-FR-REGISTRANT-BIRTH-PLACE": "75001 Paris",
}
FR_ORG = {
    "OWNERCONTACT0COUNTRY": "FR",
    "OWNERCONTACT0ORGANIZATION": "ACME SARL",
    "X-FR-REGISTRANT-LEGAL-ID": "123456789",
}
SWISS = {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE-123.456.789", "X-CORE-INTENDED-USE": "Company website"}
AU = {"X-AU-REGISTRANT-ID-TYPE": "ABN", "X-AU-REGISTRANT-ID-NUMBER": "12 345 678 901"}


def _without(params: dict[str, str], key: str) -> dict[str, str]:
    return {k: v for k, v in params.items() if k != key}


def _with(params: dict[str, str], **changes: str) -> dict[str, str]:
    return {**params, **{k.replace("_", "-"): v for k, v in changes.items()}}


# (domain, operation, params, expected code or None, parameter named in the description)
CASES: list[tuple[str, str, dict[str, str], int | None, str]] = [
    # .ca: legal type required on register and transfer, a CIRA code, language EN/FR.
    ("example.ca", "register", CA, None, ""),
    ("example.ca", "register", _without(CA, "X-CA-LEGALTYPE"), 504, "X-CA-LEGALTYPE"),
    ("example.ca", "transfer", {}, 504, "X-CA-LEGALTYPE"),
    ("example.ca", "register", _with(CA, X_CA_LEGALTYPE="XYZ"), 541, "X-CA-LEGALTYPE"),
    ("example.ca", "register", _with(CA, X_CA_LANGUAGE="DE"), 541, "X-CA-LANGUAGE"),
    ("example.ca", "register", {"X-CA-LEGALTYPE": "maj"}, None, ""),
    ("example.ca", "modify", {}, None, ""),
    ("example.ca", "modify", {"X-CA-LEGALTYPE": "BAD"}, 541, "X-CA-LEGALTYPE"),
    # .us nexus.
    ("example.us", "register", US, None, ""),
    ("example.us", "register", _without(US, "X-US-NEXUS-APPPURPOSE"), 504, "X-US-NEXUS-APPPURPOSE"),
    ("example.us", "trade", _without(US, "X-US-NEXUS-CATEGORY"), 504, "X-US-NEXUS-CATEGORY"),
    ("example.us", "register", _with(US, X_US_NEXUS_CATEGORY="C99"), 541, "X-US-NEXUS-CATEGORY"),
    ("example.us", "register", _with(US, X_US_NEXUS_APPPURPOSE="P9"), 541, "X-US-NEXUS-APPPURPOSE"),
    ("example.us", "register", _with(US, X_US_NEXUS_CATEGORY="C31"), 504, "X-US-NEXUS-VALIDATOR"),
    (
        "example.us",
        "register",
        _with(US, X_US_NEXUS_CATEGORY="C31", X_US_NEXUS_VALIDATOR="USA"),
        505,
        "X-US-NEXUS-VALIDATOR",
    ),
    ("example.us", "register", _with(US, X_US_NEXUS_CATEGORY="C32", X_US_NEXUS_VALIDATOR="DE"), None, ""),
    # .eu: registrant in the EU/EEA, or an EU citizen.
    ("example.eu", "register", {"OWNERCONTACT0COUNTRY": "DE"}, None, ""),
    ("example.eu", "register", {"OWNERCONTACT0COUNTRY": "no"}, None, ""),
    ("example.eu", "register", {"OWNERCONTACT0COUNTRY": "US"}, 504, "X-EU-REGISTRANT-CITIZENSHIP"),
    ("example.eu", "trade", {"OWNERCONTACT0COUNTRY": "US", "X-EU-COUNTRY-OF-CITIZENSHIP": "FR"}, None, ""),
    ("example.eu", "register", {"OWNERCONTACT0COUNTRY": "US", "X-EU-REGISTRANT-CITIZENSHIP": "FR"}, None, ""),
    (
        "example.eu",
        "register",
        {"OWNERCONTACT0COUNTRY": "US", "X-EU-COUNTRY-OF-CITIZENSHIP": "US"},
        541,
        "X-EU-REGISTRANT-CITIZENSHIP",
    ),
    # .it: four contract sections accepted with 1.
    ("example.it", "register", IT, None, ""),
    ("example.it", "register", _without(IT, "X-IT-ACCEPT-EXPLICIT-TAC"), 504, "X-IT-ACCEPT-EXPLICIT-TAC"),
    ("example.it", "register", _with(IT, X_IT_ACCEPT_LIABILITY_TAC="0"), 541, "X-IT-ACCEPT-LIABILITY-TAC"),
    ("example.it", "transfer", {}, None, ""),
    # .es
    ("example.es", "register", ES, None, ""),
    (
        "example.es",
        "register",
        _without(ES, "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC"),
        504,
        "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC",
    ),
    (
        "example.es",
        "register",
        _with(_without(ES, "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC"), X_ES_REGISTRANT_FORM_JURIDICA="612"),
        None,
        "",
    ),
    (
        "example.es",
        "register",
        _with(ES, X_ES_REGISTRANT_FORM_JURIDICA="2"),
        541,
        "X-ES-REGISTRANT-FORM-JURIDICA",
    ),
    (
        "example.es",
        "register",
        _with(ES, X_ES_REGISTRANT_TIPO_IDENTIFICACION="2"),
        541,
        "X-ES-REGISTRANT-TIPO-IDENTIFICACION",
    ),
    (
        "example.es",
        "register",
        _with(ES, X_ES_REGISTRANT_IDENTIFICACION="12 34"),
        505,
        "X-ES-REGISTRANT-IDENTIFICACION",
    ),
    (
        "example.es",
        "register",
        _without(ES, "X-ES-REGISTRANT-IDENTIFICACION"),
        504,
        "X-ES-REGISTRANT-IDENTIFICACION",
    ),
    # AFNIC family: individuals give birth data, organisations a legal id; EU/EEA/CH registrants.
    ("example.fr", "register", FR_PERSON, None, ""),
    (
        "example.fr",
        "register",
        _without(FR_PERSON, "X-FR-REGISTRANT-BIRTH-PLACE"),
        504,
        "X-FR-REGISTRANT-BIRTH-PLACE",
    ),
    (
        "example.fr",
        "register",
        _with(FR_PERSON, X_FR_REGISTRANT_BIRTH_DATE="31/01/1980"),
        505,
        "X-FR-REGISTRANT-BIRTH-DATE",
    ),
    ("example.fr", "register", _with(FR_PERSON, OWNERCONTACT0COUNTRY="US"), 541, "OWNERCONTACT0COUNTRY"),
    ("example.fr", "register", FR_ORG, None, ""),
    ("example.fr", "trade", _without(FR_ORG, "X-FR-REGISTRANT-LEGAL-ID"), 504, "X-FR-REGISTRANT-LEGAL-ID"),
    (
        "example.fr",
        "register",
        _with(_without(FR_ORG, "X-FR-REGISTRANT-LEGAL-ID"), X_FR_REGISTRANT_DUNS_NUMBER="123456789"),
        None,
        "",
    ),
    (
        "example.fr",
        "register",
        _with(FR_ORG, X_FR_REGISTRANT_LEGAL_ID="abc"),
        505,
        "X-FR-REGISTRANT-LEGAL-ID",
    ),
    (
        "example.fr",
        "register",
        _with(_without(FR_ORG, "X-FR-REGISTRANT-LEGAL-ID"), X_FR_REGISTRANT_JO_DATE_DECLARATION="2020-05-04"),
        504,
        "X-FR-REGISTRANT-JO-NUMBER",
    ),
    (
        "example.re",
        "register",
        _without(FR_PERSON, "X-FR-REGISTRANT-BIRTH-DATE"),
        504,
        "X-FR-REGISTRANT-BIRTH-DATE",
    ),
    ("example.yt", "register", FR_PERSON, None, ""),
    # .dk: organisations give a VAT id; DK Hostmaster handles.
    ("example.dk", "register", {}, None, ""),
    ("example.dk", "register", {"OWNERCONTACT0ORGANIZATION": "ACME ApS"}, 504, "X-REGISTRANT-VATID"),
    (
        "example.dk",
        "register",
        {"OWNERCONTACT0ORGANIZATION": "ACME ApS", "X-REGISTRANT-VATID": "DK12345678"},
        None,
        "",
    ),
    ("example.dk", "register", {"X-DK-REGISTRANT-CONTACT": "ABC"}, 505, "X-DK-REGISTRANT-CONTACT"),
    ("example.dk", "register", {"X-DK-REGISTRANT-CONTACT": "ABCD1234-DK", "X-DK-ACCEPT-TAC": "1"}, None, ""),
    ("example.dk", "register", {"X-DK-ACCEPT-TAC": "yes"}, 541, "X-DK-ACCEPT-TAC"),
    # .swiss
    ("example.swiss", "register", SWISS, None, ""),
    ("example.swiss", "register", _without(SWISS, "X-CORE-INTENDED-USE"), 504, "X-CORE-INTENDED-USE"),
    (
        "example.swiss",
        "register",
        _without(SWISS, "X-SWISS-REGISTRANT-ENTERPRISE-ID"),
        504,
        "X-SWISS-REGISTRANT-ENTERPRISE-ID",
    ),
    (
        "example.swiss",
        "register",
        _with(SWISS, X_SWISS_REGISTRANT_ENTERPRISE_ID="123"),
        505,
        "X-SWISS-REGISTRANT-ENTERPRISE-ID",
    ),
    ("example.swiss", "trade", {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE123456789"}, None, ""),
    # .de: the contact points are optional but must be URIs.
    ("example.de", "register", {}, None, ""),
    ("example.de", "register", {"X-DE-ABUSE-CONTACT": "abuse@example.de"}, 505, "X-DE-ABUSE-CONTACT"),
    ("example.de", "modify", {"X-DE-GENERAL-REQUEST": "ftp://example.de"}, 505, "X-DE-GENERAL-REQUEST"),
    (
        "example.de",
        "register",
        {
            "X-DE-ABUSE-CONTACT": "mailto:abuse@example.de",
            "X-DE-GENERAL-REQUEST": "https://example.de/contact",
        },
        None,
        "",
    ),
    # .uk family: companies give their number.
    ("example.co.uk", "register", {}, None, ""),
    ("example.co.uk", "register", {"X-UK-OWNER-CORPORATE-TYPE": "LTD"}, 504, "X-UK-OWNER-CORPORATE-NUMBER"),
    (
        "example.co.uk",
        "register",
        {"X-UK-OWNER-CORPORATE-TYPE": "LTD", "X-UK-OWNER-CORPORATE-NUMBER": "01234567"},
        None,
        "",
    ),
    ("example.uk", "register", {"X-UK-OWNER-CORPORATE-TYPE": "XXX"}, 541, "X-UK-OWNER-CORPORATE-TYPE"),
    # Highly regulated / regulated / allocation token / intended use.
    ("example.lawyer", "register", {}, 504, "X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC"),
    (
        "example.lawyer",
        "transfer",
        {"X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC": "0"},
        541,
        "X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC",
    ),
    ("example.lawyer", "register", {"X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC": "1"}, None, ""),
    ("example.org.za", "register", {}, 504, "X-ZA-ACCEPT-HIGHLY-REGULATED-TAC"),
    ("example.ae", "register", {}, 504, "X-AE-ACCEPT-REGISTRATION-TAC"),
    ("example.bank", "register", {}, 504, "X-ALLOCATIONTOKEN"),
    ("example.bank", "register", {"X-ALLOCATIONTOKEN": "a b"}, 505, "X-ALLOCATIONTOKEN"),
    ("example.bank", "register", {"X-ALLOCATIONTOKEN": "tok-1234-abcd"}, None, ""),
    ("example.scot", "register", {}, 504, "X-CORE-INTENDED-USE"),
    ("example.se", "register", {"X-SE-ACCEPT-REGISTRATION-TAC": "1"}, 504, "X-NICSE-IDNUMBER"),
    ("example.nu", "register", {}, 504, "X-NU-ACCEPT-REGISTRATION-TAC"),
    ("example.fi", "register", {"X-FI-ACCEPT-REGISTRATION-TAC": "1"}, None, ""),
    # .com.au family: the fixed parameter names (docs/module-behaviour.md §5.5 notes).
    ("example.com.au", "register", AU, None, ""),
    (
        "example.net.au",
        "register",
        _without(AU, "X-AU-REGISTRANT-ID-NUMBER"),
        504,
        "X-AU-REGISTRANT-ID-NUMBER",
    ),
    ("example.org.au", "register", _with(AU, X_AU_REGISTRANT_ID_TYPE="XYZ"), 541, "X-AU-REGISTRANT-ID-TYPE"),
    (
        "example.id.au",
        "register",
        _with(AU, X_AU_REGISTRANT_ID_NUMBER="123"),
        505,
        "X-AU-REGISTRANT-ID-NUMBER",
    ),
    (
        "example.asn.au",
        "trade",
        {"X-AU-REGISTRANT-ID-TYPE": "ACN", "X-AU-REGISTRANT-ID-NUMBER": "123 456 789"},
        None,
        "",
    ),
    # IDN ccTLDs reached by their Unicode form.
    ("пример.рф", "register", {}, 504, "X-RU-REGISTRANT-BIRTH-DATE"),
    ("example.香港", "register", {}, 504, "X-HK-REGISTRANT-DOCUMENT-TYPE"),
    # TLDs without rules accept anything.
    ("example.com", "register", {"X-ANYTHING": "x"}, None, ""),
]


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


@pytest.mark.parametrize(("domain", "operation", "params", "code", "param"), CASES)
def test_check_params(
    cat: Catalogue, domain: str, operation: str, params: dict[str, str], code: int | None, param: str
) -> None:
    problem = cat.check_params(domain, operation, params)
    if code is None:
        assert problem is None
        return
    assert problem is not None
    assert (problem.code, problem.param) == (code, param)
    prefix = {
        504: "Missing required attribute",
        505: "Invalid attribute value syntax",
        541: "Invalid attribute value",
    }
    assert problem.description == f"{prefix[code]}; {param}"


def test_keys_are_case_insensitive_and_empty_means_missing(cat: Catalogue) -> None:
    assert cat.check_params("example.ca", "register", {"x-ca-legaltype": "CCT"}) is None
    problem = cat.check_params("example.ca", "register", {"X-CA-LEGALTYPE": "  "})
    assert problem == ParamProblem(504, "Missing required attribute; X-CA-LEGALTYPE", "X-CA-LEGALTYPE")


def test_bad_domain_and_unknown_tld(cat: Catalogue) -> None:
    bad = cat.check_params("exa mple.com", "register", {})
    assert bad is not None and (bad.code, bad.description) == (505, "Invalid attribute value syntax; DOMAIN")
    unknown = cat.check_params("example.notatld", "register", {})
    assert unknown is not None and (unknown.code, unknown.description) == (
        541,
        "Invalid attribute value; DOMAIN",
    )


def test_unknown_operation_is_a_programming_error(cat: Catalogue) -> None:
    with pytest.raises(UnknownOperationError, match="unknown operation 'renew'"):
        cat.check_params("example.ca", "renew", {})


def test_every_listed_tld_has_rules(cat: Catalogue) -> None:
    for tld in (
        "ca",
        "us",
        "eu",
        "it",
        "es",
        "fr",
        "pm",
        "re",
        "tf",
        "wf",
        "yt",
        "dk",
        "swiss",
        "de",
        "uk",
        "co.uk",
        "com.au",
        "net.au",
        "org.au",
        "asn.au",
        "id.au",
        "lawyer",
        "bank",
    ):
        assert cat.rules_for(tld), tld
    assert cat.rules_for("com") == ()
    assert cat.rules_for("no-such-tld") == ()
    assert [rule.param for rule in cat.rules_for("lawyer")] == ["X-LAWYER-ACCEPT-HIGHLY-REGULATED-TAC"]
