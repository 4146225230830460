"""Hypothesis strategies for machine-translation-like text, beside plain random Unicode."""

from __future__ import annotations

from hypothesis import strategies as st

PIECES = [
    "the",
    "the the",
    "in in",
    "Ukraine",
    "Mr",
    "Mr.",
    "U.S.",
    "US",
    "Blinken",
    "Kyiv",
    "Kiev",
    "he",
    "she",
    "her",
    "$",
    "€",
    "369",
    "5.3",
    "%",
    "1,000",
    "5, 000",
    "10:30",
    "2-0",
    "-",
    "--",
    "—",
    "–",
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    "...",
    "…",
    "“",
    "”",
    "„",
    "«",
    "»",
    "‘",
    "’",
    "'",
    '"',
    "(",
    ")",
    "[",
    "]",
    "（",
    "）",
    "，",
    "。",
    "don't",
    "don' t",
    "it’ s",
    "n't",
    "do",
    "â€œ",
    "cafÃ©",
    "\u0097",
    "\u200b",
    "\u200d",
    "👍",
    "😀",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "https://example.com/a,b",
    "a@b.org",
    "#PRS_ORG#",
    "<unk>",
    "&quot;",
    "self - assembly",
    "universe-a",
    "中文",
    "Привет",
    "\x00",
    "\ud800",
    "e\u0301",
    "𝐀",
    "said",
    "said.",
    "China",
    "NATO",
    "Register today.",
]

mt_text = st.lists(st.sampled_from(PIECES), max_size=40).map(lambda xs: " ".join(xs))
mt_text_tight = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)

# Sentences built the way MT output is shaped: words, names and numbers, wrapped in quotes
# and brackets that may be unbalanced or misdirected, punctuation with the spacing a
# tokenizer leaves, and some of it re-encoded as mojibake.
WORDS = (
    "the a of to in and said that it was for on with as he she they talks government minister "
    "prices rose fell percent year week people company would not has been after over"
).split()
NAMES = [
    "Zelensky",
    "Zelenskyy",
    "Kyiv",
    "Kiev",
    "Blinken",
    "O’Brien",
    "Müller",
    "Łódź",
    "São Paulo",
    "Deutsche Bank",
    "Mr. Smith",
    "Dr Who",
    "U.S.",
    "EU",
    "NATO",
    "Xi Jinping",
    "Škoda",
]
NUMBERS = [
    "369",
    "5.3",
    "1,000",
    "1 000",
    "1.000,5",
    "10:30",
    "2-0",
    "3½",
    "1990s",
    "’90s",
    "5'10\"",
    "€2.4",
    "$ 35",
    "40 °C",
    "5 km",
    "12.5 %",
    "-7",
    "1/2",
    "#1",
    "No. 5",
    "2022-11-29",
]
QUOTES = [
    ("“", "”"),
    ("„", "“"),
    ("«", "»"),
    ("« ", " »"),
    ('"', '"'),
    ("'", "'"),
    ("‘", "’"),
    ("”", "”"),
    ("“", "“"),
    ("「", "」"),
    ("‹", "›"),
    ("“", ""),
    ("", "”"),
]
BRACKETS = [("(", ")"), ("[", "]"), ("{", "}"), ("（", "）"), ("(", ""), ("", ")"), (")", "(")]
PUNCT = [",", ".", ";", ":", "!", "?", "...", "…", " ,", " .", " ;", " :", " ?", ",,", ".."]


def _mojibake(s: str, codec: str) -> str:
    try:
        return s.encode("utf-8").decode(codec)
    except UnicodeDecodeError:
        return s


@st.composite
def mt_sentences(draw) -> str:
    """A few MT-like sentences; see the comment above."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        toks = []
        for _ in range(draw(st.integers(1, 12))):
            kind = draw(st.integers(0, 9))
            if kind <= 4:
                tok = draw(st.sampled_from(WORDS))
            elif kind == 5:
                tok = draw(st.sampled_from(NAMES))
            elif kind == 6:
                tok = draw(st.sampled_from(NUMBERS))
            elif kind == 7:
                o, c = draw(st.sampled_from(QUOTES))
                tok = o + " ".join(draw(st.lists(st.sampled_from(WORDS + NAMES), min_size=1, max_size=4))) + c
            elif kind == 8:
                o, c = draw(st.sampled_from(BRACKETS))
                tok = o + " ".join(draw(st.lists(st.sampled_from(WORDS + NUMBERS), min_size=1, max_size=4))) + c
            else:
                tok = draw(st.sampled_from(PUNCT))
            if draw(st.integers(0, 9)) == 0:
                tok = tok + " " + tok  # a decoder's repetition
            toks.append(tok)
        sent = " ".join(toks)
        sent = sent[:1].upper() + sent[1:]
        sent += draw(st.sampled_from([".", ".", "?", "!", " .", "", ":", "…"]))
        if draw(st.integers(0, 7)) == 0:
            sent = _mojibake(sent, draw(st.sampled_from(["latin-1", "cp1252", "cp1251"])))
        out.append(sent)
    sep = draw(st.sampled_from([" ", " ", "\n", "\n\n", "\r\n", "  "]))
    return sep.join(out)


# Shapes from real text that fixes once damaged (issue 16): decimals before a magnitude word,
# numbers of standards and identifiers, numbers split at their grouping commas, code and
# command lines, literal escapes, quotations that run over a line break.
NUMBER_SHAPES = [
    "46.256 million",
    "15.841 billion yuan",
    "1.250 trillion",
    "21.000 inhabitants",
    "5 000 people",
    "8, 900 jobs",
    "6, 607, 500 people",
    "20, 000 yen",
    "10,000-20, 000",
    "GB/T 13000",
    "ISO 14001",
    "250000",
    "250,000",
    "2.125 kg",
    "0.25",
    "3.14159",
    "5,3 %",
    "1.5, 200",
    "No. 1234567",
    "v1.100.2",
    "192.168.0.1",
    "179€",
    "$ 35",
    "1,000,000",
    "12.5%",
    "3 100-metre",
    "On April 3, 410",
]
CODE_SHAPES = [
    'printf("done\\n");',
    "void init ();",
    "obj.reset ()",
    "-Wl,--as-needed",
    "-fexternal--templates",
    "--help",
    "a[i] = f();",
    "`x -- y`",
    'x = ""',
    "if ( x == 1 ) {",
    "C:\\new\\file.txt",
    "-DNAME=1",
]
PROSE_SHAPES = [
    "fought for for thirty years",
    "in in-person",
    "play-in in",
    "the Grand Lisboa",
    "three ? in a row",
    "“Faster, faster, faster,”",
    "Come in, come in, come in",
    "【Official】We Smile",
    "Stein（FD",
    'peace", -- are',
    "the reported reported cases",
    "Ukraine and her allies",
    "Shchedрik",
    '"Oвсянки"',
    "iz.ru .",
    "<unk>",
    'the "Cadet » movement',
    "“We will go\nwhat happens to the talks” he said",
    "a\\nb",
    "done.\\nNext",
]
shaped_text = st.lists(
    st.sampled_from(
        NUMBER_SHAPES + CODE_SHAPES + PROSE_SHAPES + WORDS + PUNCT + ["\n", "\r\n", "(", ")", "“", "”", '"']
    ),
    max_size=25,
).map(" ".join)

texts = st.one_of(any_text, mt_text, mt_text_tight, mt_sentences(), shaped_text)
