"""The book's schema and its forward-only migrations (sqlite-utils `Migrations`).

Each migration sets `PRAGMA user_version` to its number, inside its transaction, so
the file itself says which schema it holds. Never edit a released migration: add one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from xiaoben.models.enums import Labelled, Quadrant, Rfm8, RfmSegment, Role, Stage, ValueTier
from xiaoben.models.i18n import Lang
from xiaoben.store.driver import sqlite3

migrations = Migrations("xiaoben")

RECORDS_SQL = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    code TEXT UNIQUE,
    name TEXT NOT NULL CHECK (trim(name) <> ''),
    name_pinyin TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    gender TEXT,
    birthday TEXT,
    age_band TEXT,
    province TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    employer TEXT NOT NULL DEFAULT '',
    is_business INTEGER NOT NULL DEFAULT 0,
    revenue_band TEXT,
    employee_band TEXT,
    resources TEXT,
    phones TEXT NOT NULL DEFAULT '[]',
    wechat TEXT,
    email TEXT,
    address TEXT NOT NULL DEFAULT '',
    preferred_channel TEXT,
    source TEXT NOT NULL DEFAULT '',
    referred_by INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    interests TEXT NOT NULL DEFAULT '[]',
    tags TEXT NOT NULL DEFAULT '[]',
    needs TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    demand INTEGER CHECK (demand BETWEEN 1 AND 5),
    purchasing_power INTEGER CHECK (purchasing_power BETWEEN 1 AND 5),
    strategic INTEGER NOT NULL DEFAULT 0,
    target_profile INTEGER NOT NULL DEFAULT 0,
    manual_stage TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX customers_referred_by ON customers(referred_by);
CREATE INDEX customers_name ON customers(name);

CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    items TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 0),
    cost_cents INTEGER CHECK (cost_cents >= 0),
    refunded_cents INTEGER NOT NULL DEFAULT 0
        CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents),
    channel TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
-- Covering index: a customer's purchases, and the full re-aggregation, never touch the table.
CREATE INDEX purchases_by_customer
    ON purchases(customer_id, date, amount_cents, refunded_cents, cost_cents);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT,
    service_minutes INTEGER CHECK (service_minutes >= 0),
    service_cost_cents INTEGER CHECK (service_cost_cents >= 0),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interactions_by_customer ON interactions(customer_id, at);

CREATE TABLE reminders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    due TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    done INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX reminders_by_customer ON reminders(customer_id, due);

-- Lookup keys: normalised phone numbers and WeChat IDs, for import matching and search.
CREATE TABLE customer_keys (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (kind, key, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_keys_by_customer ON customer_keys(customer_id);

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

DERIVED_SQL = """
-- Per-customer aggregates, kept current in the same transaction as every write.
CREATE TABLE stats (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    orders INTEGER NOT NULL DEFAULT 0,
    revenue_cents INTEGER NOT NULL DEFAULT 0,
    refunded_cents INTEGER NOT NULL DEFAULT 0,
    cost_cents INTEGER NOT NULL DEFAULT 0,
    first_purchase TEXT,
    last_purchase TEXT,
    service_cost_cents INTEGER NOT NULL DEFAULT 0,
    service_minutes INTEGER NOT NULL DEFAULT 0,
    last_interaction TEXT,
    last_intent TEXT,
    referrals INTEGER NOT NULL DEFAULT 0
);

-- Every lens's result per customer, as of meta.tiers_as_of.
CREATE TABLE tiers (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    value_cents INTEGER NOT NULL,
    value_tier TEXT,
    value_rank INTEGER,
    promoted_by INTEGER NOT NULL DEFAULT 0,
    recency_days INTEGER,
    r INTEGER,
    f INTEGER,
    m INTEGER,
    rfm_segment TEXT,
    rfm8 TEXT,
    stage TEXT NOT NULL,
    is_new INTEGER NOT NULL DEFAULT 0,
    role TEXT NOT NULL,
    score REAL NOT NULL,
    quadrant TEXT,
    -- the weighted score's points per component (reasons list them)
    pts_value REAL NOT NULL DEFAULT 0,
    pts_frequency REAL NOT NULL DEFAULT 0,
    pts_recency REAL NOT NULL DEFAULT 0,
    pts_tenure REAL NOT NULL DEFAULT 0,
    pts_demand REAL NOT NULL DEFAULT 0,
    pts_purchasing_power REAL NOT NULL DEFAULT 0,
    pts_referrals REAL NOT NULL DEFAULT 0
);
CREATE INDEX tiers_value_tier ON tiers(value_tier);
CREATE INDEX tiers_stage ON tiers(stage);
CREATE INDEX tiers_score ON tiers(score);

