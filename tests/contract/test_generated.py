"""The generated files (lib/Contract.php, docs/contract.md) are what the contract table renders today, and
the command that writes them checks and rewrites them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.contract.generate import main, stale
from app.contract.render import GENERATE_COMMAND, outputs, php_literal

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("output", outputs(), ids=lambda o: o.path)
def test_checked_in_file_equals_a_fresh_generation(output) -> None:  # type: ignore[no-untyped-def]
    path = REPO / output.path
    assert path.is_file(), f"{output.path} is missing; run: {GENERATE_COMMAND}"
    assert path.read_text("utf-8") == output.text, f"{output.path} is stale; run: {GENERATE_COMMAND}"


def test_generated_files_say_so() -> None:
    for output in outputs():
        head = "\n".join(output.text.splitlines()[:3])
        assert "GENERATED from app/contract/" in head and "do not edit" in head, output.path


def test_check_names_the_stale_file_and_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for output in outputs():
        (tmp_path / output.path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / output.path, tmp_path / output.path)
    (tmp_path / "php-shim").mkdir(exist_ok=True)
    assert main(["--check", "--root", str(tmp_path)]) == 0
    php = tmp_path / outputs()[0].path
    php.write_text(php.read_text("utf-8").replace("'money' => true", "'money' => false"), "utf-8")
    assert stale(tmp_path) == [outputs()[0].path]
    assert main(["--check", "--root", str(tmp_path)]) == 1
    assert (
        f"lib/Contract.php differs from the contract table; run: {GENERATE_COMMAND}"
        in capsys.readouterr().err
    )
    assert main(["--root", str(tmp_path)]) == 0
    assert stale(tmp_path) == []


def test_outside_the_repository_the_command_refuses(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path)]) == 2
    assert list(tmp_path.iterdir()) == []


def test_php_literals_escape_quotes_and_backslashes() -> None:
    assert php_literal({"a'b": ["c\\d", None, True, 3]}) == "['a\\'b' => ['c\\\\d', null, true, 3]]"
