"""How fast leaflet builds, as ratios against plain WeasyPrint on the same machine.

    python benchmarks/bench.py [--runs N] [--languages N] [--renders N]

(or ``make bench``). It copies the project into a temporary folder, adds generated
languages (copies of the shipped English text under other language codes, marked
reviewed so that every variant is built) until there are at least ``--languages``,
and prints one Markdown table: medians of ``--runs`` runs, and for what runs in this
process (items 1 and 4's pages that flow) means of at least nine rounds that take
turns with their reference (:func:`interleaved_means` says why). Times on a shared
machine are noisy, so every figure is a ratio against a reference measured in the
same run:

1. one leaflet, one language, in this process, against plain WeasyPrint rendering
   the HTML leaflet produced: the print file without and with preflight, all
   variants, the web page; and the tagged PDF/UA-1 write of the screen file against
   a plain write of the same render;
2. the whole set with one worker and with one per core;
3. a rebuild with nothing changed, against the full build;
4. a rebuild after one section of one language changed, against the full build;
   and, for two leaflets whose pages flow (made by ``leaflet new``), the print file
   against plain WeasyPrint: one that fills its 4 pages, one whose room is shared out;
5. ``leaflet --help`` and ``leaflet check`` as whole processes, against
   ``python -c "import weasyprint"``;
6. the memory of one worker over many renders (growth after the first ten), and
   whether anything was left in the temporary folder;
7. the page previews: one edition with them against the same without;
8. ``leaflet serve``: from saving a words file to the new text on the page in a
   browser (Chromium), against the in-process build of that one edition; and the CPU
   an idle server uses.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
from helpers import PAGE_PLAN, give_page_plan  # noqa: E402  (the tests' own)

LEAFLET = "laenderygsmerter"
#: Language codes for the generated copies (the text stays English; the code varies).
CODES = [
    "de",
    "sv",
    "nb",
    "fi",
    "fr",
    "es",
    "it",
    "nl",
    "pl",
    "pt",
    "ro",
    "cs",
    "sk",
    "hu",
    "hr",
    "sl",
    "lt",
    "lv",
    "et",
    "is",
    "ga",
    "mt",
    "sq",
    "bs",
    "sr",
    "fo",
    "kl",
]


def median_time(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: Rounds of the in-process measurements, at the least (each round runs every one once).
IN_PROCESS_ROUNDS = 9


def interleaved_means(runs: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """The mean time of each of ``runs``, measured in rounds that run each once in turn.

    A full garbage collection of Python (80 ms or so here) falls on whichever run
    crosses its threshold; a print file of 8 pages crosses it every other time. Measured
    in a block of three, its median lands on either side (a ratio of 1.23 or 1.88 for
    the same code, on a quiet machine): in turns, every measure meets the same state,
    and the mean of many rounds is what a build pays on average.
    """
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.mean(values) for name, values in times.items()}


def make_project(folder: Path, languages: int) -> Path:
    """A copy of the project with at least ``languages`` languages per leaflet, the real
    leaflet with its original's page plan (``PAGE_PLAN`` of tests/helpers.py)."""
    for part in ("content", "templates", "styles"):
        shutil.copytree(REPO / part, folder / part)
    # its pages flow since issue 24 (planned: two layouts); the rows of items 1 to 4
    # measure the pipeline of one layout, as before, with the printed original's plan
    give_page_plan(folder / "content" / LEAFLET / "leaflet.yaml", PAGE_PLAN)
    for leaflet in sorted((folder / "content").iterdir()):
        have = [p.name for p in leaflet.iterdir() if p.is_dir() and p.name != "pictures"]
        english = leaflet / "en"
        for code in CODES[: max(0, languages - len(have))]:
            target = leaflet / code
            shutil.copytree(english, target)
            for words in target.glob("*.yaml"):
                text = words.read_text(encoding="utf-8")
                words.write_text(text.replace("reviewed: no", "reviewed: yes"), "utf-8")
    return folder


def leaflet_command(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("leaflet")), *args]


