"""Putting new texts into a words file that people have written, without disturbing it.

A translated words file may hold comments, a chosen line wrapping and quoting; an
import of translations must keep all of that. So :func:`update` changes only the
texts that differ, in place: each new text is written where the old one stood (in
the plainest YAML form that reads back as exactly that text, see
:mod:`leaflet.content.writer`), and everything else in the file stays byte for byte.
An unchanged text is not touched, so an import that changes nothing gives the same
bytes.

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
from ..content.writer import emit_map, flow_scalar, render_scalar
from ..errors import LeafletError
from .units import TRANSLATION, plain


@dataclass(frozen=True)
class Block:
    """What a translated file's ``translation:`` block is to say."""

    source: str  # the fingerprint of the source text
    reviewed: bool

    def lines(self) -> list[str]:
        return [
            f"{TRANSLATION}:",
            f"  source: {self.source}",
            f"  reviewed: {'yes' if self.reviewed else 'no'}",
        ]


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


def _edits(node: Node, new: Any, owner: int, flow: bool, text: str, out: list[_Edit]) -> None:
    """The edits that turn ``node`` into ``new``; raises _Unpatchable on another shape."""
    if isinstance(node, ScalarNode):
        if not isinstance(new, str):
            raise _Unpatchable
        if node.value != new:
            out.append(_scalar(node, new, owner, flow, text))
    elif isinstance(node, SequenceNode):
        if not isinstance(new, list) or len(new) != len(node.value):
            raise _Unpatchable
        for item, value in zip(node.value, new, strict=True):
            _edits(item, value, node.start_mark.column, flow or node.flow_style, text, out)
    elif isinstance(node, MappingNode):
        if not isinstance(new, Mapping):
            raise _Unpatchable
        keys = [k.value for k, _ in node.value]
        if sorted(keys) != sorted(new):
            raise _Unpatchable
        for key_node, value_node in node.value:
            column = key_node.start_mark.column
            _edits(value_node, new[key_node.value], column, flow or node.flow_style, text, out)


def _block_edits(root: MappingNode, block: Block, text: str) -> list[_Edit]:
    """Edits that make the file's translation: block say ``block`` (or add one)."""
    entries = {k.value: (k, v) for k, v in root.value}
    if TRANSLATION not in entries:
        first = root.value[0][0].start_mark.index if root.value else len(text)
        line_start = text.rfind("\n", 0, first) + 1
        return [_Edit(line_start, line_start, "\n".join(block.lines()) + "\n")]
    node = entries[TRANSLATION][1]
    if not isinstance(node, MappingNode) or node.flow_style:
        raise _Unpatchable
    values = {k.value: v for k, v in node.value}
    source, reviewed = values.get("source"), values.get("reviewed")
    if not isinstance(source, ScalarNode) or not isinstance(reviewed, ScalarNode):
        raise _Unpatchable
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


def _patched(text: str, words: Mapping[str, Any], block: Block) -> str:
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if not isinstance(root, MappingNode) or root.flow_style:
        raise _Unpatchable
    edits: list[_Edit] = []
    body = MappingNode(root.tag, [(k, v) for k, v in root.value if k.value != TRANSLATION])
    _edits(body, dict(words), 0, False, text, edits)
    edits += _block_edits(root, block, text)
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
    return (
        loaded == plain(words)
        and isinstance(got, dict)
        and set(got) == {"source", "reviewed"}
        and got["source"] == block.source
        and is_yes(got["reviewed"]) == block.reviewed
    )


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
        made = _patched(text, words, block)
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
