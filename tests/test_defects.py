"""Each defect of docs/module-behaviour.md §13 has a test; every test that tests/defects.py names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.defects import DEFECTS

REPO = Path(__file__).resolve().parents[1]
MODULE_BEHAVIOUR = REPO / "docs" / "module-behaviour.md"


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def test_every_section_13_item_is_listed() -> None:
    numbers = sorted(int(key.split()[0].split(".")[1]) for key in DEFECTS)
    assert numbers == list(range(1, 12))  # docs/module-behaviour.md §13 lists eleven items
    assert all(tests for tests in DEFECTS.values())


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_every_listed_test_exists(defect: str) -> None:
    for entry in DEFECTS[defect]:
        file, _, name = entry.partition("::")
        path = REPO / file
        assert path.is_file(), entry
        assert name in _test_functions(path), entry


def test_the_list_matches_section_13_of_the_module_behaviour() -> None:
    text = MODULE_BEHAVIOUR.read_text(encoding="utf-8")
    section = text[text.index("\n## 13.") : text.index("\n## 14.")]
    items = re.findall(r"^### 13\.(\d+) ", section, re.M)
    assert [int(n) for n in items] == list(range(1, len(DEFECTS) + 1))
