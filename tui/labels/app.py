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
    "app.quit_unsaved": (
        "有未保存的修改。放弃修改并退出小本？",
        "There are unsaved changes. Discard them and quit xiaoben?",
    ),
}
