"""The frontwatch benchmark harness (``make bench``, ``make bench-quick``).

``python -m bench.run [--quick] --out bench`` builds its corpora from the public data sets in
``../shared/data`` (read in place, never copied into the repository; built corpora go under
``bench/work/``, which git ignores), calls the project's public functions, and writes
``bench/results.json`` and ``bench/results.md``. One module per measurement:

* :mod:`bench.e2e` -- ``frontwatch analyze`` end to end in a subprocess (local and dask, 1 and 2 workers)
* :mod:`bench.yardstick` -- spaCy ``en_core_web_sm`` NER-only throughput on the same texts
* :mod:`bench.reading`, :mod:`bench.cleaning`, :mod:`bench.syndication` -- the cheap stages at scale
* :mod:`bench.language` -- the language layer with and without the parser prefilter
* :mod:`bench.geo_events` -- geocoding, event classification and event merging
* :mod:`bench.profiling` -- cProfile tops of the slow stages (``--profile``)

See docs/benchmarks.md.
"""

HARNESS_VERSION = "1"
