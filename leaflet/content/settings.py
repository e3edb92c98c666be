"""Reading ``leaflet.yaml``: what every language of a leaflet shares, checked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from .. import files
from .. import theme as theme_
from ..errors import Collector, LeafletError, plural
from ..project import MAX_PAGES, PAGES_PER_SHEET, PROJECT_FILE, SETTINGS_FILE
from . import contrast, css, yamlfile
from .brand import merged_sender
from .kinds import KINDS, SETTINGS_SCHEMA
from .model import (
    Brand,
    DocumentControl,
    PrintSettings,
    ReadabilitySettings,
    SectionSettings,
    Settings,
    Theme,
)
from .namedfiles import (
    PICTURE_FILES,
    file_in_folder,
    icc_problem,
    not_a_file,
    picture_file,
    picture_ids,
)
from .projectfile import ProjectSettings, load_project
from .schema import MapT, check
from .values import (
    DEFAULT_PROFILE,
    FORMATS,
    LENGTH_MM,
    PERCENT,
    check_id,
    is_yes,
    parse_date,
)
from .yamlfile import Map, Text


def _section_settings(
    section_id: str, raw: Map, folder: Path, problems: Collector
) -> SectionSettings | None:
    kind_name = raw.get("kind")
    if kind_name is None:
        return None  # already reported as a missing key
    kind = KINDS.get(str(kind_name))
    if kind is None:
        assert isinstance(kind_name, Text)
        problems.add(
            f'"{kind_name}" is not a kind of section — use one of: ' + ", ".join(KINDS),
            kind_name.path,
            kind_name.line,
            kind_name.column,
        )
        return None
    before = len(problems.problems)
    check(raw, MapT(kind.settings), problems, f'section "{section_id}"')
    if len(problems.problems) > before:
        return None
    themes: list[Theme] = []
    for item in raw.get("themes", []):
        icon = picture_file(item, "icon", folder, problems)
        if icon is not None:
            themes.append(Theme(str(item["id"]), icon))
    return SectionSettings(
        id=section_id,
        kind=kind.name,
        picture=picture_file(raw, "picture", folder, problems, PICTURE_FILES),
        themes=tuple(themes),
        template=_template(raw.get("template"), folder, problems),
        new_page=is_yes(raw.get("new_page", "no")),
        foot=is_yes(raw.get("foot_of_last_page", "no")),
        fill=str(raw["fill"]).strip() if "fill" in raw else None,
    )


def _style(value: Text | None, folder: Path, problems: Collector) -> Path | None:
    """The leaflet's own stylesheet: a .css file in its folder, using project files only."""
    if value is None:
        return None
    where = (value.path, value.line, value.column)
    put = f"put it in {folder.name}/ and write its name, like style.css"
    candidate = file_in_folder(value, folder, "stylesheet", put, problems)
    if candidate is None:
        return None
    if candidate.suffix.lower() != ".css":
        problems.add(f'the stylesheet "{value}" must be a .css file', *where)
        return None
    if (what := files.what_it_is(candidate)) is not None:
        problems.add(not_a_file("stylesheet", value, what), *where)
        return None
    theme = _theme(folder)
    found = css.check_stylesheet(
        candidate, [folder.parent.parent / "content", *theme.roots()], locate=theme.locate
    )
    problems.problems.extend(found)
    return None if found else candidate


#: The shared stylesheet, as the renderer names it (``leaflet.render.html.STYLESHEET``).
SHARED_STYLESHEET = "styles/leaflet.css"


def _theme(folder: Path) -> theme_.Theme:
    """The theme of the project the leaflet folder ``folder`` is in."""
    return theme_.Theme(folder.parent.parent)


def _check_contrast(
    folder: Path, style: Path | None, profile: Path, brand: Brand, problems: Collector
) -> None:
    """Every text colour on its background: the shared stylesheet, the brand's colours
    and the leaflet's own stylesheet."""
    shared = _theme(folder).file(SHARED_STYLESHEET)
    sheets = [p for p in (shared, style) if p is not None and p.is_file()]
    if sheets:
        found = contrast.check_contrast(
            sheets, profile, own=style, brand=contrast.brand_declarations(brand.colours)
        )
        problems.problems.extend(found)


def _template(value: Text | None, folder: Path, problems: Collector) -> str | None:
    """The name of a section template the theme has (templates/sections/<name>.html.j2)."""
    if value is None:
        return None
    listed = _theme(folder).listing("templates/sections")
    if f"templates/sections/{value}.html.j2" not in listed:
        known = sorted(
            name.removeprefix("templates/sections/").removesuffix(".html.j2")
            for name in listed
            if name.endswith(".html.j2") and not name.rpartition("/")[2].startswith("_")
        )
        problems.add(
            f'there is no template "{value}" (templates/sections/{value}.html.j2) — use one of: '
            + ", ".join(known),
            value.path,
            value.line,
            value.column,
        )
        return None
    return str(value)


