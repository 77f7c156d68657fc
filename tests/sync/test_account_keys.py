"""The account key of the bridge's per-account tables (app/sync/account.py): one per backend and system."""

from __future__ import annotations

from app.db.keys import account_key
from app.registrar.base import ModuleConfig
from app.registry import Backend
from app.sync.account import account_for

URL = "http://127.0.0.1:8765/api/call.cgi"


def test_ispapi_keys_are_the_keys_from_before_the_backend_setting() -> None:
    for test_mode, system in ((False, "LIVE"), (True, "OTE")):
        config = ModuleConfig(username="reseller", test_mode=test_mode)
        assert account_for(config, ispapi_url=None) == account_key(system=system, login="reseller")
        assert account_for(config, ispapi_url=URL) == account_key(system=f"{system}@{URL}", login="reseller")


def test_the_same_login_on_cnr_is_another_account() -> None:
    keys = {
        account_for(ModuleConfig(username="reseller", test_mode=mode, backend=backend), ispapi_url=URL)
        for backend in Backend
        for mode in (False, True)
    }
    assert len(keys) == 4


def test_a_cnr_role_user_works_on_its_accounts_data() -> None:
    def key(username: str) -> str:
        return account_for(ModuleConfig(username=username, backend=Backend.CNR), ispapi_url=None)

    assert key("reseller:whmcs") == key("reseller") == key("Reseller")
