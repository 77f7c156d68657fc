"""CNR's TLD extension parameters, as data: which X- parameters a zone requires to register a name and which
values they take (from the zones' pages of the CNR knowledge base). CNR names them differently from
ISPAPI (X-CA-LEGAL-TYPE, not X-CA-LEGALTYPE), so the catalogue's ISPAPI rules do not apply to CNR calls."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sandbox.errors import CommandError, MissingAttribute


@dataclass(frozen=True)
class Extension:
    name: str
    choices: tuple[str, ...] | None = None  # None: free text
    pattern: str | None = None
    required: bool = True  # for a registration
    # Required only when another extension has one of these values: (name, values).
    when: tuple[str, tuple[str, ...]] | None = None


CA_LEGAL_TYPES = (
    "ABO", "ASS", "CCO", "CCT", "EDU", "GOV", "HOP", "INB", "LAM", "LGR", "MAJ", "OMK", "PLT", "PRT", "RES",
    "TDM", "TRD", "TRS",
)  # fmt: skip
US_NEXUS = ("C11", "C12", "C21", "C31", "C32")
US_FOREIGN = ("C31", "C32")  # categories of foreign entities: they name their country (VALIDATOR)

RULES: dict[str, tuple[Extension, ...]] = {
    "us": (
        Extension("X-US-NEXUS-APPPURPOSE", choices=("P1", "P2", "P3", "P4", "P5")),
        Extension("X-US-NEXUS-CATEGORY", choices=US_NEXUS),
        Extension(
            "X-US-NEXUS-VALIDATOR", pattern=r"[A-Za-z]{2}", when=("X-US-NEXUS-CATEGORY", ("C31", "C32"))
        ),
    ),
    "ca": (Extension("X-CA-LEGAL-TYPE", choices=CA_LEGAL_TYPES),),
    "sk": (
        Extension("X-SK-CONTACT-LEGAL-FORM", choices=("CORP", "PERS")),
        Extension("X-SK-CONTACT-IDENT-NUMBER"),
        Extension("X-SK-ACCEPT-TRUSTEE-TAC", choices=("0", "1"), required=False),
    ),
}


def check(zone: str, params: Mapping[str, str], *, registering: bool) -> None:
    """504 for a required extension that is missing, 541 for a value the zone does not take."""
    for rule in RULES.get(zone, ()):
        value = params.get(rule.name, "").strip()
        if not value:
            needed = rule.required and registering
            if rule.when is not None:
                needed = registering and params.get(rule.when[0], "").strip().upper() in rule.when[1]
            if needed:
                raise MissingAttribute(rule.name)
            continue
        if rule.choices is not None and value.upper() not in rule.choices:
            raise CommandError(f"{rule.name} ({value}): one of {', '.join(rule.choices)}", code=541)
        if rule.pattern is not None and re.fullmatch(rule.pattern, value) is None:
            raise CommandError(f"{rule.name} ({value})", code=541)
