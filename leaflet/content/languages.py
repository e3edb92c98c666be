"""Languages: their names in messages, and which are written right to left."""

from __future__ import annotations

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
}


def language_name(lang: str) -> str:
    """ "English" for en; the code itself for a language without a name here."""
    return LANGUAGE_NAMES.get(lang.split("-")[0], lang)
