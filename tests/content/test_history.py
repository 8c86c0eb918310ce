"""Reading each brief's revision history from git (content/history.py), in real repositories made
in tmp_path with fixed dates (tests/history_repo.py)."""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from briefing.content.history import NO_GIT, NOT_A_REPOSITORY, SHALLOW, read_history, revision_texts
from conftest import MINI, edit
from history_repo import COMMITS, commit, git, history_repository

SLUGS = ("offensive", "diplomacy")


@pytest.fixture
def repository(tmp_path):
    return history_repository(tmp_path / "repo")


def test_each_brief_s_commits_newest_first_followed_across_a_rename(repository):
    history = read_history(repository, SLUGS)
    assert history.unavailable == ""
    offensive = history.of("offensive")
    assert [(r.date, r.subject) for r in offensive.revisions] == [
        (dt.datetime.fromisoformat(date), subject) for date, subject in COMMITS]
    assert [r.path for r in offensive.revisions] == ["content/briefs/offensive.md"] * 2 + \
        ["content/briefs/the-offensive.md"] * 2
    renamed = offensive.revisions[1]
    assert renamed.previous_path == "content/briefs/the-offensive.md" and renamed.blob == renamed.previous_blob
    first = offensive.revisions[-1]
    assert first.previous_path == first.previous_blob == ""
    assert offensive.revisions[2].message_body == "Who was in it, as SOHR listed them."
    assert all(r.short == r.commit[:12] and len(r.commit) == 40 for r in offensive.revisions)
    assert [r.commit for r in offensive.revisions] == git(repository.parent, "log", "--format=%H").split()
    # diplomacy.md changed in the first commit and in the rename (its link to the brief)
    assert [r.subject for r in history.of("diplomacy").revisions] == [COMMITS[1][1], COMMITS[3][1]]
    assert not offensive.uncommitted and not history.of("diplomacy").uncommitted


def test_revision_texts_are_the_files_as_committed(repository):
    history = read_history(repository, SLUGS)
    revisions = history.of("offensive").revisions
    texts = revision_texts(history.repository, [r.blob for r in revisions])
    for revision in revisions:
        assert texts[revision.blob] == git(repository.parent, "show", f"{revision.commit}:{revision.path}")
    assert "took all of Aleppo" in texts[revisions[0].blob] and "took most" in texts[revisions[1].blob]
    assert revision_texts(history.repository, []) == {}
    assert revision_texts(history.repository, ["0" * 40]) == {"0" * 40: None}


def test_edits_not_yet_committed_are_flagged_and_in_no_revision(repository):
    edit(repository / "briefs/offensive.md", "took all of Aleppo", "took all of Aleppo and more")
    shutil.copyfile(repository / "briefs/diplomacy.md", repository / "briefs/new.md")
    history = read_history(repository, (*SLUGS, "new"))
    assert history.of("offensive").uncommitted and len(history.of("offensive").revisions) == 4
    assert not history.of("diplomacy").uncommitted
    assert history.of("new").uncommitted and history.of("new").revisions == ()
    commit(repository.parent, "More", "2024-12-02T16:00:00+00:00")
    history = read_history(repository, (*SLUGS, "new"))
    assert not history.of("offensive").uncommitted and history.of("offensive").revisions[0].subject == "More"
    assert [r.subject for r in history.of("new").revisions] == ["More"]


def test_a_shallow_clone_has_no_history(repository, tmp_path):
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repository.parent}", "shallow")
    history = read_history(tmp_path / "shallow" / "content", SLUGS)
    assert history.unavailable == SHALLOW and history.briefs == {}


def test_a_full_clone_has_the_whole_history(repository, tmp_path):
    git(tmp_path, "clone", "-q", f"file://{repository.parent}", "full")
    history = read_history(tmp_path / "full" / "content", SLUGS)
    assert [r.subject for r in history.of("offensive").revisions] == [subject for _, subject in COMMITS]


def test_content_outside_any_repository_has_no_history(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    assert read_history(content, ("the-offensive",)).unavailable == NOT_A_REPOSITORY
    assert read_history(tmp_path / "no-such-folder", ()).unavailable == NOT_A_REPOSITORY


def test_without_git_there_is_no_history(repository, tmp_path, monkeypatch):
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))   # a machine without git
    assert read_history(repository, SLUGS).unavailable == NO_GIT


def test_git_variables_pointing_elsewhere_are_ignored(repository, tmp_path, monkeypatch):
    """A build run inside a git hook inherits GIT_DIR and GIT_INDEX_FILE: the history is still the
    content's own."""
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    assert len(read_history(repository, SLUGS).of("offensive").revisions) == 4


def test_a_message_s_control_characters_are_replaced(repository):
    edit(repository / "briefs/offensive.md", "took all of Aleppo", "took all of Aleppo city")
    commit(repository.parent, "Bell\x07 and escape\x1b[31m", "2024-12-02T17:00:00+00:00")
    assert read_history(repository, SLUGS).of("offensive").revisions[0].message == "Bell\ufffd and escape\ufffd[31m"


def test_the_repository_may_be_the_content_folder_itself(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    git(content, "init", "-q")
    commit(content, "Content alone", "2024-12-01T10:00:00+00:00")
    history = read_history(content, ("the-offensive",))
    assert [r.path for r in history.of("the-offensive").revisions] == ["briefs/the-offensive.md"]
    assert os.path.samefile(history.repository, content)


def test_a_repository_without_a_commit_has_briefs_not_yet_committed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    git(tmp_path, "init", "-q")
    history = read_history(content, ("the-offensive",))
    assert history.unavailable == ""
    assert history.of("the-offensive").revisions == () and history.of("the-offensive").uncommitted


def test_when_git_fails_the_history_says_what_git_said(repository):
    """A repository git cannot read (here: its object of HEAD's commit deleted) gives no history,
    and git's own words for why."""
    head = git(repository.parent, "rev-parse", "HEAD").strip()
    (repository.parent / ".git" / "objects" / head[:2] / head[2:]).unlink()
    history = read_history(repository, SLUGS)
    assert history.unavailable.startswith("git could not read the repository (")
    assert history.briefs == {}
