"""Assets a style sheet names (the Arabic web font): published under hashed names, and the sheet
rewritten to name them so (briefing/output/assets.py), in the built site and in its pieces."""
from __future__ import annotations

import re

import pytest

from briefing.build import vendor_assets
from briefing.output.assets import hash_assets, link_assets


def test_a_sheet_names_the_hashed_font(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    font = tmp_path / "font.woff2"
    font.write_bytes(b"wOF2 one")
    (static / "style.css").write_text('@font-face { src: url("vendor/fonts/a.woff2") format("woff2"); }\n'
                                      "a { background: url(data:image/png;base64,AAAA) }\n")
    (static / "css" / "deep.css").write_text("@font-face { src: url('../vendor/fonts/a.woff2'); }\n")
    mapping, files = hash_assets(static, {"vendor/fonts/a.woff2": font})
    written = {f.path: f.data for f in files}
    assert re.fullmatch(r"assets/vendor/fonts/a\.[0-9a-f]{10}\.woff2", mapping["vendor/fonts/a.woff2"])
    hashed_font = mapping["vendor/fonts/a.woff2"].removeprefix("assets/")
    assert f'url("{hashed_font}") format("woff2")'.encode() in written[mapping["style.css"]]
    assert b"url(data:image/png;base64,AAAA)" in written[mapping["style.css"]]      # left as it was
    assert f'url("../{hashed_font}")'.encode() in written[mapping["css/deep.css"]]  # relative to the sheet

    # a new font is a new name for it, and so for the sheet that names it
    font.write_bytes(b"wOF2 two")
    again, _ = hash_assets(static, {"vendor/fonts/a.woff2": font})
    assert again["vendor/fonts/a.woff2"] != mapping["vendor/fonts/a.woff2"]
    assert again["style.css"] != mapping["style.css"]
    assert again["css/deep.css"] != mapping["css/deep.css"]


@pytest.mark.parametrize("url", ["vendor/fonts/missing.woff2", "../outside.woff2"])
def test_a_sheet_naming_no_asset_is_an_error(url):
    with pytest.raises(ValueError, match="names no asset"):
        link_assets(f'@font-face {{ src: url("{url}"); }}'.encode(), "style.css", {"vendor/fonts/a.woff2": "x"})


@pytest.mark.parametrize("url", ["https://example.org/a.woff2", "/abs.woff2", "#filter", "data:font/woff2;base64,AA"])
def test_absolute_urls_are_left_alone(url):
    css = f'a {{ src: url("{url}"); }}'.encode()
    assert link_assets(css, "style.css", {}) == css


def test_the_site_publishes_the_arabic_font_its_sheet_names(mini_site):
    sheet = next((mini_site / "assets").glob("style.*.css"))
    named = re.findall(r'url\("([^"]+)"\)', sheet.read_text(encoding="utf-8"))
    assert sorted(name.split("/")[-1].split(".")[0] for name in named) == [
        "noto-naskh-arabic-arabic-400-normal", "noto-naskh-arabic-arabic-700-normal"]
    for name in named:
        published = sheet.parent / name
        assert published.is_file()
        source = vendor_assets()["vendor/fonts/" + re.sub(r"\.[0-9a-f]{10}\.", ".", published.name)]
        assert published.read_bytes() == source.read_bytes()
