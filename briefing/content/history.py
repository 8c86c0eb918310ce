"""Each brief's revision history, read from the git repository that holds the content.

The history of a brief is the commits that changed its file, newest first, followed across
renames (as `git log --follow` follows one file), with what each commit changed. Only committed
history: a file edited since its last commit, or never committed, is flagged (`uncommitted`),
and its edits are in no revision until they are committed.

git itself does the reading, run as a subprocess (`git log`, `git status`, `git cat-file`), not a
library (dulwich, pygit2): it is on every machine that has a clone to build from (Netlify's build
image included), its rename detection and its reading of shallow clones are the reference ones,
and the build gains no compiled dependency. Three short runs read the history of every brief at
once (never one run a brief: a 20,000-brief site would spend minutes starting processes); the
texts of revisions are read only for the history pages that are rendered (`revision_texts`).

Where there is no history to read, `History.unavailable` says why, in words for readers: git is
not installed, the content is not in a git repository, or the repository is a shallow clone
(`git rev-parse --is-shallow-repository`), whose history stops at the clone's depth: a list cut
short there would be a false one.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Iterable, NamedTuple

from briefing.i18n import N_
from briefing.content.load import CONTROL_CHARACTER, MAX_FILE_BYTES
from briefing.errors import HistoryError
from briefing.model import BriefHistory, History, Revision

# Variables that point git at another repository than the one holding the content (set when the
# build runs inside a git hook, for one): the history is always the content's own.
REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX")
GIT_TIMEOUT = 120   # seconds: a history of many thousand commits is read in a few
HASH = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")
SHORT_HASH = 12     # characters of a commit's id shown (the Linux kernel's convention): unique in practice
# Why the history is missing, as the page says it: "The revision history is not available in
# this build: <reason>." (translated where shown, history.html; git's own errors are not)
NO_GIT = N_("git was not installed where the site was built.")
NOT_A_REPOSITORY = N_("the site was built from a folder that is not a git repository.")
SHALLOW = N_("the site was built from a shallow clone of its repository, which holds only the latest "
             "commits: a history cut short there would be wrong.")


def read_history(content_dir: Path, slugs: Iterable[str]) -> History:
    """The revision history of each brief (by slug: content_dir/briefs/<slug>.md), or why there
    is none (History.unavailable). Never raises for git's sake: a build without history is a
    build, and its history pages say why."""
    slugs = list(slugs)
    try:
        found = _repository(Path(content_dir))
        if found is None:
            return History(NOT_A_REPOSITORY)
        top, prefix, shallow = found
        if shallow:
            return History(SHALLOW)
        paths = {f"{prefix}briefs/{slug}.md": slug for slug in slugs}
        revisions = _revisions(top, prefix, paths)
        changed = _uncommitted(top, prefix)
    except FileNotFoundError:
        return History(NO_GIT)
    except HistoryError as failed:
        return History(f"git could not read the repository ({failed}).")
    except subprocess.TimeoutExpired:
        return History(f"git took more than {GIT_TIMEOUT} seconds to read the repository.")
    briefs = {slug: BriefHistory(tuple(revisions.get(slug, ())), path in changed) for path, slug in paths.items()}
    return History("", briefs, top)


def revision_texts(repository: str, blobs: Iterable[str]) -> dict[str, str | None]:
    """The text of each blob (a file's content at a revision, by object id), as UTF-8 (bytes that
    are not: U+FFFD) with control characters made U+FFFD as well; None for a blob larger than a
    brief may be (load.MAX_FILE_BYTES) or missing. One `git cat-file --batch` run."""
    wanted = sorted({blob for blob in blobs if blob})
    if not wanted:
        return {}
    out = _git(repository, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in wanted).encode())
    texts: dict[str, str | None] = {}
    at = 0
    for blob in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":   # "<id> missing", or not a file
            texts[blob] = None
            continue
        size = int(header[2])
        data, at = out[at:at + size], at + size + 1
        texts[blob] = None if size > MAX_FILE_BYTES else \
            CONTROL_CHARACTER.sub("\ufffd", data.decode("utf-8", errors="replace"))
    return texts


# --- git --------------------------------------------------------------------------------------

def _run(where, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """git, run in `where` on the repository that holds it; FileNotFoundError without git."""
    env = {key: value for key, value in os.environ.items() if key not in REPOSITORY_VARIABLES}
    env.update(LC_ALL="C", LANGUAGE="C",   # its messages in English, which _repository reads
               GIT_OPTIONAL_LOCKS="0",     # `git status` never writes the index: builds may run side by side
               GIT_TERMINAL_PROMPT="0")
    return subprocess.run(["git", "--literal-pathspecs", "-C", str(where), *args], input=stdin,
                          capture_output=True, env=env, timeout=GIT_TIMEOUT)


def _git(where, *args: str, stdin: bytes | None = None) -> bytes:
    """git's standard output; HistoryError, with git's first line of error, when it fails."""
    result = _run(where, *args, stdin=stdin)
    if result.returncode != 0:
        lines = [line for line in result.stderr.decode("utf-8", errors="replace").splitlines() if line.strip()]
        raise HistoryError(lines[0].removeprefix("fatal: ") if lines else f"exit status {result.returncode}")
    return result.stdout


def _repository(content_dir: Path) -> tuple[str, str, bool] | None:
    """(the repository's top folder, the content folder's path in it ('content/', or '' at the
    top), whether the clone is shallow); None when the folder is in no repository's work tree."""
    if not content_dir.is_dir():
        return None
    result = _run(content_dir, "rev-parse", "--is-shallow-repository", "--show-toplevel", "--show-prefix")
    error = result.stderr.decode("utf-8", errors="replace")
    if result.returncode != 0 and ("not a git repository" in error or "must be run in a work tree" in error):
        return None
    if result.returncode != 0:
        _git(content_dir, "rev-parse", "--show-toplevel")   # raises with git's message
    lines = result.stdout.decode("utf-8", errors="surrogateescape").split("\n")
    return lines[1], lines[2], lines[0] == "true"


