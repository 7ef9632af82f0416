"""The help pages' words (zh, en): what each command and option of `xiaoben` is for, and
click's own words on a help page. Each command and option names its entry by key (its
`help=`); cli/help_pages.py looks them up when a page is shown. Pure data.
"""

from __future__ import annotations


def _paragraphs(*pairs: tuple[str, str]) -> tuple[str, str]:
    """Paragraphs (zh, en) as one entry: the queue's commands explain ITEM alike."""
    return "\n\n".join(zh for zh, _ in pairs), "\n\n".join(en for _, en in pairs)


_ITEM = (
    "ITEM 是列出的跟进项编号（例如 12:cadence:20480），或在队列里只有一项的客户（编号、#id、"
    "电话、微信号或完整姓名）；有几项时用 --reason 指明。",
    "ITEM is an item key as printed (e.g. 12:cadence:20480), or a customer (code, #id, phone, "
    "WeChat ID or exact name) with one item in the queue; --reason picks among several.",
)

HELP_WORDS: dict[str, tuple[str, str]] = {
    # click's own words on a help page (the usage line is cli.usage's)
    "cli.help.options": ("选项：", "Options:"),
    "cli.help.commands": ("命令：", "Commands:"),
    "cli.help.arguments": ("参数：", "Positional arguments:"),
    "cli.help.help": ("显示本帮助并退出。", "Show this message and exit."),
    "cli.help.version": ("显示版本号并退出。", "Show the version and exit."),
    "cli.help.default": ("默认：{default}", "default: {default}"),
    "cli.help.required": ("必填", "required"),
    "cli.help.env_var": ("环境变量：{var}", "env var: {var}"),
    # xiaoben
    "cli.help.xiaoben": (
        "小本 xiaoben — 给个体卖家的客户管理小本子（CRM）。",
        "小本 xiaoben — a little-notebook CRM for solo sellers.",
    ),
    "cli.help.xiaoben.db": (
        "账本（SQLite 文件）。默认：$XIAOBEN_DB，否则用户数据文件夹里的账本。",
        "The book (SQLite file). Default: $XIAOBEN_DB, else the user-data folder.",
    ),
    "cli.help.xiaoben.lang": ("界面语言。", "Language."),
    # xiaoben demo
    "cli.help.demo": (
        "用演示账本打开小本（第一次用时生成：中文姓名，两年的销售）。",
        "Open the app on a demo book (made on first use: Chinese names, two years of sales).",
    ),
    "cli.help.demo.fresh": (
        "丢掉已有的演示账本，重新生成一本。",
        "Throw away an existing demo book and make a new one.",
    ),
    "cli.help.demo.customers": ("客户人数。", "How many customers."),
    "cli.help.demo.seed": (
        "随机种子（种子相同，账本相同）。",
        "Random seed (same seed, same book).",
    ),
    "cli.help.demo.no_app": (
        "打印分级表，不打开小本。",
        "Print the tier table instead of opening the app.",
    ),
    # xiaoben import
    "cli.help.import": (
        "从 CSV、Excel/WPS 工作簿或手机通讯录（.vcf）导入客户或购买记录。",
        "Import customers or purchases from CSV, an Excel/WPS workbook or phone contacts (.vcf).",
    ),
    "cli.help.import.purchases": (
        "购买记录：客户（编号、电话、微信、买家账号或姓名）、日期、金额……",
        "Purchases: a customer key (code, phone, WeChat, shop account or name), date, amount …",
    ),
    "cli.help.import.customers": (
        "客户：姓名或编号、电话、微信、地区、标签……（编号相同即更新）。",
        "Customers: name or code, phone, WeChat, region, tags … (same code = update).",
    ),
    "cli.help.import.dry_run": (
        "只检查并报告，不做任何改动。",
        "Check and report; change nothing.",
    ),
    "cli.help.import.keep_good": (
        "导入没有问题的行，报告有问题的行。",
        "Import the good rows, report the bad ones.",
    ),
    "cli.help.import.sheet": (
        "要读取的工作表（默认：第一个认得出列名、列名下有数据的，填写说明、模板表除外）。",
        "The workbook's sheet to read (default: the first whose header is recognised and has "
        "rows under it, passing over instructions and template sheets).",
    ),
    "cli.help.import.header_row": (
        "写着列名的那一行（默认：在标题行下面自动找）。",
        "The row that names the columns (default: found under title rows).",
    ),
    "cli.help.import.map": (
        '把某一列读作某个字段，优先于常用列名：--map "客户名=name"、--map "订单号=ignore"'
        "（可重复）。",
        'Read a column as a field, over the usual names: --map "客户名=name", '
        '--map "订单号=ignore" (repeatable).',
    ),
    "cli.help.import.create_missing": (
        "找不到的客户就新建一位。",
        "Create a customer for an unknown key.",
    ),
    "cli.help.import.allow_large": (
        "导入超过大额消费规则的金额（默认每笔 ¥1,000,000）。",
        "Import amounts above the large-purchase rule (default ¥1,000,000 a purchase).",
    ),
    "cli.help.import.date_order": (
        "文件里 03/05/2024 这样的日期怎么读：month-first（月/日/年，美国的写法）或 day-first"
        "（日/月/年）。默认看整列：有日期大于 12 的部分、或买家都在美国时自动判断，"
        "判断不了就拒绝并说明。",
        "How the file's dates like 03/05/2024 are read: month-first (month/day/year, as the US "
        "writes them) or day-first (day/month/year). By default the whole column tells (a part "
        "above 12, or every buyer in the United States); a column that cannot tell is refused.",
    ),
    "cli.help.import.purchases.on_duplicate": (
        "订单号以前导入过的行：保留那笔消费不动（skip），按这一行更新它（update：同一订单同一商品"
        "的金额、日期、退款；订单已关闭则移除），或把这一行另记一笔消费（new）。",
        "A row whose order number an earlier import brought in: leave that purchase as it is, "
        "update it from the row (same order and item: amount, date, refund; a closed order "
        "removes it), or import the row as another purchase.",
    ),
    "cli.help.import.customers.on_duplicate": (
        "与已有客户（编号、电话、微信号）相符的行：补上或改正其空着或变了的项（空单元格从不清除）"
        "（update），保留不动（skip），或新建一位客户（new）。同一电话而姓名不同的行不算相符"
        "（一家人可共用一个电话）：新建客户，并列为“可能重复”，由你核对、合并。",
        "A row matching a customer (code, phone, WeChat ID): fill in their empty-or-changed "
        "fields (empty cells never erase), leave them as they are, or add a new customer. A row "
        "with a customer's phone but another name is no match (a family may share a phone): "
        "it is added, listed as a possible duplicate for you to check and merge.",
    ),
    # xiaoben tiers, recompute, export
    "cli.help.tiers": ("每位客户在各个分级视角下的结果。", "Every customer's lenses."),
    "cli.help.tiers.lens": ("只看一个视角。", "Show one lens."),
    "cli.help.tiers.view": (
        "只列客户名单上保存的某个视图里的客户，按它的顺序。",
        "Only the customers of a view saved on the customer list, in its order.",
    ),
    "cli.help.as_of_stood": ("账本在那一天的样子。", "The book as it stood that day."),
    "cli.help.json_objects": ("输出 JSON（对象列表）。", "Print JSON (a list of objects)."),
    "cli.help.recompute": (
        "为每位客户重新计算所有视角，并保存结果。",
        "Recompute every lens for every customer and store the results.",
    ),
    "cli.help.recompute.as_of": ("按那一天评定账本。", "Judge the book as of that day."),
    "cli.help.export": (
        "把账本写到 PATH：一致的私有副本（.db）、Excel/WPS 工作簿（.xlsx）、带 BOM 的 CSV"
        "（.csv）或手机通讯录（.vcf）。文字单元格不会被当成公式。",
        "Write the book to PATH: a consistent private copy (.db), an Excel/WPS workbook "
        "(.xlsx), CSV with a BOM (.csv) or phone contacts (.vcf). Text cells are formula-safe.",
    ),
    "cli.help.export.format": (
        "db（账本副本）、xlsx（每张表一个工作表）、csv 或 vcf（手机通讯录）。默认：按 PATH 的"
        "扩展名。",
        "db (a copy of the book), xlsx (a sheet a table), csv or vcf (phone contacts). "
        "Default: from PATH's extension.",
    ),
    "cli.help.export.table": (
        "仅用于 CSV：要写出的表（默认：客户及其分级）。",
        "CSV only: the table to write (default: customers with their tiers).",
    ),
    "cli.help.export.only": (
        '只导出客户名单按 FILTER 显示的客户（及其记录），例如 "tier:A,B 地区:杭州,上海"、'
        "tag:VIP、stage:lapsed、未联系:30、自定义字段 肤质:干性，或要搜索的姓名；"
        "没有选中任何客户时不导出。",
        'Only the customers the list shows for FILTER, e.g. "tier:A,B region:杭州,上海", '
        "tag:VIP, stage:lapsed, silent:30, a custom field 肤质:干性, or a name to search (and "
        "their records); nothing is exported when it selects no customer.",
    ),
    "cli.help.export.redact": (
        "姓名写成姓 + 某，电话打码（138****8000），不含微信号、地址和备注；各项数字不变"
        "（.db 副本仍是小本能打开的账本）。",
        "Names as surname + 某, phones masked (138****8000), WeChat IDs, addresses and notes "
        "left out; every figure unchanged (a .db copy stays a book the app opens).",
    ),
    "cli.help.export.decrypt": (
        "加密账本导出为不加密的文件（否则 .db 副本用账本的口令加密，其他格式不予导出）。",
        "An encrypted book's export written unencrypted (a .db copy is otherwise encrypted "
        "with the book's passphrase, and the other formats are refused).",
    ),
    "cli.help.force": ("PATH 已存在时替换它。", "Replace PATH if it already exists."),
    # xiaoben model
    "cli.help.model": (
        "拟合购买概率模型：谁还在买，预计购买次数，终身价值。",
        "Fit the purchase model: who is still buying, expected purchases, lifetime value.",
    ),
    "cli.help.model.until": (
        "用截至那一天的购买记录拟合（默认今天）。",
        "Fit on the purchases up to that day (default today).",
    ),
    "cli.help.model.unit": (
        "模型的时间单位（alpha 以它计）。",
        "The model's unit of time (alpha is in it).",
    ),
    "cli.help.model.json": ("输出 JSON（参数与拟合结果）。", "Print JSON (parameters and fit)."),
    # xiaoben queue
    "cli.help.queue": _paragraphs(
        (
            "今日计划：今天该联系谁，为什么（跟进队列）。",
            "Today's plan: whom to contact today, and why (the follow-up queue).",
        ),
        (
            "打印今日计划（最多每天的上限，外加定在今天的跟进项），再列出未来几天每天计划了"
            "多少项；下面的命令各处理一项。",
            "Prints today's plan (at most the daily capacity, plus items bound to the day), "
            "then how many items the plan holds on each of the next days; the commands below "
            "handle one item.",
        ),
    ),
    "cli.help.queue.as_of": (
        "那一天的跟进队列（默认今天）。",
        "The queue as of that day (default today).",
    ),
    "cli.help.queue.days": (
        "另外逐日列出未来 N 天计划的项（不给时只数未来 7 天每天几项；"
        "--json 给出 N 天内到期的全部项）。",
        "Also list, day by day, the items planned on the next N days (without it, only each of"
        " the next 7 days' count; --json gives every item due within N days).",
    ),
    "cli.help.queue.capacity": (
        "本次运行每天计划的项数（默认按规则，20；0 为不限）。",
        "Items a day in the plan, for this run (default the rule, 20; 0 for no limit).",
    ),
    "cli.help.queue.json": (
        "输出 JSON（对象列表，全部跟进项，按计划顺序）。其中的日子——due: 记下的到期日（推迟过的项："
        "推迟到的那天）；due_shown: 计划显示“N 天前到期 / 今天 / 还有 N 天”所依据的日子（不早于"
        "客户记入账本那天）；days_overdue: 当天减去 due_shown 的天数；planned: 计划把它排在"
        "哪一天。",
        "Print JSON (a list of objects, every item, in plan order). Its days — due: the due "
        "day as stored (a snoozed item's: the day snoozed to); due_shown: the day the plan's "
        "'N days overdue / today / in N days' counts from (never before the customer came "
        "into the book); days_overdue: the day of the queue minus due_shown; planned: the "
        "day the plan puts the item on.",
    ),
    "cli.help.queue.all": (
        "按计划顺序逐日列出全部积压。",
        "Show the whole backlog in plan order, day by day.",
    ),
    "cli.help.queue.done": _paragraphs(
        (
            "把 ITEM 标为已完成：记一次接触（跟进周期从头算起）。",
            "Mark ITEM done: log a contact (it restarts the cadence).",
        ),
        _ITEM,
    ),
    "cli.help.queue.done.note": ("记入这次接触的备注。", "A note for the contact that is logged."),
    "cli.help.queue.done.greetings": (
        "今天的节日祝福一次全部完成（每位各记一次问候）；在跟进队列按 u 一次全部撤回。",
        "All of today's holiday greetings done at once (a greeting logged for each); u on"
        " the queue screen takes them all back.",
    ),
    "cli.help.queue.snooze": _paragraphs(
        (
            "推迟 ITEM：--days N、--until DATE 或 --week。",
            "Snooze ITEM: --days N, --until DATE or --week.",
        ),
        _ITEM,
    ),
    "cli.help.queue.snooze.days": ("推迟 N 天。", "Snooze for N days."),
    "cli.help.queue.snooze.until": ("推迟到那一天。", "Snooze until that day."),
    "cli.help.queue.snooze.week": ("推迟一周。", "Snooze for a week."),
    "cli.help.queue.skip": _paragraphs(
        (
            "跳过 ITEM：这次不跟进，下次到期时再出现。",
            "Skip ITEM: not this time; it comes back at its next occurrence.",
        ),
        _ITEM,
    ),
    "cli.help.queue.undo": _paragraphs(
        (
            "撤销对 ITEM 的完成、推迟或跳过：这一项回到队列。",
            "Undo a done, snooze or skip of ITEM: the item is back.",
        ),
        (
            "撤销完成会删除当时记下的接触。ITEM 是跟进项编号，或只有一项已完成、已推迟或已跳过"
            "的客户（有几项时用 --reason 指明）。",
            "Undoing a done deletes the contact it logged. ITEM is an item key, or a customer "
            "with one done, snoozed or skipped item (--reason picks among several).",
        ),
    ),
    "cli.help.queue.reason": (
        "ITEM 是客户时：指明是哪一项。",
        "With a customer for ITEM: which of their items.",
    ),
    "cli.help.queue.handle_as_of": (
        "按那一天处理（默认今天）。",
        "Handle it as of that day (default today).",
    ),
    # xiaoben report
    "cli.help.report": (
        "账本全貌：帕累托、金字塔、R×F、漏斗、地区、商品、月份。",
        "The whole book at a glance: Pareto, pyramids, R×F, funnel, regions, products, months.",
    ),
    "cli.help.report.as_of": (
        "账本在那一天的样子（YYYY-MM-DD）。",
        "The book as it stood that day (YYYY-MM-DD).",
    ),
    "cli.help.report.period": (
        "只算最近 DAYS 天的购买（默认：全部）。",
        "Count only purchases of the last DAYS days (default: all time).",
    ),
    "cli.help.report.json": ("输出 JSON（全部数字）。", "Print JSON (every figure)."),
    # xiaoben merge, unmerge, duplicates
    "cli.help.merge": (
        "把 ABSORBED 并入 SURVIVOR（各为 #id、编号、电话、微信号或姓名）：其购买、接触、提醒、"
        "层级记录和推荐的客户都移到 SURVIVOR 名下，ABSORBED 不再存在。先列出不同的项和要移动"
        "的记录，再询问。",
        "Merge ABSORBED into SURVIVOR (each a #id, code, phone, WeChat ID or name): their "
        "purchases, contacts, reminders, tier history and referrals move to SURVIVOR, and "
        "ABSORBED is gone. Shows the fields that differ and what moves, then asks.",
    ),
    "cli.help.merge.take": (
        "某一项取哪一边：survivor、absorbed，或 both（列表、备注和多选），例如 --take name=absorbed"
        "、--take 积分=absorbed（自定义字段用其名称）。可重复。没有指明的项取建议的一边。",
        "Which side a field comes from: survivor, absorbed, or both (lists, notes and several "
        "choices), e.g. --take name=absorbed, --take points=absorbed (a custom field by its "
        "label). Repeatable. Unnamed fields take the suggested side.",
    ),
    "cli.help.merge.yes": ("不询问，直接合并。", "Merge without asking."),
    "cli.help.forget": (
        "永久删除 CUSTOMER（#序号、编号、电话、微信号或姓名）：其档案、消费、接触记录、提醒和"
        "搜索索引都被抹去，不能撤销。之前的备份和副本里仍有这位客户。先说明再询问。",
        "Forget CUSTOMER (#id, code, phone, WeChat ID or name) for good: their profile, "
        "purchases, contacts, reminders and search entries are erased; this cannot be undone. "
        "Backups and copies made before still hold them. Says so, then asks.",
    ),
    "cli.help.forget.yes": ("不询问，直接删除。", "Forget without asking."),
    "cli.help.unmerge": (
        "撤销合并 TOKEN（xiaoben merge 打印的；不给 TOKEN 就列出能撤销的合并及其编号，"
        "在 app 里做的合并也在内）：两位客户连同移过去的一切恢复原样。合并后"
        "保留的客户又被修改过，或之后又做了 50 次合并（只有最近 50 次保留撤销所需的记录），"
        "就不能撤销。",
        "Undo merge TOKEN (printed by `xiaoben merge`; without TOKEN, lists the merges that "
        "can be undone and their numbers, those made in the app too): both customers back as "
        "they were, with everything that moved. Refused once the survivor has been edited "
        "since, and once 50 merges have been made after it (only the last 50 keep what their "
        "undo needs).",
    ),
    "cli.help.duplicates": (
        "可能是同一个人的客户（电话、微信号或姓名相同），最可能的在前；用 xiaoben merge 合并。",
        "Customers who are probably one person (same phone, WeChat ID, or name), likeliest "
        "first; merge them with `xiaoben merge`.",
    ),
    "cli.help.duplicates.limit": ("只列前 N 对。", "Show the first N pairs."),
    "cli.help.duplicates.dismissed": (
        "列出标为“不是同一人”的各对（它们不再列为可能重复）。",
        "List the pairs marked “not the same person” (no longer listed as duplicates).",
    ),
    "cli.help.duplicates.bring_back": (
        "撤销一对客户的“不是同一人”：这一对又会列为可能重复。",
        "Take back “not the same person” for a pair: it is listed as possible duplicates again.",
    ),
    # xiaoben fields
    "cli.help.fields": (
        "账本的自定义字段（不带子命令：列出它们）。",
        "The custom fields of the book (with no subcommand: list them).",
    ),
    "cli.help.fields.json": ("输出 JSON（字段列表）。", "Print JSON (a list of fields)."),
    "cli.help.fields.list": (
        "按表单顺序列出自定义字段。",
        "List the custom fields in the form's order.",
    ),
    "cli.help.fields.add": (
        "添加名为 LABEL 的自定义字段（中文名；英文名用 --en 给出）。",
        "Add a custom field labelled LABEL (Chinese; --en gives the English one).",
    ),
    "cli.help.fields.add.en": (
        "英文名（默认：与 LABEL 相同）。",
        "The English label (default: the same as LABEL).",
    ),
    "cli.help.fields.add.kind": ("字段里存什么。", "What the field holds."),
    "cli.help.fields.add.option": ("一个选项（每个选项写一次）。", "A choice (repeat for each)."),
    "cli.help.fields.add.required": (
        "客户档案表单不接受空值。",
        "The profile form refuses a blank value.",
    ),
    "cli.help.fields.add.in_list": (
        "在小本的客户名单里显示为一列。",
        "Show it as a column of the app's list.",
    ),
    "cli.help.fields.rename": (
        "把 FIELD（#id 或名称）改名为 LABEL；字段的值不变。",
        "Rename FIELD (#id or label) to LABEL; its values stay as they are.",
    ),
    "cli.help.fields.rename.en": ("新的英文名。", "The new English label."),
    "cli.help.fields.rename.option": (
        "添加一个选项（每个选项写一次）。",
        "Add a choice (repeat for each).",
    ),
    "cli.help.fields.remove": (
        "从表单、名单、搜索和导出中删除 FIELD（#id 或名称）。",
        "Remove FIELD (#id or label) from the form, list, search and exports.",
    ),
    "cli.help.fields.remove.yes": ("不先询问。", "Do not ask first."),
    "cli.help.fields.restore": (
        "恢复今天删除的 FIELD 及其值。",
        "Bring back FIELD removed today, with its values.",
    ),
    # xiaoben backup, backups, restore, replicate
    "cli.help.backup": (
        "立即备份账本：存入数据文件夹的 backups/（按轮换保留：每天 7 份、每周 4 份、每月 12 份），"
        "或存到 PATH。",
        "Back the book up now: into the data folder's backups/ (kept by the rotation: 7 daily, "
        "4 weekly, 12 monthly), or to PATH.",
    ),
    "cli.help.backups": (
        "列出账本的备份：时间、客户数、消费笔数、大小；最新在前，时间晚于现在的（时钟不对时做的、"
        "从别的电脑复制来的）另列在最后。",
        "List the book's backups: when, customers, purchases, size; newest first, those "
        "stamped later than now (a wrong clock, another machine's) apart at the end.",
    ),
    "cli.help.backups.forget": (
        "把含有已永久删除的客户 #ID 的备份改写为不含这位客户（先说明要改几个备份并询问；"
        "账本里仍有的客户不动）。",
        "Rewrite the backups holding customer #ID, forgotten from the book, without them "
        "(says how many backups change and asks first; a customer the book still has is "
        "left alone).",
    ),
    "cli.help.backups.yes": ("不询问，直接改写。", "Rewrite without asking."),
    "cli.help.restore": (
        "用备份替换账本：BACKUP 是它在 xiaoben backups 里的编号、文件名，或一个路径；也可用 "
        "--from 指定副本。先对照账本列出备份里的内容并询问；替换前先备份当前账本。",
        "Put a backup back as the book: BACKUP is its number in `xiaoben backups`, its file "
        "name there, or a path; or --from a replica. Shows what it holds against the book and "
        "asks first; the book is backed up before it is replaced.",
    ),
    "cli.help.restore.from": (
        "改从 Litestream 副本（文件夹、sftp://… 或 s3://…）恢复。",
        "Restore from a Litestream replica (a folder, sftp://… or s3://…) instead.",
    ),
    "cli.help.restore.at": (
        "与 --from 一起用：账本在那个时间（本地时间）的样子，而不是最新的。",
        "With --from: the book as it stood at that time (local time), not the latest.",
    ),
    "cli.help.restore.yes": ("不询问，直接恢复。", "Restore without asking."),
    "cli.help.replicate": (
        "用 Litestream 持续复制账本（直到按 Ctrl+C），或用 --once 复制一次；指定副本后，小本"
        "运行时也会复制。",
        "Replicate the book continuously with Litestream (until Ctrl+C), or --once; the app "
        "replicates too while it runs, once a replica is named.",
    ),
    "cli.help.replicate.to": (
        "复制到哪里：文件夹（U 盘、同步文件夹）、sftp://user@host/path 或 s3://bucket/path"
        "（凭据来自 Litestream 的环境变量）。记在账本里。",
        "Where to replicate: a folder (a USB disk, a synced folder), sftp://user@host/path or "
        "s3://bucket/path (credentials from Litestream's environment variables). Remembered in "
        "the book.",
    ),
    "cli.help.replicate.once": ("复制一次改动后停止。", "Copy what changed once and stop."),
    # xiaoben passphrase
    "cli.help.passphrase": (
        "用口令加密账本（SQLCipher），更换口令，或取消加密。",
        "Encrypt the book with a passphrase (SQLCipher), change it, or remove it.",
    ),
    "cli.help.passphrase.set": (
        "加密账本：以后要输入口令才能打开。",
        "Encrypt the book: from now on it opens only with the passphrase.",
    ),
    "cli.help.passphrase.change": (
        "更换加密账本的口令（之前的备份仍用旧口令）。",
        "Change the passphrase of an encrypted book (backups made before keep the old one).",
    ),
    "cli.help.passphrase.remove": (
        "解密账本：以后不用口令就能打开。",
        "Decrypt the book: it opens without a passphrase again.",
    ),
}
