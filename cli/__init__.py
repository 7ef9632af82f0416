"""The `xiaoben` command: a thin layer over store/ (and, for the app, tui/)."""
