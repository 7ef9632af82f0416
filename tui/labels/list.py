"""Labels of the customer list, the home screen, and its filter picker (zh, en)."""

LABELS: dict[str, tuple[str, str]] = {
    # the summary line
    "list.count": ("共 {count} 位客户", "{count} {count!p:customer|customers}"),
    "list.count_archived": (
        "已归档 {count} 位客户",
        "{count} archived {count!p:customer|customers}",
    ),
    "list.counting": ("正在统计…", "counting…"),
    "list.follow_ups": ("今日计划 {count} 项", "{count} in today's plan"),
    "list.follow_ups_none": ("今日计划已清空", "today's plan is clear"),
    "list.sorted_by": ("按{column}{arrow}", "by {column} {arrow}"),
    "list.updating_tiers": (
        "正在更新今日分级（先显示上次的）…",
        "updating today's tiers (last time's shown meanwhile)…",
    ),
    "list.active_search": ("搜索 “{text}”", "search “{text}”"),
    "list.active_filter": ("{name}：{value}", "{name}: {value}"),
    "list.active_ids": ("指定的 {count} 位客户", "{count} chosen {count!p:customer|customers}"),
    "list.search_placeholder": (
        "/ 搜索：姓名、拼音、首字母、电话、微信、编号、标签",
        "/ search: name, pinyin, initials, phone, WeChat, code, tag",
    ),
    # columns
    "list.col.name": ("姓名", "Name"),
    "list.col.value_tier": ("价值", "Tier"),
    "list.col.stage": ("阶段", "Stage"),
    "list.col.score": ("评分", "Score"),
    "list.col.revenue": ("消费额", "Revenue"),
    "list.col.last_purchase": ("最近购买", "Bought"),
    "list.col.last_contact": ("最近联系", "Contacted"),
    "list.col.follow_up": ("下次跟进", "Follow up"),
    "list.col.p_alive": ("还在买", "Alive"),
    "list.col.clv": ("终身价值", "CLV"),
    # empty states
    "list.loading": ("正在读取…", "Loading…"),
    "list.empty_book": (
        "还没有客户。\n按 n 新建客户，或按 F9 导入表格或手机通讯录"
        "（Excel、WPS、LibreOffice、CSV、vCard）",
        "No customers yet.\nPress n to add one, or F9 to import a sheet or phone contacts"
        " (Excel, WPS, LibreOffice, CSV, vCard)",
    ),
    "list.no_matches": (
        "没有符合条件的客户。\n按 Esc 清除搜索和筛选。",
        "No customer matches.\nPress Esc to clear the search and filters.",
    ),
    "list.none_to_open": (
        "没有客户符合这次搜索，没有打开任何客户",
        "No customer matches the search: none opened",
    ),
    "list.none_to_open_keys": (
        "没有客户符合这次搜索，没有打开任何客户；回车之后输入的 {count} 个键没有生效",
        "No customer matches the search: none opened, and the {count} {count!p:key|keys}"
        " typed after Enter did nothing",
    ),
    "list.no_archived": (
        "没有已归档的客户。\n按 a 回到在用的客户。",
        "No archived customers.\nPress a to go back to the active ones.",
    ),
    "list.read_error": ("读取客户列表失败：{detail}", "Could not read the customer list: {detail}"),
    # keys (footer) and the command palette
    "list.key.new": ("新建", "New"),
    "list.key.search": ("搜索", "Search"),
    "list.key.filter": ("筛选", "Filter"),
    "list.key.sort": ("排序", "Sort"),
    "list.key.reverse": ("倒序", "Reverse"),
    "list.key.archived": ("归档", "Archived"),
    "list.cmd.search": ("搜索客户", "Search customers"),
    "list.cmd.filter": (
        "筛选客户（价值、阶段、分群、角色、流失风险、终身价值、标签、地区、跟进）",
        "Filter customers",
    ),
    "list.cmd.sort": ("换一列排序", "Sort by the next column"),
    "list.cmd.reverse": ("反转排序", "Reverse the sort order"),
    "list.cmd.clear": ("清除搜索和筛选", "Clear the search and filters"),
    "list.cmd.archived": ("显示/隐藏已归档的客户", "Show or hide archived customers"),
    # the filter picker
    "list.filters.title": ("筛选客户", "Filter customers"),
    "list.filters.any": ("全部", "any"),
    "list.filters.value_tier": ("价值分级", "Value tier"),
    "list.filters.stage": ("生命周期阶段", "Stage"),
    "list.filters.role": ("角色", "Role"),
    "list.filters.tag": ("标签", "Tag"),
    "list.filters.or": ("、", " / "),
    "list.filters.region": ("地区", "Region"),
    "list.filters.follow_up": ("下次跟进", "Next follow-up"),
    "list.filters.follow_up.today": ("在今日计划中", "in today's plan"),
    "list.filters.follow_up.week": ("本周内（7 天）", "this week (7 days)"),
    "list.filters.silent": ("多久未联系", "Not contacted for"),
    "list.filters.silent_days": ("{days} 天以上", "{days}+ days"),
    "list.filters.clv_top": ("终身价值（CLV）", "Lifetime value (CLV)"),
    "list.filters.clv_top.value": ("前 {percent}%", "top {percent}%"),
    "list.filters.clear": ("清除筛选", "Clear filters"),
    "list.filters.cmd.apply": ("应用这些筛选", "Apply these filters"),
    "list.filters.cmd.cancel": ("不改筛选，返回", "Leave the filters as they were"),
}