-- How customers moved: value tier and stage changes, with the day they were judged as of.
CREATE TABLE tier_changes (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    lens TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT,
    as_of TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX tier_changes_by_customer ON tier_changes(customer_id, id);

-- Processes that have the book open for writing (to warn about a second writer).
CREATE TABLE sessions (
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (host, pid)
);
"""

STATS_FOR_ALL_SQL = """
INSERT INTO stats (customer_id) SELECT id FROM customers
WHERE id NOT IN (SELECT customer_id FROM stats)
"""


def _run_script(db: Database, script: str) -> None:
    # executescript() would COMMIT the migration's transaction; run statement by statement.
    for statement in script.split(";"):
        body = "\n".join(
            line for line in statement.splitlines() if not line.strip().startswith("--")
        ).strip()
        if body:
            db.execute(body)


@migrations(name="m001_records")
def m001_records(db: Database) -> None:
    _run_script(db, RECORDS_SQL)
    db.execute("PRAGMA user_version = 1")


@migrations(name="m002_derived")
def m002_derived(db: Database) -> None:
    """Stats, tiers and tier history; filled for the records already in the book."""
    _run_script(db, DERIVED_SQL)
    db.execute(STATS_FOR_ALL_SQL)
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
    db.execute("PRAGMA user_version = 2")


SEARCH_SQL = """
-- What a seller may type to find a customer, each key a prefix-searchable string.
CREATE TABLE search_keys (
    key TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    PRIMARY KEY (key, customer_id)
) WITHOUT ROWID;
CREATE INDEX search_keys_by_customer ON search_keys(customer_id);

-- Sort keys of the customer list, so a window of a sorted 100k-row list is an index walk.
ALTER TABLE stats ADD COLUMN net_revenue_cents INTEGER
    GENERATED ALWAYS AS (revenue_cents - refunded_cents) VIRTUAL;
CREATE INDEX stats_net_revenue ON stats(net_revenue_cents);
CREATE INDEX stats_last_purchase ON stats(last_purchase);
CREATE INDEX stats_last_interaction ON stats(last_interaction);
CREATE INDEX customers_name_pinyin ON customers(name_pinyin);
"""


@migrations(name="m003_search")
def m003_search(db: Database) -> None:
    """Search keys and list sort indexes; keys filled for the customers already there."""
    import json

    from xiaoben.store.search import search_keys

    _run_script(db, SEARCH_SQL)
    rows = db.execute(
        "SELECT id, name, phones, wechat, code, tags, notes FROM customers"
    ).fetchall()
    db.conn.executemany(
        "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
        [
            (key, customer_id)
            for customer_id, name, phones, wechat, code, tags, notes in rows
            for key in search_keys(name, json.loads(phones), wechat, code, json.loads(tags), notes)
        ],
    )
    db.execute("PRAGMA user_version = 3")


FOLLOW_UPS_SQL = """
-- What the seller did with follow-up queue items: (customer, reason, occurrence) is the item.
CREATE TABLE follow_ups (
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    occurrence INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('done', 'snoozed', 'skipped')),
    until TEXT,
    interaction_id INTEGER REFERENCES interactions(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    handled_at TEXT NOT NULL,
    PRIMARY KEY (customer_id, reason, occurrence)
) WITHOUT ROWID;

-- The queue's at-risk rule: each customer's median gap between purchase days.
ALTER TABLE stats ADD COLUMN median_gap_days REAL;

-- The queue reads the recent value-tier moves.
CREATE INDEX tier_changes_by_day ON tier_changes(lens, as_of);
CREATE INDEX reminders_open ON reminders(done, due)
"""


@migrations(name="m004_follow_ups")
def m004_follow_ups(db: Database) -> None:
    """The follow-up queue's state; median gaps filled by the rebuild that follows."""
    _run_script(db, FOLLOW_UPS_SQL)
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
    db.execute("PRAGMA user_version = 4")


OVERVIEW_SQL = """
-- The overview's passes: revenue by day (months) and by product, each an index walk.
CREATE INDEX purchases_by_date ON purchases(date, amount_cents, refunded_cents, customer_id);
CREATE INDEX purchases_by_item
    ON purchases(items, customer_id, date, amount_cents, refunded_cents)
"""


@migrations(name="m005_overview")
def m005_overview(db: Database) -> None:
    """Covering indexes for the overview's month and product figures."""
    _run_script(db, OVERVIEW_SQL)
    db.execute("PRAGMA user_version = 5")


@migrations(name="m006_occasion_gaps")
def m006_occasion_gaps(db: Database) -> None:
    """The median gap is now measured between purchase occasions (tiering.rhythm): the
    rebuild that follows measures every customer's again."""
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
    db.execute("PRAGMA user_version = 6")


def _words(column: str, lens: type[Labelled], lang: Lang) -> str:
    """SQL turning a lens's stored key into its label in `lang` (NULL stays NULL)."""
    cases = " ".join(
        f"WHEN '{member.value}' THEN '{member.label(lang).replace(chr(39), chr(39) * 2)}'"
        for member in lens
    )
    return f"CASE {column} {cases} END"


_LANG_SUFFIXES: tuple[tuple[Lang, str], ...] = (("zh", ""), ("en", "_en"))


def plain_views_sql() -> str:
    """Views with plain names, so sqlite3, sqlite-utils and Datasette show a sensible table
    without our code: each customer with their tiers in words (Chinese, and English in the
    _en columns), and each purchase with its customer's name, amounts in yuan."""
    lenses = (
        ("value_tier", ValueTier),
        ("stage", Stage),
        ("rfm_segment", RfmSegment),
        ("rfm8", Rfm8),
        ("role", Role),
        ("quadrant", Quadrant),
    )
    words = ",\n    ".join(
        f"{_words(f't.{name}', lens, lang)} AS {name}{suffix}"
        for name, lens in lenses
        for lang, suffix in _LANG_SUFFIXES
    )
    return f"""
CREATE VIEW customers_with_tiers AS
SELECT c.id, c.code, c.name, c.province, c.city, c.phones, c.wechat, c.tags,
    {words},
    t.r, t.f, t.m, t.score,
    round(coalesce(s.net_revenue_cents, 0) / 100.0, 2) AS net_revenue,
    coalesce(s.orders, 0) AS orders, s.last_purchase, c.archived
FROM customers c
LEFT JOIN tiers t ON t.customer_id = c.id
LEFT JOIN stats s ON s.customer_id = c.id;

CREATE VIEW purchases_with_names AS
SELECT p.id, p.date, c.code AS customer_code, c.name AS customer,
    round(p.amount_cents / 100.0, 2) AS amount, round(p.refunded_cents / 100.0, 2) AS refunded,
    p.items, p.quantity, p.channel, p.note
FROM purchases p JOIN customers c ON c.id = p.customer_id
"""


@migrations(name="m007_plain_views")
def m007_plain_views(db: Database) -> None:
    """Views for other tools (a change of the lenses' words later needs a migration that
    drops and makes them again)."""
    _run_script(db, plain_views_sql())
    db.execute("PRAGMA user_version = 7")


MERGES_SQL = """
-- Two records of one person merged: what an undo needs to put both back, and the
-- survivor's version right after the merge (an undo is refused once it is edited again).
CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    absorbed_id INTEGER NOT NULL,
    survivor_version INTEGER NOT NULL,
    merged_at TEXT NOT NULL,
    undo TEXT NOT NULL
);
CREATE INDEX merges_by_survivor ON merges(survivor_id);

-- Pairs the seller said are two people, never offered as possible duplicates again.
CREATE TABLE duplicate_dismissals (
    first_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    second_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
) WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_second ON duplicate_dismissals(second_id)
"""


@migrations(name="m008_merges")
def m008_merges(db: Database) -> None:
    """Merges and their undo; dismissed possible duplicates."""
    _run_script(db, MERGES_SQL)
    db.execute("PRAGMA user_version = 8")


PURCHASE_MODEL_SQL = """
-- The purchase model counts purchase days (one day's purchases are one transaction) and
-- takes spend from the days after the first.
ALTER TABLE stats ADD COLUMN purchase_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats ADD COLUMN first_day_net_cents INTEGER NOT NULL DEFAULT 0;

-- Each customer's predictions from the stored model (meta 'purchase_model'), as of a day.
CREATE TABLE predictions (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
    p_alive REAL NOT NULL,
    expected_90 REAL NOT NULL,
    spend_cents INTEGER NOT NULL,
    clv_cents INTEGER NOT NULL,
    churn_risk TEXT NOT NULL,
    at_risk_day TEXT,  -- the day P(alive) falls below the rules' at-risk cut (the plan's)
    as_of TEXT NOT NULL
);
CREATE INDEX predictions_by_risk ON predictions(churn_risk, clv_cents)
"""


@migrations(name="m009_purchase_model")
def m009_purchase_model(db: Database) -> None:
    """Purchase days and the first day's value in stats (filled by the rebuild that
    follows), and the predictions of the purchase model."""
    _run_script(db, PURCHASE_MODEL_SQL)
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
    db.execute("PRAGMA user_version = 9")


@migrations(name="m010_day_totals")
def m010_day_totals(db: Database) -> None:
    """Per-day totals by product, kept by triggers on every purchase write (the overview's
    product bars and month revenue read them instead of the purchases), filled here."""
    from xiaoben.store.day_totals import create_day_totals

    create_day_totals(db.conn)
    db.execute("PRAGMA user_version = 10")


CUSTOM_FIELDS_SQL = """
-- The seller's own fields: what each is (kind, zh and en label, options, place in the form).
-- A removed field keeps its values (removed_at set) so the removal can be undone.
CREATE TABLE custom_fields (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    label_zh TEXT NOT NULL,
    label_en TEXT NOT NULL,
    required INTEGER NOT NULL DEFAULT 0,
    options TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    in_list INTEGER NOT NULL DEFAULT 0,  -- shown as a column of the customer list
    removed_at TEXT
);

-- One row per value (per chosen option for several choices), typed: `value` is the text,
-- the ISO date, the option or the number's exact digits, and `number` holds numbers and yes/no
-- (1/0) for ranges and order. A side table, not JSON in customers: a filter is an index
-- walk, and the list and search of a book without custom fields pay nothing.
CREATE TABLE field_values (
    field_id INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    number REAL,
    PRIMARY KEY (field_id, value, customer_id)
) WITHOUT ROWID;
CREATE INDEX field_values_by_customer ON field_values(customer_id, field_id);
CREATE INDEX field_values_by_number ON field_values(field_id, number) WHERE number IS NOT NULL;

-- Search keys of text and choice values (as search_keys: prefixes of normalised text), by
-- field, so removing a field takes its keys out of search without touching the others.
CREATE TABLE field_keys (
    key TEXT NOT NULL,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    field_id INTEGER NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
    PRIMARY KEY (key, customer_id, field_id)
) WITHOUT ROWID;
CREATE INDEX field_keys_by_customer ON field_keys(customer_id, field_id);
CREATE INDEX field_keys_by_field ON field_keys(field_id)
"""


@migrations(name="m011_custom_fields")
def m011_custom_fields(db: Database) -> None:
    """Custom fields: their definitions, values and search keys (empty in an older book)."""
    _run_script(db, CUSTOM_FIELDS_SQL)
    db.execute("PRAGMA user_version = 11")


VIEWS_SQL = """
-- The seller's saved views of the customer list: a name and the list's state (filters,
-- search, sort, columns) as JSON (models/views.py SavedView), in the seller's order.
CREATE TABLE views (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    definition TEXT NOT NULL,
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A change made to many customers at once (a tag, a stage, a greeting …): what its undo
-- needs (store/bulk.py). The last few are kept, and forgetting a customer drops them.
CREATE TABLE bulk_changes (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    done_at TEXT NOT NULL,
    customers INTEGER NOT NULL,
    undo TEXT NOT NULL,
    undone_at TEXT
)
"""


@migrations(name="m012_views")
def m012_views(db: Database) -> None:
    """Saved views of the list and the undo of bulk changes."""
    _run_script(db, VIEWS_SQL)
    db.execute("PRAGMA user_version = 12")


def spellings(counts: dict[str, int]) -> dict[str, str]:
    """The one spelling of each value as found (value -> spelling): NFKC, trimmed, and of
    the values that then differ only in case, the one written most often (ties: the first
    in order), so "口红 ", "Dior" and "dior" each join the spelling the book uses most."""
    from xiaoben.models.text import one_spelling

    written: dict[str, dict[str, int]] = {}
    for value, times in counts.items():
        spelled = one_spelling(value)
        group = written.setdefault(spelled.casefold(), {})
        group[spelled] = group.get(spelled, 0) + times
    chosen = {
        folded: min(group, key=lambda spelled: (-group[spelled], spelled))
        for folded, group in written.items()
    }
    return {value: chosen[one_spelling(value).casefold()] for value in counts}


def _respell_column(db: Database, table: str, column: str) -> None:
    counts = dict(
        db.execute(f"SELECT {column}, count(*) FROM {table} WHERE {column} <> '' GROUP BY 1")
    )
    db.conn.executemany(
        f"UPDATE {table} SET {column} = ? WHERE {column} = ?",
        [(spelled, value) for value, spelled in spellings(counts).items() if spelled != value],
    )


def _respell_lists(db: Database) -> None:
    """Tags and interests: each value in its one spelling, repeats dropped; a customer whose
    tags change gets their search keys again."""
    import json

    from xiaoben.store.search import search_keys

    counts = dict(
        db.execute(
            "SELECT value, count(*) FROM (SELECT value FROM customers, json_each(customers.tags)"
            " UNION ALL SELECT value FROM customers, json_each(customers.interests)) GROUP BY 1"
        )
    )
    spelled = spellings(counts)
    changed = [value for value, spelling in spelled.items() if spelling != value]
    if not changed:
        return  # the usual case: only the customers holding a changed value are read
    rows = db.execute(
        "SELECT id, name, phones, wechat, code, tags, interests, notes FROM customers WHERE EXISTS"
        " (SELECT 1 FROM json_each(customers.tags) WHERE value IN (SELECT value FROM"
        " json_each(:changed))) OR EXISTS (SELECT 1 FROM json_each(customers.interests)"
        " WHERE value IN (SELECT value FROM json_each(:changed)))",
        {"changed": json.dumps(changed, ensure_ascii=False)},
    ).fetchall()

    def respelled(values: list[str]) -> list[str]:
        return list(dict.fromkeys(spelled[value] for value in values if spelled[value]))

    for customer_id, name, phones, wechat, code, tags_json, interests_json, notes in rows:
        tags, interests = json.loads(tags_json), json.loads(interests_json)
        new_tags, new_interests = respelled(tags), respelled(interests)
        if (new_tags, new_interests) == (tags, interests):
            continue
        db.execute(
            "UPDATE customers SET tags = ?, interests = ? WHERE id = ?",
            (json.dumps(new_tags, ensure_ascii=False),
             json.dumps(new_interests, ensure_ascii=False), customer_id),
        )  # fmt: skip
        if new_tags != tags:
            db.execute("DELETE FROM search_keys WHERE customer_id = ?", (customer_id,))
            keys = search_keys(name, json.loads(phones), wechat, code, new_tags, notes)
            db.conn.executemany(
                "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
                [(key, customer_id) for key in keys],
            )


@migrations(name="m013_one_spelling")
def m013_one_spelling(db: Database) -> None:
    """One spelling per product, region and tag (models.text.one_spelling, as every save now
    writes them): "口红 " and "口红" were two products in the overview, a buyer of both
    counted twice."""
    _respell_column(db, "purchases", "items")
    _respell_column(db, "customers", "province")
    _respell_column(db, "customers", "city")
    _respell_lists(db)
    db.execute("PRAGMA user_version = 13")


@migrations(name="m014_regions_from_addresses")
def m014_regions_from_addresses(db: Database) -> None:
    """A customer's empty province or city filled from their address (models/regions.py),
    as imports and the profile form now do, so the region filter and the overview's regions
    count them. A province or city the seller gave is never changed; running it again
    changes nothing. The regions are read live from the customers (no tier holds them)."""
    from xiaoben.models.regions import fill_region

    found = db.execute(
        "SELECT id, province, city, address FROM customers"
        " WHERE address <> '' AND (province = '' OR city = '')"
    ).fetchall()
    filled = []
    for customer_id, province, city, address in found:
        region = fill_region(province, city, address)
        if region != (province, city):
            filled.append((*region, customer_id))
    db.conn.executemany(
        "UPDATE customers SET province = ?, city = ?, version = version + 1 WHERE id = ?", filled
    )
    db.execute("PRAGMA user_version = 14")


@migrations(name="m016_packed_reads")
def m016_packed_reads(db: Database) -> None:
    """Each customer's stats, judgements and stored tiers kept as one string of integers
    (store.hex_text.hex_row) in an index (the tiers' in a column write_tiers writes):
    a fresh process reads everyone's by covering scans (and one column) that compute and
    format nothing, so the first recompute costs about what the next ones do."""
    from xiaoben.store.stats import JUDGEMENTS_INDEX
    from xiaoben.store.stats_row import STATS_INDEX
    from xiaoben.store.tierstore import COMPARED_SQL

    db.execute(STATS_INDEX)
    db.execute(JUDGEMENTS_INDEX)
    db.execute("ALTER TABLE tiers ADD COLUMN compared TEXT")
    db.execute(f"UPDATE tiers SET compared = {COMPARED_SQL}")
    db.execute("PRAGMA user_version = 16")


@migrations(name="m018_overview_kept")
def m018_overview_kept(db: Database) -> None:
    """Triggers that drop the overview `xiaoben report` keeps (store/overview_kept.py) on
    every write to what it reads; a book from before has none kept."""
    from xiaoben.store.overview_kept import triggers_sql

    for statement in triggers_sql():
        db.execute(statement)
    db.execute("PRAGMA user_version = 18")


@migrations(name="m020_overview_customers")
def m020_overview_customers(db: Database) -> None:
    """An index of the customer columns the overview reads (store/overview.py): a covering
    scan of it instead of the customers' wide rows, `xiaoben report`'s first run after a
    change."""
    from xiaoben.store.overview_reads import CUSTOMERS_INDEX

    db.execute(CUSTOMERS_INDEX)
    db.execute("PRAGMA user_version = 20")


@migrations(name="m024_imported_items_one_spelling")
def m024_imported_items_one_spelling(db: Database) -> None:
    """Products a purchases import wrote as the file had them (ＡＢＣ口红（大）, "口红 ")
    in their one spelling, as m013 did and every import now writes them: one product in the
    overview with what the app saves, and a file imported again finds its rows known."""
    _respell_column(db, "purchases", "items")
    db.execute("PRAGMA user_version = 24")


@migrations(name="m025_follow_up_steps")
def m025_follow_up_steps(db: Database) -> None:
    """Each handled queue item keeps its earlier states (a JSON list, oldest first, of
    [action, until, interaction_id, note, handled_at]): an undo goes back one step, so a
    snoozed item skipped and undone is snoozed to the same day again. An item handled
    before this has no earlier states: its undo opens it, as it did."""
    db.execute("ALTER TABLE follow_ups ADD COLUMN earlier TEXT NOT NULL DEFAULT '[]'")
    db.execute("PRAGMA user_version = 25")


@migrations(name="m026_search_folds_accents_and_nicknames")
def m026_search_folds_accents_and_nicknames(db: Database) -> None:
    """Search keys as saves now write them (store/search.py): accents folded (Zoë is found by
    zoe) and a WeChat nickname the notes keep (微信（非微信号）：🌸芳芳🌸) searched as a name.
    Only the customers whose keys change are written again, and the custom fields' keys of
    accented text; a book of plain hanzi names changes nothing."""
    import unicodedata

    from xiaoben.models.values import wechat_nicknames
    from xiaoben.store.search import normalise_query

    def accented(text: str) -> bool:
        return not text.isascii() and any(
            unicodedata.combining(char) for char in unicodedata.normalize("NFKD", text)
        )

    rows = db.execute(
        "SELECT id, name, phones, wechat, code, tags, notes FROM customers"
    ).fetchall()
    for customer_id, name, phones, wechat, code, tags, notes in rows:
        if not (accented(name + (code or "") + tags) or wechat_nicknames(notes)):
            continue
        _search_keys_again(db, customer_id, (name, phones, wechat, code, tags, notes))
    field_keys = db.execute("SELECT key, customer_id, field_id FROM field_keys").fetchall()
    for key, customer_id, field_id in field_keys:
        if accented(key):  # a key is its text as normalise_query made it: folded again
            db.execute(
                "DELETE FROM field_keys WHERE key = ? AND customer_id = ? AND field_id = ?",
                (key, customer_id, field_id),
            )
            db.execute(
                "INSERT OR IGNORE INTO field_keys (key, customer_id, field_id) VALUES (?, ?, ?)",
                (normalise_query(key), customer_id, field_id),
            )
    db.execute("PRAGMA user_version = 26")


def _search_keys_again(db: Database, customer_id: int, row: tuple | None = None) -> None:
    """A customer's search keys written again from their row (name, phones, wechat, code,
    tags, notes: read when not given)."""
    import json

    from xiaoben.store.search import search_keys

    if row is None:
        row = db.execute(
            "SELECT name, phones, wechat, code, tags, notes FROM customers WHERE id = ?",
            (customer_id,),
        ).fetchone()
    name, phones, wechat, code, tags, notes = row
    db.execute("DELETE FROM search_keys WHERE customer_id = ?", (customer_id,))
    keys = search_keys(name, json.loads(phones), wechat, code, json.loads(tags), notes)
    db.conn.executemany(
        "INSERT OR IGNORE INTO search_keys (key, customer_id) VALUES (?, ?)",
        [(key, customer_id) for key in sorted(keys)],
    )


@migrations(name="m027_codes_one_spelling")
def m027_codes_one_spelling(db: Database) -> None:
    """Customer codes in their one spelling, as every save and import now writes them
    (models.values.code_spelling): A001 with a zero-width space, or Ａ００１, is A001. A code
    whose spelling another customer's code has already, or two customers' codes share, is
    left as it was (one code is never two customers'): the book finds neither by it alone,
    and `duplicates` lists them, for the seller to merge."""
    from xiaoben.store.duplicates import unclean_codes

    for code, ids in unclean_codes(db.conn).items():
        taken = db.execute("SELECT 1 FROM customers WHERE code = ?", (code,)).fetchone()
        if len(ids) > 1 or taken:
            continue
        db.execute(
            "UPDATE customers SET code = ?, version = version + 1 WHERE id = ?", (code, ids[0])
        )
        _search_keys_again(db, ids[0])
    db.execute("PRAGMA user_version = 27")


@migrations(name="m028_follow_ups_plan_room")
def m028_follow_ups_plan_room(db: Database) -> None:
    """Whether each handled queue item took room in the plan of the day it was handled (an
    item of today's plan did; one planned for a later day, handled early because the
    customer called, did not: it must not push an untouched item of today's plan to
    tomorrow). Items handled before this are taken to have, as they were counted."""
    db.execute("ALTER TABLE follow_ups ADD COLUMN took_room INTEGER NOT NULL DEFAULT 1")
    db.execute("PRAGMA user_version = 28")


CLOSED_ORDERS_SQL = """
-- The shop orders an import removed as closed or cancelled (--on-duplicate update): a
-- closed order stays closed, so an older export naming it paid never brings it back.
-- Whose order it was: forgotten with them, moved with them in a merge (an order number
-- finds the buyer in the shop's back end).
CREATE TABLE closed_orders (
    order_number TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    closed_at TEXT NOT NULL
) WITHOUT ROWID
"""


@migrations(name="m029_closed_orders")
def m029_closed_orders(db: Database) -> None:
    """Where the book remembers the orders an import removed as closed since (none before:
    the orders an update removed before this are not known closed)."""
    _run_script(db, CLOSED_ORDERS_SQL)
    db.execute("PRAGMA user_version = 29")


# A purchase's order number, as an import writes it first in its note (purchase_writer's
# order_note: "订单号 X；the note", the catalogue's import.order_note in Chinese whatever
# the seller's language; a note saved from the app keeps that form: order_numbers.
# order_kept), or NULL: an expression the covering index (customer_id, …) holds, so the
# stats count an order's rows once without reading the table (stats._aggregates). One
# instr, no more: the index evaluates it for every purchase written (a million with order
# numbers: +0.5 s to the index build; ten replace() for other separators cost +3 s).
# Declared once, here: a released migration never changes (tests/test_order_numbers.py
# holds it equal to order_in_note).
ORDER_NUMBER_SQL = (
    "nullif(CASE WHEN substr(note, 1, 4) = '订单号 ' THEN substr(note, 5,"
    " CASE instr(note, '；') WHEN 0 THEN length(note) ELSE instr(note, '；') - 5 END) END, '')"
)
# A customer's purchases as orders, in a GROUP BY customer over purchases: the rows of one
# order number on one day once, every other row once
ORDERS_SQL = (
    f"count(*) - count({ORDER_NUMBER_SQL}) + count(DISTINCT date || ' ' || {ORDER_NUMBER_SQL})"
)


@migrations(name="m030_one_order_one_purchase")
def m030_one_order_one_purchase(db: Database) -> None:
    """An order of several items (a shop export's row an item, each a purchase of the book)
    counts as one purchase in the stats, not one an item: each purchase's order number, read
    from its note, in the covering index the stats are summed from. A book holding such an
    order has its stats and tiers worked out again when opened."""
    db.execute("DROP INDEX purchases_by_customer")
    db.execute(
        "CREATE INDEX purchases_by_customer ON purchases(customer_id, date, amount_cents,"
        f" refunded_cents, cost_cents, {ORDER_NUMBER_SQL})"
    )
    several = db.execute(
        f"SELECT 1 FROM purchases WHERE {ORDER_NUMBER_SQL} IS NOT NULL"
        f" GROUP BY customer_id, {ORDER_NUMBER_SQL} HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if several:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('needs_rebuild', '1')")
    db.execute("PRAGMA user_version = 30")


# The highest #id the book has given a customer, kept where deleting her cannot take it:
# SQLite gives a new row max(id) + 1, so the #id of the newest customer, merged away or
# forgotten, went to the next one added (a merge could not be undone, and an export made
# before it named the newcomer). Every delete of a customer raises the mark; every new
# customer's id is above it (store/customers.next_customer_id). A number, no person's data.
CUSTOMER_IDS_GIVEN = "customer_ids_given"
CUSTOMER_IDS_SQL = f"""
CREATE TRIGGER customers_ids_given AFTER DELETE ON customers
WHEN OLD.id > coalesce(
    (SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{CUSTOMER_IDS_GIVEN}'), 0)
BEGIN
    INSERT OR REPLACE INTO meta (key, value) VALUES ('{CUSTOMER_IDS_GIVEN}', OLD.id);
END
"""


@migrations(name="m031_customer_ids_never_given_twice")
def m031_customer_ids_never_given_twice(db: Database) -> None:
    """A customer's #id is never given to another: the mark starts at the highest the book
    can tell it gave (its customers, the customers its kept merges absorbed, those it
    forgot), and the trigger keeps it above every customer deleted from now on."""
    db.execute(CUSTOMER_IDS_SQL)
    forgotten = (
        "SELECT max(CAST(record.value ->> 'id' AS INTEGER)) FROM meta,"
        " json_each(meta.value) AS one, json_each(one.value, '$.records') AS record"
        " WHERE meta.key = 'forgotten' AND json_valid(meta.value)"
    )
    given = db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM customers), 0),"
        " coalesce((SELECT max(absorbed_id) FROM merges), 0),"
        f" coalesce(({forgotten}), 0))"
    ).fetchone()[0]
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (CUSTOMER_IDS_GIVEN, given)
    )
    db.execute("PRAGMA user_version = 31")


