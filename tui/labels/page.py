"""Labels of the customer page, its tier badges and its entry modals (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # keys (footer) and their help
    "page.key.purchase": ("记消费", "Purchase"),
    "page.key.purchase.help": ("记一笔消费（金额、日期、商品）", "Record a purchase"),
    "page.key.contact": ("记接触", "Contact"),
    "page.key.contact.help": ("记一次电话、消息、拜访……", "Log a call, message, visit …"),
    "page.key.reminder": ("提醒", "Remind"),
    "page.key.reminder.help": ("设一个跟进提醒", "Set a follow-up reminder"),
    "page.key.edit": ("编辑", "Edit"),
    "page.key.edit.help": ("编辑客户档案", "Edit the customer's profile"),
    "page.key.archive": ("归档", "Archive"),
    "page.key.archive.help": ("归档或恢复这位客户", "Archive or restore this customer"),
    "page.key.profile": ("资料", "Profile"),
    "page.key.profile.help": (
        "看全部资料（长备注读到底，↑↓ 翻动）；再按一次回到记录",
        "Read the whole profile (a long note to its end, ↑↓ to scroll); again for the records",
    ),
    "page.key.why": ("理由", "Why"),
    "page.key.why.help": ("查看各分级的理由", "Why each lens placed this customer"),
    "page.key.undo.help": (
        "撤销最近一次记录、删除、修改或档案保存；再按一次撤销再前一次",
        "Take back the last record added, deletion, edit or profile save; press again for"
        " the one before",
    ),
    "page.key.edit_row": ("修改", "Change"),
    "page.key.edit_row.help": (
        "修改选中的消费或接触记录（可撤销）",
        "Edit the highlighted purchase or contact (undo with u)",
    ),
    "page.key.delete": ("删除", "Delete"),
    "page.key.delete.help": ("删除选中的消费记录（可撤销）", "Delete the highlighted purchase"),
    "page.key.delete_contact.help": (
        "删除选中的接触记录（可撤销）",
        "Delete the highlighted contact (u undoes it)",
    ),
    "page.key.done.help": ("标记提醒完成或重新打开", "Mark the reminder done, or reopen it"),
    "page.key.tab": ("切换标签", "Switch tab"),
    # command palette
    "page.cmd.purchase": ("记一笔消费", "Add a purchase"),
    "page.cmd.contact": ("记一次接触", "Log a contact"),
    "page.cmd.reminder": ("设跟进提醒", "Set a reminder"),
    "page.cmd.edit": ("编辑客户档案", "Edit this customer"),
    "page.cmd.archive": ("归档/恢复这位客户", "Archive / restore this customer"),
    "page.cmd.forget": (
        "永久删除这位客户（Shift+F，不能撤销）",
        "Forget this customer for good (Shift+F, cannot be undone)",
    ),
    "page.key.forget": ("永久删除", "Forget"),
    "page.forget.yes": ("永久删除", "Forget for good"),
    "page.cmd.why": ("分级理由", "Why these tiers"),
    "page.cmd.undo": (
        "撤销刚才的记录、删除、修改或档案保存",
        "Undo the last record added, deletion, edit or profile save",
    ),
    "page.cmd.edit_row": ("修改选中的消费或接触记录", "Edit the highlighted purchase or contact"),
    "page.cmd.delete": ("删除选中的消费记录", "Delete the highlighted purchase"),
    "page.cmd.delete_contact": ("删除选中的接触记录", "Delete the highlighted contact"),
    "page.cmd.done": ("标记选中的提醒完成", "Mark the highlighted reminder done"),
    # tabs
    "page.tab.purchases": ("消费", "Purchases"),
    "page.tab.interactions": ("接触", "Contacts"),
    "page.tab.reminders": ("提醒", "Reminders"),
    "page.tab.why": ("分级理由", "Why"),
    "page.tab.history": ("分级变动", "Tier history"),
    # table columns (the rest are field.* names)
    "page.col.done": ("完成", "done"),
    "page.col.lens": ("视角", "lens"),
    "page.col.change": ("变动", "change"),
    "page.col.when": ("日期", "when"),
    "page.empty.purchases": (
        "还没有消费记录 — 按 p 记一笔",
        "No purchases yet — press p to add one",
    ),
    "page.empty.interactions": (
        "还没有接触记录 — 按 c 记一次",
        "No contacts yet — press c to log one",
    ),
    "page.empty.reminders": ("没有提醒 — 按 r 设一个", "No reminders — press r to set one"),
    "page.empty.history": ("分级还没有变动过", "No tier changes yet"),
    # summary
    "page.summary.judgement": ("判断", "judgement"),
    "page.summary.leap": ("闰", "leap "),
    "page.summary.loading": ("正在读取……", "Loading …"),
    "page.summary.more": ("还有，按 i 看全部", "more: i shows it all"),
    # badges
    "page.badge.rfm8": ("八类", "class"),
    "page.badge.quadrant": ("象限", "quadrant"),
    "page.badge.none": ("—", "—"),
    "page.badge.new": ("新客", "new"),
    "page.why.rfm8": ("RFM 八类", "RFM class"),
    "page.why.quadrant": ("忠诚×价值", "loyalty×value"),
    "page.why.untiered": (
        "没有分级结果：已归档的客户不参与分级。",
        "No tiers: archived customers are not tiered.",
    ),
    # notifications
    "page.saved.purchase": (
        "已记录消费 {amount} — 按 u 撤销",
        "Purchase of {amount} recorded — press u to undo",
    ),
    "page.saved.contact": (
        "已记录接触：{kind} — 按 u 撤销",
        "Contact logged: {kind} — press u to undo",
    ),
    # u after a purchase or contact was added: it is deleted again
    "page.unadded.purchase": (
        "已撤销：删除了刚记的 {date} 消费 {amount}",
        "Undone: the purchase of {amount} on {date} just recorded is deleted",
    ),
    "page.unadded.contact": (
        "已撤销：删除了刚记的接触记录（{at} {kind}）",
        "Undone: the contact just logged ({kind}, {at}) is deleted",
    ),
    "page.undo.changed_since": (
        "没有撤销：这条记录在记下之后又在别处改过或删掉了（撤销不会盖掉后来的修改）",
        "Not undone: the record was changed or deleted elsewhere since (an undo never"
        " overwrites a later change)",
    ),
    "page.undo.profile_changed_since": (
        "没有撤销：{name} 的档案在这次保存之后又改过（另一个窗口、命令或归档），"
        "撤销不会盖掉后来的修改",
        "Not undone: {name}'s profile was changed since this save (another window, a"
        " command, or archiving); an undo never overwrites a later change",
    ),
    "page.undone.profile": (
        "已撤销：{name} 的档案回到保存之前",
        "Undone: {name}'s profile is as it was before the save",
    ),
    "page.saved.reminder": ("已设提醒：{due}", "Reminder set for {due}"),
    "page.deleted.purchase": (
        "已删除 {date} 的消费 {amount} — 按 u 撤销",
        "Deleted the purchase of {amount} on {date} — press u to undo",
    ),
    "page.restored.purchase": ("已恢复消费 {amount}", "Purchase of {amount} restored"),
    "page.deleted.contact": (
        "已删除 {at} 的接触记录（{kind}）— 按 u 撤销",
        "Deleted the contact of {at} ({kind}) — press u to undo",
    ),
    "page.restored.contact": ("已恢复接触记录：{at} {kind}", "Contact restored: {kind}, {at}"),
    # a deletion taken back after the merge that had moved the record here was undone
    "page.restored.to_owner": (
        "{done}：回到 {who}（合并已撤销，这是 TA 的记录）",
        "{done}: back on {who} (the merge was undone; the record is theirs)",
    ),
    "page.nothing_to_undo": ("没有可撤销的操作", "Nothing to undo"),
    "page.no_contact": ("没有选中的接触记录", "No contact is highlighted"),
    "page.edited.purchase": (
        "已修改消费：{amount} — 按 u 撤销",
        "Purchase changed: {amount} — press u to undo",
    ),
    "page.edited.contact": (
        "已修改接触：{kind} — 按 u 撤销",
        "Contact changed: {kind} — press u to undo",
    ),
    "page.undone.edit": ("已撤销修改", "Edit undone"),
    "page.edit.purchase": ("修改消费", "Edit purchase"),
    "page.enter_too_early": (
        "这个 Enter 是在页面显示之前按下的，没有打开修改窗口；要修改选中的记录，请再按 Enter",
        "That Enter was typed before the page was shown, so it changed nothing; to change"
        " the highlighted record, press Enter again",
    ),
    "page.edit.contact": ("修改接触记录", "Edit contact"),
    "page.no_purchase": ("没有选中的消费记录", "No purchase is highlighted"),
    "page.no_reminder": ("没有选中的提醒", "No reminder is highlighted"),
    "page.read_error": (
        "读取客户的记录失败：{detail}",
        "Could not read the customer's records: {detail}",
    ),
    "page.reminder.done": ("提醒已完成：{note}", "Reminder done: {note}"),
    "page.reminder.reopened": ("提醒已重新打开：{note}", "Reminder reopened: {note}"),
    "page.archived": ("已归档 {name}", "{name} archived"),
    "page.unarchived": ("已恢复 {name}", "{name} restored"),
    "page.archive.question": (
        "归档 {name}？归档后不再出现在客户列表和分级中；记录都保留，随时可以恢复。",
        "Archive {name}? They leave the customer list and the tiers; every record is kept "
        "and you can restore them at any time.",
    ),
    "page.unarchive.question": (
        "恢复 {name}？恢复后重新出现在客户列表和分级中。",
        "Restore {name}? They return to the customer list and the tiers.",
    ),
    "page.unarchive.yes": ("恢复", "Restore"),
    # her page closed by itself: forgotten elsewhere (named where the page knew her)
    "page.gone": ("这位客户已不在账本中", "This customer is no longer in the book"),
    "page.gone_named": (
        "{who} 已不在账本中（在别处被删除了）：页面已关闭",
        "{who} is no longer in the book (forgotten elsewhere): the page is closed",
    ),
    # keys typed in the moment after her page closed by itself (she was forgotten elsewhere)
    "page.gone_keys": (
        "这位客户的页面已自行关闭（TA 已在别处被删除）：刚才输入的键没有生效，请看一下屏幕再输入",
        "This customer's page closed by itself (the customer was forgotten elsewhere): the"
        " keys typed just then did nothing; look at the screen and type again",
    ),
    "page.gone_keys_named": (
        "{who} 的页面已自行关闭（TA 已在别处被删除）：刚才输入的键没有生效，请看一下屏幕再输入",
        "The page of {who} closed by itself ({who} was forgotten elsewhere): the keys typed"
        " just then did nothing; look at the screen and type again",
    ),
    # the page's customer merged into another elsewhere (another window, the CLI)
    "page.merged_away": (
        "{name} 已在别处并入 {who}：现在显示合并后的客户",
        "{name} was merged into {who} elsewhere: showing the merged customer now",
    ),
    # the page followed her into {who} (merged elsewhere), and that merge was undone elsewhere
    "page.merge_undone_elsewhere": (
        "{name} 并入 {who} 的合并已在别处撤销：现在显示 {name}",
        "The merge of {name} into {who} was undone elsewhere: showing {name} again",
    ),
    "page.record_gone": (
        "这条记录已不在账本中（可能在别处删除了），没有改动",
        "That record is no longer in the book (deleted elsewhere?): nothing changed",
    ),
    # entry modals
    "page.modal.hint": (
        "Enter 保存 · Tab 下一项 · 选项按数字键选择 · Esc 取消",
        "Enter saves · Tab: next field · number keys pick an option · Esc cancels",
    ),
    "page.modal.hint_plain": (
        "Enter 保存 · Tab 下一项 · Esc 取消",
        "Enter saves · Tab: next field · Esc cancels",
    ),
    "page.modal.still_saving": (
        "正在保存，请稍候：保存好了，或者说明为什么没保存之后，才能离开。",
        "Saving: you can leave once it is saved, or once it says why it is not.",
    ),
    "page.modal.discard_question": (
        "这里有未保存的内容。放弃并关闭吗？",
        "What you typed here is not saved. Discard it and close?",
    ),
    "page.modal.amount_hint": ("如 128 或 1,280.50", "e.g. 128 or 1,280.50"),
    # a new record's window open when her customer was merged into another elsewhere
    "page.modal.merged_away": (
        "{name} 已在别处并入 {who}：这条记录现在记到 {who} 名下，按回车保存",
        "{name} was merged into {who} elsewhere: this record is now for {who}; Enter saves"
        " it there",
    ),
    # the merge it followed her through undone elsewhere: {name} is she, {who} the survivor
    "page.modal.merge_undone": (
        "{name} 并入 {who} 的合并已在别处撤销：这条记录回到 {name} 名下，按回车保存",
        "The merge of {name} into {who} was undone elsewhere: this record is for {name}"
        " again; Enter saves it there",
    ),
    "page.modal.large_amount": (
        "{amount} 超过单笔大额上限 {ceiling}（规则）；金额无误请再按一次 Enter 保存",
        "{amount} is above the large-purchase ceiling of {ceiling} (a rule); press Enter "
        "again to save it if it is right",
    ),
    "page.modal.date_hint": ("年-月-日；-1 表示昨天", "year-month-day; -1 for yesterday"),
    "page.modal.items_hint": ("买了什么，如 保湿精华", "what was bought"),
    "page.modal.when_hint": ("年-月-日 时:分", "year-month-day hour:minute"),
    "page.modal.due_hint": (
        "月-日（如 12-31，下一个这一天）或 年-月-日；+7 表示 7 天后",
        "month-day (12-31: the next one) or year-month-day; +7 for in a week",
    ),
    "page.modal.reminder_note_hint": ("如 周五回电话", "e.g. call back on Friday"),
}
