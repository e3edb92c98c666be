"""Putting new texts into a words file that people have written, without disturbing it.

A translated words file may hold comments, a chosen line wrapping and quoting; an
import of translations must keep all of that. So :func:`update` changes only the
texts that differ, in place: each new text is written where the old one stood (in
the plainest YAML form that reads back as exactly that text, see
:mod:`leaflet.content.writer`), and everything else in the file stays byte for byte.
An unchanged text is not touched, so an import that changes nothing gives the same
bytes. A ``# Danish: …`` comment above a text, as ``leaflet translate new`` writes
it, is brought up to date when the source text has changed.

When the file's shape differs from what it must become (the source text gained a
paragraph, say), it cannot be patched: it is written anew in the source's shape,
with its leading comments kept. Every result is read back and compared with what
was meant before it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..content import yamlfile
from ..content.values import is_yes
from ..content.writer import comment_lines, emit_map, flow_scalar, render_scalar
from ..errors import LeafletError
from .units import TRANSLATION, plain


@dataclass(frozen=True)
class Block:
    """What a translated file's ``translation:`` block is to say."""

    source: str  # the fingerprint of the source text
    reviewed: bool
    reviewed_by: str | None = None
    reviewed_on: str | None = None
    same: tuple[str, ...] = ()  # texts the same as the source on purpose (unit keys)

    def lines(self) -> list[str]:
        lines = [
            f"{TRANSLATION}:",
            f"  source: {self.source}",
            f"  reviewed: {'yes' if self.reviewed else 'no'}",
        ]
        if self.reviewed_by is not None:
            lines.append(f"  reviewed_by: {flow_scalar(self.reviewed_by)}")
        if self.reviewed_on is not None:
            lines.append(f"  reviewed_on: {self.reviewed_on}")
        if self.same:
            lines.append("  same:")
            lines += [f"    - {flow_scalar(key)}" for key in self.same]
        return lines

    def says(self, block: Any) -> bool:
        """Whether ``block`` (a ``translation:`` block as read) says just this."""
        if not isinstance(block, Mapping):
            return False
        same = block.get("same", [])
        return (
            set(block) <= {"source", "reviewed", "reviewed_by", "reviewed_on", "same"}
            and str(block.get("source", "")).strip() == self.source
            and is_yes(str(block.get("reviewed", ""))) == self.reviewed
            and _text(block.get("reviewed_by")) == self.reviewed_by
            and _text(block.get("reviewed_on")) == self.reviewed_on
            and isinstance(same, list)
            and [str(k).strip() for k in same] == list(self.same)
        )


def _text(value: Any) -> str | None:
    return " ".join(str(value).split()) if isinstance(value, str) else None


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _Unpatchable(Exception):
    """The file's shape differs from the new words: it must be written anew."""


def _scalar(node: ScalarNode, new: str, owner: int, flow: bool, text: str) -> _Edit:
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):  # a block runs on to the next value: keep its line breaks
        end = start + len(text[start:end].rstrip(" \n"))
    if flow:
        return _Edit(start, end, flow_scalar(new))
    return _Edit(start, end, "\n".join(render_scalar(new, owner + 2, node.start_mark.column)))


