"""Hand-checked golden orders: WHMCS values -> the exact ISPAPI parameters, one row per TLD and operation.

Written from docs/module-behaviour.md §5.5 (right column, lib register config) with the §5.4/§5.5 fixes
applied (.com.au family X-AU-REGISTRANT-ID-*, .net.au/.org.au present, .es Admin Type -> X-ES-ADMIN-..., .gay
X-GAY-ACCEPT-REQUIREMENTS, .fi birth date X-FI-REGISTRANT-BIRTH-DATE, .paris/.vote/.voto usable), the
left column (legacy sample) for TLDs the lib leaves out (.com.cn/.net.cn/.org.cn, the .sg family, .pro),
and docs/module-behaviour.md §5.4 for the transfer/trade/WHOIS-privacy specials. Field Names are the ones
WHMCS stores (lib or legacy spelling). NOT derived from data/*.toml: a wrong parameter name in the data fails
these rows.
"""

from __future__ import annotations

Row = tuple[dict[str, str], dict[str, str]]


def _hr(tld: str) -> Row:
    """docs/module-behaviour.md §5.3 generic "highly regulated" kind: tickbox `Highly Regulated TLD`."""
    return {"Highly Regulated TLD": "on"}, {f"X-{tld.upper()}-ACCEPT-HIGHLY-REGULATED-TAC": "1"}


def _use() -> Row:
    return {"Intended Use": "A community website"}, {"X-CORE-INTENDED-USE": "A community website"}


def _token() -> Row:
    return {"Registry's Allocation Token": "TOKEN-123"}, {"X-ALLOCATIONTOKEN": "TOKEN-123"}


_AU: Row = (
    {"Registrant ID": "12345678901", "Registrant ID Type": "ABN"},
    {"X-AU-REGISTRANT-ID-NUMBER": "12345678901", "X-AU-REGISTRANT-ID-TYPE": "ABN"},
)
_CN: Row = (
    {"Registrant ID Type": "SFZ", "Registrant ID Number": "110101199003070000"},
    {"X-CN-REGISTRANT-ID-TYPE": "SFZ", "X-CN-REGISTRANT-ID-NUMBER": "110101199003070000"},
)
_SG: Row = (
    {"RCB/Singapore ID": "200312345A", "Admin ID number": "S1234567D"},
    {"X-SG-RCBID": "200312345A", "X-ADMIN-IDNUMBER": "S1234567D"},
)
_ZA: Row = ({"Highly Regulated TLD": "on"}, {"X-ZA-ACCEPT-HIGHLY-REGULATED-TAC": "1"})
# AFNIC family (.fr .pm .re .tf .wf .yt): Legal Type drives which identifier is required, sends nothing
_FR: Row = (
    {"Legal Type": "ORG1", "VATID or SIREN/SIRET number": "FR12345678901"},
    {"X-FR-REGISTRANT-LEGAL-ID": "FR12345678901"},
)
_RU: Row = (
    {
        "Legal Type": "INDIV",
        "Terms for Individuals": "on",
        "Registrant Birthday": "1980-01-02",
        "Registrant Passport Data": "4509 235857, issued 2001-01-01",
    },
    {
        "X-RU-ACCEPT-INDIVIDUAL-REGISTRATION-TAC": "1",
        "X-RU-REGISTRANT-BIRTH-DATE": "1980-01-02",
        "X-RU-REGISTRANT-PASSPORT-DATA": "4509 235857, issued 2001-01-01",
    },
)
_HK: Row = (
    {
        "Terms for Individuals": "on",
        "Registrant Document Type": "OTHIDV",
        "Registrant Other Document Type": "Seaman card",
        "Registrant Document Number": "A1234567",
        "Registrant Document Origin Country": "HK",
        "Registrant Birth Date for individuals": "1980-01-02",
    },
    {
        "X-HK-ACCEPT-INDIVIDUAL-REGISTRATION-TAC": "1",
        "X-HK-REGISTRANT-DOCUMENT-TYPE": "OTHIDV",
        "X-HK-REGISTRANT-OTHER-DOCUMENT-TYPE": "Seaman card",
        "X-HK-REGISTRANT-DOCUMENT-NUMBER": "A1234567",
        "X-HK-REGISTRANT-DOCUMENT-ORIGIN-COUNTRY": "HK",
        "X-HK-REGISTRANT-BIRTH-DATE": "1980-01-02",
    },
)

