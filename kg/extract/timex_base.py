"""Time expressions: the shared parts of :mod:`kg.extract.timex` — the month, weekday and season names
(``kg/lexicons/time.tsv``), the pattern pieces, the date arithmetic, the candidate atoms and the rule
registry (:func:`time_rule`) the rule modules fill."""
from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass
from functools import lru_cache

from kg.lexicon import rows as lexicon_rows
from kg.text.normalize import normalize_ar
from kg.text.numbers import CARDINAL_PATTERN, ORDINAL_PATTERN

ONE_DAY = dt.timedelta(days=1)

# ---- lexicon --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def time_lexicon() -> tuple[dict[str, tuple[int, bool]], dict[str, int], dict[str, str]]:
    months: dict[str, tuple[int, bool]] = {}
    weekdays: dict[str, int] = {}
    seasons: dict[str, str] = {}
    for row in lexicon_rows("time.tsv"):  # checked and normalized by kg.lexicon
        if row.kind == "month":
            months[row["form"]] = (row["value"], row["flags"] == "ambiguous")
        elif row.kind == "weekday":
            weekdays[row["form"]] = row["value"]
        elif row.kind == "season":
            seasons[row["form"]] = row["value"]
    return months, weekdays, seasons


MONTHS, WEEKDAYS, SEASONS = time_lexicon()


def alt(*phrases: str) -> str:
    """Alternation of phrases, normalized, words joined by any whitespace, longest first."""
    alts = set()
    for p in phrases:
        words = normalize_ar(p).split()
        alts.add(r"\s+".join(re.escape(w) for w in words))
    return "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


B = r"(?<![^\W\d_])"  # a word starts here
E = r"(?![^\W\d_])"  # a word ends here
CL = r"(?:[وف]?[بلك]?)"  # proclitics, left out of the anchor
BN = rf"(?:{B}|(?<=في))"  # a number starts here (also against «في»: في1967، في17 نيسان)

WD = alt(*WEEKDAYS) + E
MON = alt(*MONTHS) + E
REL_PAST = alt("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
REL_NOW = alt("الجاري", "الجارية", "الحالي", "الحالية")
REL_NEXT = alt("المقبل", "المقبلة", "القادم", "القادمة")
REL = f"(?:{REL_PAST}|{REL_NOW}|{REL_NEXT}){E}"
YEARNUM = r"(?:19|20)[0-9]{2}(?![0-9])(?!\s*ه" + E + r"|\s*هجري)"
YEARWORD = alt("العام", "عام", "سنة", "السنة", "لعام", "للعام")
YEAR = rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEARWORD}\s+)?(?P<y>{YEARNUM})(?:\s*م{E})?)"
MONX = rf"(?P<m1>{MON})(?:\s*(?:(?P<po>\()|[/\-–])\s*(?P<m2>{MON})(?(po)\s*\)))?"
MOD = rf"(?:\s+(?P<mod>{REL}))"
POD_WORDS = alt("صباح", "صبيحة", "فجر", "ضحى", "ظهر", "ظهيرة", "عصر", "مساء", "ليل", "ليلة")
POD = rf"(?:{alt('بعد', 'قبل', 'قبيل', 'بعيد')}\s+)?(?:{alt('منتصف')}\s+)?(?P<pod>{POD_WORDS}){E}"
DAYNUM = r"(?<![0-9.,٫٬])(?P<d>[0-3]?[0-9])(?![0-9])"
ORD = rf"(?P<od>{ORDINAL_PATTERN})"
PARTS = alt("منتصف", "أواسط", "اواسط", "مطلع", "أوائل", "بداية", "بدايات", "مستهل", "أول", "غرة",
           "أواخر", "نهاية", "آخر", "ختام")
UNITS = alt("ساعة", "ساعات", "ساعتين", "ساعتان", "يوم", "أيام", "يومين", "يومان", "أسبوع", "أسابيع",
           "أسبوعين", "أسبوعان", "شهر", "أشهر", "شهور", "شهرين", "شهران", "سنة", "سنوات", "سنين",
           "سنتين", "سنتان", "عام", "أعوام", "عامين", "عامان", "عقد", "عقود", "عقدين") + E
UNITS_DEF_WORDS = ("الساعات", "الساعتين", "الأيام", "اليومين", "الأسابيع", "الأسبوعين", "الأشهر", "الشهور",
                    "الشهرين", "السنوات", "السنين", "السنتين", "الأعوام", "العامين")
UNITS_DEF = alt(*UNITS_DEF_WORDS) + E
RECENT = alt("الماضي", "الماضية", "الماضيين", "الماضيتين", "الأخير", "الأخيرة", "الأخيرين",
            "الأخيرتين", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "المنقضية") + E
