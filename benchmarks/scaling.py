"""Scaling, workers and peak memory of the `textfix` command on generated corpora.

    python -m benchmarks scaling [--base 3000] [--sizes 1,10,100] [--jobs 1,2] [--memory-gb 1.0]
                                 [--memory-select S,U] [--write benchmarks/results/scaling.md]

1. Linear scaling: an even sample of ``--base`` segments of ../shared/wmt22/ts-hyp/ is the
   1x corpus; 10x and 100x repeat it.  Each is written to /tmp and run through
   ``textfix fix --segments`` end to end (a subprocess: reading, fixing, writing), timing
   the wall clock and reading the peak RSS from the child's rusage.
2. Workers: segments/s of ``-j 1`` and ``-j 2`` on the 10x file.
3. Memory: a JSONL file of about ``--memory-gb`` GB (WMT22 segments in "text", the
   source and reference sentences and padding in other fields, as corpora carry) is
   generated in /tmp, run through ``textfix fix --jsonl`` and deleted afterwards; peak
   RSS comes from ``/usr/bin/time -v`` when present, else from rusage.

Every file generated is deleted at the end.  Times are wall-clock on whatever else the
machine is doing: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .throughput import CORPUS, load_segments


def run_textfix(args: list[str], infile: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, output bytes) of one `textfix` run."""
    cmd = [sys.executable, "-m", "textfix", *args, str(infile)]
    time_bin = Path("/usr/bin/time")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        if time_bin.exists():
            proc = subprocess.run([str(time_bin), "-v", *cmd], stdout=out, stderr=err)
        else:
            proc = subprocess.run(cmd, stdout=out, stderr=err)
        wall = time.perf_counter() - t0
        err.seek(0)
        err_text = err.read().decode("utf-8", "replace")
        if proc.returncode not in (0, 1):
            raise SystemExit(f"textfix failed ({proc.returncode}): {err_text[-2000:]}")
        size = out.tell()
    peak = None
    for line in err_text.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.rsplit(":", 1)[1]) / 1024
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak, size


def write_segments(path: Path, segs: list[str], times: int) -> int:
    block = ("\n".join(segs) + "\n").encode("utf-8")
    with open(path, "wb") as fh:
        for _ in range(times):
            fh.write(block)
    return len(block) * times


