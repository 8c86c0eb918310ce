"""axe-core run in a page: the WCAG 2 A and AA rules every browser test holds pages to.

axe-core comes from npm (package.json; `npm ci`), and runs in the page itself, so it sees the
page as the reader's browser built it (figures drawn, disclosures as they are)."""
from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """The page's violations, each {id, help, nodes: up to three CSS selectors}; [] for none.
    Fails (AssertionError) when axe-core is not installed, rather than passing by finding nothing."""
    assert AXE.is_file(), "axe-core missing: run npm ci"
    page.evaluate(AXE.read_text() + "\n;0")
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                         ".then(r => r.violations.map(v => ({id: v.id, help: v.help, "
                         "nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))", AXE_TAGS)
