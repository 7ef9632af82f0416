"""Synthetic books: N customers with ~10 skewed purchases each, written straight into SQLite.

Seeded and cached under bench/.cache, keyed by size, seed, schema version and this
generator's version, so a run pays each build once. Rows go in with executemany in one
transaction; stats, search keys and tiers then come from the book's own code.
"""

from __future__ import annotations

import csv
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from bench import AS_OF, SEED
from xiaoben.store.book import Book
from xiaoben.store.demo import GIVEN_FEMALE, GIVEN_MALE, MOBILE_PREFIXES, PRODUCTS, REGIONS, SOURCES
from xiaoben.store.demo import SURNAMES as SURNAME_CHARS
from xiaoben.store.driver import sqlite3
from xiaoben.store.files import create_private
from xiaoben.store.rows import name_pinyin
from xiaoben.store.schema import MIGRATION_NAMES, SCHEMA_VERSION, migrations

GENERATOR_VERSION = 1  # bump when the generated rows change: cached books are rebuilt
DAYS = 730  # purchases and contacts fall in the two years before AS_OF
PURCHASES_PER_CUSTOMER = 10
CHANNELS = (None, None, "wechat", "wechat", "wechat", "shop", "xiaohongshu", "douyin", "phone")
CHANNEL_LABELS = {"wechat": "微信", "shop": "门店", "xiaohongshu": "小红书", "douyin": "抖音"}
KINDS = ("call", "message", "visit", "gift", "greeting", "meeting", "other")
OUTCOMES = (None, None, "reached", "reached", "no_answer", "not_interested", "showed_intent")
DAY_TEXT = [(AS_OF - timedelta(days=k)).isoformat() for k in range(DAYS + 1)]
PROVINCES = list(REGIONS)


@dataclass(frozen=True)
class Synthetic:
    """A generated book as columns: customers by index (id = index + 1), purchases by row."""

    customers: int
    first_day: np.ndarray  # days before AS_OF of the first contact (1..DAYS)
    orders: np.ndarray
    referrer: np.ndarray  # customer index of the referrer, -1 for none
    # purchases, one element each
    buyer: np.ndarray  # customer index
    day: np.ndarray  # days before AS_OF
    amount_cents: np.ndarray
    refunded_cents: np.ndarray
    cost_cents: np.ndarray  # -1: no cost given
    quantity: np.ndarray
    item: np.ndarray  # index into PRODUCTS
    channel: np.ndarray  # index into CHANNELS

    @property
    def purchases(self) -> int:
        return len(self.buyer)


