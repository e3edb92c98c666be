"""How easy a text is to read: its sentences and words, and LIX or Flesch reading ease.

This module measures plain text; :mod:`.prose` finds the texts of a section and where
each is written. The rules, the same in every language (the README explains them to
writers):

* **A word** is a run of letters and digits, which may hold a hyphen, an apostrophe or
  a full stop between letters (*MR-skannet*, *don't*, *rn.dk*, *f.eks*). A web address
  or an e-mail address is one short word; so is ``{url}``.
* **A long word** has more than six letters (digits and hyphens do not count). Words
  listed under ``readability: long_words:`` in leaflet.yaml never count as long (nor
  do words that begin with one of them: *paracetamol* covers *paracetamolen*).
* **A sentence** ends at ``.``, ``!``, ``?``, ``…`` or ``:`` (and ``؟`` ``۔`` ``।`` ``።``
  ``。`` in other scripts) followed by a space and a word that does not start with a
  small letter, after a word that is not an abbreviation of the text's language such
  as *fx.*, *ca.* or *e.g.* (a word in capitals, like *MR.*, is never one).
  **Every text ends a sentence too**: a heading, a list item, a table cell or a
  paragraph left without a full stop is a sentence of its own, because it is read as
  one. A list written as short items instead of one long sentence therefore reads
  easier, as it should.

The measures:

* **LIX** (Björnsson 1968): words per sentence + the percentage of long words. Made for
  Swedish and used for Danish and Norwegian; leaflet also uses it for every language
  without a tested Flesch formula. Under 35 is easy, 35–44 medium, 45 and above hard.
* **Flesch reading ease**: 206.835 − 1.015 × words per sentence − 84.6 × syllables per
  word for English (Flesch 1948), and the versions made for German (Amstad 1978),
  Spanish (Fernández Huerta 1959) and Russian (Oborneva 2006), whose syllables
  :mod:`.syllables` counts well. Higher is easier: 70 and above is easy, 50–69 medium,
  under 50 hard. A LIX target T is a Flesch target of 140 − 2 × T (40 → 60): the same
  line through the two scales' band edges (LIX 35 ↔ 70, LIX 45 ↔ 50).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import syllables

#: The languages LIX was made for; every language without a Flesch formula gets it too.
LIX_LANGUAGES = ("da", "nb", "nn", "no", "sv")

#: Flesch reading ease per language: (base, per word in a sentence, per syllable in a
#: word, who made it). The same constants as textstat's.
FLESCH: dict[str, tuple[float, float, float, str]] = {
    "en": (206.835, 1.015, 84.6, "Flesch 1948"),
    "de": (180.0, 1.0, 58.5, "Amstad 1978"),
    "es": (206.84, 1.02, 60.0, "Fernández Huerta 1959"),
    "ru": (206.835, 1.3, 60.1, "Oborneva 2006"),
}
assert set(FLESCH) == set(syllables.LANGUAGES)

#: Band edges: LIX under EASY is easy, from HARD up hard; Flesch from EASY up easy,
#: under HARD hard.
LIX_EASY, LIX_HARD = 35, 45
FLESCH_EASY, FLESCH_HARD = 70, 50
#: The leaflet's target when leaflet.yaml does not say (on the LIX scale).
DEFAULT_TARGET = 40
#: A sentence longer than this many words is pointed out wherever it is.
LONG_SENTENCE = 25
#: A word with more letters than this is a long word.
LONG_WORD = 6

_TERMINATORS = frozenset(".!?…:؟۔।॥።᙮。！？")
#: Abbreviations after which a full stop does not end a sentence, per language (compared
#: lower case, without their last full stop). Ones that often end a sentence (etc.,
#: osv.) are not here. A word written in capitals is never one (MR., MS.: a scan, a
#: disease).
_SCANDINAVIAN = frozenset(
    {
        "fx", "f.eks", "f.ex", "t.ex", "bl.a", "ca", "kl", "nr", "dvs", "evt", "mht", "jf",
        "tlf", "pga", "inkl", "ekskl", "hhv", "ift", "vedr", "sml", "dr", "st", "iflg", "ang",
    }
)  # fmt: skip
ABBREVIATIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("da", "nb", "nn", "no", "sv"), _SCANDINAVIAN),
    "en": frozenset(
        {
            "e.g", "i.e", "approx", "ca", "mr", "mrs", "ms", "dr", "st", "vs", "tel", "no",
            "nos", "dept", "fig",
        }
    ),
    "de": frozenset(
        {"z.b", "bzw", "ggf", "d.h", "u.a", "evtl", "vgl", "ca", "nr", "dr", "tel", "inkl"}
    ),
    "es": frozenset({"sr", "sra", "dra", "dr", "p.ej", "tel", "aprox", "núm"}),
    "ru": frozenset({"т.е", "напр", "см", "др"}),
}  # fmt: skip
#: A language without a list of its own: every list's abbreviations.
ANY_ABBREVIATIONS = frozenset().union(*ABBREVIATIONS.values())


def abbreviations(lang: str) -> frozenset[str]:
    """The abbreviations of ``lang`` (its language without region: en-GB is en)."""
    return ABBREVIATIONS.get(lang.split("-")[0].lower(), ANY_ABBREVIATIONS)


_ADDRESS = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:!?)\]]|[^\s@]+@[^\s@]+\.[^\s.,;:!?)]+")
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_JOINERS = frozenset("-'’.\u200c\u200d")


class _Classes(dict[int, str | None]):
    """Each character's part in a word, for ``str.translate``, looked up once per
    character: ``w`` for a letter, digit or mark (Unicode categories L, N and M), ``j``
    for a joiner (:data:`_JOINERS`), a space for everything else."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if unicodedata.category(char)[0] in "LNM":
            kind = "w"
        elif char in _JOINERS:
            kind = "j"
        else:
            kind = " "
        self[code] = kind
        return kind


