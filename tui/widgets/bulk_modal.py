"""The bulk change modal (ModalScreen[BulkChoice | None]): choose what to do to the marked
customers, see how many it changes and what, then apply it — one transaction, one undo.

Ctrl+S (or Enter in a field) first previews; once the preview is shown, Ctrl+S again
applies. Changing anything clears the preview, so what is applied is what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
from pydantic import TypeAdapter, ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from xiaoben.models.bulk import AddTag, Archive, BulkAction, LogContact, RemoveTag, SetStage
from xiaoben.models.enums import InteractionKind, ManualStage
from xiaoben.models.errors import BookError, describe, field_rule, split_field_rule
from xiaoben.models.i18n import Listed, t
from xiaoben.store.bulk import Action, BulkPreview
from xiaoben.store.exporting import TABLES
from xiaoben.tui.book_access import ReachesTheBook
from xiaoben.tui.failures import failure_detail, tell_failure, worker_error
from xiaoben.tui.i18n import label, translate_bindings
from xiaoben.tui.widgets.inputs import ButtonBox, SelectBox, TextBox
from xiaoben.tui.widgets.wrapped import WrappedText

if TYPE_CHECKING:  # the export's writers load only when one is made
    from xiaoben.store.exporting.formats import ExportPlan, ExportRequest

    # what Ctrl+S after the preview applies: BulkChoice's action, export_to and export
    Chosen = tuple[Action | None, Path | None, ExportRequest | None]

CHOICES = (
    "add_tag",
    "remove_tag",
    "set_stage",
    "archive",
    "unarchive",
    "log_contact",
    "set_reminder",
    "export",
)
# Which fields each choice asks for.
FIELDS: dict[str, tuple[str, ...]] = {
    "add_tag": ("tag",),
    "remove_tag": ("tag",),
    "set_stage": ("stage",),
    "archive": (),
    "unarchive": (),
    "log_contact": ("kind", "note"),
    "set_reminder": ("due", "note"),
    "export": ("path",),
}
ALL_FIELDS = ("tag", "stage", "kind", "note", "due", "path")
NO_STAGE = "none"  # the stage choice that clears the seller's stage
_ACTIONS: TypeAdapter[Action] = TypeAdapter(BulkAction)


def choice_label(name: str) -> str:
    return label("page.key.archive" if name == "archive" else f"bulk.choice.{name}")


@dataclass(frozen=True)
class BulkChoice:
    """What the seller confirmed: a change to make, or an export to write."""

    ids: np.ndarray
    summary: str  # the preview the seller confirmed
    action: Action | None = None
    export_to: Path | None = None
    # The export as previewed: an encrypted book's written unencrypted (decrypt), a file
    # already at export_to replaced (force) — each said in the preview before Ctrl+S.
    export: ExportRequest | None = None


class BulkModal(ReachesTheBook, ModalScreen[BulkChoice | None]):
    DEFAULT_CSS = """
    BulkModal {
        align: center middle;
    }
    BulkModal > #bulk-box {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    BulkModal #bulk-title {
        text-style: bold;
        color: $accent;
        width: 100%;
        margin-bottom: 1;
    }
    BulkModal .bulk-field {
        height: auto;
    }
    BulkModal #bulk-error {
        color: $error;
        height: auto;
    }
    BulkModal #bulk-preview {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border-left: thick $warning;
    }
    BulkModal #bulk-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    BulkModal #bulk-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "go", "bulk.key.go", tooltip="bulk.cmd.go", id="bulk.go"),
        Binding("escape", "cancel", "common.cancel", tooltip="bulk.cmd.cancel", id="bulk.cancel"),
    ]

    def __init__(self, ids: np.ndarray, export_folder: Path, today_text: str) -> None:
        super().__init__()
        self.ids = ids
        self.export_folder = export_folder
        self.today_text = today_text
        self.preview: str | None = None  # shown and not changed since: Ctrl+S applies
        self._previewing = False  # its preview being worked out (busy)
        self._chosen: Chosen = (None, None, None)
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-box"):
            yield Label(t("bulk.title", count=f"{len(self.ids):,}"), id="bulk-title")
            yield SelectBox(
                [(choice_label(name), name) for name in CHOICES],
                value="add_tag",
                allow_blank=False,
                id="bulk-choice",
            )
            with Vertical(classes="bulk-field", id="field-tag"):
                yield Label(label("bulk.field.tag"))
                yield TextBox(id="bulk-tag")
            with Vertical(classes="bulk-field", id="field-stage"):
                yield Label(label("lens.stage"))
                yield SelectBox(
                    [(m.label(), m.value) for m in ManualStage]
                    + [(label("bulk.stage_none"), NO_STAGE)],
                    value=ManualStage.TARGET.value,
                    allow_blank=False,
                    id="bulk-stage",
                )
            with Vertical(classes="bulk-field", id="field-kind"):
                yield Label(label("bulk.field.kind"))
                yield SelectBox(
                    [(m.label(), m.value) for m in InteractionKind],
                    value=InteractionKind.GREETING.value,
                    allow_blank=False,
                    id="bulk-kind",
                )
            with Vertical(classes="bulk-field", id="field-due"):
                yield Label(label("bulk.field.due"))
                yield TextBox(
                    value=self.today_text, id="bulk-due", select_on_focus=True
                )  # a default
            with Vertical(classes="bulk-field", id="field-note"):
                yield Label(label("bulk.field.note"))
                yield TextBox(id="bulk-note")
            with Vertical(classes="bulk-field", id="field-path"):
                yield Label(label("bulk.field.path"))
                default = self.export_folder / t("bulk.export_name", day=self.today_text)
                yield TextBox(value=str(default), id="bulk-path", select_on_focus=True)
            yield WrappedText("", id="bulk-error", markup=False)
            yield WrappedText("", id="bulk-preview", markup=False)
            with Horizontal(id="bulk-buttons"):
                yield ButtonBox(label("common.preview"), variant="primary", id="bulk-go")
                yield ButtonBox(label("common.cancel"), id="bulk-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self._show_fields()
        self.query_one("#bulk-preview").display = False
        self.query_one("#bulk-tag").focus()

    # ---- the fields -------------------------------------------------------------------

    @property
    def choice(self) -> str:
        value = self.query_one("#bulk-choice", Select).value
        return value if isinstance(value, str) else "add_tag"

    def _show_fields(self) -> None:
        wanted = FIELDS[self.choice]
        for name in ALL_FIELDS:
            self.query_one(f"#field-{name}").display = name in wanted

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "bulk-choice":
            self._show_fields()
            self.query_one("#bulk-error", Static).update("")  # it was about the other change
        self._forget_preview()

    @on(Input.Changed)
    def _typed(self) -> None:
        self._forget_preview()

    def _forget_preview(self) -> None:
        if self.preview is None and not self.is_mounted:
            return
        self.preview = None
        self.query_one("#bulk-preview", Static).display = False
        self.query_one("#bulk-go", Button).label = label("common.preview")

    def _text(self, name: str) -> str:
        return self.query_one(f"#bulk-{name}", Input).value

    def _select(self, name: str) -> str:
        value = self.query_one(f"#bulk-{name}", Select).value
        return value if isinstance(value, str) else ""

    def _action(self) -> Action | None:
        """The change asked for (None for an export); ValidationError if a field is bad."""
        choice = self.choice
        if choice == "export":
            return None
        raw: dict[str, object] = {"action": choice}
        if choice in ("add_tag", "remove_tag"):
            raw["tag"] = self._text("tag")
        elif choice == "set_stage":
            stage = self._select("stage")
            raw["stage"] = None if stage == NO_STAGE else stage
        elif choice in ("archive", "unarchive"):
            raw = {"action": "archive", "archived": choice == "archive"}
        elif choice == "log_contact":
            raw.update(kind=self._select("kind"), note=self._text("note"))
        else:
            raw.update(due=self._text("due"), note=self._text("note"))
        return _ACTIONS.validate_python(raw)

    # ---- preview, then apply ----------------------------------------------------------

    def action_go(self) -> None:
        if self.preview is not None:
            self.dismiss(BulkChoice(self.ids, self.preview, *self._chosen))
            return
        error = self.query_one("#bulk-error", Static)
        try:
            action = self._action()
        except ValidationError as exc:
            error.update("\n".join(self._problem(p.field, p.message) for p in describe(exc)))
            return
        path = None
        if action is None:
            path = Path(self._text("path").strip()).expanduser()
            if not self._text("path").strip():
                error.update(t("bulk.path_missing"))
                return
        error.update("")
        self._previewing = True
        self._preview(action, path)

    def busy(self) -> bool:
        """While the preview is worked out: a Ctrl+S typed after the one that asked for it
        waits for it, and applies what it shows (handed on at once, it asked again)."""
        return self._previewing

    def _problem(self, field: str, message: str) -> str:
        # (its place: the change, then the field, "add_tag.tag")
        if field.rsplit(".", 1)[-1] == "tag":  # a tag of the change, not the profile's tags
            return field_rule(label("bulk.field.tag"), split_field_rule(message)[1])
        return message

    @work(thread=True, exclusive=True, exit_on_error=False, group="bulk-preview")
    def _preview(self, action: Action | None, path: Path | None) -> None:
        if action is not None:
            text = preview_text(action, self.book.bulk_preview(self.ids, action))
            text += "\n" + label("bulk.preview.then")
            self.app.call_from_thread(self._previewed, text, (action, None, None), "bulk.apply")
            return
        assert path is not None
        # the app has no --decrypt nor --force: the preview says what they would, Ctrl+S is yes
        request = selection_export(self.ids, decrypt=self.book.encrypted)
        plan = self.book.export_plan(path, request)
        text = export_preview_text(len(self.ids), path, plan, encrypted=self.book.encrypted)
        chosen: Chosen = (None, path, replace(request, force=plan.replaces))
        go = "bulk.replace" if plan.replaces else "bulk.apply"
        self.app.call_from_thread(self._previewed, text, chosen, go)

    def _previewed(
        self,
        text: str,
        chosen: Chosen,
        go: str,
    ) -> None:
        self._previewing = False
        self.preview = text
        self._chosen = chosen
        shown = self.query_one("#bulk-preview", Static)
        shown.update(self.preview)
        shown.display = True
        self.query_one("#bulk-go", Button).label = label(go)

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "bulk-preview" and event.state in (
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            self._previewing = False  # no preview comes: the keys after it go on
        error = worker_error(event, "bulk-preview")
        if error is None:
            return
        if isinstance(error, BookError):
            self.query_one("#bulk-error", Static).update(failure_detail(error))
            return
        tell_failure(self, error, "bulk.failed")

    @on(Button.Pressed, "#bulk-go")
    def _go_pressed(self) -> None:
        self.action_go()

    @on(Button.Pressed, "#bulk-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_go()

    def action_cancel(self) -> None:
        self.dismiss(None)


def preview_text(action: Action, found: BulkPreview) -> str:
    """What the change would do, in the seller's words."""
    key, values = _said(action)
    values.update(
        changes=f"{found.changes:,}",
        selected=f"{found.selected:,}",
        same=f"{found.selected - found.changes:,}",
    )
    if isinstance(action, SetStage):
        values["buyers"] = f"{found.buyers:,}"
    return t(f"bulk.preview.{key}", None, **values)


def undone_text(action: Action, customers: int) -> str:
    """The change an undo took back, in the seller's words ("给 63 位客户加标签“团长”")."""
    key, values = _said(action)
    return t(f"bulk.undone.{key}", None, customers=f"{customers:,}", **values)


def _said(action: Action) -> tuple[str, dict[str, str]]:
    """The last part of the catalogue keys that say `action`, and its values in words."""
    if isinstance(action, AddTag | RemoveTag):
        return action.action, {"tag": action.tag}
    if isinstance(action, SetStage):
        stage = action.stage.label() if action.stage else label("bulk.stage_none")
        return action.action, {"stage": stage}
    if isinstance(action, Archive):
        return "archive" if action.archived else "unarchive", {}
    if isinstance(action, LogContact):
        return action.action, {"kind": action.kind.label(), "note": action.note or "—"}
    return action.action, {"due": action.due.isoformat(), "note": action.note or "—"}


def selection_export(ids: np.ndarray, *, decrypt: bool) -> ExportRequest:
    """An export of exactly these customers (and their records); of an encrypted book,
    unencrypted if the seller is asked (`decrypt`)."""
    from xiaoben.store.exporting.formats import ExportRequest

    return ExportRequest(ids=frozenset(ids.tolist()), decrypt=decrypt)


def export_preview_text(count: int, path: Path, plan: ExportPlan, *, encrypted: bool) -> str:
    """What the export will write, from the plan the export itself follows: the tables the
    chosen format holds (and those it cannot), the file it replaces, then Ctrl+S or Esc."""
    lines = [
        t("bulk.preview.export", count=f"{count:,}", path=str(path)),
        t("bulk.preview.export_holds", tables=_tables(plan.tables)),
    ]
    left_out = [name for name in TABLES if name not in plan.tables]
    if left_out:
        kind = path.suffix or plan.format
        lines.append(t("bulk.preview.export_left_out", kind=kind, tables=_tables(left_out)))
    if encrypted:
        lines.append(label("bulk.preview.export_plain"))
    if plan.replaces:
        lines.append(t("bulk.preview.export_replaces", name=path.name))
    lines.append(
        label("bulk.preview.export_replace_then" if plan.replaces else "bulk.preview.export_then")
    )
    return "\n".join(lines)


def _tables(names: tuple[str, ...] | list[str]) -> str:
    return Listed(t(f"export.sheet.{name}") for name in names)()
