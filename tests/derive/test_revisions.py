"""What a revision changed, word by word (derive/revisions.py)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.derive.revisions import CONTEXT_WORDS, MAX_ALIGNED_TOKENS, compare, word_count


def marked(comparison) -> list[str]:
    """Each passage as text, removals as [-...-] and additions as {+...+} (git's --word-diff)."""
    signs = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
    return [("... " if p.cut_before else "") + "".join(signs[x.kind][0] + x.text + signs[x.kind][1] for x in p.pieces)
            + (" ..." if p.cut_after else "") for p in comparison.passages]


def test_a_changed_word_is_removed_then_added_with_the_words_around_it():
    found = compare("The coalition took most of Aleppo.\n", "The coalition took all of Aleppo.\n")
    assert marked(found) == ["The coalition took [-most-]{+all+} of Aleppo."]   # the line break at the end trimmed
    assert (found.added, found.removed) == (1, 1)


def test_punctuation_is_a_word_of_its_own():
    assert marked(compare("Aleppo fell.", "Aleppo fell, SOHR said.")) == ["Aleppo fell{+, SOHR said+}."]


def test_a_deletion_and_an_insertion_take_their_space_with_them():
    assert marked(compare("a b c", "a c")) == ["a [-b -]c"]
    assert marked(compare("a c", "a b c")) == ["a {+b +}c"]


def test_text_rewrapped_onto_other_lines_is_no_change():
    before = "one two three\nfour five six\n"
    assert not compare(before, "one two\nthree four five\nsix\n").changed
    assert not compare(before, before).changed
    assert compare(before, before).passages == ()


def test_changes_far_apart_are_passages_of_their_own_with_context_cut_short():
    words = [f"w{i}" for i in range(100)]
    after = words.copy()
    after[10], after[90] = "TEN", "NINETY"
    found = compare(" ".join(words), " ".join(after))
    assert len(found.passages) == 2
    first, second = found.passages
    assert not first.cut_before and first.cut_after          # the text starts with w0
    assert second.cut_before and not second.cut_after        # ...and ends with w99
    assert marked(found)[0].startswith("w0 w1 ") and "[-w10-]{+TEN+}" in marked(found)[0]
    kept_after = marked(found)[0].split("{+TEN+}")[1].split()
    assert kept_after[:CONTEXT_WORDS] == [f"w{i}" for i in range(11, 11 + CONTEXT_WORDS)]
    assert kept_after[CONTEXT_WORDS:] == ["..."]


def test_changes_close_together_share_a_passage():
    words = [f"w{i}" for i in range(40)]
    after = words.copy()
    after[10], after[20] = "A", "B"
    assert len(compare(" ".join(words), " ".join(after)).passages) == 1


def test_a_huge_rewrite_is_shown_whole_not_aligned():
    """Aligning thousands of words costs seconds: a run of changed lines that long is shown as
    removed, then added, even the words the two have in common."""
    before = "keep " + " ".join(["old"] * MAX_ALIGNED_TOKENS)
    after = "keep " + " ".join(["new"] * 10)
    found = compare(before, after)
    assert [p.kind for p in found.passages[0].pieces] == ["removed", "added"]
    assert (found.added, found.removed) == (11, MAX_ALIGNED_TOKENS + 1)
    assert compare("keep old old", "keep new").passages[0].pieces[0].text == "keep "   # aligned when short


def test_word_count_counts_words_not_punctuation():
    assert word_count("Aleppo fell, SOHR said: [[hts]] -- 2 days.") == 7


WORDS = st.lists(st.sampled_from(["Aleppo", "fell", "the", ",", ".", " ", "\n", "  ", "HTS", "SOHR", "said"]),
                 max_size=40).map("".join)


@settings(max_examples=300, deadline=None, database=None)
@given(WORDS, WORDS)
def test_every_word_of_both_texts_is_accounted_for(before, after):
    """With unlimited context, the passages hold the later text (same and added) and the earlier
    text (same and removed), white space aside."""
    found = compare(before, after, context=10_000)
    pieces = [piece for passage in found.passages for piece in passage.pieces]
    if not found.changed:
        assert before.split() == after.split()
        return
    new = "".join(p.text for p in pieces if p.kind != "removed")
    old = "".join(p.text for p in pieces if p.kind != "added")
    assert new.split() == after.split()
    # The unchanged stretches carry the later text's white space: compare the earlier text's words.
    assert "".join(old.split()) == "".join(before.split())
