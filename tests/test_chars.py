"""textfix._chars: translate tables worked out per character, with a bounded memory."""

from __future__ import annotations

from textfix._chars import CharTable


def test_a_table_keeps_at_most_its_limit_and_translates_the_same_beyond_it():
    table = CharTable(lambda ch: ch.upper() if ch.isalpha() else " ", limit=3)
    text = "abc, déf! ωψ 中"
    assert text.translate(table) == "ABC  DÉF  ΩΨ 中"
    assert len(table) == 3  # the first three characters met
    assert text.translate(table) == "ABC  DÉF  ΩΨ 中"  # the others are worked out again


def test_the_pass_tables_translate_as_their_rules_say():
    from textfix.passes.doubled import _NOT_LOWER_TO_BLANK
    from textfix.passes.residue import _CASEFOLD_WORDS, _WORDS_KEPT

    text = "Straße, ΣΑΣ e\u0301_x—“y’z”"
    assert text.translate(_WORDS_KEPT) == "Straße  ΣΑΣ e\u0301_x  y’z "
    assert text.translate(_CASEFOLD_WORDS) == "strasse  σασ e\u0301_x  y’z "
    assert text.translate(_NOT_LOWER_TO_BLANK) == " traße      e  x  y z "
