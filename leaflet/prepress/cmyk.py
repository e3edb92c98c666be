"""Pictures in RGB converted to the print file's CMYK, as a layout program exports them.

Every photo from a camera or a web site is RGB, and so is a PNG drawn on a screen. A
print file (PDF/X) carries CMYK: WeasyPrint puts pictures into the PDF as they are,
so the print file's RGB pictures are converted here, after the render, with the
printing condition's own colour profile (the one its output intent embeds): from the
picture's own profile where it has one (a camera's Adobe RGB, say), else from sRGB;
relative colorimetric with black-point compensation, which is what InDesign and
Acrobat use to convert pictures to the destination. The profile keeps the total ink
within what the paper takes.

Only the print file is converted: the screen PDF and the web page keep the picture's
own colours, which is what screens show best. A picture's transparency (its soft mask)
stays as it is; so do pictures in grey or CMYK already.

A JPEG stays a JPEG: a CMYK JPEG as Photoshop writes it (Pillow stores the inks
inverted, with Adobe's marker), with the Decode array that turns them the right way
round — Ghostscript, pdfium and poppler all read it so. Any other picture is stored
without loss (Flate).
"""

from __future__ import annotations

import io
import zlib
from functools import lru_cache
from typing import Any

#: JPEG quality of a photo converted to CMYK (a press screens it at about 150 lpi).
JPEG_QUALITY = 92
#: The colour spaces of pictures that are converted.
_RGB = ("/DeviceRGB", "/CalRGB")


def _rgb_source(space: Any) -> tuple[bool, bytes | None]:
    """(the picture is RGB, its own ICC profile or None) for an image's /ColorSpace."""
    import pikepdf

    if isinstance(space, pikepdf.Name):
        return str(space) in _RGB, None
    if isinstance(space, pikepdf.Array) and len(space) >= 2:
        family = str(space[0])
        if family == "/CalRGB":
            return True, None
        if family == "/ICCBased":
            stream = space[1]
            if int(stream.get("/N", 0)) == 3:
                return True, stream.read_bytes()
            return False, None
        if family == "/Indexed":
            return _rgb_source(space[1])
    return False, None


@lru_cache(maxsize=8)
def _transform(source: bytes | None, destination: bytes) -> Any:
    """A littleCMS transform from ``source`` (None: sRGB) to the CMYK ``destination``."""
    from PIL import ImageCms

    if source is None:
        source_profile = ImageCms.createProfile("sRGB")
    else:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(source)).profile
    return ImageCms.buildTransform(
        source_profile,
        ImageCms.ImageCmsProfile(io.BytesIO(destination)).profile,
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


def convert_pictures(doc: Any, profile: bytes) -> int:
    """Convert every RGB picture of ``doc`` (a pikepdf.Pdf) to CMYK with ``profile``;
    return how many were converted."""
    import pikepdf
    from PIL import ImageCms

    converted = 0
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != "/Image":
            continue
        if obj.get("/ImageMask", False) or "/ColorSpace" not in obj:
            continue
        if isinstance(obj.get("/Mask"), pikepdf.Array):
            continue  # colours to leave out, given in RGB: left for preflight to refuse
        is_rgb, own = _rgb_source(obj.ColorSpace)
        if not is_rgb:
            continue
        picture = pikepdf.PdfImage(obj).as_pil_image(apply_mask=False)
        own = own or picture.info.get("icc_profile") or None
        picture = picture.convert("RGB")  # a palette, or 16 bits read as 8
        try:
            transform = _transform(own, profile)
        except (OSError, ImageCms.PyCMSError):  # a broken profile of the picture's own
            transform = _transform(None, profile)
        cmyk = ImageCms.applyTransform(picture, transform)
        assert cmyk is not None
        was_jpeg = obj.get("/Filter") == pikepdf.Name.DCTDecode
        for key in ("/DecodeParms", "/Decode", "/Intent"):
            if key in obj:
                del obj[key]
        if was_jpeg:
            data = io.BytesIO()
            cmyk.save(data, "JPEG", quality=JPEG_QUALITY)
            obj.write(data.getvalue(), filter=pikepdf.Name.DCTDecode)
            obj.Decode = pikepdf.Array([1, 0] * 4)  # Pillow writes the inks inverted
        else:
            obj.write(zlib.compress(cmyk.tobytes(), 6), filter=pikepdf.Name.FlateDecode)
        obj.ColorSpace = pikepdf.Name.DeviceCMYK
        obj.BitsPerComponent = 8
        converted += 1
    return converted
