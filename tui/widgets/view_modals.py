"""The modals of saved views: naming one (ModalScreen[str | None]), choosing one from the
saved views with their live counts (ModalScreen[ViewPick | None]: apply, rename, delete),
and choosing the list's columns (which a view keeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from xiaoben.models.errors import describe, field_rule, split_field_rule
from xiaoben.models.i18n import t
from xiaoben.models.views import SavedView
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.inputs import OptionBox, SelectionBox, TextBox
from xiaoben.tui.widgets.wrapped import WrappedText

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 64;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{name} .modal-title {{
    text-style: bold;
    color: $accent;
    width: 100%;
    margin-bottom: 1;
}}
{name} .modal-error {{
    color: $error;
    height: auto;
}}
{name} .modal-note {{
    color: $text-muted;
    height: auto;
}}
"""


def name_problem(name: str) -> str | None:
    """What is wrong with a view's name, in the seller's words (None: nothing)."""
    try:
        SavedView(name=name)
    except ValidationError as exc:
        rule = split_field_rule(describe(exc)[0].message)[1]
        return field_rule(label("views.field.name"), rule)
    return None


# A view's count when it cannot be applied (it filters by a removed custom field).
GONE = -1


def count_text(found: int | None) -> str:
    """A view's live count as shown: … while counting, ✕ when it cannot be applied."""
    if found is None:
        return "…"
    return "✕" if found == GONE else f"{found:,}"


class ViewNameModal(ModalScreen[str | None]):
    """Type a view's name (to save the list as a view, or to rename one)."""

    DEFAULT_CSS = MODAL_CSS.format(name="ViewNameModal")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "common.cancel", tooltip="views.cmd.cancel", id="views.cancel"),
    ]

    def __init__(self, title_key: str, name: str = "", taken: frozenset[str] = frozenset()):
        super().__init__()
        self.title_key = title_key
        self.start = name
        self.taken = taken  # names of the other views, folded
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(label(self.title_key), classes="modal-title")
            yield TextBox(
                value=self.start, placeholder=label("views.name_placeholder"), id="view-name"
            )
            yield WrappedText("", id="view-name-error", classes="modal-error", markup=False)
            yield WrappedText(label("views.name_hint"), classes="modal-note")
        yield Footer()

    @on(Input.Submitted, "#view-name")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        problem = name_problem(name)
        if problem is None and name.casefold() in self.taken:
            problem = t("store.view_taken", name=name)
        if problem is not None:
            self.query_one("#view-name-error", Static).update(problem)
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ViewPick:
    what: Literal["apply", "rename", "delete"]
    view: SavedView


class ViewsModal(ModalScreen[ViewPick | None]):
    """The saved views with how many customers each lists now; Enter applies one."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="ViewsModal")
        + """
    ViewsModal OptionList {
        height: auto;
        max-height: 20;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r", "pick('rename')", "views.key.rename", tooltip="views.cmd.rename", id="views.rename"
        ),
        Binding(
            "d", "pick('delete')", "page.key.delete", tooltip="views.cmd.delete", id="views.delete"
        ),
        Binding("escape", "cancel", "common.back", tooltip="views.cmd.close", id="views.close"),
    ]

    def __init__(self, views: list[SavedView], counts: dict[int, int]) -> None:
        super().__init__()
        self.views = views
        self.counts = counts
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(label("views.title"), classes="modal-title")
            if self.views:
                yield OptionBox(
                    *(Option(self._line(view), id=str(view.id)) for view in self.views),
                    id="views-list",
                )
                yield WrappedText(label("views.hint"), classes="modal-note")
            else:
                yield WrappedText(label("views.none"), classes="modal-note")
        yield Footer()

    def _line(self, view: SavedView) -> str:
        return t("views.entry", name=view.name, count=count_text(self.counts.get(view.id or 0)))

    def _highlighted(self) -> SavedView | None:
        if not self.views:
            return None
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.views[index]

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(ViewPick("apply", self.views[event.option_index]))

    def action_pick(self, what: Literal["rename", "delete"]) -> None:
        view = self._highlighted()
        if view is not None:
            self.dismiss(ViewPick(what, view))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ColumnsModal(ModalScreen[tuple[str, ...] | None]):
    """Choose the list's columns (space ticks one; Ctrl+S applies); a saved view keeps them."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="ColumnsModal")
        + """
    ColumnsModal SelectionList {
        height: auto;
        max-height: 14;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "apply", "common.apply", tooltip="columns.cmd.apply", id="columns.apply"),
        Binding(
            "escape", "cancel", "common.cancel", tooltip="columns.cmd.cancel", id="columns.cancel"
        ),
    ]

    def __init__(self, columns: list[tuple[str, str]], shown: tuple[str, ...]) -> None:
        super().__init__()
        self.columns = columns  # (key, title) of every column, in display order
        self.shown = shown
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(label("columns.title"), classes="modal-title")
            yield SelectionBox(
                *((title, key, key in self.shown) for key, title in self.columns),
                id="columns-list",
            )
            yield WrappedText(label("columns.hint"), classes="modal-note")
        yield Footer()

    def action_apply(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        keys = tuple(key for key, _ in self.columns if key in chosen)
        self.dismiss(keys or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
