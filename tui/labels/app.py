"""Labels of the app frame that Textual itself supplies (translated like ours)."""

LABELS: dict[str, tuple[str, str]] = {
    "palette": ("命令", "commands"),
    "key.queue": ("跟进", "Follow-ups"),
    "cmd.queue": ("跟进队列", "Follow-up queue"),
    "cmd.queue.help": ("今天要联系谁、为什么", "Whom to contact today, and why"),
    "app.quit_unsaved": (
        "有未保存的修改。放弃修改并退出小本？",
        "There are unsaved changes. Discard them and quit xiaoben?",
    ),
}
