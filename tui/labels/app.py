"""Labels of the app frame that Textual itself supplies (translated like ours)."""

LABELS: dict[str, tuple[str, str]] = {
    "palette": ("命令", "commands"),
    "app.quit_unsaved": (
        "有未保存的修改。放弃修改并退出小本？",
        "There are unsaved changes. Discard them and quit xiaoben?",
    ),
}
