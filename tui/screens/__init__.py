"""One module a screen, named for what the seller sees."""