@migrations(name="m032_search_merged_lines")
def m032_search_merged_lines(db: Database) -> None:
    """Search keys as saves now write them (store/search.py): what a merge kept in the notes
    of the record it merged away (另一个姓名：芳芳, 另一个编号：F-88, 另一个手机：…) and a second
    WeChat ID there (另一个微信号：…) find the customer. Only customers whose notes hold such a
    line are written again; and those whose name, code, tags or notes hold a soft hyphen or a
    zero-width (non-)joiner, which search keys now leave out (周\u00ad九 is found by 周九)."""
    from xiaoben.models.values import (
        KEPT_INVISIBLES,
        merged_codes,
        merged_names,
        merged_phones,
        other_wechats,
    )

    unseen = " OR ".join(
        f"instr(name || coalesce(code, '') || tags || notes, char({point}))"
        for point in (0xAD, 0x200C, 0x200D)
    )
    rows = db.execute(
        "SELECT id, name, phones, wechat, code, tags, notes FROM customers"
        f" WHERE notes LIKE '%另一个%' OR notes LIKE '%another %' OR {unseen}"
    ).fetchall()
    kept = (merged_names, merged_codes, merged_phones, other_wechats)
    for customer_id, name, phones, wechat, code, tags, notes in rows:
        hidden = KEPT_INVISIBLES.search(name + (code or "") + tags + notes)
        if hidden or any(found(notes) for found in kept):
            _search_keys_again(db, customer_id, (name, phones, wechat, code, tags, notes))
    db.execute("PRAGMA user_version = 32")


