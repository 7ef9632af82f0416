"""How presentation mode writes each kind of value (tui/presenting.py): the masks of the
redacted export, the switch off by default, and figures never touched."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from xiaoben.models.enums import Reason
from xiaoben.models.fields import FieldDef, FieldKind
from xiaoben.models.followup import FollowUp
from xiaoben.models.i18n import current_language, set_language
from xiaoben.tui.labels import register_labels
from xiaoben.tui.presenting import (
    Presentation,
    presented_follow_ups,
    set_presentation,
    shown_field_text,
    shown_name,
    shown_phone,
    shown_private,
    shown_report_lines,
)


@pytest.fixture(autouse=True)
def mode_off_after() -> Iterator[None]:
    register_labels()
    before = current_language()
    set_language("en")
    set_presentation(Presentation())  # off by default, whatever ran before
    yield
    set_language(before)
    set_presentation(Presentation())


def present(surnames: bool = False) -> None:
    set_presentation(Presentation(on=True, surnames=surnames))


def item(reason: Reason, detail: str) -> FollowUp:
    return FollowUp(
        customer_id=1,
        customer_key="C0001",
        name="欧阳娜娜",
        reason=reason,
        occurrence=1,
        due=date(2026, 11, 23),
        priority=2,
        value_tier=None,
        days_overdue=0,
        detail=detail,
        action="call",
        message="欧阳娜娜，您好！",
    )


def test_off_every_value_is_shown_as_it_is_with_controls_made_visible() -> None:
    assert shown_name("王\x1b芳") == "王^[芳"
    assert shown_phone("+8613812348000") == "138 1234 8000"
    assert shown_private("文三路\x07 88 号") == "文三路^G 88 号"
    assert shown_field_text("wechat", "wx_1") == "wx_1"


def test_a_phone_keeps_its_first_three_and_last_four_digits() -> None:
    present()
    assert shown_phone("+8613812348000") == "138****8000"
    assert shown_field_text("phones", "13812348000, 021-6234 5678") == "138****8000, 021****5678"


def test_wechat_address_and_notes_are_hidden_and_an_empty_one_stays_empty() -> None:
    present()
    for field in ("wechat", "address", "notes", "note", "needs", "email"):
        assert shown_field_text(field, "wx_zhang88") == "(hidden)"
    assert shown_private("") == ""
    assert shown_private(None) == ""


def test_a_column_not_read_may_hold_anything_and_is_hidden() -> None:
    present()
    assert shown_field_text(None, "13812348000") == "(hidden)"


def test_a_column_read_into_an_own_text_field_is_hidden_its_choices_stay() -> None:
    """As a redacted copy: free text about a person goes, the seller's categories stay; a
    custom field the screen does not know may hold anything."""
    present()
    id_number = FieldDef(id=1, kind=FieldKind.TEXT, label_zh="身份证号", label_en="ID")
    skin = FieldDef(id=2, kind=FieldKind.CHOICE, label_zh="肤质", label_en="skin", options=["干性"])
    custom = [id_number, skin]
    assert shown_field_text("custom.1", "330102199001011234", custom) == "(hidden)"
    assert shown_field_text("custom.2", "干性", custom) == "干性"
    assert shown_field_text("custom.3", "anything", custom) == "(hidden)"
    assert [f.kind for f in custom if f.private] == [FieldKind.TEXT]


def test_figures_dates_and_regions_stay() -> None:
    present(surnames=True)
    for field, text in (("amount", "1,280.50"), ("date", "2026-11-23"), ("city", "杭州")):
        assert shown_field_text(field, text) == text


def test_names_stay_whole_unless_the_seller_chose_surnames() -> None:
    present()
    assert shown_name("欧阳娜娜") == "欧阳娜娜"
    present(surnames=True)
    assert shown_name("欧阳娜娜") == "欧阳某"
    assert shown_field_text("name", "张晓燕") == "张某"


def test_a_queue_item_hides_a_reminders_note_and_the_name_in_its_draft() -> None:
    present(surnames=True)
    reminder, birthday = presented_follow_ups(
        [item(Reason.REMINDER, "周五回电问快递"), item(Reason.BIRTHDAY, "11-25")]
    )
    assert (reminder.name, reminder.detail, reminder.message) == (
        "欧阳某",
        "(hidden)",
        "欧阳某，您好！",
    )
    assert birthday.detail == "11-25"
    (plain,) = presented_follow_ups([item(Reason.REMINDER, "reminder")])
    assert plain.detail == "reminder"  # a reminder without a note says only that
    assert reminder.key == item(Reason.REMINDER, "").key  # still the same item to act on


def test_report_lines_quoting_a_file_are_one_hidden_line() -> None:
    lines = ["line 3: 13812348000 belongs to 张三", "line 4: bad phone"]
    assert shown_report_lines(lines) == lines
    present()
    assert shown_report_lines(lines) == ["(hidden)"]
    assert shown_report_lines([]) == []
