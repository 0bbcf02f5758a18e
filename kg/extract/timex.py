"""Arabic time expressions, resolved against the article's publication date.

``find_time_expressions(text, published)`` returns every time expression of a
raw article text as :class:`kg.model.TimeExpr` records, in order,
non-overlapping (the longest match wins), with raw offsets
(``text[t.begin:t.end] == t.anchor``) and the days they mean
(``earliest``/``latest``, equal for an exact day).

Where the parts come from
-------------------------
* Character normalization (diacritics, hamza seats, ى/ي, ة/ه, tatweel, bidi marks,
  Arabic-Indic digits) is camel-tools', through :mod:`kg.text.normalize`, which
  also maps every match back to raw offsets.
* Cardinal and ordinal number words (خمس سنوات, الخامس عشر) are read by
  :mod:`kg.text.numbers`.
* Month, weekday and season names are data: ``kg/lexicons/time.tsv``.
* Everything else — the patterns and the resolution rules below — is the
  project's own. ``dateparser`` (1.5, offline, has Arabic) was tried on the
  sample articles and not used: it finds no offsets, misses most of these
  constructions (امس الثلاثاء, ليل الاثنين الثلاثاء, منتصف الشهر الحالي,
  تشرين الثاني / نوفمبر, الخامس عشر من نوفمبر الماضي, فجر الاحد, صيف العام 2012),
  reads "85%" as the year 1985, and its ``search_dates`` takes 20-50 ms per
  article where this module takes about 1 ms (plus about 0.7 ms of normalization,
  which a caller holding ``normalize_text(text)`` can pass in and share).
* Speed: each rule is registered with the words its matches can start with; one
  scan of the text (a trie-shaped regex, compiled at import) finds those words and
  only the rules that can start there are tried.

Families and how they resolve (P = publication date)
----------------------------------------------------
* weekdays (يوم الأربعاء, الإثنين, فجر الأحد, مساء السبت): the most recent such
  day on or before P; on or after P after a future marker in the same clause
  (س/سوف + verb, من المقرر, من المتوقع …); strictly before with الماضي, strictly
  after with المقبل/القادم. ``امس الثلاثاء`` / ``يوم أمس الاثنين``: the most recent
  such day on or before P-1 (the weekday is trusted over "yesterday" when they
  disagree). ``يومي السبت والاحد``: both days (kind "range").
* nights: ``ليل الاثنين الثلاثاء`` and ``منتصف ليل الاحد السبت`` (either order) are the
  night between two adjacent weekdays: the earlier day .. the later day, the later
  one being on or before P. ``ليل X`` is X .. X+1; ``ليلة X`` (the eve) is X-1 .. X;
  ``ليل أمس``, ``الليلة الماضية``, bare ``ليلا``, ``طوال الليل``, ``خلال الليل``,
  ``منتصف الليل``: P-1 .. P; ``الليلة``: P .. P+1. Kind "part-of-day".
* relative days: اليوم P; أمس / بالأمس P-1; أمس الأول / أول أمس P-2; غدا / الغد P+1;
  بعد غد P+2; a part of day before them (صباح اليوم, بعد ظهر أمس) keeps the day;
  الآن / حاليا P.
* غداة X is the day after X, عشية X the day before X. Bare غداة / عشية before a
  noun (غداة اجتماع …) date *that noun's event*: P-1 and P+1 (the report's day is
  taken as P).
* months, in the Gregorian, Syriac (Levant) and Maghrebi names, paired or not
  (تشرين الثاني / نوفمبر, ايلول / سبتمبر): with a year, that month; without, the most
  recent such month not after P's month (after it in a future context); with
  الماضي strictly before, with المقبل strictly after. Names that are also common
  words (مارس, آب, ماي, نيسان) need calendar context. Kind "month".
* days of months: 15 تشرين الثاني / نوفمبر, الخامس عشر من نوفمبر الماضي, 15 و16
  نوفمبر, الأربعاء 30 تشرين الثاني (the date decides), العاشر من الشهر الماضي,
  15/11/2016 (day first), 2016-11-15. Without a year: the most recent such date on
  or before P (on or after P in a future context).
* vague parts: منتصف X = days 14-16; أواسط 11-20; مطلع/أوائل/بداية/مستهل/أول/غرة
  1-10; أواخر/نهاية/آخر/ختام 21-end; of a month (named, الشهر الحالي/الجاري/الماضي/
  المقبل, هذا الشهر) or of a year (Jan 1-Mar 31, Jun 1-Jul 31, Oct 1-Dec 31 for
  start, middle, end). Kind "range".
* years: العام 2012, عام 2011, في 2012, العام الماضي, هذا العام, هذه السنة (the whole
  year). Kind "year".
* seasons, meteorological: spring Mar 1-May 31, summer Jun 1-Aug 31, autumn
  Sep 1-Nov 30, winter of year Y Dec 1 Y-1 .. end of Feb Y (صيف العام 2012,
  صيف 2012, الصيف الماضي, هذا الصيف). Kind "season".
* periods: الشهر الماضي / الحالي / المقبل (kind "month"); الأسبوع الماضي / الحالي /
  المقبل with weeks from Saturday to Friday (kind "range").
* since: منذ X = X's first day .. P (kind "since"); منذ ليل X Y (a night) ends with
  that night (X .. Y): "since last night" is said the morning after. Without P,
  منذ عام 2012 keeps its earliest day and has no latest.
* durations: منذ خمس سنوات, قبل يومين: a point, P minus the duration in calendar
  months and years (kind "duration"; "day" for قبل + days or hours).
  خلال نحو شهر, طوال ثلاثة أيام, خلال ال 24 ساعة الماضية, في اليومين الأخيرين, في
  الساعات الماضية, الأيام المقبلة: a range ending at P (starting at P for المقبلة or
  after a future marker); hours round up to whole days, a month counts 31 days;
  a plural unit without a number counts 1 day for hours and 7 for days (منذ
  سنوات is "unresolved"); الآونة الأخيرة / الفترة الماضية / مؤخرا count 30 days.
  Kind "range".
* pairs: ``X أو Y`` (kind "alternatives": earliest of X .. latest of Y; a weekday Y
  is the first such day on or after X, so مساء الثلاثاء أو صباح الأربعاء after a
  future marker is Tue .. Wed); ``من X إلى/حتى Y`` and, for two days, months or
  years, ``X و Y`` / ``بين X و Y``: a range.
* anaphoric expressions (اليوم التالي, ذلك اليوم, منذ ذلك الحين, في وقت لاحق): kind
  "unresolved", no dates.

Without a publication date, relative expressions come back with their kind and
no dates; absolute ones (a year is written) still resolve. Not covered: clock
times (الساعة العاشرة صباحا), Hijri dates (returned as nothing), Libyan and
Mauritanian month names, expressions relative to another event (بعد ثمانية أشهر
على طرده), and centuries/decades by name.
"""
from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.lexicon import rows as lexicon_rows
from kg.text.patterns import extend_over_marks, word_trie
from kg.model import TimeExpr
from kg.text.normalize import NormalizedText, normalize_ar, normalize_text
from kg.text.numbers import (
    CARDINAL_PATTERN,
    NUMBER_WORDS,
    ORDINAL_FIRST_WORDS,
    ORDINAL_PATTERN,
    cardinal_value,
    ordinal_value,
)

