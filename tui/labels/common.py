"""Words every screen uses (buttons, keys): one key each, shared by the screens."""

LABELS: dict[str, tuple[str, str]] = {
    "common.cancel": ("取消", "Cancel"),
    "common.back": ("返回", "Back"),
    "common.back.help": ("回到上一屏", "Back to the previous screen"),
    "common.cmd.back": ("返回上一屏", "Back to the previous screen"),
    "common.open": ("打开", "Open"),
    "common.cmd.open": ("打开选中的客户", "Open the highlighted customer"),
    "common.apply": ("应用", "Apply"),
    "common.clear": ("清除", "Clear"),
    "common.save": ("保存", "Save"),
    "common.undo": ("撤销", "Undo"),
    "day.yesterday": ("昨天", "yesterday"),
    "day.ago": ("{days} 天前", "{days}d ago"),
    "day.after": ("{days} 天后", "in {days}d"),
    "common.done": ("完成", "Done"),
    "common.keep_editing": ("继续编辑", "Keep editing"),
    "common.preview": ("预览", "Preview"),
}
