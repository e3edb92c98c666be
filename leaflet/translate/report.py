"""``leaflet status`` as text: a row per language, then what to do, by file."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..content.languages import language_name
from . import readable
from .states import LanguageStatus, ProjectStatus


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _keys_cell(counts: Mapping[str, int]) -> str:
    parts = []
    if counts["keys_missing"]:
        parts.append(f"{counts['keys_missing']} missing")
    if counts["keys_extra"]:
        parts.append(f"{counts['keys_extra']} extra")
    if counts["differences"]:
        parts.append(f"{counts['differences']} to compare")
    return ", ".join(parts) or "ok"


def _key_name(key: str) -> str:
    if key.startswith("themes."):
        return f'the label for "{key.removeprefix("themes.")}" under themes:'
    return f"{key}:"


def details(language: LanguageStatus, source_lang: str) -> list[str]:
    """One line per thing to do for a language, naming the file."""
    source_name = language_name(source_lang)
    lines: list[str] = []
    if language.state == "absent":
        return [
            f"{language.lang}/: there is no {language.name} yet — start it with "
            f"`leaflet translate new {language.lang}`, or make a file for a translation "
            f"agency with `leaflet translate export {language.lang}`"
        ]
    not_reviewed: list[str] = []
    for s in language.sections:
        source_file = f"{source_lang}/{s.id}.yaml"
        if s.state == "missing":
            hint = (
                f"start the language with `leaflet translate new {language.lang}` in an "
                f"empty folder, or copy {source_file} and translate it"
                if not language.is_source
                else "write it, or remove the section from leaflet.yaml"
            )
            lines.append(f"{s.file}: missing — {hint}")
            continue
        if s.state == "unreadable":
            lines.append(f"{s.file}: cannot be read ({s.error})")
            continue
        if language.is_source:
            continue
        for key in s.keys_missing:
            lines.append(
                f"{s.file}: {_key_name(key)} is missing — the {source_name} file has it; "
                "add it with its translation"
            )
        for key in s.keys_extra:
            if key in s.unknown_keys:
                lines.append(
                    f"{s.file}: {_key_name(key)} is not a key leaflet knows here — check the "
                    f"spelling against {source_file}"
                )
            else:
                lines.append(
                    f"{s.file}: {_key_name(key)} is not in the {source_name} file — remove it, "
                    "or check the spelling of the key"
                )
        for difference in s.differences:
            line = f":{difference.line}" if difference.line is not None else ""
            lines.append(f"{s.file}{line}: {difference.message}")
        if s.changed and s.source_fingerprint is not None:
            if s.recorded_fingerprint is None:
                block = (
                    "its translation: block has no source:"
                    if s.has_block
                    else ("it has no translation: block")
                )
                lines.append(
                    f"{s.file}: cannot tell which {source_name} text this was translated "
                    f"from ({block}) — compare it with {source_file}, then add at the top: "
                    f"translation: with source: {s.source_fingerprint} and reviewed: no"
                )
            else:
                lines.append(
                    f"{s.file}: the {source_name} text changed since this was translated — "
                    f"compare and update, then set source: {s.source_fingerprint}"
                )
        elif s.changed is None and s.source_fingerprint is None:
            lines.append(
                f"{s.file}: cannot be compared — the {source_name} file {source_file} is "
                "missing or cannot be read"
            )
        for key, where, missing in s.untranslated:
            at = f":{where}" if where is not None else ""
            lines.append(
                f"{s.file}{at}: {key}: "
                + (
                    f"no {language.name} text here yet — translate the {source_name} text"
                    if missing
                    else f"still the {source_name} text — translate it"
                )
            )
        if s.reviewed is False:
            not_reviewed.append(s.file)
    for extra in language.extra_files:
        lines.append(
            f"{extra}: belongs to no section of leaflet.yaml — rename it to match a section, "
            "or delete it"
        )
    counts = language.counts()
    if not language.is_source and (counts["texts_to_translate"] or counts["texts_changed"]):
        changed = counts["texts_changed"]
        lines.append(
            f"{counts['texts_to_translate']} of {_plural(counts['texts'], 'text')} to translate"
            + (f" and {changed} changed in {source_name} since translated" if changed else "")
            + f" — for a translation agency: `leaflet translate export {language.lang}`"
            + (
                "; a text that stays the same on purpose (a name, a number) is listed under "
                "same: in its file's translation: block"
                if counts["texts_to_translate"]
                else ""
            )
        )
    if not_reviewed:
        present = sum(s.readable for s in language.sections)
        what = (
            f"none of the {present} files is reviewed yet"
            if len(not_reviewed) == present and present > 1
            else "not reviewed yet: " + ", ".join(not_reviewed)
        )
        lines.append(f"{what} — set reviewed: yes in a file once a second reader has checked it")
    lines += _reviews(language)
    if language.harder is not None:
        lines.append(language.harder)
    earlier = "" if language.room_current else " (from an earlier build)"
    if language.does_not_fit is not None:
        lines.append(f"does not fit{earlier}: {language.does_not_fit}")
    lines += [f"layout{earlier}: {note}" for note in language.layout_notes]
    return lines


def _reviews(language: LanguageStatus) -> list[str]:
    """Who reviewed which files and when, as their translation: blocks record it."""
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for s in language.sections:
        if s.reviewed:
            groups.setdefault((s.reviewed_by, s.reviewed_on), []).append(s.id)
    lines = []
    for (by, on), ids in groups.items():
        files = "every file" if len(ids) == len(language.sections) else ", ".join(ids)
        if by is None and on is None:
            lines.append(
                f"reviewed, but not recorded by whom or when: {files} — add reviewed_by: and "
                "reviewed_on: (YYYY-MM-DD) under translation:"
            )
        else:
            who = f" by {by}" if by else ""
            when = f" on {on}" if on else ""
            lines.append(f"reviewed{who}{when}: {files}")
    return lines


def _room_cell(language: LanguageStatus) -> str:
    """Room left on the last inside page: "6 lines", "6 lines?" (an older build), "–",
    "does not fit" (the last build stopped: the text needs more room than it has)."""
    if language.does_not_fit is not None:
        return "does not fit" + ("" if language.room_current else "?")
    if language.room_lines is None:
        return "–"
    lines = math.floor(language.room_lines)
    return f"{lines} line{'' if lines == 1 else 's'}{'' if language.room_current else '?'}"


def format_table(report: ProjectStatus) -> str:
    """The report as plain text: a block per leaflet, a row per language, then details."""
    blocks: list[str] = []
    for leaflet in report.leaflets:
        total = len(leaflet.languages[0].sections) if leaflet.languages else 0
        head = (
            f"{leaflet.id} — {leaflet.title} (written in "
            f"{language_name(leaflet.source_language)}, {leaflet.folder}/)"
        )
        rows = [
            (
                "language",
                "state",
                "readability",
                "files",
                "keys",
                "changed",
                "not reviewed",
                "to translate",
                "room",
            )
        ]
        for lang in leaflet.languages:
            c = lang.counts()
            sections = c["sections"] or total
            files = f"{c['present']}/{sections}" if lang.state != "absent" else "–"
            room = _room_cell(lang)
            name, reading = f"{lang.lang}  {lang.name}", readable.cell(lang.readability)
            if lang.is_source or lang.state == "absent":
                rows.append((name, lang.state, reading, files, "–", "–", "–", "–", room))
            else:
                rows.append(
                    (
                        name,
                        lang.state,
                        reading,
                        files,
                        _keys_cell(c),
                        str(c["changed"]),
                        str(c["not_reviewed"]),
                        f"{c['texts_to_translate']} of {c['texts']}",
                        room,
                    )
                )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = [head]
        lines += [
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        for lang in leaflet.languages:
            found = details(lang, leaflet.source_language)
            if found:
                lines.append("")
                lines.append(f"  {lang.name} ({lang.lang}):")
                lines += [f"    {line}" for line in found]
        if any(
            (lang.room_lines is not None or lang.does_not_fit is not None) and not lang.room_current
            for lang in leaflet.languages
        ):
            lines.append("")
            lines.append(
                "  room?: from an earlier build — leaflet build shows the room as it is now"
            )
        blocks.append("\n".join(lines))
    if not report.leaflets and not report.problems:
        blocks.append(
            "there are no leaflets here yet — start one with: leaflet new ID (a leaflet is a "
            "folder in content/ with a leaflet.yaml)"
        )
    return "\n\n".join(blocks)
