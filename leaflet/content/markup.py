"""The small, safe inline markup allowed inside content text.

Writers may use exactly this, and nothing else turns into HTML:

* ``**strong**`` for strong emphasis and ``*emphasis*`` for emphasis;
* ``[link text](https://example.org)`` for a link (http, https or mailto only);
* ``{url}`` for the printed web address of the leaflet's QR code;
* a line break inside a text (in YAML, a ``|`` block) becomes a line break.

Everything else — ``<``, ``&``, quotes, a lone ``*`` — is printed as typed; bold or
italic that opens and never closes (``**Vigtigt: ring``) is refused (:func:`unbalanced`),
since its asterisks would be printed. HTML
tags (``<b>``, ``<script>``, ``<img …>``) are refused rather than printed: text pasted
from a web page would otherwise put its tags on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .. import errors

_TOKEN = re.compile(
    # Emphasis hugs its text, so "4 * 5 * 6" stays arithmetic, not emphasis.
    r"\*\*(?P<strong>\S(?:[^*\n]*?\S)?)\*\*"
    r"|\*(?P<em>\S(?:[^*\n]*?\S)?)\*"
    # A link target may hold one level of parentheses, as in javascript:alert(1).
    r"|\[(?P<label>[^\]\n]+)\]\((?P<href>(?:[^()\s]|\([^()\s]*\))+)\)"
    r"|(?P<url>\{url\})"
    r"|(?P<newline>\n)"
)
_ALLOWED_SCHEMES = {"http", "https", "mailto"}
#: Something that is an HTML tag or comment, not a "<" in a sentence ("under 5 < 10").
_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


class MarkupProblem(ValueError):
    """The text uses the markup in a way that cannot be printed safely."""


def check_link(href: str) -> str | None:
    """Why ``href`` may not be a link target, or None when it may."""
    scheme = urlsplit(href).scheme.lower()
    if scheme not in _ALLOWED_SCHEMES:
        return (
            f'the link "{href}" is not allowed — links must start with https://, http:// or mailto:'
        )
    return None


#: What to write instead of HTML, in a words file.
HTML_ADVICE = (
    "remove it: leaflet text is plain text (for bold write **text**, for a link [text](https://…))"
)


def problems(text: str, html_advice: str = HTML_ADVICE) -> list[str]:
    """Everything wrong with the markup in ``text`` (empty when it is fine).

    ``html_advice`` says what to do about HTML in the text, where it was written.
    """
    found = []
    if tag := _HTML.search(text):
        shown = tag[0] if len(tag[0]) <= 40 else tag[0][:37] + "…"
        found.append(
            f'the text contains HTML ("{shown}"), which would be printed as it is typed — '
            + html_advice
        )
    for match in _TOKEN.finditer(text):
        if match["href"] is not None and (message := check_link(match["href"])):
            found.append(message)
    found += unbalanced(text)
    return found


#: A run of asterisks in plain text, with the characters either side of it.
_STARS = re.compile(r"(?<!\*)(\*+)(?!\*)")


def unbalanced(text: str) -> list[str]:
    """Bold or italic that opens and never closes: ``**`` or ``*`` left in the plain text
    next to a word, which would be printed as asterisks.

    A lone ``*`` with a space after it is not markup (``4 * 5``, a footnote's ``* Gælder
    hverdage``), nor one after a word (``Pris*``); ``**`` next to a word always is.
    """
    found: list[str] = []
    for part in parts(text):
        if part.kind != "text":
            continue
        piece = part.text
        for match in _STARS.finditer(piece):
            before = piece[match.start() - 1] if match.start() else " "
            after = piece[match.end()] if match.end() < len(piece) else " "
            stars = match[1]
            if len(stars) >= 2 and not (before.isspace() and after.isspace()):
                what, how = "bold", "**like this**"
            elif (
                len(stars) == 1 and not after.isspace() and (before.isspace() or before in "([\"'")
            ):
                what, how = "italic", "*like this*"
            else:
                continue
            near = piece[max(0, match.start() - 12) : match.end() + 12].strip()
            closing = not before.isspace() and after.isspace()
            done = (
                f"ends {what} text that was never started, so the asterisks would be printed — "
                f"put {stars} before the words too ({how}), or remove it"
                if closing
                else f"starts {what} text that is never closed, so the asterisks would be "
                f"printed — close it after the words ({how}), or remove it"
            )
            found.append(f'"{stars}" in "{near}" {done}')
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Part:
    """One piece of a text: plain text, or a piece of markup.

    ``kind`` is "text", "strong", "em", "link", "url" or "newline"; ``text`` is the
    plain text, the emphasised text or the link text; ``href`` the link target.
    """

    kind: str
    text: str = ""
    href: str = ""


def parts(text: str) -> list[Part]:
    """``text`` split into plain text and markup, in order (nothing is checked)."""
    found: list[Part] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            found.append(Part("text", text[position : match.start()]))
        position = match.end()
        if match["strong"] is not None:
            found.append(Part("strong", match["strong"]))
        elif match["em"] is not None:
            found.append(Part("em", match["em"]))
        elif match["href"] is not None:
            found.append(Part("link", match["label"], match["href"]))
        elif match["url"] is not None:
            found.append(Part("url"))
        else:
            found.append(Part("newline"))
    if position < len(text):
        found.append(Part("text", text[position:]))
    return found


def shows_nothing(text: str) -> bool:
    """True when ``text``, once its markup is drawn, puts nothing on the page: spaces and
    invisible characters only (see :func:`leaflet.errors.shows_nothing`), also inside
    ``**…**`` or a link. ``{url}`` prints the address, so it shows something."""
    drawn = "".join("{url}" if part.kind == "url" else part.text for part in parts(text))
    return errors.shows_nothing(drawn)


def write(part: Part) -> str:
    """A part as it is written in a words file: ``**text**``, ``[text](href)`` …"""
    return {
        "text": part.text,
        "strong": f"**{part.text}**",
        "em": f"*{part.text}*",
        "link": f"[{part.text}]({part.href})",
        "url": "{url}",
        "newline": "\n",
    }[part.kind]


#: Numbers a line never breaks inside: a phone number written in groups ("70 11 07 07",
#: "+45 79 40 50 00") and a range ("8–15", "1-2"). A designer keeps each on one line;
#: in a table, a range that may break sets its column as narrow as "7–".
_NUMBERS = re.compile(r"\+?\d+(?: \d+)+|\d+[–-]\d+")


def _text(text: str) -> Markup:
    """Plain ``text`` as HTML, each number of :data:`_NUMBERS` kept on one line."""
    out: list[str] = []
    position = 0
    for match in _NUMBERS.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(Markup('<span class="nobreak">{}</span>').format(match[0]))
        position = match.end()
    out.append(escape(text[position:]))
    return Markup("").join(out)


def render(text: str, url: str | None = None) -> Markup:
    """``text`` as safe HTML, with the inline markup turned into elements.

    ``url`` is the readable address printed for ``{url}``.
    """
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        parts.append(_text(text[position : match.start()]))
        position = match.end()
        if match["strong"] is not None:
            parts.append(Markup("<strong>{}</strong>").format(_text(match["strong"])))
        elif match["em"] is not None:
            parts.append(Markup("<em>{}</em>").format(_text(match["em"])))
        elif match["href"] is not None:
            message = check_link(match["href"])
            if message:
                raise MarkupProblem(message)
            parts.append(Markup('<a href="{}">{}</a>').format(match["href"], match["label"]))
        elif match["url"] is not None:
            if url is None:
                raise MarkupProblem("{url} is used, but this leaflet has no qr: address")
            # dir="ltr": an address reads left to right inside right-to-left text too
            parts.append(Markup('<a class="url" dir="ltr" href="{}">{}</a>').format(url, url))
        else:
            # The line break, then a space: it changes nothing on the page (a space at the
            # start of a line is dropped, where one before the break would still shift a
            # right-aligned line in WeasyPrint 70) and keeps the words apart in PDF bookmarks.
            parts.append(Markup("<br>\n"))
    parts.append(_text(text[position:]))
    return Markup("").join(parts)
