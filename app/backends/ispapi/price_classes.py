"""Price class -> TLD extension (docs/module-behaviour.md §8.3).

XN--... classes      "." + the Unicode form (ConvertIDN, once per refresh)
known second level   COUK -> .co.uk: every zone of second_level_zones.txt without dots, upper-cased
special              NAMESLD -> .name (the .name second-level product)
anything else        "." + lower-case class
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_SPECIAL = {"NAMESLD": "name"}


@lru_cache(maxsize=1)
def second_level_classes() -> dict[str, str]:
    text = (
        resources.files("app.backends.ispapi").joinpath("second_level_zones.txt").read_text(encoding="utf-8")
    )
    zones = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {zone.replace(".", "").upper(): zone for zone in zones}


def is_idn_class(cls: str) -> bool:
    return cls.upper().startswith("XN--")


def ace_zone(cls: str) -> str:
    """The zone (ACE, no dot) a non-IDN or IDN class stands for: COUK -> co.uk, XN--P1AI -> xn--p1ai."""
    upper = cls.upper()
    if upper in _SPECIAL:
        return _SPECIAL[upper]
    return second_level_classes().get(upper, upper.lower())
