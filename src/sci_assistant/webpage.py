"""Saved web pages (HTML) → main-text lines, title, publication date and site name (trafilatura)."""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .markup import escape_markdown

log = logging.getLogger("sci_assistant")

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class WebPage:
    """What a web page holds once navigation, widgets, share bars and footers are gone.

    ``lines`` is in the line form ``markup.normalise`` reads: '#' headings, '1. ' / '- ' list
    items, tab-separated table rows, '**bold**', blank lines between blocks.
    """

    lines: str
    title: str | None
    published: str | None  # the page's publication date (metadata, then htmldate's reading)
    sitename: str | None
    author: str | None = None  # the page's byline, as its metadata or markup gives it


@lru_cache(maxsize=1)
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # A release page can be short (a paragraph and a table); trafilatura's defaults (250
    # characters) would hand it to a generic fallback that keeps the menu. No signal-based
    # timeout either: extraction may run outside the main thread (the web app builds there).
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE", "MIN_EXTRACTED_COMM_SIZE", "MIN_OUTPUT_COMM_SIZE"):
        config.set("DEFAULT", key, "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def accordion_headings(raw: str) -> str:
    """``raw`` with an FAQ's accordion toggles ("<button aria-expanded=…>How can a company
    propose a project?</button>") turned into headings: trafilatura drops buttons as page controls,
    and with them every question the page answers. Only buttons that open a panel or ask a
    question are touched; a page without any is returned as it was."""
    if "<button" not in raw.lower():
        return raw
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(raw)
    except Exception:  # (an unparsable page goes to trafilatura as it came)
        return raw
    changed = False
    for button in tree.iter("button"):
        label = " ".join(button.text_content().split())
        toggles = button.get("aria-expanded") is not None or button.get("aria-controls") is not None
        if label and (toggles or label.endswith("?")) and len(label) <= 300:
            button.tag = "h3"
            changed = True
    return lxml_html.tostring(tree, encoding="unicode") if changed else raw


def extract_page(raw: str) -> WebPage:
    """Main text, title, publication date and site name of one HTML page.

    trafilatura finds the article (dropping navigation, cookie banners, share bars, related
    links and footers) and reads the metadata; when it finds nothing the page is read whole
    with BeautifulSoup, minus the obvious page furniture elements.
    """
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("HTML pages need trafilatura: pip install trafilatura lxml_html_clean") from exc
    doc = None
    raw = accordion_headings(raw)
    try:
        doc = trafilatura.bare_extraction(
            raw,
            with_metadata=True,
            include_tables=True,
            include_formatting=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            config=_config(),
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except Exception as exc:  # a page trafilatura cannot parse is read whole below
        log.info("trafilatura could not read the page (%s)", exc)
    lines = _tree_lines(doc.body) if doc is not None and doc.body is not None else ""
    if not lines.strip():
        lines, soup_title, soup_date = soup_lines(raw)
        return WebPage(lines, soup_title, soup_date[:10] if soup_date else None, None)
    title = " ".join((doc.title or "").split()) or None
    published = str(doc.date)[:10] if doc.date else None
    sitename = doc.sitename or _titled_site(raw, title)
    return WebPage(lines, title, published, sitename, " ".join((doc.author or "").split()) or None)


# "<title>Shenzhen, Singapore ink eight pacts | SZ Daily Herald</title>": a site's name after the
# page's own headline and a bar or dash.
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]{3,300})</title>", re.I)
_SITE_AFTER = re.compile(r"\s+[|–—-]\s+([^|–—]{2,60})$")


def _titled_site(raw: str, headline: str | None) -> str | None:
    """The site's name the page's <title> gives after its headline, when trafilatura found none.
    (trafilatura reads a site name from metadata only; many news pages give it in the title bar
    alone.) None when the title holds no more than the headline, or the tail is a sentence."""
    m = _TITLE_TAG.search(raw)
    if m is None:
        return None
    full = " ".join(html.unescape(m.group(1)).split())
    tail = _SITE_AFTER.search(full)
    if tail is None or len(tail.group(1).split()) > 6 or (headline and tail.group(1) in headline):
        return None
    return tail.group(1).strip()


