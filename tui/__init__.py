"""The Textual app: screens, widgets and styles. Talks to store/ only (in workers)."""
