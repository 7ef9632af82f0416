"""A customer a purchases import made from a row with no name is named by its key (her
phone 13800138000, her shop account taobao_wang); a later customers row of that key and a
real name (王芳) is hers, gives her the name, and says so. Before, the row was held back as
naming another person than the key's customer, and she stayed "13800138000"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import table_of, write_csv


@pytest.mark.parametrize(
    ("purchases", "customers", "was"),
    [
        (
            ["电话,日期,金额", "13800138000,2026-11-01,100"],
            ["姓名,电话", "王芳,13800138000"],
            "13800138000",
        ),
        (
            ["买家账号,日期,金额", "taobao_wang,2026-11-01,100"],
            ["姓名,买家账号,电话", "王芳,taobao_wang,13800138000"],
            "taobao_wang",
        ),
    ],
)
def test_a_customer_named_by_her_key_is_named_by_a_customers_row_of_it(
    run: Callable[..., Result],
    book_path: Path,
    tmp_path: Path,
    purchases: list[str],
    customers: list[str],
    was: str,
) -> None:
    made = run("import", "purchases", write_csv(tmp_path / "p.csv", purchases), "--create-missing")
    assert made.exit_code == 0, made.output + made.stderr
    assert table_of(book_path, "SELECT name FROM customers") == [(was,)]
    sheet = write_csv(tmp_path / "c.csv", customers)

    result = run("--lang", "en", "import", "customers", sheet)
    zh = run("--lang", "zh", "import", "customers", sheet)

    assert result.exit_code == 0, result.output + result.stderr
    assert "(0 customers created, 1 updated;" in result.stdout
    assert (
        f"line 2: {was} (#1) was named by their phone, shop account or WeChat ID; now named “王芳”"
        in (result.stdout)
    )
    held = "SELECT name, name_pinyin, phones FROM customers"
    assert table_of(book_path, held) == [("王芳", "wangfang", '["+8613800138000"]')]
    assert "nothing to change" in zh.stdout or "没有需要改动" in zh.stdout


def test_a_customer_with_a_real_name_is_not_renamed_by_her_phone(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """Only a name that is her key is a placeholder: 王芳 by her phone is still held back
    for a row of another name (a typo, or a second name of hers), as before."""
    run("import", "customers", write_csv(tmp_path / "a.csv", ["姓名,电话", "王芳,13800138000"]))

    result = run(
        "--lang", "en", "import", "customers",
        write_csv(tmp_path / "b.csv", ["姓名,电话", "李娜,13800138000"]),
    )  # fmt: skip

    assert result.exit_code == 3, result.output
    assert "13800138000 belongs to 王芳 (#1) but this row names “李娜”" in result.stdout
    assert table_of(book_path, "SELECT name FROM customers") == [("王芳",)]


def test_an_account_given_under_two_names_names_nobody(
    run: Callable[..., Result], book_path: Path, tmp_path: Path
) -> None:
    """A shop export lists one account's receivers (王妈妈 first, then the buyer 王小): the
    customer named by the account is not renamed by whichever row comes first, nor given its
    phone and city; both rows are held back for review (a reviewer's: she became 王妈妈)."""
    orders = write_csv(tmp_path / "p.csv", ["买家账号,日期,金额", "tb_xiaowang88,2026-11-01,100"])
    assert run("import", "purchases", orders, "--create-missing").exit_code == 0
    sheet = write_csv(
        tmp_path / "c.csv",
        [
            "姓名,买家账号,电话,城市",
            "王妈妈,tb_xiaowang88,13800138099,宁波",
            "王小,tb_xiaowang88,13800138011,杭州",
        ],
    )

    result = run("--lang", "en", "import", "customers", sheet)

    assert result.exit_code == 3, result.output + result.stderr
    held = "SELECT name, phones, city FROM customers"
    assert table_of(book_path, held) == [("tb_xiaowang88", "[]", "")]
