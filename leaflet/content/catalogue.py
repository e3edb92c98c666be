"""One catalogue, consistent: what two leaflets of a project may not share.

A region keeps hundreds of leaflets; a new one is often started as a copy of an old
one, and what is easy to forget then is what makes the two the same to a reader:

* **the QR address**: two leaflets whose codes lead to the same web page (compared
  as a phone reads them: the host in any case, ``http`` or ``https``, a trailing
  slash, the letters of the path in either Unicode form or percent-encoded);
* **the title in the same language**: a reader, a catalogue or a search cannot tell
  the two apart (compared without case, soft hyphens, line breaks or Unicode form);
* **the folder name**: two leaflet folders whose names differ only by case or by
  Unicode form are one folder on Windows and macOS (and in a zip file opened there),
  so one leaflet would overwrite the other. A leaflet's id is its folder name in
  lower-case letters, digits and hyphens, so ids themselves cannot differ that way.

``leaflet check`` reports each of these at the place to change (the ``qr:`` line, the
cover's title), naming the other leaflet.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from ..errors import LeafletError, Problem
from ..project import SETTINGS_FILE, Project
from . import urls, yamlfile
from .languages import language_folders
from .model import Edition
from .yamlfile import Map


@dataclass(frozen=True)
class Said:
    """A value a leaflet gives, and where it is written."""

    leaflet: str  # the leaflet folder's name
    value: str
    path: Path
    line: int | None = None
    column: int | None = None


@dataclass
class _Leaflet:
    """What the comparison needs of one leaflet."""

    folder: Path
    qr: Said | None = None
    titles: dict[str, Said] | None = None  # language → the printed title


def _said(folder: Path, value: object, path: Path) -> Said | None:
    if not isinstance(value, str) or not value.strip():
        return None
    line = getattr(value, "line", None)
    column = getattr(value, "column", None)
    return Said(folder.name, str(value), getattr(value, "path", None) or path, line, column)


def _from_editions(folder: Path, editions: Sequence[Edition]) -> _Leaflet:
    settings = editions[0].settings
    found = _Leaflet(folder, _said(folder, settings.qr_url, settings.path), {})
    for edition in editions:
        cover = next((s for s in edition.sections.values() if s.kind == "cover"), None)
        value = cover.words.get("title") if cover is not None else settings.title
        said = _said(folder, value, cover.path if cover is not None else settings.path)
        if said is not None and found.titles is not None:
            found.titles[edition.lang] = said
    return found


def _read(folder: Path) -> _Leaflet:
    """The QR address and titles of a leaflet that was not loaded, read leniently: a
    file that cannot be read is left out (checking that leaflet says why)."""
    found = _Leaflet(folder, titles={})
    path = folder / SETTINGS_FILE
    raw = _load(path, folder)
    if not isinstance(raw, Map):
        return found
    found.qr = _said(folder, raw.get("qr"), path)
    sections = raw.get("sections")
    cover = None
    if isinstance(sections, Map):
        cover = next(
            (k for k, v in sections.items() if isinstance(v, Map) and v.get("kind") == "cover"),
            None,
        )
    for lang in language_folders(folder):
        if cover is None:
            said = (
                _said(folder, raw.get("title"), path)
                if lang == raw.get("source_language")
                else None
            )
        else:
            words = _load(folder / lang / f"{cover}.yaml", folder)
            said = _said(folder, words.get("title"), path) if isinstance(words, Map) else None
        if said is not None and found.titles is not None:
            found.titles[lang] = said
    return found


def _load(path: Path, folder: Path) -> object:
    try:
        return yamlfile.load(path, within=folder.parent.parent)
    except LeafletError:
        return None


# --- what counts as the same ----------------------------------------------------------


#: Characters a path keeps as they are (as :mod:`.urls` writes them); the rest encoded.
_SAFE = "/!$&'()*+,;=:@-._~"


def same_address(url: str) -> str:
    """``url`` as a phone's browser would go to it: one key for every way of writing it."""
    try:
        ascii_url = urls.ascii_url(unicodedata.normalize("NFC", url))
    except urls.UrlProblem:
        return url.strip()
    parts = urlsplit(ascii_url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and port not in (80, 443):
        host += f":{port}"
    # percent-encoding in one form: decoded, NFC, encoded again the one way
    path = quote(unicodedata.normalize("NFC", unquote(parts.path)), safe=_SAFE)
    path = path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, parts.query, parts.fragment))


def same_title(title: str) -> str:
    """``title`` without case, soft hyphens, invisible marks, line breaks or Unicode form."""
    text = unicodedata.normalize("NFKC", title)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split()).strip(" .:!?")


