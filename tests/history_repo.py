"""A small git repository of content, with fixed dates, for tests of revision histories.

`git(folder, *args, date=...)` runs git with a fixed author, committer and date (GIT_AUTHOR_DATE,
GIT_COMMITTER_DATE), so the same steps give the same commits, hashes included, every run.
`history_repository(root)` makes root/ a repository of the mini content with four commits to
the-offensive.md (written, edited, renamed to offensive.md, corrected) and returns its content folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import MINI, edit

# A fixed person and no user configuration (~/.gitconfig, /etc/gitconfig): the commits are the same
# on every machine.
ENVIRONMENT = {"GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
               "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org",
               "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

# What history_repository commits, newest first: (date, subject).
COMMITS = [
    ("2024-12-02T15:00:00+00:00", "Correct the offensive: all of Aleppo, not most"),
    ("2024-12-02T12:00:00+00:00", "Rename the offensive brief"),
    ("2024-12-02T09:30:00+00:00", "The offensive: a broad coalition"),
    ("2024-12-01T10:00:00+00:00", "First version of the briefs"),
]
CORRECTION = "An earlier version said the coalition took most of Aleppo; SOHR said all of it."


def git(folder: Path, *args: str, date: str = "2024-12-01T10:00:00+00:00") -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(ENVIRONMENT, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True,
                          text=True).stdout


def commit(folder: Path, message: str, date: str) -> None:
    git(folder, "add", "-A", date=date)
    git(folder, "commit", "-q", "-m", message, date=date)


def history_repository(root: Path) -> Path:
    """root/content: the mini content, committed four times (COMMITS); returns the content folder."""
    content = root / "content"
    shutil.copytree(MINI, content)
    git(root, "init", "-q")
    (date4, subject4), (date3, subject3), (date2, subject2), (date1, subject1) = COMMITS
    commit(root, subject1, date1)
    edit(content / "briefs/the-offensive.md", "formed a coalition", "formed a broad coalition")
    commit(root, subject2 + "\n\nWho was in it, as SOHR listed them.", date2)
    git(root, "mv", "content/briefs/the-offensive.md", "content/briefs/offensive.md", date=date3)
    for name in ("briefs/diplomacy.md", "pages/about.md"):
        path = content / name
        path.write_text(path.read_text(encoding="utf-8").replace("[[the-offensive]]", "[[offensive]]"),
                        encoding="utf-8")
    commit(root, subject3, date3)
    edit(content / "briefs/offensive.md", "took most of Aleppo", "took all of Aleppo")
    edit(content / "briefs/offensive.md", "sources: [sohr, moc-telegram]\n",
         f"sources: [sohr, moc-telegram]\ncorrections:\n  - date: {date4}\n    text: {CORRECTION}\n")
    commit(root, subject4, date4)
    return content
