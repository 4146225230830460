"""Per-rule precision of textfix's fixes on WMT22, judged by reading (issue 16).

    python -m benchmarks precision rules               # writes the results and the docs page
    python -m benchmarks precision rules --todo FILE   # also writes the unjudged sample as JSONL

Every file of ../shared/wmt22/{hyp,ts-hyp,ref,ts-ref} is fixed as one document with
``textfix.fix_and_explain``, once with the default (safe) fixes and once with unsafe fixes
too, as a user gets them; then once more with unsafe fixes and the report-only rules' suggested
edits, whose changes count for the report-only rules alone.  Each logged change is one row:
the rule's code, the line, the change (old -> new) and where it sits.  A change of the default
run belongs to its rule's *safe* tier; a change that only the unsafe runs make belongs to the
*unsafe* tier.

For each rule and tier the script counts the changes, draws a sample and joins it with the
stored verdicts in ``benchmarks/results/precision_judgements.jsonl``:

* the sample comes from lines that were *not* used to tune the rules: lines of ``ts-hyp`` and
  ``ts-ref`` that do not occur in their official-test-set twin (``hyp``, ``ref``), which
  earlier work measured and tuned on.  Where that pool holds fewer than ``--sample`` distinct
  changes, the rest of the sample is drawn from the tuning lines, and the table says how many;
* the sample is the ``--sample`` changes of lowest ``sha256(seed, key)``: reproducible, and
  stable when the code changes (a change that stays keeps its rank, so rerunning after a fix
  reuses the stored verdicts and asks only about changes that are new);
* a verdict's key is the rule code, a hash of the original line, and a hash of the change
  (its column in the original line, old and new text), so it survives edits elsewhere.

Policy (docs/precision.md): a safe fix needs judged precision >= 99%, an unsafe fix >= 90%,
over at least 50 judged changes (or all of them if fewer); a rule below its tier moves down.

Every default change on the human references (ref + ts-ref) is listed, with its verdict, in
``benchmarks/results/reference_changes.md``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import textfix
from textfix.model import Applicability
from textfix.rules import regrade

from . import _data, _judge

JUDGEMENTS = _judge.JUDGEMENTS
SEED = "issue-16"
SAMPLE = 50
# Rules sampled more widely than SAMPLE, in both tiers: safe rules whose small unsafe-run
# samples once fell below the bar (issue 16), where a class of wrong changes (Q103's blank
# between two quote marks, 39 distinct changes) had hidden in a safe-tier sample of 50.
SAMPLE_BY_RULE = {"B102": 100, "H101": 100, "Q103": 100, "S101": 100}
TIER_BAR = {"safe": 0.99, "unsafe": 0.90}
REF_CHANGED_MAX = 0.005  # share of reference lines the default fix may change
REF_WRONG_MAX = 0.001  # share of reference lines it may change wrongly
COMMAND = "python -m benchmarks precision rules"
LINE_COUNT_CHANGED: list[str] = []


@dataclass(frozen=True)
class Change:
    key: str
    code: str
    tier: str  # "safe": made by the default fix; "unsafe": only with unsafe fixes
    folder: str
    file: str
    lineno: int  # 1-based
    line: str  # the original line
    col: int
    end: int
    old: str
    new: str
    held_out: bool  # on a line that was not used to tune the rules

    @property
    def where(self) -> str:
        return f"{self.folder}/{self.file}:{self.lineno}"

    def marked(self, width: int | None = None) -> str:
        """The line with the change shown as ⟦old→new⟧; clipped around it when ``width``."""
        before, after = self.line[: self.col], self.line[self.end :]
        mark = f"⟦{self.old}→{self.new}⟧"
        if width is not None:
            before = before if len(before) <= width else "…" + before[-width:]
            after = after if len(after) <= width else after[:width] + "…"
        return (before + mark + after).replace("\n", "⏎")


change_key = _judge.change_key


def rank(key: str) -> str:
    return _judge.rank(key, SEED)


def document_changes(folder: str, path: Path, pipe: textfix.Pipeline, unsafe: bool, run: str = "") -> list[Change]:
    text = _data.read_text(path)
    out, log = pipe.fix_and_explain(text, unsafe=unsafe)
    if out.count("\n") != text.count("\n"):
        # A bug (the issue's R105 shape), but the log still locates each change in the input.
        LINE_COUNT_CHANGED.append(f"{folder}/{path.name} ({run or ('unsafe' if unsafe else 'default')} fix)")
    index = _data.LineIndex(text)
    seen = _data.tuning_lines(folder, path.name) if folder.startswith("ts-") else None
    rows = []
    for ch in log:
        lineno, col = index.locate(ch.orig_start)
        line = index.line(lineno)
        end_line, end_col = index.locate(ch.orig_end)
        end = end_col if end_line == lineno else len(line)
        held_out = seen is not None and line not in seen
        rows.append(
            Change(
                key=change_key(ch.code, line, col, ch.old, ch.new),
                code=ch.code,
                tier="unsafe" if unsafe else "safe",
                folder=folder,
                file=path.name,
                lineno=lineno + 1,
                line=line,
                col=col,
                end=end,
                old=ch.old,
                new=ch.new,
                held_out=held_out,
            )
        )
    return rows


def collect(pipe: textfix.Pipeline) -> tuple[list[Change], dict[str, int], dict[str, set[tuple[str, int]]]]:
    """Every change of the three runs; lines per folder; reference lines changed by the default fix."""
    changes: list[Change] = []
    lines: dict[str, int] = Counter()
    ref_lines_changed: dict[str, set[tuple[str, int]]] = defaultdict(set)
    seen: dict[tuple[str, str], set[str]] = {}
    documents = list(_data.iter_documents())
    for folder, path in documents:
        lines[folder] += sum(1 for s in _data.read_lines(path) if s.strip())
        safe = document_changes(folder, path, pipe, unsafe=False)
        safe_keys = {c.key for c in safe}
        unsafe_only = [c for c in document_changes(folder, path, pipe, unsafe=True) if c.key not in safe_keys]
        seen[(folder, path.name)] = safe_keys | {c.key for c in unsafe_only}
        changes.extend(safe)
        changes.extend(unsafe_only)
        if folder in _data.REFERENCE_FOLDERS:
            for c in safe:
                ref_lines_changed[folder].add((c.file, c.lineno))
    # The third run, after the two a user gets: grades change once, not per document.
    suggestions_apply(True)
    try:
        run = "unsafe, with report-only suggestions"
        for folder, path in documents:
            changes.extend(
                c
                for c in document_changes(folder, path, pipe, unsafe=True, run=run)
                if c.key not in seen[(folder, path.name)] and DECLARED[c.code] is None
            )
    finally:
        suggestions_apply(False)
    return changes, lines, ref_lines_changed


load_judgements = _judge.load_verdicts


def draw(changes: list[Change], size: int) -> tuple[list[Change], int]:
    """The sample of one rule and tier: held-out changes first, topped up from tuning lines."""
    distinct: dict[str, Change] = {}
    for c in changes:
        prev = distinct.get(c.key)
        if prev is None or (c.held_out and not prev.held_out):
            distinct[c.key] = c
    held = sorted((c for c in distinct.values() if c.held_out), key=lambda c: rank(c.key))
    tuned = sorted((c for c in distinct.values() if not c.held_out), key=lambda c: rank(c.key))
    sample = held[:size]
    topped = tuned[: size - len(sample)]
    return sample + topped, len(topped)


def pct(n: int, d: int, digits: int = 1) -> str:
    return f"{100 * n / d:.{digits}f}%" if d else "–"


# The grade each rule declares in its family module, read before suggestions_apply()
# changes anything.
DECLARED = {code: r.fix for code, r in textfix.RULES.items()}


def suggestions_apply(on: bool) -> None:
    """Let report-only rules apply their suggested edits as unsafe fixes (``on``), or not.

    A rule moved down to report only keeps its pass's edits as suggestions (never applied,
    see ``Document.finding``); without them a demoted rule could never be measured again
    after it is improved.  Rules that propose no edits are unaffected.  The rules are frozen
    values shared with their passes, so this one process sets the field in place, for the third
    run of each document only: a suggestion applied there changes the text other rules see, and
    what they do to it (issue 16: Q101 turning ``as “)`` into ``as ”)``, then Q103 closing the
    space) is nothing a user's unsafe fix does, so it must not count against them.
    """
    for code, r in textfix.RULES.items():
        if DECLARED[code] is None:
            regrade(r, Applicability.UNSAFE if on else None)


def applicability(code: str) -> str:
    fix = DECLARED[code]
    return fix.value if fix is not None else "report only"


def supported_tier(precision: float | None) -> str:
    """The highest tier a judged precision supports under the policy."""
    if precision is None:
        return "–"
    if precision >= TIER_BAR["safe"]:
        return "safe"
    return "unsafe" if precision >= TIER_BAR["unsafe"] else "report only"


def table_rows(
    changes: list[Change], verdicts: dict[str, dict], default_size: int, sizes: dict[str, int] | None = None
) -> tuple[list[dict], dict]:
    by_rule: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for c in changes:
        by_rule[(c.code, c.tier)].append(c)
    rows = []
    samples = {}
    for (code, tier), group in sorted(by_rule.items()):
        per_folder = Counter(c.folder for c in group)
        size = (sizes or {}).get(code, default_size)
        sample, topped = draw(group, size)
        samples[(code, tier)] = sample
        judged = [c for c in sample if c.key in verdicts]
        right = sum(1 for c in judged if verdicts[c.key]["verdict"] == "right")
        distinct_held = len({c.key for c in group if c.held_out})
        prec = right / len(judged) if judged else None
        enough = len(judged) >= min(size, len(sample))
        below = prec is not None and prec < TIER_BAR[tier]
        supports = supported_tier(prec) if enough else "–"
        if prec is None or not enough:
            status = f"not judged ({len(sample) - len(judged)} to judge)"
        elif below and tier == "unsafe" and applicability(code) == "safe":
            # Changes of a safe rule that only the unsafe run makes: the pass's own
            # context-lowered edits, or safe edits on text an unsafe fix changed first.
            status = "**below tier** (unsafe-run changes of a safe rule)"
        elif below and applicability(code) != "report only":
            status = "**below tier: move down**"
        elif below:
            status = "below tier (moved down)"
        else:
            status = "meets tier"
        rows.append(
            {
                "code": code,
                "name": textfix.RULES[code].name,
                "tier": tier,
                "now": applicability(code),
                "folders": per_folder,
                "held": distinct_held,
                "sample": len(sample),
                "topped": topped,
                "judged": len(judged),
                "right": right,
                "precision": prec,
                "status": status,
                "supports": supports,
            }
        )
    return rows, samples


def render_table(rows: list[dict]) -> list[str]:
    out = [
        "| rule | tier measured | applies now | changes hyp | ts-hyp | ref | ts-ref | held-out distinct "
        "| sample (from tuning lines) | judged | right | precision | bar | supports | status |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        f = r["folders"]
        out.append(
            f"| {r['code']} {r['name']} | {r['tier']} | {r['now']} | {f['hyp']} | {f['ts-hyp']} | {f['ref']} "
            f"| {f['ts-ref']} | {r['held']} | {r['sample']} ({r['topped']}) | {r['judged']} | {r['right']} "
            f"| {pct(r['right'], r['judged'])} | {TIER_BAR[r['tier']]:.0%} | {r['supports']} | {r['status']} |"
        )
    return out


def render_samples(samples: dict, verdicts: dict[str, dict]) -> list[str]:
    out = []
    for (code, tier), sample in sorted(samples.items()):
        wrong = [c for c in sample if c.key in verdicts and verdicts[c.key]["verdict"] == "wrong"]
        judged = sum(1 for c in sample if c.key in verdicts)
        out.append(f"### {code} ({tier} tier): {judged} judged, {len(wrong)} wrong")
        out.append("")
        for c in sample:
            v = verdicts.get(c.key)
            mark = v["verdict"] if v else "NOT JUDGED"
            reason = f": {v['reason']}" if v and v.get("reason") else ""
            src = "" if c.held_out else " (tuning line)"
            out.append(f"- `{c.key}` {c.where}{src}: **{mark}**{reason}  ")
            out.append(f"  `{c.marked(40)}`")
        out.append("")
    return out


POLICY = """\
## Policy

