"""The ``contact`` block's phone numbers, web and e-mail addresses: checked, and as links.

A phone number is printed as written ("99 99 99 99", "+45 70 15 00 00") and becomes a
``tel:`` link of its digits; a web address may be written without https:// ("rn.dk/
sundhed") and becomes an ``https:`` link; an e-mail address becomes a ``mailto:`` link.
The checks run when the words are read, so a wrong one is a message with its line.
"""

from __future__ import annotations

import re

from .urls import UrlProblem, ascii_url

_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-/]*[0-9]$|^[0-9]$")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


def phone_problem(text: str) -> str | None:
    """Why ``text`` cannot be a phone number, or None."""
    if not _PHONE.match(text.strip()) or sum(c.isdigit() for c in text) < 3:
        return (
            f'"{text}" is not a phone number — write digits, with spaces if you like, and + '
            'before a country code ("99 99 99 99", "+45 70 15 00 00")'
        )
    return None


def phone_href(text: str) -> str:
    """The ``tel:`` link of a phone number: its digits, and + before a country code."""
    digits = "".join(c for c in text if c.isdigit())
    return f"tel:{'+' if text.strip().startswith('+') else ''}{digits}"


def web_href(text: str) -> str:
    """The ``https:`` link of a web address written with or without https://."""
    text = text.strip()
    return ascii_url(text if re.match(r"^https?://", text, re.I) else f"https://{text}")


def web_problem(text: str) -> str | None:
    """Why ``text`` cannot be a web address, or None."""
    if "@" in text and "/" not in text:
        return f'"{text}" looks like an e-mail address — write it after email:, not web:'
    try:
        web_href(text)
    except UrlProblem as exc:
        return str(exc).replace(" — it must start with https:// (or http://)", "")
    if "." not in text.split("//")[-1].split("/")[0]:
        return f'"{text}" is not a web address — write it like rn.dk/sundhed'
    return None


def email_problem(text: str) -> str | None:
    """Why ``text`` cannot be an e-mail address, or None."""
    if not _EMAIL.match(text.strip()):
        return f'"{text}" is not an e-mail address — write it like navn@rn.dk'
    return None


def mailto_href(text: str) -> str:
    return f"mailto:{text.strip()}"