def load_settings(folder: Path, project: ProjectSettings | None = None) -> Settings:
    """Read and check ``leaflet.yaml`` of the leaflet in ``folder``; ``project`` is the
    project file's settings (read here when not given)."""
    path = folder / SETTINGS_FILE
    if project is None:
        project = load_project(folder.parent.parent)
    raw = yamlfile.load(path, within=folder.parent.parent)
    problems = Collector()
    if not isinstance(raw, Map):
        raise LeafletError.at("this file should hold keys with values", path, 1, 1)
    check(raw, SETTINGS_SCHEMA, problems, "leaflet.yaml")
    if problems:
        raise LeafletError(problems.problems)
    if raw["id"] != folder.name:
        problems.add(
            f'the id "{raw["id"]}" differs from the folder name "{folder.name}" — '
            "make them the same",
            path,
            raw["id"].line,
            raw["id"].column,
        )
    sections: dict[str, SectionSettings] = {}
    for section_id, section_raw in raw["sections"].items():
        line, column = raw["sections"].keys_at[section_id]
        if (message := check_id(section_id)) is not None:
            problems.add(f"section {message}", path, line, column)
            continue
        made = _section_settings(section_id, section_raw, folder, problems)
        if made is not None:
            sections[section_id] = made
    pages = raw.get("pages")
    if isinstance(pages, list):
        _check_page_plan(raw, problems)
        for section_raw in raw["sections"].values():
            for key in ("new_page", "foot_of_last_page"):
                if key in section_raw:
                    line, column = section_raw.keys_at[key]
                    problems.add(
                        f"{key}: only works when the pages flow, and this leaflet places "
                        "every section by hand under pages: — remove it, or remove pages: to "
                        "let the sections flow",
                        path,
                        line,
                        column,
                    )
    else:
        _check_flow(raw, sections, problems)
    pictures = picture_ids(raw.get("pictures"), folder, problems)
    published, review = (parse_date(raw["document"][key]) for key in ("published", "review"))
    if review.first_day < published.first_day:
        value = raw["document"]["review"]
        problems.add(
            f"the review date {review.isoformat()} is before the date it was published "
            f"({published.isoformat()}) — correct one of them",
            path,
            value.line,
            value.column,
        )
    if raw.get("qr") is None and any(s.kind == "qr" for s in sections.values()):
        problems.add(
            'a section of kind "qr" needs a web address — add qr: https://… to leaflet.yaml',
            path,
            raw.line,
            raw.column,
        )
    print_settings = _print_settings(raw, folder, problems)
    style = _style(raw.get("style"), folder, problems)
    if print_settings is not None and not problems:
        _check_contrast(folder, style, print_settings.profile, project.brand, problems)
    own_sender = raw.get("sender")
    sender = merged_sender(project.brand, own_sender)
    if sender is None:
        problems.add(
            "who publishes this leaflet? — add sender: with name: (and address, phone, web) "
            f"here, or write the organisation's name under brand: in {PROJECT_FILE}",
            path,
            raw.line,
            raw.column,
        )
    problems.raise_if_any()
    assert print_settings is not None and sender is not None
    document = raw["document"]
    return Settings(
        folder=folder,
        id=str(raw["id"]),
        title=str(raw["title"]),
        source_language=str(raw["source_language"]),
        format=str(raw.get("format", FORMATS[0])),
        qr_url=raw.get("qr"),
        sender=sender,
        brand=project.brand,
        # the brand's logo, unless the leaflet is another organisation's (sender: name:)
        logo=None if own_sender is not None and "name" in own_sender else project.brand.logo,
        document=DocumentControl(version=document["version"], published=published, review=review),
        pages=tuple(tuple(map(str, page)) for page in pages) if isinstance(pages, list) else (),
        sections=MappingProxyType(sections),
        print=print_settings,
        shrink_floor=_shrink_floor(raw.get("shrink_to_fit"), flows=not isinstance(pages, list)),
        style=style,
        page_count=int(pages) if isinstance(pages, str) else None,
        pictures=MappingProxyType(pictures),
        readability=_readability(raw.get("readability")),
    )


def _readability(value: Map | None) -> ReadabilitySettings:
    """``readability:`` with its defaults (checked by the schema)."""
    if value is None:
        return ReadabilitySettings()
    made = ReadabilitySettings(
        long_words=tuple(word for item in value.get("long_words", ()) for word in item.split())
    )
    if (target := value.get("target")) is not None:
        made = replace(made, target=int(target))
    return made


def _check_flow(raw: Map, sections: dict[str, SectionSettings], problems: Collector) -> None:
    """Sections that flow: one cover at most, one back page at most, one section at the foot."""
    path = raw.path
    declared = raw["sections"]
    for kind in ("cover", "back"):
        ids = [sid for sid, section in sections.items() if section.kind == kind]
        for extra in ids[1:]:
            line, column = declared.keys_at[extra]
            problems.add(
                f'the section "{extra}" is a second section of kind "{kind}" — a leaflet has one '
                f'(here "{ids[0]}"); change its kind or remove it',
                path,
                line,
                column,
            )
    inside = [sid for sid, section in sections.items() if section.kind not in ("cover", "back")]
    if sections and not inside:
        problems.add(
            "the pages flow, but there is no section between the cover and the back page — "
            "add a section (kind: text) under sections:",
            path,
            declared.line,
            declared.column,
        )
    feet = [sid for sid, section in sections.items() if section.foot]
    for extra in feet[1:]:
        line, column = declared.keys_at[extra]
        problems.add(
            f'the section "{extra}" asks for the foot of the last page too, like "{feet[0]}" — '
            "only one section can sit there",
            path,
            line,
            column,
        )


