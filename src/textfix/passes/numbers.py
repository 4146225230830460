"""Numbers: digit grouping, decimal commas and currency signs carried over from the source.

Engines copy the source language's number format into English (``5,3 %``, ``21.000
inhabitants``, ``5 000 people``, ``179€``), detokenizers leave a space inside a grouped
number (``8, 900 jobs``: the tokenizer split ``8,900`` at the comma), and segments translated
one by one group large numbers in one sentence and not in the next.

>>> from textfix import check, fix
>>> [f.code for f in check("Sales exceeded 700, 000 units.")]
['N104']
>>> fix("On April 3, 410 bodies were found; sizes 160, 180 and 190.")
'On April 3, 410 bodies were found; sizes 160, 180 and 190.'
>>> fix("Growth was 5,3 % and 21.000 inhabitants paid 179€.", unsafe=True)
'Growth was 5.3% and 21.000 inhabitants paid €179.'

N101, N103 and N104 are report only since its judged precision on WMT22 fell below its tier (docs/precision.md) (a dotted group may be a decimal: ``6.354 cents``).

Never touched: years and other four-digit numbers, dates and times, phone numbers, postcodes,
ISBNs and other identifiers (numbers glued to letters, slashes, ``#``, ``No.``), the numbers of
standards and codes after an acronym (``GB/T 13000``, ``ISO 14001``), decimals before a
magnitude word (``46.256 million`` is never regrouped: that would change its value), version
numbers and IP addresses, numbers starting with 0, lists of numbers (``160, 180 and 190``),
a date followed by a count (``On April 3, 410 bodies``), minus signs and scores.  The English
rules stay off for other languages, whose decimal commas and dotted thousands are correct.

In those languages N201 and N202 read the language's typography table (its digit grouping and
decimal sign, textfix.languages) and repair the English format an engine copied from its
source, only where the reading is beyond doubt; ``1.000`` and ``3,5`` in German stay:

>>> fix("Bisher haben 58,595,066 Menschen, 3,5 % und 1.000 Gäste 4.5 Millionen gezahlt.", lang="de")
'Bisher haben 58.595.066 Menschen, 3,5 % und 1.000 Gäste 4,5 Millionen gezahlt.'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from textfix.languages import NBSP, NNBSP, Typography, english_number_languages, typography
from textfix.model import Applicability, Document, Edit, Finding, Pass, Severity, rules_trigger
from textfix.options import Option
from textfix.rules import rule

FAMILY = "numbers"

HS = r"[ \t\u00a0]"
UNITS = (
    r"%|percent|per cent|per mille|million|millions|billion|billions|trillion|thousand|"
    r"mln|bn|km|kg|mg|g|t|m|cm|mm|ha|l|ml|kWh|MW|GW|kW|hours?|minutes?|seconds?|degrees?|°|"
    r"euros?|dollars?|crowns?|rubles?|roubles?|hryvnias?|pounds?|francs?|yuan|yen|points?|times|years?"
)
CURRENCY_SIGNS = "€$£¥₽₹₴"

# One branch per rule (its trigger, given to the rule below), each its pattern with the
# lookarounds left out and the conditions its code puts on a match spelt as characters, so RE2
# translates it exactly.  A decimal or a grouped number alone is no finding: most text with
# numbers has one.  Each branch is also its rule's own gate in check (the pass is joint, so a
# Document may enable rules the gate did not admit): a rule runs only on texts its branch matches.
BRANCHES = {
    # N101: a number of five or six digits (without grouping="always", only beside a grouped one)
    "N101": r"[1-9]\d{4}",
    # N107: the same number of five digits or more; its prose context is checked in code
    "N107": r"[1-9]\d{4}",
    # N102: a decimal comma, proved by a currency sign before or a unit after
    "N102": rf"[€$£¥₽₹₴]{HS}?\d{{1,3}},\d|\d,\d{{1,2}}{HS}?(?:{UNITS})(?:[^\p{{L}}]|$)",
    # N103: dotted thousands, two groups or one group before a word or %; spaced thousands
    # before a word (the rule wants a lower-case one; a gate names only major categories, which
    # translate to RE2 exactly on any Unicode versions)
    "N103": rf"\d\.\d{{3}}(?:\.\d{{3}}|{HS}+\p{{L}}|{HS}?%)|\d[ \u00a0]\d{{3}}{HS}+\p{{L}}",
    # N104: a space after a grouping comma, the group not followed by a digit (a group is three
    # digits: ``December 8, 1991`` is a date, not a split number)
    "N104": rf"\d,{HS}+\d{{3}}(?:[^\p{{N}}]|$)",
    # N105: a currency sign after a digit
    "N105": rf"\d{HS}?[€£$¥₽₹₴](?:[^\p{{L}}\p{{N}}]|$)",
    # N201: two comma groups, or one after a currency sign or before a word
    "N201": rf"\d,\d{{3}},\d{{3}}|[{CURRENCY_SIGNS}][ \u00a0]?\d{{1,3}},\d{{3}}|\d,\d{{3}}[ \u00a0]+\p{{L}}",
    # N202: a dot and one or two digits before a percent sign, a currency or a word, or after
    # a currency sign
    "N202": rf"\d\.\d{{1,2}}[ \u00a0\u202f]?[%‰{CURRENCY_SIGNS}\p{{L}}]|[{CURRENCY_SIGNS}][ \u00a0]?\d{{1,3}}\.\d",
    # N106 (off by default): a hyphen after a year or after a page-like keyword and a number
    "N106": r"\d{4}-\d|(?i:pages?|pp?\.|chapters?|verses?|lines?|sections?|ages?|aged|nos?\.)\s*\d{1,4}-\d",
}


UNGROUPED = rule(
    "N101",
    "inconsistent-digit-grouping",
    family=FAMILY,
    summary="Large number without the digit grouping the document uses elsewhere",
    why="Segments translated one by one group large numbers in one sentence and not in the "
    "next (`250000 species` beside `250,000`).",
    bad="About 250,000 species are known and 250000 more are expected.",
    good="About 250,000 species are known and 250,000 more are expected.",
    keep=[
        "About 250000 species are known and 180000 more are expected.",
        "In 2021, 1,500 people came; call 0123456789.",
        "Order No. 1234567 of 25,000 items, ISBN 9780306406157.",
        "Write to 10115 Berlin about the 12,000 euros.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    severity=Severity.INFO,
    languages=("en",),
    trigger=BRANCHES["N101"],
)
DECIMAL_COMMA = rule(
    "N102",
    "decimal-comma",
    family=FAMILY,
    summary="Decimal comma in English text",
    why="German, Czech, Russian and French write decimals with a comma; engines copy it.",
    bad="Prices rose by 5,3% to 2,5 million euros.",
    good="Prices rose by 5.3% to 2.5 million euros.",
    keep=[
        "Prices rose by 5.3% to 2.5 million euros.",
        "They counted 5,300 people and 12,000 cars.",
        "the compound 1,2-dichloroethane",
        "rows 2,3 and 4",
    ],
    fix=Applicability.UNSAFE,
    languages=("en",),
    trigger=BRANCHES["N102"],
)
FOREIGN_THOUSANDS = rule(
    "N103",
    "foreign-thousands-separator",
    family=FAMILY,
    summary="Thousands separated by a dot or a space in English text",
    why="German and Czech group thousands with a dot (`21.000`), French and Russian with a "
    "space (`5 000`); English uses a comma.",
    bad="The town has 21.000 inhabitants and 5 000 people commute.",
    good="The town has 21,000 inhabitants and 5,000 people commute.",
    keep=[
        "Version 1.100.2 was installed on 192.168.100.200 yesterday.",
        "It weighs 2.125 kg.",
        "Call 020 123 456 now.",
        "In 2019 100 people came.",
        "The address is 186 00 Prague 8.",
        "The 3 100-metre races.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "unsafe"},
    languages=("en",),
    trigger=BRANCHES["N103"],
)
SPLIT_GROUP = rule(
    "N104",
    "split-digit-group",
    family=FAMILY,
    summary="Space after the grouping comma inside a number",
    why="The tokenizer splits `8,900` at the comma and the detokenizer rejoins only the left side, leaving `8, 900`.",
    bad="Sales exceeded 700, 000 units and 8, 900 jobs.",
    good="Sales exceeded 700,000 units and 8,900 jobs.",
    keep=[
        "On April 3, 410 bodies were found.",
        "In 2011, 150 to 200 euros were charged.",
        "sizes 160, 180 and 190 cm",
        "He passed for 15/30, 145 yards.",
        "1.5, 200 and 300",
        "Rates were 100,000, 871 per week.",
    ],
    fix=None,  # report only: below its tier on WMT22 (docs/precision.md)
    extra={"moved_down_from": "safe"},
    languages=("en",),
    trigger=BRANCHES["N104"],
)
CURRENCY_AFTER = rule(
    "N105",
    "currency-after-amount",
    family=FAMILY,
    summary="Currency sign after the amount in English text",
    why="Most European languages put the currency sign after the number (`179 €`); English puts it before.",
    bad="The ticket costs 179€ and the tour 25 €.",
    good="The ticket costs €179 and the tour €25.",
    keep=["The ticket costs €179.", "It costs 179 euros.", "US$5 million", "the € sign"],
    fix=Applicability.UNSAFE,
    languages=("en",),
    trigger=BRANCHES["N105"],
)
RANGE_DASH = rule(
    "N106",
    "range-hyphen",
    family=FAMILY,
    summary="Numeric range written with a hyphen (off by default)",
    why="House styles that follow the Chicago Manual or the Guardian set ranges with an en "
    "dash; switch this rule on to get them.",
    bad="In 2019-2020 see pages 10-12.",
    good="In 2019–2020 see pages 10–12.",
    keep=["The score was 2-0.", "Call 555-1234.", "On 2021-12-03 at 10-15.", "ISBN 3-906750-26-4"],
    fix=Applicability.SAFE,
    default=False,
    languages=("en",),
    trigger=BRANCHES["N106"],
)

UNGROUPED_PROSE = rule(
    "N107",
    "ungrouped-large-number",
    family=FAMILY,
    summary="Large number in English prose written without digit grouping",
    why="Engines copy the source's digits as they stand (Chinese, Japanese and most MT "
    "training text write `40000`); English prose groups thousands from 10,000 up.  Raters "
    "mark `40000 years ago` as a punctuation error.  Only a count in prose: the number is "
    "followed by a lower-case word or preceded by a quantity word or a currency sign.",
    bad="The cave was painted 40000 years ago, and at least 20000 species lived there.",
    good="The cave was painted 40,000 years ago, and at least 20,000 species lived there.",
    keep=[
        "In 2022 the 1500s were studied; call 5551234567 or write to 10115 Berlin.",
        "The Boeing 737 meets GB/T 13000 and ISO 8601; the Airbus A320 followed.",
        "Order No. 1234567, postcode 100000, item 4011097345239, art. 5110704.",
        "The KAISER Sena shower system (74182) is sold at example.com/item/12345 now.",
        "Run `sleep 86400` and see page 10250 of the manual, version 20231.",
        "The Beijing 100000 office and CA 94103 are addresses.",
    ],
    fix=Applicability.UNSAFE,
    severity=Severity.INFO,
    languages=("en",),
    trigger=BRANCHES["N107"],
)

# -- the target language's own number format (issue 20) --------------------------------------
# These read the language's typography table (textfix.languages): its digit grouping and its
# decimal sign.  They run only where a table says the language writes numbers otherwise than
# English, and never change a number's value: a grouping sign becomes the language's grouping
# sign, a decimal point its decimal comma, and only where the reading is beyond doubt.
ENGLISH_GROUPING = rule(
    "N201",
    "english-grouping-for-language",
    family=FAMILY,
    summary="Number grouped with English commas in a language that groups otherwise",
    why="Engines copy the English source's `6,152,524`.  Where the comma is the decimal sign "
    "(German, Czech, Russian, French...) a reader takes `2,600 acres` for 2.6.  Two or more "
    "comma groups, or one beside a currency (a price has no three decimals), can only be "
    "English grouping and take the language's own; one group elsewhere (`2,600 akrů`) may be "
    "a decimal and is only reported.",
    bad="Bisher haben 58,595,066 Menschen die erste Dosis erhalten und zahlten $2,000.",
    good="Bisher haben 58.595.066 Menschen die erste Dosis erhalten und zahlten $2.000.",
    keep=[
        "Die Inflation lag bei 3,5 % und 1.000 Menschen kamen; 21.000 Einwohner zahlten 2,50 €.",
        "Die Größen 1,2,3 und die Zeilen 2,3 und 4 enthalten 1,2-Dichlorethan.",
        "Am 2.5.2022 kamen 1,234,567.89 Dollar an.",
    ],
    fix=Applicability.SAFE,
    languages=english_number_languages(),
    lang="de",
    trigger=BRANCHES["N201"],
)
ENGLISH_DECIMAL = rule(
    "N202",
    "english-decimal-point-for-language",
    family=FAMILY,
    summary="English decimal point in a language that writes a decimal comma",
    why="Engines copy the English source's `4.5 million` and `3.5%` into languages whose "
    "decimal sign is the comma.  Only a dot with one or two digits after it, followed by a "
    "magnitude word, a percent sign or a currency (or after a currency sign): a time "
    "(`17.30 Uhr`), a date, a station (`105.3 FM`) or a version stays.",
    bad="Die Zahl stieg um 3.5 % auf 4.5 Millionen.",
    good="Die Zahl stieg um 3,5 % auf 4,5 Millionen.",
    keep=[
        "Um 17.30 Uhr sendete 105.3 FM; am 18.12 kam Version 2.5 heraus.",
        "Die Zahl stieg um 3,5 % auf 1.000 Menschen und 4,5 Millionen Euro.",
    ],
    fix=Applicability.SAFE,
    languages=english_number_languages(),
    lang="de",
    trigger=BRANCHES["N202"],
)

NB = r"(?<![\p{L}\p{N}.,/:#_\-+])"  # a number starts here: not inside a token or a decimal
NE = r"(?![\p{L}\p{N}/_]|[.,:\-]\p{N})"  # and ends here
UNGROUPED_RE = regex.compile(rf"{NB}[1-9]\d{{4,5}}{NE}")
GROUPED_RE = regex.compile(rf"{NB}\d{{1,3}}(?:,\d{{3}})+{NE}")
DECIMAL_COMMA_RE = regex.compile(
    rf"(?P<cur>[€$£¥₽₹₴]{HS}?)?{NB}(?P<int>\d{{1,3}}),(?P<frac>\d{{1,2}})(?![\p{{N}},.]|-\p{{L}})"
    rf"(?P<unit>{HS}?(?:{UNITS})(?![\p{{L}}]))?"
)
DOT_GROUPS_RE = regex.compile(rf"{NB}(?P<num>[1-9]\d{{0,2}}(?:\.\d{{3}})+){NE}(?P<after>{HS}+\p{{L}}|{HS}?%)?")
SPACE_GROUPS_RE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}.,/:#_\-+]|\p{{N}}{HS})(?P<num>[1-9]\d{{0,2}}(?:[ \u00a0]\d{{3}})+)(?![\p{{N}}]|[.,:\-/]\p{{N}}|-)(?={HS}+\p{{Ll}})"
)
# The second number of a range of grouped numbers may follow a hyphen (``10,000-20, 000 yen``).
SPLIT_GROUP_RE = regex.compile(
    rf"(?:{NB}|(?<=,{HS}*\d{{3}}[\-–]))(?<!\p{{N}}{HS})(?P<num>\d{{1,3}}(?:,{HS}*\d{{3}})+)(?![\p{{N}}]|[.,]\d)"
)
# The number is taken possessively: a shorter end would be followed by a digit, comma or
# dot, never by the currency sign, and backtracking through ``1,1,1,…`` was quadratic.
# An amount with one sign after it and none before (``$5$`` and ``2$$$`` are not an amount in
# another style: moving one sign per round never settled, as the fuzzer found).
CURRENCY_AFTER_RE = regex.compile(
    rf"{NB}(?<![€£$¥₽₹₴]{HS}?)(?P<num>(?=\d)[\d,.]++(?<=\d))(?P<sp>{HS}?)(?P<cur>[€£$¥₽₹₴])"
    rf"(?![\p{{L}}\p{{N}}€£$¥₽₹₴])"
)
RANGE_RE = regex.compile(rf"{NB}(?P<a>\d{{1,4}})-(?P<b>\d{{1,4}})(?![\p{{L}}\p{{N}}\-/]|[.,:]\p{{N}})")
RANGE_KEYWORDS_RE = regex.compile(
    r"(?:\b(?:pages?|pp?\.|chapters?|verses?|lines?|sections?|ages?|aged|nos?\.)\s*)$", regex.I
)
ID_KEYWORDS_RE = regex.compile(
    r"(?:\b(?:no|nr|number|id|isbn|issn|code|zip|postcode|post code|phone|tel|fax|account|order|"
    r"ref|reference|item|article|case|flight|route|file|invoice|serial|patent|version|name|model|designation|v)\.?:?|#)\s*$",
    regex.I,
)
# A magnitude word after ``d.ddd``: English writes a decimal there (``46.256 million``, ``15.841
# billion yuan``), and reading the dot as a thousands separator would multiply the value by a
# thousand.  A German ``21.000 Millionen`` becomes ``21,000 million`` in translation anyway.
MAGNITUDE_AFTER_RE = regex.compile(
    rf"{HS}+(?:thousand|million|billion|trillion|mln|mn|bn|tn|crore|lakh)s?(?![\p{{L}}])", regex.I
)
# An acronym, or letters with a slash, right before a number: the number belongs to a
# standard or a code (``GB/T 13000``, ``ISO 14001``, ``EN 12464``, ``DIN/EN 5008``), never a
# quantity to group.  Currency codes are the exception: ``USD 25000`` is an amount.
STANDARD_BEFORE_RE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\p{Lu}[\p{Lu}\p{N}]*(?:[/-][\p{L}\p{N}]+)*|\p{L}+/\p{L}+)[ \u00a0]$"
)
CURRENCY_CODES = frozenset("USD EUR GBP JPY CNY RMB RUB UAH CZK PLN CHF HKD INR KRW AUD CAD SEK NOK DKK HUF".split())
MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
MONTH_BEFORE_RE = regex.compile(rf"\b(?:{'|'.join(MONTHS)})\.?{HS}+$", regex.I)
LIST_WORD_RE = regex.compile(rf"^{HS}*(?:,{HS}*\d|(?:and|or|to|till|until|through|-|–){HS}*\d)", regex.I)
LIST_BEFORE_RE = regex.compile(rf"\d{HS}*(?:,|and|or){HS}*$")
LISTY_NOUNS_RE = regex.compile(
    r"\b(?:pages?|pp\.|nos?\.|numbers?|sizes|rooms?|items?|chapters?|lines?|seats?)\s*$", regex.I
)

# N107: a count in prose (five to nine digits; longer runs are codes and barcodes).
PROSE_NUMBER_RE = regex.compile(rf"{NB}[1-9]\d{{4,8}}{NE}")
# Evidence that the number counts something: a lower-case word after it (``40000 years``,
# ``10800 yen``; not ``31250 kHz``, whose unit has a capital) ...
# A verb after it proves nothing (``bug 12345 was fixed``): left to the words before.
COUNT_AFTER_RE = regex.compile(
    rf"{HS}+(?!(?:is|was|are|were|be|been|has|have|had|can|could|will|would|may|might|should|must|"
    rf"does|did|do|shall)(?![\p{{L}}]))(?:\p{{Ll}}{{2,}}|a|\+)(?![\p{{L}}\p{{N}}_\-/]|\.\p{{L}})|\+|{HS}?%"
)
# ... or a quantity word or currency sign before it (``at least 20000``, ``more than 300000``).
QUANTITY_BEFORE_RE = regex.compile(
    rf"(?:\b(?:than|about|around|over|under|nearly|almost|approximately|roughly|some|least|most|"
    rf"only|just|another|reach(?:es|ed)?|total(?:l?ing|l?ed|s)?|of|to|by|pay|paid|costs?|earn(?:s|ed)?){HS}+|"
    rf"[$€£¥₽₹₴]{HS}?|(?:US|RMB|CNY|EUR|USD|GBP|JPY){HS}?)$"
)
# Nouns before a number that make it a label, not a count (``page 10250``, ``route 10050``);
# ID_KEYWORDS_RE holds the rest (``No.``, ``article:``, ``code``).
LABEL_BEFORE_RE = regex.compile(
    r"(?:\b(?:page|pages|room|line|box|unit|suite|apartment|flat|bus|train|track|channel|exit|"
    r"highway|station|block|lot|plot|batch|grant|docket|ticket|application|registration|"
    r"licen[cs]e|passport|member|user|player|customer|client|tax|vat|error|port|pin|step|level|"
    r"issue|vol|volume|part|sku|art|barcode|postal|zip|cell|mobile|hotline|extension|ext|"
    r"building|house|street|road|avenue|district|sector|zone|gate|platform|seat|pier|dock|"
    r"bed|ward|cabin|locker|terminal|build|revision|rev|release|firmware|kb|bug|patch|commit)\.?:?|[(\[:/#№])\s*$",
    regex.I,
)
# The first number of a pair or range before this one: its own label covers both.
PAIRED_NUMBER_BEFORE_RE = regex.compile(rf"\d+{HS}*(?:to|and|or|through|,|-|–){HS}*$")
# A capitalised word (or an acronym, or a model code) right before the number makes it part
# of a name: ``Boeing 737``, ``GB/T 13000``, ``Beijing 100000``, ``CA 94103``.
NAME_BEFORE_RE = regex.compile(rf"(?:\p{{Lu}}[\p{{L}}\p{{N}}/\-.]*|\p{{L}}*\p{{N}}[\p{{L}}\p{{N}}]*){HS}+$")

# N201 and N202: the target language's number format (see the rules).  A number here starts
# neither inside a token nor after a digit and a space (``109 990,742`` is grouped half one
# way, half the other: which was meant?) and ends before no further digit, group or decimal.
LANG_NB = r"(?<![\p{L}\p{N}.,/:#_\-+'’]|\p{N}[ \u00a0\u202f])"
ENGLISH_GROUPS_RE = regex.compile(rf"{LANG_NB}(?P<num>[1-9]\d{{0,2}}(?:,\d{{3}})++)(?![\p{{N}}_/]|[.,]\p{{N}})")
# Currency words of the tabled languages (stems; spelt out where a stem would take other
# words: ``eur`` would take ``Europa``).
CURRENCY_WORDS = (
    r"dolar\p{L}{0,4}|dollar\p{L}{0,2}|долар\p{L}{0,4}|доллар\p{L}{0,4}|eur(?:o|a|u|y|os|om|ech|ima|ami)?|"
    r"євро|евро|korun\p{L}{0,2}|kun[aeiu]?|kč|zł|złot\p{L}{0,4}|rubl\p{L}{0,3}|рубл\p{L}{0,3}|гривн\p{L}{0,3}|"
    r"гривень|franc[si]?|frank\p{L}{0,3}|funt\p{L}{0,3}|фунт\p{L}{0,3}|libr[aeiy]|pound|yen|jen\p{L}{0,2}|"
    r"иен\p{L}?|єн|yuan|juan\p{L}{0,3}|юан\p{L}{0,3}|usd|gbp|chf|czk|pln|hrk|rub|uah|cny|jpy"
)
# Magnitude words and percent words: after ``d.d`` or ``d.dd`` they prove a decimal.
MAGNITUDE_WORDS = (
    r"mil|mld|mln|mlrd|mio|mrd|tis|tys|tsd|млн|млрд|тыс|тис|"
    r"mili[oó]n\p{L}{0,3}|miliard\p{L}{0,3}|milijun\p{L}{0,2}|milijard\p{L}{0,2}|millio\p{L}{0,3}|"
    r"milliard\p{L}{0,3}|mill[oó]n\p{L}{0,3}|milh(?:ão|ões)|bil(?:h|l)?i(?:ão|ões)|billio\p{L}{0,3}|"
    r"миллион\p{L}{0,3}|миллиард\p{L}{0,3}|мільйон\p{L}{0,3}|мільярд\p{L}{0,3}|тысяч\p{L}{0,2}|тисяч\p{L}{0,2}|"
    r"procent\p{L}{0,3}|prozent|posto|проц\p{L}{0,6}|відсот\p{L}{0,4}|pourcent|pour cent|"
    r"por ciento|per cento|por cento|percent"
)
CURRENCY_BEFORE_RE = regex.compile(
    rf"(?:[{CURRENCY_SIGNS}]|(?<![\p{{L}}])(?:USD|EUR|GBP|CHF|CZK|PLN|HRK|RUB|UAH|CNY|JPY|Kč))[ \u00a0]?$"
)
CURRENCY_AFTER_WORD_RE = regex.compile(rf"[ \u00a0]?(?:[{CURRENCY_SIGNS}]|(?:{CURRENCY_WORDS})(?![\p{{L}}]))", regex.I)
ENGLISH_DECIMAL_RE = regex.compile(
    rf"{LANG_NB}(?P<int>\d{{1,3}})\.(?P<frac>\d{{1,2}})(?![\p{{N}}]|[.,]\p{{N}})"
    rf"(?P<unit>[ \u00a0\u202f]?(?:[%‰{CURRENCY_SIGNS}]|(?:{MAGNITUDE_WORDS}|{CURRENCY_WORDS})(?![\p{{L}}])))?",
    regex.I,
)
VERSION_BEFORE_RE = regex.compile(
    r"(?<![\p{L}])(?:ver|verze|version|versi\p{L}*|верс\p{L}*|release|update|ios|android|windows|python)\.?[ \u00a0]*$",
    regex.I,
)
# A label before a number makes it an identifier.  Not ID_KEYWORDS_RE, whose English words
# are common words elsewhere (Czech ``v`` is "in", ``no`` is "well").
LABEL_BEFORE_LANG_RE = regex.compile(
    r"(?:(?<![\p{L}])(?:nr|no|č|čís|br|art|ref|tel|isbn|issn)\.?:?|[#№])[ \u00a0]*$", regex.I
)
# A number grouped by some kind of space: the document's own grouping space.
SPACE_GROUPED_RE = regex.compile(r"(?<![\p{N}.,])[1-9]\d{0,2}([ \u00a0\u202f])\d{3}(?![\p{N}])")

FAMILY_RULES = (
    UNGROUPED,
    DECIMAL_COMMA,
    FOREIGN_THOUSANDS,
    SPLIT_GROUP,
    CURRENCY_AFTER,
    RANGE_DASH,
    UNGROUPED_PROSE,
    ENGLISH_GROUPING,
    ENGLISH_DECIMAL,
)
TRIGGER = rules_trigger(*FAMILY_RULES)
RULE_GATES = {code: regex.compile(branch) for code, branch in BRANCHES.items()}


def group_thousands(digits: str) -> str:
    """``"250000"`` -> ``"250,000"``."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(parts)