class Change(NamedTuple):
    """One file changed by one commit, as `git log --raw` gives it."""
    status: str      # A, M, T, R, C (D: deleted, never a revision)
    old_blob: str
    new_blob: str
    old_path: str
    new_path: str


def _revisions(top: str, prefix: str, paths: dict[str, str]) -> dict[str, list[Revision]]:
    """slug -> its revisions, newest first. One `git log` over the briefs' folder, with each
    commit's changed files (--raw, renames found by -M, as --follow finds them), read newest
    first in topological order, so a file's name can be followed back through each rename to
    the commit that created it. Merges that took a brief as one side had it are passed over
    by git's history simplification; their sides' commits are listed."""
    if _run(top, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        return {}   # a repository without a commit yet: no brief has a revision
    # Settings that would change what log prints are set back (git before 2.28 ignores diff.relative).
    out = _git(top, "-c", "log.showSignature=false", "-c", "diff.relative=false", "log", "-z", "--raw", "-M",
               "--no-abbrev", "--topo-order", "--format=%H%x00%cI%x00%B", "--", f"{prefix}briefs/")
    following = dict(paths)   # the path each brief had at the commit being read -> its slug
    found: dict[str, list[Revision]] = defaultdict(list)
    for commit, date, message, changes in _commits(out.decode("utf-8", errors="surrogateescape")):
        renamed = {}
        for change in changes:
            slug = following.get(change.new_path)
            if slug is None or change.status == "D":
                continue
            created = change.status == "A"
            found[slug].append(Revision(commit, commit[:SHORT_HASH], dt.datetime.fromisoformat(date),
                                        _readable(message), change.new_path, change.new_blob,
                                        "" if created else change.old_path, "" if created else change.old_blob))
            if created or change.status in "RC":
                renamed[change.new_path] = None if created else change.old_path
        for new_path, old_path in renamed.items():   # after the whole commit: it may swap two names
            slug = following.pop(new_path)
            if old_path is not None:
                following[old_path] = slug
    return found


def _commits(out: str):
    """(commit, date, message, [Change]) for each commit of `git log -z --raw --format=%H%x00%cI%x00%B`:
    NUL-separated fields, so no message or file name can be misread (neither holds a NUL)."""
    tokens = out.split("\0")
    at = 0
    while at < len(tokens):
        if not HASH.match(tokens[at]) or at + 2 >= len(tokens):
            at += 1
            continue
        commit, date, message = tokens[at:at + 3]
        at += 3
        changes = []
        while at < len(tokens) and tokens[at].lstrip("\n").startswith(":"):
            fields = tokens[at].lstrip("\n")[1:].split(" ")   # modes, blobs, status (R100: with a score)
            status = fields[4][:1]
            if status in "RC":
                changes.append(Change(status, fields[2], fields[3], tokens[at + 1], tokens[at + 2]))
                at += 3
            else:
                changes.append(Change(status, fields[2], fields[3], tokens[at + 1], tokens[at + 1]))
                at += 2
        yield commit, date, message, changes


def _uncommitted(top: str, prefix: str) -> set[str]:
    """The paths of the briefs' folder whose file differs from the last commit: edited, staged,
    new (untracked) or deleted. (An ignored file is not listed; it has no revision either.)"""
    out = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--",
               f"{prefix}briefs/").decode("utf-8", errors="surrogateescape")
    return {entry[3:] for entry in out.split("\0") if len(entry) > 3}


def _readable(message: str) -> str:
    """A commit message as a page may show it: control characters (which a message may hold,
    and a page or feed cannot) made U+FFFD, white space at its ends stripped."""
    return CONTROL_CHARACTER.sub("\ufffd", message.replace("\r\n", "\n")).strip()
