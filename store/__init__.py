"""The book: the only place that knows SQL. Calls tiering; never imports tui."""
