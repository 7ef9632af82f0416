"""What the method says to do with each group of each lens (分级管理: serve each tier differently).

Pure data keyed by (lens, group key), each line in zh and en; no I/O.
"""

from __future__ import annotations

from xiaoben.models.i18n import Lang, current_language

STRATEGY: dict[tuple[str, str], tuple[str, str]] = {
    # Value tier ABC(D): 留住 / 培育 / 改造 / 淘汰 (or cut the cost of serving).
    ("value_tier", "A"): (
        "留住：一对一专属服务，优先响应，定期回访，新品先给他们看",
        "Keep: personal service, answer them first, check in regularly, show them new "
        "products first",
    ),
    ("value_tier", "B"): (
        "培育：提高购买频次和客单价，推荐搭配与升级；战略客户重点投入",
        "Cultivate: raise how often and how much they buy with bundles and upgrades; invest "
        "in the strategic ones",
    ),
    ("value_tier", "C"): (
        "改造：标准化服务，用群发和活动激活，从中挑出有潜力的重点培养",
        "Reform: standard service, wake them with broadcasts and offers, pick out the "
        "promising ones",
    ),
    ("value_tier", "D"): (
        "降低服务成本：减少一对一投入，长期不赚钱可以淘汰",
        "Cut the cost of serving: less one-to-one time; let go of those who stay unprofitable",
    ),
    # RFM segments (R×F grid).
    ("rfm_segment", "champions"): (
        "奖励他们：专属优惠、新品抢先体验，邀请推荐新客户",
        "Reward them: special offers, early access to new products; ask for referrals",
    ),
    ("rfm_segment", "loyal"): (
        "推荐更高价位的商品，邀请评价，给会员权益",
        "Offer higher-value products, ask for reviews, give member perks",
    ),
    ("rfm_segment", "potential_loyalist"): (
        "邀请加入会员，个性化推荐，培养购买习惯",
        "Invite them to membership, recommend personally, build the buying habit",
    ),
    ("rfm_segment", "new"): (
        "做好首单售后：教使用方法，问感受，建立关系",
        "Look after the first order: show how to use it, ask how it went, build the relationship",
    ),
    ("rfm_segment", "promising"): (
        "加深印象：送小样或体验装，介绍品牌故事",
        "Make an impression: send samples or trial sizes, tell your story",
    ),
    ("rfm_segment", "need_attention"): (
        "限时优惠，按过往购买推荐，重新激活",
        "Limited-time offers matched to past purchases, to re-engage them",
    ),
    ("rfm_segment", "about_to_sleep"): (
        "分享热卖商品，用优惠唤醒，别让他们流失",
        "Share best sellers and offers to wake them before they lapse",
    ),
    ("rfm_segment", "at_risk"): (
        "挽回：发个性化消息和关怀，附上优惠",
        "Win back: personal messages and care, with an offer",
    ),
    ("rfm_segment", "cant_lose_them"): (
        "用心挽回：亲自联系，了解原因，给专属方案",
        "Win back with care: reach out yourself, ask what happened, offer something made for them",
    ),
    ("rfm_segment", "hibernating"): (
        "低成本触达：推荐相关商品，没有回应就不必多投入",
        "Reach out at low cost with relevant offers; if there is no answer, don't spend more",
    ),
    # RFM 8 classes (R F M high or low against the buyers' mean).
    ("rfm8", "important_value"): (
        "保持现状：VIP 专属服务，重点维护",
        "Keep them as they are: VIP service, look after them first",
    ),
    ("rfm8", "important_develop"): (
        "提高购买频次：定期推荐，培养复购",
        "Raise their frequency: recommend regularly, build repeat buying",
    ),
    ("rfm8", "important_keep"): (
        "把他们带回来：主动联系，了解近况",
        "Bring them back: get in touch and ask how they are",
    ),
    ("rfm8", "important_retain"): (
        "重点挽回：了解流失原因，给专属方案",
        "Win them back: find out why they left, offer something made for them",
    ),
    ("rfm8", "general_value"): (
        "提高客单价：推荐搭配与升级",
        "Raise spend per order: suggest bundles and upgrades",
    ),
    ("rfm8", "general_develop"): (
        "培养购买习惯：新品和活动提醒",
        "Build the habit: news and offers to bring them back sooner",
    ),
    ("rfm8", "general_keep"): (
        "低成本唤醒：群发活动和问候",
        "Wake them at low cost: broadcasts of offers and greetings",
    ),
    ("rfm8", "general_retain"): (
        "低成本维持，可以放弃",
        "Keep the cost low; you may let them go",
    ),
    # Lifecycle stage (the sales funnel).
    ("stage", "potential"): (
        "介绍自己和产品，让他们了解你",
        "Introduce yourself and what you sell",
    ),
    ("stage", "target"): (
        "主动接触，了解需求",
        "Reach out and learn what they need",
    ),
    ("stage", "prospect"): (
        "趁热跟进，促成交易",
        "Follow up while it is warm and close the sale",
    ),
    ("stage", "customer"): (
        "促成第二次购买：售后回访，推荐下一件",
        "Earn the second purchase: check in after the sale, suggest what comes next",
    ),
    ("stage", "loyal"): (
        "奖励忠诚：专属福利，邀请推荐",
        "Reward their loyalty: perks, and ask for referrals",
    ),
    ("stage", "lapsed"): (
        "挽回：问候并了解原因，给回归优惠",
        "Win back: say hello, ask why, offer a welcome-back deal",
    ),
    # Role (受众 / 顾客 / 粉丝).
    ("role", "fan"): (
        "感谢并让他们参与：试用新品，听取意见",
        "Thank them and involve them: trials of new products, ask their opinion",
    ),
    ("role", "customer"): (
        "邀请他们推荐朋友",
        "Invite them to refer their friends",
    ),
    ("role", "audience"): (
        "转化为顾客：了解需求，给首单优惠",
        "Convert them: learn their needs, offer a first-order deal",
    ),
    # Loyalty × value quadrant.
    ("quadrant", "keep"): (
        "留住：核心客户，重点维护",
        "Keep: your core customers, look after them first",
    ),
    ("quadrant", "win_loyalty"): (
        "争取忠诚：多接触，邀请加入会员",
        "Win their loyalty: more contact, invite them to membership",
    ),
    ("quadrant", "grow_spend"): (
        "提高消费：推荐升级和搭配",
        "Grow their spend: suggest upgrades and bundles",
    ),
    ("quadrant", "serve_low_cost"): (
        "低成本服务：群发和标准化服务",
        "Serve at low cost: broadcasts and standard service",
    ),
    # Churn risk (流失风险), by the purchase model's P(alive).
    ("churn_risk", "alive"): (
        "照常维护：按节奏联系，推荐他们常买的",
        "Keep the rhythm: contact on cadence, suggest what they usually buy",
    ),
    ("churn_risk", "fading"): (
        "趁还在时联系：先找终身价值高的，问问近况，给个回购理由",
        "Reach them while they are still there: highest lifetime value first, ask how "
        "they are, give a reason to come back",
    ),
    ("churn_risk", "lost"): (
        "少花力气：节日问候即可，只对价值高的试一次挽回",
        "Spend little: holiday greetings, one win-back try for the valuable ones only",
    ),
}


def strategy(lens: str, key: str, lang: Lang | None = None) -> str:
    """The method's advice for one group, in the seller's language ("" if none)."""
    zh, en = STRATEGY.get((lens, key), ("", ""))
    return zh if (lang or current_language()) == "zh" else en
