"""The custom fields screen and its editor (tui/screens/fields.py)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "cmd.fields": ("自定义字段", "Custom fields"),
    "cmd.fields.help": (
        "添加、改名、排序或删除您自己的客户字段（F10）",
        "Add, rename, reorder or remove your own customer fields (F10)",
    ),
    "key.fields": ("字段", "Fields"),
    "fields.loading": ("正在读取字段…", "Reading the fields…"),
    "fields.none": (
        "还没有自定义字段：按 a 添加（如 肤质、鞋码、孩子学校）",
        "No custom fields yet: press a to add one (skin type, shoe size, the kid's school …)",
    ),
    "fields.count": (
        "{count} 个字段，按表单中的顺序",
        "{count} {count!p:field|fields}, in the form's order",
    ),
    "fields.col.customers": ("有值的客户", "customers with a value"),
    "fields.key.add": ("添加", "Add"),
    "fields.key.add.help": ("添加一个自定义字段", "Add a custom field"),
    "fields.key.edit.help": (
        "改名、必填或选项（已有的值保留）",
        "Rename, required, options (values are kept)",
    ),
    "fields.key.up": ("上移", "Up"),
    "fields.key.up.help": ("在表单中上移此字段", "Move the field up the form"),
    "fields.key.down": ("下移", "Down"),
    "fields.key.down.help": ("在表单中下移此字段", "Move the field down the form"),
    "fields.key.remove": ("删除", "Remove"),
    "fields.key.remove.help": ("删除此字段（先询问，可撤销）", "Remove the field (asks; undoable)"),
    "fields.key.undo": ("撤销删除", "Undo removal"),
    "fields.key.undo.help": (
        "恢复刚删除的字段及其值",
        "Bring back the field just removed, with its values",
    ),
    "fields.key.save.help": ("保存这个字段", "Save this field"),
    "fields.editor.new": ("新的自定义字段", "New custom field"),
    "fields.editor.edit": ("编辑字段（类型不可更改）", "Edit the field (its kind stays)"),
    "fields.placeholder.options": ("用逗号分隔，如 干性, 油性, 混合", "comma-separated choices"),
    "fields.required": ("档案表单中必须填写", "the profile form must not leave it blank"),
    "fields.in_list": (
        "作为客户列表的一列显示",
        "show it as a column of the customer list",
    ),
    "fields.remove": ("删除字段", "Remove the field"),
    "fields.ask_remove": (
        "删除字段“{label}”？它将从表单、列表、搜索和导出中消失。"
        "{count} 位客户的值今天内可按 u 恢复，明天起清除。",
        "Remove field “{label}”? It leaves the form, list, search and exports. The values of"
        " {count} {count!p:customer|customers} come back with u today, and are erased from"
        " tomorrow.",
    ),
    "fields.added": ("已添加字段“{label}”", "Added field “{label}”"),
    "fields.saved": ("已保存字段“{label}”", "Saved field “{label}”"),
    "fields.removed": (
        "已删除字段“{label}”— 按 u 撤销",
        "Removed field “{label}” — press u to undo",
    ),
    "fields.restored": ("已恢复字段“{label}”", "Brought back field “{label}”"),
    "fields.failed": ("字段没有保存：{detail}", "The field was not saved: {detail}"),
}
