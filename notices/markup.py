"""A small, safe subset of Markdown for notices and information pages (no Django import).

Everything the author types is HTML-escaped first; only these constructs become markup:
blank lines separate paragraphs, a single line break stays a line break, ``## `` and ``### ``
start headings, lines starting with ``- `` or ``1. `` make lists, ``**bold**``, ``*italic*``
and ``[text](https://...)`` links. Raw HTML is never passed through, and links may only point
to http(s), mailto: and tel: addresses or to pages of this site, so ``javascript:`` cannot
sneak in.
"""

from __future__ import annotations

import re
from html import escape

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_SAFE_URL = re.compile(
    r"^(?:https?://[^\s<>\"']+|mailto:[^\s<>\"']+|tel:[0-9+\-~() ]+|/(?!/)[^\s<>\"']*)$", re.I
)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(.*)$")


def _emphasis(escaped: str) -> str:
    return _ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def _link(label: str, url: str) -> str:
    if not _SAFE_URL.match(url):
        return escape(f"[{label}]({url})", quote=False)
    external = url.lower().startswith(("http://", "https://"))
    rel = ' rel="nofollow noopener noreferrer"' if external else ""
    return f'<a href="{escape(url, quote=True)}"{rel}>{_emphasis(escape(label, quote=False))}</a>'


def inline(text: str) -> str:
    """One line or paragraph of text as escaped HTML with emphasis and safe links."""
    parts, position = [], 0
    for match in _LINK.finditer(text):
        parts.append(_emphasis(escape(text[position : match.start()], quote=False)))
        parts.append(_link(match.group(1), match.group(2)))
        position = match.end()
    parts.append(_emphasis(escape(text[position:], quote=False)))
    return "".join(parts)


def _list(lines: list[str]) -> str | None:
    """A block whose every line is a list item (or an indented continuation) as <ul>/<ol>."""
    for pattern, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
        if not pattern.match(lines[0]):
            continue
        items: list[str] = []
        for line in lines:
            item = pattern.match(line)
            if item:
                items.append(item.group(1))
            elif line[:1].isspace() and items:
                items[-1] += "\n" + line.strip()
            else:
                return None
        body = "".join(
            f"<li>{'<br>'.join(inline(part) for part in item.split(chr(10)))}</li>" for item in items
        )
        return f"<{tag}>{body}</{tag}>"
    return None


def _block(lines: list[str]) -> str:
    heading = _HEADING.match(lines[0].strip()) if len(lines) == 1 else None
    if heading:
        level = 2 if len(heading.group(1)) <= 2 else 3  # the page title is the only <h1>
        return f"<h{level}>{inline(heading.group(2))}</h{level}>"
    listed = _list(lines)
    if listed is not None:
        return listed
    return "<p>" + "<br>".join(inline(line.strip()) for line in lines) + "</p>"


def render(text: str) -> str:
    """The text as HTML that is safe to insert into a page as it is."""
    blocks: list[list[str]] = [[]]
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            if blocks[-1]:
                blocks.append([])
            continue
        # A heading is a block of its own even without blank lines around it.
        if _HEADING.match(line.strip()) and not line[:1].isspace():
            if blocks[-1]:
                blocks.append([])
            blocks[-1].append(line)
            blocks.append([])
            continue
        blocks[-1].append(line)
    return "\n".join(_block(lines) for lines in blocks if lines)


def plain(text: str, limit: int = 240) -> str:
    """The text without markup characters, cut at ``limit``: for summaries and list previews."""
    flat = _LINK.sub(r"\1", text or "")
    flat = re.sub(r"^\s*(?:#{1,3}|[-*]|\d{1,3}[.)])\s+", "", flat, flags=re.M)
    flat = re.sub(r"\*{1,2}", "", flat)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
