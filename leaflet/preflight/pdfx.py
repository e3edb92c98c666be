"""PDF/X: what the file claims, its output intent and ICC profile, and what PDF/X forbids."""

from __future__ import annotations

import re
from typing import Any

from .pdfobjects import as_rect, name_of, page_box, xmp_text
from .report import Check, Status, fold


def pdfx_version(pdf: Any) -> str:
    """The PDF/X version the document claims (info dictionary or XMP), or ""."""
    version = (
        name_of(pdf.docinfo.get("/GTS_PDFXVersion")) if "/GTS_PDFXVersion" in pdf.docinfo else ""
    )
    if version:
        return version
    xmp = xmp_text(pdf)
    for prefix in ("pdfxid", "pdfx"):
        found = _xmp_property(xmp, prefix, "GTS_PDFXVersion")
        if found and found.startswith("PDF/X-"):
            return found
    return ""


_ICC_CLASSES = {
    "scnr": "input (scanner or camera)",
    "mntr": "display",
    "prtr": "output (printer)",
    "link": "device link",
    "spac": "colour space conversion",
    "abst": "abstract",
    "nmcl": "named colour",
}


def _icc_header(data: bytes) -> tuple[str, str] | None:
    """(device class, colour space) from an ICC profile's header, or None if not ICC."""
    if len(data) < 128 or data[36:40] != b"acsp":
        return None
    return data[12:16].decode("latin-1"), data[16:20].decode("latin-1")


def check_output_intent(pdf: Any) -> Check:
    """A PDF/X output intent: an ICC CMYK printer profile, a condition and a registry."""
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if name_of(i.get("/S")) == "/GTS_PDFX"]
    if not intents:
        return Check(
            "output-intent",
            "FAIL",
            (),
            "no PDF/X output intent — the file does not say which press condition its CMYK "
            "is for; export as PDF/X-4 with a CMYK profile (FOGRA39 or FOGRA51 for coated paper)",
        )
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    condition = name_of(intent.get("/OutputConditionIdentifier"))
    findings: list[tuple[Status, int | None, str]] = []
    advice = "use a CMYK press profile such as FOGRA39 or FOGRA51"
    size = 0
    if profile is None:
        findings.append(
            (
                "FAIL",
                None,
                f"the output intent ({condition or 'unnamed'}) has no ICC profile — embed the "
                "CMYK profile of the press condition",
            )
        )
    else:
        components = int(profile.get("/N", 0))
        if components != 4:
            findings.append(
                (
                    "FAIL",
                    None,
                    f"the output intent profile has {components} components, not 4 (CMYK) — "
                    + advice,
                )
            )
        try:
            data = bytes(profile.read_bytes())
        except Exception as exc:  # pikepdf raises its own errors for broken streams
            data = b""
            findings.append(("FAIL", None, f"the output intent profile cannot be read ({exc})"))
        size = len(data)
        header = _icc_header(data)
        if data and header is None:
            findings.append(
                ("FAIL", None, "the output intent profile is not an ICC profile — " + advice)
            )
        elif header is not None and header != ("prtr", "CMYK"):
            device, space = header
            kind = _ICC_CLASSES.get(device, "unknown")
            findings.append(
                (
                    "FAIL",
                    None,
                    f"the output intent profile is a {space.strip() or '?'} {kind} profile "
                    f"(colour space '{space.strip()}', device class '{device.strip()}'), "
                    "not a CMYK printer profile — " + advice,
                )
            )
    if not condition:
        findings.append(
            (
                "FAIL",
                None,
                "the output intent has no OutputConditionIdentifier — name the press "
                "condition (for example FOGRA39)",
            )
        )
    if not name_of(intent.get("/RegistryName")):
        findings.append(
            (
                "WARN",
                None,
                f"output intent {condition or '(unnamed)'} has no RegistryName — printers' "
                "preflight tools look for RegistryName, e.g. http://www.color.org; add it",
            )
        )
    version = pdfx_version(pdf)
    ok = (
        f"{version + ', ' if version else ''}output intent {condition} "
        f"(CMYK profile, {size / 1024:.0f} KB)"
    )
    return fold("output-intent", findings, ok)


