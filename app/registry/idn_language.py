"""The IDN language tag (`X-IDN-LANGUAGE`) of a domain name, in one place for search and registration.

Registries differ per TLD (docs/module-behaviour.md §9.6, docs/field-reports.md §2c,
docs/ispapi-wire.md §4.2): Verisign's zones need a language tag on CheckDomains, AddDomain and
TransferDomain for an IDN name; others ignore it. The bridge cannot ask the registry for a per-TLD IDN table
in one call, so it derives the tag per name:

* WHMCS's `idnLanguage` (domain params of Register/Transfer, docs/whmcs.md §1.2) wins when given; its
  codes are mapped to the registry's three-letter ISO 639-2/B tags (`de`/`deu`/`GER` -> `ger`);
* otherwise the tag is guessed from the script of the label, with the same table as the registry's
  CheckIDNLanguage (docs/ispapi-wire.md §4.2): `ä ö ü ß` -> ger, Cyrillic -> rus, Han -> chi, ...
* an ASCII name never gets a tag.

Nothing here raises: a label that is no valid punycode counts as ASCII (the registry answers it itself).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["IDN_LANGUAGE", "detect_language", "language_tag", "tag_params", "unicode_label", "whmcs_language"]

IDN_LANGUAGE = "X-IDN-LANGUAGE"

# CheckIDNLanguage's order: the first row with a character of the label wins; Latin letters outside ASCII
# decide between the languages that use them.
_LETTERS: tuple[tuple[str, str], ...] = (
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
# Code point blocks for scripts without a letter row: (first, last, tag).
_BLOCKS: tuple[tuple[str, str, str], ...] = (
    ("\u4e00", "\u9fff", "chi"),
    ("\u3040", "\u30ff", "jpn"),
    ("\uac00", "\ud7af", "kor"),
)
_FALLBACK = "latin"

# WHMCS codes that are not already the registry's tag: ISO 639-1 and ISO 639-2/T forms of the same language.
_ALIASES: dict[str, str] = {
    "de": "ger", "deu": "ger", "da": "dan", "fr": "fre", "fra": "fre", "es": "spa", "pt": "por",
    "pl": "pol", "ru": "rus", "el": "gre", "ell": "gre", "he": "heb", "ar": "ara", "zh": "chi",
    "zho": "chi", "ja": "jpn", "ko": "kor", "it": "ita", "nl": "dut", "nld": "dut", "sv": "swe",
    "cs": "cze", "ces": "cze", "sk": "slo", "slk": "slo", "ro": "rum", "ron": "rum", "uk": "ukr",
    "bg": "bul", "hu": "hun", "tr": "tur", "fa": "per", "fas": "per", "is": "ice", "isl": "ice",
    "sq": "alb", "sqi": "alb", "hy": "arm", "hye": "arm", "ka": "geo", "kat": "geo", "mk": "mac",
    "mkd": "mac", "cy": "wel", "cym": "wel", "eu": "baq", "eus": "baq", "no": "nor", "fi": "fin",
}  # fmt: skip
_CODE = re.compile(r"[a-z]{2,3}|latin")


def unicode_label(label: str) -> str:
    """The Unicode form of one label (ACE `xn--...` decoded, lower-case); the label itself when invalid."""
    text = label.strip().lower()
    if text.startswith("xn--"):
        try:
            return text[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            return text
    return text


def detect_language(label: str) -> str | None:
    """The language tag CheckIDNLanguage would answer for a label (ACE or Unicode); None when ASCII."""
    text = unicode_label(label)
    if text.isascii():
        return None
    for letters, tag in _LETTERS:
        if any(ch in letters for ch in text):
            return tag
    for first, last, tag in _BLOCKS:
        if any(first <= ch <= last for ch in text):
            return tag
    return _FALLBACK


def whmcs_language(code: object) -> str | None:
    """WHMCS's `idnLanguage` as a registry tag; None when empty or no language code at all."""
    text = str(code or "").strip().lower()
    if not _CODE.fullmatch(text):
        return None
    return _ALIASES.get(text, text)


def language_tag(domain: str, *, whmcs_code: object = None) -> str | None:
    """The X-IDN-LANGUAGE value for a full domain name (ACE or Unicode), or None for an ASCII name.

    The registrable label decides (the first one); the TLD's own script does not: `müller.рф` is German.
    """
    labels = [label for label in domain.strip().rstrip(".").split(".") if label]
    if len(labels) < 2:
        return None
    names = labels[:-1]
    if all(unicode_label(label).isascii() for label in names):
        return None
    given = whmcs_language(whmcs_code)
    if given is not None:
        return given
    return next((tag for tag in map(detect_language, names) if tag is not None), None)


def tag_params(domain: str, params: Mapping[str, object] | None = None) -> dict[str, str]:
    """`{"X-IDN-LANGUAGE": tag}` for an IDN name (WHMCS's `idnLanguage` from `params` first), else {}."""
    code = params.get("idnLanguage") if params is not None else None
    tag = language_tag(domain, whmcs_code=code)
    return {} if tag is None else {IDN_LANGUAGE: tag}
