"""Labels of saved views and bulk changes on the customer list (zh, en)."""

LABELS: dict[str, tuple[str, str]] = {
    # the list: keys, palette, summary, strip of views
    "list.key.mark": ("标记", "Mark"),
    "list.key.mark_all": ("全部标记", "Mark all"),
    "list.key.views": ("视图", "Views"),
    "list.key.save_view": ("保存视图", "Save view"),
    "list.key.bulk": ("批量", "Bulk"),
    "list.cmd.mark": ("标记/取消标记当前客户", "Mark or unmark the highlighted customer"),
    "list.cmd.mark_all": ("标记当前列表的全部客户", "Mark every customer the list shows"),
    "list.cmd.views": ("打开保存的视图", "Open a saved view"),
    "list.cmd.save_view": (
        "把当前筛选、排序和列保存为视图",
        "Save the list's filters, sort and columns as a view",
    ),
    "list.cmd.bulk": ("对已标记的客户批量操作", "Change the marked customers at once"),
    "list.cmd.undo": (
        "撤销刚才的批量操作或删除的视图",
        "Undo the last bulk change or view deleted",
    ),
    "list.active_view": ("视图“{name}”", "view “{name}”"),
    "list.marked": (
        "已标记 {count} 位（b 批量操作，Esc 取消标记）",
        "{count} marked (b: bulk change, Esc: unmark)",
    ),
    "list.views": ("视图（v 打开，V 保存）：", "Views (v open, V save):"),
    "list.views_none": (
        "还没有；筛选好后按 V 保存为视图",
        "none yet; filter the list, then V saves it as a view",
    ),
    "list.view_saved": ("已保存视图“{name}”", "Saved the view “{name}”"),
    "list.view_renamed": ("视图“{old}”改名为“{name}”", "Renamed the view “{old}” to “{name}”"),
    "list.view_deleted": (
        "已删除视图“{name}”——按 u 撤销",
        "Deleted the view “{name}” — press u to undo",
    ),
    "list.view_back": ("视图“{name}”已恢复", "The view “{name}” is back"),
    "list.mark_first": (
        "先用空格标记客户，或按 * 标记列表中的全部客户",
        "Mark customers first: space marks one, * marks every customer the list shows",
    ),
    "list.bulk_done": ("{summary}——已完成，按 u 撤销", "{summary} — done, press u to undo"),
    "list.bulk_undone": ("已撤销：{what}", "Undone: {what}"),
    "list.bulk_undone_kept": (
        "已撤销：{what}——{count} 位恢复原样；{kept} 位客户之后又改过，保持现状",
        "Undone: {what} — {count} put back; {kept} {kept!p:customer|customers} edited since "
        "{kept!p:is left as it is|are left as they are}",
    ),
    "list.bulk_undone_kept_interactions": (
        "已撤销：{what}——{count} 条接触记录已删除；{kept} 条之后又改过，已保留",
        "Undone: {what} — {count} {count!p:contact|contacts} deleted; {kept} edited since "
        "{kept!p:is|are} kept",
    ),
    "list.bulk_undone_kept_reminders": (
        "已撤销：{what}——{count} 条提醒已删除；{kept} 条之后又改过（或已完成），已保留",
        "Undone: {what} — {count} {count!p:reminder|reminders} deleted; {kept} changed (or "
        "done) since {kept!p:is|are} kept",
    ),
    "list.bulk_change": ("一次批量操作", "a bulk change"),
    "list.nothing_to_undo": ("没有可撤销的批量操作", "No bulk change to undo"),
    "list.exported": (
        "已导出 {count} 位客户到 {path}",
        "Exported {count} {count!p:customer|customers} to {path}",
    ),
    "list.still_exporting": (
        "正在导出到 {path}：写完之后才能退出，请稍候。",
        "Exporting to {path}: you can quit once it is written.",
    ),
    "list.still_changing": (
        "批量操作正在进行：完成之后才能退出，请稍候。",
        "A bulk change is under way: you can quit once it is done.",
    ),
    "list.export_appeared": (
        "{path} 在预览之后出现，未覆盖；请重新导出，换个文件名或确认替换",
        "{path} already exists (it appeared after the preview) and was not replaced; export "
        "again to choose another name or replace it",
    ),
    "cmd.view_entry": ("视图：{name}（{count} 位）", "View: {name} ({count})"),
    # the views modal and the name modal
    "views.title": ("保存的视图", "Saved views"),
    "views.none": (
        "还没有保存的视图。在列表上筛选、排序后按 V 保存。",
        "No saved views yet. Filter and sort the list, then press V to save it.",
    ),
    "views.hint": (
        "回车按视图显示列表；数字为此刻符合的客户数",
        "Enter shows the list as the view says; the numbers are its customers now",
    ),
    "views.entry": ("{name}  （{count} 位）", "{name}  ({count})"),
    "views.key.rename": ("改名", "Rename"),
    "views.cmd.rename": ("给选中的视图改名", "Rename the highlighted view"),
    "views.cmd.delete": ("删除选中的视图（可撤销）", "Delete the highlighted view (undoable)"),
    "views.cmd.close": ("关闭视图列表", "Close the list of views"),
    "views.cmd.cancel": ("不保存，返回", "Go back without saving"),
    "views.save_title": ("把当前列表保存为视图", "Save the list as a view"),
    "views.rename_title": ("给视图改名", "Rename the view"),
    "views.field.name": ("视图名称", "view name"),
    "views.name_placeholder": (
        "例如：杭州 A 客户 30 天未联系",
        "e.g. Hangzhou A, not contacted 30 days",
    ),
    "views.name_hint": (
        "保存筛选、搜索、排序和列；回车保存，Esc 取消",
        "Keeps the filters, search, sort and columns; Enter saves, Esc cancels",
    ),
    # the columns modal
    "list.key.columns": ("列", "Columns"),
    "list.cmd.columns": ("选择列表显示哪些列", "Choose the list's columns"),
    "columns.title": ("列表显示的列", "The list's columns"),
    "columns.hint": (
        "空格勾选或取消；Ctrl+S 应用，Esc 取消。保存视图时一并保存。",
        "Space ticks or unticks; Ctrl+S applies, Esc cancels. A saved view keeps them.",
    ),
    "columns.cmd.apply": ("按勾选的列显示", "Show the ticked columns"),
    "columns.cmd.cancel": ("不改列，返回", "Leave the columns as they were"),
    # the bulk modal
    "bulk.title": (
        "批量操作：已标记 {count} 位客户",
        "Bulk change: {count} marked {count!p:customer|customers}",
    ),
    "bulk.choice.add_tag": ("加标签", "Add a tag"),
    "bulk.choice.remove_tag": ("去掉标签", "Remove a tag"),
    "bulk.choice.set_stage": ("设定阶段（未购买的客户）", "Set the stage (non-buyers)"),
    "bulk.choice.unarchive": ("取消归档", "Unarchive"),
    "bulk.choice.log_contact": ("记一次联系（如节日问候）", "Log a contact (a holiday greeting …)"),
    "bulk.choice.set_reminder": ("设提醒", "Set a reminder"),
    "bulk.choice.export": ("导出这些客户", "Export these customers"),
    "bulk.field.tag": ("标签", "tag"),
    "bulk.field.kind": ("联系方式", "contact kind"),
    "bulk.field.due": ("提醒日期", "reminder date"),
    "bulk.field.note": ("备注（每位客户相同）", "note (the same for each customer)"),
    "bulk.field.path": ("导出到（.xlsx / .csv / .vcf）", "export to (.xlsx / .csv / .vcf)"),
    "bulk.stage_none": ("不指定（按联系记录）", "none (from the contacts)"),
    "bulk.export_name": ("选中客户-{day}.xlsx", "marked-customers-{day}.xlsx"),
    "bulk.path_missing": ("导出到：必填", "export to: is required"),
    "bulk.apply": ("确认执行", "Apply"),
    "bulk.replace": ("替换", "Replace"),
    "bulk.key.go": ("预览/执行", "Preview/apply"),
    "bulk.cmd.go": ("先预览，再按一次执行", "Preview, then press again to apply"),
    "bulk.cmd.cancel": ("不做修改，返回", "Go back without changing anything"),
    "bulk.failed": ("批量操作失败：{detail}", "The bulk change failed: {detail}"),
    "bulk.preview.then": (
        "一次完成，可按 u 撤销。Ctrl+S 确认执行，Esc 取消。",
        "One change, undone with u. Ctrl+S applies it, Esc cancels.",
    ),
    "bulk.preview.add_tag": (
        "{selected} 位中的 {changes} 位加上标签“{tag}”（{same} 位已有）",
        "{changes} of {selected} {selected!p:customer|customers} {changes!p:gets|get} the tag "
        "“{tag}” ({same} {same!p:has|have} it already)",
    ),
    "bulk.preview.remove_tag": (
        "{selected} 位中的 {changes} 位去掉标签“{tag}”（{same} 位本来没有）",
        "{changes} of {selected} {selected!p:customer|customers} {changes!p:loses|lose} the "
        "tag “{tag}” ({same} {same!p:does|do} not have it)",
    ),
    "bulk.preview.set_stage": (
        "{selected} 位中的 {changes} 位阶段设为“{stage}”（{same} 位已是）；"
        "其中 {buyers} 位已购买，阶段仍按购买记录",
        "{changes} of {selected} {selected!p:customer|customers} set to the stage “{stage}” "
        "({same} {same!p:is|are} already); {buyers} of them {buyers!p:is a buyer|are buyers}, "
        "whose stage follows their purchases",
    ),
    "bulk.preview.archive": (
        "{selected} 位中的 {changes} 位归档（{same} 位已归档）",
        "{changes} of {selected} {selected!p:customer|customers} archived ({same} "
        "{same!p:is|are} already)",
    ),
    "bulk.preview.unarchive": (
        "{selected} 位中的 {changes} 位取消归档（{same} 位本来就未归档）",
        "{changes} of {selected} {selected!p:customer|customers} back among the active ones "
        "({same} {same!p:is|are} already)",
    ),
    "bulk.preview.log_contact": (
        "为 {changes} 位客户各记一次“{kind}”，时间为现在，备注：{note}",
        "A “{kind}” logged now for each of {changes} {changes!p:customer|customers}, note: {note}",
    ),
    "bulk.preview.set_reminder": (
        "为 {changes} 位客户各设一条 {due} 的提醒：{note}",
        "A reminder on {due} for each of {changes} {changes!p:customer|customers}: {note}",
    ),
    # what an undo took back (list.bulk_undone's {what})
    "bulk.undone.add_tag": (
        "给 {customers} 位客户加标签“{tag}”",
        "the tag “{tag}” added to {customers} {customers!p:customer|customers}",
    ),
    "bulk.undone.remove_tag": (
        "去掉 {customers} 位客户的标签“{tag}”",
        "the tag “{tag}” removed from {customers} {customers!p:customer|customers}",
    ),
    "bulk.undone.set_stage": (
        "把 {customers} 位客户的阶段设为“{stage}”",
        "{customers} {customers!p:customer|customers} set to the stage “{stage}”",
    ),
    "bulk.undone.archive": (
        "归档 {customers} 位客户",
        "{customers} {customers!p:customer|customers} archived",
    ),
    "bulk.undone.unarchive": (
        "{customers} 位客户取消归档",
        "{customers} {customers!p:customer|customers} unarchived",
    ),
    "bulk.undone.log_contact": (
        "为 {customers} 位客户各记一次“{kind}”",
        "a “{kind}” logged for each of {customers} {customers!p:customer|customers}",
    ),
    "bulk.undone.set_reminder": (
        "为 {customers} 位客户各设一条 {due} 的提醒",
        "a reminder on {due} for each of {customers} {customers!p:customer|customers}",
    ),
    "bulk.preview.export_plain": (
        "这个账本已加密，但导出的文件不加密：任何拿到文件的人都能看到这些客户的姓名、电话和备注。",
        "This book is encrypted, but the file will not be encrypted: anyone who gets it can "
        "read it (names, phones, notes).",
    ),
    "bulk.preview.export_then": (
        "写入后不能用 u 撤销（需要时请删除该文件）。Ctrl+S 确认写入，Esc 取消。",
        "A written file is not undone with u (delete it if need be). Ctrl+S writes it, "
        "Esc cancels.",
    ),
    "bulk.preview.export": (
        "{count} 位客户写入 {path}",
        "{count} {count!p:customer|customers} written to {path}",
    ),
    "bulk.preview.export_holds": ("文件包含：{tables}", "The file holds: {tables}"),
    "bulk.preview.export_left_out": (
        "{kind} 文件不含：{tables}（要一并导出请用 .xlsx）",
        "Not in a {kind} file: their {tables} (export to .xlsx for those)",
    ),
    "bulk.preview.export_replaces": (
        "{name} 已存在：按 Ctrl+S 用这次导出替换它，原文件不再保留；要保留它，请在上面改个文件名。",
        "{name} already exists: Ctrl+S replaces it with this export and the old file is gone; "
        "to keep it, change the name above.",
    ),
    "bulk.preview.export_replace_then": (
        "写入后不能用 u 撤销。Ctrl+S 确认替换，Esc 取消。",
        "A written file is not undone with u. Ctrl+S replaces it, Esc cancels.",
    ),
}
