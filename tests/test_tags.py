"""The tags of every block kind, in every kind of section, in the screen PDF.

One leaflet has a section of every kind (each drawn by its own template) and, in every
one of them, a block of every kind, each with words of its own. The screen PDF's
structure tree is read with pikepdf, the text of each marked-content sequence with
pdfium, and each text must be tagged as what it is: the section heading an H2, a
paragraph a P, a list item an LBody in an LI in an L with its label (a step's label is
its number), a warning box a Warning with its heading, a note an Aside, a table's
column heading a TH that says it heads its column and its cell a TD that names its
headers, a table without a header row paragraphs in divisions, a picture a Figure with
its alternative text and its caption a Caption.

A template that loses a tag (a heading drawn as a paragraph, a warning box without its
data-pdf-tag) fails here, in the section and block where it happens.
"""

from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
import yaml
from helpers import copy_project, run_cli

NEW = "alle"


def phone(s: str) -> str:
    """A phone number of the section's own: +45 and eight digits made from its name."""
    digits = "".join(str(ord(c) % 10) for c in reversed(s)).ljust(8, "0")[:8]
    return "+45 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2))


def blocks(s: str) -> dict[str, Any]:
    """A block of every kind, each with words of its own (``s``: the section)."""
    return {
        "paragraph": f"Afsnit {s}.",
        "list": {"list": [f"Punkt {s}", f"Punkt2 {s}"]},
        "steps": {"steps": [f"Trin {s}", f"Trin2 {s}"]},
        "warning": {"warning": {"heading": f"Advarsel {s}", "body": [f"Advarselstekst {s}"]}},
        "note": {"note": {"heading": f"Note {s}", "body": [f"Notetekst {s}"]}},
        "table": {"table": {"header": [f"Kolonne {s}", "B"], "rows": [[f"Celle {s}", "x"]]}},
        "layout": {"table": {"rows": [[f"Layout {s}", "y"]]}},
        "picture": {
            "picture": {"id": "eksempel", "alt": f"Billede {s}", "caption": f"Billedtekst {s}"}
        },
        "questions": {"questions": [{"question": f"Spørgsmål {s}?", "answer": f"Svar {s}."}]},
        "key_figure": {"key_figure": {"value": f"Tal {s}", "text": f"Om tal {s}"}},
        "checklist": {"checklist": [f"Tjek {s}", f"Tjek2 {s}"]},
        "contact": {"contact": {"name": f"Kontakt {s}", "phone": phone(s), "hours": f"Åbent {s}"}},
    }