#: How small text may get when the pages flow and leaflet.yaml does not say: 10 pt body
#: text, the smallest patient leaflets use, rather than a sheet of near-empty pages.
FLOW_SHRINK_FLOOR = 10 / 11


def _shrink_floor(value: Text | None, flows: bool) -> float:
    if value is None:
        return FLOW_SHRINK_FLOOR if flows else 1.0
    match = PERCENT.match(value)
    assert match is not None  # checked by the schema
    return float(match[1].replace(",", ".")) / 100


def _print_settings(raw: Map, folder: Path, problems: Collector) -> PrintSettings | None:
    """The ``print:`` block, with defaults; the colour profile must be a CMYK output profile."""
    block = raw.get("print")
    values: Map = block if isinstance(block, Map) else Map()
    theme = _theme(folder)
    value = values.get("profile")
    if value is None:
        profile = theme.file(f"styles/profiles/{DEFAULT_PROFILE}")
        where: tuple[Path, int | None, int | None] = (raw.path, None, None)
    else:
        where = (value.path, value.line, value.column)
        project = folder.parent.parent.resolve()
        candidates = (folder / value, folder.parent.parent / "styles" / "profiles" / value)
        if not any(c.resolve().is_relative_to(project) for c in candidates):
            problems.add(
                f'the colour profile "{value}" is outside the project — put the .icc file in '
                f"the leaflet folder ({folder.name}/) or in styles/profiles/ and write its name",
                *where,
            )
            return None
        profile = next(
            (
                c
                for c in candidates
                if files.inside(c, folder.parent.parent) and files.is_regular(c)
            ),
            folder / value,
        )
        bundled = theme.file(f"styles/profiles/{value}")
        if not files.exists_somehow(profile) and Path(value).name == value:
            profile = bundled  # one of the profiles leaflet comes with
        if values.get("output_condition") is None:
            problems.add(
                "with your own colour profile, say which printing condition it is for — add "
                "output_condition: (for example FOGRA51 for PSO Coated v3) under print:",
                *where,
            )
    if (what := files.what_it_is(profile)) is not None:
        problems.add(
            f'the colour profile "{profile.name}" does not exist — put the .icc file in the '
            "leaflet folder or in styles/profiles/ and check the name"
            if what == "missing"
            else f'the colour profile "{profile.name}" is {what} — use the .icc file itself',
            *where,
        )
        return None
    if (message := icc_problem(profile)) is not None:
        problems.add(f'the colour profile "{profile.name}" {message}', *where)
        return None
    made = PrintSettings(profile=profile.resolve())
    bleed = values.get("bleed")
    if bleed is not None:
        match = LENGTH_MM.match(bleed)
        assert match is not None  # checked by the schema
        made = replace(made, bleed_mm=float(match[1].replace(",", ".")))
    if (marks := values.get("marks")) is not None:
        made = replace(made, marks=is_yes(marks))
    if (standard := values.get("standard")) is not None:
        made = replace(made, standard=str(standard))
    if (condition := values.get("output_condition")) is not None:
        text = values.get("output_condition_text", condition)
        made = replace(made, output_condition=str(condition), output_condition_text=str(text))
    return made


def _check_page_plan(raw: Map, problems: Collector) -> None:
    path = raw.path
    pages = raw["pages"]
    declared = raw["sections"]
    placed: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for item in page:
            if item not in declared:
                problems.add(
                    f'page {number} names the section "{item}", which is not listed under '
                    "sections: — add it there or fix the name",
                    path,
                    item.line,
                    item.column,
                )
            elif item in placed:
                problems.add(
                    f'the section "{item}" is on page {placed[item]} and again on page '
                    f"{number} — a section goes on one page only",
                    path,
                    item.line,
                    item.column,
                )
            else:
                placed[item] = number
    for section_id in declared:
        if section_id not in placed:
            line, column = declared.keys_at[section_id]
            problems.add(
                f'the section "{section_id}" is on no page — add it to pages: or remove it',
                path,
                line,
                column,
            )
    if len(pages) > MAX_PAGES:
        problems.add(
            f"the page plan has {len(pages)} pages — a leaflet can have at most {MAX_PAGES} "
            "(16 sheets folded and stapled); make two leaflets, or let the sections flow",
            path,
            pages.line,
            pages.column,
        )
    elif len(pages) % PAGES_PER_SHEET:
        problems.add(
            f"the page plan has {plural(len(pages), 'page')} — a folded leaflet needs a "
            f"multiple of {PAGES_PER_SHEET} (4, 8, 12 …); add or remove pages",
            path,
            pages.line,
            pages.column,
        )
