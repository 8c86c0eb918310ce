"""`generate.py check --links`: every link of a built site, and every #anchor, must lead somewhere.

Internal links (relative, root-relative, or absolute under the site's base URL, as in canonical
and Open Graph tags, the sitemap and the feed) are resolved against the files of the build.
External links are checked only on request, each address once: HEAD, then GET when a server
refuses HEAD, with short timeouts. When no external host can be reached at all, the machine is
taken to be offline and the external check is skipped with a message instead of failing.
"""
from __future__ import annotations

import html
import http.client
import ipaddress
import posixpath
import re
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

USER_AGENT = "briefing-linkcheck/1.0 (+https://github.com/)"
# (tag, attribute) pairs that point somewhere; srcset is handled apart.
LINK_ATTRIBUTES = {("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
                   ("iframe", "src"), ("source", "src"), ("video", "src"), ("video", "poster"),
                   ("audio", "src"), ("track", "src"), ("embed", "src"), ("object", "data")}
META_LINKS = {"og:url", "og:image", "twitter:image"}
SKIPPED_RELS = {"preconnect", "dns-prefetch"}
XML_LINK = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>|<link\b[^>]*\bhref=\"([^\"]+)\"")


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str      # the page inside the site, e.g. 'briefs/the-offensive/index.html'
    line: int
    link: str      # as written in the page
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: broken link '{self.link}': {self.reason}"


@dataclass
class LinkReport:
    pages: int = 0
    internal: int = 0                 # internal links checked
    external: int = 0                 # distinct external addresses checked
    broken: list[BrokenLink] = field(default_factory=list)
    external_skipped: str = ""        # why external links were not checked, if they were not


class PageParser(HTMLParser):
    """Collects the ids a page offers as anchors and the links it contains, with their lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "link" and set(attrs.get("rel", "").lower().split()) & SKIPPED_RELS:
            return
        for name, value in attrs.items():
            if (tag, name) in LINK_ATTRIBUTES and value.strip():
                self.links.append((line, value.strip()))
            elif name in ("srcset",) and value.strip():
                self.links.extend((line, part.split()[0]) for part in value.split(",") if part.strip())
        if tag == "meta" and attrs.get("property", attrs.get("name")) in META_LINKS and attrs.get("content"):
            self.links.append((line, attrs["content"].strip()))

    handle_startendtag = handle_starttag


def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def xml_links(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [(text.count("\n", 0, m.start()) + 1, html.unescape(m.group(1) or m.group(2)))
            for m in XML_LINK.finditer(text)]


def base_url_of(site_dir: Path) -> str:
    """The site's public address, from the home page's canonical link."""
    home = site_dir / "index.html"
    if home.is_file():
        match = re.search(r'<link rel="canonical" href="([^"]+)"', home.read_text(encoding="utf-8"))
        if match:
            return html.unescape(match.group(1))
    return "https://site.invalid/"


class SiteLinks:
    """Resolves links against the files of one build."""

    def __init__(self, site_dir: Path, base_url: str | None = None):
        self.site_dir = Path(site_dir)
        base = base_url or base_url_of(self.site_dir)
        self.base = base if base.endswith("/") else base + "/"
        parts = urlsplit(self.base)
        self.origin, self.base_path = (parts.scheme, parts.netloc), parts.path or "/"
        self._ids: dict[Path, set[str]] = {}

    def ids_of(self, path: Path) -> set[str]:
        if path not in self._ids:
            self._ids[path] = parse_page(path).ids
        return self._ids[path]

    def classify(self, page: str, link: str) -> tuple[str, str]:
        """('internal', site path#fragment), ('external', url), ('outside', url) or ('skip', '')."""
        url = urljoin(self.base + page, link)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return "skip", ""
        if (parts.scheme, parts.netloc) != self.origin:
            return "external", url.split("#", 1)[0]
        if not parts.path.startswith(self.base_path):
            return "outside", url
        inner = unquote(parts.path[len(self.base_path):])
        return "internal", inner + (f"#{unquote(parts.fragment)}" if parts.fragment else "")

    def problem(self, target: str) -> str:
        """Why an internal target does not resolve, or '' when it does."""
        path, _, fragment = target.partition("#")
        if posixpath.normpath("/" + path).startswith("/.."):
            return "leaves the site"
        file = self.site_dir / path
        if path == "" or path.endswith("/") or file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return f"no page or file at /{path}"
        # '#date=2024-11-30&view=aleppo' is a state the page's script reads (the map, the chronology),
        # not an element's id
        if fragment and fragment != "top" and "=" not in fragment and file.suffix == ".html" \
                and fragment not in self.ids_of(file):
            return f"no element with id '{fragment}' on /{path}"
        return ""


def check_site(site_dir: Path, base_url: str | None = None, external: bool = False,
               timeout: float = 5.0, workers: int = 8) -> LinkReport:
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"'{site_dir}' does not look like a built site (no index.html)")
    links = SiteLinks(site_dir, base_url)
    report = LinkReport()
    outgoing: dict[str, list[tuple[str, int, str]]] = {}
    documents = sorted(p for p in site_dir.rglob("*") if p.suffix in (".html", ".xml") and p.is_file())
    for document in documents:
        page = document.relative_to(site_dir).as_posix()
        if document.suffix == ".html":
            report.pages += 1
            parser = parse_page(document)
            links._ids[document] = parser.ids
            found = parser.links
        else:
            found = xml_links(document)
        for line, link in found:
            kind, target = links.classify(page, link)
            if kind == "internal":
                report.internal += 1
                reason = links.problem(target)
                if reason:
                    report.broken.append(BrokenLink(page, line, link, reason))
            elif kind == "outside":
                report.broken.append(BrokenLink(page, line, link, f"points outside the site ({links.base})"))
            elif kind == "external":
                outgoing.setdefault(target, []).append((page, line, link))
    if external and outgoing:
        check_external(outgoing, report, timeout, workers)
    elif external:
        report.external_skipped = "no external links"
    report.broken.sort()
    return report


