"""The reading of backend parametrisation (tests/e2e/parametrised.py) on small test files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.parametrised import read_tests

CASES = {
    "mark on the test": (
        'import pytest\n@pytest.mark.usefixtures("backend")\ndef test_a(): ...\ndef test_b(): ...\n',
        {"test_a": True, "test_b": False},
    ),
    "argument": ("def test_a(backend): ...\ndef test_b(stack): ...\n", {"test_a": True, "test_b": False}),
    "module pytestmark": (
        "import pytest\n"
        'pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("backend")]\ndef test_a(): ...\n',
        {"test_a": True},
    ),
    "class mark and class pytestmark": (
        "import pytest\n"
        '@pytest.mark.usefixtures("backend")\nclass TestA:\n    def test_x(self): ...\n'
        'class TestB:\n    pytestmark = pytest.mark.usefixtures("backend")\n    def test_y(self): ...\n'
        "class TestC:\n    def test_z(self): ...\n",
        {"TestA::test_x": True, "TestB::test_y": True, "TestC::test_z": False},
    ),
    "fixture taking the backend, through another fixture": (
        "import pytest\n@pytest.fixture\ndef first(backend): ...\n@pytest.fixture\ndef second(first): ...\n"
        'def test_a(second): ...\n@pytest.mark.usefixtures("second")\ndef test_b(): ...\n',
        {"test_a": True, "test_b": True},
    ),
    "parametrize over backend": (
        'import pytest\n@pytest.mark.parametrize("backend", ["ispapi", "cnr"])\ndef test_a(backend): ...\n'
        '@pytest.mark.parametrize("other, backend", [(1, "ispapi")])\ndef test_b(other): ...\n',
        {"test_a": True, "test_b": False},
    ),
    "other marks only": (
        'import pytest\n@pytest.mark.usefixtures("stack")\n@pytest.mark.slow\ndef test_a(): ...\n',
        {"test_a": False},
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_reads_which_tests_run_per_backend(case: str, tmp_path: Path) -> None:
    source, expected = CASES[case]
    path = tmp_path / "test_case.py"
    path.write_text(source)
    assert read_tests(path) == expected
