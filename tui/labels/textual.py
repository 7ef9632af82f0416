"""Textual's own words the seller sees, by their English text ("textual." + it): the command
palette's system commands, the keys its screens and scrolling containers bring to the Keys
panel, its screenshot notices. `tui.i18n.label` finds them for a text that is no key of
ours; a text whose words are ours already names our key in SAME_AS (a word is defined once).
tests/tui/test_textual_words.py fails on a text of the installed Textual missing here.
"""

LABELS: dict[str, tuple[str, str]] = {
    # the palette's system commands (App.get_system_commands)
    "textual.Theme": ("配色", "Theme"),
    "textual.Change the current theme": ("换一种界面配色", "Change the current theme"),
    "textual.Quit the application as soon as possible": (
        "立即退出小本（所有改动都已保存）",
        "Quit the application as soon as possible",
    ),
    "textual.Keys": ("按键说明", "Keys"),
    "textual.Show help for the focused widget and a summary of available keys": (
        "显示当前位置的说明和可用按键",
        "Show help for the focused widget and a summary of available keys",
    ),
    "textual.Hide the keys and widget help panel": (
        "隐藏按键说明",
        "Hide the keys and widget help panel",
    ),
    "textual.Maximize": ("放大", "Maximize"),
    "textual.Maximize the focused widget": ("把当前部分放大到全屏", "Maximize the focused widget"),
    "textual.Minimize": ("还原", "Minimize"),
    "textual.Minimize the widget and restore to normal size": (
        "把放大的部分还原",
        "Minimize the widget and restore to normal size",
    ),
    "textual.Screenshot": ("截屏", "Screenshot"),
    "textual.Save an SVG 'screenshot' of the current screen": (
        "把当前屏幕存为 SVG 图片",
        "Save an SVG 'screenshot' of the current screen",
    ),
    "textual.Saved screenshot": ("截屏已保存", "Saved screenshot"),
    "textual.saved_screenshot_to": ("截屏已保存到 {path}", "Saved screenshot to {path}"),
    "textual.Failed to save screenshot": ("截屏没能保存", "Failed to save screenshot"),
    # the keys of its screens and scrolling containers (Keys panel)
    "textual.Copy selected text": ("复制选中的文字", "Copy selected text"),
    "textual.Focus Next": ("下一项", "Focus Next"),
    "textual.Focus Previous": ("上一项", "Focus Previous"),
    "textual.Scroll Up": ("向上滚动", "Scroll Up"),
    "textual.Scroll Down": ("向下滚动", "Scroll Down"),
    "textual.Scroll Left": ("向左滚动", "Scroll Left"),
    "textual.Scroll Right": ("向右滚动", "Scroll Right"),
    "textual.Scroll Home": ("滚到开头", "Scroll Home"),
    "textual.Scroll End": ("滚到末尾", "Scroll End"),
    "textual.Page Up": ("上一页", "Page Up"),
    "textual.Page Down": ("下一页", "Page Down"),
    "textual.Page Left": ("向左翻页", "Page Left"),
    "textual.Page Right": ("向右翻页", "Page Right"),
}

# Textual's texts whose words are one of our keys already
SAME_AS: dict[str, str] = {"Quit": "key.quit"}
