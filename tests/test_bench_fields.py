"""bench/custom_fields.py on a small book: the fields filled for everyone, the reads timed."""

from __future__ import annotations

from pathlib import Path


def test_the_custom_fields_bench_fills_every_customer_and_times_the_reads(
    tmp_path: Path,
) -> None:
    from bench import AS_OF
    from bench.custom_fields import fill, measure_field_reads, measure_reads, measure_saves
    from bench.listing import typed_queries
    from xiaoben.store.book import Book
    from xiaoben.store.demo import write_demo

    path = tmp_path / "book.db"
    with Book.open(path, today=lambda: AS_OF) as book:
        write_demo(book, customers=60)
        fields = fill(book)
        values = book.conn.execute("SELECT count(DISTINCT customer_id) FROM field_values")
        assert values.fetchone()[0] == 60
        assert [f.label_en for f in book.fields() if f.in_list] == [
            "school",
            "shoe size",
            "skin type",
        ]

    reads = measure_reads([path, path], typed_queries(path, 8))
    field_reads = measure_field_reads(path, fields)
    saved = measure_saves([path, path], 5, fields)

    assert [set(figures) for figures in reads] == [{"search_p95_ms", "head_ms"}] * 2
    assert set(field_reads) == {"field_search_p95_ms", "choice_filter_ms", "number_filter_ms"}
    figures = [*reads[0].values(), *reads[1].values(), *field_reads.values(), *saved]
    assert all(0 < ms < 60_000 for ms in figures)
