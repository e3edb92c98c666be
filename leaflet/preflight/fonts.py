"""Fonts: every font used on a page has its program embedded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .pdfobjects import appearance_streams, inherited, name_of
from .report import Check, Status, fold


def page_fonts(pdf: Any) -> Iterator[tuple[int, Any]]:
    """(page, font) for every font reachable from each page's resources."""
    import pikepdf

    for number, page in enumerate(pdf.pages, start=1):
        seen: set[tuple[int, int]] = set()
        pending: list[Any] = [inherited(page, "/Resources")]
        pending.extend(stream.get("/Resources") for stream in appearance_streams(page))
        while pending:
            resources = pending.pop()
            if not isinstance(resources, pikepdf.Dictionary):
                continue
            if resources.objgen != (0, 0):
                if resources.objgen in seen:
                    continue
                seen.add(resources.objgen)
            for font in dict(resources.get("/Font", {})).values():
                yield number, font
                if name_of(font.get("/Subtype")) == "/Type3":
                    pending.append(font.get("/Resources"))
            for xobject in dict(resources.get("/XObject", {})).values():
                if name_of(xobject.get("/Subtype")) == "/Form":
                    pending.append(xobject.get("/Resources"))
            for pattern in dict(resources.get("/Pattern", {})).values():
                pending.append(pattern.get("/Resources"))


def check_fonts(pdf: Any) -> Check:
    """Every font has its font program embedded (Type3 fonts are drawn, so they are fine)."""
    findings: list[tuple[Status, int | None, str]] = []
    count = 0
    for number, font in page_fonts(pdf):
        count += 1
        subtype = name_of(font.get("/Subtype"))
        if subtype == "/Type3":
            continue
        parts = list(font.get("/DescendantFonts", [])) if subtype == "/Type0" else [font]
        for part in parts:
            name = name_of(part.get("/BaseFont", font.get("/BaseFont"))).lstrip("/")
            descriptor = part.get("/FontDescriptor")
            if descriptor is None or not any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                findings.append(
                    (
                        "FAIL",
                        number,
                        f"font {name or '(unnamed)'} is not embedded — "
                        "export again with all fonts embedded",
                    )
                )
    if count == 0:
        return Check("fonts", "PASS", (), "no fonts (no text, or text drawn as outlines)")
    return fold("fonts", findings, f"all fonts embedded ({count} font uses on the pages checked)")
