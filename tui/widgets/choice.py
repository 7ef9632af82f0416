"""A question with a few answers in a small modal (ModalScreen[str | None]): each answer a
button and a key; Esc (or the last, safe answer, which has the focus) answers None.

Where a yes/no is not enough: "13812345678 is 林小雨's phone: open her / add anyway / back".
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button

from xiaoben.tui.i18n import translate_bindings
from xiaoben.tui.widgets.confirm import ConfirmDialog
from xiaoben.tui.widgets.inputs import ButtonBox
from xiaoben.tui.widgets.keys_footer import KeysFooter
from xiaoben.tui.widgets.wrapped import WrappedText


@dataclass(frozen=True)
class Answer:
    """One answer: what the dialog dismisses with (None: the safe one, as Esc), its key, and
    its words (already in the seller's language: they may name a customer)."""

    value: str | None
    key: str
    words: str


class ChoiceDialog(ModalScreen[str | None]):
    """Ask `question_text`; dismisses with the chosen answer's value (Esc: None)."""

    DEFAULT_CSS = ConfirmDialog.DEFAULT_CSS.replace("ConfirmDialog", "ChoiceDialog")

    BINDINGS = [
        Binding("escape", "choose(-1)", "common.back", tooltip="common.back.help", show=False),
        Binding("left", "switch(-1)", "confirm.switch", show=False),
        Binding("right", "switch(1)", "confirm.switch", show=False),
    ]

    def __init__(self, question_text: str, answers: list[Answer]) -> None:
        super().__init__()
        self.question_text = question_text
        self.answers = answers
        translate_bindings(self)
        for number, answer in enumerate(answers):
            self._bindings.bind(answer.key, f"choose({number})", answer.words)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield WrappedText(self.question_text, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                for number, answer in enumerate(self.answers):
                    words = f"{answer.words} ({answer.key})"
                    safe = number == len(self.answers) - 1
                    yield ButtonBox(
                        Content(words),
                        id=f"answer-{number}",
                        variant="primary" if safe else "default",
                        compact=True,
                    )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(f"#answer-{len(self.answers) - 1}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.action_choose(int(event.button.id.removeprefix("answer-")))

    def action_choose(self, number: int) -> None:
        self.dismiss(self.answers[number].value)

    def action_switch(self, step: int) -> None:
        buttons = list(self.query(Button))
        focused = self.focused
        at = buttons.index(focused) if isinstance(focused, Button) else len(buttons) - 1
        buttons[(at + step) % len(buttons)].focus()
