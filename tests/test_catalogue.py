"""A region's catalogue: review dates in ``leaflet status`` and the build, collisions in
``leaflet check``, builds spread over shards and merged, on small generated leaflets.

The catalogue (:func:`built_catalogue`) is four leaflets, built once for the whole
run (shared by the test processes) and read only:

* ``gammel``: reviewed by a month that ended more than a month ago — overdue;
* ``snart``: reviewed by a day 20 days from now — due soon;
* ``maaned``: reviewed by this month — due (by its last day), not overdue;
* ``fin``: reviewed by 2099, its English translation a draft.
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import catalogue
import pytest
from click.testing import Result
from helpers import line_of, run_cli
from serving import serving

from leaflet.build.shards import MARKER, shares
from leaflet.content import review
from leaflet.content.values import Date

TODAY = date.today()
OVERDUE = (TODAY.replace(day=1) - timedelta(days=40)).strftime("%Y-%m")  # a month long gone
SOON = TODAY + timedelta(days=20)
ORDER = ["gammel", "snart", "maaned", "fin"]


def make_catalogue(root: Path) -> Path:
    catalogue.project(root)
    catalogue.leaflet(root, "fin", review="2099-12", n=1, languages=("da", "en"))
    catalogue.mark_translated(root / "content" / "fin", "en", reviewed=False)
    catalogue.leaflet(root, "gammel", review=OVERDUE, n=2)
    catalogue.leaflet(root, "maaned", review=TODAY.strftime("%Y-%m"), n=3, languages=("da",))
    catalogue.leaflet(root, "snart", review=SOON, n=4, languages=("da", "en"))
    return root


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder every test process of this run shares (xdist's workers have one parent)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The catalogue, built once for every test process of the run, and what the build
    printed. Read only, please."""
    shared = _shared_folder(tmp_path_factory) / "catalogue-built"
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        root, said = shared / "project", shared / "build-output.txt"
        if not said.exists():
            shutil.rmtree(root, ignore_errors=True)
            make_catalogue(root)
            with pytest.MonkeyPatch.context() as mp:
                mp.delenv("FONTCONFIG_FILE", raising=False)
                result = run_cli("--project", root, "build", "--jobs", "1")
            assert result.exit_code == 0, result.output
            said.write_text(result.output, encoding="utf-8")
        fcntl.flock(lock, fcntl.LOCK_UN)
    yield root, said.read_text(encoding="utf-8")


def status(root: Path, *args: str) -> Result:
    return run_cli("--project", root, "status", *args)


