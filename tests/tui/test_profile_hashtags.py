"""The profile's tag field: a tag typed as a hashtag (#VIP #老客) is saved as the tag, as a
标签 cell of an import is (models.customer.tag_spelling)."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.pilot import run, settle
from tests.tui.test_profile import open_form
from xiaoben.tui.app import XiaobenApp


def test_tags_typed_as_hashtags_are_saved_without_the_hash(app_factory) -> None:
    app = app_factory("zh")

    async def story(app: XiaobenApp, pilot: Pilot[None]) -> None:
        form = await open_form(pilot)
        await pilot.press(*"林小雨")
        form.query_one("#field-tags").focus()
        await pilot.press(*"#VIP #老客 #", "ctrl+s")
        await settle(pilot)
        saved = app.book.find_customer("林小雨")
        assert saved is not None
        assert saved.tags == ["VIP", "老客"]

    run(app, story)
