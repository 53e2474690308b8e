"""Geocoding: a local gazetteer (SQLite, built on first use from packaged data), toponym recognition
and resolution with document context, relative locations and ACLED geo_precision."""

from __future__ import annotations

from frontwatch.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
