"""Finishing the PDFs WeasyPrint writes: the print shop's file and the screen file.

WeasyPrint lays the pages out once, with bleed (``@page { bleed }``): each page's
MediaBox is the bleed box, with a negative origin, and nothing lies beyond it. From
that one render:

* the **print** file gets room for printer's marks around the bleed (the slug), its
  origin moved to 0,0, TrimBox = A5 and BleedBox = trim + bleed, crop marks in 100 % K
  outside the bleed, a slug line naming leaflet, language, version and page, and an
  output intent that names its printing condition (OutputConditionIdentifier,
  RegistryName). Links are removed: PDF/X forbids annotations on the printed area.
  The XMP document id WeasyPrint draws at random is replaced by one made from the
  content, so the same content gives the same bytes. The file says which PDF/X it is
  the way the standard and established producers say it: WeasyPrint's
  ``GTS_PDFXConformance`` key, which strict checkers reject on anything but
  PDF/X-1a:2001, is removed, and so are the colour spaces (Lab, ICC-based) WeasyPrint
  defines on every page whether anything paints with them or not, which resource-
  scanning PDF/X-1a checks flag. The XMP carries only what the standard the file
  claims defines: PDF/X-4 is named by ``pdfxid:GTS_PDFXVersion`` (ISO 15930-7), and
  WeasyPrint's ``pdfx:GTS_PDFXVersion`` (the XMP copy of a document information key the
  file does not have) is removed; PDF/X-1a:2003 is named in the document information
  (ISO 15930-4 knows no ``pdfxid:`` schema), so WeasyPrint's ``pdfxid:GTS_PDFXVersion``
  and ``pdfxid:part`` are removed and ``pdfx:GTS_PDFXVersion`` mirrors the key. The
  colour profile of the output intent is the profile file itself, byte for byte
  (WeasyPrint's copy has been through LittleCMS and differs from it). Pictures in RGB
  are converted to CMYK with that profile (:mod:`.cmyk`).
* the **screen** file is finished in :mod:`.accessible` (tagged, cut to the trim,
  screen colours, no output intent).

All geometry here is in PDF points.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from typing import Any

from ..project import A5_HEIGHT_MM, A5_WIDTH_MM, PT_PER_MM
from .cmyk import convert_pictures

#: Room for marks and the slug line outside the bleed, on every side.
SLUG_MM = 10.0
#: Crop marks start this far outside the bleed and are this long.
MARK_GAP_MM = 1.0
MARK_LENGTH_MM = 6.0
#: Hairline, as printers ask for.
MARK_WIDTH_PT = 0.25

_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-fA-F-]{36}")


@dataclass(frozen=True)
class Sheet:
    """The geometry of one print page, in points."""

    bleed_mm: float
    marks: bool

    @property
    def trim(self) -> tuple[float, float]:
        return A5_WIDTH_MM * PT_PER_MM, A5_HEIGHT_MM * PT_PER_MM

    @property
    def bleed(self) -> float:
        return self.bleed_mm * PT_PER_MM

    @property
    def slug(self) -> float:
        return SLUG_MM * PT_PER_MM if self.marks else 0.0

    @property
    def offset(self) -> float:
        """Where the trim starts, from the media's lower left corner."""
        return self.bleed + self.slug

    @property
    def media(self) -> tuple[float, float]:
        width, height = self.trim
        return width + 2 * self.offset, height + 2 * self.offset

    @property
    def media_mm(self) -> tuple[float, float]:
        width, height = self.media
        return width / PT_PER_MM, height / PT_PER_MM

    def trim_box(self) -> list[float]:
        width, height = self.trim
        o = self.offset
        return [o, o, o + width, o + height]

    def bleed_box(self) -> list[float]:
        width, height = self.trim
        s, b = self.slug, self.bleed
        return [s, s, s + width + 2 * b, s + height + 2 * b]


def _round(values: list[float]) -> list[float]:
    return [round(v, 4) for v in values]


