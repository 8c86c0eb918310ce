"""Stable digests of plain values and model objects: the keys of the build cache.

A digest covers everything a value holds, recursively: dataclass fields, list and
dict items, dates. Two values with the same digest render the same. Values that
cannot be digested (a function, an open file) raise Undigestable: whatever holds
them is simply not cached.

Briefs' and pages' Markdown bodies are left out of a digest wherever the caller
says so (`omit`): a page shows a body only through its own `markdown_of`, which
its key covers separately. That is what lets one edited brief re-render one page.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import pathlib
import pickle


class Undigestable(TypeError):
    """A value the digest cannot describe (a function, say); whatever holds it is not cached."""


class Digester:
    """Digests values, remembering those of frozen dataclass instances (model objects are shared)."""

    def __init__(self, omit: dict | None = None):
        self.omit = {cls: frozenset(names) for cls, names in (omit or {}).items()}
        self._memo: dict[int, tuple[object, str]] = {}   # id -> (the object, kept alive; its digest)
        self._fields: dict[type, tuple[str, ...]] = {}

    def digest(self, *values) -> str:
        parts: list[str] = []
        for value in values:
            self._encode(value, parts)
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def remember(self, value, digest: str) -> None:
        """Use this digest for this (mutable) object from now on: the caller vouches it stays as it is."""
        self._memo[id(value)] = (value, "@" + digest)

    def _fields_of(self, cls) -> tuple[str, ...]:
        names = self._fields.get(cls)
        if names is None:
            skip = self.omit.get(cls, frozenset())
            names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
            self._fields[cls] = names
        return names

    def _encode(self, value, out: list) -> None:
        kind = type(value)
        if kind is str:   # length first: no text can pass for two
            out.append(f"s{len(value)}:{value}")
            return
        known = self._memo.get(id(value))   # most values met are model objects met before
        if known is not None and known[0] is value:
            out.append(known[1])
        elif value is None or kind in (bool, int, float):
            out.append(f"{kind.__name__}:{value!r}")
        elif kind in (list, tuple):
            out.append(f"{kind.__name__}[{len(value)}")
            for item in value:
                self._encode(item, out)
            out.append("]")
        elif isinstance(value, dict):   # insertion order: ours is deterministic
            out.append(f"dict[{len(value)}")
            for key, item in value.items():
                self._encode(key, out)
                self._encode(item, out)
            out.append("]")
        elif hasattr(kind, "__dataclass_fields__"):
            self._encode_dataclass(value, out)
        elif isinstance(value, str):   # Markup and other str subclasses
            out.append(f"{kind.__name__}{len(value)}:{value}")
        elif isinstance(value, (dt.date, dt.time)):
            out.append(f"{kind.__name__}:{value.isoformat()}")
        elif isinstance(value, (set, frozenset)):
            items = sorted(self.digest(item) for item in value)
            out.append(f"set[{','.join(items)}]")
        elif isinstance(value, (bytes, pathlib.PurePath)):
            out.append(f"{kind.__name__}:{value!s}")
        else:
            raise Undigestable(f"cannot digest a {kind.__name__}")

    def _encode_dataclass(self, value, out: list) -> None:
        kind = type(value)
        frozen = kind.__dataclass_params__.frozen
        parts = [f"{kind.__module__}.{kind.__qualname__}("]
        for name in self._fields_of(kind):
            self._encode(getattr(value, name), parts)
        parts.append(")")
        if frozen:
            text = "@" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
            self._memo[id(value)] = (value, text)
            out.append(text)
        else:
            out.extend(parts)


def plain_digest(value) -> str:
    """SHA-256 of a value made of model objects, tuples, dicts and plain values, pickled
    without a memo: equal values give equal bytes, however their objects are shared.
    Much faster than Digester for large values (the pickler is in C)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_digest(folder: pathlib.Path, pattern: str = "*") -> str:
    """One digest of every file under folder (names and bytes): templates, static files, our source."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
