"""Text that wraps by the Chinese line-breaking rules (models/line_breaks.wrap_spans): the one
widget for a label that may run over several lines, and the app's notices. Styles are kept."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.dom import NoScreen
from textual.geometry import Size
from textual.widgets import Static, _toast

from xiaoben.models.line_breaks import wrap_spans


def wrap_content(content: Content, width: int) -> Content:
    """`content` broken into lines of at most `width` cells, styles kept."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        lines.extend(line[start:end] for start, end in wrap_spans(line.plain, width))
    return Content("\n").join(lines)


class WrappedText(Static):
    """A Static whose lines break where Chinese allows (never before ，。、 nor after （「)."""

    def _wrapped(self, width: int) -> Content | None:
        visual = self.visual
        if not isinstance(visual, Content) or width <= 0:
            return None
        return wrap_content(visual, width)

    def render(self) -> RenderResult:
        wrapped = self._wrapped(self.content_size.width)
        return wrapped if wrapped is not None else super().render()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        wrapped = self._wrapped(width)
        if wrapped is None:
            return super().get_content_height(container, viewport, width)
        return wrapped.plain.count("\n") + 1


class WrappedToast(_toast.Toast):
    """Textual's notice, its lines broken as WrappedText's (Textual's own broke a long
    Chinese notice wherever the width ran out, before a ，or ；too)."""

    def render(self) -> Content:
        content = super().render()
        width = self.content_size.width
        return wrap_content(content, width) if width > 0 else content

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width <= 0:
            return super().get_content_height(container, viewport, width)
        return wrap_content(super().render(), width).plain.count("\n") + 1

    def _expire(self) -> None:
        """Gone when its time is up, and the screen painted again once it is: Textual's
        own expiry lays the screen out anew, but on the Import screen after a large import
        its update found nothing to paint, and the notice stayed on the terminal (over the
        report) until a key was pressed (an outside tester's finding)."""
        try:
            screen = self.screen
        except NoScreen:
            screen = None
        holder = self.parent if isinstance(self.parent, _toast.ToastHolder) else self
        self.app._unnotify(self._notification, refresh=False)
        removed = holder.remove()
        if screen is not None:

            async def repaint() -> None:
                await removed
                screen.refresh()

            self.app.call_later(repaint)


def wrap_notices() -> None:
    """Make every notice shown from now on a WrappedToast: Textual's rack of notices makes
    each by its module's name `Toast` (a private module: a Textual without it keeps its
    own, and the app still starts)."""
    if getattr(_toast, "Toast", None) is not None and hasattr(_toast, "ToastRack"):
        _toast.Toast = WrappedToast  # type: ignore[misc]  # Textual's own name
