"""Readability: LIX and Flesch on texts counted by hand, and what check and status say.

The values in the first tests were worked out on paper from the definitions (words,
sentences, letters, syllables), not by running the code. The later tests break a copy
of the real leaflet (one sentence of 60 words, a target in leaflet.yaml) and read what
``leaflet check`` and ``leaflet status`` print.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from helpers import LEAFLET, REPO, Leaflet, line_of, run_cli

from leaflet import content
from leaflet.content import prose, syllables, yamlfile
from leaflet.content.model import ReadabilitySettings
from leaflet.content.readability import Counter, Piece, Reading, band, target_for


def reading(lang: str, *texts: str, long_words: tuple[str, ...] = ()) -> Reading:
    """The reading of ``texts``, each a text of its own (a paragraph, a heading …)."""
    found = Counter(lang, long_words).sentences([[Piece(t)] for t in texts])
    return Reading.of(lang, found)


def value(lang: str, *texts: str, long_words: tuple[str, ...] = ()) -> float:
    measured = reading(lang, *texts, long_words=long_words).value
    assert measured is not None
    return measured


# --- the numbers, by hand -----------------------------------------------------------------


def test_lix_by_hand() -> None:
    # Katten sidder på måtten (4 words, none over 6 letters); Hunden løber hurtigt rundt
    # i haven (6 words, hurtigt has 7 letters): 10 words / 2 sentences + 100 × 1/10 = 15.
    assert value("da", "Katten sidder på måtten. Hunden løber hurtigt rundt i haven.") == 15
    # Smerter(7) i lænderyggen(11) er almindelige(11): 5 words, 3 long. De fleste
    # oplever(7) bedring(7): 4 words, 2 long. 9/2 + 100 × 5/9 = 4.5 + 55.56 = 60.06.
    text = "Smerter i lænderyggen er almindelige. De fleste oplever bedring."
    assert value("da", text) == pytest.approx(60.06, abs=0.01)
    measured = reading("da", text)
    assert (measured.sentences, measured.words, measured.long_words) == (2, 9, 5)
    assert measured.label() == "LIX 60 (hard)"
    # Swedish and Norwegian are measured with LIX too, and so is a language with no
    # Flesch formula here (Ukrainian): Біль(4) у спині(5): 3 words; Лікар(5) допоможе(8):
    # 2 words, 1 long. 5/2 + 100 × 1/5 = 22.5.
    assert value("sv", "Katten sitter på mattan. Hunden springer snabbt.") == pytest.approx(
        7 / 2 + 100 * 1 / 7
    )
    assert value("uk", "Біль у спині. Лікар допоможе.") == pytest.approx(22.5)


def test_flesch_by_hand() -> None:
    # English: Physical(3) activity(4) helps(1). Sleep(1) matters(2) too(1).
    # 6 words, 2 sentences, 12 syllables: 206.835 − 1.015 × 3 − 84.6 × 2 = 34.59.
    measured = reading("en", "Physical activity helps. Sleep matters too.")
    assert (measured.sentences, measured.words, measured.syllables) == (2, 6, 12)
    assert measured.value == pytest.approx(34.59)
    assert measured.label() == "Flesch 35 (hard)"
    # The cat sat on the mat. It was a good day. 11 words of one syllable, 2 sentences:
    # 206.835 − 1.015 × 5.5 − 84.6 = 116.65 (above 100: very easy).
    assert value("en", "The cat sat on the mat. It was a good day.") == pytest.approx(116.6525)
    # German (Amstad): Die(1) Therapie(3) hilft(1). Bewegung(3) ist(1) gut(1).
    # 180 − 6/2 − 58.5 × 10/6 = 79.5.
    assert value("de", "Die Therapie hilft. Bewegung ist gut.") == pytest.approx(79.5)
    # Spanish (Fernández Huerta): El(1) dolor(2) pasa(2). La(1) fisioterapeuta(6) ayuda(3).
    # 206.84 − 1.02 × 3 − 60 × 15/6 = 53.78.
    assert value("es", "El dolor pasa. La fisioterapeuta ayuda.") == pytest.approx(53.78)
    # Russian (Oborneva): Боль(1) в(0) спине(2). Врач(1) поможет(3).
    # 206.835 − 1.3 × 5/2 − 60.1 × 7/5 = 119.445.
    assert value("ru", "Боль в спине. Врач поможет.") == pytest.approx(119.445)
    # A language variant uses its language's formula.
    assert reading("en-GB", "Sleep matters.").measure == "flesch"


def test_bands_and_targets() -> None:
    assert [band("lix", v) for v in (34.4, 34.5, 44.4, 44.5)] == [
        "easy",
        "medium",
        "medium",
        "hard",
    ]
    assert [band("flesch", v) for v in (70, 69.4, 50, 49.4)] == ["easy", "medium", "medium", "hard"]
    assert target_for("lix", 40) == 40
    assert target_for("flesch", 40) == 60  # 140 − 2 × 40
    assert target_for("flesch", 35) == 70 and target_for("flesch", 45) == 50  # the band edges


def test_what_is_a_sentence_and_a_word() -> None:
    count = Counter("da")

    def words(*texts: str) -> list[int]:
        return [s.words for s in count.sentences([[Piece(t)] for t in texts])]

    # A heading and a list item with no full stop are each a sentence: read as one.
    assert words("Smerter i ryggen", "fysisk aktivitet", "Det går over. Oftest.") == [3, 2, 3, 1]
    # No sentence ends after an abbreviation, nor before a small letter.
    assert words("Spørg fx. din læge, f.eks. om ca. 5 minutter. Godt.") == [9, 1]
    assert words("Spørg din læge. han ved det.") == [6]
    # A colon ends a sentence before a capital, not before a small letter.
    assert words("Husk: Du kan selv gøre meget.", "Husk: du kan selv gøre meget.") == [1, 5, 6]
    # Addresses, {url} and a link's target are one word, or none; its label counts.
    assert words("Læs mere på https://rn.dk/ryg eller {url} og skriv til a@rn.dk i dag.") == [12]
    assert words("Læs [mere om ryggen](https://rn.dk/ryg) her.") == [5]
    # Numbers are words; a decimal point ends nothing; MR-skannet is one word.
    assert words("99 ud af 100 har 1.5 gange MR-skannet.") == [8]
    # Arabic and other scripts: ؟ ends a sentence, and there are no small letters.
    assert words("هل تشعر بالألم؟ اذهب إلى الطبيب.") == [3, 3]
    # A word in capitals is no abbreviation: MR and MS (scans, a disease) end sentences.
    assert words("Du skal ikke have en MR. Det hjælper sjældent.") == [6, 3]
    assert words("Har du MS. Så kan du få hjælp. Nr. 5 er Dr. Hansen.") == [3, 5, 5]


def test_abbreviations_are_those_of_the_language() -> None:
    def words(lang: str, text: str) -> list[int]:
        return [s.words for s in Counter(lang).sentences([[Piece(text)]])]

    # "no." is an English abbreviation (No. 5), not a Danish one; "ca." is both.
    assert words("en", "Call no. 5 today. Then rest.") == [4, 2]
    assert words("da", "Ring til Jens og Bo. No. Ring nu.") == [5, 1, 2]
    assert words("da", "Det tager ca. 5 minutter.") == [5]
    assert words("en", "It takes approx. 5 minutes.") == [5]
    assert words("de", "Es hilft z.B. Bewegung. Gut.") == [4, 1]
    assert words("en", "It helps z.B. Walking helps.") == [3, 2]


def test_long_words_listed_in_leaflet_yaml_do_not_count() -> None:
    text = "Tag paracetamol eller paracetamolen nu. Ibuprofen hjælper."
    assert reading("da", text).long_words == 4  # and Ibuprofen, hjælper
    assert reading("da", text, long_words=("Paracetamol",)).long_words == 2
    # In Flesch, a listed word counts one syllable.
    english = reading("en", "Take paracetamol.", long_words=("paracetamol",))
    assert english.syllables == 2 and english.long_words == 0


@pytest.mark.parametrize("lang", syllables.LANGUAGES)
def test_syllables_match_words_counted_by_hand(lang: str) -> None:
    """Each Flesch language's counter against a list of words counted by hand."""
    listed = REPO / "tests" / "fixtures" / "syllables" / f"{lang}.txt"
    rows = [
        line.split()
        for line in listed.read_text(encoding="utf-8").splitlines()
        if line and line[0] != "#"
    ]
    count = syllables.counter(lang)
    assert count is not None
    wrong = [(word, int(n), count(word)) for word, n in rows if count(word) != int(n)]
    assert len(rows) >= 25
    assert len(wrong) / len(rows) <= 0.06, wrong  # the README gives the numbers
    assert syllables.counter("da") is None  # Danish is measured with LIX
    assert count("PDF") == 3 and count("99") == 2  # spelled out, a syllable per digit


