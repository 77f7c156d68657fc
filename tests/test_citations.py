"""Code cites only documents inside the repository, and every cited docs/ section exists.

A comment such as "docs/module-behaviour.md §5.5" or "docs/architecture.md decision 8" must point at a
heading (or decision) that is there; a bare "§N" must have its page named earlier on the same line (a
following "§M" on that line belongs to the same page); background documents kept outside the repository and
issue numbers are not citations a reader of the repository can follow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SCANNED = ("app", "sandbox", "php-shim", "migrations", "scripts", "tests")
THIS_FILE = Path(__file__).resolve()
SKIP_PARTS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}

# Documents that live outside the repository, and issue numbers.
OUTSIDE = re.compile(
    r"(?<![\w/.-])(?:ref-module|whmcs-contract|peers)(?:\.md)?(?![\w-])"
    r"|(?<![\w/.-])(?:ispapi-protocol|DESIGN|style|peers)\.md"
    r"|(?<![\w/.-])protocol(?:\.md)? ?§"
    r"|/work/shared"
    r"|\b[Ii]ssues? #?\d+\b"
)
# A page named on the line ("docs/x.md"), or an RFC (its sections are the RFC's, not ours), or a section.
TOKEN = re.compile(r"docs/([\w-]+)\.md|\b(RFC) ?\d*|§ ?(\d+(?:\.\d+)*[a-z]?)")
DECISION = re.compile(r"docs/architecture\.md,? decisions? (\d+)")
HEADING = re.compile(r"^#{1,6}\s+§?(\d+(?:\.\d+)*[a-z]?)[.\s]", re.M)
NUMBERED = re.compile(r"^(\d+)\. \*\*", re.M)


def _scanned_files() -> list[Path]:
    found = []
    for top in SCANNED:
        for path in sorted((REPO / top).rglob("*")):
            if not path.is_file() or path.resolve() == THIS_FILE or SKIP_PARTS & set(path.parts):
                continue
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # images and other binary files
            found.append(path)
    return found


FILES = _scanned_files()


def _sections(page: str) -> set[str]:
    path = DOCS / f"{page}.md"
    return set(HEADING.findall(path.read_text(encoding="utf-8"))) if path.is_file() else set()


def _lines() -> list[tuple[str, int, str]]:
    return [
        (path.relative_to(REPO).as_posix(), number, line)
        for path in FILES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]


LINES = _lines()


def _report(problems: list[str]) -> str:
    return f"{len(problems)} citation problems:\n" + "\n".join(problems)


def test_the_scan_covers_the_code() -> None:
    assert len(FILES) > 100
    assert any(path.suffix == ".php" for path in FILES) and any(path.suffix == ".toml" for path in FILES)


def test_no_citation_of_a_document_outside_the_repository_or_of_an_issue() -> None:
    problems = [
        f"{path}:{number}: {match.group(0)!r}: {line.strip()}"
        for path, number, line in LINES
        for match in OUTSIDE.finditer(line)
    ]
    assert not problems, _report(problems)


def test_every_section_reference_names_its_page_and_the_section_exists() -> None:
    sections: dict[str, set[str]] = {}
    problems = []
    for path, number, line in LINES:
        page: str | None = None
        for match in TOKEN.finditer(line):
            named, rfc, section = match.groups()
            if named:
                page = named
                if not (DOCS / f"{named}.md").is_file():
                    problems.append(f"{path}:{number}: docs/{named}.md does not exist")
            elif rfc:
                page = "RFC"
            elif page is None:
                problems.append(f"{path}:{number}: §{section} names no page: {line.strip()}")
            elif page != "RFC":
                known = sections.setdefault(page, _sections(page))
                if section not in known:
                    problems.append(f"{path}:{number}: docs/{page}.md has no §{section}: {line.strip()}")
    assert not problems, _report(problems)


def test_every_cited_design_decision_exists() -> None:
    decisions = set(NUMBERED.findall((DOCS / "architecture.md").read_text(encoding="utf-8")))
    problems = [
        f"{path}:{number}: docs/architecture.md has no decision {match.group(1)}"
        for path, number, line in LINES
        for match in DECISION.finditer(line)
        if match.group(1) not in decisions
    ]
    assert not problems, _report(problems)


PAGES = ["module-behaviour", "whmcs", "ispapi-wire", "field-reports", "conventions"]


@pytest.mark.parametrize("page", PAGES)
def test_the_docs_pages_have_numbered_sections(page: str) -> None:
    assert _sections(page), f"docs/{page}.md has no numbered section headings"
