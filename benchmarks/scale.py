"""How leaflet grows with a region's catalogue: 500 leaflets × 3 languages.

    python benchmarks/scale.py [--leaflets 500] [--sample 50] [--runs 3]

(or ``make bench-scale``). It generates a catalogue of small four-page leaflets in
Danish, English and German (tests/catalogue.py, the same the tests use), and a sample
of its first ``--sample`` leaflets, and times, as whole processes:

* ``leaflet check`` and ``leaflet status`` on the sample and on the whole catalogue;
* a cold build (no dist/) of one leaflet language alone, of the sample (median of
  ``--runs``) and of the whole catalogue (once: it is the slow part);
* a build with nothing changed, and one after a section of one leaflet changed, on
  the sample and on the whole catalogue;
* the peak memory of the main process (workers not counted) of each build, beside
  the size of the manifest.

The figures are ratios per edition (one leaflet in one language): the time per
edition on the whole catalogue ÷ the time per edition on the sample, which is 1 when
the time grows linearly with the catalogue, and a cold build's time per edition ÷ the
time of one edition built alone. Each is given in CPU seconds (of the process and its
workers), which a machine shared with other work changes far less, and in time on the
clock.
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

import catalogue  # noqa: E402  (the generator the tests use)

LANGUAGES = len(catalogue.LANGUAGES)

#: Runs leaflet's command line in this process's interpreter and prints, last, the
#: peak resident memory of this (the main) process in kilobytes (worker processes have
#: their own, and are not counted), and the CPU seconds of it and its workers.
WRAPPER = textwrap.dedent(
    """
    import resource, sys
    from leaflet.cli import main
    try:
        main(sys.argv[1:], prog_name="leaflet")
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime
    print("peak-kb", me.ru_maxrss, "cpu", cpu, file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 1)
    """
)

#: (wall seconds, CPU seconds of the process and its workers, main's peak MB)
Run = tuple[float, float, float]


def leaflet(root: Path, *args: str, ok: tuple[int, ...] = (0,)) -> Run:
    """Run ``leaflet --project root ARGS`` as a process: (wall seconds, CPU seconds,
    main's peak MB)."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, "--project", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in ok:
        raise SystemExit(f"leaflet {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    last = next(line for line in done.stderr.splitlines() if line.startswith("peak-kb"))
    _, peak, _, cpu = last.split()
    return seconds, float(cpu), int(peak) / 1024


def median(run: Callable[[], Run], runs: int) -> Run:
    """Median wall and CPU seconds of ``runs``, and the highest peak memory among them."""
    found = [run() for _ in range(runs)]
    return (
        statistics.median(r[0] for r in found),
        statistics.median(r[1] for r in found),
        max(r[2] for r in found),
    )


def make(root: Path, leaflets: int) -> Path:
    catalogue.project(root, leaflets)
    return root


def cold(root: Path) -> Run:
    shutil.rmtree(root / "dist", ignore_errors=True)
    return leaflet(root, "build")


def one_changed(root: Path) -> Callable[[], Run]:
    words = root / "content" / "pjece-000" / "en" / "om.yaml"
    original = words.read_text(encoding="utf-8")
    counter = iter(range(10**6))

    def run() -> Run:
        words.write_text(original + f"# changed {next(counter)}\n", encoding="utf-8")
        return leaflet(root, "build")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leaflets", type=int, default=500, help="leaflets in the catalogue")
    parser.add_argument("--sample", type=int, default=50, help="leaflets in the sample")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    big, small = args.leaflets * LANGUAGES, args.sample * LANGUAGES
    load = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="leaflet-scale-") as temp:
        whole = make(Path(temp) / "whole", args.leaflets)
        sample = make(Path(temp) / "sample", args.sample)
        alone = Path(temp) / "alone"
        catalogue.project(alone)
        catalogue.leaflet(alone, "pjece-000", languages=("da",))
        print(f"catalogue: {args.leaflets} × {LANGUAGES}, sample {args.sample}", flush=True)

        times: dict[str, Run] = {}
        for name, root in (("sample", sample), ("whole", whole)):
            times[f"check {name}"] = median(lambda r=root: leaflet(r, "check"), args.runs)
            times[f"status {name}"] = median(lambda r=root: leaflet(r, "status"), args.runs)
            print(name, "check", times[f"check {name}"], "status", times[f"status {name}"])
        times["cold alone"] = median(lambda: cold(alone), args.runs)
        times["cold sample"] = median(lambda: cold(sample), args.runs)
        print("cold: alone", times["cold alone"], "sample", times["cold sample"], flush=True)
        times["cold whole"] = cold(whole)
        print("cold whole", times["cold whole"], flush=True)
        for name, root in (("sample", sample), ("whole", whole)):
            times[f"nothing {name}"] = median(lambda r=root: leaflet(r, "build"), args.runs)
            times[f"changed {name}"] = median(one_changed(root), args.runs)
            print(name, "nothing", times[f"nothing {name}"], "changed", times[f"changed {name}"])
        manifests = {
            name: (root / "dist" / "manifest.json").stat().st_size / 1e6
            for name, root in (("sample", sample), ("whole", whole))
        }

    def growth(what: str, index: int = 1) -> float:
        """Per edition on the whole catalogue ÷ per edition on the sample (CPU seconds)."""
        return (times[f"{what} whole"][index] / big) / (times[f"{what} sample"][index] / small)

    rows = [
        ("`leaflet check`", "check"),
        ("`leaflet status`", "status"),
        ("build, nothing changed", "nothing"),
        ("cold build", "cold"),
    ]
    print()
    print(
        f"leaflet scale benchmark, {date.today().isoformat()}, {platform.machine()}, {cores} "
        f"cores, Python {platform.python_version()}: a catalogue of {args.leaflets} leaflets × "
        f"{LANGUAGES} languages ({big} editions), a sample of {args.sample} ({small}); median "
        f"of {args.runs} (the whole catalogue's cold build once); load average at the start "
        f"{load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}"
    )
    print()
    print(
        "CPU seconds are those of the process and its workers (user and system): on a "
        "shared machine they change far less than the time on the clock, also shown."
    )
    print()
    print(
        "| measure | sample: CPU (clock) | whole: CPU (clock) "
        "| per edition, whole ÷ sample: CPU (clock) | target |"
    )
    print("| --- | ---: | ---: | ---: | --- |")
    for label, key in rows:
        low, high = times[f"{key} sample"], times[f"{key} whole"]
        print(
            f"| {label} | {low[1]:.2f} s ({low[0]:.2f} s) | {high[1]:.2f} s ({high[0]:.2f} s) "
            f"| {growth(key):.2f} ({growth(key, 0):.2f}) | ≤ 1 |"
        )
    low, high = times["changed sample"], times["changed whole"]
    print(
        f"| build after one section of one leaflet changed | {low[1]:.2f} s ({low[0]:.2f} s) "
        f"| {high[1]:.2f} s ({high[0]:.2f} s) | whole ÷ sample: {high[1] / low[1]:.2f} "
        f"({high[0] / low[0]:.2f}) | – |"
    )
    print()
    print("| measure | CPU | clock | target |")
    print("| --- | ---: | ---: | --- |")
    single, sample_cold, whole_cold = times["cold alone"], times["cold sample"], times["cold whole"]
    print(
        f"| cold build of the sample, per edition ÷ one edition built alone "
        f"| {sample_cold[1] / small / single[1]:.3f} | {sample_cold[0] / small / single[0]:.3f} "
        "| ≤ 1 |"
    )
    for label, key, target in (
        ("no-change build ÷ cold build, whole catalogue", "nothing whole", "< 0.05"),
        ("one section changed ÷ cold build, whole catalogue", "changed whole", "–"),
    ):
        print(
            f"| {label} | {times[key][1] / whole_cold[1]:.4f} "
            f"| {times[key][0] / whole_cold[0]:.4f} | {target} |"
        )
    print()
    print("| main process, peak memory | sample | whole catalogue | whole − sample |")
    print("| --- | ---: | ---: | ---: |")
    for label, key in (
        ("cold build", "cold"),
        ("build, nothing changed", "nothing"),
        ("build, one section changed", "changed"),
        ("`leaflet check`", "check"),
        ("`leaflet status`", "status"),
    ):
        low_mb, high_mb = times[f"{key} sample"][2], times[f"{key} whole"][2]
        print(f"| {label} | {low_mb:.0f} MB | {high_mb:.0f} MB | {high_mb - low_mb:+.0f} MB |")
    print(
        f"| the manifest (dist/manifest.json) | {manifests['sample']:.1f} MB "
        f"| {manifests['whole']:.1f} MB | {manifests['whole'] - manifests['sample']:+.1f} MB |"
    )
    print()
    print(
        f"references: one edition alone, cold {single[1]:.2f} s CPU ({single[0]:.2f} s); the "
        f"whole catalogue's cold build {whole_cold[1]:.0f} s CPU, {whole_cold[0]:.0f} s on "
        f"{cores} workers ({whole_cold[1] / big * 1000:.0f} ms CPU per edition)"
    )


if __name__ == "__main__":
    main()
