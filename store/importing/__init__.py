"""Reading a seller's file for import: bytes -> text -> a table -> our fields -> checked rows.

decoding (bytes -> text), csv_table (text -> a table of cells), columns (header -> fields),
purchase_rows and customer_rows (cells -> rows, and a RowError for every bad cell). Pure
parsing, no SQLite: matching rows to customers and writing them is store/imports.py's job.
"""