# --- external links ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Probe:
    ok: bool
    reason: str = ""
    unreachable: bool = False   # no HTTP answer at all (name, connection, timeout)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def probe(url: str, timeout: float) -> Probe:
    """HEAD, then GET when the server refuses HEAD; only the status line and headers are read."""
    host = urlsplit(url).hostname or ""
    handlers = [urllib.request.ProxyHandler({})] if is_loopback(host) else []
    opener = urllib.request.build_opener(*handlers)
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with opener.open(request, timeout=timeout):
                return Probe(True)
        except urllib.error.HTTPError as exc:
            if method == "HEAD":
                continue
            return Probe(False, f"HTTP {exc.code} {exc.reason}")
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            return Probe(False, describe(exc), unreachable=True)
    return Probe(False, "no answer")  # pragma: no cover - the loop always returns


def describe(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return "host name not found"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return str(reason) or type(reason).__name__


def check_external(outgoing: dict, report: LinkReport, timeout: float, workers: int) -> None:
    urls = sorted(outgoing)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        results = dict(zip(urls, pool.map(lambda u: probe(u, timeout), urls)))
    # Only an answer from another machine shows there is a network; this one's own servers do not.
    remote = [u for u in urls if not is_loopback(urlsplit(u).hostname or "")]
    offline = bool(remote) and all(results[u].unreachable for u in remote)
    if offline:
        report.external_skipped = (f"no external host could be reached ({results[remote[0]].reason}): "
                                   f"no network? {len(remote)} external addresses not checked")
    report.external = len(urls) - (len(remote) if offline else 0)
    for url, result in results.items():
        if not result.ok and not (offline and url in remote):
            for page, line, link in outgoing[url]:
                report.broken.append(BrokenLink(page, line, link, result.reason))
