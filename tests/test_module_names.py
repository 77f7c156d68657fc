"""No two modules of one package tree (`app/`, `sandbox/`) share a name, unless they are parallel: the same
topic on each side of a seam, where the shared name is the point (docs/conventions.md §8): the
two protocol libraries, a sandbox world topic and its handlers, one topic through the registry seam
(operations family, port, adapters).

`__init__.py` and `errors.py` are role names, the same role in every package: each package documents its
error tree in its `errors.py` (docs/conventions.md). The allow-list holds the clashes still to resolve
(none now).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREES = ("app", "sandbox")
ROLE_NAMES = frozenset({"__init__", "errors"})

# Folders whose modules mirror each other by name.
PARALLEL: tuple[frozenset[str], ...] = (
    frozenset({"app/ispapi", "app/cnr"}),  # the two protocol libraries
    # a world topic and its handlers in each wire dialect
    frozenset({"sandbox/world", "sandbox/commands", "sandbox/cnr/commands"}),
)
# The registry seam: one topic may be named alike in one operations family, the port and each adapter
# (app/registrar/zone/webapps.py -> app/registry/zone.py -> app/backends/ispapi/webapps.py).
OPERATIONS = "app/registrar/"
SEAM = frozenset({"app/registry", "app/backends/ispapi", "app/backends/cnr"})

# "name" -> why the clash is still there (none now); the second test fails once a listed one is resolved.
ALLOWED: dict[str, str] = {}


def _clashes() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tree in TREES:
        by_name: dict[str, list[str]] = defaultdict(list)
        for path in sorted((ROOT / tree).rglob("*.py")):
            if path.stem not in ROLE_NAMES:
                by_name[path.stem].append(path.parent.relative_to(ROOT).as_posix())
        for name, folders in by_name.items():
            if len(folders) > 1 and not _parallel(folders):
                found[name] = [f"{folder}/{name}.py" for folder in folders]
    return found


def _parallel(folders: list[str]) -> bool:
    if any(set(folders) <= group for group in PARALLEL):
        return True
    families = [f for f in folders if f.startswith(OPERATIONS) and f.count("/") == 2]
    return len(families) <= 1 and set(folders) - set(families) <= SEAM


def test_module_names_are_unique_in_each_package_tree() -> None:
    clashes = {name: paths for name, paths in _clashes().items() if name not in ALLOWED}
    assert not clashes, f"rename these to say what each holds: {clashes}"


def test_the_allow_list_names_only_clashes_that_are_still_there() -> None:
    stale = sorted(set(ALLOWED) - set(_clashes()))
    assert not stale, f"resolved, remove from ALLOWED: {stale}"
