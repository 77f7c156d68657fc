"""Which end-to-end tests run once per backend, read from the test files with `ast` (no import, no run),
and where each WHMCS function stands on CNR (tests/e2e/coverage.py says what the states mean).

A test runs per backend when the `backend` fixture (tests/e2e/conftest.py) reaches it: through
`pytest.mark.usefixtures("backend")` on the test, its class or the module's `pytestmark`; a `backend`
argument; `pytest.mark.parametrize` over an argument named `backend` with a "cnr" value; or a fixture
defined in the file or in tests/e2e/conftest.py that takes `backend`, directly or through another such
fixture.

`python -m tests.e2e.parametrised` prints the table: function, ISPAPI test, CNR state.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

from tests.e2e.coverage import CNR_COVERAGE, CNR_PENDING, CNR_UNSUPPORTED, COVERAGE, NO_REGISTRY

REPO = Path(__file__).resolve().parents[2]
CONFTEST = REPO / "tests" / "e2e" / "conftest.py"
BACKEND = "backend"

Function = ast.FunctionDef | ast.AsyncFunctionDef


@cache
def _module(path: Path) -> ast.Module:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _mark_reaches(mark: ast.expr, fixtures: frozenset[str]) -> bool:
    """Whether one mark brings in the backend: usefixtures of `backend` (or of a fixture taking it), or a
    parametrize over `backend` with a "cnr" value."""
    if not (isinstance(mark, ast.Call) and isinstance(mark.func, ast.Attribute)):
        return False
    if mark.func.attr == "usefixtures":
        return any(_strings(arg) & fixtures for arg in mark.args)
    if mark.func.attr == "parametrize" and mark.args:
        names = {part.strip() for text in _strings(mark.args[0]) for part in text.split(",")}
        return BACKEND in names and "cnr" in _strings(mark)
    return False


def _marks_of(value: ast.expr) -> list[ast.expr]:
    """The marks of a `pytestmark = ...` value (one mark or a list/tuple of them)."""
    return list(value.elts) if isinstance(value, ast.List | ast.Tuple) else [value]


def _pytestmark(body: list[ast.stmt]) -> list[ast.expr]:
    marks: list[ast.expr] = []
    for node in body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            marks.extend(_marks_of(node.value))
    return marks


def _is_fixture(function: Function) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "fixture":
            return True
    return False


def _arguments(function: Function) -> set[str]:
    args = function.args
    return {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}


def backend_fixtures(*paths: Path) -> frozenset[str]:
    """`backend` and every fixture of `paths` that takes it, directly or through one another."""
    fixtures = [
        node
        for path in paths
        for node in ast.walk(_module(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_fixture(node)
    ]
    reaching = {BACKEND}
    grown = True
    while grown:
        found = {f.name for f in fixtures if _arguments(f) & reaching} - reaching
        reaching |= found
        grown = bool(found)
    return frozenset(reaching)


@cache
def read_tests(path: Path) -> dict[str, bool]:
    """Each test of the file (`test_x`, `Class::test_x`) -> whether it runs once per backend."""
    tree = _module(path)
    fixtures = backend_fixtures(CONFTEST, path)
    module_wide = any(_mark_reaches(m, fixtures) for m in _pytestmark(tree.body))
    found: dict[str, bool] = {}

    def add(prefix: str, function: Function, inherited: bool) -> None:
        if function.name.startswith("test"):
            own = any(_mark_reaches(m, fixtures) for m in function.decorator_list)
            found[prefix + function.name] = inherited or own or bool(_arguments(function) & fixtures)

    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            add("", node, module_wide)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            marks = [*node.decorator_list, *_pytestmark(node.body)]
            class_wide = module_wide or any(_mark_reaches(m, fixtures) for m in marks)
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    add(f"{node.name}::", item, class_wide)
    return found


def runs_per_backend(target: str) -> bool:
    """Whether `tests/e2e/<file>.py::<test>` exists and runs once per backend."""
    file, _, name = target.partition("::")
    path = REPO / file
    return path.is_file() and read_tests(path).get(name, False)


def cnr_state(function: str) -> str:
    """covered, no registry, unsupported, pending, or gap (none of these: the coverage test fails)."""
    target = CNR_COVERAGE.get(function, COVERAGE.get(function, ""))
    if target and runs_per_backend(target):
        return "covered"
    if function in NO_REGISTRY:
        return "no registry"
    if function in CNR_UNSUPPORTED:
        return "unsupported"
    return "pending" if function in CNR_PENDING else "gap"


def render(functions: list[str]) -> str:
    rows = [f"{'function':<28} {'CNR':<12} test (ISPAPI; CNR when it is another)"]
    for function in functions:
        state = cnr_state(function)
        detail = CNR_UNSUPPORTED.get(function) if state == "unsupported" else None
        target = detail or CNR_COVERAGE.get(function) or COVERAGE.get(function, "-")
        rows.append(f"{function:<28} {state:<12} {target}")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.stdout.write(render(list(COVERAGE)) + "\n")
