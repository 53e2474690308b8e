"""The language stage."""

from frontwatch.pipeline.nlp.stage import NlpStage

__all__ = ["NlpStage"]