# --- every text of every block, and its line -------------------------------------------------


def test_every_block_is_measured_and_alt_text_and_labels_are_not(tmp_path: Path) -> None:
    path = tmp_path / "afsnit.yaml"
    path.write_text(
        "heading: Overskrift her\n"
        "body:\n"
        "  - Et afsnit.\n"
        "  - list: [punkt et, punkt to]\n"
        "  - steps: [trin et]\n"
        "  - warning: {heading: Pas på, body: [Ring til lægen.]}\n"
        "  - note: En lille note.\n"
        "  - table: {header: [Sted, Telefon], rows: [[Lægevagten, '1813'], [Hospitalet, '']]}\n"
        "  - picture: {id: knae, alt: ALTTEKST MÅ IKKE TÆLLE, caption: Et knæ.}\n"
        "  - questions: [{question: 'Hvad nu?', answer: Vent lidt.}]\n"
        "  - key_figure: {value: 4 ud af 5, text: får ondt i ryggen}\n"
        "themes: {a: Fysisk aktivitet}\n"
        "sender_label: Udgivet af\n",
        encoding="utf-8",
    )
    words = yamlfile.load(path)
    units = prose.texts_read(words)
    read = [" + ".join(unit) for unit in units]
    assert read == [
        "Overskrift her",
        "Et afsnit.",
        "punkt et",
        "punkt to",
        "trin et",
        "Pas på",
        "Ring til lægen.",
        "En lille note.",
        "Sted",
        "Telefon",
        "Lægevagten",
        "1813",
        "Hospitalet",
        "Et knæ.",
        "Hvad nu?",
        "Vent lidt.",
        "4 ud af 5 + får ondt i ryggen",  # a key figure is read as one sentence
        "Fysisk aktivitet",
    ]
    measured = prose.measure_sections([("afsnit", path, words)], "da", ReadabilitySettings())
    (section,) = measured.sections
    assert section.reading.sentences == len(units)
    assert [s.line for s in section.sentences][-2:] == [11, 12]


