"""Contact text as the registry accepts it: HTML entities decoded, and ASCII for registries that need it.

The product documentation ("Transliteration") promises two things, which 5.1.12 only offered as a WHMCS
hook to copy by hand (docs/module-behaviour.md §6.6):

* HTML entities become the characters they stand for (`d&#039;Alessandro` -> `d'Alessandro`): WHMCS stores
  some form input entity-encoded, and no registry wants `&amp;` in a street name. Done for every TLD.
* Greek becomes Greeklish (and other non-ASCII letters their usual ASCII spelling) - but ONLY for the
  registries in `ASCII_CONTACT_TLDS`, whose EPP servers take the "int" postal info only (RFC 5733 §2.4:
  7-bit ASCII). Every other registry receives the untransliterated UTF-8 the client typed, which is what a
  reseller wants in the WHOIS of a `.gr`, `.de` or `.fr` domain.

A character with no known ASCII spelling (e.g. CJK) for an ASCII-only registry is not silently dropped:
`to_ascii` raises `NotTransliterable`, which the caller reports as InvalidInput naming the field.

Errors (one tree):

    ValueError
    └── NotTransliterable   a character has no ASCII spelling
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["ASCII_CONTACT_TLDS", "NotTransliterable", "clean", "needs_ascii", "to_ascii"]

# Registries whose contact objects accept 7-bit ASCII only (EPP postalInfo type="int" only). Verisign's
# .com/.net/.cc/.tv/.name/.jobs, Neustar/GoDaddy's .us/.biz, auDA's .au namespace. Keyed by the ACE TLD
# (the last label; .com.au etc. are covered by "au"). Data, not code: extend the set to add a registry.
ASCII_CONTACT_TLDS: frozenset[str] = frozenset({"com", "net", "cc", "tv", "name", "jobs", "us", "biz", "au"})

# Greek -> Greeklish (ELOT 743 / ISO 843 simplified, the spelling Greek users type in Latin letters).
# Two-letter combinations first: "ου" is one sound (ou), "μπ" at a word start is "b", and so on.
_GREEK_PAIRS: dict[str, str] = {
    "ου": "ou",
    "ΟΥ": "OU",
    "Ου": "Ou",
    "αυ": "av",
    "ευ": "ev",
    "ΑΥ": "AV",
    "ΕΥ": "EV",
    "Αυ": "Av",
    "Ευ": "Ev",
    "γγ": "ng",
    "γκ": "gk",
    "ντ": "nt",
    "μπ": "mp",
}
_GREEK: dict[str, str] = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
    "Α": "A", "Β": "V", "Γ": "G", "Δ": "D", "Ε": "E", "Ζ": "Z", "Η": "I", "Θ": "Th", "Ι": "I", "Κ": "K",
    "Λ": "L", "Μ": "M", "Ν": "N", "Ξ": "X", "Ο": "O", "Π": "P", "Ρ": "R", "Σ": "S", "Τ": "T", "Υ": "Y",
    "Φ": "F", "Χ": "Ch", "Ψ": "Ps", "Ω": "O",
}  # fmt: skip
# Cyrillic (Russian/Ukrainian/Bulgarian letters, passport-style romanisation).
_CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Latin letters that Unicode does not decompose into a base letter plus marks.
_LATIN: dict[str, str] = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "ŋ": "ng",
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ",
}  # fmt: skip
_SINGLE: dict[str, str] = {
    **_GREEK,
    **_CYRILLIC,
    **{k.upper(): v.capitalize() for k, v in _CYRILLIC.items() if v},
    **_LATIN,
}


class NotTransliterable(ValueError):
    """`text` holds a character without an ASCII spelling (the caller names the field)."""

    def __init__(self, character: str) -> None:
        super().__init__(f"no ASCII spelling for {character!r}")
        self.character = character


def clean(value: str) -> str:
    """HTML entities decoded (twice-encoded `&amp;#039;` too), surrounding whitespace removed."""
    decoded = html.unescape(value)
    if "&" in decoded:
        decoded = html.unescape(decoded)
    return decoded.strip()


def needs_ascii(tld: str) -> bool:
    """True when the registry of `tld` (ACE or Unicode, with or without dot) takes ASCII contacts only."""
    return tld.strip(".").lower().rsplit(".", 1)[-1] in ASCII_CONTACT_TLDS


def _strip_accents(text: str) -> str:
    # Tonos/dialytika on Greek, acute/umlaut/caron on Latin: decompose and drop the combining marks.
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def to_ascii(text: str) -> str:
    """Greek -> Greeklish, Cyrillic -> Latin, accented Latin -> base letters; raises NotTransliterable."""
    if text.isascii():
        return text
    plain = _strip_accents(text)
    out: list[str] = []
    i = 0
    while i < len(plain):
        pair = plain[i : i + 2]
        if pair in _GREEK_PAIRS:
            out.append(_GREEK_PAIRS[pair])
            i += 2
            continue
        ch = plain[i]
        if ch.isascii():
            out.append(ch)
        elif ch in _SINGLE:
            out.append(_SINGLE[ch])
        else:
            raise NotTransliterable(ch)
        i += 1
    return unicodedata.normalize("NFC", "".join(out))
