"""Labels of the app frame that Textual itself supplies (translated like ours)."""

LABELS: dict[str, tuple[str, str]] = {
    "palette": ("命令", "commands"),
}
