"""A name cell with the seller's words after the name (陈静 座机, 张小燕 VIP, 周杰 微信zj_888):
the name is the name, the words go to the notes (a WeChat ID written so is the WeChat ID),
never glued onto the name (陈静座机); the space between single hanzi of a name (王 芳) is
still dropped. No character of a name cell is lost. (The day-one tester's finding 10.)"""

from __future__ import annotations

import string
import tempfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.book_helpers import table_of, write_csv
from xiaoben.store.importing.csv_table import read_table
from xiaoben.store.importing.customer_rows import parse_customers

NAMES = [
    "姓名,电话,备注",
    "陈静 座机,0571-88886666,",
    "周杰 微信zj_888,,",
    "张小燕 VIP,13600136000,",
    "王 芳,13800138000,老客",
    "欧阳 娜娜,13900139001,",
    "王 小 明,13700137000,",
    "Wang Fang,13500135000,",
    "张小燕 妈妈,13300133000,",  # her mother: another person, the cell whole
    "李娜 朋友介绍,13200132000,",  # how she came: a remark of hers (朋友 not alone)
]


def test_the_words_after_a_name_go_to_the_notes_and_a_wechat_id_to_the_wechat(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "names.csv", NAMES)

    result = run("--lang", "zh", "import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, wechat, notes FROM customers ORDER BY id") == [
        ("陈静", None, "姓名栏里的备注：座机"),
        ("周杰", "zj_888", ""),
        ("张小燕", None, "姓名栏里的备注：VIP"),
        ("王芳", None, "老客"),
        ("欧阳娜娜", None, ""),
        ("王小明", None, ""),
        ("Wang Fang", None, ""),
        ("张小燕妈妈", None, ""),
        ("李娜", None, "姓名栏里的备注：朋友介绍"),
    ]
    assert (
        "4 行的姓名栏在名字后还写了别的（如第 2 行的 “陈静 座机”）：姓名只取名字，其余记入备注"
        "（写明的微信号记为微信）" in result.output
    )
    again = run("--lang", "en", "import", "customers", str(sheet))
    assert "nothing to change: all 9 rows match" in again.output
    assert "words after the name" not in again.output


def test_said_in_english(run: Callable[..., Result], tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "names.csv", NAMES[:2])

    result = run("--lang", "en", "import", "customers", str(sheet))

    assert (
        "the name cell of 1 row had words after the name (line 2: “陈静 座机”): the name is the "
        "name alone, the words kept in the notes (a WeChat ID written so is the WeChat ID)"
        in result.output
    )


def test_a_wechat_remark_beside_a_wechat_column_is_kept_in_the_notes(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    sheet = write_csv(tmp_path / "names.csv", ["姓名,微信", "周杰 微信zj_888,zhoujie_1"])

    result = run("import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name, wechat, notes FROM customers") == [
        ("周杰", "zhoujie_1", "姓名栏里的备注：微信zj_888")
    ]


def test_a_book_holding_the_glued_name_keeps_her(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A customer an earlier version named 陈静座机 is found by the same cell, not made
    again beside her (nor held back as another name of her phone)."""
    before = write_csv(tmp_path / "before.csv", ["姓名,电话", "陈静座机,0571-88886666"])
    assert run("import", "customers", str(before)).exit_code == 0
    sheet = write_csv(tmp_path / "names.csv", NAMES[:2])

    result = run("import", "customers", str(sheet))

    assert result.exit_code == 0, result.output
    assert table_of(book_path, "SELECT name FROM customers") == [("陈静座机",)]


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_name = st.text(_HAN, min_size=1, max_size=4)
_word = st.one_of(
    st.text(
        st.one_of(_HAN, st.sampled_from(string.ascii_letters + string.digits + "_（）()/-：:")),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["微信", "妈妈", "VIP", "微信zj_888", "VX:zj_888", "座机"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_name,
    words=st.lists(_word, min_size=0, max_size=3),
    gap=st.sampled_from([" ", "　", "  "]),
)
def test_a_name_cell_loses_no_character(name: str, words: list[str], gap: str) -> None:
    """Whatever follows a name in its cell, the name and the notes keep every character of
    the cell but its spaces (a labelled WeChat ID: the ID, the label 微信 aside)."""
    cell = gap.join([name, *words])
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "c.csv", ["姓名", cell])
        rows, errors = parse_customers(read_table(path))
    if errors or not rows:  # refused (a placeholder: 无), or a total row (共计): not a name
        return
    [row] = rows
    customer = row.customer
    kept = customer.name + customer.notes
    if customer.wechat:  # a labelled WeChat ID (微信zj_888, VX:zj_888): the ID and its label
        kept += customer.wechat + "微信号VXvxWXwxWeChatwechat:："
    for character in cell.replace(gap, "").replace(" ", "").replace("　", ""):
        assert character in kept, (cell, customer.name, customer.notes, customer.wechat)
