"""Languages: which folder names are language codes, their names in messages, direction,
and comparing language tags written in different ways (``pl-PL``, ``pl_pl``).

A language folder is named with a BCP 47 language tag in its usual spelling: ``da``,
``en``, ``en-GB``, ``pt-BR``, ``sr-Latn``. The tags are checked with ``langcodes``
(the IANA registry), so ``DA``, ``en_GB`` and ``..da`` are not language folders —
and since a folder that holds words but is not a language folder would otherwise be
left out without a word, :func:`folder_problems` reports each one with the name to
rename it to.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .. import files
from ..errors import Problem
from ..project import MAX_LANGUAGE_TAG, windows_reserved

#: Languages written right to left (ISO 639-1/-3 codes).
RTL_LANGUAGES = frozenset(
    {"ar", "fa", "prs", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug", "ks", "pnb", "azb", "syr"}
)
#: Scripts written right to left (ISO 15924), for a tag that names its script: pa-Arab.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand"})


def is_rtl(lang: str) -> bool:
    """Whether text in ``lang`` (a BCP 47 tag) is written right to left."""
    parts = lang.replace("_", "-").lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return script in RTL_SCRIPTS
    return parts[0] in RTL_LANGUAGES


#: English names of languages, for messages ("too long for page 3 in English").
LANGUAGE_NAMES = {
    "da": "Danish",
    "en": "English",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "pl": "Polish",
    "so": "Somali",
    "fa": "Farsi",
    "prs": "Dari",
    "tr": "Turkish",
    "ur": "Urdu",
    "ti": "Tigrinya",
    "am": "Amharic",
    "de": "German",
    "sv": "Swedish",
    "nb": "Norwegian",
    "ro": "Romanian",
    "ru": "Russian",
    "es": "Spanish",
    "fr": "French",
    "el": "Greek",
    "cs": "Czech",
    "ja": "Japanese",
    "zh": "Chinese",
    "sq": "Albanian",
    "vi": "Vietnamese",
}


def language_name(lang: str) -> str:
    """ "English" for en; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(lang.split("-")[0], lang)


def normal_tag(tag: str) -> str:
    """A language tag written one way, to compare: lower case, with hyphens (``pl_PL`` and
    ``pl-pl`` are both ``pl-pl``)."""
    return tag.strip().replace("_", "-").lower()


def primary(tag: str) -> str:
    """The language of a tag without its region or script: ``pl`` for ``pl-PL``."""
    return normal_tag(tag).split("-")[0]


def same_language(a: str, b: str) -> bool:
    """Whether two tags name the same language: the same tag, however it is written, or
    one of them the other's language without a region (``da`` and ``da-DK``; not
    ``en-GB`` and ``en-US``)."""
    x, y = normal_tag(a), normal_tag(b)
    return x == y or (primary(x) == primary(y) and ("-" not in x or "-" not in y))


#: What a tag looks like before the registry is asked: letters, digits and hyphens.
_TAG_SHAPE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


#: The two-letter tags :func:`is_language_code` accepts, as langcodes answers for them
#: (tests/test_language_codes.py asks it for every pair of letters): most language
#: folders are one of these, known without loading langcodes and its registry, which
#: takes about 25 ms of every ``leaflet check``.
_TWO_LETTERS = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs
    cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha
    he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn
    ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb
    nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tn to tr ts tt tw ty
    ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
TWO_LETTER_CODES = frozenset(_TWO_LETTERS.split())


def _no_language(name: str) -> bool:
    """True for a name that langcodes refuses without looking anything up: one word of
    more than 4 letters (``pictures``), which is no language subtag in BCP 47."""
    return "-" not in name and "_" not in name and len(name) > 4


@cache
def is_language_code(name: str) -> bool:
    """True for a valid BCP 47 language tag written as it is usually written (en-GB)."""
    if not _TAG_SHAPE.match(name):
        return False
    if len(name) == 2:
        return name in TWO_LETTER_CODES
    if _no_language(name):
        return False
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    try:
        return bool(langcodes.tag_is_valid(name)) and langcodes.standardize_tag(name) == name
    except (LanguageTagError, ValueError):
        return False


@cache
def suggested_code(name: str) -> str | None:
    """The language code ``name`` was probably meant to be (``DA`` → ``da``), or None."""
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
    for candidate in dict.fromkeys((name, cleaned)):
        try:
            if candidate and langcodes.tag_is_valid(candidate):
                tag = str(langcodes.standardize_tag(candidate))
                if is_language_code(tag):
                    return tag
        except (LanguageTagError, ValueError):
            continue
    return None