def test_each_sentence_has_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "afsnit.yaml"
    path.write_text(
        "heading: Ryggen\n"  # 1
        "body:\n"  # 2
        "  - >-\n"  # 3
        "    Første sætning står her. Anden\n"  # 4
        "    sætning begynder på linjen før.\n"  # 5
        "    Tredje sætning.\n"  # 6
        '  - "Fjerde sætning: Femte\n'  # 7
        '    sætning i anførselstegn."\n'  # 8
        "  - Sjette på\n"  # 9
        "    to linjer. Syvende.\n",  # 10
        encoding="utf-8",
    )
    measured = prose.measure_sections(
        [("afsnit", path, yamlfile.load(path))], "da", ReadabilitySettings()
    )
    lines = [(s.line, s.text.split()[0]) for s in measured.sections[0].sentences]
    assert lines == [
        (1, "Ryggen"),
        (4, "Første"),
        (4, "Anden"),
        (6, "Tredje"),
        (7, "Fjerde"),
        (7, "Femte"),
        (9, "Sjette"),
        (10, "Syvende."),
    ]


# --- leaflet check ---------------------------------------------------------------------------

LONG = (
    "Hvis du oplever vedvarende smerter i lænderyggen og samtidig er usikker på, hvordan du "
    "bedst håndterer situationen i hverdagen, anbefaler fagpersoner, at du kontakter din "
    "praktiserende læge, en fysioterapeut eller en kiropraktor, så I sammen kan vurdere "
    "mulighederne for behandling, træning og tilpasning af dine daglige aktiviteter, så du "
    "hurtigst muligt kan vende tilbage til en normal og aktiv tilværelse"
)
assert len(LONG.split()) == 60