def catalogue_rows(output: str) -> list[str]:
    """The rows of the catalogue table at the top of status's text."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("review "))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(line)
    return rows


# --- review dates --------------------------------------------------------------------------


def test_a_month_is_due_by_its_last_day_and_overdue_from_the_next() -> None:
    month = Date(2026, 11)
    assert review.due_day(month) == date(2026, 11, 30)
    last = review.review_of(month, date(2026, 11, 30), days_ahead=60)
    assert (last.state, last.days) == ("due", 0)
    after = review.review_of(month, date(2026, 12, 1), days_ahead=60)
    assert (after.state, after.days) == ("overdue", -1)
    day = Date(2026, 11, 26)
    assert review.review_of(day, date(2026, 11, 27)).state == "overdue"
    assert review.review_of(day, date(2026, 9, 26), days_ahead=60).state == "ok"  # 61 days
    assert review.review_of(day, date(2026, 9, 27), days_ahead=60).state == "due"  # 60 days


def test_status_lists_every_leaflet_what_needs_action_first(
    built_catalogue: tuple[Path, str],
) -> None:
    root, _ = built_catalogue
    result = status(root)
    assert result.exit_code == 0, result.output  # a report, not a failure
    rows = catalogue_rows(result.stdout)
    assert [next(c for c in ORDER if f"  {c}  " in row) for row in rows] == ORDER
    gammel, snart, maaned, fin = rows
    assert "overdue by" in gammel and "days (was due" in gammel
    assert f"due in 20 days ({SOON.isoformat()})" in snart
    assert "due" in maaned and "overdue" not in maaned
    assert "by 2099-12-31" in fin
    # the languages in the state words of the rest of status, and the pages built
    assert gammel.split("  ")[-1].strip() == "da source, de reviewed, en reviewed"
    assert fin.split("  ")[-1].strip() == "da source, en draft"
    assert all(" 4 " in row for row in rows), rows
    # the per-leaflet reports follow in the same order
    heads = [line.split(" — ")[0] for line in result.stdout.splitlines() if " — Pjece" in line]
    assert heads == ORDER
    assert result.stdout.rstrip().endswith(
        "1 leaflet is past its review date; 2 are due for review within 60 days"
    )


def test_status_due_lists_what_needs_action_and_exits_1_when_overdue(
    built_catalogue: tuple[Path, str],
) -> None:
    root, _ = built_catalogue
    result = status(root, "--due")
    assert result.exit_code == 1, result.output
    rows = catalogue_rows(result.stdout)
    assert [next(c for c in ORDER if f"  {c}  " in row) for row in rows] == ORDER[:3]
    assert "Pjece" not in result.stdout  # the table alone, no per-language report
    due_only = status(root, "--due", "--leaflet", "snart", "--leaflet", "fin")
    assert due_only.exit_code == 0, due_only.output  # due soon is not yet overdue
    assert len(catalogue_rows(due_only.stdout)) == 1
    nothing = status(root, "--due", "--leaflet", "fin")
    assert nothing.exit_code == 0, nothing.output
    assert nothing.stdout.strip() == "no leaflet is due for review within 60 days"


def test_status_due_quiet_still_says_why_it_failed(built_catalogue: tuple[Path, str]) -> None:
    """-q prints problems only: a leaflet past its review date, which makes --due exit 1,
    is one, so it is named; what is only due soon is not."""
    root, _ = built_catalogue
    result = status(root, "--due", "-q")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "leaflet status: 1 leaflet is past its review date: gammel (content/gammel)"
    ]
    quiet = status(root, "--due", "-q", "--leaflet", "snart")
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output


def test_status_json_has_the_catalogue(built_catalogue: tuple[Path, str]) -> None:
    root, _ = built_catalogue
    result = status(root, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["today"] == TODAY.isoformat()
    assert data["days_ahead"] == 60
    entries = data["catalogue"]
    assert [e["id"] for e in entries] == ORDER
    gammel = entries[0]
    assert gammel["review"]["review"] == OVERDUE
    assert gammel["review"]["state"] == "overdue" and gammel["review"]["days_left"] < -30
    assert entries[1]["review"] == {
        "review": SOON.isoformat(),
        "due": SOON.isoformat(),
        "state": "due",
        "days_left": 20,
    }
    assert entries[2]["review"]["state"] == "due"
    assert entries[3]["review"]["state"] == "ok"
    assert all(e["pages"] == 4 for e in entries)
    # the same states as the per-language report, which issue by issue says more
    states = {
        (x["id"], lang["lang"]): lang["state"] for x in data["leaflets"] for lang in x["languages"]
    }
    for entry in entries:
        for lang in entry["languages"]:
            assert states[(entry["id"], lang["lang"])] == lang["state"]
            assert lang["pages"] == 4
    due = json.loads(status(root, "--json", "--due").stdout)
    assert [e["id"] for e in due["catalogue"]] == ORDER[:3]
    assert [x["id"] for x in due["leaflets"]] == ORDER[:3]


def test_a_leaflet_past_its_review_date_builds_with_a_warning(
    built_catalogue: tuple[Path, str], tmp_path: Path
) -> None:
    root, said = built_catalogue
    settings = root / "content" / "gammel" / "leaflet.yaml"
    where = f"content/gammel/leaflet.yaml:{line_of(settings, '  review:')}:"
    warnings = [line for line in said.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, said  # only the overdue leaflet, once
    assert warnings[0].startswith(f"warning: {where} past its review date"), warnings
    assert "its files are built all the same" in warnings[0]
    assert (root / "dist" / "gammel" / "da" / "gammel-da-print.pdf").is_file()
    # and again when nothing needs building
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    again = run_cli("--project", copy, "build")
    assert again.exit_code == 0, again.output
    assert "were up to date" in again.stdout
    assert [line for line in again.stderr.splitlines() if line.startswith("warning:")] == [
        warnings[0]
    ]


def test_build_json_carries_the_review_warning_the_text_prints(
    built_catalogue: tuple[Path, str], tmp_path: Path
) -> None:
    root, said = built_catalogue
    warning = next(line for line in said.splitlines() if line.startswith("warning:"))
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    for args in (("--leaflet", "gammel"), ("--leaflet", "gammel", "--force")):  # quick, full
        result = run_cli("--project", copy, "build", "--json", "--jobs", "1", *args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert [w["text"] for w in data["warnings"]] == [warning.removeprefix("warning: ")]
        assert data["warnings"][0]["file"] == "content/gammel/leaflet.yaml"
        assert result.stderr == ""


def test_a_setting_refuses_the_print_file_of_a_leaflet_past_review(tmp_path: Path) -> None:
    refused = "review:\n  print_file_when_overdue: no  # not reprinted unreviewed"
    root = catalogue.project(tmp_path / "project", review=refused)
    catalogue.leaflet(root, "gammel", review=OVERDUE, languages=("da",))
    catalogue.leaflet(root, "fin", review="2099-12", languages=("da",))
    out = root / "dist" / "gammel" / "da"
    built = run_cli("--project", root, "build", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert not (out / "gammel-da-print.pdf").exists()
    assert (out / "gammel-da.pdf").is_file() and (out / "gammel-da-office.pdf").is_file()
    review_line = line_of(root / "content" / "gammel" / "leaflet.yaml", "  review:")
    assert (
        f"note: content/gammel/leaflet.yaml:{review_line}: no print file: this leaflet was due"
        in built.stdout
    )  # at the line to change, as the warning says it
    assert "it gets no print file" in built.stderr
    assert (root / "dist" / "fin" / "da" / "fin-da-print.pdf").is_file()  # not overdue
    again = run_cli("--project", root, "build", "--jobs", "1")
    assert "2 leaflet languages were up to date" in again.stdout, again.output
    # the project allows it again: the print file of that leaflet is made, nothing else
    catalogue.write_project_file(root, "review:\n  print_file_when_overdue: yes")
    allowed = run_cli("--project", root, "build", "--jobs", "1")
    assert allowed.exit_code == 0, allowed.output
    assert "1 leaflet language was up to date" in allowed.stdout, allowed.output
    assert "preflight passed  dist/gammel/da/gammel-da-print.pdf" in allowed.stdout
    assert (out / "gammel-da-print.pdf").is_file()
    # how many days ahead counts as due soon builds nothing again, and status uses it
    catalogue.write_project_file(root, "review:\n  due_soon_days: 30")
    assert "2 leaflet languages were up to date" in run_cli("--project", root, "build").stdout


def test_the_review_settings_are_checked_at_their_line(tmp_path: Path) -> None:
    settings = "review:\n  due_soon_days: soon\n  print_file_when_overdu: no"
    root = catalogue.project(tmp_path / "project", review=settings)
    catalogue.leaflet(root, "a", languages=("da",))
    result = run_cli("--project", root, "check")
    assert result.exit_code == 1, result.output
    path = root / "leaflet-project.yaml"
    days, typo = line_of(path, "due_soon_days"), line_of(path, "print_file_when_overdu")
    assert f'leaflet-project.yaml:{days}:18: "due_soon_days": "soon" is not a number' in (
        result.stderr
    )
    assert f"leaflet-project.yaml:{typo}:3:" in result.stderr
    assert "print_file_when_overdue" in result.stderr  # did you mean
    catalogue.write_project_file(root, "review:\n  due_soon_days: 3650")
    catalogue.leaflet(root, "b", review=TODAY + timedelta(days=3000), languages=("da",))
    data = json.loads(run_cli("--project", root, "status", "--json").stdout)
    assert data["days_ahead"] == 3650
    states = {e["id"]: e["review"]["state"] for e in data["catalogue"]}
    assert states == {"a": "ok", "b": "due"}  # 2099 is more than ten years away


# --- one catalogue, consistent ---------------------------------------------------------


def test_check_reports_two_leaflets_with_the_same_qr_address_and_title(tmp_path: Path) -> None:
    root = catalogue.project(tmp_path / "project")
    catalogue.leaflet(root, "smaa-boern", n=1, title="Små børn", languages=("da", "en"))
    catalogue.leaflet(root, "boern", n=2, title="SMÅ BØR\u00adN", languages=("da",))
    catalogue.leaflet(root, "andet", n=3, title="Andet", languages=("da", "en"))
    first, second = (root / "content" / x / "leaflet.yaml" for x in ("smaa-boern", "boern"))
    for path, url in (
        (first, "https://www.example.dk/små-børn"),
        # the same page as a phone goes to it: case, http, a slash, å in two characters
        (second, "HTTP://WWW.Example.DK/sma\u030a-b%C3%B8rn/"),
    ):
        text = path.read_text(encoding="utf-8").replace(
            f"https://www.example.dk/{path.parent.name}", url
        )
        path.write_text(text, encoding="utf-8")
    # the same words as another leaflet's title, in another language, is no collision
    english = root / "content" / "andet" / "en" / "forside.yaml"
    text = english.read_text(encoding="utf-8").replace("title: Andet (English)", "title: Små børn")
    english.write_text(text, encoding="utf-8")

    result = run_cli("--project", root, "check")
    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("leaflet")]
    expected = (
        f"content/smaa-boern/leaflet.yaml:{line_of(first, 'qr:')}:5: this QR code leads to "
        f"the same web page as the one of content/boern/leaflet.yaml:{line_of(second, 'qr:')} "
    )
    assert any(p.startswith(expected) for p in problems), problems
    assert sum("same web page" in p for p in problems) == 2
    titles = [p for p in problems if "is also the title" in p]
    assert len(titles) == 2, problems  # Danish, both ways; not the English one
    assert all("/da/forside.yaml:1:8:" in p for p in titles), titles
    assert all(p.startswith("note: ") for p in titles), titles
    # checking one leaflet reports at its own files only
    one = run_cli("--project", root, "check", "--leaflet", "boern")
    assert one.exit_code == 1
    found = [line for line in one.stderr.splitlines() if "same web page" in line]
    assert [line.split(":")[0] for line in found] == ["content/boern/leaflet.yaml"]
    # the same title alone is said, and stops nothing (for adults and for children …)
    second.write_text(
        second.read_text(encoding="utf-8").replace("sma\u030a-b%C3%B8rn/", "boern"), "utf-8"
    )
    titled = run_cli("--project", root, "check")
    assert titled.exit_code == 0, titled.output
    assert sum("is also the title" in line for line in titled.stderr.splitlines()) == 2


def test_folder_names_that_differ_only_by_case_are_reported(tmp_path: Path) -> None:
    root = catalogue.project(tmp_path / "project")
    catalogue.leaflet(root, "ondt", n=1, languages=("da",))
    catalogue.leaflet(root, "Ondt", n=2, languages=("da",))
    result = run_cli("--project", root, "check")
    assert result.exit_code == 1
    assert "content/Ondt: this folder's name differs from ondt/ only by capital letters" in (
        result.stderr
    )


# --- builds spread over shards ---------------------------------------------------------


def test_shares_are_whole_leaflets_balanced_and_the_same_everywhere() -> None:
    editions = {"a": 3, "b": 2, "c": 1, "d": 2, "e": 1, "f": 3}
    found = shares(editions, 3)
    assert sorted(n for share in found for n in share) == sorted(editions)
    loads = [sum(editions[n] for n in share) for share in found]
    assert max(loads) - min(loads) <= 1, loads
    assert shares(dict(reversed(list(editions.items()))), 3) == found  # no order matters
    assert shares(editions, 8)[6:] == [[], []]  # more shards than leaflets


def test_shards_merged_are_a_full_build_byte_for_byte(
    built_catalogue: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    full, _ = built_catalogue
    # Every job at the same depth of folders, as a CI system's runners are (the same
    # image, the same checkout folder): the HTML beside the PDFs names the theme's
    # stylesheet by its path from there.
    here = _shared_folder(tmp_path_factory) / f"shards-{os.getpid()}"
    shutil.rmtree(here, ignore_errors=True)
    assert len((here / "shard-1").parts) == len(full.parts)
    pieces = []
    for number in (1, 2, 3):
        root = make_catalogue(here / f"shard-{number}")
        result = run_cli("--project", root, "build", "--shard", f"{number}/3", "--jobs", "1")
        assert result.exit_code == 0, result.output
        pieces.append(root / "dist")
    marks = [json.loads((p / MARKER).read_text()) for p in pieces]
    built = [set(m["leaflets"]) for m in marks]
    assert set().union(*built) == set(ORDER) and sum(map(len, built)) == 4
    for piece, names in zip(pieces, built, strict=True):
        listed = json.loads((piece / "manifest.json").read_text())["files"]
        assert {f["leaflet"] for f in listed} == names  # each leaflet whole, once
    merged = make_catalogue(here / "merged")
    # a shard missing: nothing changes
    short = run_cli("--project", merged, "merge", str(pieces[0]), str(pieces[2]))
    assert short.exit_code == 1
    assert "shard 2/3 is missing" in short.stderr
    assert not (merged / "dist").exists()
    # a folder mistyped: said as such, not as a folder without a shard.json
    typo = run_cli("--project", merged, "merge", str(here / "shard-9"), *map(str, pieces))
    assert typo.exit_code == 1
    assert "shard-9: there is no such folder" in typo.stderr
    assert "shard.json" not in typo.stderr
    assert not (merged / "dist").exists()
    result = run_cli("--project", merged, "merge", *map(str, pieces))
    assert result.exit_code == 0, result.output
    expected = {p.relative_to(full / "dist"): p for p in (full / "dist").rglob("*") if p.is_file()}
    got = {p.relative_to(merged / "dist"): p for p in (merged / "dist").rglob("*") if p.is_file()}
    assert sorted(got) == sorted(expected)
    assert Path("manifest.json") in got and Path("fin/contact-sheet.png") in got
    for name, path in expected.items():
        assert got[name].read_bytes() == path.read_bytes(), name
    # Merged again over an older dist/ that had a file of "fin" the shards no longer make
    # (a language since removed), and a record that its Danish did not fit: the file goes,
    # and so does the record, as a build would remove them.
    listing = merged / "dist" / "manifest.json"
    data = json.loads(listing.read_text())
    old = dict(next(f for f in data["files"] if f["path"] == "fin/contact-sheet.png"))
    old["path"] = "fin/xx/contact-sheet.png"
    (merged / "dist" / "fin" / "xx").mkdir()
    shutil.copy(merged / "dist" / "fin" / "contact-sheet.png", merged / "dist" / old["path"])
    data["files"].append(old)
    data["does_not_fit"] = [
        {"leaflet": "fin", "language": "da", "inputs": "0123456789abcdef", "problem": "too long"}
    ]
    listing.write_text(json.dumps(data))
    again = run_cli("--project", merged, "merge", *map(str, pieces))
    assert again.exit_code == 0, again.output
    got = {p.relative_to(merged / "dist"): p for p in (merged / "dist").rglob("*") if p.is_file()}
    assert sorted(got) == sorted(expected)
    assert got[Path("manifest.json")].read_bytes() == expected[Path("manifest.json")].read_bytes()


# --- leaflet serve's index -----------------------------------------------------------------


class _Rows(HTMLParser):
    """The text of each row of the catalogue's table, and each leaflet's review line."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[str] = []
        self.reviews: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "catalogue" in classes:
            self._in = "catalogue"
        elif tag == "tr" and self._in == "catalogue":
            self.rows.append("")
        elif tag == "p" and "review" in classes:
            self._in = "review"
            self.reviews.append("")

    def handle_endtag(self, tag: str) -> None:
        if (tag, self._in) in (("section", "catalogue"), ("p", "review")):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "catalogue" and self.rows:
            self.rows[-1] += data
        elif self._in == "review":
            self.reviews[-1] += data


