"""The load test's second writer: ingests and analyses JSONL files into a database, one small batch at a
time (as ``frontwatch analyze`` does), from its own process. Prints a JSON line with what it did.

``python -m tests.api.load_writer DB FILE...``
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time

from frontwatch.config import Settings
from frontwatch.pipeline.base import RunContext
from frontwatch.runner import NullProgress, ingest, process_documents
from frontwatch.store.db import Store

BATCH_SIZE = 10  # documents per save transaction: many short transactions are the hard case for readers


def main(argv: list[str]) -> int:
    db_path, files = argv[0], argv[1:]
    settings = Settings(batch_size=BATCH_SIZE)
    added = processed = 0
    locked: list[str] = []
    started = time.perf_counter()
    with Store(db_path) as store:
        for path in files:
            try:
                result = ingest([path], store, settings)
                added += result.status["added"]
                processed += process_documents(store, settings, RunContext(settings=settings), NullProgress())
            except sqlite3.OperationalError as exc:
                locked.append(str(exc))
    sys.stdout.write(json.dumps({"added": added, "processed": processed, "errors": locked,
                                 "seconds": round(time.perf_counter() - started, 2)}) + "\n")
    return 1 if locked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
