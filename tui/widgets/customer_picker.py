"""Pick a customer by typing (ModalScreen[int | None]): the list's search, a window of matches.

Type a name, pinyin, initials, phone, WeChat ID or tag; ↑/↓ move, Enter picks, Esc gives
None. Reads through store.customer_list in a thread worker; never loads the whole book.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from xiaoben.models.enums import ValueTier
from xiaoben.models.i18n import t
from xiaoben.store.customer_list import ListQuery, ListRow
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.presenting import presenting, shown_name
from xiaoben.tui.widgets.inputs import OptionBox, TextBox
from xiaoben.tui.widgets.keys_footer import KeysFooter

SHOWN = 30  # matches shown at once; typing more narrows them


def describe_row(row: ListRow) -> Text:
    """One match as the seller reads it: name, code, city, value tier."""
    line = Text(shown_name(row.name), style="bold")
    details = [part for part in (row.code, row.city or row.province) if part]
    if row.value_tier:
        details.append(ValueTier(row.value_tier).label())
    if details:
        line.append("  " + " · ".join(details), style="dim")
    return line


def _marked(line: Text) -> Text:
    """A match the book takes for the same person as the customer being merged."""
    line.append("  " + t("picker.likely_twin"), style="italic")
    return line


class CustomerPicker(ReachesTheBook, ModalScreen[int | None]):
    """Dismisses with the chosen customer's id, or None when the seller backs out."""

    DEFAULT_CSS = """
    CustomerPicker {
        align: center middle;
    }
    CustomerPicker > #picker-box {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $accent 70%;
        background: $surface;
    }
    CustomerPicker #picker-title {
        text-style: bold;
        color: $accent;
    }
    CustomerPicker #picker-results {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "common.cancel", tooltip="picker.cancel.help", id="cancel"),
        Binding("down", "move(1)", "picker.down", show=False),
        Binding("up", "move(-1)", "picker.up", show=False),
        Binding("pagedown", "move(10)", "picker.down", show=False),
        Binding("pageup", "move(-10)", "picker.up", show=False),
    ]

    def __init__(
        self, exclude_id: int | None = None, title_key: str = "picker.title", twins: bool = False
    ) -> None:
        """`twins`: before any search, the customers who may be the same person as
        `exclude_id` come first, marked (the merge's picker)."""
        super().__init__()
        self.exclude_id = exclude_id
        self.title_key = title_key
        self.twins = twins
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(label(self.title_key), id="picker-title")
            yield TextBox(
                placeholder=t("picker.placeholder"),
                id="picker-search",
                compact=True,
                masked=presenting(),  # a phone typed to find them, on a screen others see
            )
            yield Static("", id="picker-count", classes="muted")
            yield OptionBox(id="picker-results")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-search", Input).focus()
        self._search("")

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="customer-picker")
    def _search(self, text: str) -> None:
        query = ListQuery(search=text, sort="name", descending=False)
        likely: list[ListRow] = []
        with self.book.reading():
            total = self.book.list_count(query)
            rows = self.book.list_window(query, 0, SHOWN + 1)
            if self.twins and self.exclude_id is not None and not text.strip():
                twins = self.book.likely_twins(self.exclude_id, SHOWN)
                found = self.book.list_window(ListQuery(ids=frozenset(twins)), 0, SHOWN)
                by_id = {row.id: row for row in found}
                likely = [by_id[each] for each in twins if each in by_id]
        if get_current_worker().is_cancelled:
            return  # the seller typed on; a newer search will answer
        self.app.call_from_thread(self._show, text, total, rows, likely)

    def _show(self, text: str, total: int, rows: list[ListRow], likely: list[ListRow]) -> None:
        itself = any(row.id == self.exclude_id for row in rows)
        if itself:
            total -= 1
        first = {row.id for row in likely}
        rows = [row for row in rows if row.id != self.exclude_id and row.id not in first]
        rows = [*likely, *rows][:SHOWN]
        results = self.query_one("#picker-results", OptionList)
        results.set_options(
            Option(
                _marked(describe_row(row)) if row.id in first else describe_row(row), id=str(row.id)
            )
            for row in rows
        )
        if rows:
            results.highlighted = 0
        if not rows and itself:  # (her own code typed: she is not to be picked)
            shown = t("picker.itself", text=text)
        elif not rows:
            shown = t("picker.none", text=text) if text else t("picker.empty_book")
        elif total > len(rows):
            shown = t("picker.some", shown=len(rows), total=total)
        else:
            shown = t("picker.all", total=total)
        self.query_one("#picker-count", Static).update(shown)

    def action_move(self, step: int) -> None:
        results = self.query_one("#picker-results", OptionList)
        if results.option_count == 0:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(results.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-search")
    def _pick_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#picker-results", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(int(option.id))

    @on(OptionList.OptionSelected, "#picker-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss(int(event.option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