def same_name(name: str) -> str:
    """A folder name as Windows and macOS compare names: no case, one Unicode form."""
    return unicodedata.normalize("NFC", name).casefold()


# --- the check -----------------------------------------------------------------------


def _groups(items: Iterable[tuple[str, Said]]) -> list[list[Said]]:
    """Said values grouped by key, only the groups of more than one leaflet."""
    by_key: dict[str, list[Said]] = {}
    for key, said in items:
        by_key.setdefault(key, []).append(said)
    return [g for g in by_key.values() if len({s.leaflet for s in g}) > 1]


def _where(said: Said, root: Path) -> str:
    return Problem("", said.path, said.line).location(root)


def not_leaflets(project: Project) -> list[Problem]:
    """A note for each folder in content/ that holds YAML files but no leaflet.yaml: a
    leaflet whose leaflet.yaml was deleted, renamed or never made is not built, and was
    left out without a word (``--leaflet`` with its name said there was no such leaflet).
    """
    leaflets = set(project.leaflet_dirs())
    try:
        folders = sorted(p for p in project.content.iterdir() if p.is_dir())
    except OSError:
        return []
    return [
        Problem(not_a_leaflet(folder), folder)
        for folder in folders
        if folder not in leaflets and not folder.name.startswith(".") and _holds_yaml(folder)
    ]


def not_a_leaflet(folder: Path) -> str:
    """What to say of ``folder``, in content/ without a leaflet.yaml."""
    return (
        f"this folder has no {SETTINGS_FILE}, so it is not a leaflet and is not built — "
        f"if it is one, put its {SETTINGS_FILE} back (with id: {folder.name}), or move the "
        "folder out of content/"
    )


def _holds_yaml(folder: Path) -> bool:
    try:
        return any(folder.glob("*.yaml")) or any(folder.glob("*/*.yaml"))
    except OSError:
        return False


def collisions(
    project: Project, editions: Sequence[Edition], selected: Sequence[str] = ()
) -> tuple[list[Problem], list[Problem]]:
    """What two leaflets of ``project`` share, reported at the selected leaflets' files
    (every leaflet when none is selected), naming the others: problems (a QR address,
    a folder name) and notes (a title: two leaflets may share one on purpose, for
    adults and for children, told apart by their subtitles).

    ``editions`` are those already loaded (read again only for the leaflets missing).
    """
    folders = project.leaflet_dirs()
    loaded: dict[str, list[Edition]] = {}
    for edition in editions:
        loaded.setdefault(edition.settings.folder.name, []).append(edition)
    leaflets = [
        _from_editions(f, loaded[f.name]) if f.name in loaded else _read(f) for f in folders
    ]
    wanted = set(selected) or {f.name for f in folders}
    problems: list[Problem] = []
    notes: list[Problem] = []
    root = project.root

    addresses = _groups((same_address(x.qr.value), x.qr) for x in leaflets if x.qr is not None)
    for group in addresses:
        for said in group:
            if said.leaflet not in wanted:
                continue
            others = _listed([_where(o, root) for o in group if o.leaflet != said.leaflet])
            problems.append(
                Problem(
                    f"this QR code leads to the same web page as the one of {others} — each "
                    "leaflet's code should lead to its own page: correct the address (qr:) "
                    "of one of them",
                    said.path,
                    said.line,
                    said.column,
                )
            )
    titles = _groups(
        (f"{lang}\0{same_title(said.value)}", said)
        for x in leaflets
        for lang, said in (x.titles or {}).items()
    )
    for group in titles:
        for said in group:
            if said.leaflet not in wanted:
                continue
            others = _listed([_where(o, root) for o in group if o.leaflet != said.leaflet])
            title = " ".join(said.value.split())
            notes.append(
                Problem(
                    f'the title "{title}" is also the title in {others}, in the same '
                    "language — readers and catalogues cannot tell the leaflets apart by it: "
                    "unless that is meant, give each a title of its own",
                    said.path,
                    said.line,
                    said.column,
                )
            )
    names = _groups((same_name(f.name), Said(f.name, f.name, f)) for f in folders)
    for group in names:
        for said in group:
            if said.leaflet not in wanted:
                continue
            others = ", ".join(f"{o.path.name}/" for o in group if o.leaflet != said.leaflet)
            problems.append(
                Problem(
                    f"this folder's name differs from {others} only by capital letters or "
                    "the way its letters are encoded — on Windows and macOS they are one "
                    "folder, and one leaflet would overwrite the other: rename one of them",
                    said.path,
                )
            )
    return problems, notes


def _listed(places: list[str]) -> str:
    """The first three places, and how many more."""
    shown = ", ".join(places[:3])
    return shown + (f" and {len(places) - 3} more" if len(places) > 3 else "")
