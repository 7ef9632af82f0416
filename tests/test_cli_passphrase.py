"""`xiaoben passphrase set|change|remove`, and every command on an encrypted book: the
passphrase from XIAOBEN_PASSPHRASE (scripts) or a masked prompt; wrong or missing, a
message naming the file and nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.book_helpers import fixed_clock, write_csv
from xiaoben.models.i18n import Lang
from xiaoben.store import cipher
from xiaoben.store.book import Book

PASSPHRASE = "芝麻开门"
Run = Callable[..., Result]


@pytest.fixture
def locked(shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small shop encrypted through the command, XIAOBEN_PASSPHRASE set for the test."""
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    done = run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE})
    assert done.exit_code == 0, done.output
    assert "encrypted" in done.output
    assert cipher.is_encrypted(shop_path)
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", PASSPHRASE)
    return shop_path


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


COMMANDS = [
    ("tiers",),
    ("tiers", "--json", "--lens", "value"),
    ("recompute",),
    ("report", "--json"),
    ("queue",),
    ("queue", "--json", "--all"),
    ("duplicates",),
    ("backup",),
    ("backups",),
    ("merge", "C003", "C002", "--yes"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_works_on_an_encrypted_book(locked: Path, run: Run, command: tuple) -> None:
    ok(run(*command))


def test_export_import_restore_and_unmerge_on_an_encrypted_book(
    locked: Path, run: Run, tmp_path: Path
) -> None:
    ok(run("export", tmp_path / "copy.db"))
    assert cipher.is_encrypted(tmp_path / "copy.db")
    refused = run("export", tmp_path / "sheet.xlsx")
    assert refused.exit_code == 1 and "--decrypt" in refused.output
    written = ok(run("export", tmp_path / "sheet.xlsx", "--decrypt"))
    assert "not encrypted" in written
    csv = write_csv(tmp_path / "new.csv", ["name,phone", "新客户,13911112222"])
    ok(run("import", "customers", csv))
    ok(run("restore", "1", "--yes"))
    merged = ok(run("merge", "C003", "C002", "--yes"))
    token = merged.split("unmerge ")[-1].split()[0].strip("`'\".,)")
    ok(run("unmerge", token))


def test_the_model_reads_an_encrypted_book(locked: Path, run: Run) -> None:
    refused = run("model")  # three customers: the model says it has too little, as on a plain book
    assert refused.exit_code == 1 and "not enough data" in refused.output


def test_without_the_passphrase_the_command_names_the_file(
    locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE")
    before = locked.read_bytes()
    refused = run("tiers")
    assert refused.exit_code == 1
    assert str(locked) in refused.output and "encrypted" in refused.output
    assert locked.read_bytes() == before


def test_a_wrong_passphrase_says_so_and_changes_nothing(
    locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", "wrong")
    before = locked.read_bytes()
    refused = run("recompute")
    assert refused.exit_code == 1
    assert f"the passphrase does not open {locked}" in refused.output
    assert locked.read_bytes() == before


def test_the_prompt_asks_again_after_a_wrong_passphrase(
    locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE")
    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)
    done = run("tiers", input=f"wrong\n{PASSPHRASE}\n")
    output = ok(done)
    assert "Passphrase of" in output and "does not open" in output
    assert "王芳" in output
    assert PASSPHRASE not in output  # masked: never echoed


def test_three_wrong_passphrases_at_the_prompt_give_up(
    locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE")
    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)
    refused = run("tiers", input="a\nb\nc\n")
    assert refused.exit_code == 1
    assert refused.output.count("does not open") == 3


def test_set_asks_the_new_passphrase_twice(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)
    ok(run("passphrase", "set", input=f"{PASSPHRASE}\n{PASSPHRASE}\n"))
    assert cipher.is_encrypted(shop_path)
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", PASSPHRASE)
    assert "王芳" in ok(run("tiers"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_or_unmatched_new_passphrase_is_asked_again_with_the_reason(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)

    typed = f"\n{PASSPHRASE}\nother\n{PASSPHRASE}\n{PASSPHRASE}\n"
    output = ok(run("--lang", lang, "passphrase", "set", input=typed, db=None, env=_db(shop_path)))

    empty = {"zh": "口令不能为空", "en": "the passphrase cannot be empty"}
    differ = {"zh": "两次输入的口令不一样", "en": "the two passphrases typed differ"}
    assert output.count(empty[lang]) == 1 and output.count(differ[lang]) == 1
    assert "do not match" not in output
    assert cipher.is_encrypted(shop_path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_passphrase_of_only_spaces_is_refused_with_the_rule(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    blank = {"zh": "口令不能只有空格", "en": "the passphrase cannot be only spaces"}

    given = run("--lang", lang, "passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": "   "})
    assert given.exit_code == 1 and blank[lang] in given.output
    assert not cipher.is_encrypted(shop_path)

    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)
    typed = f"\u3000\u3000\n{PASSPHRASE}\n{PASSPHRASE}\n"
    output = ok(run("--lang", lang, "passphrase", "set", input=typed))
    assert output.count(blank[lang]) == 1
    assert cipher.is_encrypted(shop_path)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ctrl_c_at_the_prompt_is_said_in_the_sellers_language(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, lang: Lang
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    monkeypatch.setattr("xiaoben.models.i18n._current", lang)
    monkeypatch.setattr("xiaoben.cli.shared.can_prompt", lambda: True)

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("click.termui.visible_prompt_func", interrupted)
    monkeypatch.setattr("click.termui.hidden_prompt_func", interrupted)
    done = run("--lang", lang, "passphrase", "set", db=None, env=_db(shop_path))

    assert done.exit_code == 1
    assert "Aborted!" not in done.output
    assert {"zh": "错误：已取消", "en": "Error: aborted"}[lang] in done.output
    assert not cipher.is_encrypted(shop_path)


def _db(path: Path) -> dict[str, str]:
    return {"XIAOBEN_DB": str(path)}


def test_change_then_remove(locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    ok(run("passphrase", "change", env={"XIAOBEN_NEW_PASSPHRASE": "second"}))
    assert run("tiers").exit_code == 1
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", "second")
    removed = ok(run("passphrase", "remove"))
    assert "decrypted" in removed
    assert not cipher.is_encrypted(locked)
    monkeypatch.delenv("XIAOBEN_PASSPHRASE")
    assert "王芳" in ok(run("tiers"))


def test_set_on_an_encrypted_book_and_remove_on_a_plain_one_are_refused(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    refused = run("passphrase", "remove")
    assert refused.exit_code == 1 and "is not encrypted" in refused.output
    ok(run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))
    again = run("passphrase", "set", env={"XIAOBEN_PASSPHRASE": PASSPHRASE})
    assert again.exit_code == 1 and "already encrypted" in again.output


def test_set_without_a_terminal_or_the_variable_says_how(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_NEW_PASSPHRASE", raising=False)
    refused = run("passphrase", "set")
    assert refused.exit_code == 1 and "XIAOBEN_NEW_PASSPHRASE" in refused.output
    assert not cipher.is_encrypted(shop_path)


def test_a_file_that_is_no_book_is_named(tmp_path: Path, run: Run) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("name,phone\n王芳,13812345678\n", encoding="utf-8")
    refused = run("tiers", db=notes)
    assert refused.exit_code == 1
    assert f"{notes} is not a xiaoben book" in refused.output


def test_replication_of_an_encrypted_book_is_refused_with_the_reason(
    locked: Path, run: Run, tmp_path: Path
) -> None:
    refused = run("replicate", "--to", tmp_path / "replica", "--once")
    assert refused.exit_code == 1
    assert "Litestream cannot read an encrypted book" in refused.output


def test_backups_of_an_encrypted_book_are_listed_with_their_counts(
    locked: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("backup"))
    listed = ok(run("backups"))
    assert "3 customers" in listed and "5 purchases" in listed
    ok(run("passphrase", "change", env={"XIAOBEN_NEW_PASSPHRASE": "second"}))
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", "second")
    ok(run("backup"))
    listed = ok(run("backups")).splitlines()
    assert "3 customers" in listed[1]  # the newest, under the new passphrase
    assert "encrypted with another passphrase" in listed[2]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_sqlcipher_is_warned_of_in_one_line_once_a_process(locked: Path, lang: Lang) -> None:
    """SQLCipher's own SQLite, when older than the WAL-reset fix: one catalogue line in
    the seller's language (no source path, no code line), however many connections."""
    import subprocess
    import sys

    from tests.book_helpers import REPO, python_env
    from xiaoben.models.i18n import t
    from xiaoben.store.driver import CURRENT_SQLITE

    driver = cipher.sqlcipher()
    assert driver is not None
    env = {**python_env(), "XIAOBEN_PASSPHRASE": PASSPHRASE}
    command = [sys.executable, "-m", "xiaoben.cli", "--db", str(locked), "--lang", lang]
    for args in (["backup"], ["queue"], ["backups"]):
        done = subprocess.run(
            [*command, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert ".py:" not in done.stderr and "Warning" not in done.stderr
        expected = t(
            "store.old_sqlcipher",
            lang,
            version=driver.sqlite_version,
            fixed=".".join(map(str, CURRENT_SQLITE)),
        )
        if driver.sqlite_version_info < CURRENT_SQLITE:
            assert done.stderr.splitlines().count(expected) == 1, done.stderr
        else:
            assert expected not in done.stderr


def _near_lists(book: Path) -> list[Path]:
    """Near-match lists an import kept beside the book (in either language), and the seller's
    own files and another book's list, which are none of this book's."""
    lists = [
        book.parent / f"{book.stem}-相近客户-20261101-090000-000001.txt",
        book.parent / f"{book.stem}-near-matches-20261102-090000-000001.txt",
    ]
    for path in [*lists, *_not_ours(book)]:
        path.write_text("第 2 行：新客户“王芳”（+8613800138000）…\n", encoding="utf-8")
    return lists


def _not_ours(book: Path) -> list[Path]:
    return [
        book.parent / f"{book.stem}-相近客户-notes.txt",
        book.parent / "other-near-matches-20261101-090000-000001.txt",
    ]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "已删除 {folder} 里 2 份导入时留下的相近客户名单（明文的姓名和电话）"),
        ("en", "removed 2 near-match lists an import kept in {folder} (names and phones in clear"),
    ],
    ids=["zh", "en"],
)
def test_set_removes_the_near_match_lists_beside_the_book(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    lists = _near_lists(shop_path)

    done = ok(run("--lang", lang, "passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))

    assert not any(path.exists() for path in lists)
    assert all(path.exists() for path in _not_ours(shop_path))
    assert said.format(folder=shop_path.parent) in done


def test_change_removes_lists_left_from_before(locked: Path, run: Run) -> None:
    lists = _near_lists(locked)  # kept by a version that did not remove them

    done = ok(run("passphrase", "change", env={"XIAOBEN_NEW_PASSPHRASE": "second"}))

    assert not any(path.exists() for path in lists)
    assert f"removed 2 near-match lists an import kept in {locked.parent}" in done


def test_a_list_that_cannot_be_removed_is_named(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    stuck, gone = _near_lists(shop_path)
    unlink = Path.unlink

    def refuse(path: Path, missing_ok: bool = False) -> None:
        if path == stuck:
            raise PermissionError(13, "Permission denied")
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)

    done = ok(run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))

    assert stuck.exists() and not gone.exists()
    assert (
        f"note: 1 near-match list in {shop_path.parent} (names and phones in clear text) could"
        f" not be removed (Permission denied): {stuck.name}; delete it yourself" in done
    )


def _replicated(book_path: Path, url: str) -> Path:
    """The book as `replicate --to url` leaves it: the replica named, and Litestream's
    folder beside the book with a page in clear text. Returns that folder."""
    with Book.open(book_path, today=fixed_clock) as book:
        book.set_replica(url)
    pages = book_path.parent / f".{book_path.name}-litestream" / "ltx" / "0"
    pages.mkdir(parents=True)
    (pages / "0000000000000001-0000000000000001.ltx").write_text("王芳 13812345678 wangfang_88")
    return pages.parent.parent


def test_set_stops_replication_and_says_what_the_replica_still_holds(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    replica = tmp_path / "usb-replica"
    litestream_folder = _replicated(shop_path, replica.as_uri())

    done = ok(run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))

    assert not litestream_folder.exists()
    assert f"removed {litestream_folder}, the folder Litestream kept beside the book" in done
    assert f"replication to {replica.as_uri()} has stopped" in done
    assert f"still holds the book unencrypted: delete {replica} if" in done
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", PASSPHRASE)
    again = run("replicate", "--once").output  # forgotten: the reason, not "name one"
    assert "Litestream cannot read an encrypted book" in again


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_remote_replica_is_named_by_its_address(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    _replicated(shop_path, "s3://shop-bucket/xiaoben")

    done = ok(run("--lang", lang, "passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))

    assert done.count("s3://shop-bucket/xiaoben") == 2  # stopped; delete it there


def test_change_stops_what_a_book_encrypted_before_still_replicates(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    ok(run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))
    monkeypatch.setenv("XIAOBEN_PASSPHRASE", PASSPHRASE)
    with Book.open(shop_path, today=fixed_clock, passphrase=PASSPHRASE) as book:
        book.set_replica((tmp_path / "replica").as_uri())  # as a version before this one kept it
    litestream_folder = shop_path.parent / f".{shop_path.name}-litestream"
    litestream_folder.mkdir()

    done = ok(run("passphrase", "change", env={"XIAOBEN_NEW_PASSPHRASE": "second"}))

    assert not litestream_folder.exists()
    assert "has stopped" in done


def test_a_litestream_folder_that_cannot_be_removed_is_named(
    shop_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil

    monkeypatch.delenv("XIAOBEN_PASSPHRASE", raising=False)
    litestream_folder = _replicated(shop_path, (tmp_path / "replica").as_uri())

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shutil, "rmtree", refuse)

    done = ok(run("passphrase", "set", env={"XIAOBEN_NEW_PASSPHRASE": PASSPHRASE}))

    assert litestream_folder.exists()
    assert (
        f"note: {litestream_folder}, the folder Litestream kept beside the book (the book's"
        " pages in clear text), could not be removed (Permission denied); delete it yourself"
    ) in done
