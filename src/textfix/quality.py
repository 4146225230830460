"""Translation quality with sacrebleu: what a repair is worth, in the metrics MT people use.

Scores are corpus-level and computed by sacrebleu itself, with its signature beside each
score, so a number printed here is the number ``sacrebleu REF -i HYP -m bleu chrf`` prints.
Files are read the way sacrebleu reads them (UTF-8, ``\\n``-separated lines, trailing
whitespace stripped).

>>> from textfix.quality import score_lines
>>> r = score_lines(["It cost $ 5 ."], [["It cost $5."]], metrics=("chrf", "chrf+ws"))
>>> [round(s.score, 2) for s in r]
[100.0, 74.92]

sacrebleu is imported on first use: ``import textfix`` never needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "METRICS",
    "MetricScore",
    "ScoreReport",
    "fix_lines",
    "load_lines",
    "make_metric",
    "score_files",
    "score_lines",
]

# Metric names accepted on the command line.  chrf+ws is chrF with whitespace counted as a
# character (sacrebleu's CHRF(whitespace=True)): standard chrF and BLEU tokenization are
# blind to spacing repairs such as "$ 369" -> "$369".
METRICS = ("bleu", "chrf", "ter", "chrf+ws")


def _sacrebleu() -> Any:
    try:
        import sacrebleu
    except ImportError as e:  # pragma: no cover - exercised only without the extra
        from textfix.errors import MissingExtraError

        raise MissingExtraError("textfix.quality needs sacrebleu: pip install 'textfix[quality]'") from e
    return sacrebleu


def make_metric(name: str) -> Any:
    sb = _sacrebleu()
    if name == "bleu":
        return sb.metrics.BLEU()
    if name == "chrf":
        return sb.metrics.CHRF()
    if name == "chrf+ws":
        return sb.metrics.CHRF(whitespace=True)
    if name == "ter":
        return sb.metrics.TER()
    raise ValueError(f"unknown metric {name!r}; choose from {', '.join(METRICS)}")


@dataclass(frozen=True)
class MetricScore:
    metric: str
    score: float
    signature: str
    text: str  # sacrebleu's own formatted line, e.g. "BLEU = 23.10 55.0/..."

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "score": self.score, "signature": self.signature, "text": self.text}


def load_lines(path: str) -> list[str]:
    """Lines of a file exactly as sacrebleu's command line reads them."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        return [line.rstrip() for line in fh]


def score_lines(
    hyps: Sequence[str], refs: Sequence[Sequence[str]], metrics: Sequence[str] = ("bleu", "chrf")
) -> list[MetricScore]:
    """Corpus-level scores of ``hyps`` against one or more reference streams."""
    for r in refs:
        if len(r) != len(hyps):
            raise ValueError(f"reference has {len(r)} lines, hypothesis {len(hyps)}")
    out = []
    for name in metrics:
        m = make_metric(name)
        s = m.corpus_score(list(hyps), [list(r) for r in refs])
        out.append(MetricScore(name, float(s.score), str(m.get_signature()), str(s)))
    return out


def fix_lines(lines: Sequence[str], pipeline: Any, unsafe: bool = False) -> list[str]:
    """Repair a line-aligned system output, keeping one output line per input line.

    The file is fixed as one document (a quotation may open on one line and close on a
    later one); if a repair ever changed the number of lines, each line is fixed on its own
    instead, so the alignment with the references is never lost.
    """
    text = "\n".join(lines)
    fixed = pipeline.fix(text, unsafe).split("\n")
    if len(fixed) != len(lines):
        fixed = [pipeline.fix(line, unsafe).replace("\n", " ") for line in lines]
    return [line.rstrip() for line in fixed]


@dataclass
class ScoreReport:
    before: list[MetricScore]
    after: list[MetricScore] | None = None
    families: dict[str, list[MetricScore]] = field(default_factory=dict)
    lines_changed: int = 0
    lines: int = 0
    textfix_signature: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "textfix": self.textfix_signature,
            "lines": self.lines,
            "before": [s.to_dict() for s in self.before],
        }
        if self.after is not None:
            d["after"] = [s.to_dict() for s in self.after]
            d["delta"] = {a.metric: a.score - b.score for a, b in zip(self.after, self.before, strict=True)}
            d["lines_changed"] = self.lines_changed
            d["without_family"] = {fam: {s.metric: s.score for s in scores} for fam, scores in self.families.items()}
        return d


def score_files(
    hyp: str,
    refs: Sequence[str],
    metrics: Sequence[str] = ("bleu", "chrf"),
    *,
    fix: bool = False,
    unsafe: bool = False,
    pipeline: Any = None,
    families: bool = True,
    segments: str | None = None,
    progress: bool = False,
) -> ScoreReport:
    """Score ``hyp`` against ``refs``; with ``fix``, also after textfix's repairs.

    With ``families``, each rule family that changed something is switched off in turn and
    the output re-scored: the difference is that family's contribution.  ``segments`` names
    a TSV file to write per-segment chrF before and after.  ``progress`` draws bars on a
    terminal.
    """
    from textfix.pipeline import Pipeline

    hyps = load_lines(hyp)
    ref_streams = [load_lines(r) for r in refs]
    report = ScoreReport(before=score_lines(hyps, ref_streams, metrics), lines=len(hyps))
    if not fix:
        return report
    pipe = pipeline or Pipeline()
    report.textfix_signature = pipe.signature
    fixed = fix_lines(hyps, pipe, unsafe)
    report.after = score_lines(fixed, ref_streams, metrics)
    report.lines_changed = sum(a != b for a, b in zip(hyps, fixed, strict=True))
    if families:
        from textfix.progress import progress as bar
        from textfix.rules import RULES

        touched = sorted({RULES[f.code].family for f in pipe.check("\n".join(hyps)) if f.edits})
        # Each family is a whole re-fix and re-score: the long part of a run.
        for fam in bar(touched, desc="families", unit="family", enabled=progress):
            codes = [c for c in pipe.enabled if RULES[c].family != fam]
            sub = Pipeline(pipe.passes, lang=pipe.lang, select=codes)
            report.families[fam] = score_lines(fix_lines(hyps, sub, unsafe), ref_streams, metrics)
    if segments:
        write_segments(segments, hyps, fixed, ref_streams)
    return report


def write_segments(path: str, hyps: Sequence[str], fixed: Sequence[str], refs: Sequence[Sequence[str]]) -> None:
    """Per-segment chrF before and after, to find the lines a repair helped or hurt."""
    chrf = make_metric("chrf")
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("line\tchrf_before\tchrf_after\tdelta\thyp\tfixed\n")
        for i, (h, f) in enumerate(zip(hyps, fixed, strict=True)):
            rs = [r[i] for r in refs]
            b = chrf.sentence_score(h, rs).score
            a = chrf.sentence_score(f, rs).score if f != h else b
            fh.write(f"{i + 1}\t{b:.4f}\t{a:.4f}\t{a - b:+.4f}\t{h}\t{f}\n")