def _annotations_in_print_area(pdf: Any) -> list[tuple[int, str]]:
    """(page, subtype) of visible annotations over the BleedBox (or TrimBox, or page)."""
    found: list[tuple[int, str]] = []
    for number, page in enumerate(pdf.pages, start=1):
        area = (
            page_box(page, "/BleedBox") or page_box(page, "/TrimBox") or page_box(page, "/MediaBox")
        )
        assert area is not None
        for annot in page.obj.get("/Annots", []):
            subtype = name_of(annot.get("/Subtype")).lstrip("/") or "unknown"
            if subtype in ("PrinterMark", "TrapNet"):
                continue
            try:
                hidden = bool(int(annot.get("/F", 0)) & 2)
            except (TypeError, ValueError):
                hidden = False
            rect = as_rect(annot.get("/Rect"))
            if hidden or rect is None:
                continue
            overlaps = (
                rect[0] < area[2] and rect[2] > area[0] and rect[1] < area[3] and rect[3] > area[1]
            )
            if overlaps:
                found.append((number, subtype))
    return found


def _trapped(pdf: Any) -> str:
    """The Trapped value: the Info entry (True, False, Unknown …), else XMP pdf:Trapped."""
    if "/Trapped" in pdf.docinfo:
        return str(pdf.docinfo["/Trapped"]).lstrip("/")
    m = re.search(r"pdf:Trapped\s*(?:=\s*[\"']|>)\s*([A-Za-z]+)", xmp_text(pdf))
    return m[1] if m else ""


def _conformance(pdf: Any) -> bool:
    """Whether the file has a GTS_PDFXConformance key (document information or XMP)."""
    return "/GTS_PDFXConformance" in pdf.docinfo or "GTS_PDFXConformance" in xmp_text(pdf)


#: Colour space families PDF/X-1a allows only through the output intent.
_DEVICE_INDEPENDENT = ("/Lab", "/ICCBased", "/CalRGB", "/CalGray", "/CalCMYK")


def _device_independent_spaces(pdf: Any) -> list[tuple[int, str]]:
    """(page, family) of Lab, ICC-based and calibrated colour spaces in page resources."""
    import pikepdf

    found: list[tuple[int, str]] = []
    for number, page in enumerate(pdf.pages, start=1):
        dictionaries = [page.obj.get("/Resources")]
        xobjects = (dictionaries[0] or {}).get("/XObject", {}) if dictionaries[0] else {}
        dictionaries += [x.get("/Resources") for x in dict(xobjects).values()]
        for resources in dictionaries:
            spaces = resources.get("/ColorSpace") if resources is not None else None
            if not isinstance(spaces, pikepdf.Dictionary):
                continue
            for value in dict(spaces).values():
                family = value[0] if isinstance(value, pikepdf.Array) and len(value) else value
                if name_of(family) in _DEVICE_INDEPENDENT:
                    found.append((number, name_of(family).lstrip("/")))
    return found


def _xmp_property(xmp: str, prefix: str, name: str) -> str | None:
    """The value of ``prefix:name`` in the XMP (an element or an attribute), or None."""
    m = re.search(rf"{prefix}:{name}(?:\s*=\s*[\"']|(?:\s[^<>]*)?>)\s*([^<\"']*)", xmp)
    return m[1].strip() if m else None


