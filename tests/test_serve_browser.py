"""``leaflet serve`` in a real browser: Debian's Chromium, driven by Playwright.

A translator opens the index, goes to the English pages with the keyboard, changes
a sentence and sees it on the page without reloading; breaks the file and sees the
problem with the file's name while the last good pages stay; fixes it and sees the
pages come back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import LEAFLET, Leaflet
from serving import CHROMIUM, CHROMIUM_ARGS, Served, serving

# Skipped where Chromium is missing, but never in CI (.ci/run installs it).
pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it when it may)",
)

#: Long enough for a rebuild of one language on a busy two-core machine.
WAIT_MS = 60_000


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    """A page in a fresh Chromium profile (nothing from an earlier run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            locale="en-GB",
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture
def served(built_copy: Leaflet) -> Iterator[Served]:
    with serving(built_copy.root) as running:
        yield running


def live_text(page: Any) -> str:
    return str(page.evaluate("document.getElementById('live').textContent"))


def wait_for_text(page: Any, text: str, present: bool = True) -> None:
    page.wait_for_function(
        "([text, present]) => document.getElementById('live').textContent.includes(text)"
        " === present",
        arg=[text, present],
        timeout=WAIT_MS,
    )


def pictures_loaded(page: Any) -> int:
    """How many preview pictures on the page are loaded and drawn."""
    return int(
        page.evaluate(
            "[...document.querySelectorAll('.sheet img')]"
            ".filter(i => i.complete && i.naturalWidth > 500).length"
        )
    )


def test_edit_break_and_fix_a_file_while_the_page_watches(
    served: Served, built_copy: Leaflet, browser_page: Any
) -> None:
    page = browser_page
    page.goto(served.url)
    assert page.locator("h1").inner_text() == "All leaflets"
    assert page.locator("table.languages tbody tr").count() == 4

    # The keyboard: the first Tab reaches the skip link; the language links take Enter.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_role("link", name="en English").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served.url}leaflet/{LEAFLET}/en/")
    assert pictures_loaded(page) == 8
    heading = "Lower back pain is usually a harmless condition"
    assert heading in live_text(page)
    page.evaluate("window.stillTheSamePage = true")

    # A sentence changes: the new text is on the page, which was not reloaded.
    words = built_copy.words_file("ufarlig", "en")
    original = words.read_text(encoding="utf-8")
    changed = "Most lower back pain goes away by itself"
    words.write_text(original.replace(heading, changed), encoding="utf-8")
    wait_for_text(page, changed)
    assert heading not in live_text(page)
    assert page.evaluate("window.stillTheSamePage") is True
    assert pictures_loaded(page) == 8
    sources = page.evaluate("[...document.querySelectorAll('.sheet img')].map(i => i.src)")

    # A mistake: the problem is shown with the file's name; the last good pages stay.
    words.write_text(
        original.replace(heading, changed).replace("heading: ", "heding: "), encoding="utf-8"
    )
    problems = page.locator(".problems")
    problems.wait_for(timeout=WAIT_MS)
    message = problems.inner_text()
    assert "content/laenderygsmerter/en/ufarlig.yaml:4:1: unknown key" in message, message
    assert 'did you mean "heading"' in message
    assert page.get_by_role("alert").count() == 1
    assert changed in live_text(page)
    assert pictures_loaded(page) == 8
    assert page.evaluate("[...document.querySelectorAll('.sheet img')].map(i => i.src)") == sources

    # Fixed: the problem goes and the pages come back, from the file as it is now.
    words.write_text(original, encoding="utf-8")
    problems.wait_for(state="detached", timeout=WAIT_MS)
    wait_for_text(page, heading)
    assert changed not in live_text(page)
    assert pictures_loaded(page) == 8
    assert page.evaluate("window.stillTheSamePage") is True


def test_the_source_language_beside_a_translation_by_keyboard(
    served: Served, browser_page: Any
) -> None:
    page = browser_page
    page.goto(f"{served.url}leaflet/{LEAFLET}/ar/")
    toggle = page.get_by_role("link", name="Show Danish beside")
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served.url}leaflet/{LEAFLET}/ar/?beside=da")
    assert page.locator(".spread.twin").count() == 5  # the cover, 3 spreads, the back
    assert pictures_loaded(page) == 16
    assert page.get_by_role("link", name="Hide Danish").get_attribute("aria-pressed") == "true"
    # In Danish, from the bar's switch.
    page.get_by_role("link", name="Dansk").click()
    assert page.locator("html").get_attribute("lang") == "da"
    assert page.get_by_role("link", name="Skjul dansk").count() == 1