def test_serve_index_shows_the_review_dates_what_needs_action_first(
    built_catalogue: tuple[Path, str], tmp_path: Path
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built_catalogue[0], root)
    with serving(root) as served:
        pages = {}
        for ui in ("en", "da"):
            connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
            connection.request("GET", f"/?ui={ui}")
            response = connection.getresponse()
            assert response.status == 200
            pages[ui] = response.read().decode("utf-8")
            connection.close()
    parsed = _Rows()
    parsed.feed(pages["en"])
    rows = [" ".join(row.split()) for row in parsed.rows[1:]]  # the head row first
    assert [next(c for c in ORDER if f" {c} " in f" {row} ") for row in rows] == ORDER
    gammel, snart, maaned, fin = rows
    assert gammel.startswith("Overdue by ") and "Pjece nummer 2 gammel 4" in gammel
    assert snart.startswith(f"Due in 20 days {SOON.day} {SOON:%B %Y}"), snart
    assert maaned.startswith("Due ") and "Overdue" not in maaned
    assert fin.startswith("By 31 December 2099")
    assert gammel.endswith("da source de reviewed en reviewed")
    assert fin.endswith("da source en draft")
    assert (
        "1 leaflet is past its review date. 2 leaflets are due for review within 60 days."
        in (pages["en"])
    )
    assert parsed.reviews[0].startswith("Past its review date: due ")
    assert parsed.reviews[-1] == "To be reviewed by 31 December 2099"
    danish = _Rows()
    danish.feed(pages["da"])
    assert danish.reviews[-1] == "Revideres senest 31. december 2099"
    assert "da kilde en kladde" in " ".join(danish.rows[-1].split())