class _LettersOnly(dict[int, str | None]):
    """For ``str.translate``: a letter (category L) stays, anything else goes."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = char if unicodedata.category(char)[0] == "L" else None
        self[code] = kept
        return kept


_CLASSES = _Classes()
_LETTERS_ONLY = _LettersOnly()
#: A word: word characters, joined by single joiners (MR-skannet, don't, rn.dk).
_WORD = re.compile(r"w+(?:jw+)*")


def _letters(word: str) -> int:
    return len(word.translate(_LETTERS_ONLY))


@dataclass(frozen=True)
class Piece:
    """A text to measure, and the line each part of it was written on.

    ``lines`` holds (offset, line) pairs in order: from each offset on, the text is on
    that line of its file. Empty when the place is not known.
    """

    text: str
    lines: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int | None:
        if not self.lines:
            return None
        index = bisect.bisect_right(self._offsets, offset) - 1
        return self.lines[max(index, 0)][1]

    @cached_property
    def _offsets(self) -> list[int]:
        return [o for o, _ in self.lines]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its words, and where it starts."""

    text: str  # as written, on one line, without markup
    words: int
    long_words: int
    syllables: int | None  # None in a language measured with LIX
    line: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "words": self.words, "text": self.text}


def _cleaned(text: str) -> str:
    """``text`` with markup, links' targets and addresses blanked, offsets unchanged."""
    chars = list(text)

    def blank(start: int, end: int, keep: str = "") -> None:
        chars[start:end] = list(keep.ljust(end - start))

    for match in _LINK.finditer(text):
        blank(match.start(), match.start(1))  # "["
        blank(match.end(1), match.end())  # "](https://…)"
    for match in [*_ADDRESS.finditer("".join(chars)), *re.finditer(r"\{url\}", text)]:
        blank(match.start(), match.end(), "x")
    return "".join(chars).replace("*", " ")


def _tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text``: a run of letters, digits and marks, with
    a joiner between two of them inside it."""
    return [match.span() for match in _WORD.finditer(text.translate(_CLASSES))]


def _ends_sentence(
    word: str, gap: str, next_word: str | None, abbreviated: frozenset[str] = frozenset()
) -> bool:
    """Whether the sentence ends after ``word``, followed by ``gap`` and ``next_word``;
    ``abbreviated`` holds the language's abbreviations."""
    if next_word is None:
        return True
    stop = next((ch for ch in gap if ch in _TERMINATORS), None)
    if stop is None:
        return False
    if not any(ch.isspace() for ch in gap[gap.index(stop) + 1 :]):
        return False  # "(fx.)" inside a sentence: no space after the stop
    if next_word[0].islower():
        return False  # "f.eks. din læge", "Husk: du skal"
    if word.isupper():
        return True  # "en MR. Det", "MS. Så": capitals are a name, not an abbreviation
    return not (stop == "." and gap.startswith(".") and word.lower() in abbreviated)


