"""The rules for the QR address: a web address made safe for every phone, and scannable.

A QR code's default character set is ISO-8859-1 and phones guess differently at
anything else, so the address is turned into plain ASCII the way RFC 3987 says
(UTF-8 percent-encoding of the path, IDNA for the host): the code then reads the
same everywhere. A longer address needs a denser code; :func:`scan_problem` says
when it would be too dense to scan at the printed size. Drawing the symbol is the
render stage's work (:mod:`leaflet.render.qr`).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

#: Smallest width of the printed code including its quiet zone, in millimetres.
MIN_SIZE_MM = 20.0
#: Smallest module (one black square) a phone reads reliably from paper.
MIN_MODULE_MM = 0.4
#: The white margin around the code, in modules, as the QR standard asks.
QUIET_ZONE = 4
#: The printed width of the code with its quiet zone (``.qr__code`` in styles/leaflet.css).
PRINTED_MM = 40.0

# Characters left as they are in each part; everything else is UTF-8 percent-encoded.
_SAFE_PATH = "/!$&'()*+,;=:@-._~%"
_SAFE_QUERY = _SAFE_PATH + "?"


class UrlProblem(ValueError):
    """The address cannot be used as a QR target."""


def ascii_url(url: str) -> str:
    """``url`` as plain ASCII: IDNA host, UTF-8 percent-encoded path, query and fragment.

    >>> ascii_url("https://rn.dk/lænderygsmerter")
    'https://rn.dk/l%C3%A6nderygsmerter'
    """
    text = url.strip()
    if re.search(r"\s", text):
        raise UrlProblem(f'the address "{url}" contains a space — remove it or write %20')
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:  # a bracket or port that cannot be read
        raise UrlProblem(f'"{url}" is not a valid web address ({exc})') from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UrlProblem(f'"{url}" is not a web address — it must start with https:// (or http://)')
    host = parts.hostname
    if not host:
        raise UrlProblem(f'"{url}" has no host name — write it like https://example.dk/page')
    ascii_host = _ascii_host(host, url)
    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host  # IPv6 keeps brackets
    if port is not None:
        netloc += f":{port}"
    if parts.username:
        raise UrlProblem(f'"{url}" contains a user name — leave it out of a printed address')
    return urlunsplit(
        (
            parts.scheme.lower(),
            netloc,
            quote(parts.path, safe=_SAFE_PATH),
            quote(parts.query, safe=_SAFE_QUERY),
            quote(parts.fragment, safe=_SAFE_QUERY),
        )
    )


def _ascii_host(host: str, url: str) -> str:
    """The host as browsers and DNS write it: IDNA 2008 with the UTS 46 mapping, as
    browsers use it (``faß.de`` is ``xn--fa-hia.de``; Python's own codec, IDNA 2003,
    would give ``fass.de``, another domain). An ASCII name stays as it is (urlsplit
    has put it in lower case)."""
    import idna

    if host.isascii():
        if "xn--" in host:  # written as browsers write it: check what it stands for
            # not a valid international name: DNS says so, as it did before
            with contextlib.suppress(idna.IDNAError):
                _mixed_scripts(idna.decode(host), url)
        return host
    _mixed_scripts(host, url)

    try:
        return str(idna.encode(host, uts46=True, transitional=False).decode("ascii"))
    except idna.IDNAError as exc:
        raise UrlProblem(
            f'the host name "{host}" in "{url}" is not a valid international domain name '
            f"({exc}) — check its spelling"
        ) from None


#: Scripts that are written together with others in one name (Japanese mixes kanji,
#: kana and Latin); any other two scripts in one label of a host name are not.
_MIXED_BY_RIGHT = {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL"}


def _script(char: str) -> str | None:
    """The script of a letter, as the first word of its Unicode name; None for others."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split()[0]


def _mixed_scripts(host: str, url: str) -> None:
    """Refuse a label of ``host`` that mixes scripts, like Latin with a Cyrillic е: it
    looks like the address of one web site and leads to another (browsers show such a
    name as xn--…, a phone may not), whether pasted by mistake or on purpose."""
    for label in host.split("."):
        scripts: dict[str, str] = {}
        for char in label:
            script = _script(char)
            if script is not None:
                scripts.setdefault(script, char)
        mixed = sorted(set(scripts) - _MIXED_BY_RIGHT)
        if len(mixed) < 2:
            continue
        odd = next(c for s, c in scripts.items() if s in mixed and s != "LATIN")
        named = " and ".join(s.title() for s in mixed)
        raise UrlProblem(
            f'the host name "{host}" in "{url}" mixes {named} letters in "{label}" '
            f'("{odd}" is U+{ord(odd):04X} {unicodedata.name(odd, "")}), so it looks like one '
            "web site's address and leads to another — type the address again on the "
            "keyboard, in one alphabet"
        )


def modules(payload: str) -> int:
    """Modules across the code for ``payload`` (error correction M), quiet zone included."""
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(payload, optimize=0)
    # The version (the size) is all that is needed: choosing the mask, which costs
    # most of making a code, is left to the render stage.
    version = int(code.best_fit())
    return 17 + 4 * version + 2 * QUIET_ZONE


def scan_problem(url: str) -> str | None:
    """Why the code for ``url`` would be too dense to scan at its printed size, or None.

    A longer address needs more, smaller squares; at :data:`PRINTED_MM` across, a phone
    needs each square to be at least :data:`MIN_MODULE_MM` wide.
    """
    payload = ascii_url(url)
    advice = (
        "use a shorter address, for example a short link on your own web site that "
        "leads to this page"
    )
    largest = int(PRINTED_MM / MIN_MODULE_MM)
    if len(payload) > 1000:  # far beyond anything that fits; do not even try
        return f"the address is {len(payload):,} characters long, too long for a QR code — {advice}"
    across = modules(payload)
    if across > largest:
        return (
            f"the address is {len(payload)} characters long, so its QR code needs "
            f"{across} squares across, each {PRINTED_MM / across:.3f} mm wide at "
            f"the printed {PRINTED_MM:.0f} mm; phones need at least {MIN_MODULE_MM} mm — {advice}"
        )
    return None