#: A code as it may be typed: the language in lower case, region or script in any case
#: (en-gb and en-GB are the same tag; commands compare tags without regard to case).
_TYPED = re.compile(r"^[a-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def check_language_code(code: str) -> str | None:
    """Why ``code`` cannot name a language (--lang, source_language), or None.

    A folder is named as the tag is usually written (:func:`is_language_code`); a code
    typed in a command may have its region in another case (``en-gb``), which
    :func:`folder_name` turns into the folder's name.
    """
    if len(code) > MAX_LANGUAGE_TAG:
        return (
            f"the language code is {len(code)} characters long — leaflet takes codes of up to "
            f"{MAX_LANGUAGE_TAG} (files are named after them); write the language and region "
            "only, like en-GB"
        )
    if windows_reserved(code) and is_language_code(code.lower()):
        return (
            f'"{code}" is a language code, but Windows keeps the name for a device, so a '
            f"folder of that name cannot be made or copied there — write the language with a "
            f"region, like {code.lower()}-XX with its country's code"
        )
    if is_language_code(code) or (_TYPED.match(code) and suggested_code(code) is not None):
        return None
    suggestion = suggested_code(code)
    if suggestion is not None:
        return f'"{code}" is not a language code in its usual form — write {suggestion}'
    meant = _meant(code)
    if meant is not None:
        return f'"{code}" is not a language code — {meant}'
    return (
        f'"{code}" is not a language code — use a code like da, en, ar or en-GB '
        "(a BCP 47 language tag)"
    )


#: Countries' codes that are not languages' codes, typed for the country's language.
_COUNTRY_LANGUAGES = {
    "dk": "da",
    "gb": "en",
    "us": "en",
    "ua": "uk",
    "gr": "el",
    "cz": "cs",
    "jp": "ja",
    "cn": "zh",
    "ir": "fa",
    "al": "sq",
    "vn": "vi",
}


#: Languages' names in Danish, as people who write leaflets in Danish type them.
_DANISH_NAMES = {
    "dansk": "da",
    "engelsk": "en",
    "arabisk": "ar",
    "ukrainsk": "uk",
    "polsk": "pl",
    "somalisk": "so",
    "persisk": "fa",
    "tyrkisk": "tr",
    "amharisk": "am",
    "tysk": "de",
    "svensk": "sv",
    "norsk": "nb",
    "rumænsk": "ro",
    "russisk": "ru",
    "spansk": "es",
    "fransk": "fr",
    "græsk": "el",
    "tjekkisk": "cs",
    "japansk": "ja",
    "kinesisk": "zh",
    "albansk": "sq",
    "vietnamesisk": "vi",
}


def _meant(typed: str) -> str | None:
    """What to write for a language's name (``english``) or its country's code (``dk``)."""
    word = typed.strip().lower()
    for code, name in LANGUAGE_NAMES.items():
        if word == name.lower():
            return f"{name} is {code}"
    if word in _DANISH_NAMES:  # the languages named as leaflet's first users name them
        code = _DANISH_NAMES[word]
        return f"{typed.strip()} ({language_name(code)}) is {code}"
    if word in _COUNTRY_LANGUAGES:
        code = _COUNTRY_LANGUAGES[word]
        return (
            f"{word} is a country's code; its language is {code} "
            f"({language_name(code)}), or {code}-{word.upper()} for it as written there"
        )
    return None


def folder_name(code: str) -> str:
    """The language folder's name for a code as typed: ``en-gb`` → ``en-GB``."""
    return code if is_language_code(code) else suggested_code(code) or code


def language_folders(leaflet: Path) -> list[str]:
    """The names of a leaflet folder's language folders, in name order."""
    try:
        entries = list(leaflet.iterdir())
    except OSError:
        return []
    return sorted(p.name for p in entries if is_language_code(p.name) and p.is_dir())


def folder_problems(leaflet: Path) -> list[Problem]:
    """Folders of a leaflet that look like languages and are not: each with its fix.

    A folder counts as meant for a language when its name is a language code written
    another way (``DA``, ``en_GB``) or when it holds words files (``*.yaml``). Links
    that lead out of the project are refused here too, for every language folder.
    """
    found: list[Problem] = []
    project = leaflet.parent.parent
    if not files.inside(leaflet, project):
        # the leaflet folder itself leads out: said of it, not of each language in it
        return [
            Problem(
                "this leaflet folder is a link (shortcut) to a folder outside the project — "
                "leaflet reads no words from elsewhere on the computer; copy the folder "
                "itself here",
                project / "content" / leaflet.name,
            )
        ]
    try:
        entries = sorted(leaflet.iterdir())
    except OSError:
        return found
    for path in entries:
        name = path.name
        if not path.is_dir():
            continue
        if is_language_code(name):
            if not files.inside(path, project):
                found.append(
                    Problem(
                        "this language folder is a link (shortcut) to a folder outside the "
                        "project — leaflet reads no words from elsewhere on the computer; copy "
                        "the folder itself here",
                        path,
                    )
                )
            continue
        holds_words = any(
            p.suffix == ".yaml" and not p.name.startswith(".") for p in _entries(path)
        )
        if not holds_words and not _written_otherwise(name):
            continue  # pictures/, .git/ …
        suggestion = suggested_code(name)
        fix = (
            f'rename it to "{suggestion}"'
            if suggestion is not None
            else "name it with a code like da, en, ar or en-GB, or move it out of the leaflet "
            "folder"
        )
        found.append(
            Problem(
                f'the folder "{name}" is not named with a language code, so leaflet would '
                f"leave it out — {fix}",
                path,
            )
        )
    return found


def _written_otherwise(name: str) -> bool:
    """True for a language code written in another form: DA, en_GB, en-gb."""
    if _no_language(name):
        return False
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    try:
        return bool(_TAG_SHAPE.match(name.replace("_", "-"))) and bool(langcodes.tag_is_valid(name))
    except (LanguageTagError, ValueError):
        return False


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