def check(project: Leaflet, *args: str) -> Result:
    return run_cli("--project", project.root, "check", *args)


def warnings_at(result: Result, rel: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for text in result.stderr.splitlines():
        m = re.match(rf"^{re.escape(rel)}:(\d+): (.*)$", text)
        if m:
            found.setdefault(int(m[1]), []).append(m[2])
    return found


def test_a_60_word_sentence_is_warned_at_its_line_and_strict_fails(project: Leaflet) -> None:
    path = project.words_file("ufarlig")
    text = path.read_text(encoding="utf-8")
    anchor = "    markant bedring i løbet af ganske få uger.\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + f"    {LONG}.\n"), encoding="utf-8")
    line = line_of(path, "^    Hvis du oplever")

    result = check(project, "--lang", "da")
    assert result.exit_code == 0, result.output  # warnings stop nothing
    assert "readability warning" in result.stdout
    at = warnings_at(result, project.rel(path))
    heading = line_of(path, "^heading:")
    (hard,) = at[heading]
    assert re.match(r"LIX \d+ \((medium|hard)\) — the target is 40 \(", hard), hard
    assert f"the longest sentences are on lines {line} (60 words), " in hard, hard
    assert line not in at  # named once, in the section's warning

    strict = check(project, "--lang", "da", "--strict")
    assert strict.exit_code == 1
    assert "Traceback" not in strict.output
    assert "--strict" in strict.stderr
    assert strict.stderr.count(f"{line} (60 words)") == 1


def test_a_long_sentence_is_pointed_out_when_the_section_meets_the_target(
    project: Leaflet,
) -> None:
    sentence = " ".join(["Du kan godt gå en tur"] * 5)  # 30 short words
    short = "Gå en tur. " * 12
    path = project.words_file("dialog")
    path.write_text(f"body:\n  - >-\n    {short}\n    {sentence}.\n", encoding="utf-8")
    result = check(project, "--lang", "da")
    assert result.exit_code == 0, result.output
    at = warnings_at(result, project.rel(path))
    assert list(at) == [4], result.stderr
    (message,) = at[4]
    assert message.startswith('a sentence of 30 words ("Du kan godt gå en …") — sentences over 25')


def test_target_and_long_words_in_leaflet_yaml(project: Leaflet) -> None:
    def warned(sections: str) -> set[str]:
        result = check(project, "--lang", "da")
        assert result.exit_code == 0, result.output
        return {m[1] for m in re.finditer(r"da/([\w-]+)\.yaml:\d+: LIX", result.stderr)} & set(
            sections.split()
        )

    assert warned("skanning ufarlig") == {"skanning", "ufarlig"}
    settings = project.settings_file
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + "readability:\n  target: 50\n", encoding="utf-8")
    assert warned("skanning ufarlig") == {"skanning"}  # LIX 44 meets 50, LIX 52 does not
    long_words = "  long_words: [praktiserende, kiropraktor, fysioterapeut, undersøgelse]\n"
    settings.write_text(text + "readability:\n  target: 50\n" + long_words, encoding="utf-8")
    assert warned("skanning") == set()  # undersøgelse covers undersøgelserne too

    settings.write_text(text + "readability:\n  target: easy\n", encoding="utf-8")
    bad = check(project)
    assert bad.exit_code == 1
    line = line_of(settings, "^  target:")
    assert f"content/{LEAFLET}/leaflet.yaml:{line}:11: " in bad.stderr, bad.stderr
    assert '"easy" is not a readability target — write a LIX value from 20 to 60' in bad.stderr
    assert "a sentence of" not in bad.stderr  # readability waits until problems are fixed