class Counter:
    """Counts the words, long words and syllables of one language."""

    def __init__(self, lang: str, long_words: Iterable[str] = ()) -> None:
        self.lang = lang
        self.syllables = syllables.counter(lang) if measure_of(lang) == "flesch" else None
        self.allowed = tuple(sorted({w.casefold() for w in long_words if w}))
        self.abbreviations = abbreviations(lang)

    def listed(self, word: str) -> bool:
        return word.casefold().startswith(self.allowed)

    def sentences(self, units: Iterable[Sequence[Piece]]) -> list[Sentence]:
        """The sentences of ``units``: each unit one text read as one (often one piece)."""
        found: list[Sentence] = []
        for unit in units:
            words: list[tuple[str, str, int | None]] = []  # (word, gap after it, line)
            for piece in unit:
                text = _cleaned(piece.text)
                spans = _tokens(text)
                for number, (start, end) in enumerate(spans):
                    gap_end = spans[number + 1][0] if number + 1 < len(spans) else len(text)
                    words.append((text[start:end], text[end:gap_end], piece.line_at(start)))
            begin = 0
            for index, (word, gap, _) in enumerate(words):
                following = words[index + 1][0] if index + 1 < len(words) else None
                if _ends_sentence(word, gap, following, self.abbreviations):
                    found.append(self._sentence(words[begin : index + 1]))
                    begin = index + 1
        return found

    def _sentence(self, words: Sequence[tuple[str, str, int | None]]) -> Sentence:
        text = "".join(word + gap for word, gap, _ in words)
        count = self.syllables
        listed = [self.listed(word) for word, _, _ in words]
        return Sentence(
            text=" ".join(text.split()),
            words=len(words),
            long_words=sum(
                _letters(word) > LONG_WORD and not ok
                for (word, _, _), ok in zip(words, listed, strict=True)
            ),
            syllables=None
            if count is None
            else sum(
                1 if ok else count(word) for (word, _, _), ok in zip(words, listed, strict=True)
            ),
            line=words[0][2],
        )


def measure_of(lang: str) -> str:
    """ "flesch" for a language with a tested Flesch formula, else "lix"."""
    return "flesch" if lang.split("-")[0].lower() in FLESCH else "lix"


def target_for(measure: str, lix_target: float) -> float:
    """The leaflet's target (on the LIX scale) on the scale of ``measure``."""
    return lix_target if measure == "lix" else 140 - 2 * lix_target


def shown(value: float) -> int:
    """``value`` as it is printed: rounded, a half up (34.5 is 35)."""
    return math.floor(value + 0.5)


def band(measure: str, value: float) -> str:
    """What ``value`` means in plain words: easy, medium or hard (of the value shown)."""
    printed = shown(value)
    if measure == "lix":
        return "easy" if printed < LIX_EASY else "medium" if printed < LIX_HARD else "hard"
    return "easy" if printed >= FLESCH_EASY else "medium" if printed >= FLESCH_HARD else "hard"


def on_lix_scale(measure: str, value: float) -> float:
    """``value`` as a LIX value, to compare languages measured differently."""
    return value if measure == "lix" else (140 - value) / 2


@dataclass(frozen=True)
class Reading:
    """How readable some sentences are, in one language."""

    lang: str
    measure: str  # "lix" or "flesch"
    sentences: int
    words: int
    long_words: int
    syllables: int | None

    @classmethod
    def of(cls, lang: str, sentences: Iterable[Sentence]) -> Reading:
        found = list(sentences)
        counted = [s.syllables for s in found]
        return cls(
            lang=lang,
            measure=measure_of(lang),
            sentences=len(found),
            words=sum(s.words for s in found),
            long_words=sum(s.long_words for s in found),
            syllables=None if None in counted or not found else sum(c or 0 for c in counted),
        )

    @property
    def value(self) -> float | None:
        """The LIX or Flesch value; None when there are no words."""
        if not self.words:
            return None
        per_sentence = self.words / self.sentences
        if self.measure == "lix":
            return per_sentence + 100 * self.long_words / self.words
        base, a, b, _ = FLESCH[self.lang.split("-")[0].lower()]
        return base - a * per_sentence - b * (self.syllables or 0) / self.words

    @property
    def band(self) -> str | None:
        value = self.value
        return None if value is None else band(self.measure, value)

    @property
    def name(self) -> str:
        return "LIX" if self.measure == "lix" else "Flesch"

    def label(self) -> str:
        """Like "LIX 41 (medium)"; "no text" when there is none."""
        value = self.value
        if value is None:
            return "no text"
        return f"{self.name} {shown(value)} ({self.band})"

    def misses(self, lix_target: float) -> bool:
        """True when the value, as shown, is on the hard side of the target."""
        value = self.value
        if value is None:
            return False
        target = target_for(self.measure, lix_target)
        return shown(value) > target if self.measure == "lix" else shown(value) < target

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        return {
            "measure": self.measure,
            "value": None if value is None else round(value, 1),
            "band": self.band,
            "sentences": self.sentences,
            "words": self.words,
            "words_per_sentence": round(self.words / self.sentences, 1) if self.sentences else None,
            "long_words": self.long_words,
            "long_words_percent": round(100 * self.long_words / self.words, 1)
            if self.words
            else None,
            "syllables_per_word": round(self.syllables / self.words, 2)
            if self.syllables is not None and self.words
            else None,
        }