@migrations(name="m033_search_noted_wechats")
def m033_search_noted_wechats(db: Database) -> None:
    """Search keys as saves now write them (store/search.py): a WeChat ID a contact's note
    gives on a line of its own (微信号：wxid_abc123, VX: fang88: models.values.noted_wechats)
    finds the customer, as a second ID does. Only customers whose notes hold such a line
    are written again."""
    from xiaoben.models.values import noted_wechats

    rows = db.execute(
        "SELECT id, name, phones, wechat, code, tags, notes FROM customers"
        " WHERE notes LIKE '%微信%' OR notes LIKE '%wx%' OR notes LIKE '%vx%'"
        " OR notes LIKE '%v信%' OR notes LIKE '%weixin%' OR notes LIKE '%wechat%'"
    ).fetchall()
    for customer_id, name, phones, wechat, code, tags, notes in rows:
        if noted_wechats(notes):
            _search_keys_again(db, customer_id, (name, phones, wechat, code, tags, notes))
    db.execute("PRAGMA user_version = 33")


MIGRATION_NAMES = [migration.name for migration in migrations._migrations]
# The number each migration records (m014 sets 14): its place in the list.
VERSIONS = [int(name[1:4]) for name in MIGRATION_NAMES]
SCHEMA_VERSION = VERSIONS[-1]

