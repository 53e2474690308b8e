"""Clean articles: separate reporting from boilerplate, appeals, disclaimers and reader comments."""

from frontwatch.pipeline.clean.stage import CleanStage

__all__ = ["CleanStage"]
