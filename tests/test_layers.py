"""The layers of the package: no module imports a higher stage, and model.py and errors.py
import nothing of ours (docs/architecture.md: "No import runs upwards").

Every import statement counts, at the top of a module or inside a function (several modules
import lazily, to keep a warm build light). Within a layer, modules import each other freely.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

# Lowest first. The shared modules are layers of their own, so they too import only downwards
# (resources finds the packaged templates, static files and base map); then one layer a stage.
LAYERS = ("model", "errors", "i18n", "text", "urls", "resources",
          "content", "derive", "figures", "pages", "render", "output", "cache", "build", "editor", "cli",
          "__main__")   # python -m briefing: calls cli
IMPORT_NOTHING_OF_OURS = {"model", "errors", "i18n"}

# (importer, imported) -> why it is still there. Delete an entry when its import goes.
KNOWN: dict[tuple[str, str], str] = {}

PACKAGE = ROOT / "briefing"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """'briefing.content.validate' -> 'content'; None for the package itself and for others' modules."""
    parts = module.split(".")
    return parts[1] if parts[0] == "briefing" and len(parts) > 1 else None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every module of ours that path imports, wherever the import stands."""
    module = module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            if base == "briefing" or (node.level and not node.module):
                found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]   # from briefing import x
            else:
                found.append((node.lineno, base))
    return [(line, name) for line, name in found if name.split(".")[0] == "briefing"]


def violations() -> dict[tuple[str, str], str]:
    """(importer, imported) -> what is wrong, for every import that breaks the layering."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        own = layer_of(importer)
        if own is None:
            continue   # briefing/__init__.py
        assert own in LAYERS, f"{path.relative_to(ROOT)}: '{own}' is in no layer; add it to LAYERS"
        for line, imported in imports_of(path):
            theirs = layer_of(imported)
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            if theirs is None or theirs == own:
                continue
            if theirs not in LAYERS:
                found[importer, imported] = f"{where}, which is in no layer"
            elif own in IMPORT_NOTHING_OF_OURS:
                found[importer, imported] = f"{where}, but {own} imports nothing of ours"
            elif LAYERS.index(theirs) > LAYERS.index(own):
                found[importer, imported] = f"{where}: {theirs} is above {own}"
    return found


def test_no_module_imports_a_higher_layer():
    unexpected = [message for pair, message in violations().items() if pair not in KNOWN]
    assert not unexpected, "imports that run upwards:\n" + "\n".join(unexpected)


def test_each_known_violation_is_still_there():
    """So that KNOWN shrinks as they go: an entry whose import is gone should be deleted."""
    gone = [f"{importer} -> {imported}" for importer, imported in KNOWN if (importer, imported) not in violations()]
    assert not gone, "no longer imported; delete from KNOWN:\n" + "\n".join(gone)


def test_the_test_sees_imports_inside_functions_and_relative_ones(tmp_path, monkeypatch):
    module = PACKAGE / "content" / "validate.py"
    assert (module_name(module), layer_of(module_name(module))) == ("briefing.content.validate", "content")
    lazy = PACKAGE / "render" / "renderer.py"
    assert "briefing.render.markdown" in [name for _, name in imports_of(lazy)]   # imported in a function
    fake = tmp_path / "briefing" / "pages" / "x.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("def f():\n    from ..render import renderer\n    from .. import cli\n    from . import spec\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert imports_of(fake) == [(2, "briefing.render"), (3, "briefing.cli"), (4, "briefing.pages.spec")]