COMING = alt("المقبل", "المقبلة", "المقبلين", "المقبلتين", "القادم", "القادمة", "القادمين") + E
APPROX = alt("نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقرب من", "ما يزيد عن", "ما يزيد على",
            "أكثر من", "أقل من", "أزيد من")
CARD = rf"(?P<n>{CARDINAL_PATTERN})"

UNIT_DAYS = {"ساعه": 1 / 24, "يوم": 1, "اسبوع": 7, "شهر": 31, "سنه": 365, "عام": 365, "عقد": 3650}
UNIT_OF = {normalize_ar(k): v for k, v in {
    "ساعة": "ساعه", "ساعات": "ساعه", "ساعتين": "ساعه", "ساعتان": "ساعه", "الساعات": "ساعه",
    "الساعتين": "ساعه",
    "يوم": "يوم", "أيام": "يوم", "يومين": "يوم", "يومان": "يوم", "الأيام": "يوم", "اليومين": "يوم",
    "أسبوع": "اسبوع", "أسابيع": "اسبوع", "أسبوعين": "اسبوع", "أسبوعان": "اسبوع", "الأسابيع": "اسبوع",
    "الأسبوعين": "اسبوع",
    "شهر": "شهر", "أشهر": "شهر", "شهور": "شهر", "شهرين": "شهر", "شهران": "شهر", "الأشهر": "شهر",
    "الشهور": "شهر", "الشهرين": "شهر",
    "سنة": "سنه", "سنوات": "سنه", "سنين": "سنه", "سنتين": "سنه", "سنتان": "سنه", "السنوات": "سنه",
    "السنين": "سنه", "السنتين": "سنه",
    "عام": "عام", "أعوام": "عام", "عامين": "عام", "عامان": "عام", "الأعوام": "عام", "العامين": "عام",
    "عقد": "عقد", "عقود": "عقد", "عقدين": "عقد",
}.items()}
DUAL = {normalize_ar(w) for w in ("ساعتين", "ساعتان", "الساعتين", "يومين", "يومان", "اليومين", "أسبوعين",
                                   "أسبوعان", "الأسبوعين", "شهرين", "شهران", "الشهرين", "سنتين", "سنتان",
                                   "السنتين", "عامين", "عامان", "العامين", "عقدين")}
SINGULAR = {normalize_ar(w) for w in ("ساعة", "يوم", "أسبوع", "شهر", "سنة", "عام", "عقد")}
# plural units with no number: how many days back (None: too vague to date)
AGO_SLACK = {"اسبوع": 2, "شهر": 7, "سنه": 45, "عام": 45}  # days either side of "n units ago"
VAGUE_PLURAL_DAYS = {"ساعه": 1, "يوم": 7, "اسبوع": None, "شهر": None, "سنه": None, "عام": None, "عقد": None}

PART_RANGES_MONTH = {"start": (1, 10), "mid": (14, 16), "middle": (11, 20), "end": (21, 31)}
PART_RANGES_YEAR = {"start": ((1, 1), (3, 31)), "mid": ((6, 1), (7, 31)), "middle": ((6, 1), (7, 31)),
                     "end": ((10, 1), (12, 31))}
PART_OF = {normalize_ar(k): v for k, v in {
    "منتصف": "mid", "أواسط": "middle", "اواسط": "middle", "مطلع": "start", "أوائل": "start",
    "بداية": "start", "بدايات": "start", "مستهل": "start", "أول": "start", "غرة": "start",
    "أواخر": "end", "نهاية": "end", "آخر": "end", "ختام": "end"}.items()}
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}

# ---- future context -------------------------------------------------------------------------

CLAUSE_END = re.compile(r"[.!?؟؛:\n«»\"]")
FUTURE_WORDS = re.compile(
    B + r"(?:" + alt("سوف", "من المقرر", "من المنتظر", "من المتوقع", "المزمع", "يعتزم", "تعتزم", "ينوي",
                    "تنوي", "يتوقع أن", "يُنتظر أن",
                    # a present verb of holding before a date: what is scheduled (الاقتراع الذي يجرى في 24 حزيران)
                    "يجرى", "تجرى", "يُجرى", "تُجرى", "تعقد", "يعقد", "تنعقد", "ينعقد", "تقام", "يقام") + E
    + r"|[وف]?س[يتن][^\W\d_]{2,})"
)
# nouns and names that look like a future verb (س + ي/ت/ن …): whole words, then word beginnings
NOT_FUTURE_WORDS = frozenset(normalize_ar(w) for w in (
    "سيد", "سيدة", "سير", "سيرا", "سيرة", "سيف", "سين", "سيئ", "سيئة", "سيل", "سيول", "سيناء", "ستة", "ستين",
    "ستون", "ستار", "سنة", "سنوات", "سنين", "سنتين", "سنتان", "سني", "سنية", "سند", "سندات", "سنوي", "سنوية",
    "سنويا", "سيما", "ستر", "سترة"))
