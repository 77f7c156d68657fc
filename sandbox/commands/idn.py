"""ConvertIDN (protocol §4.2, API/DOMAIN/CONVERTIDN.md): each DOMAIN# as ACE and as Unicode.

UTS46 non-transitional via the `idna` package, so `fußball.de` stays `xn--fuball-cta.de` (ref-module §9.6);
ACE input is decoded. A trailing root dot survives (zone names, protocol §1.6).
"""

from __future__ import annotations

import idna

from sandbox.context import CommandContext
from sandbox.errors import InvalidSyntax
from sandbox.protocol import Reply
from sandbox.registry import Param, command


def convert(value: str) -> tuple[str, str]:
    """(ACE, IDN) of one name; ValueError (idna.IDNAError) when it is no valid IDNA name."""
    text = value.strip()
    root = "." if text.endswith(".") and len(text) > 1 else ""
    name = text.rstrip(".")
    ace = idna.encode(name, uts46=True, transitional=False).decode("ascii")
    return ace + root, idna.decode(ace) + root


@command("ConvertIDN", Param("DOMAIN#", required=True))
def convert_idn(ctx: CommandContext) -> Reply:
    keys = sorted(
        (k for k in ctx.params if k == "DOMAIN" or (k.startswith("DOMAIN") and k[6:].isdigit())),
        key=lambda k: int(k[6:]) if k[6:] else -1,
    )
    aces: list[str] = []
    idns: list[str] = []
    for key in keys:
        value = ctx.params[key]
        if not value.strip():
            continue
        try:
            ace, unicode_name = convert(value)
        except (idna.IDNAError, UnicodeError) as exc:
            raise InvalidSyntax(f"Syntax error in Parameter {key} ({value.strip()})") from exc
        aces.append(ace)
        idns.append(unicode_name)
    return Reply.ok(ACE=aces, IDN=idns)
