"""The ``frontwatch`` command line (typer + rich)."""
