"""Labels of the tier lists screen (zh, en)."""

LABELS: dict[str, tuple[str, str]] = {
    # the lenses: full names, and the short ones on the tabs
    "tiers.lens.rfm8": ("RFM 八类", "RFM 8 classes"),
    "tiers.lens.stage": ("生命周期", "Lifecycle stage"),
    "tiers.lens.role": ("受众/顾客/粉丝", "Role"),
    "tiers.lens.quadrant": ("忠诚度×价值", "Loyalty × value"),
    "tiers.lens.lapse": ("跟进状态", "Follow-up state"),
    "tiers.tab.lapse": ("休眠", "Dormant"),
    "tiers.lens.churn_risk": ("流失风险（还在买的可能）", "Churn risk (P still buying)"),
    "tiers.tab.churn_risk": ("流失风险", "Churn risk"),
    "tiers.cmd.churn_risk": ("分级名单：流失风险", "Tier lists: churn risk"),
    "tiers.col.p_alive": ("在买", "Alive"),
    "tiers.cmd.sort": (
        "名单排序：本视角的顺序 → 还在买的可能（低的在前）→ 终身价值（高的在前）",
        "Order the members: the lens's own → P(alive), lowest first → CLV, highest first",
    ),
    "tiers.churn.no_model": (
        "购买概率模型还没有拟合（导入或记下购买后自动进行）",
        "the purchase model has not been fitted yet (it runs after imports and purchases)",
    ),
    "tiers.cmd.lapse": ("分级名单：休眠与挽回", "Tier lists: dormant and win-back"),
    "tiers.lapse.active": ("正常跟进", "in the cadence"),
    "tiers.lapse.win_back": ("挽回（偶尔联系）", "win-back (now and then)"),
    "tiers.lapse.dormant": ("休眠（不在队列）", "dormant (not queued)"),
    "tiers.tab.value_tier": ("价值", "Value"),
    "tiers.tab.rfm8": ("八类", "RFM-8"),
    "tiers.tab.quadrant": ("忠诚×价值", "Loyalty×value"),
    # groups
    "tiers.col.group": ("分组", "Group"),
    "tiers.col.customers": ("人数", "Count"),
    "tiers.col.customer_share": ("占比", "Share"),
    "tiers.col.revenue_share": ("收入占比", "Revenue"),
    "tiers.summary.buyers": (
        "买家 {placed} 位（共 {customers} 位）· 净收入 {revenue}",
        "{placed} {placed!p:buyer|buyers} of {customers} · net revenue {revenue}",
    ),
    "tiers.summary.everyone": (
        "共 {customers} 位客户 · 净收入 {revenue}",
        "{customers} {customers!p:customer|customers} · net revenue {revenue}",
    ),
    "tiers.strategy": ("策略", "Strategy"),
    "tiers.grid_title": (
        "R×F 人数（行 R 5→1，列 F 1→5）",
        "R×F counts (rows R 5→1, columns F 1→5)",
    ),
    # members
    "tiers.col.code": ("编号", "Code"),
    "tiers.col.revenue": ("净收入", "Revenue"),
    "tiers.col.last_purchase": ("最近购买", "Last purchase"),
    "tiers.members_title": (
        "{group} · {count} 位客户",
        "{group} · {count} {count!p:customer|customers}",
    ),
    "tiers.showing": (
        "显示 {shown} / {total} 位，向下移动加载更多",
        "showing {shown} of {total}; move down for more",
    ),
    "tiers.no_members": ("这一组暂时没有客户", "No customers in this group yet"),
    "tiers.loading": ("载入中……", "Loading…"),
    "tiers.load_failed": ("读取分级名单失败：{detail}", "Could not read the tier lists: {detail}"),
    # keys and commands
    "tiers.key.lens": ("视角", "Lens"),
    "tiers.key.lens.help": ("1–8 切换分级视角", "1–8 switch the lens"),
    "tiers.cmd.value_tier": ("分级名单：价值分级", "Tier lists: value tier"),
    "tiers.cmd.rfm_segment": ("分级名单：RFM 分群", "Tier lists: RFM segment"),
    "tiers.cmd.rfm8": ("分级名单：RFM 八类", "Tier lists: RFM 8 classes"),
    "tiers.cmd.stage": ("分级名单：生命周期", "Tier lists: lifecycle stage"),
    "tiers.cmd.role": ("分级名单：受众/顾客/粉丝", "Tier lists: role"),
    "tiers.cmd.quadrant": ("分级名单：忠诚度×价值", "Tier lists: loyalty × value"),
    "tiers.cmd.open": ("打开选中的客户", "Open the selected customer"),
}
