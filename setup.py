"""The one build step pyproject.toml cannot say: the package carries the house style.

This repository is a leaflet project, and its ``templates/`` and ``styles/`` (the
stylesheet, the fonts with their licence, the colour profile with its licence) are the
default theme of every project. They stay where they are; building the wheel copies
them into the package as ``leaflet/default_theme/``, where :mod:`leaflet.theme` finds
them. The sdist carries them as they are (MANIFEST.in), so a wheel built from the sdist
has them too. An editable install (``make build``) copies nothing: run from the
checkout, leaflet finds the theme in the checkout itself.

The manual's pages (``docs/*.md``) are copied the same way, as ``leaflet/manual/``, so
``leaflet manual`` shows them wherever leaflet is installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: The folders of the house style, copied into the package whole.
THEME_PARTS = ("templates", "styles")
THEME_TARGET = Path("leaflet") / "default_theme"
#: The manual's pages, and where they go in the package.
MANUAL_SOURCE = "docs"
MANUAL_TARGET = Path("leaflet") / "manual"
#: Files an editor or a tool leaves beside the real ones.
_IGNORE = shutil.ignore_patterns("*.swp", "*~", ".#*", "__pycache__", ".DS_Store")


class BuildWithTheme(build_py):  # type: ignore[misc]
    """build_py, then the house style copied into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / THEME_TARGET
        shutil.rmtree(target, ignore_errors=True)  # nothing left from an earlier build
        for part in THEME_PARTS:
            source = HERE / part
            if not source.is_dir():
                raise SystemExit(
                    f"{source} is missing: leaflet's package is built with the house style "
                    "(templates/ and styles/) beside pyproject.toml"
                )
            shutil.copytree(source, target / part, ignore=_IGNORE)
        manual = Path(self.build_lib) / MANUAL_TARGET
        shutil.rmtree(manual, ignore_errors=True)
        manual.mkdir(parents=True)
        for page in sorted((HERE / MANUAL_SOURCE).glob("*.md")):
            shutil.copyfile(page, manual / page.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            for target in (THEME_TARGET, MANUAL_TARGET):
                folder = Path(self.build_lib) / target
                outputs += [str(p) for p in sorted(folder.rglob("*")) if p.is_file()]
        return outputs


setup(cmdclass={"build_py": BuildWithTheme})