_DAY = dt.timedelta(days=1)

# ---- lexicon --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, tuple[int, bool]], dict[str, int], dict[str, str]]:
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


_MONTHS, _WEEKDAYS, _SEASONS = _lexicon()


def _w(*phrases: str) -> str:
    """Alternation of phrases, normalized, words joined by any whitespace, longest first."""
    alts = set()
    for p in phrases:
        words = normalize_ar(p).split()
        alts.add(r"\s+".join(re.escape(w) for w in words))
    return "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")"


B = r"(?<![^\W\d_])"  # a word starts here
E = r"(?![^\W\d_])"  # a word ends here
CL = r"(?:[وف]?[بلك]?)"  # proclitics, left out of the anchor

WD = _w(*_WEEKDAYS) + E
MON = _w(*_MONTHS) + E
REL_PAST = _w("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
REL_NOW = _w("الجاري", "الجارية", "الحالي", "الحالية")
REL_NEXT = _w("المقبل", "المقبلة", "القادم", "القادمة")
REL = f"(?:{REL_PAST}|{REL_NOW}|{REL_NEXT}){E}"
YEARNUM = r"(?:19|20)[0-9]{2}(?![0-9])(?!\s*ه" + E + r"|\s*هجري)"
YEARWORD = _w("العام", "عام", "سنة", "السنة", "لعام", "للعام")
YEAR = rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{YEARWORD}\s+)?(?P<y>{YEARNUM})(?:\s*م{E})?)"
MONX = rf"(?P<m1>{MON})(?:\s*(?:(?P<po>\()|[/\-–])\s*(?P<m2>{MON})(?(po)\s*\)))?"
MOD = rf"(?:\s+(?P<mod>{REL}))"
POD_WORDS = _w("صباح", "صبيحة", "فجر", "ضحى", "ظهر", "ظهيرة", "عصر", "مساء", "ليل", "ليلة")
POD = rf"(?:{_w('بعد', 'قبل', 'قبيل', 'بعيد')}\s+)?(?:{_w('منتصف')}\s+)?(?P<pod>{POD_WORDS}){E}"
DAYNUM = r"(?<![0-9.,٫٬])(?P<d>[0-3]?[0-9])(?![0-9])"
ORD = rf"(?P<od>{ORDINAL_PATTERN})"
PARTS = _w("منتصف", "أواسط", "اواسط", "مطلع", "أوائل", "بداية", "بدايات", "مستهل", "أول", "غرة",
           "أواخر", "نهاية", "آخر", "ختام")
UNITS = _w("ساعة", "ساعات", "ساعتين", "ساعتان", "يوم", "أيام", "يومين", "يومان", "أسبوع", "أسابيع",
           "أسبوعين", "أسبوعان", "شهر", "أشهر", "شهور", "شهرين", "شهران", "سنة", "سنوات", "سنين",
           "سنتين", "سنتان", "عام", "أعوام", "عامين", "عامان", "عقد", "عقود", "عقدين") + E
_UNITS_DEF_WORDS = ("الساعات", "الساعتين", "الأيام", "اليومين", "الأسابيع", "الأسبوعين", "الأشهر", "الشهور",
                    "الشهرين", "السنوات", "السنين", "السنتين", "الأعوام", "العامين")
UNITS_DEF = _w(*_UNITS_DEF_WORDS) + E
RECENT = _w("الماضي", "الماضية", "الماضيين", "الماضيتين", "الأخير", "الأخيرة", "الأخيرين",
            "الأخيرتين", "المنصرم", "المنصرمة", "الفائت", "الفائتة", "المنقضية") + E
COMING = _w("المقبل", "المقبلة", "المقبلين", "المقبلتين", "القادم", "القادمة", "القادمين") + E
APPROX = _w("نحو", "حوالي", "حوالى", "قرابة", "زهاء", "ما يقرب من", "ما يزيد عن", "ما يزيد على",
            "أكثر من", "أقل من", "أزيد من")
CARD = rf"(?P<n>{CARDINAL_PATTERN})"

