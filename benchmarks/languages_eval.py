"""Out-of-English evaluation: textfix's default fix with ``lang`` set to the target language.

    python -m benchmarks eval languages [--shared ../shared] [--out benchmarks/results] [--report-only]

For every system of every pair in ``wmt22/xx-full`` (targets cs, de, hr, ja, ru, uk, zh, fr):
chrF with whitespace (sacrebleu ``CHRF(whitespace=True)``) and standard chrF against all the
pair's references, before and after the default (safe) fix; and every reference line the
default fix changes, listed old -> new so that each can be judged.  Each file is fixed as one
document (``textfix.quality.fix_lines``).  Writes ``languages_eval.json``,
``languages_eval.md`` and ``languages_chrf.png``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import textfix
from textfix.quality import fix_lines, load_lines

from . import _data


def _scorers(refs):
    """chrF with and without whitespace, the references read once per pair (sacrebleu caches
    their statistics when given them up front)."""
    from sacrebleu.metrics import CHRF

    return {ws: CHRF(whitespace=ws, references=refs) for ws in (True, False)}


def _chrf(scorers, hyps, whitespace):
    return float(scorers[whitespace].corpus_score(hyps, None).score)


def _changes(pipe, before, after):
    """The rule codes behind each changed line (from the explain log of that line alone)."""
    out = []
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        if b != a:
            _, log = pipe.fix_and_explain(b)
            out.append({"line": i + 1, "old": b, "new": a, "codes": sorted({c.code for c in log})})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m benchmarks eval languages", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(_data.SHARED))
    ap.add_argument("--out", default=str(_data.results_dir()))
    ap.add_argument("--report-only", action="store_true", help="redo the page and plot from the JSON")
    args = ap.parse_args(argv)
    data = Path(args.shared) / "wmt22" / "xx-full"
    out = Path(args.out)
    if not args.report_only and not data.is_dir():
        print(f"{data} is absent", file=sys.stderr)
        return 2
    if args.report_only:
        saved = json.loads((out / "languages_eval.json").read_text(encoding="utf-8"))
        _markdown(out, saved["summary"], saved["systems"], saved["ref_changes"])
        _plot(out, saved["systems"])
        return
    pairs = sorted({p.name.split(".")[1] for p in data.glob("generaltest2022.*.ref.*")})
    systems, refs_changed = [], []
    ref_lines_total = 0
    for pair in pairs:
        tgt = pair.split("-")[1]
        pipe = textfix.Pipeline(lang=tgt)
        ref_files = sorted(data.glob(f"generaltest2022.{pair}.ref.*"))
        refs = [_data.head(load_lines(str(f))) for f in ref_files]
        scorers = _scorers(refs)
        for f, lines in zip(ref_files, refs, strict=True):
            fixed = fix_lines(lines, pipe)
            ref_lines_total += len(lines)
            for ch in _changes(pipe, lines, fixed):
                refs_changed.append({"pair": pair, "ref": f.name.split(".")[3], **ch})
        for f in sorted(data.glob(f"generaltest2022.{pair}.hyp.*")):
            hyps = _data.head(load_lines(str(f)))
            fixed = fix_lines(hyps, pipe)
            codes: Counter[str] = Counter()
            for b, a in zip(hyps, fixed, strict=True):
                if b != a:
                    codes.update({c.code for c in pipe.fix_and_explain(b)[1]})
            row = {
                "pair": pair,
                "system": f.name.split(".")[3],
                "lines": len(hyps),
                "lines_changed": sum(b != a for b, a in zip(hyps, fixed, strict=True)),
                "chrf_ws_before": _chrf(scorers, hyps, True),
                "chrf_ws_after": _chrf(scorers, fixed, True) if fixed != hyps else None,
                "chrf_before": _chrf(scorers, hyps, False),
                "chrf_after": _chrf(scorers, fixed, False) if fixed != hyps else None,
                "codes": dict(codes.most_common()),
            }
            for k in ("chrf_ws", "chrf"):
                if row[f"{k}_after"] is None:
                    row[f"{k}_after"] = row[f"{k}_before"]
            systems.append(row)
            print(
                pair,
                row["system"],
                row["lines_changed"],
                round(row["chrf_ws_after"] - row["chrf_ws_before"], 3),
                round(row["chrf_after"] - row["chrf_before"], 3),
                flush=True,
            )
    rose = sum(r["chrf_ws_after"] > r["chrf_ws_before"] for r in systems)
    fell = sum(r["chrf_ws_after"] < r["chrf_ws_before"] for r in systems)
    worst = min(r["chrf_after"] - r["chrf_before"] for r in systems)
    summary = {
        "date": datetime.date.today().isoformat(),
        "textfix": textfix.__version__,
        "systems": len(systems),
        "chrf_ws_rose": rose,
        "chrf_ws_fell": fell,
        "chrf_worst_delta": worst,
        "ref_lines": ref_lines_total,
        "ref_lines_changed": len(refs_changed),
        "ref_share_changed": len(refs_changed) / ref_lines_total,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "languages_eval.json").write_text(
        json.dumps({"summary": summary, "systems": systems, "ref_changes": refs_changed}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    _markdown(out, summary, systems, refs_changed)
    _plot(out, systems)
    print(json.dumps(summary, indent=1))


def _markdown(out, summary, systems, refs_changed):
    lines = [
        f"# textfix on out-of-English WMT22 output ({summary['date']}, textfix {summary['textfix']})",
        "",
        "Reproduce: `python -m benchmarks eval languages` (reads ../shared/wmt22/xx-full).",
        "",
        f"- systems: {summary['systems']}; chrF with whitespace rose for {summary['chrf_ws_rose']}, "
        f"fell for {summary['chrf_ws_fell']}",
        f"- worst change of standard chrF: {summary['chrf_worst_delta']:+.4f}",
        f"- reference lines changed by the default fix: {summary['ref_lines_changed']} of "
        f"{summary['ref_lines']} ({100 * summary['ref_share_changed']:.3f}%)",
        "",
        *_per_pair(systems, refs_changed),
        "",
        "| pair | system | lines changed | chrF+ws before | after | Δ | chrF before | after | Δ | rules |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in systems:
        codes = ", ".join(f"{c} {n}" for c, n in r["codes"].items())
        lines.append(
            f"| {r['pair']} | {r['system']} | {r['lines_changed']} | {r['chrf_ws_before']:.3f} | "
            f"{r['chrf_ws_after']:.3f} | {r['chrf_ws_after'] - r['chrf_ws_before']:+.3f} | {r['chrf_before']:.3f} | "
            f"{r['chrf_after']:.3f} | {r['chrf_after'] - r['chrf_before']:+.4f} | {codes} |"
        )
    lines += ["", "## Every reference line the default fix changes", ""]
    by_pair = defaultdict(list)
    for c in refs_changed:
        by_pair[c["pair"]].append(c)
    for pair, cs in by_pair.items():
        lines.append(f"### {pair}")
        lines.append("")
        for c in cs:
            lines.append(f"- ref {c['ref']} line {c['line']} ({', '.join(c['codes'])}):")
            lines.append(f"  - old: `{c['old']}`")
            lines.append(f"  - new: `{c['new']}`")
        lines.append("")
    (out / "languages_eval.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _per_pair(systems, refs_changed):
    import statistics

    refs = Counter(c["pair"] for c in refs_changed)
    rows = [
        "| pair | systems | chrF+ws rose / fell | mean ΔchrF+ws | max ΔchrF+ws | worst ΔchrF "
        "| lines changed per system (median) | reference lines changed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    by_pair = defaultdict(list)
    for r in systems:
        by_pair[r["pair"]].append(r)
    for pair, rs in sorted(by_pair.items()):
        dw = [r["chrf_ws_after"] - r["chrf_ws_before"] for r in rs]
        dc = [r["chrf_after"] - r["chrf_before"] for r in rs]
        med = statistics.median(r["lines_changed"] for r in rs)
        rows.append(
            f"| {pair} | {len(rs)} | {sum(x > 0 for x in dw)} / {sum(x < 0 for x in dw)} | "
            f"{statistics.mean(dw):+.3f} | {max(dw):+.3f} | {min(dc):+.4f} | {med:.0f} | {refs.get(pair, 0)} |"
        )
    return rows


def _plot(out, systems):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 4.5))
    pairs = sorted({r["pair"] for r in systems})
    for k, pair in enumerate(pairs):
        rows = [r for r in systems if r["pair"] == pair]
        ys = [r["chrf_ws_after"] - r["chrf_ws_before"] for r in rows]
        ax.scatter([k] * len(ys), ys, label=pair, s=18)
        ys2 = [r["chrf_after"] - r["chrf_before"] for r in rows]
        ax.scatter([k + 0.25] * len(ys2), ys2, marker="x", color="grey", s=14)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(range(len(pairs)), pairs)
    ax.set_ylabel("Δ score (after − before)")
    ax.set_title("Default fix with lang = target: chrF with whitespace (dots), standard chrF (grey x)")
    fig.tight_layout()
    fig.savefig(out / "languages_chrf.png", dpi=110)
