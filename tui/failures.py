"""One way to tell the seller a worker failed: which failures a handler owns, and the words.

A BookError is the seller's (a conflict, a customer gone): its own message. Anything
else is ours (a bug): its type and words, so a report can name it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.widget import Widget
from textual.worker import Worker, WorkerState

from xiaoben.models.errors import BookError
from xiaoben.models.i18n import Lang, Words, t
from xiaoben.tui.i18n import Notice
from xiaoben.tui.presenting import Named, customer_label


def worker_error(event: Worker.StateChanged, *groups: str) -> BaseException | None:
    """The error of the worker that just failed, if its group starts with one of `groups`
    (any group when none are given); otherwise None."""
    if event.state != WorkerState.ERROR:
        return None
    if groups and not event.worker.group.startswith(groups):
        return None
    return event.worker.error


def failure_detail(
    error: BaseException, known: Iterable[Named | None] = (), lang: Lang | None = None
) -> str:
    """The words for `error`. A customer gone is named by her label when she is one of the
    `known` (those the screen shows or showed: 段秀 (C0168)), never by her number in the
    book."""
    if isinstance(error, BookError):
        if _customer_gone(error):  # by her number in the book: said in words, not "168"
            gone = error.values.get("key")
            who = next((c for c in known if c is not None and c.id == gone), None)
            if who is not None:
                # (段秀 (C0168), or her name alone: her #168 cannot be looked up now)
                return t("store.customer_gone_named", lang, who=customer_label(who, by_id=False))
            return t("store.customer_gone", lang)
        return error.message(lang)
    return f"{type(error).__name__}: {error}"


def _customer_gone(error: BookError) -> bool:
    """A customer the screen named by her number in the book is not there any more: merged
    into another or forgotten elsewhere (the CLI, another window) while it was open."""
    return (
        error.key == "store.not_found"
        and error.values.get("what") == "customer"
        and isinstance(error.values.get("key"), int)
    )


def tell_failure(
    node: Widget,
    error: BaseException,
    key: str | None = None,
    known: Iterable[Named | None] = (),
) -> None:
    """Notify the seller: the sentence of catalogue `key` around the error's detail, or the
    detail alone when there is no key (`known`: as for failure_detail); said again in the
    other language after a switch."""
    detail = partial(failure_detail, error, list(known))  # (called with the language)
    text = Notice(Words(key or "rule.generic", detail=detail))  # (rule.generic: the detail)
    node.notify(text, severity="error", markup=False)


# Refusals that pass once the seller frees space or the other program lets go of the book:
# what was refused is kept to be asked again (an undo stays undoable).
_PASSING = frozenset({"store.disk_full", "store.locked"})


def may_pass(error: BaseException) -> bool:
    """Whether the same write may be taken once the disk or the book is free again."""
    return isinstance(error, BookError) and error.key in _PASSING
