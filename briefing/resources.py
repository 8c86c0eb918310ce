"""The generator's own files: its templates, static files, base map, web fonts and plotly bundle.

`data_root()` returns the folder that holds them, laid out as the repository's root is:
`templates/`, `static/`, `vendor/basemap/`, `vendor/fonts/` and `vendor/plotly/plotly-briefing.min.js`.
It looks in two places, in this order, and takes the first that has `templates/`:

1. inside the installed package: `importlib.resources.files("briefing") / "_data"`. A wheel
   carries the five there: pyproject.toml maps them from the repository's root folders when
   the wheel is built, so git keeps them once, at the root;
2. the repository root, the folder that holds `briefing/`: a source checkout (an editable
   install of one included) has no `briefing/_data/` and reads them where git keeps them.

If neither has them, it raises FileNotFoundError naming both places. `templates_dir()`,
`static_dir()`, `basemap_dir()`, `fonts_dir()` and `plotly_bundle()` return one of them under that root, as
absolute paths. They are the defaults; a site's own `templates/` is searched before
`templates_dir()` (build.templates_path).
"""
from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

PACKAGED = "_data"                                  # the wheel's folder for them (pyproject.toml)
CHECKOUT = Path(__file__).resolve().parent.parent   # the repository root, in a source checkout


@functools.cache
def data_root() -> Path:
    packaged = files("briefing") / PACKAGED
    if isinstance(packaged, Path) and (packaged / "templates").is_dir():
        return packaged.resolve()
    if (CHECKOUT / "templates").is_dir():
        return CHECKOUT
    raise FileNotFoundError(f"the generator's templates are missing: neither {packaged}/templates (installed "
                            f"package) nor {CHECKOUT}/templates (source checkout) exists")


def templates_dir() -> Path:
    return data_root() / "templates"


def static_dir() -> Path:
    return data_root() / "static"


def basemap_dir() -> Path:
    return data_root() / "vendor" / "basemap"


def fonts_dir() -> Path:
    return data_root() / "vendor" / "fonts"


def plotly_bundle() -> Path:
    return data_root() / "vendor" / "plotly" / "plotly-briefing.min.js"
