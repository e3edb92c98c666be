"""A fresh machine: `make build` installs the Debian packages it lacks, or says how.

The machine's own dpkg, apt-get, sudo and id are stood in for by small scripts on PATH,
so the test can say which packages are missing and who is running, and record what the
Makefile asks apt-get to do, without installing anything. `make` itself is real, and so
are the Makefile and tools/system-packages, copied from the repository as a clean clone
has them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

RENDERER = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "libfontconfig1"]
TEST_TOOLS = ["qpdf", "poppler-utils", "ghostscript", "chromium", "npm"]
#: Commands those packages bring, hidden from the fresh machine's PATH.
BROUGHT = {"qpdf", "pdffonts", "pdfinfo", "gs", "chromium", "npm", "node"}


def _script(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


def fresh_machine(
    tmp_path: Path, *, uid: int, sudo: bool, apt_works: bool
) -> tuple[Path, dict[str, str], Path]:
    """A clean clone's Makefile and tools, and a PATH on which no Debian package is installed."""
    clone = tmp_path / "clone"
    (clone / "tools").mkdir(parents=True)
    shutil.copy(REPO / "Makefile", clone / "Makefile")
    shutil.copy(REPO / "pyproject.toml", clone / "pyproject.toml")
    shutil.copy(REPO / "constraints.txt", clone / "constraints.txt")
    shutil.copy(REPO / "tools" / "system-packages", clone / "tools" / "system-packages")
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "calls.log"
    _script(fake, "dpkg", "exit 1\n")  # dpkg -s: not installed, whatever the package
    _script(fake, "id", f'[ "$1" = -u ] && echo {uid} && exit 0\nexec /usr/bin/id "$@"\n')
    _script(
        fake,
        "apt-get",  # apt-get update works; apt-get install as apt_works says
        f'echo "apt-get $*" >> {log}\n[ "$1" = update ] && exit 0\n'
        f"exit {0 if apt_works else 100}\n",
    )
    _script(
        fake,
        "sudo",
        # sudo -n true: may this user use sudo without a password?
        f'[ "$1" = -n ] || exit 1\nshift\necho "sudo -n $*" >> {log}\n'
        + ('exec "$@"\n' if sudo else "exit 1\n"),
    )
    # A fresh machine has none of the tools the packages bring: PATH holds the fakes and
    # every other command of this machine, but none of those.
    for folder in os.environ["PATH"].split(os.pathsep):
        for entry in Path(folder).glob("*") if Path(folder).is_dir() else ():
            if entry.name not in BROUGHT and not (fake / entry.name).exists():
                (fake / entry.name).symlink_to(entry)
    env = {**os.environ, "PATH": str(fake), "MAKEFLAGS": ""}
    return clone, env, log


def make(clone: Path, env: dict[str, str], *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *targets],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def installs(log: Path) -> list[str]:
    """The apt-get install commands run, each as its list of packages."""
    if not log.exists():
        return []
    return [
        line.split("--no-install-recommends", 1)[1].strip()
        for line in log.read_text(encoding="utf-8").splitlines()
        if line.startswith("apt-get install")
    ]


def test_make_build_as_root_installs_what_is_missing(tmp_path: Path) -> None:
    """As root apt-get runs directly; when it fails the lists are fetched and it is tried again."""
    clone, env, log = fresh_machine(tmp_path, uid=0, sudo=False, apt_works=False)

    done = make(clone, env, "build")

    assert done.returncode != 0  # apt-get "failed": make stops before the venv
    out = done.stdout + done.stderr
    assert "installing them (as root): " + " ".join(RENDERER) in out
    assert installs(log)[0].startswith(" ".join(RENDERER))
    calls = log.read_text(encoding="utf-8").splitlines()
    assert any(c.startswith("apt-get update") for c in calls), calls
    assert len(installs(log)) == 2, "tried again after apt-get update"
    assert "sudo apt-get install " + " ".join(RENDERER) in out
    assert not (clone / ".venv").exists()


def test_make_build_with_passwordless_sudo_uses_it(tmp_path: Path) -> None:
    clone, env, log = fresh_machine(tmp_path, uid=1000, sudo=True, apt_works=True)

    done = make(clone, env, "check-system")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "installing them (with sudo)" in done.stdout
    assert "installed: " + " ".join(RENDERER) in done.stdout
    calls = log.read_text(encoding="utf-8").splitlines()
    assert any(
        c.startswith("sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install ") for c in calls
    )
    assert installs(log)[0].startswith(" ".join(RENDERER))


def test_make_build_without_sudo_stops_with_the_command(tmp_path: Path) -> None:
    clone, env, log = fresh_machine(tmp_path, uid=1000, sudo=False, apt_works=True)

    done = make(clone, env, "build")

    assert done.returncode != 0
    assert installs(log) == [], "nothing can be installed without a password"
    assert "Install them with:" in done.stdout
    assert "  sudo apt-get install " + " ".join(RENDERER) in done.stdout
    assert not (clone / ".venv").exists()


def test_make_test_installs_the_pdf_tools_or_goes_on(tmp_path: Path) -> None:
    """The test tools are installed the same way; without a way to install, make goes on."""
    clone, env, log = fresh_machine(tmp_path, uid=0, sudo=False, apt_works=True)
    done = make(clone, env, "test-tools")
    assert done.returncode == 0, done.stdout + done.stderr
    assert installs(log) == [" ".join(TEST_TOOLS)]

    # npm that came with another vendor's nodejs counts: its command is there.
    clone, env, log = fresh_machine(tmp_path / "node", uid=0, sudo=False, apt_works=True)
    _script(Path(env["PATH"]), "npm", "exit 0\n")
    done = make(clone, env, "test-tools")
    assert done.returncode == 0, done.stdout + done.stderr
    assert installs(log) == [" ".join(TEST_TOOLS[:-1])]

    clone, env, log = fresh_machine(tmp_path / "user", uid=1000, sudo=False, apt_works=True)
    done = make(clone, env, "test-tools")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "sudo apt-get install " + " ".join(TEST_TOOLS) in done.stdout
    assert "skipped" in done.stdout
    assert installs(log) == []


def test_ci_installs_nothing_itself() -> None:
    """CI runs the README's commands; the Makefile is what installs, for CI and newcomers alike."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in ci
    for command in ("make lint", "make test", "make build"):
        assert command in ci
