"""Every `ispapi_<Function>` the shim defines has an end-to-end test; the map is
tests/e2e/coverage.py. Test names are collected by parsing the test files with `ast` (no import, no run)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from tests.e2e.coverage import COVERAGE
from tests.whmcs.harness import MODULE_DIR, REPO

_DEFINED = re.compile(r"^function ispapi_(\w+)\(", re.M)


def defined_functions() -> list[str]:
    return _DEFINED.findall((MODULE_DIR / "ispapi.php").read_text("utf-8"))


@cache
def collected_tests(path: Path) -> frozenset[str]:
    """`test_x` at module level and `Class::test_x` for test classes."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                    names.add(f"{node.name}::{item.name}")
    return frozenset(names)


def problem_of(function: str, target: str) -> str | None:
    """Why `target` is not an e2e test of `function` (None when it is)."""
    file, sep, name = target.partition("::")
    path = REPO / file
    if not sep or not file.startswith("tests/e2e/test_") or not file.endswith(".py"):
        return f"{function}: {target!r} is not 'tests/e2e/test_<file>.py::<test>'"
    if not path.is_file():
        return f"{function}: {file} does not exist"
    if name not in collected_tests(path):
        return f"{function}: {file} has no test {name}"
    if f'"{function}"' not in path.read_text("utf-8"):
        return f"{function}: {file} never names the function"
    return None


def test_the_shim_defines_functions() -> None:
    functions = defined_functions()
    assert len(functions) == len(set(functions))
    assert {"RegisterDomain", "getConfigArray", "AdminDomainsTabFields"} <= set(functions)


def test_every_defined_function_has_an_end_to_end_test() -> None:
    missing = [function for function in defined_functions() if function not in COVERAGE]
    assert missing == [], (
        f"ispapi.php functions without an end-to-end test in tests/e2e/coverage.py: {missing}"
    )


def test_every_mapped_test_exists_and_names_its_function() -> None:
    problems = [p for function, target in COVERAGE.items() if (p := problem_of(function, target)) is not None]
    assert problems == []


def test_the_map_has_no_stale_entries() -> None:
    stale = sorted(set(COVERAGE) - set(defined_functions()))
    assert stale == [], f"tests/e2e/coverage.py maps functions ispapi.php no longer defines: {stale}"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("tests/e2e/test_module.py::test_meta_data_is_local", None),
        (
            "tests/e2e/test_module.py::test_nothing_like_this",
            "MetaData: tests/e2e/test_module.py has no test",
        ),
        ("tests/e2e/test_missing.py::test_x", "MetaData: tests/e2e/test_missing.py does not exist"),
        (
            "tests/e2e/test_lifecycle.py::test_request_delete_puts_the_domain_into_pending_delete",
            "never names",
        ),
        ("tests/shim/test_admin.py::test_x", "is not 'tests/e2e/test_<file>.py::<test>'"),
    ],
)
def test_the_checker_catches_bad_entries(target: str, expected: str | None) -> None:
    found = problem_of("MetaData", target)
    if expected is None:
        assert found is None
    else:
        assert found is not None and expected in found
