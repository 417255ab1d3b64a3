"""The two site engines (issue 22) build the real site from the same generated Markdown: every page's
article says the same thing on both, and no link leads nowhere, whether the site is served at the
root of a host or under a sub-path (an intranet's /improvement-journey/).

Normalised before the articles are compared, and only this: runs of white space (either engine may
break lines differently), the skip-link target Zensical puts at the top of the article
(`<a id="__skip" tabindex="-1"></a>`; MkDocs puts it before), and a link to a heading of the same
page written `./#x` (MkDocs) or `#x` (Zensical)."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

AS_AT = "2021-09-16"
ENGINES = ("mkdocs", "zensical")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_ADDRESS = re.compile(r'\s(?:href|src|srcset)="([^"]*)"')


def article(page: Path) -> str:
    found = _ARTICLE.search(page.read_text("utf-8"))
    assert found, f"{page}: no article"
    text = found.group(1).replace('<a id="__skip" tabindex="-1"></a>', "").replace('href="./#', 'href="#')
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text)).strip()


def broken_links(site: Path, base: str) -> list[str]:
    """Every address in every built page (theme and article alike) that leads to no file when the site
    is served at base ('/' or '/improvement-journey/'), as 'page: address'."""
    host = "https://intranet.example"
    broken = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        here = host + base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for value in _ADDRESS.findall(page.read_text("utf-8")):
            for address in [part.split()[0] for part in value.split(",") if part.strip()]:
                address = html.unescape(address)
                parts = urlsplit(urljoin(here, address))
                if parts.scheme in ("data", "mailto", "tel") or not address or address.startswith("#"):
                    continue
                if f"{parts.scheme}://{parts.netloc}" != host:
                    continue  # another host: refused by the build's own scan, not a link to check here
                path = unquote(parts.path)
                target = posixpath.relpath(path, base) if path.startswith(base) else None
                if target is None or target.startswith(".."):
                    broken.append(f"{rel}: {address} (outside {base})")
                    continue
                target = "index.html" if target == "." else target
                file = site / target
                if not (file.is_file() or (file / "index.html").is_file()):
                    broken.append(f"{rel}: {address}")
    return broken


@pytest.mark.parametrize("engine", ENGINES)
def test_every_link_leads_somewhere_at_the_root_and_under_a_sub_path(real_site, engine):
    site = real_site(AS_AT, engine)
    assert len(list(site.rglob("*.html"))) > 100
    assert broken_links(site, "/") == []
    # The 404 page is served at any missing address, so its links are written from the root of the
    # host; under a sub-path they need mkdocs.yml's site_url (docs/engines.md). All others are relative.
    under = [b for b in broken_links(site, "/improvement-journey/") if not b.startswith("404.html: ")]
    assert under == []


def test_both_engines_write_the_same_article_on_every_page(real_site):
    one, other = (real_site(AS_AT, engine) for engine in ENGINES)
    pages = sorted(p.relative_to(one).as_posix() for p in one.rglob("*.html"))
    assert pages == sorted(p.relative_to(other).as_posix() for p in other.rglob("*.html"))
    differ = [rel for rel in pages if article(one / rel) != article(other / rel)]
    assert differ == [], f"{len(differ)} of {len(pages)} pages' articles differ between the engines"


def test_the_link_check_sees_a_broken_link(tmp_path):
    """broken_links finds what it looks for: a missing page, and a root address under a sub-path."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">a</a> <a href="b/">b</a> <img src="/x.svg">')
    (tmp_path / "a/index.html").write_text('<a href="../">home</a> <a href="#top">top</a>')
    (tmp_path / "x.svg").write_text("<svg/>")
    assert broken_links(tmp_path, "/") == ["index.html: b/"]
    assert broken_links(tmp_path, "/improvement-journey/") == [
        "index.html: b/", "index.html: /x.svg (outside /improvement-journey/)"]
