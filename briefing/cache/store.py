"""The build cache: results of pure work, kept between builds, found again by content hash.

What is kept (in `.cache/briefing/` unless `--cache DIR` says otherwise):
- the result of each unit of work a stage hands out (model.Work: a content file
  parsed, its records read), keyed by the file's digest (`run`);
- each Markdown body's HTML, keyed by the body and the page it is on, with the
  [[id]] links it resolved (checked again before reuse: a renamed actor misses);
- each page's bytes, keyed by a digest of everything its template can see; each
  brief's network; the network's analysis; the downloads (cache/pages.py, build.py);
- the manifest of the last output folder, so unchanged files can be hard-linked
  into the next one instead of written again.

No stage imports this module: build.py and cache/pages.py wrap the stages' work
from outside. Without a folder, a BuildCache keeps nothing and runs every unit.

Every key includes `generator_version()`, a digest of the package's own source, the
base map and the libraries that shape the output, so a new version of the generator
never reuses an old result. Big values live in one append-only pack file, each
checked against its SHA-256 when read: a damaged entry is a miss, never wrong
output. Entries unused for `KEEP_BUILDS` builds are dropped, and the pack is
rewritten when more than half of it is dead.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from pathlib import Path

import jinja2

from briefing.cache.keys import file_digest, folder_digest
from briefing.errors import CacheFolderError
from briefing.model import Work
from briefing.resources import basemap_dir

FORMAT = 1
KEEP_BUILDS = 3     # an entry unused by this many builds in a row is dropped
PACKAGE_DIR = Path(__file__).resolve().parents[1]   # the whole briefing package


# Libraries whose version shapes the output, and the file of each that names its version.
LIBRARIES = {"markdown": "__meta__.py", "jinja2": "__init__.py", "markupsafe": "__init__.py",
             "yaml": "__init__.py", "nh3": None,
             "networkx": "__init__.py", "numpy": "version.py",   # the kept network analysis and figures
             "shapely": "_version.py",   # a places.yaml kept as valid was checked against the base map with it
             "slugify": "__version__.py", "text_unidecode": "data.bin",   # heading ids in other scripts
             "citeproc": "_version.py",   # the references of "Cite this" (its bundled style and locales with it)
             "babel": "__init__.py"}   # dates, numbers and plural rules in each language (CLDR data)


def generator_version() -> str:
    """Digest of this package's files, of the base map the place maps are drawn from, and of the
    libraries that shape the output.

    Libraries are identified by the bytes of the file that holds their version, found
    without importing them (a warm build may need neither Markdown nor nh3; and
    importlib.metadata alone costs 0.1 s to import).
    """
    digest = hashlib.sha256(f"{FORMAT}|{sys.version_info[:2]}|{folder_digest(PACKAGE_DIR)}|"
                            f"{folder_digest(basemap_dir())}".encode())   # place maps are drawn from it
    for name, version_file in LIBRARIES.items():
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is not None and version_file:
            origin = origin.parent / version_file
        try:
            digest.update(name.encode() + hashlib.sha256(origin.read_bytes()).digest())
        except (AttributeError, OSError):
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()


def check_cache_location(cache_dir: Path, out_dir: Path) -> None:
    """The cache must never be inside the output folder (a build replaces that folder whole)."""
    cache, out = Path(os.path.abspath(cache_dir)), Path(os.path.abspath(out_dir))
    if cache == out or out in cache.parents:
        raise CacheFolderError(f"the cache folder '{cache_dir}' is inside the output folder '{out_dir}'; "
                               "choose a --cache outside it")
    if cache in out.parents:
        raise CacheFolderError(f"the output folder '{out_dir}' is inside the cache folder '{cache_dir}'")


class BuildCache:
    """One build's view of the cache folder. `BuildCache(None)` is a cache that keeps nothing."""

    def __init__(self, folder: Path | None, salt: str = ""):
        self.folder = Path(folder) if folder else None
        self.salt = salt
        self.hits = self.misses = 0
        self._entries: dict[str, dict] = {}     # kind -> key -> value (small: digests, link tables)
        self._ages: dict[tuple, int] = {}       # (kind, key) -> builds since last use
        self._blobs: dict[str, tuple[int, int]] = {}   # digest -> (offset, length) in the pack
        self._new_blobs: dict[str, tuple[int, int]] = {}   # digest -> place of a blob this build appended
        self._used: set[tuple] = set()
        self._used_blobs: set[str] = set()
        self.manifest: dict = {}                # out_dir, files: path -> (digest, size, mtime_ns, inode)
        self._pack = None
        self._lock = None
        if self.folder is not None:
            self._open()

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    # opening and saving -----------------------------------------------------------------------
    def _open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.folder / "lock", "wb")
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:   # unwritable, or another build holds it: build without a cache
            self._close_lock()
            self.folder = None
            return
        tag = self.folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n"
                           "# The build cache of briefing (generate.py build, or briefing build). Safe to delete.\n")
        try:
            with open(self.folder / "index.pickle", "rb") as handle:
                index = pickle.load(handle)
            if index.get("format") != FORMAT:
                raise ValueError("another format")
        except Exception:   # missing, damaged, or from another format: start empty
            index = {}
        same_generator = index.get("salt") == self.salt
        self._entries = index.get("entries", {}) if same_generator else {}
        self._ages = index.get("ages", {}) if same_generator else {}
        self._blobs = index.get("blobs", {}) if same_generator else {}
        self.manifest = index.get("manifest", {})
        pack = self.folder / "blobs.pack"
        try:
            self._pack = open(pack, "a+b", buffering=0) if self._blobs and pack.exists() else None
        except OSError:
            self._pack = None
        if self._pack is None:
            self._blobs = {}

    def save(self) -> None:
        """Write what this build added; drop what no recent build used."""
        if not self.enabled:
            return
        try:
            self._save()
        finally:
            self.close()

    def _save(self) -> None:
        entries, ages = {}, {}
        for (kind, key), age in list(self._ages.items()) + [(k, -1) for k in self._used]:
            age = 0 if (kind, key) in self._used else age + 1
            if age < KEEP_BUILDS and key in self._entries.get(kind, {}):
                entries.setdefault(kind, {})[key] = self._entries[kind][key]
                ages[(kind, key)] = age
        live = set(self._used_blobs)
        for kind_entries in entries.values():
            for value in kind_entries.values():
                live.update(_digests_in(value))
        old_live = sum(length for digest, (_, length) in self._blobs.items() if digest in live)
        pack = self.folder / "blobs.pack"
        total = os.fstat(self._pack.fileno()).st_size if self._pack is not None else 0   # dead bytes included
        new = {d: place for d, place in self._new_blobs.items() if d in live and d not in self._blobs}
        if total and (old_live + sum(length for _, length in new.values())) * 2 < total:   # over half dead
            blobs = self._rewrite_pack(pack, live)
        else:   # this build's blobs are in the pack already (add_blob appended them)
            blobs = {d: place for d, place in self._blobs.items() if d in live}
            blobs.update(new)
        index = {"format": FORMAT, "salt": self.salt, "entries": entries, "ages": ages, "blobs": blobs,
                 "manifest": self.manifest}
        fd, temp = tempfile.mkstemp(prefix=".index-", dir=self.folder)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, self.folder / "index.pickle")

    def _rewrite_pack(self, pack: Path, live: set) -> dict:
        blobs = {}
        fd, temp = tempfile.mkstemp(prefix=".pack-", dir=self.folder)
        with os.fdopen(fd, "wb") as handle:
            for digest in sorted(live):
                data = self.blob(digest, count=False)
                if data is None:
                    continue
                blobs[digest] = (handle.tell(), len(data))
                handle.write(data)
        os.replace(temp, pack)
        return blobs

    def close(self) -> None:
        if self._pack is not None:
            self._pack.close()
            self._pack = None
        self._close_lock()

    def _close_lock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # blobs: bytes by their SHA-256 ------------------------------------------------------------
    def add_blob(self, data: bytes, digest: str | None = None) -> str:
        """Keep `data` under its SHA-256 (returned): appended to the pack at once, not held in
        memory until `save` (a site's pages at 20,000 briefs are gigabytes). A blob that cannot
        be written is simply not kept: the build that wants it later makes it again."""
        digest = digest or file_digest(data)
        if self.enabled and digest not in self._blobs and digest not in self._new_blobs:
            try:
                self._new_blobs[digest] = self._append(data)
            except OSError:
                pass
        self._used_blobs.add(digest)
        return digest

    def _append(self, data: bytes) -> tuple[int, int]:
        """Write data at the end of the pack; its (offset, length) there."""
        if self._pack is None:
            self._pack = open(self.folder / "blobs.pack", "a+b", buffering=0)
            if not self._blobs:   # bytes the index does not know of (a lost index, another generator)
                self._pack.truncate(0)
        fd = self._pack.fileno()
        offset = os.lseek(fd, 0, os.SEEK_END)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return offset, len(data)

    def keep_blob(self, digest: str) -> None:
        """Keep this blob for the next build although this one did not read it."""
        self._used_blobs.add(digest)

    def blob(self, digest: str, count: bool = True) -> bytes | None:
        """The bytes with this digest, or None if they are not here (or no longer match it)."""
        if not self.enabled:
            return None
        place = self._new_blobs.get(digest) or self._blobs.get(digest)
        if place is None or self._pack is None:
            return None
        try:
            data = os.pread(self._pack.fileno(), place[1], place[0])
        except OSError:
            return None
        if file_digest(data) != digest:
            return None
        if count:
            self._used_blobs.add(digest)
        return data

    # entries: small values by kind and key ----------------------------------------------------
    def get(self, kind: str, key: str):
        value = self._entries.get(kind, {}).get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add((kind, key))
        return value

    def put(self, kind: str, key: str, value) -> None:
        if not self.enabled:
            return
        self._entries.setdefault(kind, {})[key] = value
        self._used.add((kind, key))

    def memo(self, kind: str, key: str, compute, keep=lambda value: True):
        """compute(), or its pickled result from an earlier build with the same key."""
        found, value = self.recall(kind, key)
        if found:
            return value
        value = compute()
        if keep(value):
            self.keep(kind, key, value)
        return value

    def run(self, work: Work):
        """work.run(), or its result from an earlier build with the same kind and key. A result
        that carries errors (a `.errors` that is not empty) is not kept: they are reported
        anew, from the file, every build."""
        if not work.key:
            return work.run()
        return self.memo(work.kind, work.key, work.run, keep=lambda result: not getattr(result, "errors", None))

    def recall(self, kind: str, key: str) -> tuple[bool, object]:
        """(True, the value kept under this key) or (False, None)."""
        digest = self.get(kind, key)
        if digest is not None:
            data = self.blob(digest)
            if data is not None:
                try:
                    return True, pickle.loads(data)
                except Exception:
                    pass
        return False, None

    def keep(self, kind: str, key: str, value) -> None:
        if self.enabled:
            self.put(kind, key, self.add_blob(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def bytecode_cache(self, otherwise: jinja2.BytecodeCache | None) -> jinja2.BytecodeCache | None:
        """Compiled templates kept in the cache folder (Jinja checks each against its source);
        `otherwise` when the cache keeps nothing."""
        if not self.enabled:
            return otherwise
        (self.folder / "templates").mkdir(exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(self.folder / "templates"))


def _digests_in(value):
    """Blob digests an entry refers to. An entry is a digest (Markdown, memo), a page:
    (its digest, ((figure path, figure digest), ...)), or a search shard (cache/search.py):
    (None, ((path, digest), ...))."""
    if isinstance(value, str):
        yield value
        return
    page, files = value
    if page is not None:
        yield page
    for _, digest in files:
        yield digest
