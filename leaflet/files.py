"""Reading the files people hand leaflet: regular files only, never special ones.

A content folder holds whatever editors, copies and mistakes leave in it: a named pipe
(FIFO), a socket, a device, a link that leads nowhere (an editor's ``.#leaflet.yaml``
lock file), links that lead to each other in a loop. Opening a FIFO for reading waits
for a writer forever; opening a device can do anything. So leaflet looks at what a
path is first (``os.stat``, which opens nothing), opens only regular files, without
blocking, and checks the opened file once more.

Every stage reads through here; messages about a file that is not one use
:func:`what_it_is` for the words.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path

#: How a regular file is opened: never blocking, never becoming a controlling terminal
#: (flags a system lacks are left out: Windows has none of the three).
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotAFile(OSError):
    """The path exists in some form, but is not a regular file leaflet can read."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, what, str(path))
        self.what = what


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    return "not a regular file"


def what_it_is(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (after links), in words; else None.

    "missing", "a link to … which does not exist", "a loop of links", "a folder, not a
    file", "a named pipe (FIFO), not a file" …
    """
    try:
        return _kind(os.stat(path).st_mode)
    except OSError as exc:
        return _stat_failure(path, exc)


def _stat_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of links (symbolic links that lead to each other)"
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f'a link to "{target}", which does not exist'
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "missing"
    return exc.strerror or str(exc)


def is_regular(path: Path) -> bool:
    """True when ``path`` is (or links to) a regular file."""
    return what_it_is(path) is None


def exists_somehow(path: Path) -> bool:
    """True when there is anything at ``path``: a file, a folder, a dangling link …"""
    return os.path.lexists(path)


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit`` + 1 of them).

    Raises :class:`NotAFile` for anything that is not a regular file, without opening
    it, and OSError when it cannot be read.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            raise
        raise NotAFile(path, _stat_failure(path, exc)) from None
    if (what := _kind(mode)) is not None:
        raise NotAFile(path, what)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        if (what := _kind(os.fstat(fd).st_mode)) is not None:  # replaced meanwhile
            raise NotAFile(path, what)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read() if limit is None else handle.read(limit + 1)
    finally:
        os.close(fd)


def resolved(path: Path) -> Path | None:
    """``path`` with every link followed, or None when that cannot be done (a loop …)."""
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL byte …
        return None


def inside(path: Path, root: Path) -> bool:
    """True when ``path``, after following every link, is inside the folder ``root``."""
    target, top = resolved(path), resolved(root)
    return target is not None and top is not None and target.is_relative_to(top)


def link_out(path: Path, root: Path) -> Path:
    """The link on the way from ``root`` to ``path`` that leads out of ``root`` (the
    folder or the file itself), to name in a message; ``path`` when there is none."""
    if not path.is_relative_to(root):
        return path
    step = root
    for part in path.relative_to(root).parts:
        step = step / part
        if step.is_symlink() and not inside(step, root):
            return step
    return path


def regular_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, in a stable order.

    Links are followed, each folder once (a loop of links cannot make this run
    forever); special files, dangling links and loops are left out.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=True):
                    stack.append(path)
                elif entry.is_file(follow_symlinks=True):
                    found.append(path)
            except OSError:
                continue
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def same_name(name: str) -> str:
    """``name`` in the form used to compare file names typed in another Unicode form.

    "å" as one character (NFC, what keyboards type) and as "a" followed by a combining
    ring (NFD, what macOS writes in file names) look the same, and are different names
    on Linux.
    """
    return unicodedata.normalize("NFC", name)


#: Letters of other alphabets that look like Latin ones, as a name typed or pasted with
#: one of them looks the same as the file's and is another name (Unicode's confusables,
#: the common few).
_LOOKALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u04cf\u0501"
    "\u03bf\u03b1\u03bd\u03c1\u03b9\u03ba\u0578\u057d",
    "aeopcyxijsldoavpiknu",
)


def _looks(name: str) -> str:
    return same_name(name).casefold().translate(_LOOKALIKES)


def spelt_like(base: Path, relative: str) -> str | None:
    """The path, relative to ``base`` and spelt as on disk, of the one file whose name
    looks like ``relative`` but is written with other capitals or lookalike letters of
    another alphabet (a Cyrillic е for a Latin e); None when there is none. A name in
    other capitals is found on Windows and macOS and not on Linux, where the build runs.
    """
    current, spelt = base, list[str]()
    for part in Path(relative).parts:
        if part in ("/", ".", "..") or os.path.lexists(current / part):
            current, spelt = current / part, [*spelt, part]
            continue
        try:
            names = os.listdir(current)
        except OSError:
            return None
        matches = [n for n in names if _looks(n) == _looks(part)]
        if len(matches) != 1:
            return None
        current, spelt = current / matches[0], [*spelt, matches[0]]
    return "/".join(spelt) if spelt != list(Path(relative).parts) else None


def other_spelling(names: list[str]) -> str:
    """Why a name typed in another Unicode form than the file's is not used, and the fix."""
    return (
        f'the file is there as "{names[-1]}", but its name is stored with its letters in '
        "another Unicode form than typed here (å as one character, or as a and a ring "
        "added, as macOS writes names) — type the name again here, or rename the file"
    )


def find_typed(base: Path, relative: str) -> tuple[Path | None, list[str]]:
    """The file ``relative`` to ``base`` means, part by part, across Unicode forms.

    Returns the path as it is really spelt on disk (or None when some part is not there
    in any form), and the parts that are spelt differently on disk than typed.
    """
    current = base
    different: list[str] = []
    for part in Path(relative).parts:
        candidate = current / part
        if part in ("/", ".", "..") or os.path.lexists(candidate):
            current = candidate
            continue
        try:
            names = os.listdir(current)
        except OSError:
            return None, different
        matches = [n for n in names if same_name(n) == same_name(part)]
        if len(matches) != 1:
            return None, different
        different.append(matches[0])
        current = current / matches[0]
    return current, different