def run_process(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def in_process(project_root: Path, runs: int, leaflet: str = LEAFLET) -> dict[str, float]:
    """Item 1: one edition in this process, against WeasyPrint on the same HTML."""
    from leaflet.build import edition as build
    from leaflet.build import verify
    from leaflet.content.editions import load
    from leaflet.project import Project
    from leaflet.render.pdf import Renderer

    project = Project(project_root)
    edition = next(e for e in load(project, [leaflet], ["da"]))
    out_dir = build.output_dir(project, edition)
    # The renderer points fontconfig at the project's fonts; plain WeasyPrint, imported
    # after it, uses the same fonts (it would find none on a machine without any).
    renderer = Renderer(project)
    from weasyprint import HTML

    source = edition.settings.folder / edition.lang
    document_html = build._render_to_fit(project, edition, renderer, out_dir, []).html
    base = str(out_dir) + os.sep

    def plain() -> None:
        HTML(string=document_html, base_url=base).write_pdf()

    def print_file() -> bytes:
        document = build._render_to_fit(project, edition, renderer, out_dir, []).document
        return build._print_file(project, edition, renderer, document, out_dir, source)

    def print_checked() -> None:
        verify.preflight_print(print_file(), edition.settings.path)

    def every_variant() -> None:
        build.edition_files(project, edition, renderer, [], draft_print=False)

    def without_previews() -> None:
        real = build.preview.page_pngs
        build.preview.page_pngs = lambda pdf, dpi=100: []  # no previews at all
        try:
            every_variant()
        finally:
            build.preview.page_pngs = real

    # The screen PDF and the web page, from one render: what the tagged PDF/UA write
    # costs over a plain write of the same laid-out pages.
    from leaflet.prepress import accessible
    from leaflet.render import web
    from leaflet.render.pdf import write_pdf, write_tagged_pdf

    document = build._render_to_fit(project, edition, renderer, out_dir, []).document
    profile = edition.settings.print.profile

    def plain_write() -> None:
        write_pdf(document, source)

    def tagged_write() -> None:
        accessible.finish_screen(write_tagged_pdf(document, source), profile)

    def web_page() -> None:
        web._rules.cache_clear()  # a new worker: its fonts from the cache folder
        web._subset.cache_clear()
        web._face_rules.cache_clear()
        web.render_web(edition, project, web.PdfLink("screen.pdf", len(document.pages), 10**5))

    for warm in (plain, print_file, every_variant, without_previews, tagged_write, web_page):
        warm()
    return interleaved_means(
        {
            "plain": plain,
            "print": print_file,
            "print+preflight": print_checked,
            "all": every_variant,
            "no-previews": without_previews,
            "write": plain_write,
            "tagged": tagged_write,
            "web": web_page,
        },
        max(runs, IN_PROCESS_ROUNDS),
    )


MEMORY_SCRIPT = textwrap.dedent(
    """
    import resource, sys, tempfile
    from pathlib import Path
    from leaflet.build import edition as build
    from leaflet.content.editions import load
    from leaflet.render.pdf import Renderer, write_pdf
    from leaflet.project import Project

    def rss_mb():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    project = Project(Path(sys.argv[1]))
    edition = load(project, ["laenderygsmerter"], ["da"])[0]
    out_dir = build.output_dir(project, edition)
    renderer = Renderer(project)
    source = edition.settings.folder / edition.lang
    html = build._render_to_fit(project, edition, renderer, out_dir, []).html
    sizes = []
    if sys.argv[3] == "plain":  # WeasyPrint alone, with one shared font configuration
        import os
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
        fonts = FontConfiguration()
        def render():
            HTML(string=html, base_url=str(out_dir) + os.sep).write_pdf(font_config=fonts)
    else:
        def render():
            write_pdf(renderer.render(html, out_dir, source, None), source)
    for n in range(int(sys.argv[2])):
        render()
        sizes.append(rss_mb())
    renderer.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(sizes[9], sizes[-1], peak)
    """
)


def memory(
    project_root: Path, renders: int, who: str = "leaflet"
) -> tuple[float, float, float, list[str]]:
    """Item 6: RSS after 10 renders, after all, the peak; and what was left in TMPDIR."""
    temp = Path(tempfile.mkdtemp(prefix="bench-tmp-"))
    try:
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_SCRIPT, str(project_root), str(renders), who],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "TMPDIR": str(temp)},
        )
        after_ten, after_all, peak = map(float, done.stdout.split())
        left = sorted(p.name for p in temp.iterdir())
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return after_ten, after_all, peak, left


