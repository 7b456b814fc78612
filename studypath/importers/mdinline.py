"""The plain text and links of one Markdown inline token (a paragraph, a heading, a table
cell), as markdown-it parses it and GitHub shows it: for importers of resource lists.

The text is on one line, with links, code and emphasis as plain text, and without images, raw
HTML, unseen characters (:data:`~studypath.words.UNSEEN`) or any a YAML file cannot hold. Links
are ``[text](url)``, ``[text][ref]``, ``<url>`` and bare URLs (which GitHub makes links, without
the punctuation that ends a sentence); those that are not http(s) come apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..words import UNSEEN

if TYPE_CHECKING:
    from markdown_it.token import Token

#: Characters no text keeps: the unseen ones (:data:`~studypath.words.UNSEEN`), and those a
#: YAML file cannot hold as they are.
_DROP = re.compile(UNSEEN.pattern + "|[\ud800-\udfff\ufffe\uffff]")
#: A URL in plain text, which GitHub makes a link (its end is trimmed by :func:`_trim`).
_BARE = re.compile(r"(?<![\w/.@:-])https?://[^\s<>\"'`]+", re.IGNORECASE)
#: What is left of brackets around a URL taken out of a title.
_EMPTY = re.compile(r"\(\s*\)|\[\s*\]|<\s*>")


def clean(text: str) -> str:
    """Text on one line, whitespace collapsed, without unseen characters or any a YAML file
    cannot hold."""
    return " ".join(_DROP.sub(lambda m: " " if m.group().isspace() else "", text).split())


@dataclass(frozen=True)
class Inline:
    """Plain text; the (text, url) of each http(s) link; the targets of the other links."""

    text: str
    links: tuple[tuple[str, str], ...]
    others: tuple[str, ...]


def inline(token: Token, box: re.Match[str] | None = None) -> Inline:
    """An inline token's plain text and links. The text leaves out ``box`` (a task item's, at
    its start) and the URLs it writes out (bare, or as a link's text) when there is other text:
    "SICP (https://...)" is "SICP"."""
    text: list[str] = []
    short: list[str] = []  # the text without the URLs it writes out
    links: list[tuple[str, str]] = []
    others: list[str] = []
    label: list[str] | None = None  # the text of the link open
    href = alt = ""
    autolink = False
    for child in token.children or []:
        kind = child.type
        piece = " " if kind in ("softbreak", "hardbreak") else child.content
        if kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text.append(piece)
            if label is not None:
                label.append(piece)
                continue
            for url in map(_trim, _BARE.findall(piece) if kind == "text" else ()):
                if web_url(url):
                    links.append((url, url))
                    piece = piece.replace(url, " ", 1)
            short.append(piece)
        elif kind == "link_open":
            label, href, alt = [], str(child.attrGet("href") or ""), ""
            autolink = child.markup == "autolink"
        elif kind == "image" and label is not None:
            alt = alt or child.content
        elif kind == "link_close" and label is not None:
            name = clean("".join(label))
            short += [] if autolink or name == href else label
            if web_url(href):
                links.append((name or clean(alt) or href, href))
            elif href:
                others.append(href)
            label = None
    plain, rest = "".join(text), "".join(short)
    if box is not None:
        plain, rest = (t[box.end() :] if t.startswith(box.group()) else t for t in (plain, rest))
    title = clean(plain)
    if rest != plain:  # URLs written out: the title is the text around them
        title = clean(_EMPTY.sub(" ", rest)).strip(" :;,.-–—|/") or title
    return Inline(title, tuple(links), tuple(others))


def _trim(url: str) -> str:
    """A bare URL without the punctuation that ends its sentence, as GitHub trims it."""
    while url and (url[-1] in ".,:;!?*_~" or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def web_url(url: str) -> bool:
    """Whether the validator takes ``url`` as a resource's URL (an http(s) link)."""
    scheme, sep, rest = url.partition("://")
    return (
        bool(sep and rest.strip("/"))
        and scheme.lower() in ("http", "https")
        and url.isprintable()
        and not UNSEEN.search(url)
    )
