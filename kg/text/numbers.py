"""Numbers in raw Arabic text: digits, number words, fractions, percentages.

``find_numbers(text)`` returns every number of an article, in order and
non-overlapping, as :class:`kg.model.NumberExpr` records whose offsets refer to
the raw text (``text[n.begin:n.end] == n.anchor``).

What it reads (all of it the project's own rules; only the character
normalization comes from camel-tools, through :mod:`kg.text.normalize`):

* digits: Western, Arabic-Indic (٠-٩) and Persian (۰-۹), with thousands
  separators (``1,500``, ``١٬٥٠٠``) and decimals (``2.5``, ``٢٫٥``);
* a digit number followed by a scale word: ``50 ألف`` = 50000, ``9 آلاف``,
  ``2 مليون``, ``1.5 مليار``;
* cardinal number words, masculine and feminine, any case ending, with or
  without diacritics, with the clitics و ف ب ل ك on the first word: units
  (واحد … عشرة), teens (أحد عشر, ثلاث عشرة, glued أحدعشر), tens (عشرون/عشرين),
  hundreds (مئة/مائة, مئتان, ثلاثمئة or ثلاث مئة), scales (ألف, ألفان, آلاف,
  مليون, ملايين, مليار) and compounds joined by و: ``ثلاثمئةٍ وأحدعشر`` = 311,
  ``عشرة الاف`` = 10000, ``مئة وخمسون ألفا`` = 150000;
* fractions: نصف 0.5, ثلث 1/3, ثلثا/ثلثي 2/3, ربع 0.25, ثلاثة أرباع 0.75;
* percentages: ``90%``, ``٩٠٪``, ``40 في المائة``, ``90 في المئة``, ``15 بالمئة``
  (``is_percent=True``, value 90, the span covers the percent sign or words);
* day ordinals where they name a day of a month: ``الخامس عشر من نوفمبر`` = 15.

What it leaves alone, on purpose: words that are not numbers on their own
(أحد / إحدى "one of", آلاف / ملايين / عشرات / مئات "thousands, millions, tens,
hundreds" with no number before them, الواحدة …), cardinals with the article
(الثلاثة "the three" — :func:`cardinal_value` still reads them for callers that
know the context), ordinals that are not day numbers, and digits glued to Latin
letters (A320, F16, 5G).

Helpers for the time-expression stage: :data:`CARDINAL_PATTERN` and
:func:`cardinal_value` (a cardinal phrase in *normalized* text), and
:data:`ORDINAL_PATTERN` / :func:`ordinal_value` (day ordinals 1-31).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from kg.text.patterns import extend_over_marks, word_trie
from kg.model import NumberExpr
from kg.text.normalize import NormalizedText, normalize_ar, normalize_text

# ---- lexicon (written as in text; normalized below) ------------------------------------

_UNIT_FORMS: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "إثنان", "إثنين"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
    10: ("عشر", "عشرة"),
}
# First words of 11 and 12 that are not numbers alone (أحد السكان "one of the residents").
_TEEN_ONLY: dict[int, tuple[str, ...]] = {
    1: ("أحد", "إحدى", "حادي"),
    2: ("اثنا", "اثني", "اثنتا", "اثنتي", "إثنا", "إثني"),
}
_TENS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_HUNDRED = ("مئة", "مائة", "مية")
_TWO_HUNDRED = ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مائتا", "مئتي", "مائتي")
_HUNDRED_STEMS: dict[int, tuple[str, ...]] = {
    3: ("ثلاث", "ثلث"),
    4: ("أربع",),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان", "ثماني"),
    9: ("تسع",),
}
# scale -> (singular forms, dual forms, plural forms). Plurals need a number 3-10 (or digits) before.
_SCALES: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    1_000: (("ألف", "ألفا"), ("ألفان", "ألفين", "ألفي"), ("آلاف", "ألوف")),
    1_000_000: (("مليون", "مليونا"), ("مليونان", "مليونين", "مليوني"), ("ملايين",)),
    1_000_000_000: (("مليار", "مليارا", "بليون", "بليونا"), ("ملياران", "مليارين", "بليونان", "بليونين"),
                    ("مليارات", "بلايين")),
}
_FRACTIONS: dict[str, float] = {"نصف": 0.5, "ثلث": 1 / 3, "ثلثا": 2 / 3, "ثلثي": 2 / 3, "ربع": 0.25}
_QUARTERS = ("أرباع",)  # ثلاثة أرباع = 3/4

# Ordinals (masculine and feminine, with the article), for day numbers 1-31.
_ORDINAL_UNITS: dict[int, tuple[str, ...]] = {
    1: ("الأول", "الأولى"),
    2: ("الثاني", "الثانية"),
    3: ("الثالث", "الثالثة"),
    4: ("الرابع", "الرابعة"),
    5: ("الخامس", "الخامسة"),
    6: ("السادس", "السادسة"),
    7: ("السابع", "السابعة"),
    8: ("الثامن", "الثامنة"),
    9: ("التاسع", "التاسعة"),
    10: ("العاشر", "العاشرة"),
}
_ORDINAL_TEEN_ONE = ("الحادي", "الحادية")  # 11, 21, 31
_ORDINAL_TENS: dict[int, tuple[str, ...]] = {20: ("العشرون", "العشرين"), 30: ("الثلاثون", "الثلاثين")}


def _n(forms) -> list[str]:
    return [normalize_ar(f) for f in forms]


# Word kinds: U unit (1-10), T teen-only first word, X teen (11-19, glued), D tens, H hundreds,
# S scale singular, S2 scale dual, SP scale plural, F fraction, Q quarters (أرباع).
_WORDS: dict[str, tuple[str, float]] = {}


def _add(kind: str, value: float, forms) -> None:
    for f in _n(forms):
        _WORDS.setdefault(f, (kind, value))


for _v, _fs in _UNIT_FORMS.items():
    _add("U", _v, _fs)
for _v, _fs in _TEEN_ONLY.items():
    _add("T", _v, _fs)
for _v, _fs in list(_UNIT_FORMS.items())[2:9] + list(_TEEN_ONLY.items()):
    for _f in _fs:  # glued teens: أحدعشر, ثلاثةعشر
        _add("X", 10 + _v, [_f + "عشر", _f + "عشرة"])
for _v, _fs in _TENS.items():
    _add("D", _v, _fs)
_add("H", 100, _HUNDRED)
_add("H", 200, _TWO_HUNDRED)
for _v, _fs in _HUNDRED_STEMS.items():
    for _f in _fs:
        _add("H", _v * 100, [_f + h for h in _HUNDRED])
for _v, (_sg, _du, _pl) in _SCALES.items():
    _add("S", _v, _sg)
    _add("S2", _v, _du)
    _add("SP", _v, _pl)
for _f, _v in _FRACTIONS.items():
    _add("F", _v, [_f])
_add("Q", 0.25, _QUARTERS)
_TEN_WORDS = frozenset(_n(_UNIT_FORMS[10]))
_HUNDRED_WORDS = frozenset(_n(_HUNDRED))

_ORDINALS: dict[str, int] = {}
for _v, _fs in _ORDINAL_UNITS.items():
    for _f in _n(_fs):
        _ORDINALS[_f] = _v
for _v, _fs in _ORDINAL_TENS.items():
    for _f in _n(_fs):
        _ORDINALS[_f] = _v




def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_ORD_UNIT = _alt(list(_ORDINALS) + _n(_ORDINAL_TEEN_ONE))
_ORD_TENS = _alt(_n(sum(_ORDINAL_TENS.values(), ())))
_TEN_SUFFIX = _alt(_n(("عشر", "عشرة")))
_TENS_SUFFIX = _alt(_n(("عشرين", "عشرون", "ثلاثين", "ثلاثون")))
#: A day ordinal in normalized text: الخامس عشر, الحادي والعشرين, الأول, العشرين.
ORDINAL_PATTERN = (
    rf"(?:(?:{_ORD_UNIT})\s+(?:{_TEN_SUFFIX})(?!\w)"
    rf"|(?:{_ORD_UNIT})\s+و\s?ال(?:{_TENS_SUFFIX})(?!\w)"
    rf"|(?:{_ORD_TENS}|{_ORD_UNIT})(?!\w))"
)
_ORDINAL_FIRST = frozenset(list(_ORDINALS) + _n(_ORDINAL_TEEN_ONE))
#: The words a day ordinal can start with, normalized.
ORDINAL_FIRST_WORDS = _ORDINAL_FIRST
_ORD_PART = re.compile(r"[^\W\d_]+")


def ordinal_value(phrase: str) -> int | None:
    """Value of a day ordinal in normalized text (الخامس عشر -> 15), or None."""
    words = [w for w in _ORD_PART.findall(phrase) if w != "و"]
    if not words:
        return None
    first = words[0]
    base = 1 if first in _n(_ORDINAL_TEEN_ONE) else _ORDINALS.get(first)
    if base is None:
        return None
    if len(words) == 1:
        return base if first not in _n(_ORDINAL_TEEN_ONE) else None
    if len(words) != 2 or base >= 10:
        return None
    second = words[1]
    if second in _n(("عشر", "عشرة")):
        return 10 + base
    second = second[1:] if second.startswith("و") else second
    second = second[2:] if second.startswith("ال") else second
    for tens, forms in _TENS.items():
        if tens <= 30 and second in _n(forms):
            value = tens + base
            return value if value <= 31 else None
    return None


# ---- digits ---------------------------------------------------------------------------------

_DIGITS = r"(?<![A-Za-z0-9])(?:[0-9]{1,3}(?:[,٬][0-9]{3})+(?![0-9])|[0-9]+)(?:[.٫][0-9]+)?(?![A-Za-z0-9])"
_TOKEN = re.compile(rf"(?P<d>{_DIGITS})|(?P<w>[^\W\d_]+)|(?P<o>[^\w\s])")
_PERCENT = re.compile(
    r"\s*[%٪]|\s*(?:في|فى)\s*ال(?:ميه|مايه)(?!\w)|\s*بال(?:ميه|مايه)(?!\w)|\s*بالمية(?!\w)"
)
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
_MIN_STEM_AFTER_CLITIC = 3

#: A cardinal phrase in normalized text (digits or number words, joined by و); check it with
#: :func:`cardinal_value`, which rejects sequences that are not one number.
_WORD_ALT = word_trie(_WORDS)
#: Every cardinal/fraction word known, normalized (for callers that dispatch on a first word).
NUMBER_WORDS = frozenset(_WORDS)
CARDINAL_PATTERN = (
    rf"(?:{_DIGITS}|(?:{_WORD_ALT})(?!\w))(?:\s*(?:و\s?)?(?:(?:{_WORD_ALT})(?!\w)|{_DIGITS}))*"
)


def _digit_value(s: str) -> float:
    return float(s.replace(",", "").replace("٬", "").replace("٫", "."))


def _word(tok: str) -> tuple[str, float] | None:
    return _WORDS.get(tok)


class _Acc:
    """Accumulates a number word by word (total of finished scale groups + current group)."""

    __slots__ = ("total", "cur", "cur_kind", "last_scale")

    def __init__(self) -> None:
        self.total = 0.0
        self.cur = 0.0
        self.cur_kind = ""  # "" (nothing yet), "U" unit, "T" teen-only, "X" teen, "D" tens, "H" hundreds…
        self.last_scale = 0.0

    def value(self) -> float:
        return self.total + self.cur

    def add(self, kind: str, v: float, joined: bool) -> bool:
        """Take one word (joined: it came after و). False when it cannot continue the number."""
        if kind in ("S", "S2", "SP"):
            return self._scale(kind, v)
        if kind in ("F", "Q", "T"):
            return False
        if kind == "#":  # digits
            if self.cur_kind and not (self.cur_kind == "H" and joined):
                return False
            self.cur, self.cur_kind = self.cur + v, "#"
            return True
        if not self.cur_kind:
            if self.total and not joined:
                return False
            if self.total and v >= self.last_scale:
                return False
            self.cur, self.cur_kind = v, kind
            return True
        if not joined:
            return False
        cur100 = self.cur % 100
        if self.cur_kind == "H" and kind in ("U", "X", "D") and cur100 == 0:
            self.cur += v
            self.cur_kind = "HU" if kind == "U" else "HD"
            return True
        if self.cur_kind in ("U", "HU") and kind == "D" and 1 <= cur100 <= 9:
            self.cur += v
            self.cur_kind = "HD"
            return True
        return False

    def _scale(self, kind: str, v: float) -> bool:
        if self.last_scale and v >= self.last_scale:
            return False
        if kind == "S2":
            if self.cur_kind:
                return False
            self.cur = 2
        elif kind == "SP":
            if not self.cur_kind or (self.cur_kind != "#" and not 3 <= self.cur <= 10):
                return False
        elif not self.cur_kind:
            if self.total:
                return False
            self.cur = 1
        self.total += self.cur * v
        self.cur, self.cur_kind, self.last_scale = 0.0, "", v
        return True


def _stems(tok: str, first: bool) -> list[tuple[str, int, bool]]:
    """(stem, clitic length, joined by و) readings of a word token."""
    out = [(tok, 0, False)]
    if first:
        for c in _CLITICS[1:]:
            if tok.startswith(c) and len(tok) - len(c) >= _MIN_STEM_AFTER_CLITIC:
                out.append((tok[len(c):], len(c), False))
    elif tok.startswith("و") and len(tok) > 2:
        out.append((tok[1:], 1, True))
    return out


def _tokens(norm: str) -> list[tuple[str, int, int, str]]:
    """(kind d|w|o, begin, end, text) over normalized text."""
    return [(m.lastgroup, m.start(), m.end(), m.group()) for m in _TOKEN.finditer(norm)]


def _parse(toks, i: int) -> tuple[float, int, int, int] | None:
    """Parse one number starting at token i: (value, clitic length, last token index, kind count)."""
    kind0, _, _, text0 = toks[i]
    acc = _Acc()
    cut = 0
    if kind0 == "d":
        acc.add("#", _digit_value(text0), False)
    else:
        for stem, c, _ in _stems(text0, True):
            w = _word(stem)
            if w is None:
                continue
            k, v = w
            if k == "F":
                return (v, c, i, 1)
            if k == "T":  # أحد / إحدى / اثنا: only as the first word of a teen
                if i + 1 < len(toks) and toks[i + 1][3] in _TEN_WORDS:
                    acc.cur, acc.cur_kind, cut = 10 + v, "X", c
                    i += 1
                    break
                continue
            if k in ("SP",):
                continue  # آلاف / ملايين alone: "thousands", not a number
            if acc.add(k, v, False):
                cut = c
                break
        else:
            return None
        if not acc.cur_kind and not acc.total:
            return None
    last = i
    j = i + 1
    n = len(toks)
    while j < n:
        kind, _, _, text = toks[j]
        joined = False
        if text == "و" and j + 1 < n:  # "و خمسون"
            kind, _, _, text = toks[j + 1]
            joined, step = True, 2
        else:
            step = 1
        if kind == "d":
            if not joined or not acc.add("#", _digit_value(text), True):
                break
            last = j + step - 1
            j += step
            continue
        if kind != "w":
            break
        took = False
        for stem, _, via_waw in _stems(text, False):
            w = _word(stem)
            if w is None:
                continue
            k, v = w
            is_joined = joined or via_waw
            # teen: unit 1-9 + عشر/عشرة ; hundreds: unit 3-9 + مئة ; 3/4: ثلاثة أرباع
            if not is_joined and stem in _TEN_WORDS and acc.cur_kind in ("U",) and 3 <= acc.cur <= 9 \
                    and not acc.total:
                acc.cur, acc.cur_kind = 10 + acc.cur, "X"
                took = True
            elif not is_joined and stem in _HUNDRED_WORDS and acc.cur_kind == "U" and 3 <= acc.cur <= 9:
                acc.cur, acc.cur_kind = acc.cur * 100, "H"
                took = True
            elif not is_joined and k == "Q" and acc.cur_kind == "U" and acc.cur == 3 and not acc.total:
                return (0.75, cut, j, 2)
            elif k in ("S", "S2", "SP") and is_joined:
                continue
            else:
                took = acc.add(k, v, is_joined)
            if took:
                break
        if not took:
            break
        last = j + step - 1
        j += step
    return (acc.value(), cut, last, 0)


@lru_cache(maxsize=4096)
def cardinal_value(phrase: str) -> float | None:
    """Value of a whole cardinal phrase in normalized text (ثلاثه -> 3, 24 -> 24), else None.

    The article is allowed on the first word (الثلاثه -> 3): callers know the context.
    """
    toks = _tokens(phrase.strip())
    if not toks:
        return None
    if toks[0][0] == "w" and toks[0][3].startswith("ال") and _word(toks[0][3][2:]):
        k, b, e, t = toks[0]
        toks[0] = (k, b + 2, e, t[2:])
    r = _parse(toks, 0)
    if r is None or r[1] or r[2] != len(toks) - 1:
        return None
    return r[0]


# ---- month names, for day ordinals ------------------------------------------------------------

@lru_cache(maxsize=1)
def _month_words() -> str:
    from kg.lexicon import rows

    return _alt([row["form"] for row in rows("time.tsv") if row.kind == "month"])


_ORDINAL_DAY = re.compile(
    rf"(?:{ORDINAL_PATTERN})(?=\s+(?:من\s+)?(?:شهر\s+)?(?:{_month_words()}|الشهر)(?!\w))"
)




# Where a number can start: a number word (with its clitics) or a digit, at a word start.
_START = re.compile(
    rf"(?<![^\W\d_])(?:[وف]?[بلك]?)(?:{word_trie(_WORDS)})(?![^\W\d_])|(?<![A-Za-z0-9])[0-9]"
)
_AFTER_ORDINAL = re.compile(rf"(?:{_alt(_ORDINAL_FIRST)})\s+$")
_MAX_NUMBER_TOKENS = 16


def find_numbers(text: str, *, normalized: NormalizedText | None = None) -> list[NumberExpr]:
    """Every number in the raw text, in order, non-overlapping, with raw offsets.

    ``normalized`` may pass ``normalize_text(text)`` when the caller already has it.
    """
    nt = normalized if normalized is not None else normalize_text(text)
    norm = nt.norm
    found: list[tuple[int, int, float, bool]] = []  # normalized begin, end, value, percent
    last_end = 0
    for m in _START.finditer(norm):
        p = m.start()
        if p < last_end:
            continue
        toks = [(t.lastgroup, t.start(), t.end(), t.group())
                for t in islice(_TOKEN.finditer(norm, p), _MAX_NUMBER_TOKENS)]
        if toks[0][3] in _TEN_WORDS and _AFTER_ORDINAL.search(norm, max(0, p - 16), p):
            continue  # التاسع عشر: the second word of an ordinal
        r = _parse(toks, 0)
        if r is None:
            continue
        value, cut, last, _ = r
        begin, end = p + cut, toks[last][2]
        pm = _PERCENT.match(norm, end)
        percent = pm is not None
        if percent:
            end = pm.end()
        found.append((begin, end, value, percent))
        last_end = end
    for m in _ORDINAL_DAY.finditer(norm):
        found.append((m.start(), m.end(), float(ordinal_value(m.group()) or 0), False))
    found.sort()
    out: list[NumberExpr] = []
    last_end = raw_last_end = -1
    for begin, end, value, percent in found:
        if begin < last_end or (not value and not percent):
            continue
        rb, re_ = nt.raw_span(begin, end)
        if rb < raw_last_end:  # one raw character can expand to several (½ is NFKC "1⁄2"): one number
            continue
        re_ = extend_over_marks(text, re_)
        out.append(NumberExpr(rb, re_, text[rb:re_], value=value, is_percent=percent))
        last_end, raw_last_end = end, re_
    return out
