"""Files -> the output folder, as one transaction.

Everything is written into a fresh folder beside the target; only when all of it
is there does it take the target's place. A failed build leaves the previous
site byte for byte. Nothing else in the package writes into the output folder.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

from .model import OutputFile

MARKER = ".briefing-build"
MARKER_TEXT = b"Built by briefing. This folder is replaced whole on every build.\n"


class OutputFolderError(Exception):
    """The output folder cannot be used (it is not ours, or a path would escape it)."""


def hash_assets(static_dir: Path, extra: dict | None = None) -> tuple[dict, list[OutputFile]]:
    """static/ files (and extra name -> path) -> content-hashed names under assets/, cached forever."""
    mapping, files = {}, []
    sources = {p.relative_to(static_dir).as_posix(): p for p in static_dir.rglob("*") if p.is_file()}
    sources.update(extra or {})
    for name, path in sorted(sources.items()):
        data = path.read_bytes()
        stem, dot, suffix = name.rpartition(".")
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{name}.{digest}"
        mapping[name] = hashed
        files.append(OutputFile(hashed, data))
    return mapping, files


# One segment of an output path: plain characters only, so no '..', no drive letter, no
# backslash, no control or look-alike character can turn a path into another place.
SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9._~@+-]+\Z")


def safe_relative_path(path: str) -> str:
    """Refuse any path that could land outside the output folder (or on our marker file)."""
    segments = path.split("/")
    if (not path or posixpath.normpath(path) != path or path == MARKER
            or not all(SAFE_SEGMENT.match(s) and s not in (".", "..") for s in segments)):
        raise OutputFolderError(f"refusing to write outside the output folder: {path!r}")
    return path


def check_output_folder(out_dir: Path) -> None:
    """Only replace a folder that is empty or was made by a previous build of ours."""
    if not out_dir.exists():
        return
    if out_dir.is_symlink():
        raise OutputFolderError(f"'{out_dir}' is a link; not replacing it (give the folder it points to)")
    if not out_dir.is_dir():
        raise OutputFolderError(f"'{out_dir}' exists and is not a folder; not replacing it")
    if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise OutputFolderError(
            f"refusing to replace '{out_dir}': it is not empty and was not made by this generator "
            f"(no {MARKER} file in it). Choose another --out, or empty the folder yourself.")


def write_site(files: list[OutputFile], out_dir: Path, finish=None) -> None:
    """Write files into a fresh folder, let `finish(folder)` add to it (the search index), then swap."""
    out_dir = Path(os.path.abspath(out_dir))
    check_output_folder(out_dir)
    paths = [safe_relative_path(f.path) for f in files]
    duplicates = {p for p in paths if paths.count(p) > 1} if len(set(paths)) != len(paths) else set()
    if duplicates:
        raise OutputFolderError(f"two outputs want the same path: {sorted(duplicates)[0]}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        made = set()
        for path, file in zip(paths, files):
            target = staging / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(file.data)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)
        swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Put staging where out_dir is: an atomic exchange where the kernel offers one."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        shutil.rmtree(staging)  # it now holds the previous build
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.rmdir(old)
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step. False where unavailable."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
