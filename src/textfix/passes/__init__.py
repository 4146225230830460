"""The built-in passes, in pipeline order.

One module per family.  To add a pass: define its rules and its :class:`~textfix.model.Pass`
subclass in its own module, then add the class to ``PASS_CLASSES`` below, at the place in
the order where it must run (encoding repairs first, punctuation before words).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textfix.model import Pass
from textfix.passes.bilingual import BilingualPass
from textfix.passes.boilerplate import BoilerplatePass
from textfix.passes.brackets import BracketsPass
from textfix.passes.calques import CalquesPass
from textfix.passes.consistency import ConsistencyPass
from textfix.passes.dashes import DashesPass
from textfix.passes.doubled import DoubledWordsPass
from textfix.passes.entities import EntitiesPass
from textfix.passes.fragments import FragmentsPass
from textfix.passes.grammar import GrammarPass
from textfix.passes.numbers import NumbersPass
from textfix.passes.pronouns import PronounsPass
from textfix.passes.quotes import QuotesPass
from textfix.passes.residue import ResiduePass
from textfix.passes.spacing import SpacingPass
from textfix.passes.unicode import UnicodePass

PASS_CLASSES: tuple[type[Pass], ...] = (
    UnicodePass,
    QuotesPass,
    BracketsPass,
    SpacingPass,
    DashesPass,
    NumbersPass,
    DoubledWordsPass,
    ResiduePass,
    EntitiesPass,
    PronounsPass,
    ConsistencyPass,
    CalquesPass,
    BoilerplatePass,
    FragmentsPass,
    BilingualPass,
    GrammarPass,
)


def build_passes(options: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[Pass, ...]:
    """Instantiate every built-in pass, giving each its ``[tool.textfix.<name>]`` options."""
    options = options or {}
    unknown = set(options) - {c.name for c in PASS_CLASSES}
    if unknown:
        raise ValueError(f"options for unknown pass(es): {sorted(unknown)}")
    return tuple(cls(**dict(options.get(cls.name, {}))) for cls in PASS_CLASSES)
