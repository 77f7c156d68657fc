"""IDN policy per TLD: which scripts a registry accepts in a label and whether it wants a language tag.

Real registries differ (docs/module-behaviour.md §9.6, docs/field-reports.md §2c, docs/ispapi-wire.md §4.2
``X-IDN-LANGUAGE``). The facts below are plausible simplifications, kept as tables so a test can read them:

* Verisign zones (.com, .net, .cc, .tv, .name): every script, and an IDN name needs ``X-IDN-LANGUAGE``
  (Verisign's IDN tables are chosen per language tag).
* generic TLDs (kind ``gtld``): Latin with diacritics, Cyrillic, Greek and the CJK scripts, no tag.
* an IDN TLD (``xn--...``): the script(s) of its own name only (.рф Cyrillic, .中国 Han).
* ccTLDs listed in ``_CCTLD_SCRIPTS``: their own script(s); .de etc. also limit the Latin letters to the
  registry's character list (DENIC's list is a table of ~90 letters; ours is a subset of it).
* every other ccTLD and every second-level zone (co.uk, com.au, ...): no IDN at all. The .uk family is the
  well-known example (Nominet allows ASCII only).

A label's script is read from the Unicode character name (``LATIN SMALL LETTER U WITH DIAERESIS`` ->
LATIN); ASCII characters are always allowed. ``check`` answers None or the refusal text for the REASON
column; ``tag_problem`` answers the 504/541 problem of an ``X-IDN-LANGUAGE`` value.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["IdnPolicy", "LANGUAGE_SCRIPTS", "label_scripts", "policy_for", "tag_scripts"]

ALL = frozenset({"LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC", "HAN", "HIRAGANA", "KATAKANA", "HANGUL"})
CJK = frozenset({"HAN", "HIRAGANA", "KATAKANA", "HANGUL"})
_GENERIC = frozenset({"LATIN", "CYRILLIC", "GREEK"}) | CJK


@dataclass(frozen=True, slots=True)
class IdnPolicy:
    """``scripts`` empty = no IDN; ``letters`` (non-ASCII) limits Latin further when not empty."""

    scripts: frozenset[str]
    tag_required: bool = False
    letters: frozenset[str] = frozenset()

    @property
    def accepts_idn(self) -> bool:
        return bool(self.scripts)

    def refusal(self, label: str) -> str | None:
        """None when the (Unicode, lower-case) label is acceptable, else the REASON text."""
        if label.isascii():
            return None
        if not self.scripts:
            return "IDN not supported for this TLD"
        scripts = label_scripts(label)
        if not scripts <= self.scripts:
            return "IDN script not supported for this TLD"
        if self.letters and any(not ch.isascii() and ch not in self.letters for ch in label):
            return "IDN characters not supported for this TLD"
        return None


NO_IDN = IdnPolicy(frozenset())
_VERISIGN = IdnPolicy(ALL, tag_required=True)
_GTLD = IdnPolicy(_GENERIC)

# Letters DENIC (and the registries copying its table) accept besides a-z, 0-9 and "-".
_DENIC_LETTERS = frozenset(
    "áàăâåäãąāæćĉčċçďđéèĕêěëėęēğĝġģĥħíìĭîïĩįīıĵķĺľļłńňñņŋóòŏôöőõøōœĸŕřŗśŝšşťţŧúùŭûůüűũųūŵýŷÿźžżðþß"
)

POLICIES: dict[str, IdnPolicy] = {
    **dict.fromkeys(("com", "net", "cc", "tv", "name"), _VERISIGN),
    **{tld: IdnPolicy(frozenset({"LATIN"}), letters=_DENIC_LETTERS) for tld in ("de", "at", "ch", "li")},
    "ru": NO_IDN,  # .ru takes ASCII only; Cyrillic names live under .рф
}

_CCTLD_SCRIPTS: dict[str, frozenset[str]] = {
    "cn": frozenset({"HAN"}),
    "tw": frozenset({"HAN"}),
    "hk": frozenset({"HAN"}),
    "jp": frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    "kr": frozenset({"HANGUL"}),
    "su": frozenset({"CYRILLIC", "LATIN"}),
    "eu": frozenset({"LATIN", "GREEK", "CYRILLIC"}),
    "gr": frozenset({"GREEK"}),
    "il": frozenset({"HEBREW"}),
    **{tld: frozenset({"LATIN"}) for tld in ("dk", "se", "no", "fi", "fr", "es", "pl", "pt", "nl", "be")},
}

# X-IDN-LANGUAGE tags (ISO 639-2/B, as Verisign and CheckIDNLanguage use them) and the scripts they cover.
# "latin" is what CheckIDNLanguage answers for Latin letters outside its language table.
LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    **{
        tag: frozenset({"LATIN"})
        for tag in (
            "latin", "ger", "dan", "fre", "spa", "por", "pol", "ita", "dut", "swe", "nor", "fin", "ice",
            "hun", "cze", "slo", "slv", "hrv", "rum", "tur", "est", "lav", "lit", "cat", "alb",
        )
    },
    **{tag: frozenset({"CYRILLIC"}) for tag in ("rus", "ukr", "bul", "bel", "srp", "mac")},
    "gre": frozenset({"GREEK"}),
    "heb": frozenset({"HEBREW"}),
    "ara": frozenset({"ARABIC"}),
    "per": frozenset({"ARABIC"}),
    "chi": frozenset({"HAN"}),
    "jpn": frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    "kor": frozenset({"HANGUL", "HAN"}),
}  # fmt: skip

# The API reference's example tag is two-letter (`DE` for German, API/DOMAIN/CHECKDOMAINS.md).
_TWO_LETTER = {
    "de": "ger", "da": "dan", "fr": "fre", "es": "spa", "pt": "por", "pl": "pol", "it": "ita", "nl": "dut",
    "sv": "swe", "ru": "rus", "uk": "ukr", "el": "gre", "he": "heb", "ar": "ara", "zh": "chi", "ja": "jpn",
    "ko": "kor",
}  # fmt: skip

# Unicode name prefixes that are one script for us (CJK UNIFIED IDEOGRAPH -> HAN).
_NAME_SCRIPT = {"CJK": "HAN"}


def label_scripts(label: str) -> frozenset[str]:
    """Scripts of the non-ASCII letters of ``label`` (``{"LATIN"}`` for "müller"); unnamed chars -> "?"."""
    scripts: set[str] = set()
    for ch in label:
        if ch.isascii():
            continue
        first = unicodedata.name(ch, "?").split(" ", 1)[0]
        scripts.add(_NAME_SCRIPT.get(first, first))
    return frozenset(scripts)


def tag_scripts(tag: str) -> frozenset[str] | None:
    """Scripts a language tag covers (any case, two- or three-letter); None for an unknown tag."""
    key = tag.strip().lower()
    return LANGUAGE_SCRIPTS.get(_TWO_LETTER.get(key, key))


def _own_scripts(unicode_name: str) -> frozenset[str]:
    return label_scripts(unicode_name.replace(".", "")) & ALL


def policy_for(name: str, unicode_name: str, kind: str) -> IdnPolicy:
    """The IDN policy of one catalogue TLD (ACE ``name``, its Unicode form and kind)."""
    if name in POLICIES:
        return POLICIES[name]
    if name.startswith("xn--") or unicode_name != name:
        own = _own_scripts(unicode_name)
        return IdnPolicy(own) if own else NO_IDN
    if kind == "gtld":
        return _GTLD
    if kind == "cctld" and name in _CCTLD_SCRIPTS:
        return IdnPolicy(_CCTLD_SCRIPTS[name])
    return NO_IDN
