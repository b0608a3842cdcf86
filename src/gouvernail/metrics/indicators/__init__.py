"""One module per dashboard: its indicators and its layout, registered at import."""
