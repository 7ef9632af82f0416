"""Labels of the passphrase prompt that opens an encrypted book (tui/unlock.py)."""

LABELS: dict[str, tuple[str, str]] = {
    "unlock.title": ("小本 · 加密账本", "xiaoben · encrypted book"),
    "unlock.file": ("{path} 已加密。", "{path} is encrypted."),
    "unlock.ask": (
        "请输入口令，按回车打开（ctrl+q 退出）",
        "Type its passphrase and press Enter (ctrl+q quits)",
    ),
    "unlock.placeholder": ("口令", "passphrase"),
    "unlock.opening": ("正在打开……", "Opening…"),
}