def test_a_shard_that_cannot_be_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    root = catalogue.project(tmp_path / "project")
    catalogue.leaflet(root, "a", languages=("da",))
    for wrong, said in (
        ("4/3", "K must be from 1 to 3"),
        ("0/3", "K must be from 1 to 3"),
        ("2", "write K/N, like 2/3"),
        ("1/0", "the number of shards must be from 1 to 1000"),
    ):
        result = run_cli("--project", root, "build", "--shard", wrong)
        assert result.exit_code == 2, (wrong, result.output)
        assert said in result.stderr, result.stderr
    assert not (root / "dist").exists()
    # a shard builds its leaflets whole: with --lang its merge would take the other
    # languages' files of those leaflets out of the merged dist/
    partial = run_cli("--project", root, "build", "--shard", "1/2", "--lang", "da")
    assert partial.exit_code == 2, partial.output
    assert "--lang cannot be used with --shard" in partial.stderr, partial.stderr
    assert not (root / "dist").exists()
    # more shards than leaflets: an empty share, marked, which the merge accepts
    empty = run_cli("--project", root, "build", "--shard", "2/2")
    assert empty.exit_code == 0, empty.output
    assert "nothing to build here" in empty.stdout
    assert json.loads((root / "dist" / MARKER).read_text())["leaflets"] == []
    other = tmp_path / "other"
    shutil.copytree(root, other, ignore=shutil.ignore_patterns("dist"))
    assert run_cli("--project", other, "build", "--shard", "1/2", "--jobs", "1").exit_code == 0
    merged = run_cli("--project", tmp_path / "project", "merge", other / "dist", root / "dist")
    assert merged.exit_code == 0, merged.output  # it said the empty share's manifest was unreadable
    assert (root / "dist" / "a" / "da" / "a-da.pdf").is_file()
