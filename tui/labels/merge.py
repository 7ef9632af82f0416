"""Labels of merging two customers and of the possible duplicates list (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the merge screen
    "merge.title": ("合并同一个人的两份档案", "Merge two records of one person"),
    "merge.pick_title": ("与哪位客户合并？", "Merge with which customer?"),
    "merge.col.kept": ("保留：{name}", "Kept: {name}"),
    "merge.col.merged_in": ("并入：{name}", "Merged in: {name}"),
    "merge.col.after": ("合并后", "After"),
    "merge.both": ("两者都要", "both"),
    "merge.no_difference": (
        "两份档案的各项都相同，只需合并记录",
        "The two profiles agree on every field; only the records move",
    ),
    "merge.moves": (
        "将移到保留的客户名下：消费 {purchases} 笔 · 接触 {interactions} 次 · 提醒 {reminders} 条"
        " · 分级变动 {tier_changes} 条 · 跟进记录 {follow_ups} 条 · 推荐的客户 {referrals} 位",
        "Moving to the kept customer: {purchases} {purchases!p:purchase|purchases} · "
        "{interactions} {interactions!p:contact|contacts} · {reminders} "
        "{reminders!p:reminder|reminders} · {tier_changes} tier {tier_changes!p:change|changes} "
        "· {follow_ups} handled {follow_ups!p:follow-up|follow-ups} · {referrals} referred "
        "{referrals!p:customer|customers}",
    ),
    "merge.help": (
        "← 取保留方 · → 取并入方 · b 两者都要 · 空格 轮换 · x 交换保留方 · Enter 合并 · Esc 取消",
        "← kept side · → merged-in side · b both · space cycles · x swap who is kept · "
        "Enter merges · Esc cancels",
    ),
    "merge.cannot": ("不能合并：{detail}", "Cannot merge: {detail}"),
    "merge.question": (
        "把 {absorbed} 并入 {survivor}？{absorbed} 的档案将不再单独存在（可撤销）。",
        "Merge {absorbed} into {survivor}? {absorbed} will no longer be a customer of "
        "their own (you can undo).",
    ),
    "merge.done": (
        "已把 {absorbed} 并入 {survivor}（合并 {token}）— 按 z 撤销；以后也可在 TA 的页面按 z，"
        "或用 xiaoben unmerge {token}",
        "Merged {absorbed} into {survivor} (merge {token}) — press z to undo; later, z on "
        "their page or xiaoben unmerge {token}",
    ),
    "merge.working": (
        "合并中…（记录多时需要一会儿；完成后会告诉你，并可按 z 撤销）",
        "Merging… (a customer of many records takes a while; you will be told when it is "
        "done, and z undoes it)",
    ),
    "merge.still_working": (
        "合并进行中，不能中途停下：完成后会告诉你，并可按 z 撤销",
        "The merge is under way and cannot stop half-way: you will be told when it is done, "
        "and z undoes it",
    ),
    "merge.undoing": ("撤销合并中…", "Undoing the merge…"),
    "merge.merged_elsewhere": (
        "没有合并：{name} 已在别处并入 {who}（另一个窗口或命令行）",
        "Nothing merged: {name} was merged into {who} elsewhere (another window or the "
        "command line)",
    ),
    # z on a customer page for a merge made before (another session, the CLI)
    "merge.undo_kept.question": (
        "撤销合并 {token}（{at}）：把 {absorbed} 恢复为另一位客户？",
        "Undo merge {token} ({at}): make {absorbed} a customer of their own again?",
    ),
    "merge.nothing_to_undo": ("没有可撤销的合并", "No merge to undo"),
    "merge.key.survivor": ("取保留方", "Kept side"),
    "merge.key.absorbed": ("取并入方", "Merged-in side"),
    "merge.key.both": ("两者都要", "Both"),
    "merge.key.cycle": ("轮换", "Cycle"),
    "merge.key.swap": ("交换", "Swap"),
    "merge.key.swap.help": ("交换保留哪一份档案", "Swap which record is kept"),
    "merge.key.merge": ("合并", "Merge"),
    "merge.key.merge.help": ("按所选合并这两位客户", "Merge the two as chosen"),
    "merge.key.undo": ("撤销合并", "Undo merge"),
    "merge.key.undo.help": (
        "撤销刚才的合并，或之前并入这位客户、还能撤销的合并",
        "Undo the merge just made, or one into this customer that can still be undone",
    ),
    # on the customer page
    "merge.key.with.help": (
        "与另一位客户合并（同一个人）",
        "Merge with another customer (one person)",
    ),
    "merge.cmd.with": ("与另一位客户合并……", "Merge with another customer…"),
    # the possible duplicates list
    "dups.count": (
        "{count} 对可能是同一个人 · Enter 合并 · d 不是同一人",
        "{count} {count!p:pair|pairs} may be one person · Enter merges · d not the same person",
    ),
    "dups.more": ("（显示前 {shown} 对）", "(the first {shown} shown)"),
    "dups.loading": ("正在查找可能重复的客户……", "Looking for possible duplicates …"),
    "dups.dismissed": (
        "{first} 和 {second} 不再作为可能重复列出",
        "{first} and {second} will not be listed as possible duplicates again",
    ),
    "dups.undismissed": (
        "已撤销：{first} 和 {second} 又会作为可能重复列出",
        "Undone: {first} and {second} are listed as possible duplicates again",
    ),
    "dups.undismiss_gone": (
        "{first} 和 {second} 已不是“不是同一人”（在别处撤销了，或其中一位已合并或删除），没有改动",
        "{first} and {second} are no longer marked two people (undone elsewhere, or one was "
        "merged or forgotten): nothing changed",
    ),
    "dups.nothing_to_undo": ("没有可撤销的“不是同一人”", "No “not the same” to undo"),
    "dups.key.undo.help": (
        "撤销刚才的“不是同一人”，这一对又会列出",
        "Undo the last “not the same”: the pair is listed again",
    ),
    "dups.key.dismiss": ("不是同一人", "Not the same"),
    "dups.key.dismiss.help": (
        "这两位是不同的人，不再列出",
        "They are two people: stop listing them",
    ),
    "cmd.duplicates": ("可能重复的客户", "Possible duplicates"),
    "cmd.duplicates.help": (
        "查找可能是同一个人的客户并合并",
        "Find customers who may be one person, and merge them",
    ),
    "list.key.duplicates": ("查重", "Duplicates"),
}
