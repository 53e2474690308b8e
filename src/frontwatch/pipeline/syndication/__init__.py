"""Syndication: near-duplicate detection, origin lineage and independent-source counting."""

from frontwatch.pipeline.syndication.groups import Independence, count_independent
from frontwatch.pipeline.syndication.stage import NAME, detect

__all__ = ["NAME", "Independence", "count_independent", "detect"]
