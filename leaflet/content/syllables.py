"""Counting syllables from spelling, for the Flesch reading ease of a few languages.

Flesch's formula needs the syllables of every word. Each counter here works from the
letters alone, with no dictionary, and was checked against words whose syllables are
known (the README says how well: English against the whole CMU Pronouncing Dictionary,
the others against word lists in ``tests/fixtures/syllables/``):

* **English**: groups of vowels, less a silent final *e* (*make*, *file*, *complete-ly*),
  *-es* and *-ed* where they add no syllable (*times*, *asked*), plus the pairs of vowels
  that are two syllables (*situ-a-tion*, *be-ing*, *vari-ous*);
* **German**: groups of vowels, where *ai au äu ei eu ey ie aa ee oo* are one sound
  and any other pair is two (*bau-en*, *Regi-on*, *aktu-ell*);
* **Spanish**: every strong vowel (*a e o*, and an accented *í ú*) is a syllable, a weak
  one (*i u*) joins its neighbour (*ciu-dad*, *fi-sio-te-ra-peu-ta*, *dí-a*);
* **Russian**: every vowel letter is a syllable, which in Russian is exact.

Pyphen's hyphenation dictionaries (what textstat counts with) were tried and are worse:
hyphenation avoids splitting off one letter, so *area* or *idea* count as one syllable.

A word written in capitals of two to four letters (*PDF*, *MRI*, *QR*) is read letter by
letter: a syllable per letter. A number counts a syllable per digit (*99*: two).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: The languages whose syllables can be counted here.
LANGUAGES = ("en", "de", "es", "ru")

_EN_VOWELS = re.compile(r"[aeiouy]+?(?=y[aeiou])y?|[aeiouy]+")
#: Pairs of vowels (and a few sequences) that are two syllables in English.
_EN_HIATUS = re.compile(
    r"[^aeiou]ia(?!l\b|n\b|ls\b|ns\b)|io(?!n|us)|(?<![tcsgx])ious|[^aeiouqg]ua"
    r"|(?<!p)eo(?!u)|uo|ii|(?<=[^aeiou])ie(?=r|t)|ea(?=te|tive)|[aeouy]ing\b|yi"
    r"|[^g]ue(?=l|nt|t)|uie|ism\b|eu(?=m)|ee(?=r\b)|[^aeiou]iu"
)
#: A silent e before a suffix or the second half of a compound: complete-ly, some-thing.
_EN_SILENT_INNER = re.compile(r"[^aeiouy][aeiouy][^aeiouy]e(?=ly|ment|ful|less|ness)")
_EN_SILENT_COMPOUND = re.compile(r"[^aeiouy]e(?=thing|where|body|times|how|one)")


def english(word: str) -> int:
    """The syllables of an English word (lower or upper case)."""
    w = word.lower()
    n = len(_EN_VOWELS.findall(w))
    if w.startswith("y") and len(w) > 1 and w[1] in "aeiou":
        n = len(_EN_VOWELS.findall(w[1:]))  # y as a consonant: yes, you
    if (
        re.search(r"[^aeiouy]e$", w)
        and n > 1
        and not re.search(r"[^aeiouylrw]le$", w)  # ta-ble, sim-ple
        and not re.search(r"[^aeiouy]re$", w[-3:])
    ):
        n -= 1  # make, file, while
    elif (
        re.search(r"[^aeiouy]es$", w)
        and n > 1
        and not re.search(r"(?:[csxz]|ch|sh|g|[^aeiouy]l)es$", w)
    ):
        n -= 1  # times, makes
    elif re.search(r"[^aeiouy]ed$", w) and n > 1 and not re.search(r"[td]ed$", w):
        n -= 1  # asked, filed
    if re.search(r"[gq]ue$", w) and n > 1:
        n -= 1  # dialogue, technique
    elif w.endswith("ea") and n > 1:
        n += 1  # are-a, ide-a
    n -= len(_EN_SILENT_INNER.findall(w))
    n -= 1 if _EN_SILENT_COMPOUND.search(w) else 0
    n += len(_EN_HIATUS.findall(w))
    return max(1, n)


_DE_VOWELS = re.compile(r"[aeiouyäöü]+")
_DE_ONE_SOUND = frozenset({"ai", "au", "äu", "ei", "eu", "ey", "ay", "ie", "aa", "ee", "oo"})


def german(word: str) -> int:
    """The syllables of a German word."""
    w = word.lower().replace("qu", "qv")  # the u of qu is no vowel
    if w[:1] == "y" and w[1:2] in tuple("aeiouäöü"):
        w = "j" + w[1:]  # Yoga: y as a consonant
    n = 0
    for run in _DE_VOWELS.findall(w):
        i = 0
        while i < len(run):
            i += 2 if run[i : i + 2] in _DE_ONE_SOUND else 1
            n += 1
    return max(1, n)


_ES_VOWELS = re.compile(r"[aeiouáéíóúü]+(?:y\b)?|y\b")
_ES_STRONG = frozenset("aeoáéóíú")


def spanish(word: str) -> int:
    """The syllables of a Spanish word."""
    w = word.lower()
    n = 0
    for run in _ES_VOWELS.findall(w):
        n += max(1, sum(ch in _ES_STRONG for ch in run))
    return max(1, n)


_RU_VOWELS = frozenset("аеёиоуыэюя")


def russian(word: str) -> int:
    """The syllables of a Russian word: its vowel letters (none in в, к, с)."""
    return sum(ch in _RU_VOWELS for ch in word.lower())  # в, к, с: none


_COUNTERS: dict[str, Callable[[str], int]] = {
    "en": english,
    "de": german,
    "es": spanish,
    "ru": russian,
}


def counter(lang: str) -> Callable[[str], int] | None:
    """The syllable counter for ``lang`` (a code like en or en-GB), or None."""
    count = _COUNTERS.get(lang.split("-")[0].lower())
    if count is None:
        return None

    def syllables(word: str) -> int:
        if word.isdigit():
            return len(word)
        if word.isupper() and 2 <= len(word) <= 4 and word.isalpha():
            return len(word)  # spelled out: PDF, MRI
        return sum(count(part) for part in re.split(r"[-'’.]", word) if part)

    return syllables
