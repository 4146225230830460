"""The HTML review page, checked in a real headless Chromium (Debian's package) via Playwright."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from textfix.cli import main

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TEXTFIX_ARTIFACTS", ROOT / "build" / "test-artifacts"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags this machine needs: no sandbox as root, and no background connections to a
# network that is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

TEXT = "Hamburg , Germany .\nIt cost $ 369 million.\nFace\u200bbook 😀 the the end ,\n"


def _browser_or_skip():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (CI must run the browser test)")
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is absent (CI must run the browser test; .ci/run installs chromium)")
        pytest.skip(f"{CHROMIUM} is absent")
    return sync_playwright


@pytest.fixture
def report(tmp_path) -> tuple[Path, Path]:
    src = tmp_path / "doc.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "report.html"
    err = io.StringIO()
    assert main(["check", "--isolated", "--format", "html", "-o", str(out), str(src)], io.StringIO(), err) == 1
    return src, out


def test_html_is_self_contained(report):
    _, out = report
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for external in ("http://", "https://", "<link", "src="):
        assert external not in page


def test_html_needs_output_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    err = io.StringIO()
    assert main(["check", "--isolated", "--format", "html", str(f)], io.StringIO(), err) == 2
    assert "-o" in err.getvalue()


def test_html_in_chromium(report):
    sync_playwright = _browser_or_skip()
    _, out = report
    import textfix

    findings = textfix.check(TEXT)
    families = {f.pass_name for f in findings}
    assert {"spacing", "unicode", "doubled"} <= families
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(out.as_uri())
            page.wait_for_load_state("load")
            assert errors == []
            assert page.locator("#shown").inner_text() == str(len(findings))
            # Each finding's highlight covers exactly its span of the text.
            rows = page.locator("tr[data-fid]")
            assert rows.count() == len(findings)
            for i, f in enumerate(sorted(findings, key=lambda f: (f.start, f.end, f.code))):
                row = rows.nth(i)
                assert row.get_attribute("data-code") == f.code
                covered = page.evaluate(
                    """(id) => [...document.querySelectorAll('mark')]
                        .filter(m => m.dataset.fids.split(' ').includes(String(id)))
                        .map(m => m.classList.contains('point') ? '' : m.textContent).join('')""",
                    i,
                )
                assert covered == TEXT[f.start : f.end], f.code
            # The proposed repair is shown beside the highlight.
            assert page.locator(".repair").first.is_visible()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
            # Switching a family off hides its highlights, repairs and rows, and only those.
            page.locator("input[data-kind=family][value=spacing]").uncheck()
            n_spacing = sum(f.pass_name == "spacing" for f in findings)
            assert page.locator("#shown").inner_text() == str(len(findings) - n_spacing)
            hidden = page.locator("tr.off")
            assert hidden.count() == n_spacing
            assert {hidden.nth(k).get_attribute("data-family") for k in range(hidden.count())} == {"spacing"}
            assert page.locator("tr[data-family=unicode]").first.is_visible()
            off_marks = page.evaluate("[...document.querySelectorAll('mark.off')].map(m => m.textContent)")
            assert " ," in off_marks and "$ " in "".join(off_marks)
            page.locator("input[data-kind=severity][value=warning]").uncheck()
            left = [f for f in findings if f.pass_name != "spacing" and f.severity.value != "warning"]
            assert page.locator("#shown").inner_text() == str(len(left))
            page.screenshot(path=str(ARTIFACTS / "report-filtered.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
