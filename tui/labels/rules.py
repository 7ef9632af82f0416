"""Labels of the rules screen (zh, en), and the rule fields' names for validation messages."""

LABELS: dict[str, tuple[str, str]] = {
    # sections
    "rules.section.value": ("价值分级 ABC(D)", "Value tier ABC(D)"),
    "rules.section.weights": ("加权评分的权重", "Weights of the score"),
    "rules.section.names": ("层级显示名称", "Tier display names"),
    "rules.section.cadence": ("跟进周期（天）", "Follow-up cadence (days)"),
    "rules.section.plan": ("今日计划与流失挽回", "The plan and win-back"),
    "rules.section.imports": ("导入", "Imports"),
    "rules.section.model": ("购买概率模型", "Purchase model"),
    # the Rules fields: shown beside each input, and named in validation messages
    "field.a_cut_percent": ("A 线 %", "A cut %"),
    "field.b_cut_percent": ("B 线 %", "B cut %"),
    "field.promote_strategic": ("战略客户升 B", "Strategic to B"),
    "field.promote_referrals": ("推荐几人升 B", "Referrals to B"),
    "field.value_basis": ("价值按", "Value basis"),
    "field.subtract_service_cost": ("扣除服务成本", "Less service cost"),
    "field.cost_per_service_minute": ("每分钟服务成本", "Cost a minute"),
    "field.lapse_days": ("流失天数", "Lapse days"),
    "field.intent_days": ("意向有效天数", "Intent days"),
    "field.new_customer_days": ("新客天数", "New customer days"),
    "field.loyal_orders": ("忠诚单数", "Loyal orders"),
    "field.loyalty_f_score": ("忠诚 F 分", "Loyalty F score"),
    "field.loyalty_span_days": ("忠诚跨度天数", "Loyalty span days"),
    "field.weights": ("评分权重", "score weight"),
    "field.tier_names": ("层级名称", "tier name"),
    "field.cadence_days": ("跟进周期", "cadence"),
    "field.birthday_lead_days": ("生日提前天数", "Birthday lead days"),
    "field.holiday_lead_days": ("节日提前天数", "Holiday lead days"),
    "field.occasion_grace_days": ("过期保留天数", "Grace days"),
    "field.new_customer_care_days": ("新客关怀天数", "New customer care days"),
    "field.at_risk_factor": ("流失预警倍数", "At-risk factor"),
    "field.at_risk_min_orders": ("流失预警最少单数", "At-risk min orders"),
    "field.tier_change_days": ("等级变化保留天数", "Tier change days"),
    "field.plan_capacity": ("每日计划条数", "Plan capacity"),
    "field.occasion_window_days": ("合并购买天数", "Occasion window"),
    "field.lapse_gap_factor": ("流失间隔倍数", "Lapse gap factor"),
    "field.win_back_days": ("挽回间隔天数", "Win-back days"),
    "field.clv_months": ("终身价值看几个月", "CLV horizon (months)"),
    "field.clv_monthly_discount_percent": ("每月折现 %", "Monthly discount %"),
    "field.model_refit_growth_percent": ("购买增加 % 时重算", "Refit after % more purchases"),
    "field.model_refit_days": ("最多隔几天重算", "Refit at least every (days)"),
    "field.p_alive_alive_percent": ("“很可能还在”线 %", "“Likely still buying” from %"),
    "field.p_alive_lost_percent": ("“多半已流失”线 %", "“Probably gone” below %"),
    "field.at_risk_p_alive_percent": ("流失风险提醒线 %", "At-risk cut %"),
    "field.gift_lead_days": ("送礼提前天数", "Gift lead days"),
    "field.gift_holidays": ("送礼节日", "Gift holidays"),
    "field.large_purchase": ("大额购买上限", "Large purchase"),
    # hints beside the inputs
    "rules.hint.a_cut": (
        "贡献前这么多价值的买家为 A（二八定律：80）",
        "buyers making up the top this-much of value are A (Pareto: 80)",
    ),
    "rules.hint.b_cut": ("此线以内为 B，其余买家为 C", "within this line: B; other buyers: C"),
    "rules.hint.promote_strategic": (
        "标为战略价值的买家至少为 B",
        "buyers flagged strategic are at least B",
    ),
    "rules.hint.promote_referrals": (
        "推荐满这么多人的买家至少为 B；0 关闭",
        "buyers with this many referrals are at least B; 0 turns it off",
    ),
    "rules.hint.value_basis": (
        "净收入 = 消费 − 退款；毛利再减成本",
        "net revenue = purchases − refunds; margin also less cost",
    ),
    "rules.hint.subtract_service_cost": (
        "价值减去接触记录里的服务成本",
        "value less the service cost of interactions",
    ),
    "rules.hint.cost_per_service_minute": (
        "元/分钟，服务时长按此折算成本",
        "¥ a minute: service minutes count as this cost",
    ),
    "rules.hint.lapse_days": (
        "超过这么多天没有购买即为流失",
        "no purchase for longer than this: lapsed",
    ),
    "rules.hint.intent_days": (
        "这么多天内表示过意向即为准客户",
        "showed intent within this many days: prospect",
    ),
    "rules.hint.new_customer_days": (
        "首次购买在这么多天内为新客",
        "first purchase within this many days: new",
    ),
    "rules.hint.loyal_orders": ("购买满这么多次为忠诚", "this many purchases: loyal"),
    "rules.hint.loyalty_f_score": (
        "F 分（1–5）达到即为高忠诚",
        "F score (1–5) at least this: loyal",
    ),
    "rules.hint.loyalty_span_days": (
        "或忠诚单数跨越超过这么多天且未流失",
        "or the loyal orders span more days than this, not lapsed",
    ),
    "rules.hint.weights": (
        "按比例使用，合计不必为 100",
        "used in proportion; they need not add up to 100",
    ),
    "rules.hint.names": ("留空则用默认名称", "leave blank for the default name"),
    # a custom field as a criterion of the weighted score
    "rules.field_thresholds": ("{label} 门槛", "{label} thresholds"),
    "rules.field_option": ("{label}：{option}", "{label}: {option}"),
    "rules.hint.field_weight": (
        "自定义字段：大于 0 即计入评分",
        "custom field: above 0 it counts in the score",
    ),
    "rules.hint.thresholds": (
        "递增的数字，如 500、1000；达到几个门槛得几成分数",
        "numbers going up, e.g. 500, 1000; each one reached earns its share",
    ),
    "rules.hint.option_points": (
        "各选项可得该项权重的百分之几（0–100）",
        "percent of the weight each option earns (0–100)",
    ),
    "rules.thresholds_up": (
        "门槛须一个比一个大（收到 “{value}”）",
        "each threshold must be above the one before (got “{value}”)",
    ),
    "rules.thresholds_many": ("门槛最多 {most} 个", "at most {most} {most!p:threshold|thresholds}"),
    "rules.hint.birthday_lead_days": (
        "生日前几天进入队列",
        "days before a birthday it joins the queue",
    ),
    "rules.hint.holiday_lead_days": (
        "节日前几天进入队列（给买家的问候）",
        "days before a holiday its greetings join the queue",
    ),
    "rules.hint.occasion_grace_days": (
        "生日过后未处理还保留几天（节日问候过了当天即撤下）",
        "days a missed birthday stays, overdue (a holiday greeting leaves after its day)",
    ),
    "rules.hint.new_customer_care_days": (
        "首次购买后几天内未联系则提醒关怀",
        "first purchase within this many days, no contact yet",
    ),
    "rules.hint.at_risk_factor": (
        "A/B 客户沉默超过其购买中位间隔的几倍算流失预警",
        "A/B buyers silent longer than this × their median gap are at risk",
    ),
    "rules.hint.at_risk_min_orders": (
        "至少购买几次才计算购买间隔",
        "purchases needed before the gap counts",
    ),
    "rules.hint.tier_change_days": (
        "升为 A 或降级后，几天内提醒联系",
        "days a promotion to A or a drop stays in the queue",
    ),
    "rules.hint.plan_capacity": (
        "每天计划最多几条，其余排到后几天；0 不限",
        "items planned a day at most, the rest on the days after; 0: no limit",
    ),
    "rules.hint.occasion_window_days": (
        "几天内的多次购买算一次（计算购买节奏）",
        "purchases within this many days are one occasion (for the rhythm)",
    ),
    "rules.hint.lapse_gap_factor": (
        "沉默超过其购买间隔的几倍算流失；须大于流失预警倍数，0 只看流失天数",
        "silent longer than this × their gap: lapsed; above the at-risk factor, 0: days only",
    ),
    "rules.hint.clv_months": (
        "客户终身价值按未来几个月的预计购买计算",
        "lifetime value counts the purchases expected over this many months",
    ),
    "rules.hint.clv_monthly_discount_percent": (
        "越远的收入越打折：每月按这个百分比折现",
        "money further off counts for less: discounted this much a month",
    ),
    "rules.hint.model_refit_growth_percent": (
        "购买记录比上次拟合时多出这个百分比，就重新拟合",
        "refit when the book has this many percent more purchases than at the last fit",
    ),
    "rules.hint.model_refit_days": (
        "即使没有新购买，也至少每隔几天重新拟合",
        "refit at least this often, even without new purchases",
    ),
    "rules.hint.p_alive_alive_percent": (
        "还在买的可能不低于此：流失风险视角里算“很可能还在”",
        "P(alive) at or above this: “likely still buying” in the churn-risk lens",
    ),
    "rules.hint.p_alive_lost_percent": (
        "还在买的可能低于此：算“多半已流失”；两线之间为“可能在流失”",
        "P(alive) below this: “probably gone”; between the two: “may be slipping away”",
    ),
    "rules.hint.at_risk_p_alive_percent": (
        "A/B 客户还在买的可能跌破此线，就进入跟进计划的流失风险",
        "an A/B customer whose P(alive) falls below this is at risk in the plan",
    ),
    "rules.hint.win_back_days": (
        "流失的 A/B 客户每隔几天提醒挽回一次，其余转为休眠",
        "a lapsed A/B customer gets a win-back item this often; the others are dormant",
    ),
    "rules.hint.gift_lead_days": (
        "送礼节日前几天提醒给 A 客户寄礼物",
        "days before a gift holiday that A customers' gifts are due (for shipping)",
    ),
    "rules.hint.gift_holidays": (
        "用逗号或顿号分隔，如 春节、中秋节；留空不送礼",
        "separated by commas, e.g. Spring Festival, Mid-Autumn Festival; blank: no gifts",
    ),
    "rules.hint.large_purchase": (
        "导入时单笔超过此金额（元）需确认",
        "an imported purchase above this (¥) needs confirming",
    ),
    "rules.hint.cadence": (
        "多少天联系一次（跟进队列使用）",
        "days between contacts (used by the follow-up queue)",
    ),
    "rules.weight.value": ("价值", "value"),
    "rules.weight.frequency": ("频次", "frequency"),
    "rules.weight.recency": ("最近度", "recency"),
    "rules.weight.tenure": ("客龄", "tenure"),
    "rules.weight.demand": ("需求程度", "demand"),
    "rules.weight.referrals": ("推荐", "referrals"),
    # messages
    "rules.cut_order": (
        "B 线不能低于 A 线（A 线为 {a}%）",
        "the B cut must be at least the A cut ({a}%)",
    ),
    "rules.number": (
        "须为数字，如 80 或 92.5（收到 “{value}”）",
        "must be a number such as 80 or 92.5 (got “{value}”)",
    ),
    "rules.holiday_unknown": (
        "没有叫 “{value}” 的节日；可选：{names}",
        "no holiday called “{value}”; the holidays are: {names}",
    ),
    "rules.holiday_twice": ("{value} 写了两次", "{value} is listed twice"),
    "rules.lapse_after_at_risk": (
        "须为 0 或大于流失预警倍数（{at_risk}）",
        "must be 0 or more than the at-risk factor ({at_risk})",
    ),
    "rules.above": ("须大于 {low}（收到 {value}）", "must be more than {low} (got {value})"),
    "rules.below": ("须小于 {high}（收到 {value}）", "must be less than {high} (got {value})"),
    "rules.preview.unchanged": (
        "规则与当前一致。改动后会自动预览（也可按 ctrl+o）。",
        "These are the rules in use. Change a value to preview (or press ctrl+o).",
    ),
    "rules.preview.working": ("正在计算……", "Working it out…"),
    "rules.preview.invalid": (
        "先改正标红的项，才能预览或应用。",
        "Fix the fields in red to preview or apply.",
    ),
    "rules.preview.none": (
        "按这些规则，没有客户会变动层级。",
        "Under these rules, nobody would move.",
    ),
    "rules.preview.moved": (
        "按这些规则，{moved} 位客户会变动：",
        "Under these rules, {moved} {moved!p:customer|customers} would move:",
    ),
    "rules.preview.sep": ("，", ", "),
    "rules.preview.not_placed": ("无", "none"),
    "rules.preview.failed": ("预览失败：{detail}", "Preview failed: {detail}"),
    "rules.applying": ("正在应用新规则并重新分级……", "Applying the rules and re-tiering…"),
    "rules.still_applying": (
        "正在应用新规则：应用完毕，或者说明为什么没应用之后，才能离开。",
        "Applying the rules: you can leave once they are applied, or once it says why not.",
    ),
    "rules.applied": (
        "新规则已生效：{moves} 次价值层级或阶段变动，{written} 位客户的结果已更新",
        "New rules applied: {moves} value-tier or stage {moves!p:move|moves}, {written} "
        "{written!p:customer's|customers'} results updated",
    ),
    "rules.nothing_to_apply": ("规则没有改动", "The rules have not changed"),
    "rules.fix_first": (
        "有 {count} 项需要改正，规则未保存",
        "{count} {count!p:field needs|fields need} fixing; the rules were not saved",
    ),
    "rules.apply_failed": ("规则未保存：{detail}", "The rules were not saved: {detail}"),
    "rules.confirm.leave": (
        "规则有改动还没有应用。放弃这些改动吗？",
        "The rules have changes not yet applied. Discard them?",
    ),
    "rules.confirm.reset": (
        "把表单恢复为默认规则吗？按 ctrl+s 才会应用。",
        "Fill the form with the default rules? They apply only when you press ctrl+s.",
    ),
    "rules.confirm.discard": ("放弃改动", "Discard changes"),
    "rules.confirm.use_defaults": ("恢复默认", "Use the defaults"),
    "rules.reset_done": (
        "已填入默认规则，按 ctrl+s 应用",
        "Default rules filled in; ctrl+s applies",
    ),
    # keys and commands
    "rules.key.preview.help": ("看看新规则会让多少客户变动", "See who the new rules would move"),
    "rules.key.apply.help": ("保存规则并重新分级", "Save the rules and re-tier everyone"),
    "rules.key.reset": ("默认值", "Defaults"),
    "rules.key.reset.help": ("把表单恢复为默认规则", "Fill the form with the default rules"),
    "rules.key.back.help": (
        "离开规则（有改动会先询问）",
        "Leave the rules (asks first if changed)",
    ),
    "rules.cmd.preview": ("预览规则变动", "Preview the rule changes"),
    "rules.cmd.apply": ("应用分级规则", "Apply the tiering rules"),
    "rules.cmd.reset": ("恢复默认规则", "Reset the rules to the defaults"),
    "rules.cmd.back": ("离开规则", "Leave the rules"),
}