# Every index the schema declares, by name (sqlite-utils' own on its migrations table aside).
# A book missing one (another tool dropped it) fails every query that names it (INDEXED BY)
# and reads slowly where it is not named: Book.open builds it again (`missing_indexes`).
# tests/test_schema_indexes.py keeps this set equal to what the migrations make.
INDEXES = frozenset(
    {
        "customer_keys_by_customer",
        "customers_judgements",
        "customers_name",
        "customers_name_pinyin",
        "customers_overview",
        "customers_referred_by",
        "duplicate_dismissals_second",
        "field_keys_by_customer",
        "field_keys_by_field",
        "field_values_by_customer",
        "field_values_by_number",
        "interactions_by_customer",
        "merges_by_survivor",
        "predictions_by_risk",
        "purchases_by_customer",
        "purchases_by_date",
        "purchases_by_item",
        "reminders_by_customer",
        "reminders_open",
        "search_keys_by_customer",
        "stats_frame",
        "stats_last_interaction",
        "stats_last_purchase",
        "stats_net_revenue",
        "tier_changes_by_customer",
        "tier_changes_by_day",
        "tiers_score",
        "tiers_stage",
        "tiers_value_tier",
    }
)


def declared_indexes() -> dict[str, str]:
    """Each index the migrations make, by name: its SQL, read from a new book's schema made
    in memory (~0.15 s: only when a book lacks one)."""
    db = Database(sqlite3.connect(":memory:"))
    try:
        migrations.apply(db)
        found = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    finally:
        db.conn.close()
    return {name: sql for name, sql in found if name in INDEXES}


def missing_indexes(db: Database) -> list[str]:
    """The SQL of the schema's indexes the book at schema SCHEMA_VERSION lacks, in name
    order ([] for a whole one: one look at its schema)."""
    present = {
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    if INDEXES.issubset(present):
        return []
    return [sql for name, sql in sorted(declared_indexes().items()) if name not in present]
