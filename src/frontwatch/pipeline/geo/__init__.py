"""Geocoding stage: places of each document from the local gazetteer."""

from frontwatch.pipeline.geo.stage import GeoStage

__all__ = ["GeoStage"]
