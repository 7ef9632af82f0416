"""A notes line naming a customer's second WeChat ID (an import or a merge writes it) makes
that ID a key of theirs; any other text is a note."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaoben.models.values import normalise_wechat, other_wechat_line, other_wechats


def test_the_lines_an_import_writes_and_their_english_are_read_back() -> None:
    notes = "\n".join(
        [
            "买面膜的",
            other_wechat_line("zs_88888"),
            "another WeChat ID: Ab-12345",
            "另一个微信号：13800138000",
        ]
    )
    assert other_wechats(notes) == ["zs_88888", "Ab-12345", "13800138000"]


def test_a_line_whose_rest_is_no_wechat_id_or_not_at_the_start_names_none() -> None:
    assert other_wechats("另一个微信号：问她老公") == []
    assert other_wechats("她说另一个微信号：zs_88888") == []
    assert other_wechats("") == []


@given(st.text())
def test_any_notes_give_only_ids_each_on_a_line_of_its_own(notes: str) -> None:
    found = other_wechats(notes)
    assert all(normalise_wechat(each) == each for each in found)
    assert len(found) <= notes.count("\n") + 1
