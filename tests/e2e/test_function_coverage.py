"""Every `ispapi_<Function>` the shim defines has an end-to-end test, on ISPAPI and on CNR; the map is
tests/e2e/coverage.py. Test names and their backend parametrisation are read from the test files with `ast`
(tests/e2e/parametrised.py: no import, no run)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.coverage import CNR_COVERAGE, CNR_PENDING, CNR_UNSUPPORTED, COVERAGE, NO_REGISTRY
from tests.e2e.parametrised import cnr_state, read_tests
from tests.whmcs.harness import MODULE_DIR, REPO

_DEFINED = re.compile(r"^function ispapi_(\w+)\(", re.M)


def defined_functions() -> list[str]:
    return _DEFINED.findall((MODULE_DIR / "ispapi.php").read_text("utf-8"))


def problem_of(function: str, target: str) -> str | None:
    """Why `target` is not an e2e test of `function` (None when it is)."""
    file, sep, name = target.partition("::")
    path = REPO / file
    if not sep or not file.startswith("tests/e2e/test_") or not file.endswith(".py"):
        return f"{function}: {target!r} is not 'tests/e2e/test_<file>.py::<test>'"
    if not path.is_file():
        return f"{function}: {file} does not exist"
    if name not in read_tests(path):
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


# ---- per backend


def test_every_function_is_covered_on_cnr_or_listed() -> None:
    gaps = [function for function in defined_functions() if cnr_state(function) == "gap"]
    assert gaps == [], (
        f"functions whose test does not run with the `backend` fixture and that tests/e2e/coverage.py does "
        f"not list (NO_REGISTRY, CNR_UNSUPPORTED with the reason, or CNR_PENDING): {gaps}"
    )


def test_pending_functions_are_not_covered_yet() -> None:
    """CNR_PENDING only shrinks: an entry whose test now runs per backend must go."""
    done = sorted(function for function in CNR_PENDING if cnr_state(function) == "covered")
    assert done == [], f"covered on CNR now: remove them from CNR_PENDING in tests/e2e/coverage.py: {done}"


def test_the_cnr_lists_are_disjoint_and_name_defined_functions() -> None:
    lists = {
        "NO_REGISTRY": set(NO_REGISTRY),
        "CNR_UNSUPPORTED": set(CNR_UNSUPPORTED),
        "CNR_PENDING": set(CNR_PENDING),
        "CNR_COVERAGE": set(CNR_COVERAGE),
    }
    defined = set(defined_functions())
    for name, functions in lists.items():
        unknown = functions - defined
        assert not unknown, f"{name} names functions ispapi.php does not define: {unknown}"
    exclusive = ["NO_REGISTRY", "CNR_UNSUPPORTED", "CNR_PENDING"]
    for index, first in enumerate(exclusive):
        for second in exclusive[index + 1 :]:
            shared = lists[first] & lists[second]
            assert not shared, f"{first} and {second} share {shared}"


def test_every_unsupported_function_says_why() -> None:
    assert [f for f, reason in CNR_UNSUPPORTED.items() if len(reason.split()) < 3] == []


def test_every_cnr_specific_test_exists_and_names_its_function() -> None:
    problems = [p for f, target in CNR_COVERAGE.items() if (p := problem_of(f, target)) is not None]
    assert problems == []


def test_name_servers_are_covered_on_cnr() -> None:
    """The finished example of the pattern (tests/e2e/test_reads.py) reads as covered."""
    assert cnr_state("GetNameservers") == cnr_state("SaveNameservers") == "covered"
