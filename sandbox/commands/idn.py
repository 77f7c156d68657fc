"""ConvertIDN (docs/ispapi-wire.md §4.2, API/DOMAIN/CONVERTIDN.md): each DOMAIN# as ACE and as Unicode.

UTS46 non-transitional via the `idna` package, so `fußball.de` stays `xn--fuball-cta.de`
(docs/module-behaviour.md §9.6); ACE input is decoded. A trailing root dot survives (zone names,
docs/ispapi-wire.md §1.6).
"""

from __future__ import annotations

import idna

from sandbox.context import CommandContext
from sandbox.errors import InvalidSyntax
from sandbox.numbers import is_whole_number
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
        (k for k in ctx.params if k == "DOMAIN" or (k.startswith("DOMAIN") and is_whole_number(k[6:]))),
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


# CheckIDNLanguage (seen in the vendor's PHP SDK, docs/ispapi-wire.md §4.2): the IDN language tag a
# registry needs for a name, guessed from the script of its non-ASCII characters. Ordered: the first table row
# with a character of the label wins; Latin letters outside ASCII decide between the languages that use them.
_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("äöüß", "ger"),
    ("åæø", "dan"),
    ("éèêëàâçîïôûùÿœ", "fre"),
    ("ñáíóú", "spa"),
    ("ãõ", "por"),
    ("ąćęłńśźż", "pol"),
    ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "rus"),
    ("αβγδεζηθικλμνξοπρστυφχψω", "gre"),
    ("אבגדהוזחטיכלמנסעפצקרשת", "heb"),
    ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "ara"),
)


def idn_language(label: str) -> str | None:
    lowered = label.lower()
    if lowered.isascii():
        return None
    for letters, language in _LANGUAGES:
        if any(ch in letters for ch in lowered):
            return language
    if any("\u4e00" <= ch <= "\u9fff" for ch in lowered):
        return "chi"
    if any("\u3040" <= ch <= "\u30ff" for ch in lowered):
        return "jpn"
    if any("\uac00" <= ch <= "\ud7af" for ch in lowered):
        return "kor"
    return "latin"


@command("CheckIDNLanguage", Param("DOMAIN", required=True))
def check_idn_language(ctx: CommandContext) -> Reply:
    value = ctx.require("DOMAIN").strip()
    try:
        _, unicode_name = convert(value)
    except (idna.IDNAError, UnicodeError) as exc:
        raise InvalidSyntax(f"Syntax error in Parameter DOMAIN ({value})") from exc
    language = idn_language(unicode_name.split(".", 1)[0])
    if language is None:
        raise InvalidSyntax(f"Parameter DOMAIN ({value}) is no IDN")
    return Reply.ok(LANGUAGE=language)
