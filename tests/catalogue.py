"""A region's catalogue, made up: many small leaflets in a few languages, for the tests
and the scale benchmark (benchmarks/scale.py).

Each leaflet is four pages (a cover, one text section, the QR section, the back page),
written in Danish and translated into English and German with texts of their own
(not copies of the Danish), each translation marked as made from the Danish text it
has and reviewed, so that every edition gets every file. The review date of each
leaflet is chosen by the caller.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from leaflet import __version__
from leaflet.content import fingerprint, yamlfile
from leaflet.content.projectfile import FORMAT

LANGUAGES = ("da", "en", "de")

SETTINGS = """\
id: {id}
title: {title}
source_language: da
qr: https://www.example.dk/{id}

sender:
  name: Region Eksempel
  web: www.example.dk

document:
  version: "1.0"
  published: {published}
  review: {review}

sections:
  forside:
    kind: cover
  om:
    kind: text
  laes-mere:
    kind: qr
    foot_of_last_page: yes
  bagside:
    kind: back
"""

WORDS = {
    "da": {
        "forside": "title: {title}\nsubtitle: Til dig, der er patient nummer {n}\n",
        "om": (
            "heading: Om pjecen\nbody:\n"
            "  - Denne pjece nummer {n} fortæller kort, hvad du selv kan gøre, og hvornår du "
            "skal kontakte din læge.\n"
            "  - Tal med os, hvis du har spørgsmål.\n"
        ),
        "laes-mere": (
            "heading: Læs mere\nbody:\n  - Scan QR-koden, eller gå til {{url}}, for at læse mere.\n"
        ),
        "bagside": (
            "sender_label: Udgivet af\nversion_label: Version\npublished_label: Udgivet\n"
            "review_label: Revideres senest\nnotes_label: Noter\n"
        ),
    },
    "en": {
        "forside": "title: {title} (English)\nsubtitle: For you, patient number {n}\n",
        "om": (
            "heading: About this leaflet\nbody:\n"
            "  - This leaflet number {n} tells you briefly what you can do yourself, and when "
            "to call your doctor.\n"
            "  - Talk to us if you have questions.\n"
        ),
        "laes-mere": (
            "heading: Read more\nbody:\n  - Scan the QR code, or go to {{url}}, to read more.\n"
        ),
        "bagside": (
            "sender_label: Published by\nversion_label: Version\npublished_label: Published\n"
            "review_label: To be reviewed by\nnotes_label: Notes\n"
        ),
    },
    "de": {
        "forside": "title: {title} (Deutsch)\nsubtitle: Für Sie, Patient Nummer {n}\n",
        "om": (
            "heading: Über dieses Faltblatt\nbody:\n"
            "  - Dieses Faltblatt Nummer {n} sagt kurz, was Sie selbst tun können und wann "
            "Sie Ihren Arzt anrufen sollten.\n"
            "  - Sprechen Sie mit uns, wenn Sie Fragen haben.\n"
        ),
        "laes-mere": (
            "heading: Mehr lesen\nbody:\n  - Scannen Sie den QR-Code oder gehen Sie zu "
            "{{url}}, um mehr zu lesen.\n"
        ),
        "bagside": (
            "sender_label: Herausgegeben von\nversion_label: Version\n"
            "published_label: Veröffentlicht\nreview_label: Zu überprüfen bis\n"
            "notes_label: Notizen\n"
        ),
    },
}


PROJECT_FILE = """\
leaflet:
  version: "{version}"
  format: {format}

brand:
  name: Region Eksempel
  web: www.example.dk
{review}"""


def project(root: Path, leaflets: int = 0, review: str = "") -> Path:
    """A project at ``root`` with leaflet's own theme and a project file (its ``review:``
    block, when given), and ``leaflets`` made by :func:`leaflet` (reviewed by 2099-12)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir()
    write_project_file(root, review)
    for n in range(leaflets):
        leaflet(root, f"pjece-{n:03d}", review="2099-12", n=n)
    return root


def write_project_file(root: Path, review: str = "") -> None:
    """``leaflet-project.yaml``, with ``review`` (YAML, like "review:\n  due_soon_days: 30")."""
    text = PROJECT_FILE.format(
        version=__version__, format=FORMAT, review=f"\n{review}\n" if review else ""
    )
    (root / "leaflet-project.yaml").write_text(text, encoding="utf-8")


def leaflet(
    root: Path,
    leaflet_id: str,
    review: str | date = "2099-12",
    n: int = 0,
    title: str | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    published: str = "2020-01",
) -> Path:
    """One small leaflet in ``content/``: Danish, and reviewed translations."""
    folder = root / "content" / leaflet_id
    folder.mkdir(parents=True)
    title = title or f"Pjece nummer {n}"
    when = review.isoformat() if isinstance(review, date) else review
    (folder / "leaflet.yaml").write_text(
        SETTINGS.format(id=leaflet_id, title=title, published=published, review=when),
        encoding="utf-8",
    )
    for lang in languages:
        (folder / lang).mkdir()
        for section, text in WORDS[lang].items():
            (folder / lang / f"{section}.yaml").write_text(
                text.format(title=title, n=n), encoding="utf-8"
            )
    for lang in languages:
        if lang != "da":
            mark_translated(folder, lang)
    return folder


def mark_translated(folder: Path, lang: str, reviewed: bool = True) -> None:
    """Record in each file of ``lang`` the Danish text it was made from, and its review."""
    for path in sorted((folder / lang).glob("*.yaml")):
        source = yamlfile.load(folder / "da" / path.name)
        assert isinstance(source, dict)
        block = f"translation:\n  source: {fingerprint(source)}\n"
        block += (
            "  reviewed: yes\n  reviewed_by: Kirsten Holm\n  reviewed_on: 2026-01-15\n"
            if reviewed
            else "  reviewed: no\n"
        )
        if path.name == "bagside.yaml":
            block += "  same:\n    - version_label   # the same word in every language here\n"
        text = path.read_text(encoding="utf-8")
        if text.startswith("translation:"):  # the block made before: up to the next key
            lines = text.splitlines(keepends=True)[1:]
            while lines and lines[0].startswith(" "):
                lines.pop(0)
            text = "".join(lines)
        path.write_text(block + text, encoding="utf-8")
