"""Languages: their names in messages, and which are written right to left."""

from __future__ import annotations

#: Languages written right to left (ISO 639-1/-3 codes).
RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug"})

#: English names of languages, for messages ("too long for page 3 in English").
LANGUAGE_NAMES = {
    "da": "Danish",
    "en": "English",
    "ar": "Arabic",
    "uk": "Ukrainian",
    "pl": "Polish",
    "so": "Somali",
    "fa": "Farsi",
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
