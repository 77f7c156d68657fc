"""Each defect of ref-module.md §13 has at least one test, and every test named in tests/defects.py exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.defects import DEFECTS

REPO = Path(__file__).resolve().parents[1]
SECTION_13 = (REPO.parent / "shared" / "docs" / "ref-module.md", REPO / "shared" / "docs" / "ref-module.md")


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def test_every_section_13_item_is_listed() -> None:
    numbers = sorted(int(key.split()[0].split(".")[1]) for key in DEFECTS)
    assert numbers == list(range(1, 12))  # §13 lists eleven items
    assert all(tests for tests in DEFECTS.values())


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_every_listed_test_exists(defect: str) -> None:
    for entry in DEFECTS[defect]:
        file, _, name = entry.partition("::")
        path = REPO / file
        assert path.is_file(), entry
        assert name in _test_functions(path), entry


def test_the_list_matches_the_reference_document_when_it_is_there() -> None:
    doc = next((p for p in SECTION_13 if p.is_file()), None)
    if doc is None:  # the reference docs live beside the repository, not in it
        return
    text = doc.read_text()
    section = text[text.index("## 13.") : text.index("## 14.")]
    items = re.findall(r"^(\d+)\. ", section, re.M)
    assert len(items) == len(DEFECTS)