def _text(node: Any) -> str:
    """Inline text of a trafilatura element: escaped, bold kept as '**', line breaks as newlines."""
    parts: list[str] = []

    def add(s: str | None) -> None:
        if s:
            parts.append(escape_markdown(s))

    def walk(el: Any) -> None:
        add(el.text)
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                parts.append("\n")
            elif tag in ("list", "table"):
                pass  # nested blocks are read on their own
            elif tag == "hi" and "#b" in (child.get("rend") or ""):
                inner = _text(child).strip()
                if inner:
                    parts.append(f"**{inner}**" if "\n" not in inner else inner)
            else:
                walk(child)
            add(child.tail)

    walk(node)
    text = "".join(parts)
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _tree_lines(body: Any) -> str:
    lines: list[str] = []

    def block(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            rend = el.get("rend") or "h2"
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            t = _text(el).replace("\n", " ").replace("**", "")
            if t:
                lines.extend(["#" * level + " " + t, ""])
        elif tag == "list":
            ordered = (el.get("rend") or "") == "ol"
            n = 0
            for item in el:
                if item.tag != "item":
                    continue
                n += 1
                t = _text(item).replace("\n", " ")
                if t:
                    lines.append((f"{n}. " if ordered else "- ") + t)
                for nested in item:
                    if nested.tag == "list":
                        lines.append("")
                        block(nested)
            lines.append("")
        elif tag == "table":
            for row in el.iter("row"):
                lines.extend(_row_lines([_text(c).replace("\n", " ") for c in row if c.tag == "cell"]))
        elif tag in ("p", "quote", "code", "item"):
            t = _text(el)
            if t:
                lines.extend([t, ""])
            for child in el:
                if child.tag in ("list", "table"):
                    block(child)
        elif tag in ("graphic", "ref", "lb"):
            pass
        else:  # div-like containers
            if el.text and el.text.strip():
                lines.extend([escape_markdown(" ".join(el.text.split())), ""])
            for child in el:
                block(child)
                if child.tail and child.tail.strip():
                    lines.extend([escape_markdown(" ".join(child.tail.split())), ""])

    for child in body:
        block(child)
    return "\n".join(lines)


def soup_lines(raw: str) -> tuple[str, str | None, str | None]:
    """HTML → markdown-ish lines (headings '#', list items, tab-separated table rows), the title
    and a publication date from the page's meta tags: the whole page minus navigation, scripts,
    forms and footers. Used when trafilatura finds no main text."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(raw, "html.parser")
    title = None
    date = None
    for sel in (
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="dcterms.date"]',
        'meta[itemprop="datePublished"]',
    ):
        tag = soup.select_one(sel)
        if tag and tag.get("content"):
            date = str(tag["content"])[:10]
            break
    for tag in soup(
        ["script", "style", "nav", "footer", "noscript", "iframe", "svg", "form", "aside", "template", "button", "head"]
    ):
        if tag.name == "head":
            t = tag.find("title")
            if t and t.get_text(strip=True):
                title = t.get_text(" ", strip=True)
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ["navigation", "banner", "contentinfo"]}):
        tag.decompose()
    lines: list[str] = []
    block_tags = {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "blockquote",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "tr",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "body",
        "html",
    }

    def text_of(node: Tag) -> str:
        return escape_markdown(" ".join(node.get_text(" ").split()))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                t = str(child).strip()
                if t:
                    lines.append(escape_markdown(" ".join(t.split())))
                    lines.append("")
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _HEADING_TAGS:
                t = text_of(child)
                if t:
                    lines.extend(["#" * int(name[1]) + " " + t, ""])
            elif name in ("ul", "ol"):
                n = 0
                for li in child.find_all("li", recursive=False):
                    n += 1
                    t = text_of(li)
                    if t:
                        lines.append((f"{n}. " if name == "ol" else "- ") + t)
                lines.append("")
            elif name == "table":
                for tr in child.find_all("tr"):
                    lines.extend(_row_lines([text_of(td) for td in tr.find_all(["td", "th"], recursive=False)]))
            elif name == "br":
                lines.append("")
            elif name in block_tags and any(isinstance(c, Tag) and c.name in block_tags for c in child.children):
                walk(child)
            else:
                t = text_of(child)
                if t:
                    lines.extend([t, ""])

    h1 = soup.find("h1")
    h1_text = h1.get_text(" ", strip=True) if h1 else None
    body = soup.body or soup
    walk(body)
    if h1_text:
        title = h1_text
    elif title:
        title = re.split(r"\s+[|–—-]\s+(?=[^|–—-]+$)", title)[0].strip() or title
    return "\n".join(lines), title, date


def _row_lines(cells: list[str]) -> list[str]:
    """One table row as normalised lines: cells joined by tabs (a table row block), then a blank line."""
    cells = [c for c in cells if c]
    return (["\t".join(cells)] if cells else []) + [""]
