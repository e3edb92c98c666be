"""Starting a leaflet: ``leaflet new``.

A new leaflet is a copy of the starter in ``leaflet/content/starter/``: a leaflet.yaml
whose sections flow, a picture, and one words file per section that shows every kind
of block with placeholder text saying what to write. It builds at once. The words are
Danish or English; a leaflet in another language gets the English words, each file
marked as placeholder text to write over.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import LeafletError
from ..project import PROJECT_FILE, SETTINGS_FILE, Project
from . import fonts, markup
from .languages import check_language_code, language_name
from .projectfile import load_project, project_fonts
from .values import check_id
from .writer import render_scalar

STARTER = Path(__file__).resolve().parent / "starter"
#: Languages the starter has placeholder words in; others get the English ones.
PLACEHOLDER_LANGUAGES = ("da", "en")
#: What the starter's words say when no title is given.
DEFAULT_TITLES = {"da": "Titel på pjecen", "en": "Title of the leaflet"}
DEFAULT_SENDERS = {"da": "Navn på afsender", "en": "Name of the sender"}


@dataclass(frozen=True)
class NewLeaflet:
    """The files of a new leaflet, made but not yet written: path (in its folder) → text."""

    folder: Path
    lang: str
    files: dict[str, bytes]

    @property
    def placeholders_in(self) -> str:
        return self.lang if self.lang in PLACEHOLDER_LANGUAGES else "en"


def _problem(leaflet_id: str, project: Project) -> str | None:
    if leaflet_id in ("", ".", "..") or "/" in leaflet_id or "\\" in leaflet_id:
        return f'"{leaflet_id}" cannot be a folder name — use letters a to z, digits and hyphens'
    if (message := check_id(leaflet_id)) is not None:
        return message.replace("like laer-dine-smerter", "like ondt-i-knaeet")
    if (project.content / leaflet_id).exists() or (project.content / leaflet_id).is_symlink():
        return (
            f"content/{leaflet_id}/ exists already — nothing was changed; choose another name, "
            "or edit that leaflet"
        )
    return None


def prepare(project: Project, leaflet_id: str, lang: str, title: str | None) -> NewLeaflet:
    """The files of ``content/<leaflet_id>/``; raises LeafletError when it cannot be made."""
    if (message := _problem(leaflet_id, project)) is not None:
        raise LeafletError.at(message, project.content)
    if (message := check_language_code(lang)) is not None:
        raise LeafletError.at(message, project.content)
    words_lang = lang if lang in PLACEHOLDER_LANGUAGES else "en"
    title = " ".join((title or DEFAULT_TITLES[words_lang]).split())
    if not title:
        raise LeafletError.at("the title is empty — give the leaflet a title", project.content)
    found = markup.problems(title)
    covered = fonts.coverage(project_fonts(project))
    missing = sorted({c for c in title if ord(c) not in covered})
    if missing:
        found.append(
            f"the title has characters none of the fonts has ({''.join(missing)}) — leave them "
            "out or add a font that has them"
        )
    if found:
        raise LeafletError.at(f"--title: {found[0]}", project.content)
    today = date.today()
    values = {
        "id": leaflet_id,
        "lang": lang,
        "sender": _sender(project, words_lang),
        "published": f"{today.year:04d}-{today.month:02d}",
        "review": f"{today.year + 2:04d}-{today.month:02d}",
    }
    files: dict[str, bytes] = {}
    settings = _fill((STARTER / SETTINGS_FILE).read_text(encoding="utf-8"), values)
    settings = settings.replace("@title@", "\n".join(render_scalar(title, 2, 7)))
    files[SETTINGS_FILE] = settings.encode("utf-8")
    for picture in sorted((STARTER / "pictures").iterdir()):
        files[f"pictures/{picture.name}"] = _in_brand_colours(picture.read_bytes(), project)
    marker = ""
    if words_lang != lang:
        marker = (
            f"# Placeholder text in English: write the {language_name(lang)} text in its place.\n"
        )
    for source in sorted((STARTER / words_lang).glob("*.yaml")):
        text = _fill(source.read_text(encoding="utf-8"), values)
        text = text.replace("@title@", title)  # in a | block: taken as it is
        files[f"{lang}/{source.name}"] = (marker + text).encode("utf-8")
    return NewLeaflet(project.content / leaflet_id, lang, files)


#: The colours of the starter's picture, by the brand role each is the house style's of.
STARTER_PICTURE_ROLES = {
    "device-cmyk(0.9 0.45 0.2 0.3)": "band",
    "device-cmyk(0.75 0.2 0.15 0)": "lines",
    "device-cmyk(0.12 0.02 0.04 0)": "tint",
    "device-cmyk(0 0.45 0.7 0)": "accent",
}


def _in_brand_colours(svg: bytes, project: Project) -> bytes:
    """The starter's picture drawn in the brand's colours, where the brand sets them, so
    that a new leaflet looks like the organisation's from its first build."""
    brand = load_project(project.root).brand
    text = svg.decode("utf-8")
    for house, role in STARTER_PICTURE_ROLES.items():
        own = brand.colour(role)
        if own is not None:
            text = text.replace(f'"{house}"', f'"{own.css}"')
    return text.encode("utf-8")


def _sender(project: Project, words_lang: str) -> str:
    """The sender: lines of leaflet.yaml: none when the brand names the organisation."""
    if load_project(project.root).brand.name is not None:
        return (
            f"# The sender (name, address, web …) is the brand's, in {PROJECT_FILE}. To change\n"
            "# it for this leaflet only, add sender: here, like:\n"
            "# sender:\n"
            "#   department: …      (also address, phone, email, web; name: for another sender)"
        )
    name = render_scalar(DEFAULT_SENDERS[words_lang], 4, 8)[0]
    return (
        "sender:\n"
        f"  name: {name}\n"
        "  # department: …       also possible: department, address, phone, email, web\n"
        "  web: www.example.dk"
    )


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def write(new: NewLeaflet) -> Path:
    """Write the prepared files into the leaflet's folder at once (all or nothing)."""
    staging = new.folder.with_name(f".{new.folder.name}-new-{os.getpid()}")
    staging.mkdir(parents=True)
    try:
        for name, data in new.files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if new.folder.exists() or new.folder.is_symlink():  # made meanwhile; never follow a link
            raise LeafletError.at(
                f"content/{new.folder.name}/ exists already — nothing was changed", new.folder
            )
        staging.rename(new.folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return new.folder
