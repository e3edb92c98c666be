"""The back page: the sender and the document control at its foot, and above them what
``fill:`` in leaflet.yaml chooses — lines for notes (the default), the QR code again,
the brand's pattern, or nothing — fitted to the room the page has.

Each leaflet is made with `leaflet new`, laid out and written in this process as the
build does (leaflet/build/edition.py), and its back page read back with pypdfium2 (text
and a raster) and zxing-cpp (the QR code).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import zxingcpp
from helpers import copy_project, find_problem, line_of, run_cli

MM = 72 / 25.4
URL = "https://www.example.dk/pjece"


def leaflet(tmp_path: Path, fill: str | None = None, sender: str = "") -> Path:
    root = copy_project(tmp_path / "project")
    assert run_cli("--project", root, "new", "pjece").exit_code == 0
    settings = root / "content" / "pjece" / "leaflet.yaml"
    text = settings.read_text("utf-8")
    # no QR section: the placeholder leaflet's would go to the back page, and fill it
    text = text.replace("  laes-mere:\n    kind: qr\n    foot_of_last_page: yes\n", "")
    (root / "content" / "pjece" / "da" / "laes-mere.yaml").unlink()
    # …and no text of the back page's own (the placeholder's contact details)
    back = root / "content" / "pjece" / "da" / "bagside.yaml"
    back.write_text(back.read_text("utf-8").split("body:")[0], "utf-8")
    if fill is not None:
        text = text.replace(
            "  bagside:\n    kind: back\n", f"  bagside:\n    kind: back\n    fill: {fill}\n"
        )
    if sender:  # the leaflet's own sender lines, besides the brand's name
        text = text.replace("\ndocument:", f"\nsender:\n{sender}\ndocument:", 1)
    settings.write_text(text, "utf-8")
    return root


def back_page(root: Path, tmp_path: Path) -> Path:
    """The screen PDF of the leaflet, made as the build makes it."""
    from leaflet.build import edition as build
    from leaflet.content.editions import load
    from leaflet.project import Project
    from leaflet.render.back import fit_back
    from leaflet.render.pdf import Renderer, write_pdf

    project = Project(root)
    (edition,) = load(project, ["pjece"], ["da"])
    with Renderer(project) as renderer:
        laid = build._render_to_fit(
            project, edition, renderer, build.output_dir(project, edition), []
        )
        fit_back(laid.document)
        data = write_pdf(laid.document, root)
    out = tmp_path / "pjece.pdf"
    out.write_bytes(data)
    return out


def last_page(pdf: Path) -> tuple[str, Any, list[tuple[float, float, float, float]]]:
    """(text, raster at 100 dpi, bounds in mm of what is drawn across the page: each line
    for notes, and the rule over the sender with the sender's block, lowest)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[len(document) - 1]
        text = page.get_textpage().get_text_range()
        image = page.render(scale=100 / 72).to_pil().convert("RGB")
        rules = []
        for obj in page.get_objects(max_depth=6):
            left, bottom, right, top = (v / MM for v in obj.get_bounds())
            if right - left > 100 and top - bottom < 20:
                rules.append((left, bottom, right, top))
        return text, image, rules
    finally:
        document.close()


def test_by_default_lines_for_notes_above_the_sender(tmp_path: Path) -> None:
    root = leaflet(tmp_path)
    text, _, rules = last_page(back_page(root, tmp_path))
    assert text.lstrip().startswith("Noter"), text[:80]
    assert "Udgivet af" in text and "Version" in text
    sender, *lines = sorted(rules, key=lambda r: r[1])  # mm from the page's foot
    assert len(lines) >= 8, rules
    # the lowest line keeps the back page's gap (GAP_MM, 10 mm) above the sender's block
    assert min(r[1] for r in lines) > sender[3] + 10, "a line runs into the sender"
    assert max(r[3] for r in lines) < 210 - 18, "a line runs into the top margin"


def test_a_longer_sender_leaves_fewer_lines(tmp_path: Path) -> None:
    first = leaflet(tmp_path / "a")
    more = leaflet(
        tmp_path / "b",
        sender="  department: Sundhedscenter Aalborg\n  address: Havnegade 1, 9000 Aalborg\n"
        "  phone: 99 32 11 00\n  email: sundhed@rn.dk\n",
    )
    _, _, few = last_page(back_page(more, tmp_path / "b"))
    _, _, many = last_page(back_page(first, tmp_path / "a"))
    assert len(few) < len(many), (len(few), len(many))


def test_an_address_on_two_lines_keeps_them(tmp_path: Path) -> None:
    """A sender's address written after | (as the contact block's is) is printed on its
    lines: the street over the postcode, not "Beriderbakken 4 7100 Vejle" run together."""
    root = leaflet(tmp_path, sender="  address: |\n    Beriderbakken 4\n    7100 Vejle\n")
    document = pdfium.PdfDocument(str(back_page(root, tmp_path)))
    try:
        text = document[len(document) - 1].get_textpage().get_text_range()
    finally:
        document.close()
    lines = [line.strip() for line in text.splitlines()]
    assert "Beriderbakken 4" in lines and "7100 Vejle" in lines, lines
    assert lines.index("7100 Vejle") == lines.index("Beriderbakken 4") + 1, lines


def test_the_qr_code_again(tmp_path: Path) -> None:
    root = leaflet(tmp_path, "qr")
    pdf = back_page(root, tmp_path)
    text, image, _ = last_page(pdf)
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [URL]
    assert re.sub(r"\s", "", text).count("https://www.example.dk/pjece") == 1


def test_the_brands_pattern(tmp_path: Path) -> None:
    root = leaflet(tmp_path, "pattern")
    _, image, _ = last_page(back_page(root, tmp_path))
    width, height = image.size
    top = image.crop((0, 0, width, int(height * 0.25)))
    dark = sum(1 for r, g, b in top.get_flattened_data() if b > r + 40)  # the brand's blues
    assert dark > 0.5 * top.width * top.height
    assert zxingcpp.read_barcodes(image) == []


def test_none_leaves_the_room_empty(tmp_path: Path) -> None:
    root = leaflet(tmp_path, "none")
    text, _, rules = last_page(back_page(root, tmp_path))
    assert not text.lstrip().startswith("Noter")
    assert len(rules) == 1  # the rule over the sender, and no lines for notes


def test_an_unknown_fill_is_a_message_at_its_line(tmp_path: Path) -> None:
    root = leaflet(tmp_path, "billede")
    result = run_cli("--project", root, "check")
    path = root / "content" / "pjece" / "leaflet.yaml"
    find_problem(
        result,
        path.relative_to(root).as_posix(),
        line_of(path, r"^    fill:"),
        "notes, qr, pattern",
    )


def test_a_long_organisation_name_is_not_hyphenated(tmp_path: Path) -> None:
    """An 80-character name broke as "Rehabilite-ring" on the back page: a name is
    wrapped between its words only."""
    name = "Region Sjællands Center for Sundhedsfremme, Rehabilitering og Forebyggelse i Nord"
    root = leaflet(tmp_path, sender=f"  name: {name}\n")
    text, _, _ = last_page(back_page(root, tmp_path))
    lines = [line.strip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Region Sjællands"))
    shown = lines[start : start + 3]
    assert len(shown[0]) < len(name), shown  # it does wrap
    assert not any(line.endswith(("-", "\u2010", "\u00ad")) for line in shown), shown
    assert "Rehabilitering" in " ".join(shown), shown
