"""`_redirects`: Netlify's per-site rules file (https://docs.netlify.com/routing/redirects/), written
into the published folder. A site in several languages answers an address that does not exist
under an edition's prefix with that edition's 404 page (a "shadowing" 404 rule: it applies only
when no file matches), as Netlify's documentation shows for localized 404 pages. The default
language's 404.html serves everything else, as Netlify does without a rule."""
from __future__ import annotations

from briefing.model import OutputFile
from briefing.urls import language_prefix

REDIRECTS = "_redirects"


def redirect_files(langs: tuple[str, ...], root_path: str = "/") -> list[OutputFile]:
    """[_redirects] for a site in more than one language, [] otherwise. root_path: the path of the
    site's address ('/' or '/syria/'), with its slashes."""
    rules = [f"{root_path}{language_prefix(lang, langs)}* {root_path}{language_prefix(lang, langs)}404.html 404"
             for lang in langs[1:]]
    if not rules:
        return []
    text = "# Each edition's own 404 page (written by the build: briefing/output/redirects.py).\n" + "\n".join(rules)
    return [OutputFile(REDIRECTS, (text + "\n").encode("utf-8"))]
