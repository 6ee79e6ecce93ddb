"""The Agreements & projects and Timeline tabs in a real Chromium: the CSV download matches the
records, the table filters, the chart has one linked point group per meeting, desktop and phone
screenshots, no horizontal scroll on a phone, and no serious axe finding."""

from __future__ import annotations

import csv
import io

import pytest

from sci_assistant.explorer import filter_rows

from .conftest import artifacts_dir
from .test_browser import _axe_serious, _settle, browser, open_app, page  # noqa: F401  (fixtures)

pytest_plugins = ["tests.web_fixtures"]
pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.web]


def _open_tab(pg, url: str, name: str) -> None:
    open_app(pg, url)
    pg.get_by_role("tab", name=name).click()


def test_the_agreements_csv_download_holds_exactly_the_records(page, served_seed):  # noqa: F811
    _open_tab(page, served_seed.url, "Agreements")
    rows = served_seed.assistant.records()
    page.locator("#sci-agreements tr.sci-record").first.wait_for()
    assert page.locator("#sci-agreements tr.sci-record").count() == len(rows)
    with page.expect_download() as got:
        page.locator("#sci-ag-csv").click()
    table = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert [(t["kind"], t["meeting"], t["date"], t["title"], t["parties"], t["start"], t["end"]) for t in table] == [
        (r.kind, r.meeting, r.date, r.title, "; ".join(r.parties), str(r.source.start), str(r.source.end))
        for r in rows]
    # Searching narrows the table and the download to the matching rows.
    page.locator("#sci-ag-search input, #sci-ag-search textarea").first.fill("Keppel")
    page.locator("#sci-ag-search input, #sci-ag-search textarea").first.press("Enter")
    keppel = filter_rows(rows, "Keppel")
    assert keppel  # the search must have something to find
    page.wait_for_function("(n) => document.querySelectorAll('#sci-agreements tr.sci-record').length === n",
                           arg=len(keppel))
    with page.expect_download() as got:
        page.locator("#sci-ag-csv").click()
    narrowed = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert [t["title"] for t in narrowed] == [r.title for r in keppel]
    # A row's Source shows the record marked in its release with its file offsets.
    page.locator("#sci-agreements tr.sci-record summary").first.click()
    first = page.locator("#sci-agreements tr.sci-record").first
    assert "Keppel" in first.locator("mark.sci-quote").inner_text()
    assert "characters" in first.locator(".sci-meta").inner_text()
    page.screenshot(path=str(artifacts_dir() / "agreements.png"), full_page=True)


def test_the_timeline_has_one_point_group_per_meeting_linked_to_its_sentence(page, served_seed):  # noqa: F811
    _open_tab(page, served_seed.url, "Timeline")
    chart = page.locator("#sci-timeline svg.sci-timeline-chart")
    chart.wait_for()
    meetings = served_seed.assistant.timeline()
    groups = page.locator("#sci-timeline g.sci-tl-meeting")
    assert groups.count() == len(meetings) == 2
    assert [groups.nth(i).get_attribute("data-meeting") for i in range(groups.count())] == [
        p.meeting for p in meetings]
    page.locator("#sci-timeline a.sci-tl-point[data-series='total-projects']").last.click()
    target = page.locator("#sci-tl-src-2-total-projects")
    assert "43" in target.inner_text() and "To-date, a total of 43 projects" in target.inner_text()
    page.screenshot(path=str(artifacts_dir() / "timeline.png"), full_page=True)


@pytest.mark.parametrize("tab", ["Agreements", "Timeline"])
def test_phone_layout_of_the_explorer_tabs_and_axe(browser, served_seed, tab):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        _open_tab(pg, served_seed.url, tab)
        pg.locator("#sci-agreements table, #sci-timeline svg.sci-timeline-chart").first.wait_for()
        _settle(pg)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # wide tables scroll in their box
        pg.screenshot(path=str(artifacts_dir() / f"phone-{tab.split()[0].lower()}.png"), full_page=True)
        assert _axe_serious(pg) == []
    finally:
        context.close()
