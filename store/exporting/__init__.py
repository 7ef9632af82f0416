"""Taking the book out: its tables as the seller reads them, written as xlsx, CSV or vCard,
and a redacted copy. Reads only; the book itself is never changed here.

The names below are all this package's __init__ holds, so the command line can offer them
without loading the writers.
"""

FORMATS = ("db", "xlsx", "csv", "vcf")
TABLES = ("customers", "purchases", "contacts", "reminders")

# The customers table's own columns, in order, by the catalogue keys of their headers (the
# reasons column only when asked for); the custom fields follow under their labels. Named
# here so the importer and `fields add` know an export's headers without the writers.
CUSTOMER_HEADERS = (
    "field.code", "field.name", "field.gender", "field.birthday", "field.age_band",
    "field.province", "field.city", "field.occupation", "field.employer",
    "field.is_business", "field.revenue_band", "field.employee_band", "field.resources",
    "field.phone", "field.wechat", "field.email", "field.address",
    "field.preferred_channel", "field.source", "field.referred_by", "field.interests",
    "field.tags", "field.needs", "field.notes", "field.demand", "field.purchasing_power",
    "field.strategic", "field.target_profile", "field.manual_stage", "field.archived",
    "export.created", "lens.value_tier", "export.r", "export.f", "export.m",
    "lens.rfm_segment", "lens.rfm8", "export.stage", "lens.role", "lens.score",
    "lens.quadrant", "export.value", "export.net_revenue", "export.orders",
    "export.last_purchase",
)  # fmt: skip
REASONS_HEADER = "export.reasons"
# A redacted export's name column (every table's): what tells the importer the file is one.
REDACTED_NAME_HEADER = "export.name_redacted"

PROGRESS_EVERY = 2_000  # rows written between two tellings of an export's progress
