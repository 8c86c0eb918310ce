"""Files -> the output folder, as one transaction.

Everything is written into a folder beside the target; only when all of it is
there does it take the target's place. A failed build leaves the previous site
byte for byte. Nothing else in the package writes into the output folder.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import OutputFolderError

MARKER = ".briefing-build"
MARKER_TEXT = b"Built by briefing. This folder is replaced whole on every build.\n"


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


@dataclass(frozen=True)
class PreviousFile:
    """An output whose bytes an earlier build already wrote, known by digest.

    The caller has checked with `on_disk` that the live or the
    spare folder still holds it; write_site keeps or hard-links it instead of
    writing it: same bytes, no copy.
    """
    path: str
    digest: str


def spare_of(out_dir):
    """Where the build before the current one is kept, to become the next build's staging
    (a Path, or a str for a str)."""
    if isinstance(out_dir, str):
        head, name = os.path.split(out_dir)
        return os.path.join(head, f".{name}.spare")
    return out_dir.parent / f".{out_dir.name}.spare"


def _matches(folder, path: str, known) -> bool:
    """Whether folder/path is still exactly the file a manifest entry describes."""
    try:   # lstat: a link put in a file's place (to the live copy, say) is never that file
        st = os.lstat(f"{folder}/{path}")   # a string, not a Path: this runs for every file of a build
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns, st.st_ino) == tuple(known[1:])


def on_disk(manifest: dict | None, out_dir: Path, path: str, digest: str) -> bool:
    """Whether the live or the spare output folder holds path with these bytes, untouched."""
    if not manifest:
        return False
    out_dir = os.path.abspath(out_dir)
    if manifest.get("out_dir") != out_dir:
        return False
    for folder, files in ((out_dir, manifest.get("live")), (spare_of(out_dir), manifest.get("spare"))):
        known = (files or {}).get(path)
        if known is not None and known[0] == digest and _matches(folder, path, known):
            return True
    return False


def write_site(files: list, out_dir: Path, previous: dict | None = None) -> dict:
    """Write files (OutputFile or PreviousFile) as the new out_dir, in one swap; returns manifests.

    The same as putting each file into a SiteWriter and committing it; see there.
    """
    writer = SiteWriter(out_dir, previous)
    try:
        for file in files:
            writer.put(file)
        return writer.commit()
    except BaseException:
        writer.abort()
        raise


class SiteWriter:
    """The new site, one file at a time, put in place whole by `commit` (or never: `abort`).

    Files are written as they come, so a build need not hold the whole site in memory: at
    20,000 briefs its pages alone are gigabytes. Without `previous`, staging is a fresh
    folder. With it (the manifests `commit` returned last time, kept by the caller), staging
    is the spare: the complete site of the build before last, kept beside out_dir. Only what
    differs is written into it (new files replace old ones by rename, never in place, since
    a file may be hard-linked with the live site), what is no longer part of the site is
    deleted at commit, and it takes out_dir's place in one exchange. The live site is never
    touched until then; the site it held becomes the new spare. On this kind of disk,
    creating and deleting 1,500 folders costs seconds: the spare saves both.

    Raises OutputFolderError for an unsafe path, two files for one path, or a folder that
    cannot be written; the caller calls `abort` on any error, which removes the staging
    folder and leaves out_dir as it was.
    """

    def __init__(self, out_dir: Path, previous: dict | None = None):
        self.out_dir = out_dir = Path(os.path.abspath(out_dir))
        check_output_folder(out_dir)
        if previous and previous.get("out_dir") != str(out_dir):
            previous = None
        self.live = (previous or {}).get("live") or {}
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            self.staging, self.staged = _staging(out_dir, (previous or {}).get("spare") if out_dir.is_dir() else None)
        except OSError as exc:   # a read-only or missing disk, no permission: nothing was written
            raise OutputFolderError(f"cannot write the site beside '{out_dir}': "
                                    f"{exc.strerror or exc}; choose another --out") from None
        self.written: dict[str, tuple] = {}
        self.made: set[str] = set()

    def put(self, file) -> None:
        """Write one OutputFile (or keep or link one PreviousFile) into the staged site."""
        path = safe_relative_path(file.path)
        if path in self.written:
            raise OutputFolderError(f"two outputs want the same path: {path}")
        staging, staged = self.staging, self.staged
        folder = posixpath.dirname(path)
        if folder not in self.made:
            if not (staged and os.path.isdir(f"{staging}/{folder}")):   # a stat: mkdir costs far more
                if staged:
                    _clear_way(staging, folder)
                (staging / folder).mkdir(parents=True, exist_ok=True)
            self.made.add(folder)
        self.written[path] = _put(file, path, str(staging), staged.get(path) if staged else False,
                                  str(self.out_dir), self.live.get(path))

    def commit(self) -> dict:
        """Delete what the spare held that this site has not, swap the staged site into
        out_dir's place; returns the manifests for the next build's `previous`."""
        staging = self.staging
        if self.staged:
            _remove_extra(staging, set(self.written))
        marker = staging / MARKER
        if not marker.is_file() or marker.read_bytes() != MARKER_TEXT:
            marker.write_bytes(MARKER_TEXT)
        os.chmod(staging, 0o755)
        kept = swap_into_place(staging, self.out_dir)
        return {"out_dir": str(self.out_dir), "live": self.written, "spare": self.live if kept else None}

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _clear_way(staging: Path, folder: str) -> None:
    """In a reused spare, a file where this build needs a folder (a page that became a
    section): remove it, so the folder can be made."""
    parts = folder.split("/")
    for depth in range(1, len(parts) + 1):
        here = staging.joinpath(*parts[:depth])
        if os.path.islink(here) or (os.path.exists(here) and not os.path.isdir(here)):
            os.unlink(here)
            return
        if not os.path.exists(here):
            return


def _staging(out_dir: Path, spare_manifest: dict | None) -> tuple[Path, dict]:
    """A folder to build in: the spare, renamed so a crash can never leave it half-updated
    under its own name, or a fresh one."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    spare = spare_of(out_dir)
    if spare_manifest and (spare / MARKER).is_file() and not spare.is_symlink():
        os.rmdir(staging)
        os.rename(spare, staging)
        return staging, spare_manifest
    if spare.is_dir() and (spare / MARKER).is_file():
        shutil.rmtree(spare, ignore_errors=True)   # no manifest for it: of no use
    return staging, {}