def write_jsonl(path: Path, segs: list[str], target_bytes: int, pad_size: int) -> tuple[int, int]:
    """A JSONL corpus of about target_bytes: each record a segment plus other fields."""
    pad = "x" * pad_size
    n = 0
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while written < target_bytes:
            for i, s in enumerate(segs):
                rec = {
                    "id": n,
                    "text": s,
                    "src": segs[(i + 1) % len(segs)],
                    "ref": segs[(i + 2) % len(segs)],
                    "meta": {"system": "wmt22", "pad": pad},
                }
                line = json.dumps(rec, ensure_ascii=False) + "\n"
                fh.write(line)
                written += len(line.encode("utf-8"))
                n += 1
                if written >= target_bytes:
                    break
    return n, written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=int, default=3000, help="segments in the 1x corpus")
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--jobs-size", type=int, default=10, help="which multiple the -j runs use")
    ap.add_argument("--memory-gb", type=float, default=1.0, help="0 to skip the memory run")
    ap.add_argument(
        "--memory-select", default=None, help="rule selection for the memory run (default: the default rules)"
    )
    ap.add_argument("--memory-jobs", type=int, default=1)
    ap.add_argument(
        "--memory-pad",
        type=int,
        default=1500,
        help="bytes of other fields per JSONL record (larger: fewer records per GB)",
    )
    ap.add_argument("--write", help="also write the Markdown report to this file")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is absent", file=sys.stderr)
        return 2
    segs = load_segments(args.base)
    tmp = Path(tempfile.mkdtemp(prefix="textfix-bench-"))
    out = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        f"1x = an even sample of {len(segs):,} segments of wmt22/ts-hyp/; Nx repeats it N times.",
        "",
    ]
    try:
        empty = tmp / "empty.txt"
        empty.write_bytes(b"")
        startup, startup_peak, _ = run_textfix(["fix", "--isolated", "--segments"], empty)
        out += [
            f"Start-up (imports, pipeline build) on an empty file: {startup:.1f} s, {startup_peak:.0f} MB; "
            "'s per 1x' below is (wall - start-up) / N.",
            "",
        ]
        out += [
            "| size | segments | MB | wall s | segments/s | s per 1x | peak RSS MB | load avg |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for k in (int(x) for x in args.sizes.split(",") if x):
            path = tmp / f"seg{k}.txt"
            size = write_segments(path, segs, k)
            wall, peak, _ = run_textfix(["fix", "--isolated", "--segments"], path)
            n = len(segs) * k
            per1 = (wall - startup) / k
            out.append(
                f"| {k}x | {n:,} | {size / 1e6:.1f} | {wall:.1f} | {n / (wall - startup):,.0f} | {per1:.2f} | "
                f"{peak:.0f} | {os.getloadavg()[0]:.1f} |"
            )
            print(out[-1], file=sys.stderr)
            path.unlink()
        out += [
            "",
            f"Workers on the {args.jobs_size}x file (`textfix fix --segments -j N`):",
            "",
            "| -j | segments/s (after start-up) | wall s | output identical to -j 1 | load avg |",
            "| --- | ---: | ---: | --- | ---: |",
        ]
        path = tmp / "jobs.txt"
        write_segments(path, segs, args.jobs_size)
        n = len(segs) * args.jobs_size
        ref_hash = None
        for j in (int(x) for x in args.jobs.split(",") if x):
            outfile = tmp / f"out{j}.txt"
            t0 = time.perf_counter()
            with open(outfile, "wb") as fh:
                subprocess.run(
                    [sys.executable, "-m", "textfix", "fix", "--isolated", "--segments", "-j", str(j), str(path)],
                    stdout=fh,
                    check=True,
                )
            wall = time.perf_counter() - t0
            digest = outfile.read_bytes()
            same = "yes" if ref_hash is None or digest == ref_hash else "NO"
            ref_hash = ref_hash or digest
            out.append(
                f"| {j} | {n / max(wall - startup, 1e-9):,.0f} | {wall:.1f} | {same} | {os.getloadavg()[0]:.1f} |"
            )
            print(out[-1], file=sys.stderr)
            outfile.unlink()
        path.unlink()
        if args.memory_gb > 0:
            path = tmp / "big.jsonl"
            records, size = write_jsonl(path, segs, int(args.memory_gb * 1e9), args.memory_pad)
            cmd = ["fix", "--isolated", "--jsonl", "-j", str(args.memory_jobs)]
            if args.memory_select:
                cmd += ["--select", args.memory_select]
            wall, peak, out_size = run_textfix(cmd, path)
            out += [
                "",
                "Peak memory over a large JSONL file (generated in /tmp, deleted afterwards):",
                "",
                f'Each record: one WMT22 segment in "text", two more in "src"/"ref", '
                f'{args.memory_pad:,} bytes of padding in "meta".',
                "",
                "| file | records | command | wall s | records/s | peak RSS MB |",
                "| --- | ---: | --- | ---: | ---: | ---: |",
                f"| {size / 1e9:.2f} GB | {records:,} | `textfix {' '.join(cmd)}` | {wall:.0f} | "
                f"{records / wall:,.0f} | {peak:.0f} |",
            ]
            print(out[-1], file=sys.stderr)
            if out_size < size * 0.99:
                out.append(f"(output was {out_size:,} bytes for {size:,} in: check the run)")
            path.unlink()
    finally:
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()
    text = "\n".join(out) + "\n"
    print(text)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    return 0