SERVE_LANG = "de"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def changed_heading(words: Path, original: str, n: int) -> str:
    """``original`` with its heading replaced by one that says ``n``; written to ``words``."""
    lines = original.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("heading: "))
    word = f"Heading number {n} of the benchmark"
    lines[at] = f"heading: {word}\n"
    words.write_text("".join(lines), encoding="utf-8")
    return word


def one_edition_build(project_root: Path, runs: int) -> tuple[float, float]:
    """Item 8's reference: one changed edition built in this process, warm (no start-up).

    Two times: the edition's own files (what ``leaflet serve`` waits for before it
    tells the page), and those with the leaflet's contact sheet drawn again, as
    ``leaflet build --lang de`` does.
    """
    from leaflet.build.session import Session
    from leaflet.project import Project

    words = project_root / "content" / LEAFLET / SERVE_LANG / "hverdag.yaml"
    original = words.read_text(encoding="utf-8")
    session = Session(Project(project_root))
    counter = iter(range(10**6))
    try:

        def build_one() -> None:
            changed_heading(words, original, next(counter))
            session.build([(LEAFLET, SERVE_LANG)])

        def with_sheet() -> None:
            build_one()
            session.draw_sheets()

        with_sheet()  # warm: WeasyPrint, fonts, templates
        alone = median_time(build_one, runs)
        session.draw_sheets()
        return alone, median_time(with_sheet, runs)
    finally:
        words.write_text(original, encoding="utf-8")
        session.build([(LEAFLET, SERVE_LANG)])
        session.draw_sheets()
        session.close()