# --- leaflet status, and the numbers for the preview --------------------------------------------


def test_status_shows_readability_and_a_much_harder_translation(project: Leaflet) -> None:
    shown = run_cli("--project", project.root, "status")
    assert shown.exit_code == 0, shown.output
    assert "en/: harder to read" not in shown.stdout  # the English is the easier
    data = json.loads(run_cli("--project", project.root, "status", "--json").stdout)
    (leaflet,) = data["leaflets"]
    langs = {lang["lang"]: lang for lang in leaflet["languages"]}
    da = langs["da"]["readability"]
    assert da["measure"] == "lix" and da["target"] == 40 and da["harder_than_source"] is None
    assert langs["en"]["readability"]["measure"] == "flesch"
    assert langs["en"]["readability"]["target"] == 60

    # The same numbers as the preview's function and as check measures.
    settings = content.load_settings(project.folder)
    edition = prose.edition_readability(content.load_edition(settings, "da"))
    assert da["value"] == round(edition.reading.value or 0, 1)
    assert da["sections"] == [s.as_dict() for s in edition.sections]
    skanning = next(s for s in da["sections"] if s["id"] == "skanning")
    assert skanning["band"] == "hard" and len(skanning["longest_sentences"]) == 3
    assert skanning["words"] == sum(s.words for s in edition.sections[2].sentences)

    # A translation made much harder than the Danish is pointed out.
    hard = (
        "Considering the considerable variability of individual physiological circumstances, "
        "professional healthcare practitioners generally recommend comprehensive "
        "multidisciplinary rehabilitation programmes incorporating progressive physical "
        "conditioning and appropriate pharmacological management."
    )
    for path in (project.folder / "en").glob("*.yaml"):
        # in place of the headings: the blocks stay where they are (an added paragraph
        # would move them, and moved texts are to translate, not measured)
        text = re.sub(r"(?m)^heading: .*$", f"heading: {hard}", path.read_text(encoding="utf-8"))
        path.write_text(text, "utf-8")
    shown = run_cli("--project", project.root, "status", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.stdout.splitlines() if line.strip().startswith("en "))
    assert re.search(r"draft +Flesch -?\d+ (easy|medium|hard) +10/10", row), row
    assert "en/: harder to read than the Danish: Flesch" in shown.stdout
    assert "`leaflet check --lang en`" in shown.stdout


def test_a_new_translation_with_only_a_number_in_it_is_not_measured(tmp_path: Path) -> None:
    """Straight after ``translate new en`` the only text that counts as translated in a
    ``leaflet new`` leaflet is "1813" (no letters to translate). One number is no
    English to measure: status shows "–", and says nothing of it being hard to read
    (it said "Flesch -133 hard", harder than the Danish)."""
    root = tmp_path / "p"
    assert run_cli("init", str(root), "--name", "Fjordby").exit_code == 0
    assert run_cli("--project", root, "new", "knae").exit_code == 0
    assert "1813" in (root / "content" / "knae" / "da" / "hjaelp.yaml").read_text("utf-8")
    made = run_cli("--project", root, "translate", "new", "en", "--leaflet", "knae")
    assert made.exit_code == 0, made.output
    shown = run_cli("--project", root, "status", "--lang", "en")
    assert shown.exit_code == 0, shown.output
    row = next(line for line in shown.stdout.splitlines() if line.strip().startswith("en "))
    assert re.search(r"to translate +– ", row), row
    assert "harder to read" not in shown.stdout
    data = json.loads(run_cli("--project", root, "status", "--json", "--lang", "en").stdout)
    (en,) = data["leaflets"][0]["languages"]
    assert en["readability"]["harder_than_source"] is False
