"""frontwatch: a sourced situation picture from conflicting, partisan news reports."""

__version__ = "0.1.0"
