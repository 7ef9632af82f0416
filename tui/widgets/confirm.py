"""A yes/no question in a small modal (ModalScreen[bool]): y, n, Esc (= no), or the buttons.

The safe answer ("no") has the focus, so an absent-minded Enter destroys nothing.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.inputs import ButtonBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText


class ConfirmDialog(ModalScreen[bool]):
    """Ask `question_text`; dismisses with True (yes) or False (no, Esc)."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > #confirm-box {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $accent 70%;
        background: $surface;
    }
    ConfirmDialog #confirm-question {
        width: 100%;
        height: auto;
    }
    ConfirmDialog #confirm-buttons {
        width: 100%;
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    ConfirmDialog Button {
        margin-left: 2;
        min-width: 10;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "confirm.yes", tooltip="confirm.yes", id="confirm-yes"),
        Binding("n", "answer(False)", "confirm.no", tooltip="confirm.no", id="confirm-no"),
        Binding("escape", "answer(False)", "confirm.no", tooltip="confirm.no", show=False),
        Binding("left,right", "switch_button", "confirm.switch", show=False),
    ]

    def __init__(
        self,
        question_text: str,
        yes_label_key: str = "confirm.yes",
        no_label_key: str = "confirm.no",
    ) -> None:
        super().__init__()
        self.question_text = question_text
        self.yes_label_key = yes_label_key
        self.no_label_key = no_label_key
        translate_bindings(self)
        self._name_answers()

    def _name_answers(self) -> None:
        """The footer names the answers as the buttons do ("y 放弃修改", not just "y 是")."""
        names = {
            "answer(True)": label(self.yes_label_key),
            "answer(False)": label(self.no_label_key),
        }
        self._bindings = BindingsMap.from_keys(
            {
                key: [replace(b, description=names.get(b.action, b.description)) for b in bindings]
                for key, bindings in self._bindings.key_to_bindings.items()
            }
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield WrappedText(self.question_text, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield ButtonBox(
                    label(self.yes_label_key), id="yes", variant="warning", compact=True
                )
                yield ButtonBox(label(self.no_label_key), id="no", variant="primary", compact=True)
        yield KeysFooter()

    _withdrawn = False

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def withdraw(self) -> None:
        """The question no longer stands (what it asked about has ended): gone now if it is
        the screen the seller sees, else the moment it would be seen again (a lock screen or
        another question opened over it: closing the top screen would close that one)."""
        if self.app.screen is self:
            self.dismiss(None)
        else:
            self._withdrawn = True

    def on_screen_resume(self) -> None:
        if self._withdrawn:
            self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_switch_button(self) -> None:
        focused = self.focused
        target = "#yes" if focused is None or focused.id == "no" else "#no"
        self.query_one(target, Button).focus()