def _remove_extra(staging: Path, wanted: set) -> None:
    """Delete whatever the new site does not have (stale pages, stray files), and empty folders."""
    def walk(folder: Path, prefix: str) -> bool:
        empty = True
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if walk(Path(entry.path), rel + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif rel in wanted or rel == MARKER:
                    empty = False
                else:
                    os.unlink(entry.path)
        return empty
    walk(staging, "")


def _put(file, path: str, staging: str, staged, out_dir: str, live) -> tuple:
    """Make staging/path hold this file's bytes; returns its manifest entry.

    Kept as it is when the staged copy already has those bytes; hard-linked from
    the live site when that has them; otherwise written. staged is the spare's
    manifest entry for path (None: the spare has no such file), or False when
    staging is a fresh, empty folder. Paths are strings here: this runs for every
    file of a build, and a Path costs more to make than the stat it leads to.
    """
    digest = file.digest if isinstance(file, PreviousFile) else hashlib.sha256(file.data).hexdigest()
    target = f"{staging}/{path}"
    if staged and staged[0] == digest and _matches(staging, path, staged):
        return tuple(staged)   # the same inode, size and time as the file the spare's manifest knows
    if staged is not False and os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)   # the spare had a folder where this build has a file
    # In the spare a file may be hard-linked with the live site: replace it, never write into it.
    head, name = posixpath.split(target)
    temp = f"{head}/.{name}.tmp" if staged is not False else target
    if live is not None and live[0] == digest and _matches(out_dir, path, live):
        try:
            _remove(temp)
            os.link(f"{out_dir}/{path}", temp)
            os.replace(temp, target)
            return tuple(live)
        except OSError:   # no hard links on this file system: write the bytes instead
            pass
    if isinstance(file, PreviousFile):
        raise OutputFolderError(f"{path}: the earlier build's copy of this file is gone")
    with open(temp, "wb") as handle:
        handle.write(file.data)
        handle.flush()   # a file's size and mtime are final only once its bytes left the buffer
        st = os.fstat(handle.fileno())
    if temp != target:
        os.replace(temp, target)
    return digest, st.st_size, st.st_mtime_ns, st.st_ino


def _remove(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def swap_into_place(staging: Path, out_dir: Path) -> bool:
    """Put staging where out_dir is (an atomic exchange where the kernel offers one).
    The previous site is kept as the spare; returns whether there was one."""
    spare = spare_of(out_dir)
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return False
    if not _exchange(staging, out_dir):
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
        os.rename(staging, out_dir)
        staging = old
    # staging now holds the previous build
    if spare.exists():
        shutil.rmtree(spare, ignore_errors=True)
    try:
        os.rename(staging, spare)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths in one step. False where unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2   # libc, already loaded: no ldconfig run
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0