def _group_sign(text: str, typo: Typography) -> str:
    """The grouping sign for N201: the table's, or for a language that groups by a space, the
    kind of space (plain, no-break, narrow) the document already groups its numbers with."""
    if typo.group not in (" ", NBSP, NNBSP):
        return typo.group
    seen = Counter(m.group(1) for m in SPACE_GROUPED_RE.finditer(text))
    return seen.most_common(1)[0][0] if seen else typo.group


class _Habits:
    """How a document writes its numbers, counted on the whole of it when first asked (a file
    is checked line by line, its habits are the file's)."""

    __slots__ = ("_grouped", "_signs", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._grouped: bool | None = None
        self._signs: dict[str, str] = {}

    def groups_large_numbers(self) -> bool:
        """Whether the document groups a number of five digits or more (N101's evidence)."""
        if self._grouped is None:
            self._grouped = any(len(m.group().replace(",", "")) >= 5 for m in GROUPED_RE.finditer(self.text))
        return self._grouped

    def group_sign(self, typo: Typography) -> str:
        sign = self._signs.get(typo.tag)
        if sign is None:
            sign = self._signs[typo.tag] = _group_sign(self.text, typo)
        return sign


def _before(text: str, i: int, n: int = 40) -> str:
    ls = text.rfind("\n", 0, i) + 1
    return text[max(ls, i - n) : i]


# -- the source as evidence (issue 17) -------------------------------------------------------------
#
# A number the source writes in the same form is a copy; whether the copy is an artifact
# depends on how the source reads numbers.  A source that reads them as English does (Chinese,
# Japanese and Korean text, or one with a decimal point and no decimal comma) says the form is
# right: ``21.000`` copied from a Chinese source is twenty-one with three decimals, and the
# regrouping to ``21,000`` would change its value.  A decimal-comma source (German ``21.000
# Einwohner``) explains the artifact instead, and the repair stands.  ``8, 900`` written so in
# the source is a list there too, whatever the language.
SOURCE_NUMBER_TOKEN_RE = regex.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")
SOURCE_CJK_RE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
SOURCE_DECIMAL_POINT_RE = regex.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])")
SOURCE_DECIMAL_COMMA_RE = regex.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d.,])|\d\.\d{3}\.\d{3}")
_READING_RULES = ("N102", "N103")


