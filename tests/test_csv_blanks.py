"""The CSV reader's look for padded cells (csv_table._Lines): its list of blanks is every
character Unicode calls a space but the line breaks, and a block is found padded exactly
when a regular expression's blank other than a line break or the delimiter is in it."""

from __future__ import annotations

import io
import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from xiaoben.store.importing.csv_table import BLANKS, _Lines


def test_the_blanks_are_every_unicode_space_but_the_line_breaks() -> None:
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert spaces.replace("\r", "").replace("\n", "") == BLANKS


@given(
    text=st.text(alphabet=st.sampled_from([*BLANKS, "\r", "\n", ",", "\t", "a", "张", '"'])),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_a_block_is_padded_exactly_when_a_blank_but_the_delimiter_is_in_it(
    text: str, delimiter: str
) -> None:
    lines = _Lines(io.StringIO(text), delimiter)
    read = "".join(lines)
    assert read == text
    expected = re.search(rf"[^\S\r\n{re.escape(delimiter)}]", text) is not None
    assert lines.padded == expected
