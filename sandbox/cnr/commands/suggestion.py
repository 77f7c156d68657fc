"""GetNameSuggestion: alternative names for NAME (TYPE SUGGEST), with their availability in this world.

The real service asks an outside engine; the sandbox makes deterministic alternatives (the name itself and
common prefixes and suffixes) over the requested TLDs, so tests can rely on them."""

from __future__ import annotations

import re

from sandbox.cnr.table import BOOL, command
from sandbox.context import CommandContext
from sandbox.errors import CommandError
from sandbox.protocol import Reply
from sandbox.registry import INT_RE, IPV4_RE, Param

DEFAULT_TLDS = ("com", "de", "net", "org", "ch", "info", "co.uk", "es", "com.br", "eu")
PREFIXES = ("", "get", "my", "the", "go")
SUFFIXES = ("", "online", "hq", "app", "shop")
LANGUAGES = ("ENG", "SPA", "ITA", "JPN", "TUR", "CHI", "GER", "POR", "FRE", "KOR")


@command(
    "GetNameSuggestion",
    Param("NAME", required=True),
    Param("TYPE", choices=("SUGGEST",)),
    Param("LANGUAGE", choices=LANGUAGES),
    Param("TLD#", max_index=255),
    Param("IPADDRESS", pattern=IPV4_RE),
    *(Param(flag, pattern=BOOL) for flag in ("USE-NUMBERS", "USE-IDNS", "USE-DASHES", "FILTER-CONTENT")),
    Param("SHOW-UNAVAILABLE", pattern=BOOL),
    Param("MAX-LENGTH", pattern=INT_RE),
    Param("MAX-RESULTS", pattern=INT_RE),
)
def get_name_suggestion(ctx: CommandContext) -> Reply:
    label = re.sub(r"[^a-z0-9-]", "", ctx.require("NAME").lower().split(".")[0].replace(" ", ""))
    if not label:
        raise CommandError(f"NAME ({ctx.p('NAME')})", code=505)
    max_results = int(ctx.p("MAX-RESULTS") or 30)
    max_length = int(ctx.p("MAX-LENGTH") or 63)
    if not 1 <= max_results <= 99 or not 3 <= max_length <= 63:
        raise CommandError("MAX-RESULTS 1-99, MAX-LENGTH 3-63", code=541)
    tlds = [t.lower().lstrip(".") for t in ctx.indexed("TLD")] or list(DEFAULT_TLDS)
    tlds = [t for t in tlds if ctx.catalogue.get(t) is not None]
    show_taken = bool(ctx.flag("SHOW-UNAVAILABLE"))
    names: list[str] = []
    states: list[str] = []
    for candidate in _labels(label, max_length):
        for tld in tlds:
            name = f"{candidate}.{tld}"
            taken = name in ctx.world.domains
            if (taken and not show_taken) or name in names:
                continue
            names.append(name)
            states.append("registered" if taken else "available")
    return Reply.ok(NAME=names[:max_results], AVAILABILITY=states[:max_results])


def _labels(label: str, max_length: int) -> list[str]:
    found = [f"{p}{label}{s}" for p in PREFIXES for s in SUFFIXES if not (p and s)]
    return [name for name in found if len(name) <= max_length]