def _source_reads_like_english(source: str) -> bool:
    if SOURCE_CJK_RE.search(source) is not None:
        return True
    return SOURCE_DECIMAL_POINT_RE.search(source) is not None and SOURCE_DECIMAL_COMMA_RE.search(source) is None


def _in_source(token: str, source: str) -> bool:
    i = source.find(token)
    while i >= 0:
        before, after = source[i - 1 : i], source[i + len(token) : i + len(token) + 2]
        if not before.isdigit() and not (after[:1].isdigit() or (after[:1] in ".," and after[1:2].isdigit())):
            return True
        i = source.find(token, i + 1)
    return False


def _weigh_source(doc: Document, found: Iterator[Finding]) -> Iterator[Finding]:
    """The findings about a number the source writes in the same form, judged by the source."""
    from textfix.documents import source_evidence

    text = doc.text
    multi = "\n" in text
    for f in found:
        if f.code in _READING_RULES or f.code == "N104":
            src = source_evidence(doc, f.line - 1 if multi else None)
            if src is not None:
                tokens = SOURCE_NUMBER_TOKEN_RE.findall(text, f.start, f.end)
                if tokens and all(_in_source(t, src) for t in tokens):
                    if f.code == "N104" or _source_reads_like_english(src):
                        continue
        yield f