def generate(customers: int, seed: int = SEED) -> Synthetic:
    """Pareto-like orders and spend: most buy once or twice, a few buy hundreds of times."""
    rng = np.random.default_rng([seed, customers])
    n = customers
    first_day = rng.integers(1, DAYS + 1, n)
    is_buyer = rng.random(n) < 0.85
    weight = np.minimum(rng.pareto(1.16, n) + 0.1, 400.0)  # alpha 1.16: the 80/20 law
    buyers = int(is_buyer.sum())
    extra = max(PURCHASES_PER_CUSTOMER * n - buyers, 0)
    share = weight / max(weight[is_buyer].sum(), 1e-9) * extra
    orders = np.where(is_buyer, 1 + np.floor(share + rng.random(n)), 0).astype(np.int64)
    # Each buyer's purchases fall between their first contact and a last active day.
    last_day = (first_day * rng.random(n) ** 1.5).astype(np.int64)
    buyer = np.repeat(np.arange(n), orders)
    span = first_day[buyer] - last_day[buyer] + 1
    day = last_day[buyer] + (rng.random(len(buyer)) * span).astype(np.int64)
    ticket = np.exp(rng.normal(np.log(120.0), 0.7, n)) * (1 + np.minimum(weight, 40) / 20)
    quantity = 1 + (rng.random(len(buyer)) < 0.2) + (rng.random(len(buyer)) < 0.05)
    noise = np.exp(rng.normal(0.0, 0.4, len(buyer)))
    amount = np.maximum(np.round(ticket[buyer] * noise * quantity * 100), 100).astype(np.int64)
    refund_draw = rng.random(len(buyer))
    refunded = np.where(refund_draw < 0.02, amount, np.where(refund_draw < 0.04, amount // 2, 0))
    cost = np.where(
        rng.random(len(buyer)) < 0.3, (amount * rng.uniform(0.35, 0.6, len(buyer))), -1
    ).astype(np.int64)
    referred = (rng.random(n) < 0.08) & (np.arange(n) > 0)
    referrer = np.where(referred, (np.arange(n) * rng.random(n) ** 3).astype(np.int64), -1)
    return Synthetic(
        customers=n,
        first_day=first_day,
        orders=orders,
        referrer=referrer,
        buyer=buyer,
        day=day,
        amount_cents=amount,
        refunded_cents=refunded,
        cost_cents=cost,
        quantity=quantity.astype(np.int64),
        item=rng.integers(0, len(PRODUCTS), len(buyer)),
        channel=rng.integers(0, len(CHANNELS), len(buyer)),
    )


# ---- customers ----------------------------------------------------------------------


def _pinyin_of_chars() -> dict[str, tuple[str, str]]:
    chars = set(SURNAME_CHARS) | set(GIVEN_FEMALE) | set(GIVEN_MALE)
    return {char: name_pinyin(char) for char in chars}


def customer_names(customers: int, seed: int = SEED) -> list[tuple[str, str, str]]:
    """(name, pinyin, initials) per customer; pinyin composed per character (fast at 1M)."""
    rng = np.random.default_rng([seed, customers, 1])
    female = rng.random(customers) < 0.7
    surname = rng.integers(0, len(SURNAME_CHARS), customers)
    two = rng.random(customers) < 0.66
    given_a = rng.integers(0, 10_000, customers)
    given_b = rng.integers(0, 10_000, customers)
    pinyin = _pinyin_of_chars()
    names = []
    for k in range(customers):
        pool = GIVEN_FEMALE if female[k] else GIVEN_MALE
        chars = SURNAME_CHARS[surname[k]] + pool[given_a[k] % len(pool)]
        if two[k]:
            chars += pool[given_b[k] % len(pool)]
        full = "".join(pinyin[c][0] for c in chars)
        initials = "".join(pinyin[c][1] for c in chars)
        names.append((chars, full, initials))
    return names


def phone_of(index: int) -> str:
    """A unique, valid mainland mobile number per customer index (E.164)."""
    return f"+86{MOBILE_PREFIXES[index % len(MOBILE_PREFIXES)]}{index:08d}"


def code_of(index: int) -> str:
    return f"C{index + 1:07d}"


def _customer_rows(book: Synthetic, seed: int) -> Iterator[tuple]:
    n = book.customers
    rng = np.random.default_rng([seed, n, 2])
    names = customer_names(n, seed)
    province = rng.integers(0, len(PROVINCES), n)
    city = rng.integers(0, 100, n)
    wechat = rng.random(n) < 0.4
    source = rng.integers(0, len(SOURCES), n)
    demand = np.where(rng.random(n) < 0.3, rng.integers(1, 6, n), 0)
    power = np.where(rng.random(n) < 0.3, rng.integers(1, 6, n), 0)
    strategic = rng.random(n) < 0.01
    non_buyer = book.orders == 0
    target = non_buyer & (rng.random(n) < 0.1)
    manual = np.where(non_buyer & (rng.random(n) < 0.05), rng.integers(0, 3, n), -1)
    archived = rng.random(n) < 0.01
    birthday = rng.random(n) < 0.5
    year, month, day = rng.integers(1960, 2005, n), rng.integers(1, 13, n), rng.integers(1, 29, n)
    gender = np.where(rng.random(n) < 0.7, "female", "male")
    stages = ("potential", "target", "prospect")
    for k in range(n):
        name, full, initials = names[k]
        where = PROVINCES[province[k]]
        stamp = DAY_TEXT[book.first_day[k]] + "T09:00:00"
        yield (
            k + 1,
            code_of(k),
            name,
            full,
            initials,
            str(gender[k]),
            f"{year[k]}-{month[k]:02d}-{day[k]:02d}" if birthday[k] else None,
            where,
            REGIONS[where][city[k] % len(REGIONS[where])],
            f'["{phone_of(k)}"]',
            f"wx{k + 1:07d}" if wechat[k] else None,
            SOURCES[source[k]],
            int(book.referrer[k]) + 1 if book.referrer[k] >= 0 else None,
            int(demand[k]) or None,
            int(power[k]) or None,
            int(strategic[k]),
            int(target[k]),
            stages[manual[k]] if manual[k] >= 0 else None,
            int(archived[k]),
            stamp,
            stamp,
        )


_CUSTOMER_INSERT = """
INSERT INTO customers (id, code, name, name_pinyin, name_initials, gender, birthday, province,
    city, phones, wechat, source, referred_by, demand, purchasing_power, strategic,
    target_profile, manual_stage, archived, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def _key_rows(book: Synthetic) -> Iterator[tuple[int, str, str]]:
    for k in range(book.customers):
        yield (k + 1, "phone", phone_of(k))


# ---- purchases, contacts, reminders -------------------------------------------------


def _purchase_rows(book: Synthetic) -> Iterator[tuple]:
    days = book.day.tolist()
    columns = zip(
        (book.buyer + 1).tolist(),
        book.amount_cents.tolist(),
        book.refunded_cents.tolist(),
        book.cost_cents.tolist(),
        book.quantity.tolist(),
        book.item.tolist(),
        book.channel.tolist(),
        days,
        strict=True,
    )
    for customer_id, amount, refunded, cost, quantity, item, channel, day in columns:
        text = DAY_TEXT[day]
        yield (
            customer_id,
            text,
            amount,
            PRODUCTS[item][0],
            quantity,
            cost if cost >= 0 else None,
            refunded,
            CHANNELS[channel],
            text + "T12:00:00",
        )


_PURCHASE_INSERT = """
INSERT INTO purchases (customer_id, date, amount_cents, items, quantity, cost_cents,
    refunded_cents, channel, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def _interaction_rows(book: Synthetic, seed: int) -> Iterator[tuple]:
    n = book.customers
    rng = np.random.default_rng([seed, n, 3])
    counts = rng.poisson(0.8, n)
    who = np.repeat(np.arange(n), counts)
    day = (book.first_day[who] * rng.random(len(who))).astype(np.int64)
    kind = rng.integers(0, len(KINDS), len(who))
    outcome = rng.integers(0, len(OUTCOMES), len(who))
    minutes = np.where(rng.random(len(who)) < 0.3, rng.integers(5, 61, len(who)), -1)
    cost = np.where(rng.random(len(who)) < 0.05, rng.integers(500, 20_000, len(who)), -1)
    hour = rng.integers(9, 21, len(who))
    columns = zip(
        (who + 1).tolist(),
        day.tolist(),
        kind.tolist(),
        outcome.tolist(),
        minutes.tolist(),
        cost.tolist(),
        hour.tolist(),
        strict=True,
    )
    for customer_id, days, kind_at, outcome_at, service_minutes, service_cost, at_hour in columns:
        at = f"{DAY_TEXT[days]} {at_hour:02d}:30"
        yield (
            customer_id,
            at,
            KINDS[kind_at],
            OUTCOMES[outcome_at],
            service_minutes if service_minutes >= 0 else None,
            service_cost if service_cost >= 0 else None,
            at.replace(" ", "T") + ":00",
        )


_INTERACTION_INSERT = """
INSERT INTO interactions (customer_id, at, kind, outcome, service_minutes, service_cost_cents,
    created_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""


def _reminder_rows(book: Synthetic, seed: int) -> Iterator[tuple]:
    n = book.customers
    rng = np.random.default_rng([seed, n, 4])
    who = np.flatnonzero(rng.random(n) < 0.03)
    due = rng.integers(-10, 31, len(who))
    done = rng.random(len(who)) < 0.3
    for k, days, is_done in zip(who.tolist(), due.tolist(), done.tolist(), strict=True):
        when = (AS_OF + timedelta(days=days)).isoformat()
        yield (k + 1, when, "回访", int(is_done), DAY_TEXT[1] + "T09:00:00")


_REMINDER_INSERT = (
    "INSERT INTO reminders (customer_id, due, note, done, created_at) VALUES (?, ?, ?, ?, ?)"
)


# ---- the book on disk ---------------------------------------------------------------


def write_book(path: Path, customers: int, seed: int = SEED) -> dict[str, float]:
    """Generate and write a whole book at `path` (which must not exist); returns timings.

    The records go into a book at the first schema (whose tables never change), in one
    transaction; opening it as a Book then runs the later migrations, which back-fill
    whatever they derive (stats, search keys, …), and rebuilds stats and tiers. So a
    schema change upgrades the generated rows exactly as it upgrades a seller's book.
    """
    started = time.perf_counter()
    synthetic = generate(customers, seed)
    generated = time.perf_counter()
    create_private(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        migrations.apply(Database(conn), stop_before=MIGRATION_NAMES[1])
        conn.executemany(_CUSTOMER_INSERT, _customer_rows(synthetic, seed))
        conn.executemany(
            "INSERT INTO customer_keys (customer_id, kind, key) VALUES (?, ?, ?)",
            _key_rows(synthetic),
        )
        conn.execute(
            "INSERT INTO customer_keys (customer_id, kind, key)"
            " SELECT id, 'wechat', lower(wechat) FROM customers WHERE wechat IS NOT NULL"
        )
        conn.executemany(_PURCHASE_INSERT, _purchase_rows(synthetic))
        conn.executemany(_INTERACTION_INSERT, _interaction_rows(synthetic, seed))
        conn.executemany(_REMINDER_INSERT, _reminder_rows(synthetic, seed))
        conn.execute("COMMIT")
    finally:
        conn.close()
    written = time.perf_counter()
    book = Book.open(path, today=lambda: AS_OF)  # migrates, rebuilds stats, recomputes
    try:
        opened = time.perf_counter()
        book.conn.execute("ANALYZE")
        book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        book.close()
    return {
        "generate_s": generated - started,
        "write_s": written - generated,
        "migrate_and_tier_s": opened - written,
        "total_s": time.perf_counter() - started,
        "purchases": float(synthetic.purchases),
    }


def book_key(customers: int, seed: int = SEED) -> str:
    return f"book-n{customers}-s{seed}-v{SCHEMA_VERSION}-g{GENERATOR_VERSION}.db"


def cached_book(
    customers: int, cache: Path, seed: int = SEED
) -> tuple[Path, dict[str, float] | None]:
    """The cached book of this size (built now if missing or stale); build timings if built."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / book_key(customers, seed)
    if path.exists():
        return path, None
    for stale in cache.glob(f"book-n{customers}-s{seed}-*.db"):
        stale.unlink()  # another schema or generator version
    building = cache / f".building-{os.getpid()}-{path.name}"
    removed(building)
    timings = write_book(building, customers, seed)
    for sidecar in _sidecars(building):
        sidecar.unlink(missing_ok=True)  # empty after the checkpoint and close
    os.replace(building, path)
    return path, timings


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def removed(path: Path) -> None:
    """A book's file gone, with its WAL and shared-memory files."""
    for each in (path, *_sidecars(path)):
        each.unlink(missing_ok=True)


def working_copy(source: Path, target: Path) -> Path:
    """A private copy of a closed, checkpointed book to run a benchmark on."""
    target.parent.mkdir(parents=True, exist_ok=True)
    removed(target)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


# ---- the synthetic purchases file (import) ------------------------------------------


def write_purchases_csv(path: Path, rows: int, seed: int = SEED) -> Path:
    """A seller's purchases export of about `rows` rows, Chinese headers, keyed by code."""
    customers = max(rows // PURCHASES_PER_CUSTOMER + rows // 100, 1)  # a few too many rows
    synthetic = generate(customers, seed)
    order = np.argsort(-synthetic.day, kind="stable")[:rows]  # oldest first, as exported
    names = customer_names(synthetic.customers, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["客户编号", "姓名", "手机", "日期", "金额", "商品", "数量", "退款", "渠道"]
        )
        columns = zip(
            synthetic.buyer[order].tolist(),
            synthetic.day[order].tolist(),
            synthetic.amount_cents[order].tolist(),
            synthetic.item[order].tolist(),
            synthetic.quantity[order].tolist(),
            synthetic.refunded_cents[order].tolist(),
            synthetic.channel[order].tolist(),
            strict=True,
        )
        for k, day, amount, item, quantity, refunded, channel in columns:
            label = CHANNEL_LABELS.get(CHANNELS[channel] or "", "")
            writer.writerow(
                [
                    code_of(k),
                    names[k][0],
                    phone_of(k)[3:],
                    DAY_TEXT[day],
                    f"{amount // 100}.{amount % 100:02d}",
                    PRODUCTS[item][0],
                    quantity,
                    f"{refunded // 100}.{refunded % 100:02d}" if refunded else "",
                    label,
                ]
            )
    os.replace(temporary, path)
    return path


def cached_purchases_csv(rows: int, cache: Path, seed: int = SEED) -> Path:
    path = cache / f"purchases-r{rows}-s{seed}-g{GENERATOR_VERSION}.csv"
    if not path.exists():
        write_purchases_csv(path, rows, seed)
    return path
