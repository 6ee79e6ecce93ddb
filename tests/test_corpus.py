"""Corpus ingestion: formats, dates, markup, quirks of the real releases, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sci_assistant.corpus import load_corpus, normalise
from sci_assistant.errors import EmptyCorpusError

from .conftest import SEED_CORPUS


def _by_path(docs):
    return {d.path: d for d in docs}


def test_tiny_corpus_formats(tiny_corpus: Path) -> None:
    docs, skipped = load_corpus(tiny_corpus)
    assert skipped == []
    d = _by_path(docs)
    md = d["alpha-release.md"]
    assert md.title == "Alpha City signs water pact"  # front matter
    assert md.date == "2021-03-04"
    assert md.source == "alpha"
    assert "**" not in md.text and "#" not in md.text
    assert "Water Recycling Pilot" in [md.text[a:b] for a, b in md.emphasis]
    assert any("Annex A" in " ".join(s.path) for s in md.sections)

    txt = d["beta-release.txt"]
    assert txt.date == "2020-01-15"  # the dateline, not the crawl header above it
    assert "PR Newswire Area" not in txt.text and "June 1, 2020" not in txt.text
    assert txt.title == "Beta Port opens drone corridor"
    assert "delivery corridor with QuikAir" in txt.text  # wrapped line joined

    html = d["gamma.html"]
    assert html.title == "Gamma launches library robots"
    assert html.date == "2022-07-09"
    assert "tracking" not in html.text and "Home | About" not in html.text and "Copyright" not in html.text
    assert "Robot Shelf MOU\nGamma and RoboCo will build shelf robots." in html.text


def test_doc_ids_are_stable_and_unique(tiny_corpus: Path) -> None:
    (tiny_corpus / "alpha-release.txt").write_text("Another alpha release. It has text.", encoding="utf-8")
    ids1 = [d.doc_id for d in load_corpus(tiny_corpus)[0]]
    ids2 = [d.doc_id for d in load_corpus(tiny_corpus)[0]]
    assert ids1 == ids2
    assert len(set(ids1)) == len(ids1) == 4


def test_bad_files_are_skipped_with_reasons(tiny_corpus: Path, caplog) -> None:
    (tiny_corpus / "empty.txt").write_bytes(b"")
    (tiny_corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tiny_corpus / "latin1.txt").write_bytes("Caf\xe9 opens in Shenzhen. It serves cr\xeapes.".encode("latin-1"))
    (tiny_corpus / "utf16.md").write_text("Utf sixteen release. Shenzhen joins.", encoding="utf-16")
    (tiny_corpus / "broken.pdf").write_bytes(b"not a pdf at all")
    docs, skipped = load_corpus(tiny_corpus)
    reasons = {s.path: s.reason for s in skipped}
    assert set(reasons) == {"empty.txt", "binary.txt", "broken.pdf"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    by = _by_path(docs)
    assert "Café" in by["latin1.txt"].text
    assert "Shenzhen joins" in by["utf16.md"].text
    assert "binary.txt" in caplog.text


def test_empty_corpus_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "zero.txt").write_bytes(b"")
    with pytest.raises(EmptyCorpusError, match="no readable document"):
        load_corpus(tmp_path / "c")
    with pytest.raises(EmptyCorpusError):
        load_corpus(tmp_path / "missing")


def test_symlinks_out_of_corpus_and_loops_are_not_followed(tiny_corpus: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET outside the corpus.", encoding="utf-8")
    (tiny_corpus / "link.txt").symlink_to(secret)
    (tiny_corpus / "loop").symlink_to(tiny_corpus)
    docs, skipped = load_corpus(tiny_corpus)
    assert all("TOP SECRET" not in d.text for d in docs)
    assert any(s.path == "link.txt" for s in skipped)
    assert len(docs) == 3


def _pdf(lines: list[bytes], info_title: bytes | None = None) -> bytes:
    """A minimal one-page PDF with one text line per entry, with an /Info title when given."""
    return _pdf_pages([[(72, 720 - 14 * i, line) for i, line in enumerate(lines) if line]], info_title)


def _pdf_pages(pages: list[list[tuple[int, int, bytes]]], info_title: bytes | None = None) -> bytes:
    """A minimal PDF written by hand (no PDF writer dependency): each page a list of (x, y, text)
    placed in Helvetica 10, with an /Info title when given."""
    n = len(pages)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for items in pages:
        content = b" ".join(b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x, y, t) for x, y, t in items)
        kids.append(len(objs) + 1)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (len(objs) + 2, 3 + 2 * n)
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), n)
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if info_title is not None:
        objs.append(b"<< /Title (%s) >>" % info_title)
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    info = b" /Info %d 0 R" % len(objs) if info_title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, info, xref)
    return out


def test_a_pdf_table_becomes_rows_and_running_footers_go(tmp_path: Path) -> None:
    """pypdf gives words at their places: a table laid out in columns, a cell wrapped inside its
    column, becomes one row per item with each party in its cell; the footer every page prints
    is dropped, and a sentence cut by the page break is joined again."""
    pytest.importorskip("pypdf")
    footer = b"Lagoon Board | Media Release | Page %d of 2"
    page1 = [
        (72, 740, b"Lagoon Board and Port Louis sign two MOUs"),
        (72, 710, b"PORT LOUIS, 3 May 2024 - Two MOUs were signed today at the 4th Harbour Council meeting, and"),
        (72, 60, footer % 1),
    ]
    page2 = [
        (72, 740, b"both will be carried out in Port Louis over the next three years."),
        (72, 700, b"Annex: MOUs signed at the 4th Harbour Council meeting"),
        (72, 670, b"No."),
        (110, 670, b"Party (Lagoon)"),
        (260, 670, b"Party (Port Louis)"),
        (420, 670, b"Subject"),
        (72, 650, b"1"),
        (110, 650, b"Reef Robotics Ltd"),
        (260, 650, b"Port Louis Tug"),
        (420, 650, b"Robot tugs for the"),
        (260, 638, b"Services Co., Ltd."),
        (420, 638, b"inner harbour"),
        (72, 618, b"2"),
        (110, 618, b"Coral Data Ltd"),
        (260, 618, b"Harbour Cloud Co., Ltd."),
        (420, 618, b"Berth data sharing"),
        (72, 60, footer % 2),
    ]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "r.pdf").write_bytes(_pdf_pages([page1, page2]))
    docs, skipped = load_corpus(tmp_path / "c")
    assert skipped == []
    text = docs[0].text
    assert "Media Release" not in text, text
    assert "meeting, and both will be carried out" in text, text
    from sci_assistant.answer.records import extract_records

    recs = [(r.number, r.parties) for r in extract_records(docs[0])]
    assert recs == [
        (1, ("Reef Robotics Ltd", "Port Louis Tug Services Co., Ltd.")),
        (2, ("Coral Data Ltd", "Harbour Cloud Co., Ltd.")),
    ], (recs, text)


def test_pdf_ingest(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "r.pdf").write_bytes(_pdf([b"SINGAPORE, 3 May 2024 - Shenzhen opens a robot port."]))
    docs, skipped = load_corpus(tmp_path / "c")
    assert skipped == [] and "robot port" in docs[0].text
    assert docs[0].date == "2024-05-03"


@pytest.mark.parametrize(
    "info_title",
    [b"Lagoon Board and Port Louis open a robot port", b"Microsoft Word - draft3.docx", None],
)
def test_a_pdf_title_is_its_headline_not_the_logo_line(tmp_path: Path, info_title: bytes | None) -> None:
    """The metadata title when the page prints it; otherwise the first line that is no masthead."""
    pytest.importorskip("pypdf")
    lines = [
        b"Lagoon Board",
        b"",
        b"MEDIA RELEASE",
        b"",
        b"Lagoon Board and Port Louis open a robot port",
        b"",
        b"PORT LOUIS, 3 May 2024 - The Lagoon Board today opened a robot port with Port Louis.",
    ]
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "r.pdf").write_bytes(_pdf(lines, info_title))
    docs, skipped = load_corpus(tmp_path / "c")
    assert skipped == [] and docs[0].title == "Lagoon Board and Port Louis open a robot port", docs[0].title


def test_a_saved_page_s_breadcrumb_and_a_post_s_account_line_are_no_title() -> None:
    crumbs = normalise(
        "Lagoon Board > Newsroom > Speeches\n\n"
        "Speech by the Chairman of the Lagoon Board at the 3rd Harbour Council\n\n"
        "Good morning. It is a pleasure to be here.\n"
    )
    assert crumbs.title == "Speech by the Chairman of the Lagoon Board at the 3rd Harbour Council"
    post = normalise(
        "**Reef Robotics** ✅ @reef_robotics\n\nRobots for every harbour 🤖 | Mauritius\n\n"
        "🚢 **We have signed our first deal in Port Louis!**\n\nToday our CEO signed an MOU.\n"
    )
    assert post.title.endswith("We have signed our first deal in Port Louis!"), post.title


def test_markup_quirks() -> None:
    raw = (
        "**Title here**\n\nThe 3<sup>rd</sup> meeting used **TradeTrust**<sup>1</sup> and "
        "[Annex A](#) with A\\*STAR.\n\nTitle of MOU\tDescription of MOU\n"
        "MOU between X and Y Electric\t<p>X and Y formed EVCo. This collaboration</p>\n\n"
        "Vehicle Rental Co., Ltd.\tfocuses on models.\n"
    )
    p = normalise(raw)
    assert "3rd meeting used TradeTrust and Annex A with A*STAR." in p.text
    assert (
        "MOU between X and Y Electric Vehicle Rental Co., Ltd.\n"
        "X and Y formed EVCo. This collaboration focuses on models."
    ) in p.text
    assert "<" not in p.text and "**" not in p.text


def test_seed_releases() -> None:
    docs, skipped = load_corpus(SEED_CORPUS)
    assert skipped == [] and len(docs) == 2
    by_date = {d.date: d for d in docs}
    assert set(by_date) == {"2022-11-25", "2023-12-15"}  # the crawl-header release gets its dateline date
    fourth = by_date["2023-12-15"]
    assert fourth.title.startswith("Singapore and Shenzhen Drive Smart City Collaboration")
    assert "July 25, 2024" not in fourth.text
    # table cells wrapped mid-sentence are joined; a hyphen at a line end joins without a space
    assert "Shenzhen Qianhai Hand-painted Technology and Culture Co., Ltd." in fourth.text
    assert "Strategic pillar: AI" in [s.path[-1] for s in fourth.sections]
    third = by_date["2022-11-25"]
    assert "3rd SCI JIC Meeting" in third.text and "<sup>" not in third.text and "<p>" not in third.text
    # a paragraph split by a page break is joined
    assert "promote a conducive business environment for companies" in third.text
    assert "A*STAR Collaborative Commerce Marketplace" in third.text
