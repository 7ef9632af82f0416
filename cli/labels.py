"""The command line's words (zh, en): messages, table columns, `xiaoben queue` and
`xiaoben report`. Registered by the `xiaoben` command at start-up (`register_labels`).
"""

from __future__ import annotations

from xiaoben.models.i18n import register


def register_labels() -> None:
    """Add these words to the catalogue `t` reads (again: no change)."""
    register("cli", LABELS)


LABELS: dict[str, tuple[str, str]] = {
    # xiaoben fields
    "cli.fields.unknown": (
        "没有自定义字段“{key}”（按 #序号、中文或英文名）",
        "no custom field “{key}” (by #number, Chinese or English label)",
    ),
    "cli.fields.none": (
        "还没有自定义字段（xiaoben fields add 添加）",
        "No custom fields yet (add one with xiaoben fields add)",
    ),
    "cli.fields.col.id": ("序号", "#"),
    "cli.fields.added": ("已添加字段 #{id}：{label}", "Added field #{id}: {label}"),
    "cli.fields.renamed": ("字段 #{id} 现名为 {zh} / {en}", "Field #{id} is now {zh} / {en}"),
    "cli.fields.ask_remove": (
        "删除字段“{label}”？{count} 位客户的值将在明天起清除",
        "Remove field “{label}”? The values of {count} {count!p:customer|customers} are erased "
        "from tomorrow",
    ),
    "cli.fields.removed": (
        "已删除字段“{label}”（今天内可用 xiaoben fields restore {id} 恢复）",
        "Removed field “{label}” (xiaoben fields restore {id} brings it back today)",
    ),
    "cli.fields.restored": ("已恢复字段“{label}”及其值", "Restored field “{label}” and its values"),
    # command line
    "cli.error": ("错误：{message}", "Error: {message}"),
    # click's usage errors (cli/usage.py), in the seller's words
    "cli.usage": ("用法：{command} {pieces}", "Usage: {command} {pieces}"),
    "cli.usage_options": ("[选项]", "[OPTIONS]"),
    "cli.usage_command": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "cli.usage_command_optional": ("[命令] [参数]...", "[COMMAND] [ARGS]..."),
    "cli.usage_value.text": ("文字", "TEXT"),
    "cli.usage_value.integer": ("整数", "INTEGER"),
    "cli.usage_value.number": ("数", "NUMBER"),
    "cli.usage_help": ("运行“{command} --help”查看帮助。", "Try '{command} --help' for help."),
    "cli.usage.bad_value": ("{name} 的值不对：{message}", "Invalid value for {name}: {message}"),
    "cli.usage.missing_argument": ("缺少参数 {name}", "Missing argument {name}."),
    "cli.usage.missing_option": ("缺少选项 {name}", "Missing option {name}."),
    "cli.usage.choose_from": ("，可选：{choices}", "Choose from: {choices}."),
    "cli.usage.no_such_option": ("没有 {name} 这个选项", "No such option: {name}."),
    "cli.usage.no_such_command": ("没有“{name}”这个命令", "No such command: {name}."),
    "cli.usage.did_you_mean": ("，是不是要用 {names}？", "Did you mean {names}?"),
    "cli.usage.needs_value": ("选项 {name} 后面要跟一个值", "Option {name} requires a value."),
    "cli.usage.takes_no_value": ("选项 {name} 不带值", "Option {name} does not take a value."),
    "cli.usage.argument_values": ("参数个数不对", "Wrong number of values for an argument."),
    "cli.usage.extra_arguments": ("多出了参数：{args}", "Got unexpected extra arguments: {args}"),
    "cli.usage.missing_command": ("缺少命令", "Missing command."),
    "cli.usage.not_one_of": (
        "“{value}”不是可选的值：{choices}",
        "“{value}” is not one of {choices}",
    ),
    "cli.usage.not_whole_number": ("“{value}”不是整数", "“{value}” is not a whole number"),
    "cli.usage.out_of_range": (
        "{value} 不在 {lowest} 到 {highest} 之间",
        "{value} is not between {lowest} and {highest}",
    ),
    "cli.usage.too_small": (
        "{value} 太小：最小是 {lowest}",
        "{value} is too small: the least is {lowest}",
    ),
    "cli.usage.too_large": (
        "{value} 太大：最大是 {highest}",
        "{value} is too large: the most is {highest}",
    ),
    "cli.usage.no_such_file": ("文件“{path}”不存在", "file “{path}” does not exist"),
    "cli.usage.is_folder": (
        "“{path}”是文件夹，请给出文件的路径",
        "“{path}” is a folder; give a file's path",
    ),
    "cli.usage.is_file": ("“{path}”是文件，请给出文件夹", "“{path}” is a file; give a folder"),
    "cli.usage.cannot_read": ("没有读取“{path}”的权限", "no permission to read “{path}”"),
    "cli.usage.not_text": (
        "不是 UTF-8 文字（终端或复制来源用的是 GBK 等其他编码？），请改用 UTF-8 输入",
        "not UTF-8 text (a terminal or source in GBK or another encoding?); type it in UTF-8",
    ),
    "cli.usage.not_a_time": (
        "“{value}”不是时间，应写成 {formats}",
        "“{value}” is not a time; write {formats}",
    ),
    "cli.forget.ask": ("确定永久删除吗？", "Forget them for good?"),
    "cli.merge.no_customer": (
        "找不到客户“{key}”（按 #序号、编号、电话、微信或姓名）",
        "no customer “{key}” (by #number, code, phone, WeChat ID or name)",
    ),
    "cli.merge.take_format": (
        "格式是 字段=survivor|absorbed|both，例如 name=absorbed",
        "the form is FIELD=survivor|absorbed|both, e.g. name=absorbed",
    ),
    "cli.merge.title": ("把 {absorbed} 并入 {survivor}", "Merging {absorbed} into {survivor}"),
    "cli.merge.col.field": ("项目", "field"),
    "cli.merge.col.survivor": ("保留的客户", "kept customer"),
    "cli.merge.col.absorbed": ("并入的客户", "merged in"),
    "cli.merge.col.result": ("合并后", "after"),
    "cli.merge.same_fields": ("两份档案的各项都相同", "The two profiles agree on every field"),
    "cli.merge.moves": (
        "将移到 {name} 名下：消费 {purchases} 笔，接触 {interactions} 次，提醒 {reminders} 条，"
        "层级记录 {tier_changes} 条，跟进记录 {follow_ups} 条，推荐的客户 {referrals} 位",
        "Moving to {name}: {purchases} {purchases!p:purchase|purchases}, {interactions} "
        "{interactions!p:contact|contacts}, {reminders} {reminders!p:reminder|reminders}, "
        "{tier_changes} tier {tier_changes!p:change|changes}, {follow_ups} handled "
        "{follow_ups!p:follow-up|follow-ups}, {referrals} referred "
        "{referrals!p:customer|customers}",
    ),
    "cli.merge.ask": ("确定合并吗？", "Merge them?"),
    "cli.merge.done": (
        "已合并：{absorbed} 并入 {survivor}。撤销：xiaoben unmerge {token}",
        "Merged {absorbed} into {survivor}. To undo: xiaoben unmerge {token}",
    ),
    # `xiaoben unmerge` with no number: the merges the book keeps the undo of
    "cli.unmerge.none": (
        "没有可以撤销的合并（只保留最近 50 次合并的撤销记录）",
        "No merge to undo (the undo of the last 50 merges is kept)",
    ),
    "cli.unmerge.col.token": ("编号", "number"),
    "cli.unmerge.col.when": ("合并时间", "merged at"),
    "cli.unmerge.col.merge": ("合并", "merge"),
    "cli.unmerge.col.undo": ("能否撤销", "undo"),
    "cli.unmerge.what": ("{absorbed} 并入 {survivor}", "{absorbed} into {survivor}"),
    "cli.unmerge.can": ("可以撤销", "can be undone"),
    "cli.unmerge.edited": (
        "不能：合并后的客户之后改过",
        "no: the merged customer was edited since",
    ),
    "cli.unmerge.how": (
        "撤销其中一次：xiaoben unmerge 编号",
        "To undo one: xiaoben unmerge NUMBER",
    ),
    # `xiaoben duplicates --dismissed` / `--bring-back A B`
    "cli.dups.more": (
        "显示了 {total} 对中的前 {shown} 对",
        "the first {shown} of {total} {total!p:pair|pairs} shown",
    ),
    "cli.dups.none_dismissed": (
        "没有标为“不是同一人”的客户",
        "No pair is marked “not the same person”",
    ),
    "cli.dups.bring_back_how": (
        "要让一对重新列为可能重复：xiaoben duplicates --bring-back 客户 客户",
        "To list a pair as possible duplicates again: xiaoben duplicates --bring-back CUSTOMER "
        "CUSTOMER",
    ),
    "cli.dups.brought_back": (
        "{first} 和 {second} 又会列为可能重复",
        "{first} and {second} are listed as possible duplicates again",
    ),
    "cli.dups.not_dismissed": (
        "{first} 和 {second} 没有标为“不是同一人”，没有改动",
        "{first} and {second} are not marked “not the same person”: nothing changed",
    ),
    "cli.demo_written": (
        "已写入演示账本 {path}（{customers} 位客户）",
        "wrote the demo book {path} ({customers} {customers!p:customer|customers})",
    ),
    "cli.stage.parse": ("读取", "reading"),
    "cli.stage.match": ("匹配客户", "matching customers"),
    "cli.stage.customers": ("写入客户", "writing customers"),
    "cli.stage.tiers": ("重新分级", "tiering"),
    "cli.row_error": ("第 {line} 行，{column}：{message}", "line {line}, {column}: {message}"),
    "cli.more_errors": (
        "……另有 {count:,} 个问题未列出",
        "… and {count:,} more {count!p:problem|problems}",
    ),
    "cli.import_done": (
        "已导入 {imported:,}/{rows:,} 行（新建客户 {created:,}，更新 {updated:,}；"
        "跳过问题行 {bad:,}；{source}）",
        "imported {imported:,} of {rows:,} {rows!p:row|rows} ({created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad {bad!p:row|rows} "
        "skipped; {source})",
    ),
    # a purchases import's purchases, beside its customers' counts
    "cli.import_purchases": (
        "记入消费 {count:,} 笔（上面的新建、更新都是客户）",
        "{count:,} {count!p:purchase|purchases} recorded (created and updated above count "
        "customers)",
    ),
    "cli.import_purchases_dry_run": (
        "将记入消费 {count:,} 笔（上面的新建、更新都是客户）",
        "{count:,} {count!p:purchase|purchases} would be recorded (created and updated above "
        "count customers)",
    ),
    # an --on-duplicate update that changed purchases of orders imported before
    "cli.import_done_orders": (
        "已导入 {imported:,}/{rows:,} 行（按文件更新消费 {changed:,} 笔，移除 {removed:,} 笔；"
        "新建客户 {created:,}，更新客户 {updated:,}；跳过问题行 {bad:,}；{source}）",
        "imported {imported:,} of {rows:,} {rows!p:row|rows} ({changed:,} "
        "{changed!p:purchase|purchases} updated, {removed:,} removed; {created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad {bad!p:row|rows} "
        "skipped; {source})",
    ),
    "cli.import_dry_run_orders": (
        "试运行：可导入 {imported:,}/{rows:,} 行（将按文件更新消费 {changed:,} 笔，移除 "
        "{removed:,} 笔；"
        "将新建客户 {created:,}，更新客户 {updated:,}；问题行 {bad:,}；{source}）。账本未改动。",
        "dry run: {imported:,} of {rows:,} {rows!p:row|rows} would import ({changed:,} "
        "{changed!p:purchase|purchases} updated, {removed:,} removed; {created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad "
        "{bad!p:row|rows}; {source}). The book was not changed.",
    ),
    # a customers import that held rows back for review (import.held_back.*): counted here
    "cli.import_done_held": (
        "已导入 {imported:,}/{rows:,} 行（新建客户 {created:,}，更新 {updated:,}；"
        "跳过问题行 {bad:,}；留待核对 {held:,} 行；{source}）",
        "imported {imported:,} of {rows:,} {rows!p:row|rows} ({created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad {bad!p:row|rows} "
        "skipped; {held:,} held back for review; {source})",
    ),
    "cli.import_dry_run_held": (
        "试运行：可导入 {imported:,}/{rows:,} 行（将新建客户 {created:,}，更新 {updated:,}；"
        "问题行 {bad:,}；留待核对 {held:,} 行；{source}）。账本未改动。",
        "dry run: {imported:,} of {rows:,} {rows!p:row|rows} would import ({created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad "
        "{bad!p:row|rows}; "
        "{held:,} held back for review; {source}). The book was not changed.",
    ),
    "cli.import_dry_run": (
        "试运行：可导入 {imported:,}/{rows:,} 行（将新建客户 {created:,}，更新 {updated:,}；"
        "问题行 {bad:,}；{source}）。账本未改动。",
        "dry run: {imported:,} of {rows:,} {rows!p:row|rows} would import ({created:,} "
        "{created!p:customer|customers} created, {updated:,} updated; {bad:,} bad "
        "{bad!p:row|rows}; "
        "{source}). The book was not changed.",
    ),
    # a customers file the book already has as it is (as purchases say "already imported")
    "cli.import_unchanged": (
        "没有需要改动的：{imported:,} 行都与账本中的客户一致（新建客户 {created:,}，更新 "
        "{updated:,}；"
        "跳过问题行 {bad:,}；{source}）",
        "nothing to change: {imported!p:the row matches|all {imported:,} rows match} the book's "
        "customers ({created:,} {created!p:customer|customers} created, {updated:,} updated; "
        "{bad:,} bad {bad!p:row|rows} skipped; {source})",
    ),
    "cli.import_unchanged_held": (
        "没有需要改动的：{imported:,} 行与账本中的客户一致，留待核对 {held:,} 行（新建客户 "
        "{created:,}，"
        "更新 {updated:,}；跳过问题行 {bad:,}；{source}）",
        "nothing to change: {imported:,} {imported!p:row matches|rows match} the book's "
        "customers, {held:,} held back for review ({created:,} {created!p:customer|customers} "
        "created, {updated:,} updated; {bad:,} bad {bad!p:row|rows} skipped; {source})",
    ),
    "cli.import_unchanged_dry_run_held": (
        "试运行：没有需要改动的，{imported:,} 行与账本中的客户一致，留待核对 {held:,} "
        "行（{source}）。"
        "账本未改动。",
        "dry run: nothing to change, {imported:,} {imported!p:row matches|rows match} the "
        "book's customers, {held:,} held back for review ({source}). The book was not changed.",
    ),
    "cli.import_unchanged_dry_run": (
        "试运行：没有需要改动的，{rows:,} 行都与账本中的客户一致（{source}）。账本未改动。",
        "dry run: nothing to change, {rows!p:the row matches|all {rows:,} rows match} the "
        "book's customers ({source}). The book was not changed.",
    ),
    # {source} above: a text file's encoding; a workbook has none, its format is said.
    "cli.import_encoding": ("编码 {encoding}", "encoding {encoding}"),
    "cli.recomputed": (
        "已按 {as_of} 重新分级：{written} 位客户结果有变，记录 {moves} 次层级变动",
        "recomputed as of {as_of}: {written} {written!p:customer's|customers'} results changed, "
        "{moves} tier {moves!p:move|moves} logged",
    ),
    "cli.model_head": (
        "购买概率模型（截至 {as_of}，时间单位：{unit}）："
        "{customers} 位买家，其中回头客 {repeat_buyers} 位",
        "purchase model (as of {as_of}, time in {unit}): {customers} "
        "{customers!p:buyer|buyers}, {repeat_buyers} of them "
        "{repeat_buyers!p:a repeat buyer|repeat buyers}",
    ),
    "cli.model_unit.week": ("周", "weeks"),
    "cli.model_unit.day": ("天", "days"),
    "cli.model_bgnbd": (
        "BG/NBD 购买与流失：r = {r}，α = {alpha}，a = {a}，b = {b}；对数似然 {ll}",
        "BG/NBD purchasing and dropout: r = {r}, α = {alpha}, a = {a}, b = {b}; "
        "log-likelihood {ll}",
    ),
    "cli.model_spend": (
        "Gamma-Gamma 每单金额：p = {p}，q = {q}，γ = {gamma}",
        "Gamma-Gamma spend per purchase: p = {p}, q = {q}, γ = {gamma}",
    ),
    "cli.model_time": ("拟合用时 {seconds} 秒", "fitted in {seconds} s"),
    "cli.passphrase_prompt": ("{path} 的口令", "Passphrase of {path}"),
    "cli.passphrase_new": ("{path} 的新口令", "New passphrase for {path}"),
    "cli.passphrase_again": ("再输入一遍", "Once more, to be sure"),
    "cli.passphrase_mismatch": (
        "两次输入的口令不一样：请重新输入",
        "the two passphrases typed differ: type it again",
    ),
    "cli.backup_before": (
        "导入前的账本已备份：要回到这次导入之前，运行 xiaoben restore {name}（会先比较并询问）",
        "The book as it was before this import is backed up: to go back to it, run"
        " xiaoben restore {name} (it compares and asks first)",
    ),
    "cli.aborted": ("已取消", "aborted"),
    "cli.import_cancelled": ("导入已取消，账本没有改动", "import cancelled; the book is unchanged"),
    "cli.import_map_hint": (
        '如果文件里有这一列、只是列名不同，用 --map "列名=字段" 指明，'
        '例如 --map "收款=金额"、--map "备注名=姓名"',
        "if the file has it under another name, name it with --map "
        '"COLUMN=FIELD", e.g. --map "收款=amount", --map "备注名=name"',
    ),
    "cli.import_keep_good": (
        "加上 --keep-good 可导入无误的行，并列出有问题的行",
        "add --keep-good to import the good rows and list the bad ones",
    ),
    "cli.aborted_no_terminal": (
        "没有终端可以回答提问，已取消：请在终端里运行，或加 --yes",
        "no terminal to answer the question, so nothing was done: run it in a terminal, or"
        " add --yes",
    ),
    "cli.passphrase_needed": (
        "没有终端可以输入口令：请用环境变量 {variable} 给出",
        "no terminal to type the passphrase in: give it in the environment variable {variable}",
    ),
    "cli.passphrase_already": (
        "{path} 已经加密；要换口令请用 xiaoben passphrase change",
        "{path} is already encrypted; to change its passphrase use xiaoben passphrase change",
    ),
    "cli.passphrase_none": (
        "{path} 没有加密；要加密请用 xiaoben passphrase set",
        "{path} is not encrypted; to encrypt it use xiaoben passphrase set",
    ),
    "cli.passphrase_set": (
        "{path} 已加密：以后打开要输入口令。口令忘了就找不回来，请记牢",
        "{path} is encrypted: it opens only with the passphrase from now on. A forgotten"
        " passphrase cannot be recovered: keep it safe",
    ),
    "cli.passphrase_changed": (
        "{path} 的口令已更换（之前的备份仍用旧口令）",
        "the passphrase of {path} is changed (earlier backups keep the old one)",
    ),
    "cli.passphrase_removed": (
        "警告：{path} 已解密，拿到这台电脑的人都能读到它",
        "warning: {path} is decrypted: anyone with this computer can read it",
    ),
    "cli.passphrase_failed": (
        "口令没有改成（{reason}）；账本仍用原来的口令",
        "the passphrase was not changed ({reason}); the book keeps the one it had",
    ),
    "cli.passphrase_plain_backups": (
        "注意：{folder} 里有 {count} 个加密之前的备份没有加密；不需要的话请删掉",
        "note: {count} {count!p:backup|backups} in {folder}, made before the book was"
        " encrypted, {count!p:is|are} not encrypted; delete {count!p:it|them} if you do not need"
        " {count!p:it|them}",
    ),
    "cli.passphrase_replica": (
        "复制到 {url} 已停止：Litestream 读不了加密账本，账本也不再记着这个副本。副本里仍是"
        "加密之前的账本，没有加密：不需要的话请删掉 {where}；要把账本存到电脑以外，"
        "请拷贝加密的备份（xiaoben backup 路径）",
        "replication to {url} has stopped: Litestream cannot read an encrypted book, and the"
        " book no longer names the replica. The replica, as it stood, still holds the book"
        " unencrypted: delete {where} if you do not need it; to keep the book off the laptop,"
        " copy its encrypted backups (xiaoben backup PATH) instead",
    ),
    "cli.litestream_folder_removed": (
        "已删除 {folder}：Litestream 放在账本旁边的文件夹（账本的明文页面）",
        "removed {folder}, the folder Litestream kept beside the book (the book's pages in"
        " clear text)",
    ),
    "cli.litestream_folder_left": (
        "注意：{folder} 是 Litestream 放在账本旁边的文件夹（账本的明文页面），未能删除"
        "（{reason}）；请自己删掉",
        "note: {folder}, the folder Litestream kept beside the book (the book's pages in clear"
        " text), could not be removed ({reason}); delete it yourself",
    ),
    "cli.near_lists_removed": (
        "已删除 {folder} 里 {count} 份导入时留下的相近客户名单（明文的姓名和电话）；"
        "加密的账本旁边不留名单",
        "removed {count} near-match {count!p:list|lists} an import kept in {folder} (names and"
        " phones in clear text): an encrypted book keeps none beside it",
    ),
    "cli.near_lists_left": (
        "注意：{folder} 里有 {count} 份相近客户名单（明文的姓名和电话）没能删掉（{reason}）："
        "{names}；请手动删掉",
        "note: {count} near-match {count!p:list|lists} in {folder} (names and phones in clear"
        " text) could not be removed ({reason}): {names}; delete {count!p:it|them} yourself",
    ),
    "cli.export_decrypted": (
        "警告：{path} 没有加密，拿到它的人都能读到",
        "warning: {path} is not encrypted: anyone who gets it can read it",
    ),
    "cli.exported": ("已导出到 {path}（仅你可读）", "exported to {path} (readable by you only)"),
    # what an export wrote, a count a table ("— 15 customers, 40 purchases")
    "cli.exported_rows.customers": ("客户 {rows:,} 行", "{rows:,} {rows!p:customer|customers}"),
    "cli.exported_rows.purchases": ("消费 {rows:,} 行", "{rows:,} {rows!p:purchase|purchases}"),
    "cli.exported_rows.contacts": ("接触记录 {rows:,} 行", "{rows:,} {rows!p:contact|contacts}"),
    "cli.exported_rows.reminders": ("提醒 {rows:,} 行", "{rows:,} {rows!p:reminder|reminders}"),
    "cli.backed_up": ("已备份到 {path}（仅你可读）", "backed up to {path} (readable by you only)"),
    "cli.no_backups": ("{folder} 里还没有这本账的备份", "no backups of this book in {folder} yet"),
    "cli.backups_in": ("{folder} 里的备份（最新在前）：", "backups in {folder} (newest first):"),
    "cli.backups_forget.none": ("没有备份含有客户 #{id}", "no backup holds customer #{id}"),
    "cli.backups_forget.ask": (
        "改写 {count} 个备份，去掉 {name}？其他内容不变，只是批量修改的撤销记录和暂存的"
        "今日计划一并删去。",
        "Rewrite {count} {count!p:backup|backups} without {name}? Nothing else in "
        "{count!p:it|them} changes but the undo of bulk changes and the kept plan, "
        "dropped too.",
    ),
    "cli.backups_forget.kept": ("备份没有改动", "backups left as they were"),
    "cli.backups_forget.done": (
        "已改写 {count} 个备份，去掉了 {name}",
        "{count} {count!p:backup|backups} rewritten without {name}",
    ),
    "cli.backups_future": (
        "以下备份的时间晚于现在（做备份时电脑时钟不对，或从别的电脑复制来），不算最新的：",
        "stamped later than now (taken while the clock was wrong, or copied from another "
        "machine), so not the latest:",
    ),
    "cli.backup_line": (
        "{number:>3}  {when}  客户 {customers}  消费 {purchases}  {size} KB  {name}",
        "{number:>3}  {when}  {customers} {customers!p:customer|customers}  {purchases} "
        "{purchases!p:purchase|purchases}  {size} KB  {name}",
    ),
    "cli.backup_line_locked": (
        "{number:>3}  {when}  （用另一个口令加密，读不了）  {size} KB  {name}",
        "{number:>3}  {when}  (encrypted with another passphrase: cannot be read)  {size} KB"
        "  {name}",
    ),
    "cli.restore_compare": (
        "备份 {backup} 与当前账本 {book}：",
        "backup {backup} against the book {book}:",
    ),
    "cli.restore_line": (
        "  {table}：备份 {backup}（最后改动 {backup_last}），现在 {book}（最后改动 {book_last}）",
        "  {table}: backup {backup} (last change {backup_last}), now {book} (last change "
        "{book_last})",
    ),
    "cli.restore_ask": (
        "用这个备份替换当前账本吗？（当前账本会先备份）",
        "Replace the book with this backup? (the book is backed up first)",
    ),
    "cli.exporting": (
        "正在导出{table}：已写 {rows:,} 行",
        "exporting {table}: {rows:,} {rows!p:row|rows} written",
    ),
    "cli.restore_kept": ("未恢复，账本没有改动", "not restored; the book was not changed"),
    "cli.restored_forgotten": (
        "备份里还有你已永久删除的 {names}：已从恢复后的账本中再次删除",
        "the backup still held {names}, whom you had forgotten: erased again from the"
        " restored book",
    ),
    "cli.restored": (
        "已用 {backup} 恢复账本；恢复前的账本保存在 {safety}",
        "restored the book from {backup}; the book as it was is kept in {safety}",
    ),
    "cli.restore_what": (
        "请给出一个备份（xiaoben backups 的编号或文件名，或路径），或用 --from 指定副本，二选一",
        "give one backup (its number or file name from xiaoben backups, or a path), or a "
        "replica with --from: one of the two",
    ),
    "cli.restore_at": ("--at 只和 --from 一起用", "--at goes with --from only"),
    "cli.no_replica": (
        "这本账还没有副本地址：用 xiaoben replicate --to 文件夹或网址 指定一次",
        "this book has no replica yet: name one once with xiaoben replicate --to FOLDER-OR-URL",
    ),
    "cli.replicated": ("已复制到 {url}", "replicated to {url}"),
    "cli.replicating": (
        "正在持续复制到 {url}（按 Ctrl+C 停止）",
        "replicating to {url} continuously (Ctrl+C stops)",
    ),
    "cli.replication_off": (
        "注意：复制没有启动（{reason}）；小本照常打开",
        "Note: replication did not start ({reason}); xiaoben opens as usual",
    ),
    "cli.no_such_backup": (
        "没有“{name}”这个备份：请用 xiaoben backups 列出的编号、文件名，或一个文件路径",
        "no backup “{name}”: give its number or file name from xiaoben backups, or a path",
    ),
    "col.customer": ("编号", "customer"),
    "col.revenue": ("净收入", "net revenue"),
    "col.orders": ("单数", "orders"),
    "col.last_purchase": ("最近购买", "last purchase"),
    "col.recency_days": ("距今天数", "days since"),
    "cli.summary_head": (
        "共 {customers} 位客户，其中 {buyers} 位买家",
        "{customers} {customers!p:customer|customers}, {buyers} of them {buyers!p:a buyer|buyers}",
    ),
    "cli.tier_summary": (
        "{tier}：{count} 位（占买家 {customers:.1f}%），贡献价值 {share:.1f}%",
        "{tier}: {count} ({customers:.1f}% of buyers), {share:.1f}% of value",
    ),
    # `xiaoben queue`: the follow-up queue on the command line
    "queue_cli.plan_head": (
        "{as_of} 今日计划 {planned}/{capacity} · 逾期 {overdue} · 积压 {backlog}（未来几天安排）",
        "{as_of} today's plan {planned}/{capacity} · overdue {overdue}"
        " · backlog {backlog} (planned on the coming days)",
    ),
    "queue_cli.plan_head_unlimited": (
        "{as_of} 今日计划 {planned}（不限数量）· 逾期 {overdue} · 积压 {backlog}",
        "{as_of} today's plan {planned} (no limit) · overdue {overdue} · backlog {backlog}",
    ),
    "queue_cli.greetings_head": (
        " · {holidays}祝福 {count} 位",
        " · {holidays} greetings: {count}",
    ),
    "queue_cli.greetings_group": (
        "{holidays}祝福 {count} 位（不占今日计划）：{names}\n"
        "    一次全部完成：xiaoben queue done --greetings（各记一次问候；撤销一次全部撤回）",
        "{holidays} greetings, {count} {count!p:buyer|buyers} (outside today's plan): {names}\n"
        "    all at once: xiaoben queue done --greetings (a greeting logged for each;"
        " one undo takes them all back)",
    ),
    "queue_cli.greetings_done": (
        "已完成今天的节日祝福 {count} 位，各记一次问候；撤销：在跟进队列按 u",
        "done: today's holiday greetings, {count} {count!p:buyer|buyers}, a greeting logged"
        " for each; to undo: u on the queue screen",
    ),
    "queue_cli.no_greetings": ("今天没有节日祝福要发。", "No holiday greetings today."),
    "queue_cli.done_what": (
        "请给出一个跟进项（ITEM），或用 --greetings 完成今天的全部节日祝福（二者选一）",
        "give one ITEM, or --greetings for all of today's holiday greetings (one of the two)",
    ),
    "queue_cli.empty": ("今天没有计划的跟进项。", "Nothing planned for today."),
    "queue_cli.section.plan": ("今日计划：{count} 项", "Today's plan: {count}"),
    "queue_cli.section.day": ("{day}：{count} 项", "{day}: {count}"),
    "queue_cli.coming": (
        "未来 {days} 天的计划：{counts}",
        "Planned, next {days} {days!p:day|days}: {counts}",
    ),
    "queue_cli.coming_day": ("{day} {count} 项", "{day} {count}"),
    "queue_cli.col.item": ("跟进项", "item"),
    "queue_cli.col.due": ("到期", "due"),
    "queue_cli.col.detail": ("详情", "detail"),
    "queue_cli.col.action": ("建议动作", "suggested action"),
    "queue_cli.col.message": ("消息草稿", "message draft"),
    "queue_cli.due.overdue": ("{days} 天前到期", "{days} {days!p:day|days} overdue"),
    "queue_cli.due.snoozed": ("{due}（已推迟）", "{due} (snoozed)"),
    "queue_cli.done": (
        "已完成：{name}（{reason}），已记一次接触；撤销用 xiaoben queue undo {key}",
        "done: {name} ({reason}), contact logged; to undo: xiaoben queue undo {key}",
    ),
    "queue_cli.snoozed": (
        "已推迟到 {until}：{name}（{reason}）；撤销用 xiaoben queue undo {key}",
        "snoozed to {until}: {name} ({reason}); to undo: xiaoben queue undo {key}",
    ),
    "queue_cli.skipped": (
        "已跳过：{name}（{reason}），下次再提醒；撤销用 xiaoben queue undo {key}",
        "skipped: {name} ({reason}) until next time; to undo: xiaoben queue undo {key}",
    ),
    "queue_cli.reopened": ("已撤销，{key} 回到跟进队列", "undone: {key} is back in the queue"),
    "queue_cli.reopened_snoozed": (
        "已撤销，{key} 回到推迟到 {until} 的状态",
        "undone: {key} is snoozed until {until} again",
    ),
    "queue_cli.reopened_as": (
        "已撤销，{key} 回到“{action}”的状态",
        "undone: {key} is {action} again",
    ),
    "queue_cli.contact_kept": (
        "它记下的接触之后改过，已保留：{when} {kind}",
        "the contact it logged was edited since and is kept: {when} {kind}",
    ),
    "queue_cli.no_customer": (
        "“{key}” 既不是跟进项编号（客户:原因:序号），也不是客户（编号、#id、电话、微信或姓名）",
        "“{key}” is neither a follow-up item (customer:reason:occurrence) nor a customer"
        " (code, #id, phone, WeChat ID or name)",
    ),
    "queue_cli.no_items": (
        "{name} 在今天和未来 {days} 天没有跟进项",
        "{name} has no follow-up item today or in the next {days} {days!p:day|days}",
    ),
    "queue_cli.no_items_reason": (
        "{name} 在今天和未来 {days} 天没有“{reason}”跟进项",
        "{name} has no “{reason}” item today or in the next {days} {days!p:day|days}",
    ),
    "queue_cli.many_items": (
        "{name} 有 {count} 个跟进项，请用跟进项编号指明（或加 --reason）：",
        "{name} has {count} follow-up {count!p:item|items}; name one by its key (or add --reason):",
    ),
    "queue_cli.nothing_handled": (
        "{name} 没有可撤销的跟进项（已完成、已推迟或已跳过的）",
        "{name} has no done, snoozed or skipped item to undo",
    ),
    "queue_cli.snooze_how": (
        "请给出 --days N、--until 日期、--week 三者之一",
        "give one of --days N, --until DATE or --week",
    ),
    # xiaoben report: the overview as text
    "report.header": (
        "概览 {as_of}（{span}）：客户 {customers} 位，买家 {buyers} 位，收入 ¥{revenue}",
        "Overview {as_of} ({span}): {customers} {customers!p:customer|customers}, {buyers} "
        "{buyers!p:buyer|buyers}, revenue ¥{revenue}",
    ),
    "report.last_days": ("近 {days} 天", "last {days} {days!p:day|days}"),
    "report.pareto": ("帕累托（二八定律）", "Pareto (80/20)"),
    "report.headline": (
        "前 {customers}% 的客户带来 {revenue}% 的收入",
        "The top {customers}% of buyers bring {revenue}% of revenue",
    ),
    "report.cuts": (
        "A 线 {a_cut}%：前 {a}% 的买家，带来 {a_share}%；"
        "B 线 {b_cut}%：前 {b}% 的买家，带来 {b_share}%",
        "A cut {a_cut}%: the top {a}% of buyers, who bring {a_share}%; B cut {b_cut}%: the top"
        " {b}%, who bring {b_share}%",
    ),
    "report.no_buyers": ("这段时间没有购买", "no purchases in this period"),
    "report.pyramids": ("价值金字塔：人数与贡献", "Value pyramids: customers and revenue"),
    "report.rfm_grid": ("R×F 网格（人数）", "R×F grid (customers)"),
    "report.funnel": ("生命周期漏斗（这段时间新增的客户）", "Lifecycle funnel (customers added)"),
    "report.sources": ("来源渠道", "Sources"),
    "report.months": ("近 24 个月", "The last 24 months"),
    "report.unknown": ("未填", "not given"),
    "report.col.key": ("项目", "item"),
    "report.col.customers": ("人数", "customers"),
    "report.col.customer_share": ("人数占比", "of customers"),
    "report.col.revenue": ("收入", "revenue"),
    "report.col.revenue_share": ("收入占比", "of revenue"),
    "report.col.buyers_share": ("买家累计", "buyers"),
    "report.col.month": ("月份", "month"),
    "report.col.new": ("新客户", "new"),
    "report.col.up": ("升级", "up"),
    "report.col.down": ("降级", "down"),
    # --- import: shop orders, duplicates, --map (import-map) ---
    "cli.import_orders": (
        "订单行：{closed:,} 行已关闭/取消/未付款，未记为消费；{refunded:,} 行已退款，记为全额退款；"
        "{known:,} 行的订单以前导入过，跳过",
        "order rows: {closed:,} closed, cancelled or unpaid (not purchases); {refunded:,} refunded "
        "(recorded as refunded in full); {known:,} already imported (skipped)",
    ),
    "cli.import_orders_restated": (
        "已导入过的订单中 {count:,} 笔在此文件中状态已变"
        "（{closed:,} 笔已关闭或取消，{refunded:,} 笔已退款），"
        "账本中保持原样；要按文件更新，请加 --on-duplicate update",
        "{count:,} {count!p:order|orders} imported before {count!p:has|have} a new status in this "
        "file ({closed:,} closed or cancelled, {refunded:,} refunded) and {count!p:was|were} left "
        "as "
        "in the book: --on-duplicate update applies it",
    ),
    # (orders paid in part when imported, their balance paid since: what was paid is more)
    "cli.import_orders_paid_more": (
        "已导入过的订单中 {count:,} 笔在此文件中已付更多或已付清"
        "（如部分付款的订单后来付了尾款），"
        "账本中的金额保持原样；要按文件更新金额，请加 --on-duplicate update",
        "{count:,} {count!p:order|orders} imported before {count!p:was|were} paid more in this "
        "file (such as an order paid in part whose balance was paid since) and "
        "{count!p:was|were} left at the amount in the book: --on-duplicate update updates "
        "the amount",
    ),
    "cli.import_orders_updated": (
        "已导入过的订单中 {count:,} 笔消费按文件更新（--on-duplicate update）",
        "{count:,} {count!p:purchase of an order|purchases of orders} imported before updated "
        "from the file (--on-duplicate update)",
    ),
    "cli.import_orders_removed": (
        "已导入过的订单中 {count:,} 笔此后已关闭或取消：其消费已从账本移除（--on-duplicate "
        "update）",
        "{count:,} {count!p:purchase of an order|purchases of orders} imported before removed: "
        "{count!p:the order was|the orders were} closed or cancelled since (--on-duplicate "
        "update)",
    ),
    "cli.import_rounded": (
        "{count:,} 个金额是数字单元格（多为公式的结果）且超过两位小数，已四舍五入到分"
        "（如第 {line} 行 {shown} → {rounded}）",
        "{count:,} {count!p:amount in a number cell (a formula's result, mostly)|amounts in "
        "number cells (mostly formulas' results)} had more than two decimals and "
        "{count!p:was|were} rounded half up to cents (line {line}: {shown} → {rounded})",
    ),
    "cli.import_hidden_phones": (
        "{count:,} 行的隐藏号码或转接号码（如第 {line} 行的 {number}）记入备注，不作电话、"
        "不用来匹配客户",
        "{count:,} {count!p:row|rows} had a masked or relay number (line {line}: {number}): kept "
        "in the notes, not a phone, never used to match a customer",
    ),
    "cli.import_name_phones": (
        "{count:,} 行的姓名栏里带有手机号（如第 {line} 行的 “{cell}”）：已分开记为姓名和电话",
        "the name cell of {count:,} {count!p:row|rows} held a mobile number (line {line}: "
        "“{cell}”): read as the name and a phone",
    ),
    "cli.import_noted_wechats": (
        "{count:,} 个联系人的微信号取自备注（如第 {line} 行的 {wechat}），备注照旧保留",
        "{count:,} {count!p:contact's WeChat ID was|contacts' WeChat IDs were} read from the notes "
        "(line {line}: {wechat}); the notes are kept as written",
    ),
    "cli.import_name_remarks": (
        "{count:,} 行的姓名栏在名字后还写了别的（如第 {line} 行的 “{cell}”）：姓名只取名字，"
        "其余记入备注（写明的微信号记为微信）",
        "the name cell of {count:,} {count!p:row|rows} had words after the name (line {line}: "
        "“{cell}”): the name is the name alone, the words kept in the notes (a WeChat ID "
        "written so is the WeChat ID)",
    ),
    "cli.import_name_words": (
        "{count:,} 行的姓名栏在姓名和手机号旁还写了字（如第 {line} 行的 “{words}”）：已记入备注",
        "the name cell of {count:,} {count!p:row|rows} had words beside the name and mobile "
        "(line {line}: “{words}”): kept in the notes",
    ),
    "cli.import_none_phones": (
        "{count:,} 行的电话旁写着“无”之类的字（如第 {line} 行的 “{cell}”）：不当作电话，记入备注",
        "{count:,} {count!p:row|rows} had a phone with words saying none beside it (line {line}: "
        "“{cell}”): not read as a phone, kept in the notes",
    ),
    "cli.import_year_birthdays": (
        "{count:,} 行的“{column}”只写了出生的年份、年月或年代（如第 {line} 行的 “{cell}”）："
        "没有日子，不是生日，记入备注；没填年龄段的，年份定得出年龄段时按它填",
        "{count:,} {count!p:row|rows} gave only a year, a month or a generation of birth under "
        "“{column}” (line {line}: “{cell}”): no day, so no birthday, kept in the notes; where "
        "no age band was given, it was set from the year when the year tells one",
    ),
    "cli.import_number_genders": (
        "{count:,} 行的“{column}”是数字（如第 {line} 行的 “{cell}”）："
        "数字说不清男女，性别空着，记入备注",
        "{count:,} {count!p:row|rows} had a number under “{column}” (line {line}: “{cell}”): a "
        "number does not say which gender, so it was left empty and kept in the notes",
    ),
    "cli.import_regions": (
        "{count:,} 位客户的省份/城市由地址得出（原有的省份、城市不变）",
        "{count:,} {count!p:customer|customers} got their province/city from their address "
        "(none given was changed)",
    ),
    "cli.repeated_amounts_how": (  # (the orders are in the book now: updated, not skipped)
        '请加 --map "{column}=order_total" --on-duplicate update 再导入',
        'import again with --map "{column}=order_total" --on-duplicate update',
    ),
    "cli.import_known_purchases": (
        "{count:,} 行已在账本中（同一客户、日期、金额、商品和数量），未重复导入；"
        "确要再记一次请用 --on-duplicate new",
        "{count:,} {count!p:row is a purchase|rows are purchases} already in the book (same"
        " customer, day, amount, items and quantity) and {count!p:was|were} not imported again;"
        " --on-duplicate new imports {count!p:it|them} anyway",
    ),
    "cli.import_skipped": (
        "已有的客户 {count:,} 位，按 --on-duplicate skip 未改动",
        "{count:,} {count!p:customer|customers} already in the book "
        "{count!p:left as it is|left as they are} (--on-duplicate skip)",
    ),
    "cli.kept_referrers": (
        "以下 {count:,} 行的推荐人不是唯一一位已有客户，未关联，已记入备注：",
        "{count:,} {count!p:row names|rows name} a referrer who is not one customer of the book; "
        "not linked, kept in the notes:",
    ),
    "cli.near_matches_kept": (
        "还有 {count:,} 行未在此显示，完整名单已存到 {path}（只保留最近 {kept:,} 份名单）",
        "{count:,} more {count!p:is|are} not shown here; the whole list is in {path}"
        " (the {kept:,} latest {kept!p:list is|lists are} kept)",
    ),
    "cli.shared_orders": (
        "以下 {count:,} 个订单号记在不同客户名下（一笔订单只有一位买家：也许是粘贴错行，"
        "或把别的列当成了订单号），未合并，请核对：",
        "{count:,} order {count!p:number names|numbers name} different customers (an order has "
        "one buyer: a row pasted wrong, or the wrong column read as the order number?); not "
        "merged, please review:",
    ),
    "cli.same_in_file": (
        "以下 {count:,} 行与文件里前面的一行是同一位客户，已合为一位：",
        "{count:,} {count!p:row is|rows are} the customer of an earlier row of the file, "
        "folded into one:",
    ),
    "cli.same_in_file_more": ("……另有 {count:,} 行", "… and {count:,} more"),
    "cli.near_matches": (
        "以下 {count:,} 行与已有客户相近，未合并，请核对：",
        "{count:,} {count!p:row is a near match|rows are near matches} of customers in the book, "
        "not merged; please review:",
    ),
    "cli.sheet_not_workbook": (
        "--sheet {sheet} 用不上：{file} 是{what}，没有工作表；去掉 --sheet 再导入",
        "--sheet {sheet} does not apply: {file} is {what}, which has no sheets; import it "
        "without --sheet",
    ),
    "cli.header_row_contacts": (
        "--header-row 用不上：{file} 是通讯录文件（vCard），没有表头行；去掉 --header-row 再导入",
        "--header-row does not apply: {file} is a contacts file (vCard), which has no header "
        "row; import it without --header-row",
    ),
    "cli.file_what.csv": ("文本表格（CSV）", "a text table (CSV)"),
    "cli.file_what.vcard": ("通讯录文件（vCard）", "a contacts file (vCard)"),
    "cli.sheet_once": (
        "--sheet 只能给一次（收到 {given}）：一次导入只读一个工作表；"
        "请每个工作表导入一次（先 --sheet {first}，再下一个）",
        "--sheet can be given once (got {given}): an import reads one sheet; import each "
        "sheet on its own (--sheet {first} first, then the next)",
    ),
    "cli.bad_map": (
        "--map “{value}”：{why}。可用的字段：{fields}",
        "--map “{value}”: {why}. Fields: {fields}",
    ),
    "cli.remembered_map": (
        "按上次为这些列名选择的对应读取：{mapping}（用 --map 可另行指定）",
        "reading the columns as chosen last time for these headers: {mapping} "
        "(use --map to choose otherwise)",
    ),
    # a purchases file's slashed dates that cannot tell their order, read in the order said
    # with --date-order for the last file of these headers (as the Import screen proposes it)
    "cli.remembered_date_order": (
        "“{column}”列的日期按上次为这些列名所选的日期写法读：{order}（用 --date-order 可另行指定）",
        "the dates of column “{column}” are read in the date order you chose last time for "
        "these headers: {order} (use --date-order to choose otherwise)",
    ),
    "cli.date_order.month-first": ("月/日/年", "month/day/year"),
    "cli.date_order.day-first": ("日/月/年", "day/month/year"),
    "cli.map_form": ("应写成“列名=字段”", "write it as COLUMN=FIELD"),
    "cli.map_field": ("没有字段“{field}”", "there is no field “{field}”"),
    "cli.bad_map_column": (
        "--map “{value}”：文件里没有列“{column}”。文件中的列：{columns}",
        "--map “{value}”: the file has no column “{column}”. Its columns: {columns}",
    ),
}
