"""The package's shape: stages that import one way, no rings, no module too long.

The rules of the house (see README, "For developers"), read from the source with
``ast``, so no tool is needed:

* ``content/`` knows nothing of the later stages (render, prepress, preflight,
  translate, build) nor of the command line;
* no two modules import each other, directly or in a ring;
* only the command line (``cli.py`` and ``commands/``) imports ``build/`` from
  outside it (the benchmark is outside the package); ``serve/`` needs builds too,
  and gets them from the command line, which hands it a build session
  (``leaflet.build.session.Session``) shaped as ``leaflet.serve.state.Builder``
  expects;
* no module is longer than about 600 lines.

Each rule is also run on a small made-up package that breaks it, so a rule that can
no longer fail is noticed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "leaflet"
MAX_LINES = 600
LATER_STAGES = ("render", "prepress", "preflight", "translate", "build", "cli", "commands")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(root: Path) -> dict[str, set[str]]:
    """Each module of the package at ``root`` → the package modules it imports.

    Imports inside functions count too. ``from . import x`` counts as importing the
    module ``x`` when there is one, else the package it is taken from.
    """
    paths = {module_name(p, root): p for p in root.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    origin = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    origin = node.module or ""
                for alias in node.names:
                    candidate = f"{origin}.{alias.name}"
                    targets.add(candidate if candidate in paths else origin)
        found[name] = {t for t in targets if t in paths and t != name}
    return found


def rings(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or around a ring (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def stage(module: str, top: str) -> str:
    """``leaflet.content.model`` → ``content``; ``leaflet.cli`` → ``cli``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == top else ""


def broken_rules(root: Path) -> list[str]:
    """Every rule the package at ``root`` breaks, in words."""
    top = root.name
    graph = imports(root)
    problems = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if stage(module, top) == "content" and stage(target, top) in LATER_STAGES:
                problems.append(f"{module} (content) imports {target}, a later stage")
            if (
                stage(target, top) == "build"
                and stage(module, top) != "build"
                and module != f"{top}.cli"
                and stage(module, top) != "commands"
            ):
                problems.append(
                    f"{module} imports {target}: only the command line (cli.py, commands/) "
                    "may use build/"
                )
    problems += [f"modules that import each other: {' → '.join(r)}" for r in rings(graph)]
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            problems.append(f"{path.relative_to(root.parent)} has {lines} lines (> {MAX_LINES})")
    return problems


def test_the_package_keeps_the_rules_of_the_house() -> None:
    assert broken_rules(PACKAGE) == []


def test_the_stages_are_packages() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"content", "render", "prepress", "preflight", "translate", "build", "serve"} <= stages
    for folder in stages:
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert doc, f"leaflet/{folder}/__init__.py says nothing of what the stage is for"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root / "pkg", *(p for p in (root / "pkg").rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root / "pkg"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/model.py": "from ..render import html\n", "render/html.py": ""},
            "pkg.content.model (content) imports pkg.render.html, a later stage",
        ),
        (
            {
                "content/model.py": "def f():\n    from ..build.pipeline import build\n",
                "build/pipeline.py": "",
            },
            "pkg.content.model (content) imports pkg.build.pipeline, a later stage",
        ),
        (
            {
                "build/pipeline.py": "from . import workers\n",
                "build/workers.py": "from .pipeline import x\n",
            },
            "modules that import each other: pkg.build.pipeline → pkg.build.workers",
        ),
        (
            {"a.py": "from . import b\n", "b.py": "from . import c\n", "c.py": "import pkg.a\n"},
            "modules that import each other: pkg.a → pkg.b → pkg.c",
        ),
        (
            {"translate/status.py": "from ..build import inputs\n", "build/inputs.py": ""},
            "pkg.translate.status imports pkg.build.inputs: only the command line",
        ),
        (
            {"serve/watch.py": "from ..build.session import Session\n", "build/session.py": ""},
            "pkg.serve.watch imports pkg.build.session: only the command line",
        ),
        (
            {"render/pdf.py": "x = 1\n" * (MAX_LINES + 1)},
            f"pkg/render/pdf.py has {MAX_LINES + 1} lines",
        ),
    ],
)
def test_each_rule_fails_when_broken(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    problems = broken_rules(_write(tmp_path, files))
    assert any(p.startswith(expected) for p in problems), problems


def test_a_package_that_keeps_the_rules_passes(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "cli.py": "from .build import pipeline\n",
            "commands/build.py": "from ..build import pipeline\n",
            "build/pipeline.py": "from . import workers\nfrom ..render import html\n",
            "build/workers.py": "from .edition import make\n",
            "build/edition.py": "from ..content import model\n",
            "render/html.py": "from ..content.model import Edition\n",
            "content/model.py": "from . import yamlfile\n",
            "content/yamlfile.py": "",
        },
    )
    assert broken_rules(root) == []


def test_python_dash_m_leaflet_runs_the_command_line() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "leaflet", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: leaflet ")