NOT_FUTURE_STEMS = tuple(normalize_ar(w) for w in (
    "سيطر", "سياس", "سيار", "سياق", "سياح", "سياد", "سيناري", "سينما", "سيرغي", "سيريا", "ستوك", "ستيف",
    "ستاف", "ستالين", "ستراتيج", "سنغافور", "سيبير"))
FUTURE_WINDOW_WORDS = 9


def future_context(norm: str, start: int) -> bool:
    """A future marker among the few words before ``start``, in the same clause."""
    window = norm[max(0, start - 90):start]
    cut = None
    for cut in CLAUSE_END.finditer(window):
        pass
    if cut is not None:
        window = window[cut.end():]
    words = window.split()[-FUTURE_WINDOW_WORDS:]
    window = " ".join(words)
    for m in FUTURE_WORDS.finditer(window):
        word = m.group()
        if word[0] in "وف" and word[1:2] == "س":
            word = word[1:]
        if word.startswith("س") and (word in NOT_FUTURE_WORDS or word.startswith(NOT_FUTURE_STEMS)):
            continue
        return True
    return False


# ---- date arithmetic ------------------------------------------------------------------------


def on_or_before(ref: dt.date, wd: int) -> dt.date:
    return ref - dt.timedelta(days=(ref.weekday() - wd) % 7)


def on_or_after(ref: dt.date, wd: int) -> dt.date:
    return ref + dt.timedelta(days=(wd - ref.weekday()) % 7)


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, monthrange(y, m)[1])


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def add_years(d: dt.date, years: int) -> dt.date:
    y = d.year + years
    return dt.date(y, d.month, min(d.day, monthrange(y, d.month)[1]))


def month_year(pub: dt.date, month: int, direction: str) -> int:
    """The year of the named month seen from ``pub``: past | past-strict | future | future-strict | now."""
    if direction == "past-strict":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "future":
        return pub.year if month >= pub.month else pub.year + 1
    if direction == "future-strict":
        return pub.year if month > pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


REL_PAST_SET = frozenset(normalize_ar(w) for w in
                          ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة"))
REL_NEXT_SET = frozenset(normalize_ar(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة"))


def direction_of(mod: str | None, future: bool) -> str:
    if mod:
        if mod in REL_PAST_SET:
            return "past-strict"
        if mod in REL_NEXT_SET:
            return "future-strict"
        return "now"
    return "future" if future else "past"


def week_start(d: dt.date) -> dt.date:
    return on_or_before(d, 5)  # weeks run Saturday to Friday


# ---- candidates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    start: int  # normalized offsets of the anchor
    end: int
    earliest: dt.date | None
    latest: dt.date | None
    kind: str
    wd: int | None = None  # a weekday to re-resolve relative to a neighbour
    night: str = ""  # "" | "night" (X..X+1) | "eve" (X-1..X)


@dataclass
class Ctx:
    norm: str
    pub: dt.date | None


def make_atom(m: re.Match, ctx: Ctx, earliest, latest, kind, *, absolute: bool = False, **kw) -> Atom:
    """An atom over group "a"; dates dropped when they depend on a publication date we lack."""
    if ctx.pub is None and not absolute:
        earliest = latest = None
    return Atom(m.start("a"), m.end("a"), earliest, latest, kind, **kw)


def night_span(day: dt.date, night: str) -> tuple[dt.date, dt.date]:
    if night == "night":
        return day, day + ONE_DAY
    if night == "eve":
        return day - ONE_DAY, day
    return day, day


def pod_night(pod: str | None, matched: str) -> str:
    if not pod:
        return ""
    if pod == normalize_ar("ليلة") and "منتصف" not in matched:
        return "eve"
    if pod in (normalize_ar("ليل"), normalize_ar("ليلة")):
        return "night"
    return ""


RULES: list[tuple[re.Pattern, object]] = []
FIRST: dict[str, list[int]] = {}  # normalized first word ("#" for digits) -> indexes into RULES
POD_FIRST = ("صباح", "صبيحة", "فجر", "ضحى", "ظهر", "ظهيرة", "عصر", "مساء", "ليل", "ليلة", "بعد", "قبل",
              "قبيل", "بعيد", "منتصف")


def time_rule(pattern: str, *first: str | tuple[str, ...] | frozenset):
    """Register a pattern with the words its matches can start with (clitics aside)."""
    def deco(fn):
        index = len(RULES)
        RULES.append((re.compile(pattern), fn))
        words: set[str] = set()
        for f in first:
            for w in ([f] if isinstance(f, str) else f):
                words.add(w if w == "#" else normalize_ar(w).split()[0])
        for w in words:
            FIRST.setdefault(w, []).append(index)
        return fn
    return deco