KINDS = list(blocks(""))
#: Every kind of section but the cover (which has no body): id → (kind, its blocks). A
#: box is never cut across pages, so the boxes' blocks are shared out over sections of
#: four blocks each.
SECTIONS = {
    "tekst": ("text", KINDS),
    "bagside": ("back", KINDS),
    **{
        f"{name}{part + 1}": (kind, KINDS[part * 4 : part * 4 + 4])
        for name, kind in (
            ("boks", "note"),
            ("advarsel", "warning"),
            ("qrkode", "qr"),
            ("emner", "themes"),
        )
        for part in range(-(-len(KINDS) // 4))
    },
}
CASES = [(section, kind) for section, (_, kinds) in SECTIONS.items() for kind in kinds]


@pytest.fixture(scope="module")
def screen_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("tags") / "project")
    made = run_cli("--project", root, "new", NEW, "--title", "Alle blokke")
    assert made.exit_code == 0, made.output
    folder = root / "content" / NEW
    settings = yaml.safe_load((folder / "leaflet.yaml").read_text(encoding="utf-8"))
    settings["sections"] = {"forside": {"kind": "cover"}}
    for section, (kind, _) in SECTIONS.items():
        settings["sections"][section] = {"kind": kind}
        if kind == "themes":
            settings["sections"][section]["themes"] = [
                {"id": "et", "icon": "pictures/eksempel.svg"}
            ]
    (folder / "leaflet.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    words = folder / "da"
    back = yaml.safe_load((words / "bagside.yaml").read_text(encoding="utf-8"))
    for old in words.glob("*.yaml"):
        if old.stem not in ("forside", "bagside"):
            old.unlink()
    for section, (kind, kinds) in SECTIONS.items():
        made = [blocks(section)[k] for k in kinds]
        text: dict[str, Any] = {"heading": f"Overskrift {section}", "body": made}
        if kind == "back":
            text = {**back, "body": made}
        if kind == "themes":
            text["themes"] = {"et": "Et emne"}
        (words / f"{section}.yaml").write_text(yaml.safe_dump(text, allow_unicode=True), "utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("FONTCONFIG_FILE", raising=False)
        result = run_cli("--project", root, "build", "--leaflet", NEW)
    assert result.exit_code == 0, result.output
    return root / "dist" / NEW / "da" / f"{NEW}-da.pdf"


# --- reading the tags ------------------------------------------------------------------------


def mcid_texts(pdf: Path) -> dict[tuple[int, int], str]:
    """(page index, marked-content id) → the text drawn in it, read with pdfium."""

    def text_of(obj: Any, textpage: Any) -> str:
        size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFTextObj_GetText(
            obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size
        )
        return buffer.raw[: max(0, size - 2)].decode("utf-16-le")

    found: dict[tuple[int, int], str] = {}
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            for obj in page.get_objects(max_depth=4):
                if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                    key = (index, mcid)
                    found[key] = found.get(key, "") + text_of(obj, textpage)
            textpage.close()
    finally:
        document.close()
    return found


class Tags:
    """The structure tree: each text with the elements it is in, nearest first."""

    def __init__(self, pdf: Path) -> None:
        self.doc = pikepdf.open(pdf)
        texts = mcid_texts(pdf)
        pages = {page.obj.objgen: index for index, page in enumerate(self.doc.pages)}
        self.spans: list[tuple[str, list[Any]]] = []
        self.elements: list[Any] = []

        def walk(element: Any, chain: list[Any], page: int | None) -> None:
            if "/Pg" in element:
                page = pages.get(element.Pg.objgen, page)
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    self.elements.append(kid)
                    walk(kid, [kid, *chain], page)
                elif isinstance(kid, int) and page is not None:
                    self.spans.append((texts.get((page, int(kid)), "").strip(), chain))

        walk(self.doc.Root.StructTreeRoot, [], None)

    def chain(self, text: str) -> list[str]:
        """The structure types around ``text`` (nearest first), from the span it is in."""
        found = [chain for said, chain in self.spans if said == text]
        assert len(found) == 1, (text, len(found))
        return [str(e.S).lstrip("/") for e in found[0]]

    def element(self, text: str, kind: str) -> Any:
        """The nearest element of type ``kind`` around ``text``."""
        (chain,) = [chain for said, chain in self.spans if said == text]
        return next(e for e in chain if f"/{kind}" == e.S)


@pytest.fixture(scope="module")
def tags(screen_pdf: Path) -> Tags:
    return Tags(screen_pdf)


def inside(chain: list[str], *kinds: str) -> bool:
    """Whether ``kinds`` are the nearest elements of ``chain``, in that order, the first
    being the element the text is in (its Span left out)."""
    own = chain[1:] if chain and chain[0] == "Span" else chain
    return own[: len(kinds)] == list(kinds)


# --- every block kind, in every kind of section --------------------------------------------


@pytest.mark.parametrize("section", [s for s, (kind, _) in SECTIONS.items() if kind != "back"])
def test_the_section_heading_is_an_h2(tags: Tags, section: str) -> None:
    assert inside(tags.chain(f"Overskrift {section}"), "H2"), tags.chain(f"Overskrift {section}")


@pytest.mark.parametrize(("section", "kind"), CASES, ids=[f"{s}-{k}" for s, k in CASES])
def test_every_block_kind_in_every_kind_of_section(tags: Tags, section: str, kind: str) -> None:
    check = CHECKS[kind]
    check(tags, section, "H2" if SECTIONS[section][0] == "back" else "H3")


def paragraph(tags: Tags, s: str, level: str) -> None:
    assert inside(tags.chain(f"Afsnit {s}."), "P"), tags.chain(f"Afsnit {s}.")


def listed(tags: Tags, s: str, level: str, word: str = "Punkt", numbered: bool = False) -> None:
    for number, item in enumerate((f"{word} {s}", f"{word}2 {s}"), start=1):
        assert inside(tags.chain(item), "LBody", "LI", "L"), (item, tags.chain(item))
        element = tags.element(item, "LI")
        labels = [k for k in element.K if isinstance(k, pikepdf.Dictionary) and k.S == "/Lbl"]
        assert labels, f"{item} has no label"
        if numbered:  # a step's label is its number
            said = [text for text, chain in tags.spans if labels[0] in chain]
            assert said == [f"{number}."], (item, said)


def steps(tags: Tags, s: str, level: str) -> None:
    listed(tags, s, level, "Trin", numbered=True)


def box(tags: Tags, s: str, level: str, heading: str, text: str, role: str) -> None:
    assert inside(tags.chain(heading), level), (heading, tags.chain(heading))
    assert inside(tags.chain(text), "P")
    assert tags.element(text, role) is tags.element(heading, role)  # the box, around both
    standard = tags.doc.Root.StructTreeRoot.RoleMap[f"/{role}"]
    assert standard == "/Sect"


def warning(tags: Tags, s: str, level: str) -> None:
    box(tags, s, level, f"Advarsel {s}", f"Advarselstekst {s}", "Warning")


def note(tags: Tags, s: str, level: str) -> None:
    box(tags, s, level, f"Note {s}", f"Notetekst {s}", "Aside")


def table(tags: Tags, s: str, level: str) -> None:
    header = tags.element(f"Kolonne {s}", "TH")
    assert header.A.Scope == "/Column"
    assert "Table" in tags.chain(f"Kolonne {s}")
    cell = tags.element(f"Celle {s}", "TD")
    assert str(header.ID) in [str(h) for h in cell.A.Headers]


def layout(tags: Tags, s: str, level: str) -> None:
    chain = tags.chain(f"Layout {s}")
    assert inside(chain, "P", "Div", "Div"), chain
    assert not {"Table", "TR", "TD", "TH"} & set(chain), chain


def picture(tags: Tags, s: str, level: str) -> None:
    alt = f"Billede {s}"
    figures = [e for e in tags.elements if e.S == "/Figure" and str(e.get("/Alt")) == alt]
    assert len(figures) == 1
    assert inside(tags.chain(f"Billedtekst {s}"), "Caption")


def questions(tags: Tags, s: str, level: str) -> None:
    for text in (f"Spørgsmål {s}?", f"Svar {s}."):
        assert inside(tags.chain(text), "P"), (text, tags.chain(text))


def key_figure(tags: Tags, s: str, level: str) -> None:
    for text in (f"Tal {s}", f"Om tal {s}"):
        assert inside(tags.chain(text), "P"), (text, tags.chain(text))


def checklist(tags: Tags, s: str, level: str) -> None:
    for item in (f"Tjek {s}", f"Tjek2 {s}"):  # a list; its boxes are decoration
        assert inside(tags.chain(item), "LBody", "LI", "L"), (item, tags.chain(item))


def contact(tags: Tags, s: str, level: str) -> None:
    assert inside(tags.chain(f"Kontakt {s}"), "P"), tags.chain(f"Kontakt {s}")
    assert inside(tags.chain(f"Åbent {s}"), "P"), tags.chain(f"Åbent {s}")
    number = tags.chain(phone(s))  # a link, in its line
    assert "Link" in number and "P" in number, number


CHECKS = {
    "paragraph": paragraph,
    "list": listed,
    "steps": steps,
    "warning": warning,
    "note": note,
    "table": table,
    "layout": layout,
    "picture": picture,
    "questions": questions,
    "key_figure": key_figure,
    "checklist": checklist,
    "contact": contact,
}


def test_every_kind_is_checked() -> None:
    from leaflet.content.blocks import BLOCKS

    assert set(CHECKS) == {*BLOCKS, "paragraph", "layout"}
    from leaflet.content.kinds import KINDS as SECTION_KINDS

    assert {kind for kind, _ in SECTIONS.values()} == set(SECTION_KINDS) - {"cover"}


def test_the_sections_are_what_they_are(tags: Tags) -> None:
    assert "Warning" in tags.chain("Overskrift advarsel1")  # the warning section is a box
    assert "Aside" in tags.chain("Overskrift boks1")
    assert "Sect" in tags.chain("Overskrift tekst")
