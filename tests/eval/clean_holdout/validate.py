"""Validate the clean_holdout set: the checks of ../clean_gold/validate.py (same format), run on this
folder by default.

Usage: python tests/eval/clean_holdout/validate.py [DIR]
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.argv.append(str(HERE))
    runpy.run_path(str(HERE.parent / "clean_gold" / "validate.py"), run_name="__main__")
