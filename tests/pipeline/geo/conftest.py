from tests.geo.conftest import full_geocoder, tiny_db, tiny_geocoder

__all__ = ["full_geocoder", "tiny_db", "tiny_geocoder"]
