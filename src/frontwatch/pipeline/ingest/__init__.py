"""Ingest: expand inputs, read every supported format, decode and repair text."""

from frontwatch.pipeline.ingest.meta import apply_meta, load_meta
from frontwatch.pipeline.ingest.readers import content_hash, read_source
from frontwatch.pipeline.ingest.sources import Source, expand_inputs

__all__ = ["Source", "apply_meta", "content_hash", "expand_inputs", "load_meta", "read_source"]
