"""Checking pictures from other hands: every refusal with its message and its line.

Each test writes real files into a leaflet folder under pytest's temporary folder
and calls :func:`leaflet.content.pictures.check_svg` on them; nothing is mocked. Large
raster pictures are made as headers only (a PNG or WebP that claims a huge size in a
few dozen bytes), so the checks must refuse them without decoding anything.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from leaflet.content.pictures import (
    MAX_NESTING,
    MAX_PICTURE_BYTES,
    MAX_PIXELS,
    check_raster_bytes,
    check_svg,
)
from leaflet.errors import Problem

REPO = Path(__file__).resolve().parents[1]
REAL_LEAFLET = REPO / "content" / "laenderygsmerter"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


# --- helpers ---------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty leaflet folder with a pictures/ folder."""
    folder = tmp_path / "leaflet"
    (folder / "pictures").mkdir(parents=True)
    return folder


def write(root: Path, text: str, name: str = "picture.svg") -> Path:
    path = root / "pictures" / name
    path.write_text(text, encoding="utf-8")
    return path


def svg(*lines: str) -> str:
    """An SVG document: the <svg> start tag on line 1, then ``lines`` from line 2."""
    return "\n".join([SVG_OPEN, *lines, "</svg>"]) + "\n"


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [p.render() for p in problems]
    return problems[0]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` (1 bit grey) with almost no pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


def webp_header(width: int, height: int) -> bytes:
    """An extended WebP (VP8X) that claims a ``width`` × ``height`` canvas."""
    vp8x = b"\0\0\0\0" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


def small_png(mode: str = "RGB") -> bytes:
    """A small PNG, in RGB unless ``mode`` says otherwise."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).convert(mode).save(out, format="PNG")
    return out.getvalue()


def data_url(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64," + base64.b64encode(data).decode("ascii")


# --- pictures that are fine ------------------------------------------------------------


@pytest.mark.parametrize(
    "picture", sorted((REAL_LEAFLET / "pictures").glob("*.svg")), ids=lambda p: p.name
)
def test_real_pictures_pass(picture: Path) -> None:
    assert check_svg(picture, REAL_LEAFLET) == []


def test_the_real_leaflet_has_pictures() -> None:
    assert len(list((REAL_LEAFLET / "pictures").glob("*.svg"))) >= 5


def test_fragments_embedded_png_and_files_in_the_folder_pass(root: Path) -> None:
    (root / "pictures" / "photo.png").write_bytes(small_png())
    (root / "pictures" / "icons.svg").write_text(svg('<circle id="dot" r="2"/>'), "utf-8")
    path = write(
        root,
        svg(
            "<defs><linearGradient id='g'/></defs>",
            '<style>rect { fill: url(#g) } .b { fill: url("#g") }</style>',
            '<rect fill="url(#g)" style="stroke: url( \'#g\' )" width="3" height="3"/>',
            f'<image href="{data_url(small_png())}" width="40" height="30"/>',
            '<image xlink:href="photo.png" width="40" height="30"/>',
            '<image href="./../pictures/photo.png" width="40" height="30"/>',
            '<use href="icons.svg#dot"/>',
            '<use href="#dot"/>',
            '<a href="#dot"><text>Text with url( in it is just text</text></a>',
        ),
    )
    assert check_svg(path, root) == []


# --- the file as a whole ---------------------------------------------------------------


def test_too_large_a_file_is_refused_without_reading(root: Path) -> None:
    path = root / "pictures" / "huge.svg"
    with path.open("wb") as file:
        file.write(b"<not xml at all")
        file.truncate(MAX_PICTURE_BYTES + 1_000_000)
    problem = only(check_svg(path, root))
    assert problem.path == path and problem.line is None
    assert problem.message == (
        'the picture "huge.svg" is 6.0 MB — pictures may be at most 5 MB; save it smaller '
        "(simpler shapes, or smaller embedded pictures)"
    )


def test_a_mismatched_tag_is_reported_at_its_line(root: Path) -> None:
    path = write(root, svg("<g>", "<rect></g>"))
    problem = only(check_svg(path, root))
    assert (problem.path, problem.line, problem.column) == (path, 3, 9)
    assert problem.message == (
        'the picture "picture.svg" is not a valid SVG file: mismatched tag — '
        "open it in a drawing program and save it again as SVG"
    )


def test_an_empty_file_is_not_valid(root: Path) -> None:
    problem = only(check_svg(write(root, ""), root))
    assert "is not a valid SVG file: no element found" in problem.message


def test_a_missing_picture(root: Path) -> None:
    problem = only(check_svg(root / "pictures" / "gone.svg", root))
    assert 'the picture "gone.svg" does not exist' in problem.message


def test_a_picture_outside_the_folder(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.svg"
    outside.write_text(svg(), "utf-8")
    problem = only(check_svg(outside, root))
    assert "is outside the leaflet folder" in problem.message


def test_the_root_must_be_svg(root: Path) -> None:
    path = write(root, '<?xml version="1.0"?>\n<html><body/></html>\n')
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert "is not an SVG drawing: it starts with <html> instead of <svg>" in problem.message


def test_the_root_needs_the_svg_namespace(root: Path) -> None:
    problem = only(check_svg(write(root, '<svg viewBox="0 0 1 1"/>'), root))
    assert problem.line == 1
    assert 'add xmlns="http://www.w3.org/2000/svg"' in problem.message


# --- DOCTYPE and entities --------------------------------------------------------------


def test_a_doctype_is_refused(root: Path) -> None:
    path = write(
        root,
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + svg(),
    )
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert "has a <!DOCTYPE …> declaration, which leaflet does not allow" in problem.message


def test_an_entity_bomb_is_refused_quickly(root: Path) -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    text = '<?xml version="1.0"?>\n<!DOCTYPE svg [\n' + "\n".join(entities) + "\n]>\n"
    text += svg("<text>&lol9;</text>")
    path = write(root, text)
    problem = only(check_svg(path, root))  # refused at the DOCTYPE: no entity is expanded
    assert problem.line == 2
    assert "<!DOCTYPE" in problem.message


def test_an_external_entity_is_never_loaded(root: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    path = write(
        root,
        f'<!DOCTYPE svg [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n' + svg("<text>&xxe;</text>"),
    )
    problems = check_svg(path, root)
    assert [p.line for p in problems] == [1]
    assert all("TOP SECRET" not in p.message for p in problems)


def test_an_undeclared_entity_is_not_valid(root: Path) -> None:
    problem = only(check_svg(write(root, svg("<text>&nbsp;</text>")), root))
    assert problem.line == 2
    assert "undefined entity" in problem.message


# --- active content --------------------------------------------------------------------


def test_a_script_is_refused(root: Path) -> None:
    path = write(root, svg("<rect/>", "<script>alert(1)</script>"))
    problem = only(check_svg(path, root))
    assert (problem.line, problem.column) == (3, 1)
    assert "contains a script (<script>)" in problem.message


def test_foreign_object_is_refused(root: Path) -> None:
    path = write(
        root,
        svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
    )
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert "contains a <foreignObject>" in problem.message


def test_a_gradient_is_refused_once_at_its_first_stop(root: Path) -> None:
    # WeasyPrint 70 writes a gradient's device-cmyk stops as three numbers for four inks,
    # taking black as transparency: the logo's gradient printed pale or not at all while
    # preflight passed. A gradient without stops (a reference target) draws nothing.
    path = write(
        root,
        svg(
            '<defs><linearGradient id="g">',
            '  <stop offset="0" stop-color="device-cmyk(1 0.5 0 0)"/>',
            '  <stop offset="1" stop-color="device-cmyk(0 0.9 0.2 0.1)"/>',
            '</linearGradient><radialGradient id="r"><stop offset="0"/></radialGradient>',
            "</defs>",
            '<rect width="60" height="60" fill="url(#g)"/>',
        ),
    )
    problem = only(check_svg(path, root))
    assert (problem.line, problem.column) == (3, 3)
    assert "has a colour gradient" in problem.message
    assert "one flat colour" in problem.message


def test_event_attributes_are_refused(root: Path) -> None:
    path = write(
        root,
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">\n'
        '<rect\n  onclick="alert(2)"/>\n</svg>\n',
    )
    problems = check_svg(path, root)
    assert [p.line for p in problems] == [1, 2]
    assert 'has an event attribute "onload" on <svg>' in problems[0].message
    assert 'has an event attribute "onclick" on <rect>' in problems[1].message


def test_an_animated_link_is_refused(root: Path) -> None:
    path = write(
        root, svg('<a href="#x">', '<set attributeName="href" to="javascript:alert(1)"/>', "</a>")
    )
    problem = only(check_svg(path, root))
    assert problem.line == 3
    assert 'has an animation that changes "href"' in problem.message


def test_a_linked_style_sheet_is_refused(root: Path) -> None:
    path = write(root, '<?xml-stylesheet href="https://example.com/a.css"?>\n' + svg())
    problem = only(check_svg(path, root))
    assert problem.line == 1
    assert "links a style sheet" in problem.message


# --- references ------------------------------------------------------------------------


def test_an_image_from_the_internet_is_refused(root: Path) -> None:
    path = write(root, svg("<g>", '<image href="https://example.com/a.png"/>', "</g>"))
    problem = only(check_svg(path, root))
    assert (problem.line, problem.column) == (3, 1)
    assert 'loads "https://example.com/a.png" from the internet' in problem.message


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("http://example.com/a.png", "from the internet"),
        ("ftp://example.com/a.png", "from the internet"),
        ("//example.com/a.png", "from the internet"),
        ("HTTPS://example.com/a.png", "from the internet"),
        ("ht\ntps://example.com/a.png", "from the internet"),
        ("file:///etc/passwd", "a file elsewhere on the computer"),
        ("javascript:alert(1)", 'refers to "javascript:alert(1)"'),
        ("/etc/passwd", "by an absolute path"),
        ("C:/Pictures/a.png", "by an absolute path"),
        ("..\\..\\a.png", "with a backslash"),
        ("../../../../etc/passwd", "which is outside the leaflet folder"),
        ("..%2F..%2F..%2F..%2Fetc%2Fpasswd", "which is outside the leaflet folder"),
        ("missing.png", "which does not exist"),
        ("data:text/html;base64,PHNjcmlwdD4=", 'embeds data of type "text/html"'),
    ],
)
def test_references_that_are_refused(root: Path, reference: str, expected: str) -> None:
    escaped = reference.replace("\n", "&#10;")
    path = write(root, svg(f'<image xlink:href="{escaped}"/>'))
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert expected in problem.message


def test_etc_passwd_is_refused(root: Path) -> None:
    path = write(root, svg("<rect/>", '<image href="../../../../etc/passwd"/>'))
    problem = only(check_svg(path, root))
    assert problem.line == 3
    assert problem.message == (
        'the picture "picture.svg" refers to "../../../../etc/passwd", which is outside the '
        "leaflet folder — copy the file into the leaflet folder (pictures/) and refer to it there"
    )


def test_a_symbolic_link_out_of_the_folder_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(small_png())
    (root / "pictures" / "photo.png").symlink_to(outside)
    path = write(root, svg('<image href="photo.png"/>'))
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert 'refers to "photo.png", a link (shortcut) to a file outside the leaflet folder' in (
        problem.message
    )


def test_a_symbolic_link_inside_the_folder_is_fine(root: Path) -> None:
    (root / "photo.png").write_bytes(small_png())
    (root / "pictures" / "link.png").symlink_to(root / "photo.png")
    assert check_svg(write(root, svg('<image href="link.png"/>')), root) == []


def test_a_folder_is_not_a_picture(root: Path) -> None:
    (root / "pictures" / "sub").mkdir()
    problem = only(check_svg(write(root, svg('<image href="sub"/>')), root))
    assert "which is a folder, not a file" in problem.message


def test_a_file_that_is_no_picture_is_refused(root: Path) -> None:
    (root / "pictures" / "notes.txt").write_text("hello", "utf-8")
    problem = only(check_svg(write(root, svg('<image href="notes.txt"/>')), root))
    assert problem.line == 2
    assert '"notes.txt" (used by "picture.svg") is not a picture leaflet can use' in (
        problem.message
    )


def test_url_in_a_presentation_attribute_is_checked(root: Path) -> None:
    path = write(root, svg("<rect/>", '<rect fill="url(https://example.com/p.svg#p)"/>'))
    problem = only(check_svg(path, root))
    assert problem.line == 3
    assert 'loads "https://example.com/p.svg#p" from the internet' in problem.message


def test_url_in_a_style_attribute_is_checked(root: Path) -> None:
    path = write(root, svg("<rect style=\"fill: URL('file:///etc/passwd')\"/>"))
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert 'refers to "file:///etc/passwd"' in problem.message


def test_url_in_a_style_element_is_reported_at_its_own_line(root: Path) -> None:
    path = write(
        root,
        svg(
            "<style>",
            "  rect { fill: red }",
            "  circle {",
            "    fill: url(http://example.com/x.svg#p);",
            "  }",
            "</style>",
        ),
    )
    problem = only(check_svg(path, root))
    assert (problem.line, problem.column) == (5, 11)
    assert "from the internet" in problem.message


def test_url_in_a_cdata_style_is_checked(root: Path) -> None:
    path = write(root, svg("<style><![CDATA[", "a { b: url(../../x.png) }", "]]></style>"))
    problem = only(check_svg(path, root))
    assert problem.line == 3
    assert "outside the leaflet folder" in problem.message


def test_import_and_css_escapes_are_refused(root: Path) -> None:
    path = write(
        root,
        svg("<style>", '@import "a.css";', "</style>", '<rect style="fill: \\75rl(x)"/>'),
    )
    problems = check_svg(path, root)
    assert [p.line for p in problems] == [3, 5]
    assert "loads another style sheet (@import)" in problems[0].message
    assert "has a backslash (\\) in its styles" in problems[1].message


def test_xml_base_is_refused(root: Path) -> None:
    path = write(root, svg('<g xml:base="https://example.com/"><image href="a.png"/></g>'))
    problems = check_svg(path, root)
    assert "xml:base" in problems[0].message
    assert all(p.line == 2 for p in problems)


# --- raster pictures -------------------------------------------------------------------


def test_a_small_embedded_png_is_fine(root: Path) -> None:
    assert check_svg(write(root, svg(f'<image href="{data_url(small_png())}"/>')), root) == []


def test_a_16_bit_picture_inside_an_svg_is_refused_at_its_line(root: Path) -> None:
    # It stopped the renderer with "Unknown image mode: I;16"; a file the SVG refers to
    # is said at each line that uses it. RGB is fine (the print file converts it).
    deep = _saved(Image.new("I;16", (40, 30), 3000), "PNG")
    (root / "pictures" / "deep.png").write_bytes(deep)
    (root / "pictures" / "photo.png").write_bytes(small_png("RGBA"))
    path = write(
        root,
        svg(
            f'<image href="{data_url(deep)}"/>',
            '<image href="deep.png"/>',
            '<image href="deep.png"/>',
            '<image href="photo.png"/>',
            f'<image href="{data_url(small_png("RGB"))}"/>',
        ),
    )
    problems = check_svg(path, root)
    assert [p.line for p in problems] == [2, 3, 4], problems
    assert all("16 bits per channel" in p.message for p in problems)
    assert "deep.png" in problems[1].message


def _saved(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def test_a_huge_embedded_png_is_refused_without_decoding(root: Path) -> None:
    huge = png_header(30_000, 30_000)
    assert len(huge) < 100
    path = write(root, svg("<rect/>", f'<image href="{data_url(huge)}"/>'))
    problem = only(check_svg(path, root))  # the header alone: no pixel data to decode
    assert problem.line == 3
    assert "is 30000 × 30000 pixels (900 million)" in problem.message
    assert "about 1819 × 2551 pixels; save it smaller" in problem.message


def test_a_huge_png_file_is_refused(root: Path) -> None:
    (root / "pictures" / "photo.png").write_bytes(png_header(30_000, 30_000))
    problem = only(check_svg(write(root, svg('<image href="photo.png"/>')), root))
    assert problem.line == 2
    assert problem.message.startswith(
        'the picture "photo.png" (used by "picture.svg") is 30000 × 30000 pixels'
    )


def test_a_picture_just_over_the_limit_is_refused_without_a_pillow_warning(root: Path) -> None:
    # 10000 × 10000 is over Pillow's own warning limit; pytest turns warnings into errors.
    (root / "pictures" / "photo.png").write_bytes(png_header(10_000, 10_000))
    problem = only(check_svg(write(root, svg('<image href="photo.png"/>')), root))
    assert "10000 × 10000 pixels (100 million)" in problem.message


def test_a_huge_webp_is_refused(root: Path) -> None:
    path = write(
        root, svg(f'<image href="{data_url(webp_header(16_000, 16_000), "image/webp")}"/>')
    )
    problem = only(check_svg(path, root))
    assert "is 16000 × 16000 pixels" in problem.message


def test_damaged_embedded_data_is_refused(root: Path) -> None:
    not_png = data_url(b"this is not a picture at all")
    path = write(
        root, svg(f'<image href="{not_png}"/>', '<image href="data:image/png;base64,@@"/>')
    )
    problems = check_svg(path, root)
    assert [p.line for p in problems] == [2, 3]
    assert "cannot be read as a picture (the data says image/png)" in problems[0].message
    assert "embedded picture (data:…) that is damaged" in problems[1].message


def test_check_raster_bytes() -> None:
    assert check_raster_bytes(small_png()) is None
    message = check_raster_bytes(png_header(5000, 5000))
    assert message is not None
    assert message.startswith("this picture is 5000 × 5000 pixels (25 million)")
    assert f"at most {MAX_PIXELS // 1_000_000} million pixels" in message
    # Anything else the renderer loads is not a raster picture: not its business.
    assert check_raster_bytes(b"@font-face { font-family: x }") is None
    assert check_raster_bytes(b"<svg/>") is None
    # A PNG signature with a damaged header is.
    assert check_raster_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40) is not None


# --- pictures inside pictures ----------------------------------------------------------


def test_an_embedded_svg_is_checked_too(root: Path) -> None:
    inner = svg("<script>alert(1)</script>").encode()
    path = write(root, svg("<g>", f'<image href="{data_url(inner, "image/svg+xml")}"/>', "</g>"))
    problem = only(check_svg(path, root))
    assert (problem.path, problem.line) == (path, 3)
    assert problem.message.startswith(
        'the SVG picture embedded in "picture.svg" (at its own line 2) contains a script'
    )


def test_a_referenced_svg_is_checked_at_its_own_lines(root: Path) -> None:
    other = write(root, svg("<rect/>", '<image href="https://example.com/a.png"/>'), "other.svg")
    path = write(root, svg('<use href="other.svg#x"/>'))
    problem = only(check_svg(path, root))
    assert (problem.path, problem.line) == (other, 3)
    assert problem.message.startswith('the picture "other.svg" loads')


def test_pictures_that_refer_to_each_other_are_checked_once(root: Path) -> None:
    write(root, svg('<use href="a.svg#x"/>', "<script/>"), "b.svg")
    path = write(root, svg('<use href="b.svg#x"/>', '<use href="a.svg#y"/>'), "a.svg")
    problem = only(check_svg(path, root))
    assert problem.path == root / "pictures" / "b.svg"


def test_nesting_has_a_limit(root: Path) -> None:
    levels = MAX_NESTING + 2
    for level in range(levels):
        write(root, svg(f'<use href="level{level + 1}.svg#x"/>'), f"level{level}.svg")
    write(root, svg(), f"level{levels}.svg")
    problem = only(check_svg(root / "pictures" / "level0.svg", root))
    assert f"more than {MAX_NESTING} levels deep" in problem.message
    assert problem.path == root / "pictures" / f"level{MAX_NESTING}.svg"


def test_nested_embedded_svgs_have_a_limit(root: Path) -> None:
    document = svg().encode()
    for _ in range(MAX_NESTING + 2):
        document = svg(f'<image href="{data_url(document, "image/svg+xml")}"/>').encode()
    path = write(root, document.decode())
    problem = only(check_svg(path, root))
    assert problem.line == 2
    assert f"more than {MAX_NESTING} levels deep" in problem.message