def crop_marks(sheet: Sheet) -> bytes:
    """A content stream drawing the eight crop marks, 100 % K hairlines outside the bleed."""
    x0, y0, x1, y1 = sheet.trim_box()
    start = sheet.bleed + MARK_GAP_MM * PT_PER_MM
    end = start + MARK_LENGTH_MM * PT_PER_MM
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            lines.append((x + dx * start, y, x + dx * end, y))  # horizontal, on the trim line
            lines.append((x, y + dy * start, x, y + dy * end))  # vertical
    ops = [f"q 0 0 0 1 K {MARK_WIDTH_PT} w 0 J []0 d"]
    ops += [f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S" for a, b, c, d in lines]
    ops.append("Q")
    return "\n".join(ops).encode("ascii")


def finish_print(
    pdf: bytes,
    sheet: Sheet,
    *,
    slug: bytes | None,
    output_condition: str,
    output_condition_text: str,
    registry: str,
    document_key: str,
    profile: bytes | None = None,
) -> bytes:
    """Turn WeasyPrint's bleed pages into the print shop's file (see the module docstring).

    ``slug`` is a PDF with one page per print page, as large as the print media, that
    holds the slug line; ``document_key`` names the content (leaflet, language, version)
    and becomes the XMP document id; ``profile`` is the colour profile file the output
    intent embeds (None: as WeasyPrint wrote it).
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        width, height = sheet.trim
        b, o = sheet.bleed, sheet.offset
        slug_doc = pikepdf.open(io.BytesIO(slug)) if slug is not None else None
        try:
            if slug_doc is not None and len(slug_doc.pages) != len(doc.pages):
                raise ValueError("the slug file must have one page per page")
            for index, page in enumerate(doc.pages):
                media = [float(v) for v in page.obj.MediaBox]
                # WeasyPrint puts the trim at 0,0 and the bleed below and left of it.
                if abs(media[0] + b) > 0.05 or abs(media[2] - width - b) > 0.05:
                    raise ValueError(
                        f"page {index + 1} has a MediaBox of {media}, not the expected bleed box"
                    )
                before = (
                    f"q 1 0 0 1 {o:.4f} {o:.4f} cm "
                    f"{-b:.4f} {-b:.4f} {width + 2 * b:.4f} {height + 2 * b:.4f} re W n\n"
                )
                after = b"\nQ\n"
                if sheet.marks:
                    after += crop_marks(sheet) + b"\n"
                if slug_doc is not None:
                    form = doc.copy_foreign(slug_doc.pages[index].as_form_xobject())
                    name = pikepdf.Name(f"/LeafletSlug{index + 1}")
                    resources = page.obj.Resources
                    if "/XObject" not in resources:
                        resources.XObject = pikepdf.Dictionary()
                    resources.XObject[name] = form
                    after += f"q {name} Do Q\n".encode("ascii")
                page.contents_coalesce()
                body = page.obj.Contents.read_bytes()
                page.obj.Contents = doc.make_stream(before.encode("ascii") + body + after)
                mw, mh = sheet.media
                page.obj.MediaBox = pikepdf.Array(_round([0, 0, mw, mh]))
                page.obj.BleedBox = pikepdf.Array(_round(sheet.bleed_box()))
                page.obj.TrimBox = pikepdf.Array(_round(sheet.trim_box()))
                for key in ("/CropBox", "/ArtBox", "/Annots"):
                    if key in page.obj:
                        del page.obj[key]
            _name_output_intent(doc, output_condition, output_condition_text, registry, profile)
            convert_pictures(doc, profile if profile is not None else _intent_profile(doc))
            _fix_metadata(doc, document_key)
            drop_unused_colour_spaces(doc)
            return save(doc)
        finally:
            if slug_doc is not None:
                slug_doc.close()


def _name_output_intent(
    doc: Any, condition: str, text: str, registry: str, profile: bytes | None
) -> None:
    import pikepdf

    intents = doc.Root.get("/OutputIntents")
    if not intents:
        raise ValueError("WeasyPrint wrote no output intent — is @color-profile device-cmyk set?")
    for intent in intents:
        intent.OutputConditionIdentifier = pikepdf.String(condition)
        intent.OutputCondition = pikepdf.String(text)
        intent.Info = pikepdf.String(text)
        intent.RegistryName = pikepdf.String(registry)
        embedded = intent.get("/DestOutputProfile")
        if profile is not None and isinstance(embedded, pikepdf.Stream):
            embedded.write(profile)  # the file itself, as its README names it


def _intent_profile(doc: Any) -> bytes:
    """The colour profile the output intent embeds."""
    return bytes(doc.Root.OutputIntents[0].DestOutputProfile.read_bytes())


#: The PDF/X conformance key, in the XMP as an element or an attribute.
_CONFORMANCE_XMP = re.compile(
    rb"\s*<pdfx:GTS_PDFXConformance>[^<]*</pdfx:GTS_PDFXConformance>"
    rb"|\s+pdfx:GTS_PDFXConformance=(\"[^\"]*\"|'[^']*')"
)


def _fix_metadata(doc: Any, key: str) -> None:
    """The identification a strict checker accepts, and a document id made from ``key``.

    ``GTS_PDFXConformance`` belongs to PDF/X-1a:2001 only (PDF/X-1a:2003 is named by
    ``GTS_PDFXVersion`` in the document information, PDF/X-4 by
    ``pdfxid:GTS_PDFXVersion`` in the XMP); WeasyPrint writes it for every version.
    The random XMP DocumentID becomes one derived from ``key``.
    """
    version = str(doc.docinfo.get("/GTS_PDFXVersion", ""))
    if "/GTS_PDFXConformance" in doc.docinfo and version != "PDF/X-1a:2001":
        del doc.docinfo["/GTS_PDFXConformance"]
    metadata = doc.Root.get("/Metadata")
    if metadata is None:
        return
    stable = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'leaflet:' + key)}".encode("ascii")
    data = _DOCUMENT_ID.sub(stable, metadata.read_bytes())
    if version != "PDF/X-1a:2001":
        data = _CONFORMANCE_XMP.sub(b"", data)
    if not version:  # PDF/X-4: named in the XMP only, so no mirror of an Info key
        data = drop_xmp_property(data, b"pdfx", b"GTS_PDFXVersion")
    elif version.startswith("PDF/X-1"):  # named in the Info; no PDF/X-4 schema
        data = drop_xmp_property(data, b"pdfxid", b"GTS_PDFXVersion")
        data = drop_xmp_property(data, b"pdfxid", b"part")
    # X-4 wants the metadata stream readable without filters; keep it uncompressed.
    metadata.write(data)


def drop_xmp_property(data: bytes, prefix: bytes, name: bytes) -> bytes:
    """XMP without the property ``prefix:name`` (as an element or an attribute), and
    without the declaration of ``prefix`` once nothing uses it."""
    data = re.sub(
        rb"\s*<" + prefix + b":" + name + rb"(?:\s[^<>]*)?>[^<]*</" + prefix + b":" + name + b">"
        rb"|\s+" + prefix + b":" + name + rb"=(\"[^\"]*\"|'[^']*')",
        b"",
        data,
    )
    if not re.search(rb"[<\s]" + prefix + b":", data):
        data = re.sub(rb"\s+xmlns:" + prefix + rb"=(\"[^\"]*\"|'[^']*')", b"", data)
    return data


#: A name and the operator that sets a colour space with it (``/CS0 cs``).
_SETS_SPACE = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+(?:cs|CS)(?![^\s/\[\]()<>{}%])")
#: What the bytes alone cannot be trusted with: inline images (their /CS), comments.
_NEEDS_PARSING = re.compile(rb"(?<![^\s/\[\]()<>{}%])BI(?![^\s/\[\]()<>{}%])|%")


def _content_bytes(owner: Any) -> bytes | None:
    """The content stream of a page, form, pattern or glyph, decoded (None: unreadable)."""
    import pikepdf

    contents = owner.obj.get("/Contents") if isinstance(owner, pikepdf.Page) else owner
    parts: Any = contents if isinstance(contents, pikepdf.Array) else [contents]
    try:
        return b"\n".join(part.read_bytes() for part in parts)
    except (pikepdf.PdfError, AttributeError, TypeError):
        return None


def drop_unused_colour_spaces(doc: Any) -> None:
    """Remove the colour spaces of every resource dictionary that nothing paints with.

    A colour space is used by name only from a content stream (``cs``/``CS``, an inline
    image's ``/CS``), so every content stream of the file is read: pages, forms,
    patterns, Type3 glyphs, annotation appearances. A name used anywhere is kept
    everywhere.
    """
    import pikepdf

    streams: list[Any] = []
    resources: list[Any] = []
    for page in doc.pages:
        streams.append(page)
        if "/Resources" in page.obj:
            resources.append(page.obj.Resources)
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            continue
        subtype, kind = obj.get("/Subtype"), obj.get("/PatternType")
        if isinstance(obj, pikepdf.Stream) and (subtype == "/Form" or kind == 1):
            streams.append(obj)
        if subtype == "/Type3":
            streams.extend(dict(obj.get("/CharProcs", {})).values())
        if "/Resources" in obj and (subtype in ("/Form", "/Type3") or kind == 1):
            resources.append(obj.Resources)
    used: set[str] = set()
    for stream in streams:
        data = _content_bytes(stream)
        if data is not None and not _NEEDS_PARSING.search(data):
            # Names before cs/CS, found in the bytes: a name in a string would only keep
            # one more colour space, never drop a used one.
            used.update("/" + m.decode("latin-1") for m in _SETS_SPACE.findall(data))
            continue
        try:
            instructions = pikepdf.parse_content_stream(stream)
        except pikepdf.PdfError:
            return  # a stream that cannot be read might use any of them: keep them all
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                space = instruction.iimage.obj.get("/CS", instruction.iimage.obj.get("/ColorSpace"))
                if isinstance(space, pikepdf.Name):
                    used.add(str(space))
            elif str(instruction.operator) in ("cs", "CS") and instruction.operands:
                used.add(str(instruction.operands[0]))
    for found in resources:
        spaces = found.get("/ColorSpace")
        if not isinstance(spaces, pikepdf.Dictionary):
            continue
        for name in [str(n) for n in spaces if str(n) not in used]:
            del spaces[name]
        if not list(spaces):
            del found["/ColorSpace"]


def save(doc: Any, *, object_streams: bool = False, min_version: str = "") -> bytes:
    """``doc`` as bytes that depend only on its content: an /ID made from it, no clock.

    Object streams are off unless asked for: PDF/X-1a (PDF 1.4) does not allow them.
    """
    import pikepdf

    out = io.BytesIO()
    doc.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate
        if object_streams
        else pikepdf.ObjectStreamMode.disable,
        min_version=min_version,
    )
    return out.getvalue()
