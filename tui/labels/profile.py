"""Labels of the profile form, the confirmation dialog and the customer picker (zh, en)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the confirmation dialog (tui/widgets/confirm.py)
    "confirm.yes": ("是", "Yes"),
    "confirm.no": ("否", "No"),
    "confirm.switch": ("切换按钮", "Switch button"),
    # the customer picker (tui/widgets/customer_picker.py)
    "picker.title": ("选择客户", "Choose a customer"),
    "picker.likely_twin": ("← 可能是同一人", "← may be the same person"),
    "picker.placeholder": (
        "输入姓名、拼音、首字母、电话、微信或标签",
        "type a name, pinyin, initials, phone, WeChat ID or tag",
    ),
    "picker.cancel.help": ("不选择，返回", "Back without choosing"),
    "picker.down": ("下一个", "Next"),
    "picker.up": ("上一个", "Previous"),
    "picker.none": ("没有找到“{text}”", "nothing found for “{text}”"),
    "picker.itself": (
        "“{text}”找到的就是这位客户本人：请找另一位客户",
        "“{text}” finds this very customer: look for another one",
    ),
    "picker.empty_book": ("账本里还没有客户", "the book has no customers yet"),
    "picker.some": (
        "显示 {shown} 位，共 {total} 位匹配；继续输入可缩小范围",
        "showing {shown} of {total} {total!p:match|matches}; type more to narrow",
    ),
    "picker.all": ("{total} 位匹配", "{total} {total!p:match|matches}"),
    # the profile form: title, sections
    "profile.title.edit": ("编辑客户档案：{name}", "Edit profile: {name}"),
    "profile.title.loading": ("正在载入客户档案……", "Loading the profile…"),
    "profile.section.basics": ("基本信息", "Basics"),
    "profile.section.identity": ("身份特征", "Identity"),
    "profile.section.contact": ("接触特征", "Contact"),
    "profile.section.interests": ("兴趣爱好与个人标签", "Interests and tags"),
    "profile.section.needs": ("需求痛点与备注", "Needs and notes"),
    "profile.section.judgement": ("我的判断", "My judgement"),
    "profile.section.business": ("企业信息", "Business details"),
    "profile.section.custom": ("自定义字段", "Your own fields"),
    "profile.placeholder.date": ("如 2026-03-08", "e.g. 2026-03-08"),
    # the profile form: field labels, hints
    "profile.required": ("{label} *", "{label} *"),
    "profile.unset": ("未填", "not set"),
    "profile.placeholder.phones": (
        "如 13812345678，多个号码用逗号分隔",
        "e.g. 13812345678; separate several with commas",
    ),
    "profile.placeholder.birthday": ("如 1990-03-05 或 03-05", "1990-03-05, or 03-05"),
    "profile.placeholder.list": ("用逗号分隔，如 回头客, 宝妈", "separate with commas"),
    "profile.placeholder.code": ("可留空", "optional"),
    "profile.strategic": ("对我的生意有战略价值", "of strategic value to my business"),
    "profile.target_profile": ("符合我的目标客户画像", "fits my target customer profile"),
    "profile.is_business": ("这是企业客户", "this customer is a company"),
    "profile.address_region": ("地址所在地区：{region}", "the address is in {region}"),
    "profile.address_region_fill": (
        "地址所在地区：{region}（省份、城市空着时保存即填入）",
        "the address is in {region} (an empty province or city is filled on saving)",
    ),
    "profile.stage_hint": (
        "只用于尚未购买的客户；成交后阶段按购买记录判定",
        "for customers who have not bought yet; buyers' stage follows their purchases",
    ),
    "profile.stage_buyer": (
        "已有购买记录：阶段按购买自动判定",
        "has purchases: the stage follows them",
    ),
    "profile.level.1": ("1 很低", "1 very low"),
    "profile.level.2": ("2 较低", "2 low"),
    "profile.level.3": ("3 一般", "3 medium"),
    "profile.level.4": ("4 较高", "4 high"),
    "profile.level.5": ("5 很高", "5 very high"),
    "profile.referrer_pick": ("无（Enter 选择推荐人）", "none (Enter to choose)"),
    "profile.referrer_unknown": ("客户 #{id}", "customer #{id}"),
    "profile.pick_referrer": ("选择推荐人", "Choose who referred this customer"),
    # the profile form: keys and commands
    "profile.key.save.help": ("检查并保存客户档案", "Check and save the profile"),
    "profile.key.close": ("关闭", "Close"),
    "profile.key.close.help": (
        "关闭表单（有未保存的修改时先询问）",
        "Close the form (asks first if there are unsaved changes)",
    ),
    "profile.key.referrer": ("推荐人", "Referrer"),
    "profile.key.referrer.help": (
        "按姓名或拼音选择推荐人",
        "Choose the referrer by name or pinyin",
    ),
    "profile.key.clear_referrer": ("清除推荐人", "Clear referrer"),
    "profile.cmd.save": ("保存客户档案", "Save the profile"),
    "profile.cmd.close": ("关闭客户档案表单", "Close the profile form"),
    "profile.cmd.pick_referrer": ("选择推荐人", "Choose the referrer"),
    "profile.cmd.clear_referrer": ("清除推荐人", "Clear the referrer"),
    # the profile form: outcomes
    "profile.saved.new": ("已新建客户 {name}", "Added {name}"),
    # a phone or WeChat ID typed that another customer has: asked before saving
    "profile.shared.phone": ("{key} 已是 {names} 的电话", "{key} is already the phone of {names}"),
    "profile.shared.wechat": (
        "微信号 {key} 已是 {names} 的微信号",
        "WeChat ID {key} is already the WeChat ID of {names}",
    ),
    "profile.shared.more": ("{names} 等 {count} 位客户", "{names} and others ({count} in all)"),
    "profile.shared.open": ("打开 {name}", "Open {name}"),
    "profile.shared.add": ("仍然新建", "Add anyway"),
    "profile.shared.save": ("仍然保存", "Save anyway"),
    "profile.shared.back": ("返回修改", "Back to the form"),
    "profile.saved.edit": (
        "已保存 {name} 的档案 — 按 u 撤销",
        "Saved {name}'s profile — press u to undo",
    ),
    "profile.fix_first": (
        "有 {count} 处需要改正（已标在字段旁），尚未保存",
        "{count} {count!p:field needs|fields need} fixing (marked beside {count!p:it|them}); "
        "nothing was saved",
    ),
    "profile.save_waiting": (
        "正在等待账本：另一个程序正在写入，写完就保存……",
        "waiting for the book: another program is writing to it; saving once it is done…",
    ),
    # the form's customer merged into another elsewhere (another window, the CLI) before the save
    "profile.merged_away": (
        "{name} 已在别处并入 {who}：这次修改没有保存，填写的内容都留在表单里",
        "{name} was merged into {who} elsewhere: this edit was not saved; what you typed "
        "stays in the form",
    ),
    "profile.save_kept": (
        "这份档案还没有保存，填写的内容都留在表单里；稍后再按 ctrl+s 保存。",
        "The profile is not saved yet; what you typed stays in the form. Press ctrl+s again later.",
    ),
    "profile.still_saving": (
        "正在保存这份档案，请稍候：保存好了，或者说明为什么没保存之后，才能离开。",
        "Saving this profile: you can leave once it is saved, or once it says why it is not.",
    ),
    "profile.discard_question": (
        "这份档案有未保存的修改。放弃这些修改并关闭吗？",
        "This profile has unsaved changes. Discard them and close?",
    ),
    "profile.discard": ("放弃修改", "Discard"),
    "profile.reload_question": (
        "重新载入别处（另一个窗口或命令）保存的版本吗？你在这里的修改会被放弃。",
        "Reload the version saved elsewhere? Your changes here will be discarded.",
    ),
    "profile.reload": ("重新载入", "Reload"),
    "profile.reloaded": ("已载入最新版本", "Reloaded the latest version"),
    "profile.not_loaded": ("档案还在载入，请稍候", "The profile is still loading"),
    "profile.failed": ("出错了，未保存：{detail}", "Something went wrong; nothing saved: {detail}"),
}
