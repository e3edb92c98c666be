"""Language codes: the tags leaflet accepts as language folders, as langcodes says.

:func:`leaflet.content.languages.is_language_code` knows the two-letter tags without
asking langcodes (loading its registry is a tenth of a ``leaflet check``); here every
pair of letters is put to langcodes itself, so a list that drifts from it fails.
"""

from __future__ import annotations

import string

import langcodes
from langcodes.tag_parser import LanguageTagError

from leaflet.content import languages


def by_langcodes(name: str) -> bool:
    """What is_language_code answered before it knew any tag itself."""
    try:
        return bool(langcodes.tag_is_valid(name)) and langcodes.standardize_tag(name) == name
    except (LanguageTagError, ValueError):
        return False


def test_every_two_letter_tag_is_answered_as_langcodes_answers() -> None:
    letters = string.ascii_letters
    pairs = [a + b for a in letters for b in letters]
    differ = [pair for pair in pairs if languages.is_language_code(pair) != by_langcodes(pair)]
    assert differ == []
    accepted = {pair for pair in pairs if by_langcodes(pair)}
    assert accepted == languages.TWO_LETTER_CODES
    # what langcodes writes otherwise is refused, as before: iw is he, tl is fil, DA is da
    assert {"da", "en", "ar", "uk", "he"} <= accepted
    assert not {"iw", "tl", "DA", "Da"} & accepted


def test_longer_tags_are_still_asked_of_langcodes() -> None:
    for name in ("en-GB", "pt-BR", "sr-Latn", "fil", "yue", "en-gb", "english", "xx-YY"):
        assert languages.is_language_code(name) == by_langcodes(name), name
    assert languages.is_language_code("en-GB") and not languages.is_language_code("en-gb")


def test_a_word_longer_than_four_letters_is_no_language_as_langcodes_says() -> None:
    """pictures/ and other folders of one long word are refused without langcodes; its
    parser refuses a first subtag of 5 to 8 letters, and longer ones, too."""
    import random

    picker = random.Random(5646)
    words = ["pictures", "billeder", "english", "valencia", "scotland", "simple", "fonts"]
    words += [
        "".join(picker.choice(string.ascii_letters) for _ in range(picker.randint(5, 12)))
        for _ in range(300)
    ]
    for word in words:
        assert not languages.is_language_code(word), word
        assert not by_langcodes(word), word
        assert not languages._written_otherwise(word), word
        try:
            written_otherwise = bool(langcodes.tag_is_valid(word))
        except (LanguageTagError, ValueError):
            written_otherwise = False
        assert not written_otherwise, word
