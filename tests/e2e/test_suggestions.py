"""GetDomainSuggestions end to end (docs/module-behaviour.md §3.2): QueryDomainSuggestionList, then
CheckDomains of the suggested names; WHMCS gets only available names, at most the configured amount."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.faults import Faults
from sandbox.systems import CNR_OTE, ISPAPI
from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, register_in_sandbox
from tests.whmcs.harness import lookup_params

# Every test runs once per registry backend (ispapi, cnr).
pytestmark = [pytest.mark.e2e, pytest.mark.php, pytest.mark.usefixtures("backend")]

# The suggestion command of each backend and its keyword parameter.
SUGGESTION_COMMAND = {
    "ispapi": ("QueryDomainSuggestionList", "KEYWORD"),
    "cnr": ("GetNameSuggestion", "NAME"),
}

RESULT = "WHMCS\\Domains\\DomainLookup\\SearchResult"


@pytest.fixture
def faults(stack: E2EStack) -> Iterator[Faults]:
    """The fault injection of the system the test's backend talks to (the CNR OT&E endpoint has its own),
    cleared afterwards."""
    system = CNR_OTE if stack.backend == "cnr" else ISPAPI
    yield stack.sandbox.system_faults[system]
    stack.sandbox.system_faults[system].clear()


def suggestion_params(label: str, *, amount: str = "10", **overrides: Any) -> dict[str, Any]:
    return lookup_params(
        searchTerm=label,
        punyCodeSearchTerm=label,
        isIdnDomain=False,
        tldsToInclude=[".com", ".net", ".org"],
        suggestionSettings={"suggestions": "on", "suggstionsamount": amount, "suggestionsnoweighted": ""},
        **overrides,
    )


def test_suggestions_are_available_names_up_to_the_amount(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    # The plain keyword is the sandbox's first suggestion; once taken it must not be offered.
    register_in_sandbox(stack, "sunflowerbakery.com")
    result = whmcs_call("GetDomainSuggestions", suggestion_params("sunflowerbakery", amount="10"))
    assert result.exception is None, result.exception
    assert result.returned["__class__"] == "WHMCS\\Domains\\DomainLookup\\ResultsList"
    items = result.returned["items"]
    assert 0 < len(items) <= 10
    assert all(item["__class__"] == RESULT for item in items)
    assert all(item["status"] == "available for registration" for item in items)
    names = {f"{item['secondLevel']}.{item['topLevel']}" for item in items}
    assert "sunflowerbakery.com" not in names
    assert all(item["topLevel"] in {"com", "net", "org"} for item in items)
    command, keyword = SUGGESTION_COMMAND[stack.backend]
    asked = [entry for entry in stack.sandbox.command_log if entry["command"] == command]
    assert asked and asked[-1]["params"][keyword] == "sunflowerbakery"


def test_suggestions_switched_off_ask_nothing(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    before = len(stack.sandbox.command_log)
    params = suggestion_params("quietcorner")
    params["suggestionSettings"]["suggestions"] = ""
    result = whmcs_call("GetDomainSuggestions", params)
    assert result.exception is None, result.exception
    assert result.returned["items"] == []
    assert len(stack.sandbox.command_log) == before


def test_suggestions_with_the_registry_down_throw_so_whmcs_uses_its_own(
    stack: E2EStack, whmcs_call: WhmcsCall, faults: Faults
) -> None:
    faults.set("dropped", 1.0, command=SUGGESTION_COMMAND[stack.backend][0])
    result = whmcs_call("GetDomainSuggestions", suggestion_params("stormybay"))
    # Throw mode (docs/whmcs.md §4.5): WHMCS falls back to its own suggestions.
    assert result.returned is None
    assert result.exception is not None
    assert "[ref " in result.exception["message"]
