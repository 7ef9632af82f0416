"""The CDNOW purchases as a CSV the importer reads: customer,date,amount,quantity.

Source: CDNOW_master.txt, the purchases of the 23,570 customers who first bought at the CD
retailer CDNOW in Q1 1997 (Fader & Hardie), as distributed with the MIT-licensed `lifetimes`
package (lifetimes/datasets/); see /work/shared/data/README.md. Its lines are whitespace
separated: id, date (YYYYMMDD), CDs, dollars. The 1/10 sample CDNOW_sample.txt has a sample id
after the id (master id, sample id, date, CDs, dollars); both layouts are read, by field count.
Ids keep their leading zeros (00001), so they import as text, never as numbers.
"""

from __future__ import annotations

import csv
import gzip
from decimal import Decimal
from pathlib import Path


def cdnow_to_csv(src: Path, dst: Path) -> int:
    """Convert `src` (plain or .gz) to a UTF-8 CSV at `dst`; returns the number of purchase rows."""
    opener = gzip.open if src.suffix == ".gz" else open
    rows = 0
    with (
        opener(src, "rt", encoding="utf-8") as lines,
        dst.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(["customer", "date", "amount", "quantity"])
        for number, line in enumerate(lines, 1):
            parts = line.split()
            if len(parts) == 5:  # the sample: master id, sample id, date, CDs, dollars
                parts = [parts[0], *parts[2:]]
            if not parts or not parts[1].isdigit():
                continue  # blank lines, the master file's header line
            if len(parts) != 4:
                raise ValueError(f"{src}:{number}: expected 4 or 5 fields, got {line.strip()!r}")
            customer, day, quantity, dollars = parts
            day_text = f"{day[:4]}-{day[4:6]}-{day[6:]}"
            writer.writerow([customer, day_text, f"{Decimal(dollars):.2f}", quantity])
            rows += 1
    return rows
