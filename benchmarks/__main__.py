"""python -m benchmarks [--limit N] <command> [args]: every measurement of textfix, from the
repository root (textfix installed, ../shared or $TEXTFIX_SHARED beside it).

Each command has its own --help.  --limit N reads only the first N lines of every WMT22 file,
to check that a command works; its results then go to a scratch folder, never to
benchmarks/results/ or docs/.  throughput, scaling and hostile size their runs with their own
options (--limit, --base, --kb).
"""

from __future__ import annotations

import importlib
import sys

from . import _data

# command -> (module, what it measures); a command of two words is a group and its subcommand.
COMMANDS: dict[str, tuple[str, str]] = {
    "families": ("families", "flags and changes of rule families on references and system outputs"),
    "throughput": ("throughput", "segments/s against ftfy and sacremoses; per-pass cost"),
    "scaling": ("scaling", "the textfix command on 1x-100x corpora, workers, peak memory"),
    "hostile": ("hostile", "cost per byte of hostile input against WMT22 text"),
    "outputs record": ("outputs", "record textfix's outputs on all of WMT22 (before a change)"),
    "outputs compare": ("outputs", "compare today's outputs with a record (after a change)"),
    "eval wmt22": ("wmt22_eval", "BLEU/chrF before and after fixing, per system; docs/evaluation.md"),
    "eval languages": ("languages_eval", "out-of-English targets with lang set; docs/languages.md"),
    "eval rules": ("languages_rules", "every change and report of chosen rules on out-of-English output"),
    "precision rules": ("precision", "per-rule precision judged by reading; docs/precision.md"),
    "precision shapes": ("precision_shapes", "findings and changes per family against an older commit"),
    "recall": ("recall", "the punctuation-recall rules (N107, H102, F102) and their judged samples"),
    "formats": ("formats", "translation files: textfix and pofilter on PO/XLIFF/TMX/SRT"),
    "grammar": ("grammar", "the LanguageTool pass on the seed article and its throughput"),
    "documents": ("documents", "segments as documents: line counts in every mode, quote findings with sources"),
    "prefilters": ("prefilters", "what the passes' cheap pre-tests let through and cost"),
}
# A group's subcommand is passed on: `outputs record FILE` gives the module `record FILE`.
PASS_SUBCOMMAND = {"outputs"}


def usage() -> str:
    rows = [f"  {name:<18} {what}" for name, (_, what) in COMMANDS.items()]
    return (__doc__ or "").rstrip() + "\n\ncommands:\n" + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--limit"] and len(args) >= 2:
        try:
            _data.set_limit(int(args[1]))
        except ValueError:
            print(f"--limit takes a number of lines, not {args[1]!r}", file=sys.stderr)
            return 2
        args = args[2:]
    if not args or args[0] in ("-h", "--help"):
        sys.stdout.write(usage())
        return 0 if args else 2
    name = args[0]
    rest = args[1:]
    if name not in COMMANDS:
        group = [c for c in COMMANDS if c.startswith(name + " ")]
        sub = " ".join(args[:2])
        if not group or sub not in COMMANDS:
            wanted = " | ".join(c.split(" ", 1)[1] for c in group) if group else None
            msg = f"{name}: choose one of {wanted}" if wanted else f"unknown command {name!r}"
            print(msg + "\n\n" + usage(), file=sys.stderr)
            return 2
        name, rest = sub, args[2:]
        if args[0] in PASS_SUBCOMMAND:
            rest = [args[1], *rest]
    module = importlib.import_module(f"benchmarks.{COMMANDS[name][0]}")
    # argparse names the program after argv[0]: the command as typed, not __main__.py.
    sys.argv[0] = f"python -m benchmarks {name}"
    result = module.main(rest)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