_UNIT_DAYS = {"ساعه": 1 / 24, "يوم": 1, "اسبوع": 7, "شهر": 31, "سنه": 365, "عام": 365, "عقد": 3650}
_UNIT_OF = {normalize_ar(k): v for k, v in {
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
_DUAL = {normalize_ar(w) for w in ("ساعتين", "ساعتان", "الساعتين", "يومين", "يومان", "اليومين", "أسبوعين",
                                   "أسبوعان", "الأسبوعين", "شهرين", "شهران", "الشهرين", "سنتين", "سنتان",
                                   "السنتين", "عامين", "عامان", "العامين", "عقدين")}
_SINGULAR = {normalize_ar(w) for w in ("ساعة", "يوم", "أسبوع", "شهر", "سنة", "عام", "عقد")}
# plural units with no number: how many days back (None: too vague to date)
_AGO_SLACK = {"اسبوع": 2, "شهر": 7, "سنه": 45, "عام": 45}  # days either side of "n units ago"
_VAGUE_PLURAL_DAYS = {"ساعه": 1, "يوم": 7, "اسبوع": None, "شهر": None, "سنه": None, "عام": None, "عقد": None}

_PART_RANGES_MONTH = {"start": (1, 10), "mid": (14, 16), "middle": (11, 20), "end": (21, 31)}
_PART_RANGES_YEAR = {"start": ((1, 1), (3, 31)), "mid": ((6, 1), (7, 31)), "middle": ((6, 1), (7, 31)),
                     "end": ((10, 1), (12, 31))}
_PART_OF = {normalize_ar(k): v for k, v in {
    "منتصف": "mid", "أواسط": "middle", "اواسط": "middle", "مطلع": "start", "أوائل": "start",
    "بداية": "start", "بدايات": "start", "مستهل": "start", "أول": "start", "غرة": "start",
    "أواخر": "end", "نهاية": "end", "آخر": "end", "ختام": "end"}.items()}
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}

# ---- future context -------------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[.!?؟؛:\n«»\"]")
_FUTURE_WORDS = re.compile(
    B + r"(?:" + _w("سوف", "من المقرر", "من المنتظر", "من المتوقع", "المزمع", "يعتزم", "تعتزم", "ينوي",
                    "تنوي", "يتوقع أن", "يُنتظر أن") + E
    + r"|[وف]?س[يتن][^\W\d_]{2,})"
)
# nouns and names that look like a future verb (س + ي/ت/ن …): whole words, then word beginnings
_NOT_FUTURE_WORDS = frozenset(normalize_ar(w) for w in (
    "سيد", "سيدة", "سير", "سيرا", "سيرة", "سيف", "سين", "سيئ", "سيئة", "سيل", "سيول", "سيناء", "ستة", "ستين",
    "ستون", "ستار", "سنة", "سنوات", "سنين", "سنتين", "سنتان", "سني", "سنية", "سند", "سندات", "سنوي", "سنوية",
    "سنويا", "سيما", "ستر", "سترة"))
_NOT_FUTURE_STEMS = tuple(normalize_ar(w) for w in (
    "سيطر", "سياس", "سيار", "سياق", "سياح", "سياد", "سيناري", "سينما", "سيرغي", "سيريا", "ستوك", "ستيف",
    "ستاف", "ستالين", "ستراتيج", "سنغافور", "سيبير"))
_FUTURE_WINDOW_WORDS = 9


def _future_context(norm: str, start: int) -> bool:
    """A future marker among the few words before ``start``, in the same clause."""
    window = norm[max(0, start - 90):start]
    cut = None
    for cut in _CLAUSE_END.finditer(window):
        pass
    if cut is not None:
        window = window[cut.end():]
    words = window.split()[-_FUTURE_WINDOW_WORDS:]
    window = " ".join(words)
    for m in _FUTURE_WORDS.finditer(window):
        word = m.group()
        if word[0] in "وف" and word[1:2] == "س":
            word = word[1:]
        if word.startswith("س") and (word in _NOT_FUTURE_WORDS or word.startswith(_NOT_FUTURE_STEMS)):
            continue
        return True
    return False


# ---- date arithmetic ------------------------------------------------------------------------


def _on_or_before(ref: dt.date, wd: int) -> dt.date:
    return ref - dt.timedelta(days=(ref.weekday() - wd) % 7)


def _on_or_after(ref: dt.date, wd: int) -> dt.date:
    return ref + dt.timedelta(days=(wd - ref.weekday()) % 7)


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, monthrange(y, m)[1])


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return dt.date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def _add_years(d: dt.date, years: int) -> dt.date:
    y = d.year + years
    return dt.date(y, d.month, min(d.day, monthrange(y, d.month)[1]))


def _month_year(pub: dt.date, month: int, direction: str) -> int:
    """The year of the named month seen from ``pub``: past | past-strict | future | future-strict | now."""
    if direction == "past-strict":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "future":
        return pub.year if month >= pub.month else pub.year + 1
    if direction == "future-strict":
        return pub.year if month > pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


