"""--header-row names a header over two rows by either of them: the app says such a header
is "in row 2" (its lower row), and a seller who then names row 2 gets the header it read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.test_import_address_parts import ADDRESS, address_workbook, places


@pytest.mark.parametrize("merged_down", [True, False])
@pytest.mark.parametrize("title", [False, True])
def test_the_lower_row_of_a_two_row_header_named_as_the_header_reads_both(
    run: Callable[..., Result], book_path: Path, tmp_path: Path, merged_down: bool, title: bool
) -> None:
    sheet = address_workbook(tmp_path / "客户.xlsx", merged_down=merged_down, title=title)
    found = run("--lang", "en", "import", "customers", "--dry-run", sheet)
    said = found.stderr.split("header in row ")[1].split()[0]  # as the app reads it

    result = run("--lang", "en", "import", "customers", "--header-row", said, sheet)

    assert result.exit_code == 0, result.output
    assert f"header in row {said}" in result.stderr
    assert places(book_path)[0] == ("王芳", ADDRESS, "浙江", "杭州")
