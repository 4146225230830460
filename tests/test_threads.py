"""One pipeline shared by 8 threads gives exactly the serial results.

Passes hold no mutable state and the pipeline builds a new Document per call, so nothing
should be shared between calls; this checks it under real contention, with every rule that
needs no service selected, on MT-like texts and the seed article's paragraphs.
"""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import textfix
from conftest import SEED
from textfix.rules import RULES

THREADS = 8


def corpus() -> list[str]:
    rng = random.Random(8)
    from strategies import PIECES

    texts = [" ".join(rng.choice(PIECES) for _ in range(rng.randint(5, 60))) for _ in range(60)]
    texts += [r.bad for r in RULES.values()] + [k for r in RULES.values() for k in r.keep]
    if SEED.exists():
        texts += [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()][:25]
    return texts


def results(pipe: textfix.Pipeline, text: str) -> tuple:
    out, log = pipe.fix_and_explain(text, unsafe=True)
    return (
        [f.to_dict() for f in pipe.check(text)],
        pipe.fix(text),
        out,
        [c.to_dict() for c in log],
    )


def test_one_pipeline_from_eight_threads_matches_serial():
    pipe = textfix.Pipeline(select=["ALL"], ignore=[c for c, r in RULES.items() if r.extra.get("needs_service")])
    texts = corpus()
    serial = [results(pipe, t) for t in texts]
    # Each thread gets every text, in its own shuffled order, all starting together.
    barrier = threading.Barrier(THREADS)

    def worker(seed: int) -> list[tuple[int, tuple]]:
        order = list(range(len(texts)))
        random.Random(seed).shuffle(order)
        barrier.wait()
        return [(i, results(pipe, texts[i])) for i in order]

    with ThreadPoolExecutor(THREADS) as ex:
        outcomes = list(ex.map(worker, range(THREADS)))
    for got in outcomes:
        assert len(got) == len(texts)
        for i, r in got:
            assert r == serial[i], texts[i]


def test_module_level_helpers_from_threads():
    """textfix.fix/check share cached pipelines across threads."""
    texts = corpus()[:80]
    serial = [(textfix.fix(t), [f.code for f in textfix.check(t)]) for t in texts]
    with ThreadPoolExecutor(THREADS) as ex:
        par = list(ex.map(lambda t: (textfix.fix(t), [f.code for f in textfix.check(t)]), texts * 2))
    assert par == serial * 2
