"""Row builders, one module per app: import from the module of the app whose rows you build."""
