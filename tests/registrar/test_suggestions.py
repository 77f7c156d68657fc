"""GetDomainSuggestions (docs/module-behaviour.md §3.2) and the IDN search label, against the in-process
sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from app.errors import InvalidInput
from app.registrar.catalogue.availability import search_label
from app.registrar.catalogue.suggestions import get_domain_suggestions, zones
from tests.sync.conftest import (
    Counting,
    client as client,
    context,
    sandbox as sandbox,
)


def _params(**overrides: Any) -> dict[str, Any]:
    return {
        "searchTerm": "coffee",
        "tldsToInclude": [".com", "net", "org", "co.uk", "shop"],
        "suggestionSettings": {"suggestions": "on", "suggstionsamount": "10"},
        **overrides,
    }


async def test_only_available_names_up_to_the_limit(client: Counting) -> None:
    result = await get_domain_suggestions(
        context("GetDomainSuggestions", _params(), client=client, services=None)
    )
    names = [f"{item['sld']}.{item['tld']}" for item in result.value]
    assert 0 < len(names) <= 10 and len(set(names)) == len(names)
    assert all(item["status"] == "available" for item in result.value)
    sent = [c for c in client.sent if c["COMMAND"] == "QueryDomainSuggestionList"][0]
    # ".com" with a leading dot is kept (5.1.12 dropped it); the second-level co.uk is not a zone here
    assert {sent[k] for k in sent if k.startswith("ZONE")} == {"com", "net", "org", "shop"}
    assert "CheckDomains" in client.count()


async def test_switched_off_or_no_zone_asks_nothing(client: Counting) -> None:
    off = _params(suggestionSettings={"suggestions": ""})
    assert (await get_domain_suggestions(context("X", off, client=client, services=None))).value == []
    none = _params(tldsToInclude=["co.uk"])
    assert (await get_domain_suggestions(context("X", none, client=client, services=None))).value == []
    assert client.sent == []


def test_suppress_weighted_zones() -> None:
    assert zones({"tldsToInclude": "com,net,.org"}, suppress_weighted=True) == ["org"]


async def test_bad_limit_is_refused(client: Counting) -> None:
    bad = _params(suggestionSettings={"suggestions": "on", "suggstionsamount": "lots"})
    with pytest.raises(InvalidInput, match="suggstionsamount"):
        await get_domain_suggestions(context("X", bad, client=client, services=None))


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"searchTerm": "Fußball", "isIdnDomain": True, "punyCodeSearchTerm": "fussball"}, "xn--fuball-cta"),
        ({"searchTerm": "münchen", "isIdnDomain": True, "punyCodeSearchTerm": ""}, "xn--mnchen-3ya"),
        ({"searchTerm": "Example", "isIdnDomain": False, "punyCodeSearchTerm": "x"}, "example"),
    ],
)
def test_idn_label_from_search_term(params: dict[str, Any], label: str) -> None:
    assert search_label(params) == label