class _Patch:
    """The edits that turn a file's values into new ones, found by walking its nodes.

    Where a text has the source text as a comment above it (``# Danish: …``, as
    ``leaflet translate new`` writes it), that comment is brought up to date too.
    """

    def __init__(self, text: str, source_name: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.source_name = source_name
        self.edits: list[_Edit] = []

    def walk(self, node: Node, new: Any, source: Any, owner: int, flow: bool, line: int) -> None:
        """Edits for ``node`` (its entry starts on ``line``) to become ``new``; raises
        _Unpatchable on another shape. ``source`` is the source text at the same place."""
        if isinstance(node, ScalarNode):
            if not isinstance(new, str):
                raise _Unpatchable
            if node.value != new:
                self.edits.append(_scalar(node, new, owner, flow, self.text))
            if isinstance(source, str) and not flow:
                self.comment(line, source)
        elif isinstance(node, SequenceNode):
            if not isinstance(new, list) or len(new) != len(node.value):
                raise _Unpatchable
            for number, (item, value) in enumerate(zip(node.value, new, strict=True)):
                part = source[number] if isinstance(source, list) and number < len(source) else None
                column, inner = node.start_mark.column, flow or node.flow_style
                self.walk(item, value, part, column, inner, item.start_mark.line)
        elif isinstance(node, MappingNode):
            if not isinstance(new, Mapping) or sorted(k.value for k, _ in node.value) != sorted(
                new
            ):
                raise _Unpatchable
            for key_node, value_node in node.value:
                key = key_node.value
                part = source.get(key) if isinstance(source, Mapping) else None
                column, inner = key_node.start_mark.column, flow or node.flow_style
                self.walk(value_node, new[key], part, column, inner, key_node.start_mark.line)

    def comment(self, line: int, source: str) -> None:
        """Bring the ``# Danish: …`` comment right above ``line`` (if any) up to date.

        Only a comment as leaflet writes it is changed, and only when the source text
        differs from it: a comment someone has written or re-wrapped stays.
        """
        top = line
        while top > 0 and self.lines[top - 1].lstrip().startswith("#"):
            top -= 1
        label = f"# {self.source_name}: "
        found = [n for n in range(top, line) if self.lines[n].lstrip().startswith(label)]
        if not found:
            return
        first = found[-1]
        pad = len(self.lines[first]) - len(self.lines[first].lstrip())
        written = self.lines[first:line]
        said = [text.lstrip()[1:].strip() for text in written]
        said[0] = said[0].removeprefix(f"{self.source_name}:").strip()
        ours = [
            old
            for old in (" ".join(said), "\n".join(said))
            if comment_lines(old, pad, self.source_name) == written
        ]
        if ours and " ".join(ours[0].split()) != " ".join(source.split()):
            fresh = "\n".join(comment_lines(source, pad, self.source_name))
            self.edits.append(_Edit(self.starts[first], self.starts[line] - 1, fresh))


def _block_edits(root: MappingNode, block: Block, text: str) -> list[_Edit]:
    """Edits that make the file's translation: block say ``block`` (or add one).

    Where only ``source:`` or ``reviewed:`` change, only their values are changed;
    otherwise the block is written anew where it stands.
    """
    entries = {k.value: (k, v) for k, v in root.value}
    if TRANSLATION not in entries:
        first = root.value[0][0].start_mark.index if root.value else len(text)
        line_start = text.rfind("\n", 0, first) + 1
        return [_Edit(line_start, line_start, "\n".join(block.lines()) + "\n")]
    key, node = entries[TRANSLATION]
    if not isinstance(node, MappingNode) or node.flow_style or key.start_mark.column != 0:
        raise _Unpatchable
    values = {k.value: v for k, v in node.value}
    source, reviewed = values.get("source"), values.get("reviewed")
    simple = set(values) <= {"source", "reviewed"} and not (
        block.reviewed_by or block.reviewed_on or block.same
    )
    if simple and isinstance(source, ScalarNode) and isinstance(reviewed, ScalarNode):
        edits = []
        if source.value.strip() != block.source:
            edits.append(_Edit(source.start_mark.index, source.end_mark.index, block.source))
        if is_yes(reviewed.value) != block.reviewed:
            edits.append(
                _Edit(
                    reviewed.start_mark.index,
                    reviewed.end_mark.index,
                    "yes" if block.reviewed else "no",
                )
            )
        return edits
    as_read = yaml.load(text[key.start_mark.index : _last_end(node)], Loader=yaml.BaseLoader)
    if isinstance(as_read, dict) and block.says(as_read.get(TRANSLATION)):
        return []
    start = key.start_mark.index - key.start_mark.column
    end = text.find("\n", _last_end(node)) + 1 or len(text)
    return [_Edit(start, end, "\n".join(block.lines()) + "\n")]


def _last_end(node: Node) -> int:
    """Where the last scalar inside ``node`` ends: a block ends there (its end mark is at
    the next key, after any comment lines between, which stay)."""
    while isinstance(node, MappingNode | SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return int(node.end_mark.index)


def _patched(
    text: str, words: Mapping[str, Any], block: Block, source_name: str, source: Any
) -> str:
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if not isinstance(root, MappingNode) or root.flow_style:
        raise _Unpatchable
    patch = _Patch(text, source_name)
    body = MappingNode(root.tag, [(k, v) for k, v in root.value if k.value != TRANSLATION])
    patch.walk(body, dict(words), source, 0, False, 0)
    edits = patch.edits + _block_edits(root, block, text)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def leading_comments(text: str) -> list[str]:
    """The comment lines at the top of a file, before its first key."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def fresh(
    header: list[str],
    words: Mapping[str, Any],
    block: Block,
    source_name: str,
    comments: Mapping[str, Any] | None,
) -> str:
    """A whole words file: ``header`` comments, the translation block, then ``words``
    (with the source text at the same place as a comment above each text, if given)."""
    lines = [*header, *block.lines(), ""]
    emit_map(words, 0, source_name, lines, comments)
    return "\n".join(lines) + "\n"


def _reads_as(path: Path, text: str, words: Mapping[str, Any], block: Block) -> bool:
    try:
        loaded = plain(yamlfile.load_text(path, text))
    except LeafletError:
        return False
    got = loaded.pop(TRANSLATION, None) if isinstance(loaded, dict) else None
    return loaded == plain(words) and block.says(got)


def create(
    path: Path,
    header: list[str],
    words: Mapping[str, Any],
    block: Block,
    source_name: str,
    comments: Mapping[str, Any] | None,
) -> str:
    """A new words file (see :func:`fresh`), checked to read back as meant."""
    made = fresh(header, words, block, source_name, comments)
    if not _reads_as(path, made, words, block):
        raise LeafletError.at(_BUG, path)
    return made


_BUG = (
    "leaflet could not write the translations into this file so that they read back as "
    "they are — nothing was changed; please report this"
)


@dataclass(frozen=True)
class Updated:
    """A words file's new text, and whether it had to be written anew."""

    text: str
    rewritten: bool


def update(
    path: Path,
    old: str,
    words: Mapping[str, Any],
    block: Block,
    source_name: str,
    comments: Mapping[str, Any],
) -> Updated:
    """The text of the words file ``old`` (as read from ``path``) with ``words`` and
    ``block`` in it, changed in place where it can be.

    When the file must be written anew, the source text goes in as comments if the
    file had them (as ``leaflet translate new`` writes it). Raises LeafletError if no
    form reads back as meant (a bug: report it).
    """
    bom = "\ufeff" if old.startswith("\ufeff") else ""
    crlf = "\r\n" in old
    text = old.removeprefix("\ufeff").replace("\r\n", "\n")
    rewritten = False
    try:
        made = _patched(text, words, block, source_name, comments)
        if not _reads_as(path, made, words, block):
            raise _Unpatchable
    except (_Unpatchable, yaml.YAMLError):
        rewritten = True
        had_comments = f"# {source_name}: " in text
        made = fresh(
            leading_comments(text), words, block, source_name, comments if had_comments else None
        )
        if not _reads_as(path, made, words, block):
            raise LeafletError.at(_BUG, path) from None
    if crlf:
        made = made.replace("\n", "\r\n")
    return Updated(bom + made, rewritten)