REGISTER: dict[str, Row] = {
    "abogado": _hr("abogado"),
    "ae": ({"Agreement": "on"}, {"X-AE-ACCEPT-REGISTRATION-TAC": "1"}),
    "aero": (
        {".AERO ID": "ENS-1", ".AERO Key": "k3y"},
        {"X-AERO-ENS-AUTH-ID": "ENS-1", "X-AERO-ENS-AUTH-KEY": "k3y"},
    ),
    "asn.au": _AU,
    "attorney": _hr("attorney"),
    "bank": _token(),
    "barcelona": _use(),
    "boats": _hr("boats"),
    "broker": _hr("broker"),
    "ca": ({"Legal Type": "CCO", "Contact Language": "EN"}, {"X-CA-LEGALTYPE": "CCO", "X-CA-LANGUAGE": "EN"}),
    "cat": (
        {"Highly Regulated TLD": "on", "Intended Use": "Catalan culture"},
        {"X-CAT-ACCEPT-HIGHLY-REGULATED-TAC": "1", "X-CORE-INTENDED-USE": "Catalan culture"},
    ),
    "cfd": _hr("cfd"),
    "cn": (
        {"REGISTRANT ID number": "110101199003070000", "REGISTRANT ID Type": "SFZ"},
        {"X-CN-REGISTRANT-ID-NUMBER": "110101199003070000", "X-CN-REGISTRANT-ID-TYPE": "SFZ"},
    ),
    "com.au": (
        {"REGISTRANT ID number": "123456789", "REGISTRANT ID Type": "ACN"},
        {"X-AU-REGISTRANT-ID-NUMBER": "123456789", "X-AU-REGISTRANT-ID-TYPE": "ACN"},
    ),
    "com.br": (
        {"Identification Number": "12.345.678/0001-90"},
        {"X-BR-REGISTER-NUMBER": "12.345.678/0001-90"},
    ),
    "com.cn": _CN,
    "com.sg": _SG,
    "de": (
        {"General Request Contact": "info@example.de", "Abuse Team Contact": "https://example.de/abuse"},
        {"X-DE-GENERAL-REQUEST": "mailto:info@example.de", "X-DE-ABUSE-CONTACT": "https://example.de/abuse"},
    ),
    "dentist": _hr("dentist"),
    "dk": (
        {
            "Registrant Legal Type": "ORG",
            "REGISTRANT VAT ID": "DK12345678",
            "Registrant Contact": "abcd1234-dk",
            "Admin Legal Type": "ORG",
            "ADMIN VAT ID": "DK87654321",
            "Admin Contact": "efgh5678-dk",
            "DK Hostmaster Terms": "on",
        },
        {
            "X-REGISTRANT-VATID": "DK12345678",
            "X-DK-REGISTRANT-CONTACT": "ABCD1234-DK",
            "X-ADMIN-VATID": "DK87654321",
            "X-DK-ADMIN-CONTACT": "EFGH5678-DK",
            "X-DK-AGREEMENT-ACCEPTEDDATE": "2024-05-06 07:08:09",
        },
    ),
    "eco": _hr("eco"),
    "edu.sg": _SG,
    "es": (
        {
            "Registrant Legal Type": "1",
            "Terms for Individuals": "on",
            "Registrant Type": "0",
            "Registrant Identification Number": "12345678Z",
            "Admin Type": "1",
            "Admin Identification Number": "X1234567L",
        },
        {
            "X-ES-REGISTRANT-FORM-JURIDICA": "1",
            "X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC": "1",
            "X-ES-REGISTRANT-TIPO-IDENTIFICACION": "0",
            "X-ES-REGISTRANT-IDENTIFICACION": "12345678Z",
            "X-ES-ADMIN-TIPO-IDENTIFICACION": "1",
            "X-ES-ADMIN-IDENTIFICACION": "X1234567L",
        },
    ),
    "eu": ({"Registrant Citizenship": "DE"}, {"X-EU-REGISTRANT-CITIZENSHIP": "de"}),
    "fi": (
        {"Agreement": "on", "REGISTRANT ID number": "131052-308T", "Registrant Birthdate": "1952-10-13"},
        {
            "X-FI-ACCEPT-REGISTRATION-TAC": "1",
            "X-FI-REGISTRANT-IDNUMBER": "131052-308T",
            "X-FI-REGISTRANT-BIRTH-DATE": "1952-10-13",
        },
    ),
    "forex": _hr("forex"),
    "fr": (
        {
            "Legal Type": "ASS",
            "Date of Declaration [JO]": "2001-02-03",
            "Number [JO]": "12",
            "Page of Announcement [JO]": "345",
            "Date of Publication [JO]": "2001-03-04",
        },
        {
            "X-FR-REGISTRANT-JO-DATE-DECLARATION": "2001-02-03",
            "X-FR-REGISTRANT-JO-NUMBER": "12",
            "X-FR-REGISTRANT-JO-PAGE": "345",
            "X-FR-REGISTRANT-JO-DATE-PUBLICATION": "2001-03-04",
        },
    ),
    "gay": ({"Agreement": "on"}, {"X-GAY-ACCEPT-REQUIREMENTS": "1"}),
    "health": _hr("health"),
    "hk": _HK,
    "homes": _hr("homes"),
    "id": _hr("id"),
    "id.au": _AU,
    "ie": (
        {
            "Registrant Class": "Company",
            "Proof of connection to Ireland": "Irish company, CRO 123456",
            "REGISTRANT ID number": "123456",
            "REGISTRANT VAT ID": "IE1234567T",
        },
        {
            "X-IE-REGISTRANT-CLASS": "Company",
            "X-IE-REGISTRANT-REMARKS": "Irish company, CRO 123456",
            "X-IE-REGISTRANT-IDNUMBER": "123456",
            "X-REGISTRANT-VATID": "IE1234567T",
        },
    ),
    "insurance": _token(),
    "it": (
        {
            "Accept Section 3 of .IT registrar contract": "on",
            "Accept Section 5 of .IT registrar contract": "on",
            "Accept Section 6 of .IT registrar contract": "on",
            "Accept Section 7 of .IT registrar contract": "on",
            "PIN": "RSSMRA80A01H501U",
            "Registrant Nationality": "IT",
            "Registrant Legal Type": "1",
        },
        {
            "X-IT-ACCEPT-LIABILITY-TAC": "1",
            "X-IT-ACCEPT-REGISTRATION-TAC": "1",
            "X-IT-ACCEPT-DIFFUSION-AND-ACCESSIBILITY-TAC": "1",
            "X-IT-ACCEPT-EXPLICIT-TAC": "1",
            "X-IT-PIN": "RSSMRA80A01H501U",
            "X-IT-NATIONALITY": "IT",
            "X-IT-REGISTRANT-ENTITY-TYPE": "1",
        },
    ),
    "jobs": (
        {
            "Website": "https://example.jobs",
            "Industry Classification": "2",
            "Member of a HR Association": "yes",
            "Contact Job Title": "CEO",
            "Contact Type": "1",
        },
        {
            "X-JOBS-COMPANYURL": "https://example.jobs",
            "X-JOBS-INDUSTRYCLASSIFICATION": "2",
            "X-JOBS-HRANAME": "yes",
            "X-JOBS-TITLE": "CEO",
            "X-JOBS-ADMINTYPE": "1",
        },
    ),
    "law": _hr("law"),
    "lawyer": _hr("lawyer"),
    "lotto": (
        {"Membership Contact ID": "M-1", "Verification Code": "V-2"},
        {"X-ASSOCIATION-ID": "M-1", "X-ASSOCIATION-AUTH": "V-2"},
    ),
    "lt": ({"Legal Entity Identification Code": "123456789"}, {"X-LT-REGISTRANT-LEGAL-ID": "123456789"}),
    "lv": (
        {"REGISTRANT VAT ID": "LV40003000000", "REGISTRANT ID number": "010180-12345"},
        {"X-VATID": "LV40003000000", "X-IDNUMBER": "010180-12345"},
    ),
    "madrid": _use(),
    "makeup": _hr("makeup"),
    "markets": _hr("markets"),
    "melbourne": ({"Nexus Category": "B"}, {"X-MELBOURNE-NEXUS-CATEGORY": "B"}),
    "mk": (
        {"REGISTRANT VAT ID": "MK4030000000000", "REGISTRANT ID number": "1234567"},
        {"X-REGISTRANT-VATID": "MK4030000000000", "X-REGISTRANT-IDNUMBER": "1234567"},
    ),
    "my": (
        {
            "Registrant Organisation Type": "1",
            "REGISTRANT ID number": "R1",
            "ADMIN ID number": "A1",
            "TECH ID number": "T1",
            "BILLING ID number": "B1",
        },
        {
            "X-MY-REGISTRANT-ORGANIZATION-TYPE": "1",
            "X-REGISTRANT-IDNUMBER": "R1",
            "X-ADMIN-IDNUMBER": "A1",
            "X-TECH-IDNUMBER": "T1",
            "X-BILLING-IDNUMBER": "B1",
        },
    ),
    "net.au": _AU,
    "net.cn": _CN,
    "net.sg": _SG,
    "net.za": _ZA,
    "new": ({"Agreement": "on"}, {"X-ACCEPT-SSL-REQUIREMENT": "1"}),
    "ngo": ({"Agreement": "on"}, {"X-NGO-ACCEPT-REGISTRATION-TAC": "1"}),
    "no": (
        {"REGISTRANT ID number": "123456789", "Fax required": "on"},
        {"X-NO-REGISTRANT-IDENTITY": "123456789"},
    ),
    "nu": (
        {"Agreement": "on", "REGISTRANT ID number": "5561234567", "REGISTRANT VAT ID": "SE556123456701"},
        {
            "X-NU-ACCEPT-REGISTRATION-TAC": "1",
            "X-REGISTRANT-IDNUMBER": "5561234567",
            "X-VATID": "SE556123456701",
        },
    ),
    "nyc": ({"Nexus Category": "2"}, {"X-NYC-REGISTRANT-NEXUS-CATEGORY": "2"}),
    "org.au": _AU,
    "org.cn": _CN,
    "org.sg": _SG,
    "org.za": _ZA,
    "paris": ({"Agreement": "on"}, {"X-PARIS-ACCEPT-REGISTRATION-TAC": "1"}),
    "per.sg": _SG,
    "pm": _FR,
    "pro": (
        {
            "Profession": "Lawyer",
            "Authority": "Bar Association",
            "Authority Website": "https://bar.example",
            "License Number": "L-1",
            ".PRO Terms": "on",
        },
        {
            "X-PRO-PROFESSION": "Lawyer",
            "X-PRO-AUTHORITY": "Bar Association",
            "X-PRO-AUTHORITYWEBSITE": "https://bar.example",
            "X-PRO-LICENSENUMBER": "L-1",
            "X-PRO-ACCEPT-TOU": "1",
        },
    ),
    "pt": (
        {"REGISTRANT VAT ID": "PT501234567", "TECH VAT ID": "PT509876543"},
        {"X-PT-REGISTRANT-VATID": "PT501234567", "X-PT-TECH-VATID": "PT509876543"},
    ),
    "quebec": _use(),
    "re": (
        {"Legal Type": "ORG2", "Trademark Number": "TM-42"},
        {"X-FR-REGISTRANT-TRADEMARK-NUMBER": "TM-42"},
    ),
    "ro": (
        {"REGISTRANT ID number": "1800101123456", "REGISTRANT VAT ID": "RO12345678"},
        {"X-REGISTRANT-IDNUMBER": "1800101123456", "X-REGISTRANT-VATID": "RO12345678"},
    ),
    "ru": _RU,
    "scot": _use(),
    "se": (
        {"Agreement": "on", "ID Number": "5561234567", "VAT ID": "SE556123456701"},
        {
            "X-SE-ACCEPT-REGISTRATION-TAC": "1",
            "X-NICSE-IDNUMBER": "5561234567",
            "X-NICSE-VATID": "SE556123456701",
        },
    ),
    "sg": (
        {"RCBID": "200312345A", "ADMIN ID number": "S1234567D"},
        {"X-SG-RCBID": "200312345A", "X-ADMIN-IDNUMBER": "S1234567D"},
    ),
    "sport": _use(),
    "spreadbetting": _hr("spreadbetting"),
    "swiss": (
        {"Registrant Enterprise ID": "CHE-123.456.789", "Intended Use": "Swiss shop"},
        {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE-123.456.789", "X-CORE-INTENDED-USE": "Swiss shop"},
    ),
    "sydney": ({"Nexus Category": "C"}, {"X-SYDNEY-NEXUS-CATEGORY": "C"}),
    "tf": ({"Legal Type": "ORG3", "DUNS Number": "123456789"}, {"X-FR-REGISTRANT-DUNS-NUMBER": "123456789"}),
    "trading": _hr("trading"),
    "travel": ({".TRAVEL Industry": "1"}, {"X-TRAVEL-INDUSTRY": "1"}),
    "us": (
        {"Intended Use": "P2", "Nexus Category": "C32", ".US Nexus Country": "gb"},
        {"X-US-NEXUS-APPPURPOSE": "P2", "X-US-NEXUS-CATEGORY": "C32", "X-US-NEXUS-VALIDATOR": "GB"},
    ),
    "vote": ({"Agreement": "on"}, {"X-VOTE-ACCEPT-HIGHLY-REGULATED-TAC": "1"}),
    "voto": ({"Agreement": "on"}, {"X-VOTO-ACCEPT-HIGHLY-REGULATED-TAC": "1"}),
    "wf": ({"Legal Type": "ORG4", "Local ID": "LOC-9"}, {"X-FR-REGISTRANT-LOCAL-ID": "LOC-9"}),
    "xn--j6w193g": _HK,
    "xn--p1ai": _RU,
    "xxx": (
        {"Agreement": "on", "Non-Resolving Domain": "1", "Membership ID": "ICM-1"},
        {
            "X-XXX-ACCEPT-REGISTRATION-TAC": "1",
            "X-XXX-NON-RESOLVING": "1",
            "X-XXX-MEMBERSHIP-CONTACT": "ICM-1",
        },
    ),
    # individuals: birth data as in the legacy sample (left column), the lib has no field for it
    "yt": (
        {"Legal Type": "INDIV", "Date of Birth": "1980-01-02", "Place of Birth": "75001 Paris"},
        {"X-FR-REGISTRANT-BIRTH-DATE": "1980-01-02", "X-FR-REGISTRANT-BIRTH-PLACE": "75001 Paris"},
    ),
}


def _plus(row: Row, values: dict[str, str]) -> Row:
    return {**row[0], **values}, row[1]


_FAX = {"Fax required": "on"}  # docs/module-behaviour.md §5.3: UI-only fax-form confirmation, sends nothing

# docs/module-behaviour.md §5.4: transfer set (26); the specials .ca Legal Type, .it PIN and .pt ROID
# (required) are transfer-only data, the rest re-ask what the registry needs from a new registrar (.nu: fax
# form, docs/module-behaviour.md §5.3).
TRANSFER: dict[str, Row] = {
    **{
        t: REGISTER[t]
        for t in (
            "abogado",
            "ae",
            "attorney",
            "broker",
            "cfd",
            "dentist",
            "eco",
            "eu",
            "forex",
            "health",
            "law",
            "lawyer",
            "lt",
            "makeup",
            "markets",
            "spreadbetting",
            "trading",
            "us",
            "de",
        )
    },
    "ca": ({"Legal Type": "CCT"}, {"X-CA-LEGALTYPE": "CCT"}),
    "cat": _hr("cat"),
    "it": ({"PIN": "RSSMRA80A01H501U"}, {"X-IT-PIN": "RSSMRA80A01H501U"}),
    "pt": ({"ROID": "1234567-DNS"}, {"X-PT-ROID": "1234567-DNS"}),
    "nu": _plus(REGISTER["nu"], _FAX),
    "ro": REGISTER["ro"],
    "sg": REGISTER["com.sg"],
}

# docs/module-behaviour.md §5.4: trade set (49). Owner changes re-ask the registrant data; fax form for .au
# .no .nu .pt .ru .se; .pt only the registrant VAT id, .swiss only the enterprise id; .film has no field
# (sends nothing).
TRADE: dict[str, Row] = {
    **{
        t: REGISTER[t]
        for t in (
            "abogado",
            "ae",
            "attorney",
            "boats",
            "broker",
            "cfd",
            "dentist",
            "eco",
            "eu",
            "forex",
            "health",
            "homes",
            "law",
            "lawyer",
            "lt",
            "makeup",
            "markets",
            "mk",
            "ngo",
            "ro",
            "spreadbetting",
            "trading",
            "us",
            "es",
            "fi",
            "fr",
            "pm",
            "re",
            "tf",
            "wf",
            "yt",
            "hk",
            "ie",
            "xn--p1ai",
        )
    },
    **{
        t: _plus(REGISTER[t], _FAX)
        for t in ("com.au", "asn.au", "id.au", "net.au", "org.au", "no", "nu", "se", "ru")
    },
    "cat": _hr("cat"),
    "sg": REGISTER["com.sg"],
    "film": ({}, {}),
    "it": (
        {k: v for k, v in REGISTER["it"][0].items() if k != "PIN"},
        {k: v for k, v in REGISTER["it"][1].items() if k != "X-IT-PIN"},
    ),
    "pt": ({"REGISTRANT VAT ID": "PT501234567", **_FAX}, {"X-PT-REGISTRANT-VATID": "PT501234567"}),
    "swiss": (
        {"Registrant Enterprise ID": "CHE-123.456.789"},
        {"X-SWISS-REGISTRANT-ENTERPRISE-ID": "CHE-123.456.789"},
    ),
}

# docs/module-behaviour.md §9.4 / §5.4: registry WHOIS privacy; ticked "ID Protection" = not disclosed
# (DISCLOSE inverted, docs/module-behaviour.md §5.3)
WHOISPRIVACY: dict[str, Row] = {
    "ca": ({"ID Protection": "on"}, {"X-CA-DISCLOSE": "0"}),
    "se": ({"ID Protection": "on"}, {"X-NICSE-DISCLOSE": "0"}),
    "nz": ({"ID Protection": ""}, {"X-DISCLOSE": "1"}),
}
