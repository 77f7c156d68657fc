"""Module-level functions end to end: the local ones WHMCS calls on every page (answered in php without the
bridge; docs/module-behaviour.md §13.8 fixed: no activity line per call) and config_validate through the
bridge."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import WhmcsCall
from tests.e2e.stack import E2EStack, domain_params_for, fresh_domain, recorded

pytestmark = [pytest.mark.e2e, pytest.mark.php]


def test_get_config_array_is_local_and_logs_nothing(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("getConfigArray", {})
    assert result.returned["FriendlyName"] == {"Type": "System", "Value": "ISPAPI"}
    assert {"Username", "Password", "TestMode", "TRANSFERCARTPRECHECK", "BridgeURL"} <= set(result.returned)
    # docs/module-behaviour.md §13.8: 5.1.12 wrote an activity-log line on every call; no log and no bridge
    # call here.
    assert result.activity == [] and result.modulelog == []


def test_meta_data_is_local(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("MetaData", {})
    assert result.returned["DisplayName"] == "ISPAPI (bridge)" and result.returned["APIVersion"] == "1.1"
    assert result.modulelog == []


def test_domain_suggestion_options_are_local(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("DomainSuggestionOptions", {})
    assert "suggestions" in result.returned and result.modulelog == []


def test_client_area_adds_nothing_and_calls_nothing(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("ClientArea", domain_params_for(fresh_domain()))
    assert result.returned == "" and result.modulelog == []


def test_client_area_buttons_are_local(whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("ClientAreaCustomButtonArray", domain_params_for(fresh_domain("ca")))
    assert isinstance(result.returned, dict) and result.modulelog == []
    assert result.returned["Private Nameservers List"] == "pnslist"  # offered for every domain


# How each backend checks the module's login: ISPAPI has a command for it, CNR proves it with a small read.
LOGIN_CHECK = {"ispapi": "CheckAuthentication", "cnr": "StatusAccount"}


@pytest.mark.usefixtures("backend")
def test_config_validate_accepts_the_right_credentials(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    with recorded(stack, stack.login) as seen:
        result = whmcs_call("config_validate", {})
    assert result.exception is None, result.exception
    assert [entry["command"] for entry in seen] == [LOGIN_CHECK[stack.backend]]


@pytest.mark.usefixtures("backend")
def test_config_validate_refuses_a_wrong_password(stack: E2EStack, whmcs_call: WhmcsCall) -> None:
    result = whmcs_call("config_validate", {}, config=stack.module_config(Password="wrong-password-1"))
    assert result.exception is not None
    assert result.exception["message"].startswith("Connecting to the OT&E Environment failed. (530 ")
    assert "wrong-password-1" not in result.texts()
