"""Labels of the overview screen (zh, en)."""

LABELS: dict[str, tuple[str, str]] = {
    "overview.loading": ("正在计算概览…", "Working out the overview…"),
    "overview.failed": ("读取概览失败：{detail}", "Could not read the overview: {detail}"),
    "overview.empty": (
        "还没有购买记录，概览无从画起。\n\n"
        "打开一位客户，按 p 记一笔消费；\n"
        "或在终端导入：xiaoben import purchases 购买.csv",
        "Nothing bought yet: the overview has nothing to draw.\n\n"
        "Open a customer and press p to record a purchase,\n"
        "or import them: xiaoben import purchases FILE.csv",
    ),
    # the header: periods and the period's figures
    "overview.period.30": ("近 30 天", "last 30 days"),
    "overview.period.90": ("近 90 天", "last 90 days"),
    "overview.period.365": ("近 365 天", "last 365 days"),
    "overview.chip.30": ("30 天", "30 d"),
    "overview.chip.90": ("90 天", "90 d"),
    "overview.chip.365": ("365 天", "365 d"),
    "overview.chip.all": ("全部", "all"),
    "overview.header.figures": (
        "买家 {buyers} 位 · 收入 {revenue}",
        "{buyers} {buyers!p:buyer|buyers} · {revenue}",
    ),
    "overview.header.months": ("最近 24 个月，不分时段", "the last 24 months, any period"),
    "overview.replicated": ("已复制 {when} → {url}", "replicated {when} → {url}"),
    "overview.replica_never": ("尚未", "not yet"),
    # the pages (tabs)
    "overview.tab.pareto": ("帕累托", "Pareto"),
    "overview.tab.tiers": ("金字塔", "Pyramids"),
    "overview.tab.funnel": ("漏斗", "Funnel"),
    "overview.tab.sources": ("来源", "Sources"),
    "overview.tab.months": ("变化", "Movement"),
    # what a bar belongs to, in the customer list's label
    "overview.chart.tiers": ("价值分级", "value tier"),
    "overview.chart.rfm_grid": ("R×F", "R×F"),
    "overview.chart.funnel": ("生命周期", "stage"),
    "overview.chart.regions": ("地区", "region"),
    "overview.chart.products": ("产品", "product"),
    "overview.chart.sources": ("来源", "source"),
    "overview.chart.months.revenue": ("购买", "bought"),
    "overview.chart.months.new": ("新客户", "new customers"),
    "overview.chart.months.up": ("升级", "moved up"),
    "overview.chart.months.down": ("降级", "moved down"),
    "overview.ids_label": ("概览：{chart} {bar}，{period}", "Overview: {chart} {bar}, {period}"),
    "overview.ids_label.month": ("概览：{month} {chart}", "Overview: {chart} in {month}"),
    "overview.unknown": ("未填", "blank"),
    # Pareto
    "overview.pareto.band.A": ("A 段", "band A"),
    "overview.pareto.band.B": ("B 段", "band B"),
    "overview.pareto.band.C": ("C 段", "band C"),
    "overview.pareto.headline": (
        "前 {a}% 的客户带来 {a_share}% 的收入；前 {b}% 带来 {b_share}%",
        "The top {a}% of buyers bring {a_share}% of revenue; the top {b}% bring {b_share}%",
    ),
    "overview.pareto.no_buyers": ("这段时间没有买家", "No buyers in this period"),
    "overview.pareto.x": ("买家（按消费额从高到低）", "buyers, biggest first"),
    # pyramids
    "overview.tiers.headline": (
        "{tier}：{share} 的买家，带来 {revenue_share} 的收入",
        "{tier}: {share} of buyers bring {revenue_share} of revenue",
    ),
    "overview.caption.customers": ("买家人数", "Buyers"),
    # RFM
    "overview.rfm.headline.customers": (
        "R×F 买家人数 · 行 R 5→1（最近购买），列 F 1→5（购买频次）· v 看收入",
        "R×F buyers · rows R 5→1 (recency), columns F 1→5 (frequency) · v: revenue",
    ),
    "overview.rfm.headline.revenue": (
        "R×F 收入 · 行 R 5→1（最近购买），列 F 1→5（购买频次）· v 看人数",
        "R×F revenue · rows R 5→1 (recency), columns F 1→5 (frequency) · v: buyers",
    ),
    # funnel
    "overview.funnel.headline": (
        "{period}新增的 {count} 位客户，按现在的阶段",
        "The {count} {count!p:customer|customers} added in the {period}, by their stage now",
    ),
    "overview.funnel.headline.all": (
        "全部 {count} 位客户，按现在的阶段",
        "All {count} {count!p:customer|customers}, by their stage now",
    ),
    "overview.funnel.lapsed_note": (
        "流失：曾经成交，\n久未再买",
        "Lapsed: bought once,\nnot for long since",
    ),
    # regions, products, sources
    "overview.breakdown.headline": (
        "收入最多：{name} {revenue}（{share}）",
        "Most revenue: {name} {revenue} ({share})",
    ),
    "overview.breakdown.none": ("这段时间没有收入", "No revenue in this period"),
    # movement
    "overview.months.view.revenue": ("每月收入", "Revenue per month"),
    "overview.months.view.new": (
        "每月新客户（首次购买）",
        "New customers per month (first purchase)",
    ),
    "overview.months.view.moves": (
        "每月分级变化：升级 ▲ 绿，降级 ▼ 橙，流失 红",
        "Tier moves per month: up ▲ green, down ▼ orange, lapsed red",
    ),
    "overview.months.headline": ("{view} · v 切换", "{view} · v: next view"),
    # the table and the selected bar
    "overview.col.band": ("分段", "Band"),
    "overview.col.buyers": ("买家", "Buyers"),
    "overview.col.buyer_share": ("累计买家占比", "Buyers, cum."),
    "overview.col.revenue_share_cum": ("累计收入占比", "Revenue, cum."),
    "overview.col.tier": ("价值分级", "Tier"),
    "overview.col.product": ("产品", "Product"),
    "overview.col.source": ("来源", "Source"),
    "overview.col.month": ("月份", "Month"),
    "overview.col.customer_share": ("人数占比", "Share"),
    "overview.col.revenue": ("收入", "Revenue"),
    "overview.col.revenue_share": ("收入占比", "Revenue share"),
    "overview.col.new": ("新客户", "New"),
    "overview.col.up": ("升级", "Up"),
    "overview.col.down": ("降级", "Down"),
    "overview.col.lapsed": ("流失", "Lapsed"),
    "overview.detail": (
        "{name} · {customers} 位客户 · {revenue}",
        "{name} · {customers} {customers!p:customer|customers} · {revenue}",
    ),
    "overview.detail.pareto": (
        "{name} · {buyers} 位买家 · 累计买家 {share}，累计收入 {cut}%",
        "{name} · {buyers} {buyers!p:buyer|buyers} · to {share} of buyers, {cut}% of revenue",
    ),
    "overview.detail.month": (
        "{month} · 收入 {revenue} · 新客户 {new} · 升级 {up} · 降级 {down} · 流失 {lapsed}",
        "{month} · {revenue} · new {new} · up {up} · down {down} · lapsed {lapsed}",
    ),
    "overview.detail.open": ("Enter 查看这些客户", "Enter: see them"),
    "overview.nobody": ("这一项没有客户", "Nobody behind this one"),
    # keys and commands
    "overview.key.period": ("时段", "Period"),
    "overview.key.page": ("图表", "Chart"),
    "overview.key.table": ("表格", "Table"),
    "overview.key.view": ("切换", "View"),
    "overview.key.open": ("看客户", "Customers"),
    "overview.cmd.period": (
        "1–4 切换时段：30 天、90 天、365 天、全部",
        "1–4: last 30, 90, 365 days, all",
    ),
    "overview.cmd.period.30": ("概览：近 30 天", "Overview: last 30 days"),
    "overview.cmd.period.90": ("概览：近 90 天", "Overview: last 90 days"),
    "overview.cmd.period.365": ("概览：近 365 天", "Overview: last 365 days"),
    "overview.cmd.period.all": ("概览：全部时间", "Overview: all time"),
    "overview.cmd.next_page": ("下一张图表", "Next chart"),
    "overview.cmd.previous_page": ("上一张图表", "Previous chart"),
    "overview.cmd.table": ("图表/表格切换", "Show the chart's numbers as a table, or the chart"),
    "overview.cmd.view": (
        "切换所看的数（人数/收入，或哪种变化）",
        "Switch what the chart measures",
    ),
    "overview.cmd.open": ("查看选中项背后的客户", "See the customers behind the selected bar"),
    "overview.cmd.page.pareto": ("概览：帕累托曲线", "Overview: Pareto curve"),
    "overview.cmd.page.tiers": ("概览：价值金字塔", "Overview: value pyramids"),
    "overview.cmd.page.rfm": ("概览：R×F 热力图", "Overview: R×F heat map"),
    "overview.cmd.page.funnel": ("概览：生命周期漏斗", "Overview: lifecycle funnel"),
    "overview.cmd.page.regions": ("概览：地区分布", "Overview: by region"),
    "overview.cmd.page.products": ("概览：产品分布", "Overview: by product"),
    "overview.cmd.page.sources": ("概览：来源分布", "Overview: by source"),
    "overview.cmd.page.months": ("概览：每月变化", "Overview: month by month"),
}
