"""Photos in the print file: RGB pictures separated into CMYK for the press.

A photo from a camera, a phone or a picture library is RGB (PNG or JPEG), and WeasyPrint
embeds it as it is: a ``/DeviceRGB`` image, which a PDF/X print file may not have and
leaflet's own preflight refuses. The print shop would then separate it with whatever
its RIP assumes. Here every RGB image of the print file is separated as prepress does
it: from sRGB (what an unlabelled photo is taken to be) into the printing condition of
the output intent, through its colour profile (Pillow's LittleCMS), perceptual
rendering, so the inks are the ones the profile allows (total ink within its limit).

A JPEG stays a JPEG (a CMYK JPEG, as Photoshop writes it, with the Decode array that
turns its inverted values the right way round, as WeasyPrint does for one); any other
picture is written losslessly (Flate). A transparency mask (``/SMask``) is kept as it
is. The screen PDF is not touched: screens show RGB.
"""

from __future__ import annotations

import io
import zlib
from typing import Any

#: JPEG quality of a photo separated into CMYK (the press screens it at ~150 lpi).
JPEG_QUALITY = 92


def separate_rgb_images(doc: Any, profile: bytes) -> int:
    """Turn every ``/DeviceRGB`` image of the pikepdf document ``doc`` into a
    ``/DeviceCMYK`` one through ``profile`` (the output intent's ICC data); returns how
    many it separated."""
    import pikepdf
    from PIL import ImageCms

    transform = None
    done = 0
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
            continue
        if obj.get("/ColorSpace") != pikepdf.Name.DeviceRGB:
            continue
        if transform is None:
            transform = ImageCms.buildTransform(
                ImageCms.createProfile("sRGB"),
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                "RGB",
                "CMYK",
                renderingIntent=ImageCms.Intent.PERCEPTUAL,
            )
        was_jpeg = obj.get("/Filter") == pikepdf.Name.DCTDecode
        picture = pikepdf.PdfImage(obj).as_pil_image().convert("RGB")
        cmyk = ImageCms.applyTransform(picture, transform)
        assert cmyk is not None
        if was_jpeg:
            data = io.BytesIO()
            cmyk.save(data, "JPEG", quality=JPEG_QUALITY)
            obj.write(data.getvalue(), filter=pikepdf.Name.DCTDecode)
            # Pillow writes CMYK JPEGs inverted, with Adobe's APP14 marker, as Photoshop
            obj.Decode = pikepdf.Array([1, 0] * 4)
        else:
            obj.write(zlib.compress(cmyk.tobytes(), 6), filter=pikepdf.Name.FlateDecode)
            if "/Decode" in obj:
                del obj["/Decode"]
        if "/DecodeParms" in obj:
            del obj["/DecodeParms"]
        obj.ColorSpace = pikepdf.Name.DeviceCMYK
        obj.BitsPerComponent = 8
        done += 1
    return done
