"""Labels of the lock and presentation mode (zh, en), and their rules."""

LABELS: dict[str, tuple[str, str]] = {
    # the lock
    "key.lock": ("锁定", "Lock"),
    "cmd.lock": ("立即锁定", "Lock now"),
    "cmd.lock.help": (
        "隐藏整个界面，按键（加密账本：输入口令）后继续；空闲时也会自动锁定",
        "Hide everything until a key (an encrypted book: its passphrase); also after idle minutes",
    ),
    "lock.title": ("小本已锁定", "xiaoben is locked"),
    "lock.hint.any_key": ("按任意键继续", "Press any key to continue"),
    "lock.hint.passphrase": (
        "输入账本口令，按回车继续",
        "Type the book's passphrase and press Enter to continue",
    ),
    "lock.passphrase": ("口令", "Passphrase"),
    "lock.wrong_passphrase": (
        "口令不对，请再试一次",
        "That is not the passphrase: try again",
    ),
    # presentation mode
    "key.presentation": ("演示模式", "Presentation"),
    "key.presenting": ("● 演示中 · 命令", "● Presenting · commands"),
    "cmd.presentation": ("演示模式 开/关", "Presentation mode on/off"),
    "cmd.presentation.help": (
        "给别人看屏幕时：电话显示为 138****8000，隐藏微信号、地址和备注，金额照常",
        "For a screen others see: phones as 138****8000, WeChat IDs, addresses and notes "
        "hidden, figures as they are",
    ),
    "present.on": (
        "演示模式已开：电话、微信号、地址和备注已隐藏",
        "Presentation mode on: phones, WeChat IDs, addresses and notes are hidden",
    ),
    "present.off": ("演示模式已关", "Presentation mode off"),
    "present.close_dialog_first": (
        "请先关闭对话框、合并页或档案表单，再切换演示模式",
        "Close the dialog, merge or profile form first, then switch presentation mode",
    ),
    "present.hidden": ("（已隐藏）", "(hidden)"),
    "present.no_editing": (
        "演示模式下不能编辑：表单会显示已隐藏的内容。按 F12 退出演示模式",
        "Nothing can be edited in presentation mode: the form would show what is hidden. "
        "Press F12 to stop presenting",
    ),
    # the rules
    "rules.section.privacy": ("隐私", "Privacy"),
    "field.lock_minutes": ("空闲锁定（分钟）", "Lock after idle (minutes)"),
    "rules.hint.lock_minutes": (
        "多少分钟无操作后锁定界面；0 为从不",
        "minutes without a key or the mouse before the app locks; 0: never",
    ),
    "field.present_surnames": ("演示时只显示姓", "Surnames when presenting"),
    "rules.hint.present_surnames": (
        "演示模式下姓名显示为“姓 + 某”，如 张某",
        "in presentation mode, names shown as surname + 某, e.g. 张某",
    ),
}
