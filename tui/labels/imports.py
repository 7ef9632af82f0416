"""Labels of the Import screen (zh, en): the file, the column mapping, the preview, the run."""

LABELS: dict[str, tuple[str, str]] = {
    # reaching it
    "key.import": ("导入", "Import"),
    "cmd.import": ("导入文件", "Import a file"),
    "cmd.import.help": (
        "（F9）从 Excel、WPS 或 LibreOffice 表格、CSV 或手机通讯录（.vcf）导入客户或消费记录",
        "(F9) Customers or purchases from an Excel, WPS or LibreOffice workbook, a CSV file or "
        "phone contacts",
    ),
    "importer.title": ("导入客户或消费记录", "Import customers or purchases"),
    "importer.key.run": ("开始导入", "Import now"),
    "importer.cmd.run": ("按所选对应关系导入文件", "Import the file as mapped"),
    "importer.key.check": ("试导入", "Dry run"),
    "importer.cmd.check": ("检查全部行，不改动账本", "Check every row, changing nothing"),
    "importer.check_big": (
        "共 {rows:,} 行：按 ctrl+r 试导入全部行（不改动账本），或按 ctrl+s 直接导入",
        "{rows:,} {rows!p:row|rows}: ctrl+r checks {rows!p:it|them all} (changing nothing), "
        "ctrl+s imports {rows!p:it|them}",
    ),
    "importer.cmd.back": ("返回，不导入", "Back, importing nothing"),
    # the file and how to read it
    "importer.file": ("文件", "File"),
    "importer.file.placeholder": (
        "文件路径（→ 补全，回车读取）",
        "the file's path (→ completes, Enter reads it)",
    ),
    "importer.kind": ("导入为", "Import as"),
    "importer.kind.customers": ("客户档案", "Customer profiles"),
    "importer.kind.purchases": ("消费记录", "Purchase records"),
    "importer.sheet": ("工作表", "Sheet"),
    "importer.sheet.none": ("（无）", "(none)"),
    "importer.header_row": ("列名行", "Header row"),
    "importer.header_row.placeholder": ("自动", "auto"),
    "importer.no_file": ("请先输入要导入的文件路径", "Type the path of the file to import first"),
    "importer.reading": ("正在读取 {path} ……", "Reading {path} …"),
    "importer.read": (
        "{path}：列名在第 {row} 行，{rows:,} 行数据（{encoding}）",
        "{path}: header in line {row}, {rows:,} {rows!p:row|rows} of data ({encoding})",
    ),
    # after importer.read or read_sheet: the 合计 and footer rows its count leaves out
    "importer.read_left_out": (
        "（另有合计行或表尾 {count:,} 行，不计入、不导入）",
        " (and {count:,} total or footer {count!p:row|rows}, not counted nor imported)",
    ),
    # import.date_order_unclear as the screen says it: the date order is chosen here
    "importer.date_order_unclear": (
        "“{column}”列的日期（如“{value}”）可以是月/日/年，也可以是日/月/年，这一列没有哪个日期能"
        "看出是哪种：请在上面的“日期写法”中选择",
        "the dates of column “{column}” (such as “{value}”) may be month/day/year or "
        "day/month/year and no date in the column shows which: choose under Date order above",
    ),
    # the choice, shown only for a file whose slashed dates cannot tell (03/05/2024)
    "importer.date_order": ("日期写法", "Date order"),
    "importer.date_order.none": ("（请选择）", "(choose one)"),
    "importer.date_order.month-first": (
        "月/日/年（“{value}”是 {date}）",
        "month/day/year (“{value}” is {date})",
    ),
    "importer.date_order.day-first": (
        "日/月/年（“{value}”是 {date}）",
        "day/month/year (“{value}” is {date})",
    ),
    "importer.date_order_remembered": (
        "日期写法已按上次为这些列名所选",
        "The date order you chose last time for these headers is proposed",
    ),
    "importer.read_contacts": (
        "{path}：{rows:,} 位联系人（{encoding}）",
        "{path}: {rows:,} {rows!p:contact|contacts} ({encoding})",
    ),
    "importer.sheets_passed_over": (
        "没有读取{sheets}表（{count:,} 张）：表头下没有数据，或是填写说明、模板、示例；"
        "要读取请在“工作表”中选择",
        "did not read {count!p:sheet|sheets} {sheets}: {count!p:its|their} header has no "
        "row under it, or the sheet holds instructions, a template or samples; to read one, "
        "pick it under Sheet",
    ),
    "importer.sheets_alike": (
        "{sheets}表（{count:,} 张）的列名与“{sheet}”相同，没有读取：这次只导入“{sheet}”；"
        "导入后请在“工作表”中选择{sheets}表逐个导入",
        "{count!p:Sheet|Sheets} {sheets} {count!p:has|have} the same header as “{sheet}” and "
        "{count!p:was|were} not read: only “{sheet}” is imported; then pick "
        "{count!p:it|each} under Sheet and import it",
    ),
    "importer.read_sheet": (
        "{path}：工作表“{sheet}”，列名在第 {row} 行，{rows:,} 行数据",
        "{path}: sheet “{sheet}”, header in row {row}, {rows:,} {rows!p:row|rows} of data",
    ),
    "importer.bad_header_row": (
        "列名行须是正整数（收到“{value}”）",
        "the header row must be a whole number above 0 (got “{value}”)",
    ),
    # a workbook whose header is not found: the facts, then importer.choose_sheet's advice
    # (the store's words name --sheet and --header-row, which the screen has as boxes)
    "importer.vcard_purchases": (
        "这是手机通讯录（vCard），里面只有联系人，没有消费记录；请在“导入为”中选“客户档案”",
        "this is a phone's contacts (vCard): it holds people, not purchases; choose Customer "
        "profiles under Import as",
    ),
    "importer.no_sheet_header": (
        "没有哪个工作表的前 {rows:,} 行里有可识别的列名行（需要：{expected}）；工作表有：{sheets}",
        "no sheet has a header row xiaoben recognises in its first {rows:,} {rows!p:row|rows} "
        "(needed: {expected}); the sheets are: {sheets}",
    ),
    "importer.header_lacks": (
        "工作表“{sheet}”第 {row} 行是列名，但没有{missing}列，而每笔消费都要有{missing}："
        "请在表里加上这 {count:,} 列；"
        "若只是列名不同，在“列名行”填 {row}，再在列的对应里选出它",
        "row {row} of sheet “{sheet}” is a header, but it has no {missing} "
        "{count!p:column|columns}, which every purchase needs: add {count!p:it|them} to the "
        "sheet; if {count!p:it is|they are} there under another name, set the header row to "
        "{row} and choose {count!p:its column|their columns} in the mapping",
    ),
    "importer.no_header_row": (
        "工作表“{sheet}”的前 {rows:,} 行里没有可识别的列名行（需要：{expected}）",
        "sheet “{sheet}” has no header row xiaoben recognises in its first {rows:,} "
        "{rows!p:row|rows} (needed: {expected})",
    ),
    "importer.hidden_sheet_header": (
        "只有隐藏的工作表“{sheet}”里有可识别的列名行；隐藏的工作表不会自动选用，要导入它请在"
        "上面的“工作表”中选择它（或在 {apps} 中取消隐藏）；工作表有：{sheets}",
        "only the hidden sheet “{sheet}” has a header row xiaoben recognises; a hidden sheet is "
        "never chosen by itself: choose it under Sheet above (or unhide it in {apps}) to "
        "import it; the sheets are: {sheets}",
    ),
    "importer.choose_sheet": (
        "在上面选择工作表；列名不在前几行时，填写它所在的行号后按回车",
        "Choose the sheet above; if its header is further down, type its row and press Enter",
    ),
    # the mapping
    "importer.mapping": ("列 → 字段（回车修改所选列）", "Column → field (Enter changes a column)"),
    "importer.col.number": ("列", "Col"),
    "importer.col.header": ("文件中的列名", "Column in the file"),
    "importer.col.field": ("读作", "Read as"),
    "importer.col.sample": ("第一行的值", "First row's value"),
    "importer.not_read": ("— 不读取", "— not read"),
    "importer.ignored": ("— 忽略（你的选择）", "— ignored (your choice)"),
    # a pay bill's 交易类型: read to tell a refund of her own money (美团-退款) from a payment
    "importer.bill_kind": ("用于判断收入是否是你自己的钱退回", "tells your own money coming back"),
    "importer.chosen": ("{field}（你的选择）", "{field} (your choice)"),
    # a column read where the field's own column is blank (有赞's 收货人手机号 for 买家手机号)
    "importer.fallback": ("{field}（{column}为空时）", "{field} (where {column} is blank)"),
    "importer.remembered": (
        "已套用上次为这些列名选择的对应关系",
        "The mapping you chose last time for these headers is proposed",
    ),
    "importer.pick.title": ("“{column}”读作：", "Read “{column}” as:"),
    "importer.pick.auto": ("按列名自动识别", "As recognised from its name"),
    "importer.pick.ignore": ("忽略这一列", "Ignore this column"),
    # the preview and the dry run
    "importer.preview": ("前 {count:,} 行预览", "The first {count:,} {count!p:row|rows}"),
    "importer.col.line": ("行", "Line"),
    "importer.col.verdict": ("检查结果", "Verdict"),
    "importer.ok": ("✓ 无误", "✓ ok"),
    # a row whose cells read well, before the dry run has said whether it imports
    "importer.reads_well": ("✓ 格式无误", "✓ reads well"),
    "importer.spent_row": (
        "— 支出：你付出去的钱，不是顾客的消费，不导入",
        "— money out (支出): paid by you, no customer's purchase, not imported",
    ),
    "importer.neutral_row": (
        "— 不计收支（如提现、转入零钱通），不是顾客的消费，不导入",
        "— neither in nor out (不计收支: a withdrawal, a transfer of your own): no customer's "
        "purchase, not imported",
    ),
    "importer.returned_row": (
        "— 你付出的钱退回（交易类型是退款），不是顾客的消费，不导入",
        "— your own money coming back (a 交易类型 of a refund): no customer's purchase, not "
        "imported",
    ),
    "importer.closed_row": (
        "— 已关闭或取消的订单，不算购买，不导入",
        "— a closed or cancelled order: no purchase, not imported",
    ),
    "importer.unpaid_row": (
        "— 尚未付款的订单，不算购买，不导入",
        "— an order not paid yet: no purchase, not imported",
    ),
    "importer.refunded_row": (
        "✓ 已退款：记为全额退款的购买",
        "✓ refunded: recorded as a fully refunded purchase",
    ),
    "importer.total_row": (
        "— 合计行（“{word}”），不导入",
        "— a total row (“{word}”), not imported",
    ),
    # a row the dry run left out: the book has its order (or the same purchase) already
    "importer.known_row": ("— 已在账本中，跳过", "— already in the book, skipped"),
    "importer.empty_row": (
        "— 只在不导入的列里有内容：当作空行，跳过",
        "— cells only in columns not imported: an empty row, skipped",
    ),
    "importer.footer_row": (
        "— 表格末尾的说明（“{word}”），不导入",
        "— a line under the table (“{word}”), not imported",
    ),
    "importer.row_verdict": ("第 {line} 行：{verdict}", "Line {line}: {verdict}"),
    "importer.checking": ("正在试导入全部数据……", "Checking every row (a dry run) …"),
    "importer.checking_stage": (
        "正在试导入全部数据……{stage} {percent}%",
        "Checking every row (a dry run) … {stage} {percent}%",
    ),
    "importer.summary_orders": (
        "试导入（账本未改动）：共 {rows:,} 行，可导入 {imported:,} 行；"
        "将按文件更新消费 {changed:,} 笔，移除 {removed:,} 笔；"
        "将新建客户 {created:,}，更新客户 {updated:,}；问题行 {bad:,}",
        "Dry run (the book is unchanged): {rows:,} {rows!p:row|rows}, {imported:,} would import; "
        "{changed:,} {changed!p:purchase|purchases} would be updated, {removed:,} removed; "
        "{created:,} {created!p:customer|customers} would be created, {updated:,} updated; "
        "{bad:,} bad {bad!p:row|rows}",
    ),
    "importer.summary": (
        "试导入（账本未改动）：共 {rows:,} 行，可导入 {imported:,} 行；将新建客户 {created:,}，"
        "更新 {updated:,}；问题行 {bad:,}",
        "Dry run (the book is unchanged): {rows:,} {rows!p:row|rows}, {imported:,} would import; "
        "{created:,} {created!p:customer|customers} would be created, {updated:,} updated; "
        "{bad:,} bad {bad!p:row|rows}",
    ),
    # a purchases import: the purchases recorded, then the customers it found them for
    "importer.summary_purchases": (
        "试导入（账本未改动）：共 {rows:,} 行，可导入 {imported:,} 行；"
        "将记入消费 {purchases:,} 笔，新建客户 {created:,}，更新客户 {updated:,}；问题行 {bad:,}",
        "Dry run (the book is unchanged): {rows:,} {rows!p:row|rows}, {imported:,} would import; "
        "{purchases:,} {purchases!p:purchase|purchases} would be recorded, {created:,} "
        "{created!p:customer|customers} created, {updated:,} {updated!p:customer|customers} "
        "updated; {bad:,} bad {bad!p:row|rows}",
    ),
    "importer.done_purchases": (
        "已导入 {imported:,}/{rows:,} 行：记入消费 {purchases:,} 笔，新建客户 {created:,}，"
        "更新客户 {updated:,}，跳过问题行 {bad:,}",
        "Imported {imported:,} of {rows:,} {rows!p:row|rows}: {purchases:,} "
        "{purchases!p:purchase|purchases} recorded, {created:,} {created!p:customer|customers} "
        "created, {updated:,} {updated!p:customer|customers} updated, {bad:,} bad "
        "{bad!p:row|rows} skipped",
    ),
    # a customers import that held rows back for review (import.held_back.*): counted here
    "importer.summary_held": (
        "试导入（账本未改动）：共 {rows:,} 行，可导入 {imported:,} 行；将新建客户 {created:,}，"
        "更新 {updated:,}；问题行 {bad:,}；留待核对 {held:,} 行",
        "Dry run (the book is unchanged): {rows:,} {rows!p:row|rows}, {imported:,} would import; "
        "{created:,} {created!p:customer|customers} would be created, {updated:,} updated; "
        "{bad:,} bad {bad!p:row|rows}; {held:,} held back for review",
    ),
    "importer.done_held": (
        "已导入 {imported:,}/{rows:,} 行：新建客户 {created:,}，更新 {updated:,}，"
        "跳过问题行 {bad:,}，留待核对 {held:,} 行",
        "Imported {imported:,} of {rows:,} {rows!p:row|rows}: {created:,} "
        "{created!p:customer|customers} created, {updated:,} updated, {bad:,} bad {bad!p:row|rows} "
        "skipped, {held:,} held back for review",
    ),
    "importer.all_or_nothing": (
        "有问题行时整个文件都不导入；勾选“只导入无误的行”可先导入其余各行",
        "With a bad row nothing is imported; tick “import the good rows” to bring in the rest",
    ),
    "importer.orders": (
        "订单行：{closed:,} 行已关闭或取消（不计为消费），{refunded:,} 行记为全额退款，"
        "{known:,} 行的订单以前导入过（跳过）",
        "Order rows: {closed:,} closed or cancelled (not purchases), {refunded:,} recorded as "
        "refunded "
        "in full, {known:,} imported before (skipped)",
    ),
    "importer.orders_restated": (
        "以前导入过的订单中 {count:,} 笔在此文件中状态已变"
        "（{closed:,} 笔已关闭或取消，{refunded:,} 笔已退款），"
        "账本中保持原样；要按文件更新，请在“以前导入过的订单号”中选“更新那笔购买”",
        "{count:,} {count!p:order|orders} imported before {count!p:has|have} a new status in this "
        "file ({closed:,} closed or cancelled, {refunded:,} refunded) and {count!p:was|were} left "
        "as "
        "in the book: choose “Update that purchase” under “Order numbers imported before” to "
        "apply it",
    ),
    "importer.orders_paid_more": (
        "以前导入过的订单中 {count:,} 笔在此文件中已付更多或已付清"
        "（如部分付款的订单后来付了尾款），"
        "账本中的金额保持原样；要按文件更新金额，请在“以前导入过的订单号”中选“更新那笔购买”",
        "{count:,} {count!p:order|orders} imported before {count!p:was|were} paid more in this "
        "file (such as an order paid in part whose balance was paid since) and "
        "{count!p:was|were} left at the amount in the book: choose “Update that purchase” "
        "under “Order numbers imported before” to update it",
    ),
    "importer.orders_updated": (
        "以前导入过的订单中 {count:,} 笔消费已按文件更新",
        "{count:,} {count!p:purchase of an order|purchases of orders} imported before updated "
        "from the file",
    ),
    "importer.orders_removed": (
        "以前导入过的订单中 {count:,} 笔此后已关闭或取消：其消费已从账本移除",
        "{count:,} {count!p:purchase of an order|purchases of orders} imported before removed: "
        "{count!p:the order was|the orders were} closed or cancelled since",
    ),
    "importer.rounded": (
        "{count:,} 个金额（公式的结果等数字单元格）超过两位小数：已四舍五入到分（第 {line} 行 "
        "{shown} → {rounded}）",
        "{count:,} {count!p:amount in a number cell (a formula's result)|amounts in number cells "
        "(formulas' results)} past cents: rounded half up (line {line}: {shown} → {rounded})",
    ),
    "importer.hidden_phones": (
        "{count:,} 行有隐藏或转接号码（如第 {line} 行的 {number}）：记入备注，不作电话",
        "{count:,} {count!p:row|rows} had a masked or relay number (line {line}: {number}): kept "
        "in the notes, not a phone",
    ),
    "importer.name_phones": (
        "{count:,} 个姓名带着手机号（如第 {line} 行 “{cell}”）：分开为姓名和电话",
        "{count:,} {count!p:name|names} held a mobile (line {line}: “{cell}”): read as the name "
        "and a phone",
    ),
    "importer.noted_wechats": (
        "{count:,} 个联系人的微信号取自备注（如第 {line} 行 {wechat}），备注照旧",
        "{count:,} {count!p:contact's WeChat ID|contacts' WeChat IDs} read from the notes (line "
        "{line}: {wechat}); the notes kept as written",
    ),
    "importer.name_remarks": (
        "{count:,} 个姓名栏在名字后还写了别的（如第 {line} 行 “{cell}”）：姓名只取名字，其余记入"
        "备注（写明的微信号记为微信）",
        "{count:,} name {count!p:cell|cells} had words after the name (line {line}: “{cell}”): "
        "the name is the name alone, the words kept in the notes (a WeChat ID written so is "
        "the WeChat ID)",
    ),
    "importer.name_words": (
        "{count:,} 个姓名和手机号旁还写了字（如第 {line} 行 “{words}”）：记入备注",
        "{count:,} {count!p:name|names} had words beside the name and mobile (line {line}: "
        "“{words}”): kept in the notes",
    ),
    "importer.none_phones": (
        "{count:,} 个电话旁写着“无”等字（如第 {line} 行 “{cell}”）：不作电话，记入备注",
        "{count:,} {count!p:phone|phones} said none beside the number (line {line}: “{cell}”): "
        "no phone, kept in the notes",
    ),
    "importer.year_birthdays": (
        "{count:,} 个“{column}”只有出生年份、年月或年代（如第 {line} 行 “{cell}”）：不作生日，"
        "记入备注；没填年龄段的，年份定得出时按它定",
        "{count:,} “{column}” {count!p:cell|cells} gave only a year, month or generation of birth "
        "(line {line}: “{cell}”): no birthday, kept in the notes; the age band set from it "
        "where none was given and it tells one",
    ),
    "importer.number_genders": (
        "{count:,} 个“{column}”是数字（如第 {line} 行 “{cell}”）：说不清男女，性别空着，记入备注",
        "{count:,} “{column}” {count!p:cell was a number|cells were numbers} (line {line}: "
        "“{cell}”): not said which gender, left empty, kept in the notes",
    ),
    "importer.regions": (
        "{count:,} 位客户的省份、城市取自地址",
        "{count:,} {count!p:customer's|customers'} province and city taken from their address",
    ),
    "importer.repeated_amounts_how": (  # (the orders are in the book now: updated)
        "请在“列 → 字段”表中把“{column}”设为“{field}”，“{orders}”选“{update}”，再导入",
        "set “{column}” to “{field}” under Column → field and “{orders}” to “{update}”, and "
        "import again",
    ),
    "importer.known_purchases": (
        "{count:,} 行已在账本中（同一客户、日期、金额、商品和数量），未重复导入",
        "{count:,} {count!p:row is a purchase|rows are purchases} already in the book (same"
        " customer, day, amount, items and quantity): not imported again",
    ),
    "importer.skipped": (
        "已在账本中的客户 {count:,} 位保持不变",
        "{count:,} {count!p:customer|customers} already in the book "
        "{count!p:is left as it is|are left as they are}",
    ),
    "importer.kept_referrers": (
        "{count:,} 行的推荐人对不上唯一一位客户，未关联，已记入备注：",
        "{count:,} {count!p:row names|rows name} a referrer who is not one customer (not linked, "
        "kept in notes):",
    ),
    "importer.shared_orders": (
        "{count:,} 个订单号记在不同客户名下（一笔订单只有一位买家：也许是粘贴错行，"
        "或把别的列当成了订单号），不会合并，请核对：",
        "{count:,} order {count!p:number names|numbers name} different customers (an order has "
        "one buyer: a row pasted wrong, or the wrong column read as the order number?); not "
        "merged, review {count!p:it|them}:",
    ),
    "importer.same_in_file": (
        "{count:,} 行与文件里前面的一行是同一位客户，已合为一位：",
        "{count:,} {count!p:row is|rows are} the customer of an earlier row of the file, "
        "folded into one:",
    ),
    "importer.near": (
        "{count:,} 行与已有客户相近，不会合并，请核对：",
        "{count:,} {count!p:row looks like a customer|rows look like customers} already in the "
        "book (not merged; review {count!p:it|them}):",
    ),
    "importer.problem": ("第 {line} 行 · {column}：{message}", "line {line} · {column}: {message}"),
    "importer.more": ("……另有 {count:,} 条", "… and {count:,} more"),
    "importer.near_kept": (
        "完整名单已存到 {path}（只保留最近 {kept:,} 份名单）",
        "the whole list is in {path} (the {kept:,} latest {kept!p:list is|lists are} kept)",
    ),
    # options
    "importer.keep_good": ("只导入无误的行，报告问题行", "Import the good rows, report the bad"),
    "importer.create_missing": ("账本中没有的客户自动新建", "Create customers the book lacks"),
    # a purchase row's customer not in the book: the message names the box above
    "importer.unknown_customer": (
        "找不到客户“{key}”（按编号、电话、微信、买家账号或姓名）；勾选“账本中没有的客户自动新建”"
        "可自动新建",
        "no customer “{key}” (by code, phone, WeChat ID, shop account or name); tick “Create"
        " customers the book lacks” to create one",
    ),
    "importer.foreign_book_id": (
        "{key} 是另一个账本里的客户编号（@ 后是那个账本的标记），本账本不知道是谁：请先导入"
        "那个账本导出的客户文件，再导入这些购买记录；或勾选“账本中没有的客户自动新建”",
        "{key} is a customer number of another book (its mark after the @), whom this book "
        "does not know: import that book's customers export first, then these purchases; or "
        "tick “Create customers the book lacks”",
    ),
    "importer.unknown_namesake_account": (
        "账本里没有买家账号为 {key} 的客户；同名的 {other} 没有这个账号，只凭姓名不算同一人："
        "未导入；勾选“账本中没有的客户自动新建”可新建为另一位客户",
        "no customer has the shop account {key}, and a name alone does not match a row that "
        "brings its own account: {other} has the same name but not it (not imported; "
        "tick “Create customers the book lacks” to create another customer)",
    ),
    "importer.unknown_namesake_code": (
        "账本里没有编号为 {key} 的客户；同名的 {other} 编号不同，只凭姓名不算同一人：未导入；"
        "勾选“账本中没有的客户自动新建”可新建为另一位客户",
        "no customer has the code {key}, and a name alone does not match a row that brings "
        "its own code: {other} has the same name but not it (not imported; tick “Create "
        "customers the book lacks” to create another customer)",
    ),
    "importer.unknown_namesake": (
        "账本里没有客户的电话或微信是 {key}；同名的 {other} 没有这个号码，只凭姓名不算同一人："
        "未导入；勾选“账本中没有的客户自动新建”可新建为另一位客户",
        "no customer has {key}, and a name alone does not match a row that brings its own "
        "number: {other} has the same name but not it (not imported; tick “Create customers "
        "the book lacks” to create another customer)",
    ),
    "importer.unknown_namesake_masked": (
        "隐藏号码 {key} 露出的数字与同名的 {other} 的电话 {phones} 不符，只凭姓名不算同一人："
        "未导入；勾选“账本中没有的客户自动新建”可新建为另一位客户",
        "the masked number {key} shows other digits than the phone {phones} of {other}, who "
        "has the same name, and a name alone does not match it (not imported; tick “Create "
        "customers the book lacks” to create another customer)",
    ),
    "importer.on_duplicate": ("已有的客户", "Customers already in the book"),
    "importer.dup.update": ("用表中非空的格更新", "Update from the non-empty cells"),
    "importer.dup.skip": ("保持不变", "Leave them as they are"),
    "importer.dup.new": ("另建为新客户", "Add them as new customers"),
    "importer.on_order_duplicate": ("以前导入过的订单号", "Order numbers imported before"),
    "importer.order_dup.skip": ("跳过，保持原样", "Skip them, leave them as they are"),
    "importer.order_dup.update": (
        "更新那笔购买（退款、改价、已关闭的删除）",
        "Update that purchase (refunds, corrected amounts, closed orders removed)",
    ),
    "importer.order_dup.new": ("再导入一笔", "Import them again as new purchases"),
    # the run
    "importer.stage.parse": ("读取每一行", "Reading each row"),
    "importer.stage.match": ("为每行找到客户", "Finding each row's customer"),
    "importer.stage.customers": ("写入客户档案", "Writing the customers"),
    "importer.stage.write": ("写入账本", "Writing to the book"),
    "importer.stage.tiers": ("重新计算分级", "Working out the tiers"),
    "importer.cancel_ask": (
        "正在导入。停止这次导入吗？已读的行都不会写入，账本不会有任何改动。",
        "An import is running. Stop it? None of its rows will be written; the book stays "
        "as it was.",
    ),
    "importer.cancelling": ("正在停止导入……", "Stopping the import …"),
    "importer.cancelled": (
        "导入已停止：账本没有任何改动",
        "Import stopped: the book was not changed",
    ),
    "importer.several_files": (
        "一次导入一个文件：这里有 {count:,} 个文件（{names}）；请只留下要导入的那一个",
        "One file at a time: this names {count:,} files ({names}); keep only the one to import",
    ),
    "importer.busy": ("正在导入，请等它完成", "An import is running; let it finish"),
    "importer.locked": (
        "正在导入：导入结束后再改文件和选项（按 Esc 可停止导入）",
        "An import is running: change the file and its options once it has ended (Esc stops it)",
    ),
    "importer.not_ready": (
        "还不能导入：{reason}",
        "Not ready to import: {reason}",
    ),
    "importer.still_reading": (
        "还在读取文件，读完后再按 ctrl+s",
        "the file is still being read; press ctrl+s once it is shown",
    ),
    "importer.backed_up": (
        "导入前的账本已备份：要回到这次导入之前，关掉小本后在终端运行 xiaoben restore {name}",
        "The book as it was before this import is backed up: to go back to it, quit xiaoben"
        " and run xiaoben restore {name} in a terminal",
    ),
    "importer.file_changed": (
        "“{name}”在读取之后改过了（或被移走了）：预览的是改之前的内容。在文件路径上按回车重新读取，看过再导入",
        "“{name}” has changed (or moved) since it was read: the preview is of what it held"
        " then. Press Enter on its path to read it again, and import once you have seen it",
    ),
    "importer.imported_already": (
        "这个文件已经导入；再次导入请重新读取它（在文件路径上按回车）",
        "This file is imported already; to import it again, read it again (Enter on its path)",
    ),
    "importer.unchanged": (
        "没有需要改动的：{rows:,} 行都与账本中的客户一致",
        "Nothing to change: {rows!p:the row matches|all {rows:,} rows match} the book's customers",
    ),
    "importer.unchanged_held": (
        "没有需要改动的：{rows:,} 行与账本中的客户一致，留待核对 {held:,} 行",
        "Nothing to change: {rows:,} {rows!p:row matches|rows match} the book's customers, "
        "{held:,} held back for review",
    ),
    "importer.done_orders": (
        "已导入 {imported:,}/{rows:,} 行：按文件更新消费 {changed:,} 笔，移除 {removed:,} 笔；"
        "新建客户 {created:,}，更新客户 {updated:,}，跳过问题行 {bad:,}",
        "Imported {imported:,} of {rows:,} {rows!p:row|rows}: {changed:,} "
        "{changed!p:purchase|purchases} updated, {removed:,} removed; {created:,} "
        "{created!p:customer|customers} created, {updated:,} updated, {bad:,} bad "
        "{bad!p:row|rows} skipped",
    ),
    "importer.done": (
        "已导入 {imported:,}/{rows:,} 行：新建客户 {created:,}，更新 {updated:,}，"
        "跳过问题行 {bad:,}",
        "Imported {imported:,} of {rows:,} {rows!p:row|rows}: {created:,} "
        "{created!p:customer|customers} created, {updated:,} updated, {bad:,} bad {bad!p:row|rows} "
        "skipped",
    ),
}
