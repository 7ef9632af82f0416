"""Labels of the follow-up queue screen and its done and snooze modals (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the header line and the sections
    "queue.plan.header": (
        "今日计划 {planned}/{capacity} · 逾期 {overdue}",
        "today's plan {planned}/{capacity} · {overdue} overdue",
    ),
    "queue.plan.header_open": (
        "今日计划 {planned} · 逾期 {overdue}",
        "today's plan {planned} · {overdue} overdue",
    ),
    "queue.plan.greetings": (
        " · {holidays}祝福 {count} 位（g 全部完成）",
        " · {holidays} greetings: {count} (g: all done)",
    ),
    "queue.key.greetings": ("祝福全完成", "greetings done"),
    "queue.cmd.greetings": (
        "今天的节日祝福一次全部完成（各记一次问候，u 一次撤回）",
        "Today's holiday greetings done at once (a greeting logged for each; u undoes all)",
    ),
    "queue.greetings_done": (
        "已完成节日祝福 {count} 位（各记一次问候；u 一次全部撤回）",
        "Greetings done: {count} {count!p:buyer|buyers} (a greeting logged for each;"
        " u takes them all back)",
    ),
    "queue.no_greetings": ("今天没有节日祝福要发", "No holiday greetings today"),
    "queue.reopened_greetings": (
        "已撤销，{count} 位的节日祝福回到队列",
        "Undone: {count} holiday greetings are back in the queue",
    ),
    "queue.plan.all": (" · 全部 {total} 项", " · all {total} {total!p:item|items}"),
    "queue.plan.strip": ("未来 {days} 天", "next {days} {days!p:day|days}"),
    "queue.plan.strip_counts": ("每天计划", "planned"),
    "queue.plan.today": ("今日计划 · {planned}/{capacity}", "Today's plan · {planned}/{capacity}"),
    "queue.plan.today_open": ("今日计划 · {planned}", "Today's plan · {planned}"),
    "queue.plan.tomorrow": (
        "明天 · {date} {weekday} · {count}",
        "Tomorrow · {weekday} {date} · {count}",
    ),
    "queue.plan.day": ("{date} {weekday} · {count}", "{weekday} {date} · {count}"),
    "queue.plan.weekdays": ("周一,周二,周三,周四,周五,周六,周日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "queue.plan.done": (
        "今天的计划完成了。下面是接下来几天的安排。",
        "Today's plan is done. Here is what comes next.",
    ),
    "queue.plan.later": (
        "之后还有 {count} 项 · 按 a 显示全部",
        "{count} more on later days · a shows them all",
    ),
    "queue.loading": ("正在生成跟进队列…", "Building the queue…"),
    # columns
    "queue.col.detail": ("事由", "About"),
    "queue.col.due": ("到期", "Due"),
    "queue.col.action": ("建议", "Suggested"),
    # when an item is due
    "queue.due.overdue": ("逾期 {days} 天", "{days} {days!p:day|days} overdue"),
    "queue.due.tomorrow": ("明天", "tomorrow"),
    "queue.snoozed": ("（已推迟）", " (snoozed)"),
    # the detail pane
    "queue.detail.about": ("事由：", "About: "),
    "queue.detail.action": ("建议：", "Suggested: "),
    "queue.detail.message": ("话术：", "Draft: "),
    "queue.detail.planned": ("排在 {day}", "planned {day}"),
    # empty states
    "queue.empty.today": ("今天没有要跟进的客户。", "Nobody to follow up today."),
    "queue.empty.hint": (
        "按 F2 查看客户；在客户页按 r 设跟进提醒，按 c 记一次接触。",
        "Press F2 for the customers; on a customer's page r sets a reminder, c logs a contact.",
    ),
    # what happened (notifications)
    "queue.done": ("已完成：{name}（已记一次接触）", "Done: {name} (a contact is logged)"),
    "queue.snoozed_to": ("已推迟到 {date}：{name}", "Snoozed to {date}: {name}"),
    "queue.skipped": ("已跳过：{name}", "Skipped: {name}"),
    "queue.reopened": ("已撤销，{name} 回到队列", "Undone: {name} is back in the queue"),
    "queue.reopened_snoozed": (
        "已撤销，{name} 回到推迟到 {until} 的状态",
        "Undone: {name} is snoozed until {until} again",
    ),
    "queue.reopened_as": (
        "已撤销，{name} 回到“{action}”的状态",
        "Undone: {name} is {action} again",
    ),
    "queue.contact_kept": (
        "它记下的接触之后改过，已保留（{when} {kind}）",
        "The contact it logged was edited since and is kept ({when} {kind})",
    ),
    "queue.nothing_to_undo": (
        "今天没有可以撤销的完成、推迟或跳过",
        "Nothing done, snoozed or skipped today to undo",
    ),
    "queue.no_item": ("没有选中的跟进项", "No follow-up is highlighted"),
    "queue.no_message": ("这一项没有话术", "This item has no message draft"),
    "queue.copied": ("已复制话术：\n{message}", "Draft copied:\n{message}"),
    # an item handled after it changed elsewhere (its reminder deleted): {name} is hers
    "queue.item_gone": (
        "{name}（{why}）已不在跟进队列中（在别处改动了）：账本没有改动",
        "{name} ({why}) is no longer in the follow-up queue (changed elsewhere): nothing changed",
    ),
    "queue.failed": ("跟进队列出错：{detail}", "The follow-up queue failed: {detail}"),
    # keys (footer) and the command palette
    "queue.key.done_now": ("直接完成", "Done, no note"),
    "queue.key.snooze": ("推迟", "Snooze"),
    "queue.key.skip": ("跳过", "Skip"),
    "queue.key.copy": ("复制", "Copy"),
    "queue.key.section": ("今天/之后", "Today/next"),
    "queue.key.all": ("全部", "All"),
    "queue.key.plan": ("今日计划", "Plan"),
    "queue.cmd.done": ("标记选中的跟进完成（可写备注）", "Mark the highlighted follow-up done"),
    "queue.cmd.done_now": ("标记完成，不写备注", "Mark it done without a note"),
    "queue.cmd.snooze": ("推迟选中的跟进", "Snooze the highlighted follow-up"),
    "queue.cmd.skip": ("跳过选中的跟进（到下一次）", "Skip it until its next occurrence"),
    "queue.cmd.copy": ("复制话术", "Copy the message draft"),
    "queue.cmd.undo": ("撤销今天最后一次完成/推迟/跳过", "Undo today's last done, snooze or skip"),
    "queue.cmd.section": (
        "在今日计划和之后几天之间切换",
        "Jump between today's plan and the next days",
    ),
    "queue.cmd.all": (
        "显示全部积压的安排，或只看今日计划和未来几天",
        "Show the whole backlog, or only today's plan and the next days",
    ),
    "queue.cmd.plan": (
        "回到今日计划和未来几天",
        "Back to today's plan and the next days",
    ),
    # the done modal
    "queue.done.title": ("完成跟进 · {name}", "Follow-up done · {name}"),
    "queue.done.note": ("备注", "Note"),
    "queue.done.note_hint": ("聊了什么（可不填）", "What was said (optional)"),
    "queue.done.hint": ("Enter 完成 · Esc 取消", "Enter: done · Esc: cancel"),
    # the snooze modal
    "queue.snooze.title": ("推迟 · {name}", "Snooze · {name}"),
    "queue.snooze.day": ("+1 天 {date}", "+1 day {date}"),
    "queue.snooze.week": ("+1 周 {date}", "+1 week {date}"),
    "queue.snooze.date": ("日期", "Date"),
    "queue.snooze.date_hint": (
        "如 {month_day}、+3（三天后）或 {full}",
        "e.g. {month_day}, +3 (three days on) or {full}",
    ),
    "queue.snooze.date_format": (
        "写成 月-日（如 {month_day}）、+天数（如 +3）或 年-月-日（如 {full}）（收到 “{value}”）",
        "write month-day ({month_day}), + days (+3) or year-month-day ({full}) (got “{value}”)",
    ),
    "queue.snooze.hint": (
        "1 Enter 推迟一天 · 2 Enter 推迟一周 · 或输入日期按 Enter · Esc 取消",
        "1 Enter: a day · 2 Enter: a week · or type a date and Enter · Esc: cancel",
    ),
    "queue.snooze.need_date": ("请输入日期", "Type a date"),
    "queue.snooze.not_after": (
        "推迟到的日期须在今天（{today}）之后",
        "the date must be after today ({today})",
    ),
}
