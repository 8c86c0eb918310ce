"""The search index: Pagefind (the `pagefind` package runs its binary) over the finished pages.

It runs on the staging folder, before the atomic swap, so a failed index fails
the build and leaves the published site as it was.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from briefing.errors import SearchIndexError

SEARCH_DIR = "pagefind"


def index_site(folder: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", SEARCH_DIR,
               "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        hint = " (install it with: python -m pip install -r requirements.txt)" if "No module" in "".join(detail) else ""
        raise SearchIndexError("Pagefind failed to index the site: " + (detail[-1] if detail else "no output") + hint)
