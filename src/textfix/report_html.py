"""A self-contained HTML review page: each document with its findings highlighted in place.

One file, no external assets (inline CSS and JavaScript), works offline.  Each highlight
carries the rule code and message (as a tooltip and in ``data-`` attributes); the proposed
repair is shown beside it; checkboxes filter by rule family and severity; a summary table
counts findings per rule.

Overlapping findings are drawn by cutting the text at every finding boundary: each piece is
one ``<mark>`` listing all findings that cover it, so nothing needs to nest.
"""

from __future__ import annotations

import html
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from textfix.model import Edit, Finding
from textfix.pipeline import apply_edits
from textfix.rules import RULES

__all__ = ["render_report"]

CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:12px 20px}
header h1{font-size:18px;margin:0}
header .sig{font:12px monospace;opacity:.75}
main{display:flex;gap:20px;padding:16px 20px}
aside{min-width:240px;max-width:300px}
section.doc{flex:1;min-width:0}
.panel{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:10px 12px;margin-bottom:14px}
.panel h2{font-size:14px;margin:0 0 6px}
.filters label{display:block;font-size:13px}
table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #eceef2;padding:3px 6px;text-align:left}
article{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin-bottom:16px}
article h3{font:600 13px monospace;margin:0 0 8px;color:#4a5568}
.text{white-space:pre-wrap;font:14px/1.6 ui-monospace,monospace;word-wrap:break-word}
mark{background:#ffe58a;border-bottom:2px solid #d69e00;border-radius:2px;cursor:help}
mark.sev-error{background:#ffc9c9;border-color:#d62828}
mark.sev-info{background:#d6ecff;border-color:#2b7bd6}
mark.point{background:none;border:none;color:#d62828;font-weight:bold}
mark.off{background:none;border-color:transparent;cursor:auto}
.repair{font-size:12px;color:#17753a;background:#e3f7e9;border-radius:3px;padding:0 3px;margin-left:1px}
.repair.unsafe{color:#8a5a00;background:#fff1d6}
.repair.off{display:none}
.list td.code{font-family:monospace}
tr.off{display:none}
"""

JS = """
(function(){
  const boxes=[...document.querySelectorAll('.filters input')];
  function state(){const s={family:new Set(),severity:new Set()};
    boxes.forEach(b=>{if(b.checked)s[b.dataset.kind].add(b.value)});return s;}
  function visible(s,el){return s.family.has(el.dataset.family)&&s.severity.has(el.dataset.severity);}
  function apply(){
    const s=state();
    const shown=new Set();
    document.querySelectorAll('[data-fid]').forEach(el=>{
      if(visible(s,el)) shown.add(el.dataset.doc+':'+el.dataset.fid);});
    document.querySelectorAll('mark').forEach(m=>{
      const ids=m.dataset.fids.split(' ');
      const on=ids.some(i=>shown.has(m.dataset.doc+':'+i));
      m.classList.toggle('off',!on);
      if(on){const t=ids.filter(i=>shown.has(m.dataset.doc+':'+i))
          .map(i=>document.getElementById('f-'+m.dataset.doc+'-'+i).dataset.title);
        m.title=t.join('\\n');} else {m.removeAttribute('title');}
    });
    document.querySelectorAll('.repair').forEach(r=>{
      r.classList.toggle('off',!shown.has(r.dataset.doc+':'+r.dataset.fid));});
    document.querySelectorAll('tr[data-fid]').forEach(r=>{
      r.classList.toggle('off',!shown.has(r.dataset.doc+':'+r.dataset.fid));});
    document.getElementById('shown').textContent=shown.size;
  }
  boxes.forEach(b=>b.addEventListener('change',apply));
  apply();
})();
"""


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _visible_repl(s: str) -> str:
    if s == "":
        return "∅ (delete)"
    return s.replace(" ", "\u2423").replace("\n", "\u21b5")


def _render_text(doc_id: int, text: str, findings: Sequence[Finding]) -> str:
    cuts = {0, len(text)}
    for f in findings:
        cuts.add(f.start)
        cuts.add(f.end)
    points = sorted(cuts)
    out: list[str] = []
    # One sweep over the cut points: findings start and stop covering pieces as we go.
    starts: dict[int, list[int]] = {}
    stops: dict[int, list[int]] = {}
    zero: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        if f.start == f.end:
            zero.setdefault(f.start, []).append(i)
        else:
            starts.setdefault(f.start, []).append(i)
            stops.setdefault(f.end, []).append(i)
    active: set[int] = set()
    order = ["error", "warning", "info"]

    def emit_points(pos: int) -> None:
        ids = zero.get(pos)
        if ids:
            sev = min((findings[i].severity.value for i in ids), key=order.index)
            out.append(
                f'<mark class="point sev-{sev}" data-doc="{doc_id}" data-fids="{" ".join(map(str, ids))}">‸</mark>'
            )
            for i in ids:
                if findings[i].edits:
                    out.append(_repair(doc_id, i, findings[i], text))

    for a, b in itertools.pairwise(points):
        active.difference_update(stops.get(a, ()))
        active.update(starts.get(a, ()))
        emit_points(a)
        piece = text[a:b]
        if active:
            ids = sorted(active)
            sev = min((findings[i].severity.value for i in ids), key=order.index)
            out.append(
                f'<mark class="sev-{sev}" data-doc="{doc_id}" data-fids="{" ".join(map(str, ids))}">{_e(piece)}</mark>'
            )
        else:
            out.append(_e(piece))
        for i in stops.get(b, ()):
            if findings[i].edits:
                out.append(_repair(doc_id, i, findings[i], text))
    emit_points(len(text))
    return "".join(out)


def _repaired(text: str, f: Finding) -> str:
    """What the finding's span (widened to its edits) reads like after its repair."""
    lo = min([f.start, *(e.start for e in f.edits)])
    hi = max([f.end, *(e.end for e in f.edits)])
    try:
        return apply_edits(text[lo:hi], [Edit(e.start - lo, e.end - lo, e.replacement) for e in f.edits])
    except ValueError:
        return " ".join(e.replacement for e in f.edits)


def _repair(doc_id: int, i: int, f: Finding, text: str) -> str:
    unsafe = " unsafe" if f.applicability and f.applicability.value == "unsafe" else ""
    repl = _visible_repl(_repaired(text, f))
    return f'<span class="repair{unsafe}" data-doc="{doc_id}" data-fid="{i}">→{_e(repl)}</span>'


def _signature_html(sig: dict[str, Any]) -> str:
    """One readable line (version, language, how many rules) with the rule codes folded
    away, and the whole signature as JSON data for tools; not a raw list under the title."""
    rules = list(sig.get("rules", ()))
    head = " · ".join(
        x
        for x in (
            f"textfix {sig['textfix']}" if "textfix" in sig else "",
            f"lang {sig['lang']}" if "lang" in sig else "",
            f"{len(rules)} rules" if "rules" in sig else "",
        )
        if x
    )
    data = json.dumps(sig, ensure_ascii=True).replace("</", "<\\/")
    return (
        f"<details class='sig'><summary>{_e(head)}</summary>{_e(', '.join(rules))}</details>"
        f"<script type='application/json' id='signature'>{data}</script>"
    )


def render_report(
    documents: Sequence[tuple[str, str, Sequence[Finding]]], signature: dict[str, Any] | None = None
) -> str:
    """HTML for ``(name, text, findings)`` triples; findings' offsets index their text."""
    families: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    for _, _, fs in documents:
        for f in fs:
            families[f.pass_name] += 1
            severities[f.severity.value] += 1
            per_rule[f.code] += 1
    total = sum(per_rule.values())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>textfix report ({total} findings)</title><style>{CSS}</style></head><body>",
        f"<header><h1>textfix review: {total} findings in {len(documents)} document(s)</h1>",
        _signature_html(signature or {}),
        "</header><main><aside>",
        "<div class='panel filters'><h2>Rule family</h2>",
    ]
    for fam in sorted(families):
        parts.append(
            f"<label><input type='checkbox' checked data-kind='family' value='{_e(fam)}'> "
            f"{_e(fam)} ({families[fam]})</label>"
        )
    parts.append("<h2>Severity</h2>")
    for sev in ("error", "warning", "info"):
        if severities[sev]:
            parts.append(
                f"<label><input type='checkbox' checked data-kind='severity' value='{sev}'> "
                f"{sev} ({severities[sev]})</label>"
            )
    parts.append("<p>Shown: <b id='shown'>0</b></p></div>")
    parts.append("<div class='panel'><h2>Summary</h2><table><tr><th>Code</th><th>Name</th><th>#</th></tr>")
    for code, n in sorted(per_rule.items()):
        name = RULES[code].name if code in RULES else ""
        parts.append(f"<tr><td>{_e(code)}</td><td>{_e(name)}</td><td>{n}</td></tr>")
    parts.append("</table></div></aside><section class='doc'>")
    for doc_id, (name, text, fs) in enumerate(documents):
        fs = sorted(fs, key=lambda f: (f.start, f.end, f.code))
        parts.append(f"<article id='doc-{doc_id}'><h3>{_e(name)} ({len(fs)} findings)</h3>")
        parts.append(f"<div class='text'>{_render_text(doc_id, text, fs)}</div>")
        parts.append("<table class='list'>")
        for i, f in enumerate(fs):
            title = f"{f.code} {f.name}: {f.message}"
            repl = _visible_repl(_repaired(text, f)) if f.edits else ""
            fix = f.applicability.value if f.applicability else "report"
            parts.append(
                f"<tr id='f-{doc_id}-{i}' data-doc='{doc_id}' data-fid='{i}' data-family='{_e(f.pass_name)}' "
                f"data-severity='{f.severity.value}' data-code='{_e(f.code)}' data-start='{f.start}' "
                f"data-end='{f.end}' data-title='{_e(title)}'><td class='code'>{_e(f.code)}</td>"
                f"<td>{f.line}:{f.column}</td><td>{_e(f.message)}</td><td>{_e(repl)}</td><td>{fix}</td></tr>"
            )
        parts.append("</table></article>")
    parts.append(f"</section></main><script>{JS}</script></body></html>\n")
    return "".join(parts)
