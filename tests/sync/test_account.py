"""Account keys name the backend: a CNR account never reads an ISPAPI account's snapshot, holds or caches,
and ISPAPI keys keep the form they had before a second backend existed."""

from __future__ import annotations

from types import SimpleNamespace

from app.db.keys import account_key
from app.registrar.base import ModuleConfig
from app.registry import Backend
from app.sync.account import account_for, account_of

ISPAPI_URL = "http://127.0.0.1/api/call.cgi"
CNR_URL, CNR_OTE_URL = "http://127.0.0.1/cnr/api/call.cgi", "http://127.0.0.1/cnr-ote/api/call.cgi"
SETTINGS = SimpleNamespace(ispapi_url=ISPAPI_URL, cnr_url=CNR_URL, cnr_ote_url=CNR_OTE_URL)


def test_ispapi_keys_are_unchanged() -> None:
    config = ModuleConfig(username="Reseller!role", test_mode=True)
    assert account_for(config, ispapi_url=ISPAPI_URL) == account_key(
        system=f"OTE@{ISPAPI_URL}", login="reseller"
    )
    assert account_of(config, SETTINGS) == account_for(config, ispapi_url=ISPAPI_URL)
    assert account_for(ModuleConfig(username="reseller")) == account_key(system="LIVE", login="reseller")


def test_the_same_login_on_cnr_is_another_account() -> None:
    keys = {
        account_of(ModuleConfig(backend=backend, username="reseller", test_mode=ote), SETTINGS)
        for backend in Backend
        for ote in (False, True)
    }
    assert len(keys) == 4


def test_the_cnr_endpoint_is_part_of_the_system() -> None:
    live = ModuleConfig(backend=Backend.CNR, username="reseller")
    assert account_of(live, SETTINGS) == account_for(live, cnr_url=CNR_URL)
    assert account_of(live, SETTINGS) != account_for(live)
    ote = ModuleConfig(backend=Backend.CNR, username="reseller", test_mode=True)
    assert account_of(ote, SETTINGS) == account_for(ote, cnr_ote_url=CNR_OTE_URL)


def test_a_cnr_role_user_works_on_its_account() -> None:
    role = ModuleConfig(backend=Backend.CNR, username="Reseller:sync-role")
    assert account_of(role, SETTINGS) == account_of(
        ModuleConfig(backend=Backend.CNR, username="reseller"), SETTINGS
    )