_BLANK_THEN_UPPER_RE = regex.compile(rf"{HS}+\p{{Lu}}")
_UNIT_AFTER_RE = regex.compile(rf"{HS}*(?:kg|g|mg|m|km|cm|mm|l|ml|s|sec|seconds?|points?|%|inch|inches|carats?|mph)\b")
_COMMA_SPLIT_RE = regex.compile(rf",{HS}*")
_GROUP_BLANK_RE = regex.compile(r"[ \u00a0]")
_COMMA_BLANKS_RE = regex.compile(rf",{HS}+")
_COMMA_THEN_DIGIT_RE = regex.compile(rf"{HS}*,{HS}*\d")
_BLANK_THEN_LOWER_RE = regex.compile(rf"{HS}+\p{{Ll}}")
_SPACE_THEN_LETTER_RE = regex.compile(r"[ \u00a0]+\p{L}")


class NumbersPass(Pass):
    """Options: ``grouping`` — ``"document"`` (default: group large numbers only where the
    document groups others) or ``"always"`` (group every number from 10,000 up, as most English
    style guides ask)."""

    name = FAMILY
    rules = FAMILY_RULES
    trigger = TRIGGER
    joint = True  # N107 leaves to N101 a number N101 reports
    line_gated = True  # check() reads Document.lines_admitting
    option_specs = (
        Option(
            "grouping",
            str,
            "document",
            "group large numbers only where the document groups others (`document`), or every "
            "number from 10,000 up (`always`)",
            choices=("document", "always"),
        ),
    )

    def check(self, doc: Document) -> Iterator[Finding]:
        # What the pass finds on a line depends on that line alone (each rule's context stops
        # at a line break: _before, and blanks that are horizontal), but for the document's
        # habits (_Habits): in a file whose lines the gate has read, each line its trigger
        # matches is checked as a text of its own, the habits counted on the whole.
        habits = _Habits(doc.text)
        found = doc.by_admitted_lines(self.codes, lambda d: self._check(d, habits))
        if doc.context and isinstance(doc.context.get("source"), str):
            found = _weigh_source(doc, found)
        yield from found

    def _check(self, doc: Document, habits: _Habits) -> Iterator[Finding]:
        text = doc.text
        for r, run in (
            (UNGROUPED, self._ungrouped),
            (DECIMAL_COMMA, self._decimal_comma),
            (FOREIGN_THOUSANDS, self._foreign_groups),
            (SPLIT_GROUP, self._split_groups),
            (CURRENCY_AFTER, self._currency_after),
            (RANGE_DASH, self._ranges),
            (UNGROUPED_PROSE, self._ungrouped_prose),
            (ENGLISH_GROUPING, self._english_grouping),
            (ENGLISH_DECIMAL, self._english_decimal),
        ):
            # The rule's own trigger branch first: a text matching the trigger through one
            # branch is spared the other rules' scans (each with lookbehinds).
            if doc.wants(r) and RULE_GATES[r.code].search(text) is not None:
                yield from run(doc, habits)

    def _ungrouped(self, doc: Document, habits: _Habits) -> Iterator[Finding]:
        text = doc.text
        if self.option("grouping") == "document" and not habits.groups_large_numbers():
            return
        for m in UNGROUPED_RE.finditer(text):
            s, e = m.span()
            if ID_KEYWORDS_RE.search(_before(text, s)) or doc.is_protected(s, e):
                continue
            std = STANDARD_BEFORE_RE.search(_before(text, s))
            if std is not None and std.group().strip() not in CURRENCY_CODES:
                continue  # ``GB/T 13000``, ``ISO 14001``: a standard's number
            if _BLANK_THEN_UPPER_RE.match(text, e) and len(m.group()) == 5:
                continue  # ``10115 Berlin``: a postcode
            if text[s - 1 : s] == "(" and text[e : e + 1] == ")":
                continue  # ``(74182)``: a model or article number
            yield doc.finding(
                UNGROUPED,
                s,
                e,
                f"{m.group()} is not grouped like the document's other large numbers",
                [Edit(s, e, group_thousands(m.group()))],
            )

    def _decimal_comma(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        text = doc.text
        for m in DECIMAL_COMMA_RE.finditer(text):
            if not (m.group("unit") or m.group("cur")):
                continue  # nothing proves a decimal: ``rows 2,3`` is a list
            s, e = m.start("int"), m.end("frac")
            if LIST_BEFORE_RE.search(_before(text, s)) or doc.is_protected(s, e):
                continue
            comma = m.end("int")
            yield doc.finding(
                DECIMAL_COMMA,
                s,
                e,
                f"decimal comma in {m.group('int')},{m.group('frac')}",
                [Edit(comma, comma + 1, ".")],
            )

    def _foreign_groups(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        text = doc.text
        for m in DOT_GROUPS_RE.finditer(text):
            num = m.group("num")
            s, e = m.span("num")
            # One dot group with nothing after it may be a decimal with three places (2.125);
            # a following word or a second group shows thousands.
            if num.count(".") >= 3:
                continue  # an IP address
            if num.count(".") == 1 and not m.group("after"):
                continue
            after = m.group("after") or ""
            if num.count(".") == 1 and _UNIT_AFTER_RE.match(after + text[m.end() : m.end() + 8]):
                continue  # ``2.125 kg``: likely a precise decimal
            if num.count(".") == 1 and MAGNITUDE_AFTER_RE.match(text, m.end("num")):
                continue  # ``46.256 million`` is 46,256,000: a decimal, never 46,256 million
            if ID_KEYWORDS_RE.search(_before(text, s)) or doc.is_protected(s, e):
                continue
            yield doc.finding(
                FOREIGN_THOUSANDS,
                s,
                e,
                f"dotted thousands {num}",
                [Edit(s, e, num.replace(".", ","))],
            )
        for m in SPACE_GROUPS_RE.finditer(text):
            num = m.group("num")
            s, e = m.span("num")
            if ID_KEYWORDS_RE.search(_before(text, s)) or doc.is_protected(s, e):
                continue
            if LIST_BEFORE_RE.search(_before(text, s)) or MONTH_BEFORE_RE.search(_before(text, s)):
                continue  # ``160 180``, ``April 3 410 bodies``
            yield doc.finding(
                FOREIGN_THOUSANDS,
                s,
                e,
                f"space-separated thousands {num!r}",
                [Edit(s, e, _GROUP_BLANK_RE.sub(",", num))],
            )

    def _split_groups(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        text = doc.text
        for m in SPLIT_GROUP_RE.finditer(text):
            num = m.group("num")
            if not _COMMA_BLANKS_RE.search(num):
                continue  # already closed up
            head, *groups = _COMMA_SPLIT_RE.split(num)
            s, e = m.span()
            before = _before(text, s)
            after = text[e : e + 30]
            if MONTH_BEFORE_RE.search(before):
                continue  # ``April 3, 410 bodies``: a date, then a count
            if ID_KEYWORDS_RE.search(before) or doc.is_protected(s, e):
                continue
            if _COMMA_THEN_DIGIT_RE.match(after):
                continue  # ``5, 600, 70``: a list that goes on
            listy = bool(LIST_WORD_RE.match(after) or LIST_BEFORE_RE.search(before) or LISTY_NOUNS_RE.search(before))
            edits = [Edit(s + g.start(), s + g.end(), ",") for g in _COMMA_BLANKS_RE.finditer(num)]
            # ``000`` cannot stand alone, so a number ending in it is one number; a short head
            # with one group (``8, 900``) rarely starts a list with a number a hundred times
            # larger.  ``500, 600`` can be two prices: reported without a fix.
            if groups[-1] == "000":
                yield doc.finding(SPLIT_GROUP, s, e, f"space inside the number {num!r}", edits)
            elif listy:
                continue  # ``160, 180 and 190``
            elif len(groups) > 1:
                # ``100, 200, 300`` is a list; ``6, 607, 500 inhabitants`` is one number: a
                # list seldom starts with a number a hundred times smaller than the next.
                if len(head) <= 2 and _BLANK_THEN_LOWER_RE.match(after):
                    yield doc.finding(SPLIT_GROUP, s, e, f"space inside the number {num!r}", edits)
            elif len(head) <= 2:
                yield doc.finding(SPLIT_GROUP, s, e, f"space inside the number {num!r}", edits)
            else:
                yield doc.finding(SPLIT_GROUP, s, e, f"{num!r}: one number split by a space, or two numbers?")

    def _currency_after(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        text = doc.text
        for m in CURRENCY_AFTER_RE.finditer(text):
            s, e = m.span()
            if doc.is_protected(s, e):
                continue
            yield doc.finding(
                CURRENCY_AFTER,
                s,
                e,
                f"currency sign after the amount in {m.group()!r}",
                [Edit(s, e, m.group("cur") + m.group("num"))],
            )

    def _ranges(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        text = doc.text
        for m in RANGE_RE.finditer(text):
            a, b = m.group("a"), m.group("b")
            s, e = m.span()
            before = _before(text, s)
            years = (
                len(a) == 4
                and 1000 <= int(a) <= 2100
                and ((len(b) == 4 and int(a) < int(b) <= 2100) or (len(b) == 2 and int(b) > int(a) % 100))
            )
            keyword = bool(RANGE_KEYWORDS_RE.search(before)) and int(a) < int(b)
            if not (years or keyword) or ID_KEYWORDS_RE.search(before) or doc.is_protected(s, e):
                continue
            dash = m.end("a")
            yield doc.finding(RANGE_DASH, s, e, f"range {m.group()} with a hyphen", [Edit(dash, dash + 1, "–")])

    def _ungrouped_prose(self, doc: Document, habits: _Habits) -> Iterator[Finding]:
        """N107: a count of 10,000 or more written without grouping in English prose.

        Where N101 already reports a number (the document groups others), N107 stays quiet
        about it, so one number never carries two findings.
        """
        text = doc.text
        taken = set()
        if doc.wants(UNGROUPED):
            taken = {(f.start, f.end) for f in self._ungrouped(doc, habits)}
        for m in PROSE_NUMBER_RE.finditer(text):
            s, e = m.span()
            if (s, e) in taken:
                continue
            before = _before(text, s)
            after = text[e : e + 40]
            if not (COUNT_AFTER_RE.match(after) or QUANTITY_BEFORE_RE.search(before)):
                continue  # no sign that the number counts something
            if _BLANK_THEN_UPPER_RE.match(after):
                continue  # ``10115 Berlin``: a postcode before a place
            if self._labelled(before):
                continue
            if doc.is_protected(s, e):
                continue
            yield doc.finding(
                UNGROUPED_PROSE,
                s,
                e,
                f"{m.group()} is not grouped (English writes {group_thousands(m.group())})",
                [Edit(s, e, group_thousands(m.group()))],
            )

    def _english_grouping(self, doc: Document, habits: _Habits) -> Iterator[Finding]:
        """N201: ``58,595,066`` in a language whose table groups otherwise."""
        typo = typography(doc.lang)
        if typo is None or typo.group == ",":
            return
        text = doc.text
        sign = habits.group_sign(typo)
        for m in ENGLISH_GROUPS_RE.finditer(text):
            num = m.group("num")
            s, e = m.span("num")
            before = _before(text, s)
            if LABEL_BEFORE_LANG_RE.search(before) or VERSION_BEFORE_RE.search(before) or doc.is_protected(s, e):
                continue
            groups = num.count(",")
            price = bool(CURRENCY_BEFORE_RE.search(before) or CURRENCY_AFTER_WORD_RE.match(text, e))
            if groups >= 2 or price:
                # A decimal comma never repeats, and a price has no three decimals.
                yield doc.finding(
                    ENGLISH_GROUPING,
                    s,
                    e,
                    f"{num} is grouped the English way; {typo.tag} writes {num.replace(',', sign)!r}",
                    [Edit(s + i, s + i + 1, sign) for i, c in enumerate(num) if c == ","],
                )
            elif typo.decimal == "," and _SPACE_THEN_LETTER_RE.match(text[e : e + 2]):
                # ``2,600 akrů``: 2600 copied from English, or 2.6 with three places?
                yield doc.finding(
                    ENGLISH_GROUPING,
                    s,
                    e,
                    f"{num} reads as a decimal in {typo.tag}; if it is a whole number, write {num.replace(',', sign)!r}",
                )

    def _english_decimal(self, doc: Document, habits: _Habits) -> Iterator[Finding]:  # noqa: ARG002  one signature for the rules' scans
        """N202: ``4.5 milijuna``, ``3.5 %`` in a language whose decimal sign is the comma."""
        typo = typography(doc.lang)
        if typo is None or typo.decimal != ",":
            return
        text = doc.text
        for m in ENGLISH_DECIMAL_RE.finditer(text):
            s, e = m.start("int"), m.end("frac")
            before = _before(text, s)
            if not (m.group("unit") or CURRENCY_BEFORE_RE.search(before)):
                continue  # ``17.30 Uhr``, ``105.3 FM``, ``am 18.12``: nothing proves a decimal
            if LABEL_BEFORE_LANG_RE.search(before) or VERSION_BEFORE_RE.search(before) or doc.is_protected(s, e):
                continue
            dot = m.end("int")
            yield doc.finding(
                ENGLISH_DECIMAL,
                s,
                e,
                f"English decimal point in {m.group('int')}.{m.group('frac')}",
                [Edit(dot, dot + 1, typo.decimal)],
            )

    @staticmethod
    def _labelled(before: str) -> bool:
        """The words before a number make it a label or a name, also as the second of a pair
        (``build 10547 to 10550``, ``No. 12345 and 12346``)."""
        for _ in range(2):
            if ID_KEYWORDS_RE.search(before) or LABEL_BEFORE_RE.search(before) or NAME_BEFORE_RE.search(before):
                return True
            m = PAIRED_NUMBER_BEFORE_RE.search(before)
            if m is None:
                return False
            before = before[: m.start()]
        return False
