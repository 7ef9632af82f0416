"""Taking the book out: its tables as the seller reads them, written as xlsx, CSV or vCard,
and a redacted copy. Reads only; the book itself is never changed here.

The names below are all this package's __init__ holds, so the command line can offer them
without loading the writers.
"""

FORMATS = ("db", "xlsx", "csv", "vcf")
TABLES = ("customers", "purchases", "contacts", "reminders")