_REL_PAST_SET = frozenset(normalize_ar(w) for w in
                          ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة"))
_REL_NEXT_SET = frozenset(normalize_ar(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة"))


def _direction(mod: str | None, future: bool) -> str:
    if mod:
        if mod in _REL_PAST_SET:
            return "past-strict"
        if mod in _REL_NEXT_SET:
            return "future-strict"
        return "now"
    return "future" if future else "past"


def _week_start(d: dt.date) -> dt.date:
    return _on_or_before(d, 5)  # weeks run Saturday to Friday


# ---- candidates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    start: int  # normalized offsets of the anchor
    end: int
    earliest: dt.date | None
    latest: dt.date | None
    kind: str
    wd: int | None = None  # a weekday to re-resolve relative to a neighbour
    night: str = ""  # "" | "night" (X..X+1) | "eve" (X-1..X)


@dataclass
class _Ctx:
    norm: str
    pub: dt.date | None


def _at(m: re.Match, ctx: _Ctx, earliest, latest, kind, *, absolute: bool = False, **kw) -> _Atom:
    """An atom over group "a"; dates dropped when they depend on a publication date we lack."""
    if ctx.pub is None and not absolute:
        earliest = latest = None
    return _Atom(m.start("a"), m.end("a"), earliest, latest, kind, **kw)


def _night(day: dt.date, night: str) -> tuple[dt.date, dt.date]:
    if night == "night":
        return day, day + _DAY
    if night == "eve":
        return day - _DAY, day
    return day, day


def _pod_night(pod: str | None, matched: str) -> str:
    if not pod:
        return ""
    if pod == normalize_ar("ليلة") and "منتصف" not in matched:
        return "eve"
    if pod in (normalize_ar("ليل"), normalize_ar("ليلة")):
        return "night"
    return ""


_P: list[tuple[re.Pattern, object]] = []
_FIRST: dict[str, list[int]] = {}  # normalized first word ("#" for digits) -> indexes into _P
_POD_FIRST = ("صباح", "صبيحة", "فجر", "ضحى", "ظهر", "ظهيرة", "عصر", "مساء", "ليل", "ليلة", "بعد", "قبل",
              "قبيل", "بعيد", "منتصف")


def _rule(pattern: str, *first: str | tuple[str, ...] | frozenset):
    """Register a pattern with the words its matches can start with (clitics aside)."""
    def deco(fn):
        index = len(_P)
        _P.append((re.compile(pattern), fn))
        words: set[str] = set()
        for f in first:
            for w in ([f] if isinstance(f, str) else f):
                words.add(w if w == "#" else normalize_ar(w).split()[0])
        for w in words:
            _FIRST.setdefault(w, []).append(index)
        return fn
    return deco


@_rule(rf"{B}{CL}(?P<a>(?:{_w('بعد', 'قبل', 'قبيل', 'بعيد')}\s+)?(?:{_w('منتصف')}\s+)?"
       rf"{_w('ليل', 'ليلة')}\s+(?:{_w('يوم', 'يومي')}\s+)?(?P<wd>{WD})\s*(?:[-/–]\s*|و\s*)?(?P<wd2>{WD}))",
       _POD_FIRST)
def _night_pair(m, ctx):
    a, b = _WEEKDAYS[m["wd"]], _WEEKDAYS[m["wd2"]]
    if (a + 1) % 7 == b:
        later = b
    elif (b + 1) % 7 == a:
        later = a
    else:
        return None
    if ctx.pub is None:
        return _at(m, ctx, None, None, "part-of-day")
    day = _on_or_before(ctx.pub, later)
    if _future_context(ctx.norm, m.start("a")) and day < ctx.pub:
        day = _on_or_after(ctx.pub, later)
    return _at(m, ctx, day - _DAY, day, "part-of-day", night="pair")


@_rule(rf"{B}{CL}(?P<a>{_w('يومي')}\s+(?P<wd>{WD})\s*(?:و\s*)?(?P<wd2>{WD}))", "يومي")
def _two_days(m, ctx):
    if ctx.pub is None:
        return _at(m, ctx, None, None, "range")
    first = _weekday_day(ctx, _WEEKDAYS[m["wd"]], None, "", m.start("a"))
    second = _on_or_after(first, _WEEKDAYS[m["wd2"]])
    return _at(m, ctx, first, second, "range")


def _weekday_day(ctx: _Ctx, wd: int, mod: str | None, rel: str, start: int) -> dt.date:
    pub = ctx.pub
    if rel in ("امس", "يوم امس", "الامس"):
        return _on_or_before(pub - _DAY, wd)
    if rel in ("اول امس", "اول من امس"):
        return _on_or_before(pub - 2 * _DAY, wd)
    if rel == "اليوم":
        return _on_or_before(pub, wd)
    if rel in ("غدا", "يوم غد"):
        return _on_or_after(pub + _DAY, wd)
    direction = _direction(mod, _future_context(ctx.norm, start))
    if direction == "past-strict":
        return _on_or_before(pub - _DAY, wd)
    if direction == "future-strict":
        return _on_or_after(pub + _DAY, wd)
    if direction == "future":
        return _on_or_after(pub, wd)
    return _on_or_before(pub, wd)


_WD_REL = _w("يوم أمس", "أمس", "بالأمس", "الأمس", "اليوم", "يوم", "أول أمس", "أول من أمس", "غدا", "يوم غد")


@_rule(rf"{B}{CL}(?P<a>(?:{POD}\s+)?(?:(?P<rel>{_WD_REL})\s+)?(?P<wd>{WD})"
       rf"(?:\s+(?P<mod>{REL_PAST}|{REL_NEXT}){E})?)",
       _POD_FIRST, tuple(_WEEKDAYS), "يوم", "أمس", "الأمس", "اليوم", "أول", "غدا")
def _weekday(m, ctx):
    wd = _WEEKDAYS[m["wd"]]
    night = _pod_night(m["pod"], m["a"])
    kind = "part-of-day" if night else "day"
    if ctx.pub is None:
        return _at(m, ctx, None, None, kind, wd=wd, night=night)
    rel = " ".join((m["rel"] or "").split())
    rel = rel[1:] if rel == "بالامس" else rel
    day = _weekday_day(ctx, wd, m["mod"], rel, m.start("a"))
    e, l_ = _night(day, night)
    return _at(m, ctx, e, l_, kind, wd=wd, night=night)


_REL_EXCL = _w("التالي", "السابق", "نفسه", "ذاته", "الذي", "العالمي", "الوطني", "الدولي", "الأول", "الثاني",
               "الثالث", "الرابع", "الخامس", "الأخير", "الواحد", "الموعود", "المحدد") + E
_WD_BARE = "|".join(re.escape(w[2:]) for w in _WEEKDAYS)


@_rule(rf"{B}{CL}(?P<a>(?:{POD}\s+)?(?:{_w('يوم')}\s+)?(?P<rel>"
       rf"اليوم(?!\s+{_REL_EXCL})|{_w('أول أمس', 'أول من أمس', 'أمس الأول')}{E}|(?:ال)?امس{E}"
       rf"|غدا(?!\s+ال(?!{_WD_BARE}|ي{E}))|{_w('الغد', 'غد', 'بعد غد')}{E}))",
       _POD_FIRST, "يوم", "اليوم", "أول", "أمس", "الأمس", "غدا", "الغد", "غد", "بعد")
def _relative_day(m, ctx):
    rel = " ".join(m["rel"].split())
    offset = {"اليوم": 0, "امس": -1, "الامس": -1, "غدا": 1, "الغد": 1, "غد": 1, "بعد غد": 2}.get(rel, -2)
    if rel == "غد" and not re.search(r"يوم\s+غد$", m["a"]):
        return None
    night = "night" if _pod_night(m["pod"], m["a"]) else ""  # ليلة أمس: last night, not its eve
    kind = "part-of-day" if night else "day"
    if ctx.pub is None:
        return _at(m, ctx, None, None, kind)
    day = ctx.pub + offset * _DAY
    e, l_ = _night(day, night)
    return _at(m, ctx, e, l_, kind)


@_rule(rf"{B}{CL}(?P<a>{_w('الليلة')}"
       rf"(?:\s+(?P<past>{_w('الماضية', 'المنصرمة', 'الفائتة', 'قبل الماضية')}))?{E})", "الليلة")
def _tonight(m, ctx):
    if ctx.pub is None:
        return _at(m, ctx, None, None, "part-of-day")
    if m["past"]:
        back = 2 if "قبل" in m["past"] else 1
        return _at(m, ctx, ctx.pub - back * _DAY, ctx.pub - (back - 1) * _DAY, "part-of-day")
    return _at(m, ctx, ctx.pub, ctx.pub + _DAY, "part-of-day")


_NIGHT_WORDS = _w("ليلا", "طوال الليل", "طيلة الليل", "خلال الليل", "منتصف الليل", "بعد منتصف الليل",
                  "قبل منتصف الليل")


@_rule(rf"{B}{CL}(?P<a>(?P<night>{_NIGHT_WORDS})"
       rf"|(?P<today>{_w('هذا الصباح', 'هذا المساء')})|(?<!اخبار )(?P<now>{_w('الآن', 'حاليا')})"
       rf"|(?P<recent>{_w('الآونة الأخيرة', 'الفترة الأخيرة', 'الفترة الماضية', 'مؤخرا')})){E}",
       "ليلا", "طوال", "طيلة", "خلال", "منتصف", "بعد", "قبل", "هذا", "الآن", "حاليا", "الآونة", "الفترة", "مؤخرا")
def _bare(m, ctx):
    pub = ctx.pub
    if m["night"]:
        return _at(m, ctx, pub and pub - _DAY, pub, "part-of-day")
    if m["recent"]:
        return _at(m, ctx, pub and pub - 30 * _DAY, pub, "range")
    return _at(m, ctx, pub, pub, "part-of-day" if m["today"] else "day")


@_rule(rf"{B}{CL}(?P<a>{_w('غداة', 'عشية')}){E}", "غداة", "عشية")
def _eve(m, ctx):
    pub = ctx.pub
    day = pub and (pub - _DAY if m["a"] == "غداه" else pub + _DAY)
    return _at(m, ctx, day, day, "day")


_ANAPHORIC = _w("ذلك اليوم", "نفس اليوم", "ذات اليوم", "اليوم التالي", "اليوم السابق", "اليوم نفسه", "اليوم ذاته",
                "منذ ذلك الحين", "ذلك الحين", "تلك الليلة", "وقت لاحق", "وقت سابق", "حينه", "حينها", "ذلك الوقت")


@_rule(rf"{B}{CL}(?:{_w('في')}\s+)?(?P<a>{_ANAPHORIC}){E}",
       "ذلك", "نفس", "ذات", "اليوم", "منذ", "تلك", "وقت", "حينه", "حينها")
def _unresolved(m, ctx):
    return _Atom(m.start("a"), m.end("a"), None, None, "unresolved")


def _month_of(m) -> tuple[int, bool] | None:
    """(month, ambiguous) of a MONX match; None when a pair of names disagrees."""
    month, amb = _MONTHS[" ".join(m["m1"].split())]
    if m["m2"]:
        month2, _ = _MONTHS[" ".join(m["m2"].split())]
        if month2 != month:
            return None
        amb = False
    return month, amb


# Words that put an ambiguous month name (مارس "practised", آب "father") in a calendar reading.
# Not من: "كل من مارس العنف" is "whoever practised violence".
_CAL_BEFORE = re.compile(
    rf"{B}{CL}{_w('في', 'منذ', 'خلال', 'حتى', 'إلى', 'الى', 'قبل', 'بعد', 'شهر', 'شهري', 'مطلع', 'منتصف')}\s*$"
    rf"|{B}{_w('أواخر', 'أوائل', 'بداية', 'نهاية', 'أواسط', 'طوال', 'مستهل', 'غرة', 'آخر', 'اعتبارا من')}\s*$"
)


def _calendar_context(ctx: _Ctx, m, month_start: int) -> bool:
    if m["m2"] or m.groupdict().get("y") or m.groupdict().get("mod"):
        return True
    return bool(_CAL_BEFORE.search(ctx.norm, max(0, month_start - 12), month_start))


@_rule(rf"{B}{CL}(?P<a>(?:{_w('يوم')}\s+)?(?:(?P<wd>{WD})\s*[،,]?\s*)?(?:{DAYNUM}|{ORD})"
       rf"(?:\s*(?:و|-|–|{_w('إلى', 'الى', 'حتى')})\s*(?P<d2>[0-3]?[0-9])(?![0-9]))?"
       rf"\s*(?:{_w('من')}\s+)?(?:{_w('شهر')}\s+)?"
       rf"(?:{MONX}{YEAR}?{MOD}?|(?P<mthis>{_w('الشهر', 'هذا الشهر')})(?:\s+(?P<mrel>{REL}))?{E}))",
       "يوم", "#", tuple(_WEEKDAYS), ORDINAL_FIRST_WORDS)
def _day_of_month(m, ctx):
    day = int(m["d"]) if m["d"] else ordinal_value(m["od"])
    if not day:
        return None
    day2 = int(m["d2"]) if m["d2"] else day
    if not 1 <= day <= day2 <= 31:
        return None
    y = int(m["y"]) if m["y"] else None
    if m["m1"]:
        mm = _month_of(m)
        if mm is None:
            return None
        month = mm[0]
        mod = m["mod"]
    else:
        if ctx.pub is None:
            return _at(m, ctx, None, None, "day" if day == day2 else "range")
        shift = {"past-strict": -1, "future-strict": 1}.get(_direction(m["mrel"], False), 0)
        first = _add_months(ctx.pub.replace(day=1), shift)
        y, month, mod = first.year, first.month, None
    if y is None:
        if ctx.pub is None:
            return _at(m, ctx, None, None, "day" if day == day2 else "range")
        direction = _direction(mod, _future_context(ctx.norm, m.start("a")))
        y = _month_year(ctx.pub, month, direction)
        if direction == "past" and month == ctx.pub.month and day > ctx.pub.day:
            y -= 1  # "15 December" read on 13 December: last year's
        elif direction == "future" and month == ctx.pub.month and day2 < ctx.pub.day:
            y += 1
    last = monthrange(y, month)[1]
    if day2 > last:
        return None
    return _at(m, ctx, dt.date(y, month, day), dt.date(y, month, day2), "day" if day == day2 else "range",
               absolute=m["y"] is not None)


@_rule(rf"{B}(?<![0-9])(?P<a>(?P<d>[0-3]?[0-9])(?P<sep>[/.\-])(?P<m>[01]?[0-9])(?P=sep)(?P<y>(?:19|20)[0-9]{{2}})"
       rf"|(?P<y2>(?:19|20)[0-9]{{2}})(?P<sep2>[/.\-])(?P<m2>[01]?[0-9])(?P=sep2)(?P<d2>[0-3]?[0-9]))(?![0-9])",
       "#")
def _numeric_date(m, ctx):
    try:
        if m["y"]:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        else:
            day = dt.date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    except ValueError:
        return None
    return _at(m, ctx, day, day, "day", absolute=True)


@_rule(rf"{B}{CL}(?P<a>(?:{_w('شهر')}\s+)?{MONX}{YEAR}?{MOD}?)", "شهر", tuple(_MONTHS))
def _month(m, ctx):
    mm = _month_of(m)
    if mm is None:
        return None
    month, amb = mm
    if amb and not _calendar_context(ctx, m, m.start("m1")):
        return None
    if m["y"]:
        y = int(m["y"])
    elif ctx.pub is None:
        return _at(m, ctx, None, None, "month")
    else:
        y = _month_year(ctx.pub, month, _direction(m["mod"], _future_context(ctx.norm, m.start("a"))))
    return _at(m, ctx, dt.date(y, month, 1), _month_end(y, month), "month", absolute=m["y"] is not None)


@_rule(rf"{B}{CL}(?P<a>(?P<part>{PARTS})\s+(?:{_w('شهر')}\s+)?(?:{MONX}{YEAR}?{MOD}?"
       rf"|(?P<mthis>{_w('الشهر', 'هذا الشهر')})(?:\s+(?P<mrel>{REL}))?"
       rf"|(?P<ythis>{_w('هذا العام', 'هذه السنة', 'العام', 'السنة')})"
       rf"(?:\s+(?P<yrel>{REL}|(?P<y2>{YEARNUM})))?"
       rf"|{_w('عام', 'سنة')}\s+(?P<y3>{YEARNUM})|(?P<y4>{YEARNUM})){E})", tuple(_PART_OF))
def _part(m, ctx):
    part = _PART_OF[" ".join(m["part"].split())]
    pub = ctx.pub
    if m["m1"] or m["mthis"]:
        if m["m1"]:
            mm = _month_of(m)
            if mm is None:
                return None
            month = mm[0]
            if m["y"]:
                y = int(m["y"])
            elif pub is None:
                return _at(m, ctx, None, None, "range")
            else:
                y = _month_year(pub, month, _direction(m["mod"], _future_context(ctx.norm, m.start("a"))))
        else:
            if pub is None:
                return _at(m, ctx, None, None, "range")
            shift = {"past-strict": -1, "future-strict": 1}.get(_direction(m["mrel"], False), 0)
            first = _add_months(pub.replace(day=1), shift)
            y, month = first.year, first.month
        lo, hi = _PART_RANGES_MONTH[part]
        hi = min(hi, monthrange(y, month)[1])
        if part == "end":
            lo = hi - 7  # the end of a month is its last week (نهاية حزيران: 23-30), not its last third
        return _at(m, ctx, dt.date(y, month, lo), dt.date(y, month, hi), "range",
                   absolute=m["y"] is not None)
    ytext = m["y2"] or m["y3"] or m["y4"]
    if ytext:
        y = int(ytext)
    elif pub is None:
        return _at(m, ctx, None, None, "range")
    else:
        y = pub.year + {"past-strict": -1, "future-strict": 1}.get(_direction(m["yrel"], False), 0)
    (m1, d1), (m2, d2) = _PART_RANGES_YEAR[part]
    return _at(m, ctx, dt.date(y, m1, d1), dt.date(y, m2, d2), "range", absolute=ytext is not None)


@_rule(rf"{B}{CL}(?P<a>{YEARWORD}\s+(?P<y>{YEARNUM})(?:\s*م{E})?)",
       "العام", "عام", "سنة", "السنة", "لعام", "للعام")
def _year(m, ctx):
    y = int(m["y"])
    return _at(m, ctx, dt.date(y, 1, 1), dt.date(y, 12, 31), "year", absolute=True)


_YEAR_PREP = re.compile(rf"{B}{CL}{_w('في', 'منذ', 'حتى', 'قبل', 'بعد', 'خلال', 'طوال', 'إلى', 'الى')}\s+$")


@_rule(rf"{B}(?<![0-9])(?P<a>(?P<y>{YEARNUM}))(?!\s*[/.\-][0-9])"
       rf"(?!\s*{_w('ألف', 'آلاف', 'مليون', 'شخص', 'شخصا', 'قتيل', 'قتيلا', 'مدني', 'مدنيا')}{E})",
       "#")
def _bare_year(m, ctx):
    if not _YEAR_PREP.search(ctx.norm, max(0, m.start() - 10), m.start()):
        return None
    return _year(m, ctx)


@_rule(rf"{B}{CL}(?P<a>(?:{_w('العام', 'السنة', 'عام', 'سنة')}\s+(?P<yrel>{REL}))"
       rf"|(?:{_w('هذا العام', 'هذه السنة', 'هذه العام')}){E})", "العام", "السنة", "عام", "سنة", "هذا", "هذه")
def _year_relative(m, ctx):
    if ctx.pub is None:
        return _at(m, ctx, None, None, "year")
    y = ctx.pub.year + {"past-strict": -1, "future-strict": 1}.get(_direction(m["yrel"], False), 0)
    return _at(m, ctx, dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


_SEASON_INDEF = "|".join(re.escape(s) for s in _SEASONS)
_SEASON_DEF = "|".join("ال" + re.escape(s) for s in _SEASONS)


def _season_range(season: str, y: int) -> tuple[dt.date, dt.date]:
    first, last = _SEASON_MONTHS[season]
    if season == "winter":
        return dt.date(y - 1, 12, 1), _month_end(y, 2)
    return dt.date(y, first, 1), _month_end(y, last)


@_rule(rf"{B}{CL}(?P<a>(?P<s>{_SEASON_INDEF})\s+(?:(?:{YEARWORD}\s+)?(?P<y>{YEARNUM})"
       rf"|{_w('العام', 'السنة')}\s+(?P<yrel>{REL}))"
       rf"|(?P<s2>{_SEASON_DEF})\s+(?P<yrel2>{REL})|{_w('هذا')}\s+(?P<s3>{_SEASON_DEF}){E})",
       tuple(_SEASONS), tuple("ال" + s for s in _SEASONS), "هذا")
def _season(m, ctx):
    name = m["s"] or (m["s2"] or m["s3"])[2:]
    season = _SEASONS[name]
    pub = ctx.pub
    if m["y"]:
        y = int(m["y"])
    elif pub is None:
        return _at(m, ctx, None, None, "season")
    elif m["yrel"]:  # صيف العام الماضي
        y = pub.year + {"past-strict": -1, "future-strict": 1}.get(_direction(m["yrel"], False), 0)
    else:
        y = pub.year + (season == "winter" and pub.month == 12)  # هذا الصيف, هذا الشتاء
        direction = _direction(m["yrel2"], False) if m["yrel2"] else "now"
        if direction == "past-strict":  # الصيف الماضي: the last one over before P
            while _season_range(season, y)[1] >= pub:
                y -= 1
        elif direction == "future-strict":
            while _season_range(season, y)[0] <= pub:
                y += 1
    lo, hi = _season_range(season, y)
    return _at(m, ctx, lo, hi, "season", absolute=m["y"] is not None)


@_rule(rf"{B}{CL}(?P<a>(?P<unit>{_w('الشهر', 'الأسبوع')})\s+(?P<rel>{REL})"
       rf"|{_w('هذا')}\s+(?P<unit2>{_w('الشهر', 'الأسبوع')}){E})", "الشهر", "الأسبوع", "هذا")
def _period(m, ctx):
    unit = m["unit"] or m["unit2"]
    kind = "month" if unit == "الشهر" else "range"
    pub = ctx.pub
    if pub is None:
        return _at(m, ctx, None, None, kind)
    shift = {"past-strict": -1, "future-strict": 1}.get(_direction(m["rel"], False), 0)
    if unit == "الشهر":
        first = _add_months(pub.replace(day=1), shift)
        return _at(m, ctx, first, _month_end(first.year, first.month), kind)
    start = _week_start(pub) + dt.timedelta(days=7 * shift)
    return _at(m, ctx, start, start + 6 * _DAY, kind)


def _quantity(m, unit_word: str) -> float | None:
    """How many units: the number said, 2 for a dual, 1 for a singular; None for a bare plural."""
    if m["n"]:
        return cardinal_value(" ".join(m["n"].split()))
    if unit_word in _DUAL:
        return 2
    if unit_word in _SINGULAR:
        return 1
    return None


def _back(pub: dt.date, unit: str, n: float) -> dt.date:
    """A point n units before pub (calendar months and years)."""
    if unit in ("شهر",):
        return _add_months(pub, -round(n))
    if unit in ("سنه", "عام"):
        return _add_years(pub, -round(n))
    if unit == "عقد":
        return _add_years(pub, -10 * round(n))
    days = n * _UNIT_DAYS[unit]
    return pub - dt.timedelta(days=max(1, int(-(-days // 1))))


def _span(pub: dt.date, unit: str, n: float | None, future: bool):
    """(earliest, latest) of "the last/next n units" around pub, whole days."""
    if n is None:
        days = _VAGUE_PLURAL_DAYS[unit]
        if days is None:
            return None
    else:
        days = n * _UNIT_DAYS[unit]
    days = max(1, int(-(-days // 1)))
    if future:
        return pub, pub + dt.timedelta(days=days)
    return pub - dt.timedelta(days=days), pub


_SPAN_PRE = _w("خلال", "في غضون", "غضون", "طوال", "طيلة", "على مدى", "على مدار")


@_rule(rf"{B}{CL}(?:في\s+)?(?P<a>(?:(?P<pre>{_SPAN_PRE})\s+)?(?:ال\s*)?{CARD}\s*(?P<unit>{UNITS})\s+"
       rf"(?:(?P<recent>{RECENT})|(?P<coming>{COMING})))",
       "خلال", "غضون", "طوال", "طيلة", "على", "ال", "#", NUMBER_WORDS)
def _last_n_units(m, ctx):
    return _span_atom(m, ctx, m["unit"])


@_rule(rf"{B}{CL}(?:في\s+)?(?P<a>(?:(?P<pre>{_SPAN_PRE})\s+)?(?P<unit>{UNITS_DEF})"
       rf"(?:\s+ال(?P<n>{CARDINAL_PATTERN}))?(?:\s+{_w('القليلة')})?\s+(?:(?P<recent>{RECENT})|(?P<coming>{COMING})))",
       "خلال", "غضون", "طوال", "طيلة", "على", _UNITS_DEF_WORDS)
def _the_last_units(m, ctx):
    return _span_atom(m, ctx, m["unit"])


def _span_atom(m, ctx, unit_word: str):
    unit = _UNIT_OF[unit_word]
    n = _quantity(m, unit_word)
    if m["n"] and n is None:
        return None
    if ctx.pub is None:
        return _at(m, ctx, None, None, "range")
    span = _span(ctx.pub, unit, n, bool(m["coming"]))
    if span is None:
        return _at(m, ctx, None, None, "unresolved")
    return _at(m, ctx, span[0], span[1], "range")


# Hijri month names: "خلال شهر رمضان" is not "within a month" (Hijri dates are not resolved)
_HIJRI = _w("محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "ذي", "ذو")
_DURATION_PRE = _w("منذ", "قبل", "خلال", "في غضون", "غضون", "طوال", "طيلة", "على مدى", "على مدار")


@_rule(rf"{B}{CL}(?P<a>(?P<pre>{_DURATION_PRE})\s+"
       rf"(?:(?P<approx>{APPROX})\s+)?(?:{CARD}\s*)?(?P<unit>{UNITS}))"
       rf"(?!\s+(?:{_w('من', 'على')}|{RECENT}|{COMING}|{_HIJRI}){E})",
       "منذ", "قبل", "خلال", "غضون", "طوال", "طيلة", "على")
def _duration(m, ctx):
    unit_word = m["unit"]
    unit = _UNIT_OF[unit_word]
    n = _quantity(m, unit_word)
    if m["n"] and n is None:
        return None
    pre = " ".join(m["pre"].split())
    pub = ctx.pub
    if pre in ("منذ", "قبل"):
        kind = "day" if unit in ("يوم", "ساعه") and pre == "قبل" else "duration"
        if n is None:  # منذ أيام, قبل ساعات
            days = _VAGUE_PLURAL_DAYS[unit]
            if days is None:
                return _at(m, ctx, None, None, "unresolved")
            if pub is None:
                return _at(m, ctx, None, None, "range")
            return _at(m, ctx, pub - days * _DAY, pub if pre == "منذ" else pub - _DAY, "range")
        if pub is None:
            return _at(m, ctx, None, None, kind)
        point = _back(pub, unit, n)
        if unit == "ساعه" and pre == "منذ":
            return _at(m, ctx, point, pub, "range")
        if pre == "قبل" and unit in _AGO_SLACK:
            # قبل نحو شهر، قبل ستة أشهر: a past point ("ago"), as precise as its unit (a week either side of
            # a month), an event's date rather than the start of a state (منذ)
            slack = _AGO_SLACK[unit] * _DAY
            return _at(m, ctx, point - slack, min(pub, point + slack), "range")
        return _at(m, ctx, point, point, kind)
    if pub is None:
        return _at(m, ctx, None, None, "range")
    span = _span(pub, unit, n, _future_context(ctx.norm, m.start("a")))
    if span is None:
        return _at(m, ctx, None, None, "unresolved")
    return _at(m, ctx, span[0], span[1], "range")


# ---- choosing and combining -----------------------------------------------------------------

_GAP_OR = re.compile(r"\s*[،,]?\s*(?:او|ام)\s*$")
_GAP_AND = re.compile(r"\s*و\s*$")
_GAP_TO = re.compile(rf"\s*(?:[-–]|{_w('إلى', 'الى', 'حتى', 'ولغاية', 'لغاية')})\s*$")
_BEFORE_SINCE = re.compile(rf"{B}[وف]?(?P<w>منذ|غداه|عشيه)\s+$")
_DATED = {"day", "part-of-day", "range", "month", "year", "season"}
_MAX_PAIR_DAYS = 400


def _select(cands: list[_Atom]) -> list[_Atom]:
    cands.sort(key=lambda a: (a.start - a.end, a.start))
    taken: list[_Atom] = []
    for a in cands:
        if all(a.end <= t.start or a.start >= t.end for t in taken):
            taken.append(a)
    taken.sort(key=lambda a: a.start)
    return taken


def _reresolve_after(y: _Atom, ref: dt.date) -> _Atom:
    if y.wd is None or y.earliest is None:
        return y
    day = _on_or_after(ref, y.wd)
    e, l_ = _night(day, y.night if y.night != "pair" else "")
    return replace(y, earliest=e, latest=l_)


def _pairs(norm: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        x = atoms[i]
        if i + 1 < len(atoms) and x.kind in _DATED and atoms[i + 1].kind in _DATED:
            y = atoms[i + 1]
            gap = norm[x.end:y.start]
            kind = None
            if len(gap) <= 12:
                if _GAP_OR.fullmatch(gap):
                    kind = "alternatives"
                elif _GAP_TO.fullmatch(gap) or (_GAP_AND.fullmatch(gap) and x.kind == y.kind
                                               and x.kind in ("day", "month", "year")):
                    kind = "range"
            if kind and x.earliest is not None:
                y = _reresolve_after(y, x.earliest)
                if y.latest is not None and y.latest >= x.earliest and \
                        (y.latest - x.earliest).days <= _MAX_PAIR_DAYS:
                    out.append(_Atom(x.start, y.end, x.earliest, y.latest, kind))
                    i += 2
                    continue
            elif kind and x.earliest is None and y.earliest is None:
                out.append(_Atom(x.start, y.end, None, None, kind))
                i += 2
                continue
        out.append(x)
        i += 1
    return out


def _prefixes(norm: str, atoms: list[_Atom], pub: dt.date | None) -> list[_Atom]:
    """منذ X -> since; غداة X / عشية X -> the day after / before X (repeatedly: منذ غداة X)."""
    out: list[_Atom] = []
    for a in atoms:
        while a.kind in _DATED or a.kind == "alternatives":
            m = _BEFORE_SINCE.search(norm, max(0, a.start - 12), a.start)
            if m is None:
                break
            start = m.start("w")
            while out and out[-1].end > start:  # the bare غداة / عشية atom belongs to X now
                out.pop()
            if m["w"] == "منذ":
                latest = a.latest if a.kind == "part-of-day" else pub
                if latest is not None and a.latest is not None and latest < a.latest:
                    latest = a.latest
                a = _Atom(start, a.end, a.earliest, latest, "since")
            elif a.earliest is None:
                a = _Atom(start, a.end, None, None, a.kind)
            else:
                shift = _DAY if m["w"] == "غداه" else -_DAY
                a = _Atom(start, a.end, a.earliest + shift, a.latest + shift, a.kind)
        out.append(a)
    return out






# Scanning once for the words rules can start with, then matching only those rules there, is
# several times faster than scanning the text once per rule.
_TRIGGER = re.compile(rf"{B}{CL}(?P<w>{word_trie(w for w in _FIRST if w != '#')}){E}|(?<![0-9])(?P<d>[0-9])")


def find_time_expressions(text: str, published: dt.date | None, *,
                          normalized: NormalizedText | None = None) -> list[TimeExpr]:
    """Every time expression in the raw text, resolved against ``published``.

    ``normalized`` may pass ``normalize_text(text)`` when the caller already has it.
    """
    nt = normalized if normalized is not None else normalize_text(text)
    norm = nt.norm
    ctx = _Ctx(norm, published)
    cands: list[_Atom] = []
    for hit in _TRIGGER.finditer(norm):
        pos = hit.start()
        for index in _FIRST["#" if hit["d"] else hit["w"]]:
            pattern, handler = _P[index]
            m = pattern.match(norm, pos)
            if m is None:
                continue
            try:
                atom = handler(m, ctx)
            except (ValueError, OverflowError):  # a date out of range: "منذ 5000 عام"
                continue
            if atom is not None and atom.end > atom.start:
                cands.append(atom)
    atoms = _prefixes(norm, _pairs(norm, _select(cands)), published)
    out: list[TimeExpr] = []
    for a in atoms:
        rb, re_ = nt.raw_span(a.start, a.end)
        re_ = extend_over_marks(text, re_)
        out.append(TimeExpr(rb, re_, text[rb:re_], earliest=a.earliest, latest=a.latest, kind=a.kind))
    return out
