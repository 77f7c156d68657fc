"""No function of the bridge or the sandbox is longer than 60 lines (docs/conventions.md §8).

A long function is split into named steps; data belongs in tables at module level, which this test does not
count. Migrations are exempt: an alembic `upgrade()` is a schema written out as calls, a table in all but
form. The allow-list names the functions still over the limit, each with the reason (none now).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 60
SCANNED = ("app", "sandbox")
EXEMPT_FOLDERS = ("app/migrations/",)

# "path:qualified name" -> why it may still be long (empty: every family has merged its splits). A new entry
# needs a reason and a plan; the second test fails when a listed function got short.
ALLOWED: dict[str, str] = {}


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            yield prefix + node.name, node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")


def long_functions() -> dict[str, int]:
    """Every function over the limit: "path:qualified name" -> its length in lines (decorators excluded)."""
    found: dict[str, int] = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(EXEMPT_FOLDERS):
                continue
            for name, length in _functions(ast.parse(path.read_text(encoding="utf-8"))):
                if length > LIMIT:
                    found[f"{relative}:{name}"] = length
    return found


def test_no_function_is_longer_than_the_limit() -> None:
    extra = {name: length for name, length in long_functions().items() if name not in ALLOWED}
    assert not extra, "split these functions into named steps (or move their data to a table): " + ", ".join(
        f"{name} ({length} lines)" for name, length in sorted(extra.items())
    )


def test_the_allow_list_names_only_functions_that_are_still_long() -> None:
    stale = sorted(set(ALLOWED) - set(long_functions()))
    assert not stale, f"no longer over {LIMIT} lines (or gone), remove from ALLOWED: {stale}"