def _metadata_findings(pdf: Any, version: str) -> list[tuple[Status, int | None, str]]:
    """The XMP says only what the PDF/X version the file claims defines.

    PDF/X-4 (ISO 15930-7) is named by ``pdfxid:GTS_PDFXVersion`` in the XMP;
    PDF/X-1a:2003 (ISO 15930-4) by ``GTS_PDFXVersion`` in the document information,
    and has no ``pdfxid:`` schema. ``pdfx:`` properties are the XMP copies of keys of
    the document information, so each needs its key there, with the same value.
    """
    xmp = xmp_text(pdf)
    found: list[tuple[Status, int | None, str]] = []
    info = (
        str(pdf.docinfo.get("/GTS_PDFXVersion", "")) if "/GTS_PDFXVersion" in pdf.docinfo else None
    )
    mirror = _xmp_property(xmp, "pdfx", "GTS_PDFXVersion")
    if mirror is not None and mirror != info:
        found.append(
            (
                "WARN",
                None,
                f"the XMP has pdfx:GTS_PDFXVersion ({mirror}), the copy of a document "
                "information key, but the document information "
                + (f"says {info}" if info else "has no GTS_PDFXVersion")
                + " — strict checkers reject metadata that disagrees; remove the copy",
            )
        )
    if version.upper().startswith("PDF/X-1") and re.search(r"[<\s]pdfxid:", xmp):
        found.append(
            (
                "WARN",
                None,
                f"the XMP has pdfxid: properties, which {version} does not define (they name "
                "PDF/X-4 and later) — remove them; the document information names the version",
            )
        )
    if (
        version.upper().startswith("PDF/X-4")
        and _xmp_property(xmp, "pdfxid", "GTS_PDFXVersion") != version
    ):
        found.append(
            (
                "FAIL",
                None,
                f"{version} is named by pdfxid:GTS_PDFXVersion in the XMP metadata, and this "
                "file's XMP does not say it — export it again as PDF/X-4",
            )
        )
    return found


def check_pdfx(pdf: Any) -> Check:
    """The file claims PDF/X, and has what PDF/X asks of every file: ID, TrimBox, Trapped."""
    version = pdfx_version(pdf)
    findings: list[tuple[Status, int | None, str]] = []
    if not version:
        findings.append(
            (
                "WARN",
                None,
                "the file does not claim PDF/X — a print shop usually asks for PDF/X-4; "
                "export the print file as PDF/X-4",
            )
        )
    else:
        if "/ID" not in pdf.trailer:
            findings.append(
                (
                    "FAIL",
                    None,
                    "PDF/X requires a file identifier (ID) and this file has none — "
                    "export it again as PDF/X",
                )
            )
        for number, page in enumerate(pdf.pages, start=1):
            if "/TrimBox" not in page.obj:
                findings.append(
                    ("FAIL", number, "no TrimBox — PDF/X requires one on every page; add it")
                )
        if _conformance(pdf) and version != "PDF/X-1a:2001":
            findings.append(
                (
                    "WARN",
                    None,
                    f"the file carries a GTS_PDFXConformance key, which only PDF/X-1a:2001 has; "
                    f"strict checkers reject it in a {version} file — remove it (the version is "
                    "named by GTS_PDFXVersion alone)",
                )
            )
        if version.upper().startswith("PDF/X-1"):
            for number, label in _device_independent_spaces(pdf):
                findings.append(
                    (
                        "WARN",
                        number,
                        f"the resources define a {label} colour space, which {version} does not "
                        "allow even when nothing paints with it — remove it",
                    )
                )
        findings.extend(_metadata_findings(pdf, version))
        trapped = _trapped(pdf)
        if trapped not in ("True", "False"):
            findings.append(
                (
                    "WARN",
                    None,
                    f"Trapped is {trapped or 'not set'} — PDF/X needs it set to True or False "
                    "in the document information; set it to False unless the file was trapped",
                )
            )
    annotations = _annotations_in_print_area(pdf)
    for number, subtype in annotations:
        what = "link annotations" if subtype == "Link" else f"{subtype} annotations"
        findings.append(
            (
                "WARN",
                number,
                f"{what} inside the page area — PDF/X forbids them; "
                "remove links from the print file",
            )
        )
    ok = f"claims {version}; has a file identifier, a TrimBox on every page and Trapped set"
    return fold("pdfx", findings, ok)