A rule's fix is trusted only as far as it has been measured on text nobody wrote for it.

- A **safe** fix (applied by default) needs a judged precision of at least **99%**.
- An **unsafe** fix (applied only with `--unsafe-fixes` / `unsafe=True`) needs at least **90%**.
- Precision is right / judged over a random sample of at least **50** changes per rule and
  tier, or all of them where there are fewer.
- A rule below its tier moves down, safe → unsafe → report only, until it is improved and
  measured again.  A rule declares its applicability with `fix=` in its family module
  (`src/textfix/passes/<family>.py`).
- On the human references (`ref` and `ts-ref`), the default fix changes at most **0.5%** of
  lines, and wrongly (the reference was not in error there) at most **0.1%** of lines.

A change is judged **right** only if the new text is correct and the old text was wrong; it
is **wrong** if correct text was damaged, or if the repair made the text no better (a partial
repair that leaves the artifact visible, a change of style where both were acceptable).

## Which lines were judged

Earlier work measured and tuned the rules on the official test set: `wmt22/hyp` and
`wmt22/ref` (benchmarks/results/*.md: fix_summary, dashes_numbers, entities,
pronouns_calques_boilerplate_fragments, residue, wmt22_eval, and quotes, which also counted quotes on `ts-hyp` and `ts-ref`).  The
samples are therefore drawn first from the lines of `ts-hyp` and `ts-ref` that do not occur in
`hyp` or `ref` (the challenge test suites of cs-en, de-en, ru-en, uk-en and liv-en; for ja-en
and zh-en `ts-hyp` is the official test set again, so those systems offer no held-out lines).
Where a rule makes fewer than 50 distinct changes on held-out lines, its sample is topped up
from the tuning lines, and the table says how many came from there.  Each file is fixed as one
document, as a user fixing the file would; a file joins many articles, which matters for the
consistency rules (C1xx): a change of style counts as right only where the other style occurs
in the same article (within ten lines), since a consistent article is not in error.

## How the verdicts are kept

Every verdict is one line of `benchmarks/results/precision_judgements.jsonl`: the change's key,
`right` or `wrong`, and a short reason.  The key is the rule code, a hash of the original line
and a hash of the change (its column in the line, the old and the new text), so a verdict
stays valid when the code changes elsewhere; the sample is the 50 changes of lowest hash rank
(100 for the rules named in the table's heading, whose first 50 are the same), so a change that
stays keeps its place.  After a code change, rerun the command: it reuses the
stored verdicts and prints only the sampled changes nobody has judged (`--todo FILE` writes
them as JSONL, each with its line and the change marked ⟦old→new⟧).  Judge them, append the
verdicts, and run it again.

A rule moved down declares `extra={"moved_down_from": ...}` beside its `fix=` in its family
module.  A report-only rule keeps its pass's edits as suggestions that are never applied; the
benchmark lets them apply in a third run of each file (unsafe fixes and the suggestions), so a
moved rule is measured again (in the unsafe tier) and can move back up once its judged
precision supports it.  Only the report-only rules' changes are taken from that run: what the
other rules then do to the suggested text is nothing a user's fix does.  Rules that are off by
default (N106, the LanguageTool rules) are not measured.
"""


def render(rows, samples, verdicts, lines, ref_changed, ref_list, elapsed, stale) -> tuple[str, str]:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    judged = sum(r["judged"] for r in rows)
    to_judge = sum(r["sample"] - r["judged"] for r in rows)
    below = [f"{r['code']} ({r['tier']})" for r in rows if "**below tier" in r["status"]]
    ref_total = lines["ref"] + lines["ts-ref"]
    ref_n = sum(len(v) for v in ref_changed.values())
    ref_wrong_lines = {
        (c.folder, c.file, c.lineno) for c in ref_list if verdicts.get(c.key, {}).get("verdict") == "wrong"
    }
    ref_unjudged = sum(1 for c in ref_list if c.key not in verdicts)
    head = [
        "# Precision of every fix, judged on WMT22",
        "",
        f"Generated by `{COMMAND}` on {stamp} (textfix {textfix.__version__}, {elapsed:.0f} s); "
        f"sample seed `{SEED}`, {SAMPLE} changes per rule and tier ("
        + ", ".join(f"{k} {v}" for k, v in sorted(SAMPLE_BY_RULE.items()))
        + "). Non-empty lines: "
        + ", ".join(f"{f} {lines[f]:,}" for f in _data.FOLDERS)
        + ". Each file is fixed as one document.",
        "",
        f"Judged {judged} sampled changes; {to_judge} sampled changes are not judged yet"
        + (f"; {stale} stored verdicts are for changes the code no longer makes" if stale else "")
        + ".",
        "",
        "Files whose line count a fix changed (a bug; the third run lets report-only rules apply, "
        "so a report-only rule's damage shows here too): "
        + (", ".join(LINE_COUNT_CHANGED) if LINE_COUNT_CHANGED else "none")
        + ".",
        "",
        "Rules below their tier and not yet moved down: " + (", ".join(below) if below else "none") + ".",
        "",
        f"References (ref + ts-ref): the default fix changes {ref_n} of {ref_total:,} lines "
        f"({pct(ref_n, ref_total, 3)}; limit {REF_CHANGED_MAX:.1%}); lines with a change judged wrong: "
        f"{len(ref_wrong_lines)} ({pct(len(ref_wrong_lines), ref_total, 3)}; limit {REF_WRONG_MAX:.1%})"
        + (f"; {ref_unjudged} reference changes not judged yet" if ref_unjudged else "")
        + " (benchmarks/results/reference_changes.md).",
        "",
        "*tier measured*: safe = changes of the default fix; unsafe = changes only the unsafe fix "
        "makes (a report-only rule's suggested edits are measured here, in a run of their own; for a "
        "safe rule, its context-lowered edits and its edits on text an unsafe fix changed first). *applies now*: the grade "
        "the rule declares in its family module. *held-out distinct*: distinct changes on lines not "
        "used for tuning. *supports*: the highest tier the judged precision supports (safe >= 99%, "
        "unsafe >= 90%, else report only).",
        "",
    ]
    table = render_table(rows)
    results = "\n".join(head + table + ["", POLICY, "## Judged samples", ""] + render_samples(samples, verdicts))
    docs = "\n".join(
        head + table + ["", POLICY, "The judged samples are listed in `benchmarks/results/precision.md`.", ""]
    )
    return results + "\n", docs


def render_refs(ref_list: list[Change], verdicts: dict[str, dict], lines, ref_changed) -> str:
    ref_total = lines["ref"] + lines["ts-ref"]
    ref_n = sum(len(v) for v in ref_changed.values())
    by_code = Counter(c.code for c in ref_list)
    wrong = [c for c in ref_list if verdicts.get(c.key, {}).get("verdict") == "wrong"]
    wrong_lines = {(c.folder, c.file, c.lineno) for c in wrong}
    out = [
        "# Default-fix changes on the human references (ref + ts-ref)",
        "",
        f"Generated by `{COMMAND}`. Lines changed: {ref_n} of {ref_total:,} "
        f"({pct(ref_n, ref_total, 3)}; limit {REF_CHANGED_MAX:.1%}). Changes: {len(ref_list)}; "
        f"by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(by_code.items())) + ".",
        "",
        f"Judged a real error in the reference (**right**) or not (**wrong**): {len(wrong)} changes on "
        f"{len(wrong_lines)} lines are not ({pct(len(wrong_lines), ref_total, 3)} of lines; limit "
        f"{REF_WRONG_MAX:.1%}); not judged yet: {sum(1 for c in ref_list if c.key not in verdicts)}.",
        "",
        "`ts-ref` repeats `ref`'s lines; each is listed under both folders, as it is counted.",
        "",
    ]
    for c in ref_list:
        v = verdicts.get(c.key)
        mark = v["verdict"] if v else "NOT JUDGED"
        reason = f": {v['reason']}" if v and v.get("reason") else ""
        out.append(f"- {c.where} {c.code}: **{mark}**{reason}  ")
        out.append(f"  `{c.marked(40)}`")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks precision rules", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=SAMPLE)
    ap.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    ap.add_argument("--todo", type=Path, help="write the unjudged sampled changes here as JSONL")
    ap.add_argument("--results", type=Path, default=_data.results_dir())
    ap.add_argument("--docs", type=Path, default=_data.docs_dir())
    ap.add_argument(
        "--cache",
        type=Path,
        help="pickle of the collected changes: read if present (skipping the fix runs), else written; "
        "for re-rendering while judging, never for a published run",
    )
    args = ap.parse_args(argv)
    if not _data.require_wmt22():
        return 2
    t0 = time.perf_counter()
    if args.cache and args.cache.exists():
        with open(args.cache, "rb") as fh:
            changes, lines, ref_changed, broken, elapsed = pickle.load(fh)  # a pickle this script wrote
        LINE_COUNT_CHANGED.extend(broken)
    else:
        changes, lines, ref_changed = collect(textfix.Pipeline())
        elapsed = time.perf_counter() - t0
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump((changes, lines, ref_changed, LINE_COUNT_CHANGED, elapsed), fh)
    verdicts = load_judgements(args.judgements)
    sizes = {k: max(v, args.sample) for k, v in SAMPLE_BY_RULE.items()}
    rows, samples = table_rows(changes, verdicts, args.sample, sizes)
    ref_list = [c for c in changes if c.folder in _data.REFERENCE_FOLDERS and c.tier == "safe"]
    live = {c.key for c in changes}
    stale = sum(1 for k in verdicts if k not in live)

    todo: dict[str, Change] = {}
    for sample in samples.values():
        for c in sample:
            if c.key not in verdicts:
                todo.setdefault(c.key, c)
    for c in ref_list:
        if c.key not in verdicts:
            todo.setdefault(c.key, c)

    results, docs = render(rows, samples, verdicts, lines, ref_changed, ref_list, elapsed, stale)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "precision.md").write_text(results, encoding="utf-8")
    (args.results / "reference_changes.md").write_text(
        render_refs(ref_list, verdicts, lines, ref_changed), encoding="utf-8"
    )
    (args.docs / "precision.md").write_text(docs, encoding="utf-8")
    if args.todo:
        with open(args.todo, "w", encoding="utf-8") as fh:
            for c in todo.values():
                row = {"key": c.key, "code": c.code, "tier": c.tier, "where": c.where, "old": c.old, "new": c.new}
                row["line"] = c.marked()
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    for c in todo.values():
        print(f"UNJUDGED {c.key} [{c.tier}] {c.where}\n    {c.marked(80)}")
    for r in rows:
        print(
            f"{r['code']:5} {r['tier']:6} changes {sum(r['folders'].values()):6} judged {r['judged']:3}/{r['sample']:3} "
            f"precision {pct(r['right'], r['judged'])} {r['status']}"
        )
    print(
        f"unjudged {len(todo)}; results in {args.results}/precision.md, reference_changes.md; docs {args.docs}/precision.md"
    )
    return 0
