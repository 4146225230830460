"""Translation files: textfix and translate-toolkit's pofilter on real PO catalogues and on
files built from WMT22 machine translation.

1. Human-translated PO catalogues: every ``*.po`` the installed Django ships (its own and its
   contrib apps', all languages), read where pip put them.  Whatever either tool flags there
   is a candidate false alarm: textfix's rate per language, pofilter's beside it.
2. Machine translation: for each WMT22 pair of ../shared/wmt22 and a few systems, the source
   lines with one system's output as targets, written as PO, XLIFF 1.2, TMX and SRT in a
   temporary folder: what textfix finds and repairs in each format, and whether the repair
   through the file equals ``Pipeline.fix(target, source=source)`` on the bare line.
3. Samples of each tool's findings, drawn at random, judged by hand under ``## Judgements``
   (kept when the file is regenerated).

pofilter runs from its own venv, a peer to compare with, never a dependency of textfix:

    python -m benchmarks formats [--pofilter PATH] [--shared ../shared] [--catalogues N]

Without ``--pofilter`` the script makes ``benchmarks/.venv-pofilter`` with pip (translate-
toolkit from PyPI) on first use.  Django must be importable (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import argparse
import datetime
import random
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import polib

import textfix
from textfix.formats import _check, _fix, file_language, parse
from textfix.pipeline import Pipeline

from . import _data

# One weak and one strong engine per pair (the weak ones leave the artifacts textfix is for).
SYSTEMS = {
    "cs-en": ("ALMAnaCH-Inria", "Online-A"),
    "de-en": ("LT22", "Online-A"),
    "ja-en": ("AIST", "Online-A"),
    "liv-en": ("Liv4ever", "TartuNLP"),
    "ru-en": ("ALMAnaCH-Inria", "Online-A"),
    "uk-en": ("ALMAnaCH-Inria", "Online-A"),
    "zh-en": ("DLUT", "Online-A"),
}
SEED = 21
# The languages whose quotation typography the quotes pass models; it reads others as English.
QUOTE_LANGS = ("en", "de", "fr")


def pofilter_bin(given: str | None) -> str:
    if given:
        return given
    venv = _data.ROOT / "benchmarks" / ".venv-pofilter"
    exe = venv / "bin" / "pofilter"
    if not exe.exists():
        print(f"making {venv} with translate-toolkit (pofilter's own venv) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "translate-toolkit"], check=True)
    return str(exe)


def pofilter_version(exe: str) -> str:
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).strip()


def run_pofilter(exe: str, po: Path, out: Path, lang: str) -> dict[tuple[str | None, str], list[tuple[str, str, str]]]:
    """pofilter's failures per (msgctxt, msgid): (test name, message, msgstr) triples.

    Fuzzy and needs-review units are left out, as textfix leaves them out by default."""
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            exe,
            "--nofuzzy",
            "--noreview",
            "--progress=none",
            "--errorlevel=none",
            f"--language={lang}",
            "-i",
            str(po),
            "-o",
            str(out),
        ],
        check=False,
        capture_output=True,
    )
    found: dict[tuple[str | None, str], list[tuple[str, str, str]]] = {}
    if not out.exists():
        return found
    for e in polib.pofile(str(out)):
        tests = []
        for line in (e.tcomment or "").splitlines():
            if line.startswith("(pofilter) "):
                name, _, msg = line[len("(pofilter) ") :].partition(": ")
                target = e.msgstr or " | ".join(v for _, v in sorted(e.msgstr_plural.items()))
                tests.append((name.strip(), msg.strip(), target))
        if tests:
            found[(e.msgctxt, e.msgid)] = tests
    return found


def locale_of(path: Path) -> str:
    return path.parts[-3]


def measure_django(exe: str, tmp: Path, catalogues: int | None = None) -> dict:
    import django

    base = Path(django.__file__).parent
    files = sorted(base.glob("**/locale/*/LC_MESSAGES/*.po"))[:catalogues]
    per_lang: dict[str, Counter] = defaultdict(Counter)
    tf_samples, pf_samples = [], []
    tf_codes, pf_tests = Counter(), Counter()
    pipes: dict[str, Pipeline] = {}
    for k, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, "po", str(path))
        lang = file_language(parsed, text) or locale_of(path).split("_")[0].lower()
        pipe = pipes.setdefault(lang, Pipeline(lang=lang))
        loc = locale_of(path)
        c = per_lang[loc]
        checked = {
            (u.context, u.id.rsplit("[", 1)[0] if "[" in u.id and u.id.endswith("]") else u.id)
            for u in parsed.units
            if u.skipped() is None
        }
        # Entries, not plural forms: pofilter reports per entry.
        c["files"] += 1
        c["entries"] += len(checked)
        findings = _check(parsed, pipe, False)
        flagged = set()
        for ff in findings:
            key = (ff.unit.context, ff.unit.id.rsplit("[", 1)[0] if ff.unit.id.endswith("]") else ff.unit.id)
            flagged.add(key)
            tf_codes[ff.finding.code] += 1
            if ff.finding.code.startswith("Q") and lang not in QUOTE_LANGS:
                c["tf_q_other"] += 1
            tf_samples.append(
                (
                    f"{base.name}/{path.relative_to(base)}",
                    ff.line,
                    ff.finding.code,
                    ff.finding.message,
                    ff.unit.source or "",
                    ff.unit.target,
                )
            )
        c["tf_findings"] += len(findings)
        c["tf_entries"] += len(flagged)
        pf = run_pofilter(exe, path, tmp / "django" / f"{k}.po", lang)
        pf_keys = [key for key in pf if key in checked]
        c["pf_findings"] += sum(len(pf[key]) for key in pf_keys)
        c["pf_entries"] += len(pf_keys)
        for key in pf_keys:
            for name, msg, target in pf[key]:
                pf_tests[name] += 1
                pf_samples.append((f"{base.name}/{path.relative_to(base)}", key, name, msg, target))
    return {
        "files": files,
        "per_lang": per_lang,
        "tf_samples": tf_samples,
        "pf_samples": pf_samples,
        "tf_codes": tf_codes,
        "pf_tests": pf_tests,
        "django": django.get_version(),
    }


def _clean(s: str) -> bool:
    return all(ch in "\t" or ord(ch) >= 32 for ch in s) and "\ufffe" not in s and "\uffff" not in s


def build_files(src: list[str], hyp: list[str], folder: Path, stem: str, src_lang: str) -> dict[str, Path]:
    """PO, XLIFF 1.2, TMX and SRT files with ``src`` as sources and ``hyp`` as targets,
    written with polib, ElementTree and srt (never by hand)."""
    import srt

    pairs = [(s, t) for s, t in zip(src, hyp, strict=True) if t.strip() and _clean(s) and _clean(t)]
    out = {}
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for n, (s, t) in enumerate(pairs, 1):
        po.append(polib.POEntry(msgctxt=str(n), msgid=s, msgstr=t))
    out["po"] = folder / f"{stem}.po"
    po.save(str(out["po"]))

    ns = "urn:oasis:names:tc:xliff:document:1.2"
    ET.register_namespace("", ns)
    x = ET.Element(f"{{{ns}}}xliff", version="1.2")
    f = ET.SubElement(
        x,
        f"{{{ns}}}file",
        {"source-language": src_lang, "target-language": "en", "datatype": "plaintext", "original": stem},
    )
    body = ET.SubElement(f, f"{{{ns}}}body")
    for n, (s, t) in enumerate(pairs, 1):
        tu = ET.SubElement(body, f"{{{ns}}}trans-unit", id=str(n))
        ET.SubElement(tu, f"{{{ns}}}source").text = s
        ET.SubElement(tu, f"{{{ns}}}target", state="translated").text = t
    out["xliff"] = folder / f"{stem}.xlf"
    ET.indent(x)  # one element a line, as CAT tools write them (only whitespace between elements)
    ET.ElementTree(x).write(out["xliff"], encoding="UTF-8", xml_declaration=True)

    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(
        tmx,
        "header",
        {
            "srclang": src_lang,
            "datatype": "plaintext",
            "segtype": "sentence",
            "adminlang": "en",
            "o-tmf": "none",
            "creationtool": "formats_measure",
            "creationtoolversion": "1",
        },
    )
    tb = ET.SubElement(tmx, "body")
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    for n, (s, t) in enumerate(pairs, 1):
        tu = ET.SubElement(tb, "tu", tuid=str(n))
        for lang, text in ((src_lang, s), ("en", t)):
            tuv = ET.SubElement(tu, "tuv", {lang_attr: lang})
            ET.SubElement(tuv, "seg").text = text
    out["tmx"] = folder / f"{stem}.tmx"
    ET.indent(tmx)
    ET.ElementTree(tmx).write(out["tmx"], encoding="UTF-8", xml_declaration=True)

    subs = [
        srt.Subtitle(n, datetime.timedelta(seconds=3 * n), datetime.timedelta(seconds=3 * n + 2), t)
        for n, (_, t) in enumerate(pairs, 1)
    ]
    out["srt"] = folder / f"{stem}.srt"
    out["srt"].write_text(srt.compose(subs, reindex=False), encoding="utf-8")
    return out


def measure_wmt(exe: str, wmt: Path, tmp: Path) -> dict:
    rows = []
    tf_samples, pf_samples = [], []
    for pair, systems in SYSTEMS.items():
        src_lang = pair.split("-")[0]
        src = _data.content_lines(wmt / "src" / f"generaltest2022.{pair}.src.{src_lang}")
        for system in systems:
            hyp_path = wmt / "hyp" / f"generaltest2022.{pair}.hyp.{system}.en"
            if not hyp_path.exists():
                continue
            hyp = _data.content_lines(hyp_path)
            files = build_files(src, hyp, tmp, f"{pair}.{system}", src_lang)
            pipe = Pipeline(lang="en")
            for fmt, path in files.items():
                text = path.read_text(encoding="utf-8")
                parsed = parse(text, "xliff" if fmt == "xliff" else fmt, str(path))
                live = [u for u in parsed.units if u.skipped() is None]
                findings = _check(parsed, pipe, False)
                res = _fix(parsed, pipe, False, False, text)
                # The repair through the file must be the repair of the bare line.
                again = parse(res.text, "xliff" if fmt == "xliff" else fmt)
                agree = sum(
                    1
                    for u, v in zip(parsed.units, again.units, strict=True)
                    if u in res.held or v.target == pipe.fix(u.target, source=u.source)
                )
                row = {
                    "pair": pair,
                    "system": system,
                    "format": fmt,
                    "units": len(live),
                    "findings": len(findings),
                    "flagged": len({f.unit.index for f in findings}),
                    "fixed": len(res.changed),
                    "held": len(res.held),
                    "agree": agree,
                    "total": len(parsed.units),
                    "codes": Counter(f.finding.code for f in findings),
                }
                if fmt == "po":
                    pf = run_pofilter(exe, path, tmp / "pf" / path.name, "en")
                    row["pf_findings"] = sum(len(v) for v in pf.values())
                    row["pf_flagged"] = len(pf)
                    for key, tests in pf.items():
                        for name, msg, target in tests:
                            pf_samples.append((f"{pair}.{system}", key, name, msg, target))
                    for ff in findings:
                        tf_samples.append(
                            (
                                f"{pair}.{system}",
                                ff.unit.context,
                                ff.finding.code,
                                ff.finding.message,
                                ff.unit.source or "",
                                ff.unit.target,
                            )
                        )
                rows.append(row)
    return {"rows": rows, "tf_samples": tf_samples, "pf_samples": pf_samples}


def per_k(n: int, d: int) -> str:
    return f"{1000 * n / d:.1f}" if d else "-"


def render(dj: dict, mt: dict | None, pf_version: str, judgements: str, elapsed: float) -> str:
    rng = random.Random(SEED)
    out = [
        "# Translation files: textfix and pofilter",
        "",
        f"Generated by `python -m benchmarks formats` on {datetime.date.today().isoformat()} "
        f"(textfix {textfix.__version__}, default rules; {pf_version}; Django {dj['django']}; {elapsed:.0f} s).",
        "pofilter runs with `--nofuzzy --noreview --language=<the file's language>` and its default tests;",
        "textfix with its defaults and the file's declared language; both skip fuzzy entries.",
        "",
        "## Human-translated PO catalogues (Django)",
        "",
        f"{len(dj['files'])} catalogues (`django/**/locale/*/LC_MESSAGES/*.po` of the installed package). "
        "Entries: translated, not fuzzy (plural forms counted once). These are human translations: "
        "a finding is a candidate false alarm (see the judged samples).",
        "",
    ]
    tot = Counter()
    for c in dj["per_lang"].values():
        tot.update(c)
    out += [
        "| | entries | textfix findings | per 1,000 entries | entries flagged | pofilter findings | per 1,000 entries "
        "| entries flagged |",
        "|---|---|---|---|---|---|---|---|",
        f"| **all {len(dj['per_lang'])} locales** | {tot['entries']} | {tot['tf_findings']} | "
        f"{per_k(tot['tf_findings'], tot['entries'])} | {tot['tf_entries']} | {tot['pf_findings']} | "
        f"{per_k(tot['pf_findings'], tot['entries'])} | {tot['pf_entries']} |",
    ]
    for loc in sorted(dj["per_lang"]):
        c = dj["per_lang"][loc]
        out.append(
            f"| {loc} | {c['entries']} | {c['tf_findings']} | {per_k(c['tf_findings'], c['entries'])} | "
            f"{c['tf_entries']} | {c['pf_findings']} | {per_k(c['pf_findings'], c['entries'])} | {c['pf_entries']} |"
        )
    q = sum(dj["tf_codes"][k] for k in dj["tf_codes"] if k.startswith("Q"))
    out += [
        "",
        "textfix findings by rule: " + ", ".join(f"{k} {v}" for k, v in dj["tf_codes"].most_common()),
        "",
        f"Of the {q} quote (Q) findings, {tot['tf_q_other']} are in catalogues of languages other than "
        f"{', '.join(QUOTE_LANGS)}, whose quotation marks the quotes pass reads by English rules (see Judgements).",
        "",
        "pofilter findings by test: " + ", ".join(f"{k} {v}" for k, v in dj["pf_tests"].most_common()),
        "",
    ]
    if mt is not None:
        out += [
            "## Machine translation in translation files (WMT22)",
            "",
            "Each WMT22 source line with one system's output as its target, written as PO (polib), XLIFF 1.2 "
            "and TMX (ElementTree) and SRT (srt), then checked and fixed through the file. *agree*: units whose "
            "target after `fix` through the file equals `Pipeline.fix(target, source=source)` on the bare line "
            "(held units count as agreeing: they are left as they were on purpose). SRT carries no source, so "
            "the X rules do not run there.",
            "",
            "| pair | system | format | units | findings | per 1,000 units | units flagged | units repaired "
            "| held | agree | pofilter findings (PO) | per 1,000 units |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in mt["rows"]:
            pf = f"{r['pf_findings']} | {per_k(r['pf_findings'], r['units'])}" if "pf_findings" in r else " | "
            out.append(
                f"| {r['pair']} | {r['system']} | {r['format']} | {r['units']} | {r['findings']} | "
                f"{per_k(r['findings'], r['units'])} | {r['flagged']} | {r['fixed']} | {r['held']} | "
                f"{r['agree']}/{r['total']} | {pf} |"
            )
        codes = Counter()
        for r in mt["rows"]:
            if r["format"] == "xliff":
                codes.update(r["codes"])
        out += [
            "",
            "textfix findings by rule (XLIFF files): " + ", ".join(f"{k} {v}" for k, v in codes.most_common()),
            "",
        ]
    out += [
        "## Samples to judge",
        "",
        f"Drawn at random (seed {SEED}); each is judged by hand under Judgements, read as a reviewer would.",
        "",
    ]
    groups = [("textfix on Django", dj["tf_samples"], 20, "tf"), ("pofilter on Django", dj["pf_samples"], 20, "pf")]
    if mt is not None:
        groups += [
            ("textfix on WMT22 PO", mt["tf_samples"], 20, "tf"),
            ("pofilter on WMT22 PO", mt["pf_samples"], 20, "pf"),
        ]
    for title, items, n, kind in groups:
        out += [f"### {title}", ""]
        pick = rng.sample(items, min(n, len(items)))
        for k, item in enumerate(pick, 1):
            if kind == "tf":
                where, ctx, code, msg, src, tgt = item
                out.append(f"{k}. `{where}:{ctx}` {code} {msg}")
                out.append(f"   - source: {src[:240]!r}")
                out.append(f"   - target: {tgt[:240]!r}")
            else:
                where, (ctx, msgid), name, msg, target = item
                out.append(f"{k}. `{where}` {name}: {msg}")
                out.append(f"   - source: {msgid[:240]!r}")
                out.append(f"   - target: {target[:240]!r}")
        out.append("")
    out += ["## Judgements", "", judgements.strip() or "(not yet judged)"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks formats", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=_data.SHARED)
    ap.add_argument("--pofilter", help="pofilter executable (default: benchmarks/.venv-pofilter, made on first use)")
    ap.add_argument("--out", type=Path, default=_data.results_dir() / "formats.md")
    ap.add_argument("--catalogues", type=int, help="only the first N Django catalogues (default: all)")
    args = ap.parse_args(argv)
    exe = pofilter_bin(args.pofilter)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="textfix-formats-") as tmp:
        dj = measure_django(exe, Path(tmp), args.catalogues)
        wmt = args.shared / "wmt22"
        mt = measure_wmt(exe, wmt, Path(tmp)) if wmt.exists() else None
    elapsed = time.perf_counter() - t0
    judgements = ""
    if args.out.exists():
        old = args.out.read_text(encoding="utf-8")
        if "## Judgements" in old:
            judgements = old.split("## Judgements", 1)[1]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(dj, mt, pofilter_version(exe), judgements, elapsed), encoding="utf-8")
    tot = Counter()
    for c in dj["per_lang"].values():
        tot.update(c)
    print(
        f"Django: {tot['entries']} entries; textfix {tot['tf_findings']} findings "
        f"({per_k(tot['tf_findings'], tot['entries'])}/1k), pofilter {tot['pf_findings']} "
        f"({per_k(tot['pf_findings'], tot['entries'])}/1k)"
    )
    if mt is None:
        print(f"{wmt} absent: the WMT22 part was left out")
    else:
        for r in mt["rows"]:
            if r["format"] == "xliff":
                print(
                    f"{r['pair']} {r['system']}: {r['findings']} findings, {r['fixed']} repaired, {r['held']} held, "
                    f"agree {r['agree']}/{r['total']}"
                )
    print(f"wrote {args.out} in {elapsed:.1f}s")
    return 0