def serve_latency(project_root: Path, runs: int) -> tuple[float, float] | None:
    """Item 8: seconds from saving a words file to its text on the page; idle CPU (%)."""
    if not CHROMIUM.is_file():
        return None
    import re
    import signal

    from playwright.sync_api import sync_playwright

    words = project_root / "content" / LEAFLET / SERVE_LANG / "hverdag.yaml"
    original = words.read_text(encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    server = subprocess.Popen(
        leaflet_command("--project", str(project_root), "serve", "--port", "0", "--no-open"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, first
        server.stdout.readline()  # the first build (nothing to do: all up to date)
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
            browser = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(f"{url[0]}leaflet/{LEAFLET}/{SERVE_LANG}/")
            times = []
            for n in range(runs + 1):
                start = time.perf_counter()
                word = changed_heading(words, original, n)
                page.wait_for_function(
                    "([word]) => document.getElementById('live').textContent.includes(word)"
                    " && [...document.querySelectorAll('.sheet img')]"
                    ".every(i => i.complete && i.naturalWidth > 0)",
                    arg=[word],
                    timeout=120_000,
                )
                times.append(time.perf_counter() - start)
                time.sleep(1)
            time.sleep(3)  # then idle, with the page open and listening
            before = _cpu_seconds(server.pid)
            idle_start = time.perf_counter()
            time.sleep(10)
            idle = (_cpu_seconds(server.pid) - before) / (time.perf_counter() - idle_start)
            browser.close()
        return statistics.median(times[1:]), idle * 100
    finally:
        words.write_text(original, encoding="utf-8")
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        if server.stdout is not None:
            server.stdout.close()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


FLOWING = "flyder"
LONGER = "flyder-mere"


def flowing_project(folder: Path) -> Path:
    """A project with two leaflets whose pages flow, made by `leaflet new`: one that fills
    its 4 pages (the common case: one layout), one that needs more than 4 and gets 8
    (its room is shared out: a second layout)."""
    for part in ("content", "templates", "styles"):
        shutil.copytree(REPO / part, folder / part)
    for name in (FLOWING, LONGER):
        subprocess.run(
            leaflet_command("--project", str(folder), "new", name), check=True, capture_output=True
        )
    # `leaflet new`'s placeholder text runs a few lines over its 4 pages (its QR section
    # goes to the back page: a second layout); without its checklist it fills them, the
    # common case this row measures
    placeholder = folder / "content" / FLOWING / "da" / "hjaelp.yaml"
    text = placeholder.read_text(encoding="utf-8")
    placeholder.write_text(text[: text.index("  - checklist:")], encoding="utf-8")
    longer = folder / "content" / LONGER
    settings = (longer / "leaflet.yaml").read_text(encoding="utf-8")
    settings = settings.replace("  laes-mere:\n", "  mere:\n    kind: text\n  laes-mere:\n")
    (longer / "leaflet.yaml").write_text(settings, encoding="utf-8")
    sentence = (
        "Smerter i knæet er almindelige og går oftest over af sig selv i løbet af nogle uger. "
    )
    body = "".join(f"  - {sentence * 5}\n" for _ in range(3))
    (longer / "da" / "mere.yaml").write_text(
        f"heading: Mere om det\nbody:\n{body}", encoding="utf-8"
    )
    return folder


def flow_facts(project_root: Path, leaflet: str, runs: int) -> dict[str, float]:
    """How a flowing leaflet is laid out: the layouts it takes, and what sharing its room
    out by moving boxes (leaflet.render.spread) costs against laying it out once more."""
    from dataclasses import replace as changed

    from leaflet.build import edition as build
    from leaflet.build.layout import _Flow, render_flowing
    from leaflet.content.editions import load
    from leaflet.project import Project
    from leaflet.render.pdf import Renderer
    from leaflet.render.spread import spread

    project = Project(project_root)
    edition = next(e for e in load(project, [leaflet], ["da"]))
    out_dir = build.output_dir(project, edition)
    with Renderer(project) as renderer:
        flowed = render_flowing(project, edition, renderer, out_dir)
        flow = _Flow(project, edition, renderer, out_dir)
        layout = changed(flowed.layout)
        inside = range(1, len(flowed.document.pages) - 1)
        documents: list[object] = []

        def lay_out() -> None:
            documents.append(flow.lay_out(layout)[1])

        laid = median_time(lay_out, runs)

        def share_out() -> None:
            spread(documents.pop(), inside, {})

        shared = median_time(share_out, runs)
    return {"layouts": flowed.renders, "layout": laid, "spread": shared}


def flow_rows(runs: int) -> list[tuple[str, float, str]]:
    """The rows of pages that flow (item 4's second half), and the facts behind them."""
    with tempfile.TemporaryDirectory(prefix="leaflet-bench-flow-") as temp:
        flow_root = flowing_project(Path(temp) / "project")
        flowing = in_process(flow_root, runs, FLOWING)
        longer = in_process(flow_root, runs, LONGER)
        facts = {name: flow_facts(flow_root, name, runs) for name in (FLOWING, LONGER)}
    print("flowing:", {k: round(v, 3) for k, v in flowing.items()}, flush=True)
    print("shared out:", {k: round(v, 3) for k, v in longer.items()}, flush=True)
    print("layouts and sharing out:", facts, flush=True)
    return [
        (
            "pages that flow, text fills its 4 pages: print file ÷ plain WeasyPrint",
            flowing["print"] / flowing["plain"],
            "≤ 1.15",
        ),
        (
            "pages that flow, room shared out on 8: print file ÷ plain WeasyPrint",
            longer["print"] / longer["plain"],
            "≤ 1.7",
        ),
        (
            f"layouts per build: text fills its pages / room shared out "
            f"({facts[FLOWING]['layouts']:.0f} / {facts[LONGER]['layouts']:.0f})",
            facts[LONGER]["layouts"] / max(1, facts[FLOWING]["layouts"]),
            "≤ 2",
        ),
        (
            "room shared out by moving boxes (8 pages) ÷ one more layout of them",
            facts[LONGER]["spread"] / facts[LONGER]["layout"],
            "–",
        ),
    ]


HUGE = "meget-lang"


def huge_list_project(folder: Path, items: int = 10_000) -> Path:
    """A project with one leaflet made by `leaflet new` whose words file has a list of
    ``items`` items: far more than 64 pages hold."""
    for part in ("content", "templates", "styles"):
        shutil.copytree(REPO / part, folder / part)
    subprocess.run(
        leaflet_command("--project", str(folder), "new", HUGE), check=True, capture_output=True
    )
    words = folder / "content" / HUGE / "da" / "hjaelp.yaml"
    listed = "".join(f"      - Punkt nummer {n} i en meget lang liste\n" for n in range(items))
    text = words.read_text(encoding="utf-8").replace("body:\n", "body:\n  - list:\n" + listed, 1)
    words.write_text(text, encoding="utf-8")
    return folder


def huge_list_fails(runs: int) -> float:
    """Seconds until `leaflet build` of the 10,000-item leaflet stops with its message
    (a whole process: start, read, check, estimate, stop)."""
    with tempfile.TemporaryDirectory(prefix="leaflet-bench-huge-") as temp:
        root = huge_list_project(Path(temp) / "project")
        command = leaflet_command("--project", str(root), "build", "--leaflet", HUGE)

        def fail() -> None:
            done = subprocess.run(command, capture_output=True, text=True)
            assert done.returncode == 1 and "before any page was laid out" in done.stderr, (
                done.stderr[-500:]
            )

        return median_time(fail, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--languages", type=int, default=20, help="languages per leaflet")
    parser.add_argument("--renders", type=int, default=200, help="renders for the memory test")
    parser.add_argument(
        "--flow-only", action="store_true", help="only the rows of pages that flow (a minute)"
    )
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    if args.flow_only:
        print("| measure | ratio | target |")
        print("| --- | ---: | --- |")
        for name, ratio, target in flow_rows(args.runs):
            print(f"| {name} | {ratio:.3f} | {target} |")
        return

    with tempfile.TemporaryDirectory(prefix="leaflet-bench-") as temp:
        root = make_project(Path(temp) / "project", args.languages)
        editions = sum(
            len([p for p in leaflet.iterdir() if p.is_dir() and p.name != "pictures"])
            for leaflet in (root / "content").iterdir()
        )
        project = ["--project", str(root)]
        build_cmd = leaflet_command(*project, "build")
        print(f"set: {editions} leaflet languages; {cores} cores; {args.runs} runs", flush=True)

        subprocess.run([*build_cmd, "--lang", "da"], check=True, capture_output=True)
        one = in_process(root, args.runs)
        print("in-process:", {k: round(v, 3) for k, v in one.items()}, flush=True)

        full_1 = median_time(lambda: run_process([*build_cmd, "--force", "--jobs", "1"]), args.runs)
        full_n = median_time(
            lambda: run_process([*build_cmd, "--force", "--jobs", str(cores)]), args.runs
        )
        print(f"whole set: 1 worker {full_1:.1f} s, {cores} workers {full_n:.1f} s", flush=True)
        nothing = median_time(lambda: run_process(build_cmd), args.runs)

        words = root / "content" / LEAFLET / "de" / "hverdag.yaml"
        original = words.read_text(encoding="utf-8")
        counter = iter(range(10**6))

        def one_section() -> None:
            words.write_text(original + f"# changed {next(counter)}\n", encoding="utf-8")
            run_process(build_cmd)

        changed = median_time(one_section, args.runs)
        words.write_text(original, encoding="utf-8")

        weasy = median_time(
            lambda: run_process([sys.executable, "-c", "import weasyprint"]), args.runs
        )
        helped = median_time(lambda: run_process(leaflet_command("--help")), args.runs)
        checked = median_time(lambda: run_process(leaflet_command(*project, "check")), args.runs)
        after_ten, after_all, peak, left = memory(root, args.renders)
        plain_ten, plain_all, _, _ = memory(root, args.renders, "plain")
        one_built = one_edition_build(root, args.runs)
        served = serve_latency(root, args.runs)

    flowing_rows = flow_rows(args.runs)
    huge = huge_list_fails(args.runs)
    print(f"10,000 items: the build stops after {huge:.1f} s", flush=True)

    rows = [
        ("print file, no preflight ÷ plain WeasyPrint", one["print"] / one["plain"], "≤ 1.15"),
        (
            "print file with preflight ÷ plain WeasyPrint",
            one["print+preflight"] / one["plain"],
            "≤ 1.3",
        ),
        ("all variants ÷ plain WeasyPrint", one["all"] / one["plain"], "≤ 2.0"),
        ("one edition with page previews ÷ without", one["all"] / one["no-previews"], "≤ 1.15"),
        (
            "screen PDF: tagged PDF/UA-1 write and finishing ÷ plain write (one render)",
            one["tagged"] / one["write"],
            "–",
        ),
        ("web page ÷ plain WeasyPrint", one["web"] / one["plain"], "–"),
        *flowing_rows,
        (f"whole set: 1 worker ÷ {cores} workers", full_1 / full_n, "≥ 1.75"),
        ("no-change rebuild ÷ full build", nothing / full_n, "< 0.05"),
        ("one section changed ÷ full build", changed / full_n, "–"),
        ("`leaflet --help` ÷ `import weasyprint`", helped / weasy, "< 0.25"),
        ("`leaflet check` ÷ `import weasyprint`", checked / weasy, "≤ 1.2"),
        (
            "a words file with a list of 10,000 items: `leaflet build` stops with the lines "
            "to cut ÷ `import weasyprint`",
            huge / weasy,
            "–",
        ),
    ]
    print()
    print(
        f"leaflet benchmark, {date.today().isoformat()}, {platform.machine()}, "
        f"{cores} cores, Python {platform.python_version()}, {editions} leaflet languages, "
        f"median of {args.runs} (in this process: mean of "
        f"{max(args.runs, IN_PROCESS_ROUNDS)} rounds in turns)"
    )
    print()
    print("| measure | ratio | target |")
    print("| --- | ---: | --- |")
    for name, ratio, target in rows:
        print(f"| {name} | {ratio:.3f} | {target} |")
    print(
        f"| memory of one worker over {args.renders} renders: growth after the first 10 "
        f"| {after_all - after_ten:+.1f} MB | < 10 MB |"
    )
    print(
        f"| plain WeasyPrint (one shared font configuration), the same {args.renders} renders "
        f"| {plain_all - plain_ten:+.1f} MB | – |"
    )
    print(f"| files left in the temporary folder | {len(left)} | 0 |")
    if served is not None:
        latency, idle = served
        print(
            f"| `leaflet serve`: saved words file → new text and pages in the browser ÷ "
            f"in-process build of that edition (`leaflet build --lang {SERVE_LANG}`) "
            f"| {latency / one_built[1]:.3f} | ≤ 1.3 |"
        )
        print(
            f"| the same ÷ that edition's own files only (no contact sheet) "
            f"| {latency / one_built[0]:.3f} | – |"
        )
        print(f"| `leaflet serve` idle, a page open: CPU of one core | {idle:.2f} % | 0 |")
    else:
        print("| `leaflet serve` (not measured: /usr/bin/chromium is not installed) | – | – |")
    print()
    print(
        f"references: plain WeasyPrint {one['plain'] * 1000:.0f} ms per render; a plain PDF "
        f"write of a rendered document {one['write'] * 1000:.0f} ms, the tagged PDF/UA-1 write "
        f"with its finishing {one['tagged'] * 1000:.0f} ms, the web page "
        f"{one['web'] * 1000:.0f} ms; full build "
        f"{full_n:.1f} s on {cores} workers; `import weasyprint` {weasy * 1000:.0f} ms; "
        f"worker peak memory {peak:.0f} MB; the 10,000-item build stops after {huge:.1f} s; "
        f"one edition changed and built in process "
        f"{one_built[1] * 1000:.0f} ms ({one_built[0] * 1000:.0f} ms without the contact sheet)"
        + (f", in the browser {served[0] * 1000:.0f} ms" if served else "")
    )


if __name__ == "__main__":
    main()
