"""The field data and translation files are validated when the bridge starts.

`create_app` loads every definition and translation file (the reseller's BRIDGE_FIELDS_OVERRIDE_DIR on
top); a bad file raises DefinitionError naming it, and `ispapi-bridge serve` turns that into a
configuration problem (exit code 2, no traceback) instead of failing the first order that needs the file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.additional_fields import DefinitionError, Operation, configure, default_registry, engine
from app.main import create_app
from app.registrar.fields import catalogue
from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SECRET = "startup-secret-8c27e4f15a9d3b60"


@pytest.fixture(autouse=True)
def builtin_registry_afterwards() -> Iterator[None]:
    """Every test here reconfigures the process-wide registry: put the built-in one back."""
    yield
    engine._loaded.cache_clear()
    configure(override_dir=None)


def settings(tmp_path: Path, override: Path | None) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        secret=SECRET,
        database_url=f"sqlite:///{tmp_path / 'bridge.db'}",
        fields_override_dir=override,
    )


def ca_label(language: str) -> str:
    return str(default_registry().whmcs_fields("ca", Operation.REGISTER, language=language)[0]["DisplayName"])


def test_create_app_applies_the_reseller_override(tmp_path: Path) -> None:
    override = tmp_path / "texts"
    override.mkdir()
    (override / "german.toml").write_text('"ca.legal_type.label" = "Rechtsform (CIRA)"\n')
    create_app(settings(tmp_path, override))
    assert ca_label("german") == "Rechtsform (CIRA)"
    assert ca_label("french") != "Rechtsform (CIRA)"  # other languages keep the built-in text
    german_ca = catalogue()["languages"]["german"]["ca"]["register"]
    assert german_ca[0]["DisplayName"] == "Rechtsform (CIRA)"  # the shim's cache document follows


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ('"ca.legal_type.label" = \n', "not valid TOML"),  # syntax error
        ('"ca.legal_type.label" = 3\n', "must be a string"),  # wrong type
        ('"ca.legal_typ.label" = "Rechtsform"\n', "unknown key 'ca.legal_typ.label'"),  # a typo
    ],
)
def test_create_app_refuses_a_bad_override_file_naming_it(tmp_path: Path, content: str, needle: str) -> None:
    override = tmp_path / "texts"
    override.mkdir()
    (override / "german.toml").write_text(content)
    with pytest.raises(DefinitionError) as info:
        create_app(settings(tmp_path, override))
    assert str(override / "german.toml") in str(info.value)
    assert needle in str(info.value)


def test_create_app_refuses_a_bad_data_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(engine.DATA_DIR, data)
    broken = 'tld = "ca"\noperations = ["register"]\n[[fields]]\nname = "X"\ntype = "radio"\n'
    (data / "ca.toml").write_text(broken)  # "radio" is not a field type
    with pytest.MonkeyPatch.context() as patch:  # undone before the autouse fixture reloads the built-ins
        patch.setattr(engine, "DATA_DIR", data)
        engine._loaded.cache_clear()
        with pytest.raises(DefinitionError) as info:
            create_app(settings(tmp_path, None))
    assert "ca.toml: field 'X': type" in str(info.value)


def test_override_dir_that_does_not_exist_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="BRIDGE_FIELDS_OVERRIDE_DIR .* is not a directory"):
        settings(tmp_path, tmp_path / "missing")


def test_serve_does_not_start_with_a_broken_override_file(tmp_path: Path) -> None:
    override = tmp_path / "texts"
    override.mkdir()
    (override / "french.toml").write_text('"ca.legal_type.label" = "Type\n')
    base = {k: v for k, v in os.environ.items() if not k.startswith("BRIDGE_")}
    env = {
        **base,
        "PYTHONPATH": str(ROOT),
        "BRIDGE_SECRET": SECRET,
        "BRIDGE_DATABASE_URL": f"sqlite:///{tmp_path / 'bridge.db'}",
        "BRIDGE_PORT": "9",  # never bound: the start-up stops before listening
        "BRIDGE_FIELDS_OVERRIDE_DIR": str(override),
    }
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "configuration problem" in done.stderr
    assert str(override / "french.toml") in done.stderr and "not valid TOML" in done.stderr
    assert "Traceback" not in done.stderr and "listening" not in done.stderr
