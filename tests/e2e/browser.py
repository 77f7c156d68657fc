"""Headless Chromium for the admin-page tests: Debian's /usr/bin/chromium driven by Playwright (no browser
download), one browser per test module, screenshots kept under var/screenshots/ (gitignored)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.whmcs.harness import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "var" / "screenshots"
TIMEOUT_MS = 120_000  # a loaded machine; every page makes one or two bridge round trips


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if shutil.which(CHROMIUM) is None:
        return "chromium not installed (scripts/ensure-chromium.sh installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make venv installs it)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = browser_missing()
    if reason is not None:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


def screenshot(tab: Any, name: str) -> Path:
    """Full-page PNG under var/screenshots/<name>.png; returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
