"""Labels of the app frame that Textual itself supplies (translated like ours)."""

LABELS: dict[str, tuple[str, str]] = {
    "palette": ("命令", "commands"),
    "key.queue": ("跟进", "Follow-ups"),
    "cmd.queue": ("跟进队列", "Follow-up queue"),
    "cmd.queue.help": ("今天要联系谁、为什么", "Whom to contact today, and why"),
    "key.overview": ("概览", "Overview"),
    "cmd.overview": ("概览：全书一览", "Overview: the whole book at a glance"),
    "cmd.overview.help": (
        "帕累托、价值金字塔、R×F、漏斗、地区、产品、来源、每月变化",
        "Pareto, value pyramids, R×F, funnel, regions, products, sources, months",
    ),
    "app.palette_placeholder": ("搜索命令…", "Search for commands…"),
    "app.quit_importing": (
        "正在导入文件。退出会取消这次导入，账本不会有任何改动。仍要退出小本吗？",
        "A file is being imported. Quitting cancels the import and leaves the book unchanged."
        " Quit xiaoben anyway?",
    ),
    "app.quit_unsaved": (
        "有未保存的修改。放弃修改并退出小本？",
        "There are unsaved changes. Discard them and quit xiaoben?",
    ),
    "keys.dropped": (
        "屏幕忙了太久，刚才输入的 {count} 个键没有生效；请看一下屏幕再输入",
        "The screen stayed busy too long: the {count} {count!p:key|keys} typed meanwhile"
        " did nothing; look at the screen and type again",
    ),
    # the app's keys and commands
    "key.customers": ("客户", "Customers"),
    "key.tiers": ("分级", "Tiers"),
    "key.rules": ("规则", "Rules"),
    "key.language": ("English", "中文"),
    "key.theme": ("明暗", "Theme"),
    "key.quit": ("退出", "Quit"),
    "cmd.customers": ("客户列表", "Customer list"),
    "cmd.customers.help": ("回到客户列表", "Back to the customer list"),
    "cmd.new_customer": ("新建客户", "New customer"),
    "cmd.new_customer.help": ("填写新客户档案", "Fill in a new customer's profile"),
    "cmd.tiers": ("分级名单", "Tier lists"),
    "cmd.tiers.help": ("按分级视角查看客户分组", "Customers grouped by a tiering lens"),
    "cmd.rules": ("分级规则", "Tiering rules"),
    "cmd.rules.help": ("修改分级规则和权重", "Edit the tiering rules and weights"),
    "cmd.language": ("切换语言 中文/English", "Switch language English/中文"),
    "cmd.language.help": ("界面语言，会被记住", "The interface language, remembered"),
    "cmd.theme": ("切换明暗主题", "Switch light/dark theme"),
    "cmd.theme.help": ("浅色或深色主题，会被记住", "Light or dark theme, remembered"),
    "cmd.back_up": ("立即备份", "Back up now"),
    "cmd.back_up.help": (
        "把账本备份到数据文件夹的 backups/（每天打开时也会自动备份）",
        "A backup into the data folder's backups/ (one is also made each day on opening)",
    ),
    "cmd.backed_up": ("已备份到 {path}", "Backed up to {path}"),
    "cmd.still_backing_up": (
        "正在备份：写完之后才能退出，请稍候。",
        "Backing up: you can quit once the backup is written.",
    ),
    "cmd.backup_entry": (
        "备份 {when} · 客户 {customers} · 消费 {purchases}",
        "Backup {when} · {customers} {customers!p:customer|customers} · {purchases} "
        "{purchases!p:purchase|purchases}",
    ),
    "cmd.backup_entry_future": (
        "备份 {when}（晚于现在：当时时钟不对或来自别的电脑）· 客户 {customers} · 消费 {purchases}",
        "Backup {when} (later than now: a wrong clock or another machine) · {customers} "
        "{customers!p:customer|customers} · {purchases} {purchases!p:purchase|purchases}",
    ),
    "cmd.backup_restore": (
        "恢复这个备份会替换整本账：请在终端运行 xiaoben restore {name}（会先比较并询问）",
        "Restoring this backup replaces the whole book: run xiaoben restore {name} in a "
        "terminal (it compares and asks first)",
    ),
    "cmd.quit": ("退出小本", "Quit xiaoben"),
    "cmd.quit.help": ("所有改动都已保存", "Every change is already saved"),
    "app.language_switched": ("已切换为中文", "Switched to English"),
    "app.language_after_dialog": (
        "关闭这个窗口后切换为 English（再按 F6 取消）",
        "Switching to 中文 once this window closes (F6 again: stay in English)",
    ),
    "app.language_stays": ("不切换语言", "The language stays as it is"),
    "app.help_quit_title": ("要退出吗？", "Quit?"),
    "app.help_quit": ("按 {key} 退出小本", "Press {key} to quit xiaoben"),
    "app.wait_for_import": (
        "正在导入文件：导入结束后再切换。",
        "A file is being imported: switch when the import has ended.",
    ),
    "app.stay_while_importing": (
        "正在导入文件：导入结束后再去别的页面（按 Esc 可停止导入）。",
        "A file is being imported: go to another screen once it has ended (Esc stops it).",
    ),
}
