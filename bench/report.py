"""``results.json`` and ``results.md``: every row, the targets with met / not met, the machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.machine import machine_loaded
from bench.measure import Row


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if unit in ("x", "%") or abs(value) < 10:
        return f"{value:,.2f}" if unit == "x" or abs(value) < 10 else f"{value:,.1f}"
    return f"{value:,.0f}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _runs(row: Row) -> str:
    if len(row.runs) <= 1:
        return str(len(row.runs) or 1) if row.status == "ok" else ""
    return f"{len(row.runs)}: " + ", ".join(_num(r, row.unit) for r in row.runs)


def _rows_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| measured | docs | value | unit | runs (median shown) | note |", "|---|---:|---:|---|---|---|"]
    for d in rows:
        row = Row(**{**d, "runs": tuple(d.get("runs", ()))})
        if row.status != "ok":
            lines.append(f"| {_cell(row.name)} | {_num(row.size) if row.size else ''} | **{row.status}** |  |  | "
                         f"{_cell(row.note)} |")
            continue
        lines.append(f"| {_cell(row.name)} | {_num(row.size) if row.size else ''} | {_num(row.value, row.unit)} | "
                     f"{row.unit} | {_runs(row)} | {_cell(row.note)} |")
    return lines


def _stage_table(shares: dict[str, Any]) -> list[str]:
    lines = ["| run | stage | seconds | share | docs/s | words/s |", "|---|---|---:|---:|---:|---:|"]
    for config, stages in shares.items():
        for name, st in stages.items():
            lines.append(f"| {_cell(config)} | {_cell(name)} | {st['seconds']:.2f} | {100 * st['share']:.1f} % | "
                         f"{_num(st.get('docs_per_s'))} | {_num(st.get('words_per_s'))} |")
    return lines


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    plan = results["plan"]
    out = [
        f"# frontwatch benchmark ({plan['name']})",
        "",
        f"Run {m['date']} in {results['duration_s'] / 60:.1f} min with "
        f"`{results.get('command', 'python -m bench.run')}` "
        f"(plan {plan['name']}, time budget {results.get('budget_s', plan['budget_s']):.0f} s, harness "
        f"v{results['harness']}). Figures are medians of the runs listed; a row skipped for the time budget says "
        "so. What each row measures: docs/benchmarks.md.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {_cell(m['cpu_model'])} ({m['physical_cores']} physical / {m['logical_cores']} logical cores, "
        f"{m['usable_cores']} usable) |",
        f"| RAM | {m['ram_gb']} GB |",
        f"| OS, Python | {_cell(m['os'])}, {_cell(m['python'])} |",
        f"| load average (1, 5, 15 min) | start {m.get('load_average_start')}, end {m.get('load_average_end')} |",
        "| packages | " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + " |",
        "",
    ]
    if machine_loaded(m):
        out += [f"**Warning:** the load average exceeded the {m['usable_cores']} usable cores during the run: other "
                "processes competed for the CPU, so wall-clock figures are lower than on an idle machine (rows say "
                "how much of a core the measuring process got; end-to-end rows give CPU use and words per CPU "
                "second).", ""]
    out += ["## Targets (issue 10, part 4)", "", "| target | wanted | measured | verdict | basis |",
            "|---|---|---:|---|---|"]
    for t in results["targets"]:
        fig = f"{_num(t['figure'], t['unit'])} {t['unit']}" if t["figure"] is not None else "-"
        verdict = "not measured" if t["met"] is None else ("**met**" if t["met"] else "**not met**")
        out.append(f"| {_cell(t['name'])} | {t['target']} | {fig} | {verdict} | {_cell(t['basis'])} |")
    out.append("")
    for sec in results["sections"]:
        out += [f"## {sec['title']}", ""]
        if sec["status"] != "ok":
            out += [f"**{sec['status']}**: {_cell(sec['note'])}", ""]
        if sec["rows"]:
            out += [*_rows_table(sec["rows"]), ""]
        if sec["tables"].get("stage_shares"):
            out += ["Share of stage time (summary.json `stages`; with workers, seconds are summed over them):", ""]
            out += [*_stage_table(sec["tables"]["stage_shares"]), ""]
        if sec["tables"].get("phases"):
            out += ["Phases (summary.json `timings_s`, median run) and start-up (wall time minus `total`):", "",
                    "| run | " + " | ".join(next(iter(sec["tables"]["phases"].values())).keys()) + " |",
                    "|---|" + "---:|" * len(next(iter(sec["tables"]["phases"].values())))]
            for config, ph in sec["tables"]["phases"].items():
                out.append(f"| {_cell(config)} | " + " | ".join(f"{v:.1f}" for v in ph.values()) + " |")
            out.append("")
    out += ["## Corpora", "", "| corpus | documents | words | originals | copies | rewrites | built in |",
            "|---|---:|---:|---:|---:|---:|---|"]
    for name, c in results["corpora"].items():
        built = f"{c['built_s']:.0f} s" if c["built_s"] else "reused"
        out.append(f"| {name} | {c['documents']:,} | {c['words']:,} | {c['originals']:,} | {c['copies']:,} | "
                   f"{c['rewrites']:,} | {built} |")
    out.append("")
    if results.get("profiles"):
        out += ["## Profiles (cProfile, top functions by own time)", ""]
        for name, text in results["profiles"].items():
            out += [f"### {name}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(out)


def write(results: dict[str, Any], out_dir: Path, stem: str = "results") -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    js, md = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    js.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    md.write_text(markdown(results), "utf-8")
    return js, md
