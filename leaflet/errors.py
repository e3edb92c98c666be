"""One family of exceptions for problems a user can fix.

Every problem carries the file it is about and, where known, the line and column,
so the command line can print it as ``path:line:column: what is wrong — what to do``.
Problems are collected rather than raised one at a time wherever that is possible,
so a translator sees every mistake in one run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    message: str
    path: Path | None = None
    line: int | None = None
    column: int | None = None

    def location(self, relative_to: Path | None = None) -> str:
        """The ``path:line:column`` prefix, with the path relative to the project."""
        if self.path is None:
            return ""
        path = self.path
        if relative_to is not None:
            with contextlib.suppress(ValueError):
                path = path.resolve().relative_to(relative_to.resolve())
        text = str(path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def render(self, relative_to: Path | None = None) -> str:
        """The problem as one line for the terminal."""
        where = self.location(relative_to)
        return f"{where}: {self.message}" if where else self.message


class LeafletError(Exception):
    """A problem with content, settings or input files that the user can fix."""

    def __init__(self, problems: Iterable[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @classmethod
    def at(
        cls, message: str, path: Path | None, line: int | None = None, column: int | None = None
    ) -> LeafletError:
        """A single problem at one place."""
        return cls(Problem(message, path, line, column))


class Collector:
    """Gathers problems so that all of them can be reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, message: str, path: Path | None, line: int | None = None, column: int | None = None
    ) -> None:
        self.problems.append(Problem(message, path, line, column))

    def extend(self, error: LeafletError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise LeafletError(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)
