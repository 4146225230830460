"""The WMT22 evaluation: what textfix changes in real MT output, and what it wrongly flags in
professional human references.

    python -m benchmarks eval wmt22 [--shared ../shared] [--out benchmarks/results] [--pairs de-en]

For every system of every language pair in ``wmt22/hyp/`` and every reference in
``wmt22/ref/``: lines changed by the default (safe) and by the unsafe fixes, findings per
1,000 lines by rule family, and corpus BLEU, chrF and chrF with whitespace against the first
reference (the other references of a pair are scored as systems against it) before and
after fixing.  Writes ``wmt22_eval.json``, ``wmt22_eval.md`` and two PNG plots.

The source-aware checks get the source file line by line; each file is fixed as one
document (``textfix.quality.fix_lines``), since consecutive lines usually belong to one
article and a quotation may span them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import textfix
from textfix.progress import progress
from textfix.quality import fix_lines, load_lines, score_lines
from textfix.rules import RULES

from . import _data

METRICS = ("bleu", "chrf", "chrf+ws")


def evaluate_file(pipe, lines, refs):
    """Counts and scores for one line-aligned file."""
    findings = pipe.check("\n".join(lines))
    fams = Counter(RULES[f.code].family for f in findings)
    codes = Counter(f.code for f in findings)
    lines_flagged = len({f.line for f in findings})
    safe = fix_lines(lines, pipe, unsafe=False)
    unsafe = fix_lines(lines, pipe, unsafe=True)
    row = {
        "lines": len(lines),
        "lines_flagged": lines_flagged,
        "lines_changed_safe": sum(a != b for a, b in zip(lines, safe, strict=True)),
        "lines_changed_unsafe": sum(a != b for a, b in zip(lines, unsafe, strict=True)),
        "findings": len(findings),
        "per_1000_by_family": {k: round(1000 * v / max(1, len(lines)), 2) for k, v in sorted(fams.items())},
        "codes": dict(codes.most_common()),
    }
    if refs:
        before = score_lines(lines, refs, METRICS)
        after = score_lines(safe, refs, METRICS)
        after_u = score_lines(unsafe, refs, METRICS)
        row["scores"] = {
            s.metric: {"before": round(s.score, 4), "after": round(a.score, 4), "after_unsafe": round(u.score, 4)}
            for s, a, u in zip(before, after, after_u, strict=True)
        }
        row["signatures"] = {s.metric: s.signature for s in before}
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks eval wmt22", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(_data.SHARED))
    ap.add_argument("--out", default=str(_data.results_dir()))
    ap.add_argument("--pairs", default="", help="comma-separated pairs to limit to (e.g. de-en)")
    ap.add_argument("--from-json", help="rewrite the Markdown, plots and docs page from a saved JSON report")
    ap.add_argument("--docs", default=str(_data.docs_dir()), help="where the docs page and plots go ('' for none)")
    args = ap.parse_args(argv)
    if args.from_json:
        report = json.loads(Path(args.from_json).read_text(encoding="utf-8"))
        write_outputs(report, Path(args.out), args.docs)
        print(headline(report))
        return 0
    wmt = Path(args.shared) / "wmt22"
    if not wmt.is_dir():
        print(f"{wmt} not found", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pipe = textfix.default_pipeline()
    pairs = sorted({p.name.split(".")[1] for p in (wmt / "hyp").iterdir()})
    if args.pairs:
        pairs = [p for p in pairs if p in args.pairs.split(",")]
    jobs = []
    for pair in pairs:
        refs = sorted((wmt / "ref").glob(f"generaltest2022.{pair}.ref.*.en"))
        for h in sorted((wmt / "hyp").glob(f"generaltest2022.{pair}.hyp.*.en")):
            jobs.append((pair, "system", h.name.split(".hyp.")[1][:-3], h, refs[:1]))
        for i, r in enumerate(refs):
            jobs.append((pair, "reference", "ref-" + r.name.split(".ref.")[1][:-3], r, refs[:1] if i else []))
    t0 = time.perf_counter()
    results = []
    for pair, kind, name, path, refs in progress(jobs, desc="wmt22", unit="file"):
        lines = _data.head(load_lines(str(path)))
        ref_lines = [_data.head(load_lines(str(r))) for r in refs]
        row = evaluate_file(pipe, lines, ref_lines)
        results.append({"pair": pair, "kind": kind, "name": name, "file": path.name, **row})
    elapsed = time.perf_counter() - t0
    import sacrebleu

    report = {
        "textfix": textfix.__version__,
        "sacrebleu": sacrebleu.__version__,
        "pipeline": pipe.signature,
        "seconds": round(elapsed, 1),
        "results": results,
    }
    (out / "wmt22_eval.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    write_outputs(report, out, args.docs)
    print(headline(report))
    return 0


# Where the sections that other scripts write into docs/evaluation.md begin.
KEPT_START = "<!-- documents_measure -->"


def write_outputs(report, out: Path, docs: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "wmt22_eval.md").write_text(markdown(report), encoding="utf-8")
    plots(report, out)
    if docs:
        # The docs site cannot reach benchmarks/, so the page and its plots are written there
        # too, generated like docs/rules.md.
        import shutil

        img = Path(docs) / "img"
        img.mkdir(parents=True, exist_ok=True)
        for name in ("wmt22_chrf_delta.png", "wmt22_families.png"):
            shutil.copyfile(out / name, img / name)
        page = markdown(report, image_dir="img/").replace("# WMT22 evaluation", "# Evaluation on WMT22", 1)
        path = Path(docs) / "evaluation.md"
        # Other measurements keep their own marked sections of the page (`python -m benchmarks documents`).
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        kept = old[old.find(KEPT_START) :] if KEPT_START in old else ""
        path.write_text(page.rstrip("\n") + ("\n\n" + kept if kept else "\n"), encoding="utf-8")


def headline(report) -> str:
    sys_rows = [r for r in report["results"] if r["kind"] == "system"]
    refs = [r for r in report["results"] if r["kind"] == "reference"]
    improved = [r for r in sys_rows if r["scores"]["chrf+ws"]["after"] > r["scores"]["chrf+ws"]["before"]]
    worse = [r for r in sys_rows if r["scores"]["chrf"]["after"] < r["scores"]["chrf"]["before"] - 0.05]
    ref_lines = sum(r["lines"] for r in refs)
    ref_flag = sum(r["lines_flagged"] for r in refs)
    ref_safe = sum(r["lines_changed_safe"] for r in refs)
    ref_unsafe = sum(r["lines_changed_unsafe"] for r in refs)
    return (
        f"systems: {len(sys_rows)}; chrF+ws improved for {len(improved)}; "
        f"standard chrF dropped by more than 0.05 for {len(worse)}"
        + (f" ({', '.join(r['pair'] + '/' + r['name'] for r in worse)})" if worse else "")
        + f"\nreferences: {ref_lines} lines; flagged {ref_flag} ({100 * ref_flag / max(1, ref_lines):.2f}%), "
        f"changed by safe fixes {ref_safe} ({100 * ref_safe / max(1, ref_lines):.2f}%), "
        f"by unsafe fixes {ref_unsafe} ({100 * ref_unsafe / max(1, ref_lines):.2f}%)"
    )


def markdown(report, image_dir: str = "") -> str:
    rows = report["results"]
    sigs = next((r["signatures"] for r in rows if "signatures" in r), {})
    lines = [
        "# WMT22 evaluation",
        "",
        f"textfix {report['textfix']}, sacrebleu {report['sacrebleu']}; "
        f"rules: {', '.join(report['pipeline']['rules'])}.",
        "",
        "Signatures: " + "; ".join(f"{k}: `{v}`" for k, v in sigs.items()),
        "",
        "Generated by `python -m benchmarks eval wmt22` "
        f"in {report['seconds']} s. Scores are against the pair's first reference; "
        "other references of a pair are scored as systems against it.",
        "",
        "## Headline",
        "",
        *["- " + h for h in headline(report).split("\n")],
        "",
        "## Per file",
        "",
        "| pair | kind | name | lines | flagged | changed (safe) | changed (unsafe) | BLEU | ΔBLEU | chrF | ΔchrF "
        "| chrF+ws | ΔchrF+ws | findings per 1,000 lines by family |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        sc = r.get("scores")
        fam = ", ".join(f"{k} {v}" for k, v in r["per_1000_by_family"].items()) or "–"
        if sc:
            cells = []
            for m in ("bleu", "chrf", "chrf+ws"):
                cells += [f"{sc[m]['before']:.2f}", f"{sc[m]['after'] - sc[m]['before']:+.3f}"]
        else:
            cells = ["–"] * 6
        lines.append(
            f"| {r['pair']} | {r['kind']} | {r['name']} | {r['lines']} | {r['lines_flagged']} | "
            f"{r['lines_changed_safe']} | {r['lines_changed_unsafe']} | " + " | ".join(cells) + f" | {fam} |"
        )
    lines += [
        "",
        f"![chrF+ws change per system]({image_dir}wmt22_chrf_delta.png)",
        "",
        f"![findings per family]({image_dir}wmt22_families.png)",
        "",
    ]
    return "\n".join(lines)


def plots(report, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in report["results"] if "scores" in r]
    labels = [f"{r['pair']} {r['name']}" for r in rows]
    d_ws = [r["scores"]["chrf+ws"]["after"] - r["scores"]["chrf+ws"]["before"] for r in rows]
    d_std = [r["scores"]["chrf"]["after"] - r["scores"]["chrf"]["before"] for r in rows]
    fig, ax = plt.subplots(figsize=(10, max(6, 0.22 * len(rows))))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], d_ws, height=0.4, label="chrF with whitespace", color="#2b7bd6")
    ax.barh([i - 0.2 for i in y], d_std, height=0.4, label="chrF (standard)", color="#d69e00")
    ax.set_yticks(list(y), labels, fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel("change after textfix fix (default, safe fixes)")
    ax.set_title("chrF change per WMT22 system")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "wmt22_chrf_delta.png", dpi=110)
    plt.close(fig)

    allrows = report["results"]
    fams = sorted({k for r in allrows for k in r["per_1000_by_family"]})
    labels = [f"{r['pair']} {r['name']}" for r in allrows]
    fig, ax = plt.subplots(figsize=(10, max(6, 0.22 * len(allrows))))
    left = [0.0] * len(allrows)
    cmap = plt.get_cmap("tab20")
    for k, fam in enumerate(fams):
        vals = [r["per_1000_by_family"].get(fam, 0) for r in allrows]
        ax.barh(range(len(allrows)), vals, left=left, label=fam, color=cmap(k % 20))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.set_yticks(list(range(len(allrows))), labels, fontsize=7)
    for i, r in enumerate(allrows):
        if r["kind"] == "reference":
            ax.get_yticklabels()[i].set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlabel("findings per 1,000 lines (references in bold)")
    ax.set_title("textfix findings per rule family, systems and human references")
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "wmt22_families.png", dpi=110)
    plt.close(fig)
