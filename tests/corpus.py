"""A corpus of leaflets of different shapes, written as a communications officer would.

Each shape is a leaflet whose pages flow: short ones, long ones, many questions,
tables, pictures, steps and checklists, a long translation, an Arabic one, and shapes
made to be hard (a group that just does not fit where it starts, a table taller than
half a page after a short page, a translation that just fits). :func:`write` puts
them in a project; :class:`Known` says which texts are headings, questions and their
answers, items of lists and paragraphs, so a test can find them on the printed pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from leaflet.content import fingerprint

#: Sentences with a number in each, so that no two texts of a leaflet are alike.
DANISH = [
    "Smerter i knæet er almindelige og går oftest over af sig selv i løbet af {n} dage.",
    "Knæet tåler at blive brugt {n} gange om dagen, også når det gør lidt ondt.",
    "Bevægelse i {n} minutter holder leddet smidigt og musklerne stærke.",
    "Det er normalt, at knæet er lidt hævet eller stift de første {n} minutter om morgenen.",
    "Tal med din læge, hvis smerterne ikke bliver mindre efter {n} dage med øvelser.",
    "Mange har gavn af at gå {n} skridt hver dag, også når turen er kort.",
    "Hvil knæet i {n} minutter, når det gør meget ondt, men bliv ikke liggende i sengen.",
    "En fysioterapeut kan vise dig {n} øvelser, der passer til netop dit knæ.",
    "Et vægttab på {n} kilo kan lette trykket på knæet, hvis du vejer for meget.",
    "Smertestillende medicin i {n} dage kan hjælpe dig i gang, men den fjerner ikke årsagen.",
    "Skriv ned, hvornår det gør ondt, i {n} dage, så du kan fortælle det til din læge.",
]
ENGLISH = [
    "Knee pain is common and usually goes away by itself within {n} days, with some rest.",
    "Your knee can be used {n} times a day, even when it hurts a little, and it does it good.",
    "Moving for {n} minutes keeps the joint supple and the muscles around it strong.",
    "It is normal for the knee to be a little swollen or stiff for the first {n} minutes.",
    "Talk to your doctor if the pain does not get less after {n} days of exercises at home.",
    "Many people find it helps to walk {n} steps every day, even when the walk is short.",
    "Rest the knee for {n} minutes when it hurts a lot, but do not stay in bed all day long.",
    "A physiotherapist can show you {n} exercises that suit your own knee and your daily life.",
    "Losing {n} kilos can ease the pressure on the knee if you weigh more than is good for it.",
    "Painkillers for {n} days can help you get going, but they do not take away the cause.",
    "Write down when it hurts for {n} days, so that you can tell your doctor about it later.",
]
ARABIC = [
    "آلام الركبة شائعة وغالبا ما تختفي من تلقاء نفسها خلال {n} يوما.",
    "يمكنك استخدام ركبتك {n} مرات في اليوم حتى عندما تؤلمك قليلا.",
    "الحركة لمدة {n} دقيقة تحافظ على مرونة المفصل وقوة العضلات.",
    "من الطبيعي أن تكون الركبة متيبسة قليلا في أول {n} دقيقة بعد الاستيقاظ.",
    "تحدث مع طبيبك إذا لم تخف الآلام بعد {n} يوما من التمارين.",
    "يستفيد كثير من الناس من المشي {n} خطوة كل يوم حتى لو كان المشي قصيرا.",
    "أرح ركبتك لمدة {n} دقيقة عندما تؤلمك كثيرا ولكن لا تبق في السرير.",
    "يمكن لأخصائي العلاج الطبيعي أن يريك {n} تمارين تناسب ركبتك.",
    "قد يخفف إنقاص الوزن بمقدار {n} كيلوغرام الضغط على الركبة.",
    "يمكن أن تساعدك المسكنات لمدة {n} أيام على البدء لكنها لا تزيل السبب.",
    "اكتب متى تشعر بالألم لمدة {n} أيام حتى تخبر طبيبك بذلك.",
]
POOLS = {"da": DANISH, "en": ENGLISH, "ar": ARABIC}


@dataclass
class Known:
    """The texts a test looks for on the pages of one edition."""

    headings: list[tuple[str, str]] = field(default_factory=list)  # (heading, what follows)
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)
    lists: list[list[str]] = field(default_factory=list)  # the items of each list
    paragraphs: list[str] = field(default_factory=list)


class Writer:
    """Texts of one language, each different (a counter walks through the sentences)."""

    def __init__(self, lang: str, longer: float = 1.0) -> None:
        self.pool = POOLS[lang]
        self.n = 0
        self.longer = longer
        self.known = Known()

    def sentence(self) -> str:
        self.n += 1
        return self.pool[self.n % len(self.pool)].format(n=self.n + 1)

    def para(self, sentences: int) -> str:
        text = " ".join(self.sentence() for _ in range(max(1, round(sentences * self.longer))))
        self.known.paragraphs.append(text)
        return text

    def short(self, words: int) -> str:
        """The first words of a sentence, with its number (so that it is unlike others)."""
        sentence = self.sentence().rstrip(".").split()
        number = next(w for w in sentence if w.isdigit())
        made = sentence[:words]
        return " ".join(made if number in made else [*made, number])

    def heading(self, words: int = 5) -> str:
        return self.short(words)

    def items(self, count: int, words: int = 6) -> list[str]:
        made = [f"{self.short(words)} ({n + 1})" for n in range(count)]
        self.known.lists.append(made)
        return made

    def questions(self, count: int, answer: int = 2) -> list[dict[str, str]]:
        made = []
        for n in range(count):
            question = self.short(7) + f" {n + 1}?"
            text = " ".join(self.sentence() for _ in range(max(1, round(answer * self.longer))))
            self.known.questions.append((question, text))
            made.append({"question": question, "answer": text})
        return made

    def contact(self) -> dict[str, str]:
        """Contact details: the name, hours and address in this language."""
        return {
            "name": self.short(3),
            "phone": "+45 99 32 11 00",
            "hours": self.short(4),
            "address": f"{self.short(2)}\n9000 Aalborg",
            "web": "rn.dk/sundhed",
            "email": "sundhed@rn.dk",
        }

    def section(self, heading: str | None, body: list[Any]) -> dict[str, Any]:
        """Words of a text section; a heading is followed by its first block."""
        words: dict[str, Any] = {"body": body}
        if heading is not None:
            words = {"heading": heading, **words}
            self.known.headings.append((heading, _first_text(body[0])))
        return words


def _first_text(block: Any) -> str:
    if isinstance(block, str):
        return block
    kind, value = next(iter(block.items()))
    if kind in ("list", "steps", "checklist"):
        return str(value[0])
    if kind == "questions":
        return str(value[0]["question"])
    if kind == "key_figure":
        return str(value["value"])
    if kind == "contact":
        return str(value["name"])
    if kind == "table":
        return str((value.get("header") or value["rows"][0])[0])
    return ""


@dataclass
class Shape:
    """One leaflet: its sections (id, kind, extra settings) and words by language."""

    name: str
    sections: list[tuple[str, str, dict[str, Any]]]
    words: dict[str, dict[str, dict[str, Any]]]  # lang → section → words
    known: dict[str, Known]  # lang → what to look for
    pictures: bool = False


BACK = {
    "da": {
        "sender_label": "Udgivet af",
        "version_label": "Version",
        "published_label": "Udgivet",
        "review_label": "Revideres senest",
    },
    "en": {
        "sender_label": "Published by",
        "version_label": "Version",
        "published_label": "Published",
        "review_label": "To be reviewed by",
    },
    "ar": {
        "sender_label": "الناشر",
        "version_label": "الإصدار",
        "published_label": "تاريخ النشر",
        "review_label": "تاريخ المراجعة",
    },
}
TITLES = {"da": "Ondt i knæet", "en": "Knee pain", "ar": "آلام الركبة"}
READ_MORE = {
    "da": ("Læs mere", "Skan QR-koden, eller gå ind på {url}, og læs mere om emnet."),
    "en": ("Read more", "Scan the QR code, or go to {url}, to read more about it."),
    "ar": ("اقرأ المزيد", "امسح رمز الاستجابة السريعة أو اذهب إلى {url} لقراءة المزيد."),
}


def _frame(w: Writer, lang: str, body: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    heading, text = READ_MORE[lang]
    return {
        "forside": {"title": TITLES[lang] + "\n", "subtitle": w.short(8)},
        **body,
        "laes-mere": {"heading": heading, "body": [text]},
        "bagside": dict(BACK[lang]),
    }


def _sections(ids: list[str], **extra: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    made = [("forside", "cover", {})]
    made += [(sid, "text", extra.get(sid.replace("-", "_"), {})) for sid in ids]
    made += [("laes-mere", "qr", {"foot_of_last_page": "yes"}), ("bagside", "back", {})]
    return made


def _shape(
    name: str, build: Any, langs: dict[str, float], pictures: bool = False, **extra: Any
) -> Shape:
    words: dict[str, dict[str, dict[str, Any]]] = {}
    known: dict[str, Known] = {}
    for lang, longer in langs.items():
        w = Writer(lang, longer)
        body = build(w)
        words[lang] = _frame(w, lang, body)
        known[lang] = w.known
    return Shape(
        name, _sections(list(next(iter(words.values())))[1:-2], **extra), words, known, pictures
    )


# --- the shapes ---------------------------------------------------------------------------


def held_out(w: Writer) -> dict[str, dict[str, Any]]:
    """The held-out leaflet of issue 24: a key figure, a short text, a five-point
    checklist, three questions and answers, the QR section, the back page."""
    return {
        "om": w.section(
            w.heading(),
            [w.para(3), {"key_figure": {"value": "4/5", "text": w.short(8)}}, w.para(2)],
        ),
        "tjekliste": w.section(w.heading(4), [w.para(1) + ":", {"checklist": w.items(5)}]),
        "spoergsmaal": w.section(w.heading(3), [{"questions": w.questions(3, 2)}]),
    }


def short(w: Writer) -> dict[str, dict[str, Any]]:
    return {"om": w.section(w.heading(), [w.para(3), w.para(2)])}


def long(w: Writer) -> dict[str, dict[str, Any]]:
    made = {}
    for n in range(9):
        body: list[Any] = [w.para(3 + n % 3)]
        if n % 3 == 1:
            body += [w.para(1) + ":", {"list": w.items(4 + n % 4)}]
        body.append(w.para(2 + n % 2))
        made[f"del-{n}"] = w.section(w.heading(4 + n % 3), body)
    return made


def many_questions(w: Writer) -> dict[str, dict[str, Any]]:
    return {
        "om": w.section(w.heading(), [w.para(4)]),
        "spoergsmaal-1": w.section(w.heading(3), [{"questions": w.questions(6, 2)}]),
        "spoergsmaal-2": w.section(w.heading(3), [w.para(2), {"questions": w.questions(4, 3)}]),
        "spoergsmaal-3": w.section(w.heading(3), [{"questions": w.questions(8, 1)}]),
    }


def long_answers(w: Writer) -> dict[str, dict[str, Any]]:
    """More questions than make a group, with answers long enough to be parted at a page's
    foot: each question stays whole by itself."""
    return {
        "om": w.section(w.heading(), [w.para(5)]),
        "spoergsmaal": w.section(w.heading(3), [{"questions": w.questions(6, 6)}]),
    }


def tables(w: Writer) -> dict[str, dict[str, Any]]:
    rows = [[w.short(3), w.short(2), f"{70 + n} 00 00 00"] for n in range(9)]
    return {
        "om": w.section(w.heading(), [w.para(2)]),
        "tider": w.section(
            w.heading(3),
            [{"table": {"header": ["Hvem", "Hvornår", "Telefon"], "rows": rows}}, w.para(2)],
        ),
        "mere": w.section(
            w.heading(3),
            [
                w.para(4),
                {"table": {"header": ["Hvem", "Hvornår", "Telefon"], "rows": rows[:4]}},
                w.para(3),
            ],
        ),
    }


def pictures(w: Writer) -> dict[str, dict[str, Any]]:
    def picture() -> dict[str, Any]:
        return {"picture": {"id": "eksempel", "alt": w.short(6), "caption": w.short(7)}}

    return {
        "om": w.section(w.heading(), [w.para(3), picture(), w.para(2)]),
        "oevelser": w.section(w.heading(3), [w.para(4), picture(), w.para(3), picture()]),
        "hverdag": w.section(w.heading(3), [w.para(5), w.para(3)]),
    }


def steps(w: Writer) -> dict[str, dict[str, Any]]:
    return {
        "om": w.section(w.heading(), [w.para(3)]),
        "oevelse-1": w.section(w.heading(3), [w.para(1) + ":", {"steps": w.items(9, 9)}]),
        "oevelse-2": w.section(w.heading(3), [{"steps": w.items(4, 8)}, w.para(3)]),
        "husk": w.section(w.heading(3), [w.para(2) + ":", {"list": w.items(8, 7)}, w.para(2)]),
    }


def group_just_over(w: Writer) -> dict[str, dict[str, Any]]:
    """Four questions that start where only about three of them fit."""
    return {
        "om": w.section(w.heading(), [w.para(5), w.para(4), w.para(4), w.para(3)]),
        "spoergsmaal": w.section(w.heading(3), [{"questions": w.questions(4, 2)}]),
        "mere": w.section(w.heading(3), [w.para(4), w.para(3)]),
    }


def table_after_short_page(w: Writer) -> dict[str, dict[str, Any]]:
    """A short first page (a section that asks for a page of its own after it), then a
    table taller than half a page."""
    rows = [[w.short(4), w.short(3), f"{40 + n} 10 20 30"] for n in range(8)]
    return {
        "om": w.section(w.heading(), [w.para(2)]),
        "tabel": w.section(
            w.heading(3),
            [{"table": {"header": ["Sted", "Tid", "Telefon"], "rows": rows}}, w.para(2)],
        ),
        "til-sidst": w.section(w.heading(3), [w.para(3)]),
    }


def headings_low(w: Writer) -> dict[str, dict[str, Any]]:
    """Many short sections: headings fall everywhere on the page."""
    return {f"kort-{n}": w.section(w.heading(3 + n % 4), [w.para(1 + n % 3)]) for n in range(12)}


def little_over_four(w: Writer) -> dict[str, dict[str, Any]]:
    return {
        "om": w.section(
            w.heading(), [w.para(4), {"key_figure": {"value": "4/5", "text": w.short(7)}}]
        ),
        "goer-selv": w.section(
            w.heading(3), [{"steps": w.items(3)}, {"list": w.items(2)}, {"note": w.para(1)}]
        ),
        "mere": w.section(w.heading(3), [w.para(5), w.para(5), w.para(5)]),
        "hjaelp": w.section(w.heading(3), [{"questions": w.questions(2, 1)}]),
    }


def just_fits(w: Writer) -> dict[str, dict[str, Any]]:
    """Two pages of text, for a translation that comes out longer but still fits."""
    return {
        "om": w.section(w.heading(), [w.para(4), w.para(3)]),
        "raad": w.section(w.heading(3), [w.para(2) + ":", {"list": w.items(5)}, w.para(3)]),
        "spoergsmaal": w.section(w.heading(3), [{"questions": w.questions(3, 2)}]),
    }


def right_to_left(w: Writer) -> dict[str, dict[str, Any]]:
    return {
        "om": w.section(w.heading(), [w.para(3), w.para(2)]),
        "raad": w.section(
            w.heading(3), [w.para(1) + ":", {"checklist": w.items(5)}, {"steps": w.items(3)}]
        ),
        "spoergsmaal": w.section(w.heading(3), [{"questions": w.questions(3, 2)}]),
        "kontakt": w.section(w.heading(3), [w.para(1), {"contact": w.contact()}]),
    }


def before_surgery(w: Writer) -> dict[str, dict[str, Any]]:
    """ "Før din operation", as a hospital writes it: steps over the days before, a table of
    fasting times (four columns, ranges in two), a warning, a checklist of seven things to
    bring, a run of three key figures, a phone number in the running text, and contact
    details with opening hours on two lines."""
    rows = [
        [w.short(2), w.short(4), f"{2 + 2 * n}–{4 + 2 * n} timer", w.short(3)] for n in range(5)
    ]
    phone = w.para(1) + " Uden for telefontiden kan du ringe til Lægevagten på 70 11 07 07."
    w.known.paragraphs[-1] = phone
    contact = w.contact()
    contact["hours"] += "\nFredag kl. 8–12"
    figures = [
        {"key_figure": {"value": value, "text": w.short(6)}}
        for value in ("9 ud af 10", "2 timer", "24 %")
    ]
    return {
        "om": w.section(w.heading(), [w.para(2), w.para(2)]),
        "dagene-foer": w.section(
            w.heading(3), [w.para(1) + ":", {"steps": w.items(5, 7)}, {"note": w.para(1)}]
        ),
        "faste": w.section(
            w.heading(3),
            [
                w.para(3),
                {"table": {"header": ["Hvad", "Eksempler", "Indtil", "Hvor meget"], "rows": rows}},
            ],
        ),
        "tal": w.section(w.heading(3), figures),
        "advarsel": w.section(
            w.heading(3),
            [{"warning": {"heading": w.short(4), "body": [{"list": w.items(3, 5)}]}}, w.para(1)],
        ),
        "medbring": w.section(w.heading(3), [w.para(1) + ":", {"checklist": w.items(7, 6)}]),
        "kontakt": w.section(w.heading(3), [phone, {"contact": contact}]),
    }


def shapes() -> list[Shape]:
    """The corpus: at least twelve leaflets of different shapes."""
    return [
        _shape("held-out", held_out, {"da": 1.0}),
        _shape("new-page", held_out, {"da": 1.0}, spoergsmaal={"new_page": "yes"}),
        _shape("short", short, {"da": 1.0}),
        _shape("long", long, {"da": 1.0}),
        _shape("questions", many_questions, {"da": 1.0}),
        _shape("long-answers", long_answers, {"da": 1.0}),
        _shape("tables", tables, {"da": 1.0}),
        _shape("pictures", pictures, {"da": 1.0}, pictures=True),
        _shape("steps", steps, {"da": 1.0}),
        _shape("group-just-over", group_just_over, {"da": 1.0}),
        _shape("table-after-short", table_after_short_page, {"da": 1.0}, tabel={"new_page": "yes"}),
        _shape("headings", headings_low, {"da": 1.0}),
        _shape("little-over-four", little_over_four, {"da": 1.0}),
        _shape("long-translation", just_fits, {"da": 1.0, "en": 1.35}),
        _shape("arabic", right_to_left, {"da": 1.0, "ar": 1.0}),
        _shape("before-surgery", before_surgery, {"da": 1.0}),
    ]


PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90" width="160" height="90">'
    '<rect width="160" height="90" rx="6" fill="device-cmyk(0.12 0.02 0.04 0)"/>'
    '<circle cx="120" cy="30" r="14" fill="device-cmyk(0 0.45 0.7 0)"/>'
    '<path d="M0 64 C 40 52, 80 60, 160 56 L 160 90 L 0 90 Z" '
    'fill="device-cmyk(0.75 0.2 0.15 0)"/></svg>'
)


def write(root: Path, corpus: list[Shape]) -> None:
    """Every shape as a leaflet in ``root``/content (a copy of the project)."""
    for shape in corpus:
        folder = root / "content" / shape.name
        (folder / "pictures").mkdir(parents=True)
        (folder / "pictures" / "eksempel.svg").write_text(PICTURE, "utf-8")
        settings: dict[str, Any] = {
            "id": shape.name,
            "title": shape.name,
            "source_language": "da",
            "qr": f"https://www.example.dk/{shape.name}",
            "sender": {"name": "Sundhedscenter Eksempel", "web": "www.example.dk"},
            "document": {"version": "1.0", "published": "2026-11", "review": "2028-11"},
            "pictures": {"eksempel": "pictures/eksempel.svg"},
            "sections": {sid: {"kind": kind, **extra} for sid, kind, extra in shape.sections},
        }
        (folder / "leaflet.yaml").write_text(_dump(settings), "utf-8")
        source = shape.words["da"]
        for lang, sections in shape.words.items():
            (folder / lang).mkdir()
            for sid, words in sections.items():
                if lang != "da":
                    # a text that is the same in both languages (Version) is so on purpose
                    same = [
                        k
                        for k, v in words.items()
                        if isinstance(v, str) and v == source[sid].get(k)
                    ]
                    record: dict[str, Any] = {"source": fingerprint(source[sid]), "reviewed": "yes"}
                    if same:
                        record["same"] = same
                    words = {"translation": record, **words}
                (folder / lang / f"{sid}.yaml").write_text(_dump(words), "utf-8")


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
