"""Time expressions: the rules of :mod:`kg.extract.timex`, one pattern and one resolver each, registered
in this order with :func:`kg.extract.timex_base.time_rule` (days, nights, weekdays, months, days of months,
parts, years, seasons, periods, spans and durations)."""
from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange

from kg.text.numbers import CARDINAL_PATTERN, NUMBER_WORDS, ORDINAL_FIRST_WORDS, cardinal_value, ordinal_value
from kg.extract.timex_base import (
    BN, AGO_SLACK, APPROX, Atom, B, CARD, CL, COMING, Ctx, DAYNUM, DUAL, E, MOD, MONTHS, MONX, ONE_DAY, ORD, PARTS, PART_OF, PART_RANGES_MONTH, PART_RANGES_YEAR, POD, POD_FIRST, RECENT, REL, REL_NEXT, REL_PAST, SEASONS, SEASON_MONTHS, SINGULAR, UNITS, UNITS_DEF, UNITS_DEF_WORDS, UNIT_DAYS, UNIT_OF, VAGUE_PLURAL_DAYS, WD, WEEKDAYS, YEAR, YEARNUM, YEARWORD, add_months, add_years, alt, direction_of, future_context, make_atom, month_end, month_year, night_span, on_or_after, on_or_before, pod_night, time_rule, week_start,
)


@time_rule(rf"{B}{CL}(?P<a>(?:{alt('بعد', 'قبل', 'قبيل', 'بعيد')}\s+)?(?:{alt('منتصف')}\s+)?"
       rf"{alt('ليل', 'ليلة')}\s+(?:{alt('يوم', 'يومي')}\s+)?(?P<wd>{WD})\s*(?:[-/–]\s*|و\s*)?(?P<wd2>{WD}))",
       POD_FIRST)
def _night_pair(m, ctx):
    a, b = WEEKDAYS[m["wd"]], WEEKDAYS[m["wd2"]]
    if (a + 1) % 7 == b:
        later = b
    elif (b + 1) % 7 == a:
        later = a
    else:
        return None
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, "part-of-day")
    day = on_or_before(ctx.pub, later)
    if future_context(ctx.norm, m.start("a")) and day < ctx.pub:
        day = on_or_after(ctx.pub, later)
    return make_atom(m, ctx, day - ONE_DAY, day, "part-of-day", night="pair")


@time_rule(rf"{B}{CL}(?P<a>{alt('يومي')}\s+(?P<wd>{WD})\s*(?:و\s*)?(?P<wd2>{WD}))", "يومي")
def _two_days(m, ctx):
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, "range")
    first = _weekday_day(ctx, WEEKDAYS[m["wd"]], None, "", m.start("a"))
    second = on_or_after(first, WEEKDAYS[m["wd2"]])
    return make_atom(m, ctx, first, second, "range")


def _weekday_day(ctx: Ctx, wd: int, mod: str | None, rel: str, start: int) -> dt.date:
    pub = ctx.pub
    if rel in ("امس", "يوم امس", "الامس"):
        return on_or_before(pub - ONE_DAY, wd)
    if rel in ("اول امس", "اول من امس"):
        return on_or_before(pub - 2 * ONE_DAY, wd)
    if rel == "اليوم":
        return on_or_before(pub, wd)
    if rel in ("غدا", "يوم غد"):
        return on_or_after(pub + ONE_DAY, wd)
    direction = direction_of(mod, future_context(ctx.norm, start))
    if direction == "past-strict":
        return on_or_before(pub - ONE_DAY, wd)
    if direction == "future-strict":
        return on_or_after(pub + ONE_DAY, wd)
    if direction == "future":
        return on_or_after(pub, wd)
    return on_or_before(pub, wd)


_WD_REL = alt("يوم أمس", "أمس", "بالأمس", "الأمس", "اليوم", "يوم", "أول أمس", "أول من أمس", "غدا", "يوم غد")


@time_rule(rf"{B}{CL}(?P<a>(?:{POD}\s+)?(?:(?P<rel>{_WD_REL})\s+)?(?P<wd>{WD})"
       rf"(?:\s+(?P<mod>{REL_PAST}|{REL_NEXT}){E})?)",
       POD_FIRST, tuple(WEEKDAYS), "يوم", "أمس", "الأمس", "اليوم", "أول", "غدا")
def _weekday(m, ctx):
    wd = WEEKDAYS[m["wd"]]
    night = pod_night(m["pod"], m["a"])
    kind = "part-of-day" if night else "day"
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, kind, wd=wd, night=night)
    rel = " ".join((m["rel"] or "").split())
    rel = rel[1:] if rel == "بالامس" else rel
    day = _weekday_day(ctx, wd, m["mod"], rel, m.start("a"))
    e, l_ = night_span(day, night)
    return make_atom(m, ctx, e, l_, kind, wd=wd, night=night)


_REL_EXCL = alt("التالي", "السابق", "نفسه", "ذاته", "الذي", "العالمي", "الوطني", "الدولي", "الأول", "الثاني",
               "الثالث", "الرابع", "الخامس", "الأخير", "الواحد", "الموعود", "المحدد") + E
_WD_BARE = "|".join(re.escape(w[2:]) for w in WEEKDAYS)


@time_rule(rf"{B}{CL}(?P<a>(?:{POD}\s+)?(?:{alt('يوم')}\s+)?(?P<rel>"
       rf"اليوم(?!\s+{_REL_EXCL})|{alt('أول أمس', 'أول من أمس', 'أمس الأول')}{E}|(?:ال)?امس{E}"
       rf"|غدا(?!\s+ال(?!{_WD_BARE}|ي{E}))|{alt('الغد', 'غد', 'بعد غد')}{E}))",
       POD_FIRST, "يوم", "اليوم", "أول", "أمس", "الأمس", "غدا", "الغد", "غد", "بعد")
def _relative_day(m, ctx):
    rel = " ".join(m["rel"].split())
    offset = {"اليوم": 0, "امس": -1, "الامس": -1, "غدا": 1, "الغد": 1, "غد": 1, "بعد غد": 2}.get(rel, -2)
    if rel == "غد" and not re.search(r"يوم\s+غد$", m["a"]):
        return None
    night = "night" if pod_night(m["pod"], m["a"]) else ""  # ليلة أمس: last night, not its eve
    kind = "part-of-day" if night else "day"
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, kind)
    day = ctx.pub + offset * ONE_DAY
    e, l_ = night_span(day, night)
    return make_atom(m, ctx, e, l_, kind)


@time_rule(rf"{B}{CL}(?P<a>{alt('الليلة')}"
       rf"(?:\s+(?P<past>{alt('الماضية', 'المنصرمة', 'الفائتة', 'قبل الماضية')}))?{E})", "الليلة")
def _tonight(m, ctx):
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, "part-of-day")
    if m["past"]:
        back = 2 if "قبل" in m["past"] else 1
        return make_atom(m, ctx, ctx.pub - back * ONE_DAY, ctx.pub - (back - 1) * ONE_DAY, "part-of-day")
    return make_atom(m, ctx, ctx.pub, ctx.pub + ONE_DAY, "part-of-day")


_NIGHT_WORDS = alt("ليلا", "طوال الليل", "طيلة الليل", "خلال الليل", "منتصف الليل", "بعد منتصف الليل",
                  "قبل منتصف الليل")


@time_rule(rf"{B}{CL}(?P<a>(?P<night>{_NIGHT_WORDS})"
       rf"|(?P<today>{alt('هذا الصباح', 'هذا المساء')})|(?<!اخبار )(?P<now>{alt('الآن', 'حاليا')})"
       rf"|(?P<recent>{alt('الآونة الأخيرة', 'الفترة الأخيرة', 'الفترة الماضية', 'مؤخرا')})){E}",
       "ليلا", "طوال", "طيلة", "خلال", "منتصف", "بعد", "قبل", "هذا", "الآن", "حاليا", "الآونة", "الفترة", "مؤخرا")
def _bare(m, ctx):
    pub = ctx.pub
    if m["night"]:
        return make_atom(m, ctx, pub and pub - ONE_DAY, pub, "part-of-day")
    if m["recent"]:
        return make_atom(m, ctx, pub and pub - 30 * ONE_DAY, pub, "range")
    return make_atom(m, ctx, pub, pub, "part-of-day" if m["today"] else "day")


@time_rule(rf"{B}{CL}(?P<a>{alt('غداة', 'عشية')}){E}", "غداة", "عشية")
def _eve(m, ctx):
    pub = ctx.pub
    day = pub and (pub - ONE_DAY if m["a"] == "غداه" else pub + ONE_DAY)
    return make_atom(m, ctx, day, day, "day")


_ANAPHORIC = alt("ذلك اليوم", "نفس اليوم", "ذات اليوم", "اليوم التالي", "اليوم السابق", "اليوم نفسه", "اليوم ذاته",
                "منذ ذلك الحين", "ذلك الحين", "تلك الليلة", "وقت لاحق", "وقت سابق", "حينه", "حينها", "ذلك الوقت",
                "نفس العام", "نفس السنة", "ذات العام", "ذات السنة", "العام نفسه", "العام ذاته", "السنة نفسها",
                "السنة ذاتها", "ذلك العام", "تلك السنة", "العام التالي", "السنة التالية")


@time_rule(rf"{B}{CL}(?:{alt('في')}\s+)?(?P<a>{_ANAPHORIC}){E}",
       "ذلك", "نفس", "ذات", "اليوم", "منذ", "تلك", "وقت", "حينه", "حينها", "العام", "السنة")
def _unresolved(m, ctx):
    return Atom(m.start("a"), m.end("a"), None, None, "unresolved")


def _month_of(m) -> tuple[int, bool] | None:
    """(month, ambiguous) of a MONX match; None when a pair of names disagrees."""
    month, amb = MONTHS[" ".join(m["m1"].split())]
    if m["m2"]:
        month2, _ = MONTHS[" ".join(m["m2"].split())]
        if month2 != month:
            return None
        amb = False
    return month, amb


# Words that put an ambiguous month name (مارس "practised", آب "father") in a calendar reading.
# Not من: "كل من مارس العنف" is "whoever practised violence".
_CAL_BEFORE = re.compile(
    rf"{B}{CL}{alt('في', 'منذ', 'خلال', 'حتى', 'إلى', 'الى', 'قبل', 'بعد', 'شهر', 'شهري', 'مطلع', 'منتصف')}\s*$"
    rf"|{B}{alt('أواخر', 'أوائل', 'بداية', 'نهاية', 'أواسط', 'طوال', 'مستهل', 'غرة', 'آخر', 'اعتبارا من')}\s*$"
)


def _calendar_context(ctx: Ctx, m, month_start: int) -> bool:
    if m["m2"] or m.groupdict().get("y") or m.groupdict().get("mod"):
        return True
    return bool(_CAL_BEFORE.search(ctx.norm, max(0, month_start - 12), month_start))


@time_rule(rf"(?:{BN}|{B}{CL})(?P<a>(?:{alt('يوم')}\s+)?(?:(?P<wd>{WD})\s*[،,]?\s*)?(?:{DAYNUM}|{ORD})"
       rf"(?:\s*(?:و|-|–|{alt('إلى', 'الى', 'حتى')})\s*(?P<d2>[0-3]?[0-9])(?![0-9]))?"
       rf"\s*(?:{alt('من')}\s+)?(?:{alt('شهر')}\s+)?"
       rf"(?:{MONX}{YEAR}?{MOD}?|(?P<mthis>{alt('الشهر', 'هذا الشهر')})(?:\s+(?P<mrel>{REL}))?{E}))",
       "يوم", "#", tuple(WEEKDAYS), ORDINAL_FIRST_WORDS)
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
            return make_atom(m, ctx, None, None, "day" if day == day2 else "range")
        shift = {"past-strict": -1, "future-strict": 1}.get(direction_of(m["mrel"], False), 0)
        first = add_months(ctx.pub.replace(day=1), shift)
        y, month, mod = first.year, first.month, None
    if y is None:
        if ctx.pub is None:
            return make_atom(m, ctx, None, None, "day" if day == day2 else "range")
        direction = direction_of(mod, future_context(ctx.norm, m.start("a")))
        y = month_year(ctx.pub, month, direction)
        if direction == "past" and month == ctx.pub.month and day > ctx.pub.day:
            y -= 1  # "15 December" read on 13 December: last year's
        elif direction == "future" and month == ctx.pub.month and day2 < ctx.pub.day:
            y += 1
    last = monthrange(y, month)[1]
    if day2 > last:
        return None
    return make_atom(m, ctx, dt.date(y, month, day), dt.date(y, month, day2), "day" if day == day2 else "range",
               absolute=m["y"] is not None)


@time_rule(rf"{B}(?<![0-9])(?P<a>(?P<d>[0-3]?[0-9])(?P<sep>[/.\-])(?P<m>[01]?[0-9])(?P=sep)(?P<y>(?:19|20)[0-9]{{2}})"
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
    return make_atom(m, ctx, day, day, "day", absolute=True)


@time_rule(rf"{B}{CL}(?P<a>(?:{alt('شهر')}\s+)?{MONX}{YEAR}?{MOD}?)", "شهر", tuple(MONTHS))
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
        return make_atom(m, ctx, None, None, "month")
    else:
        y = month_year(ctx.pub, month, direction_of(m["mod"], future_context(ctx.norm, m.start("a"))))
    return make_atom(m, ctx, dt.date(y, month, 1), month_end(y, month), "month", absolute=m["y"] is not None)


@time_rule(rf"{B}{CL}(?P<a>(?P<part>{PARTS})\s+(?:{alt('شهر')}\s+)?(?:{MONX}{YEAR}?{MOD}?"
       rf"|(?P<mthis>{alt('الشهر', 'هذا الشهر')})(?:\s+(?P<mrel>{REL}))?"
       rf"|(?P<ythis>{alt('هذا العام', 'هذه السنة', 'العام', 'السنة')})"
       rf"(?:\s+(?P<yrel>{REL}|(?P<y2>{YEARNUM})))?"
       rf"|{alt('عام', 'سنة')}\s+(?P<y3>{YEARNUM})|(?P<y4>{YEARNUM})){E})", tuple(PART_OF))
def _part(m, ctx):
    part = PART_OF[" ".join(m["part"].split())]
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
                return make_atom(m, ctx, None, None, "range")
            else:
                y = month_year(pub, month, direction_of(m["mod"], future_context(ctx.norm, m.start("a"))))
        else:
            if pub is None:
                return make_atom(m, ctx, None, None, "range")
            shift = {"past-strict": -1, "future-strict": 1}.get(direction_of(m["mrel"], False), 0)
            first = add_months(pub.replace(day=1), shift)
            y, month = first.year, first.month
        lo, hi = PART_RANGES_MONTH[part]
        hi = min(hi, monthrange(y, month)[1])
        if part == "end":
            lo = hi - 7  # the end of a month is its last week (نهاية حزيران: 23-30), not its last third
        return make_atom(m, ctx, dt.date(y, month, lo), dt.date(y, month, hi), "range",
                   absolute=m["y"] is not None)
    ytext = m["y2"] or m["y3"] or m["y4"]
    if ytext:
        y = int(ytext)
    elif pub is None:
        return make_atom(m, ctx, None, None, "range")
    else:
        y = pub.year + {"past-strict": -1, "future-strict": 1}.get(direction_of(m["yrel"], False), 0)
    (m1, d1), (m2, d2) = PART_RANGES_YEAR[part]
    return make_atom(m, ctx, dt.date(y, m1, d1), dt.date(y, m2, d2), "range", absolute=ytext is not None)


@time_rule(rf"{B}{CL}(?P<a>{YEARWORD}\s+(?P<y>{YEARNUM})(?:\s*م{E})?)",
       "العام", "عام", "سنة", "السنة", "لعام", "للعام")
def _year(m, ctx):
    y = int(m["y"])
    return make_atom(m, ctx, dt.date(y, 1, 1), dt.date(y, 12, 31), "year", absolute=True)


_YEAR_PREP = re.compile(rf"{B}{CL}(?:{alt('في', 'منذ', 'حتى', 'قبل', 'بعد', 'خلال', 'طوال', 'إلى', 'الى')}\s+|في)$")


@time_rule(rf"{BN}(?<![0-9])(?P<a>(?P<y>{YEARNUM}))(?!\s*[/.\-][0-9])"
       rf"(?!\s*{alt('ألف', 'آلاف', 'مليون', 'شخص', 'شخصا', 'قتيل', 'قتيلا', 'مدني', 'مدنيا')}{E})",
       "#")
def _bare_year(m, ctx):
    if not _YEAR_PREP.search(ctx.norm, max(0, m.start() - 10), m.start()):
        return None
    return _year(m, ctx)


@time_rule(rf"{B}{CL}(?P<a>(?:{alt('العام', 'السنة', 'عام', 'سنة')}\s+(?P<yrel>{REL}))"
       rf"|(?:{alt('هذا العام', 'هذه السنة', 'هذه العام')}){E})", "العام", "السنة", "عام", "سنة", "هذا", "هذه")
def _year_relative(m, ctx):
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, "year")
    y = ctx.pub.year + {"past-strict": -1, "future-strict": 1}.get(direction_of(m["yrel"], False), 0)
    return make_atom(m, ctx, dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


_SEASON_INDEF = "|".join(re.escape(s) for s in SEASONS)
_SEASON_DEF = "|".join("ال" + re.escape(s) for s in SEASONS)


def _season_range(season: str, y: int) -> tuple[dt.date, dt.date]:
    first, last = SEASON_MONTHS[season]
    if season == "winter":
        return dt.date(y - 1, 12, 1), month_end(y, 2)
    return dt.date(y, first, 1), month_end(y, last)


@time_rule(rf"{B}{CL}(?P<a>(?P<s>{_SEASON_INDEF})\s+(?:(?:{YEARWORD}\s+)?(?P<y>{YEARNUM})"
       rf"|{alt('العام', 'السنة')}\s+(?P<yrel>{REL}))"
       rf"|(?P<s2>{_SEASON_DEF})\s+(?P<yrel2>{REL})|{alt('هذا')}\s+(?P<s3>{_SEASON_DEF}){E})",
       tuple(SEASONS), tuple("ال" + s for s in SEASONS), "هذا")
def _season(m, ctx):
    name = m["s"] or (m["s2"] or m["s3"])[2:]
    season = SEASONS[name]
    pub = ctx.pub
    if m["y"]:
        y = int(m["y"])
    elif pub is None:
        return make_atom(m, ctx, None, None, "season")
    elif m["yrel"]:  # صيف العام الماضي
        y = pub.year + {"past-strict": -1, "future-strict": 1}.get(direction_of(m["yrel"], False), 0)
    else:
        y = pub.year + (season == "winter" and pub.month == 12)  # هذا الصيف, هذا الشتاء
        direction = direction_of(m["yrel2"], False) if m["yrel2"] else "now"
        if direction == "past-strict":  # الصيف الماضي: the last one over before P
            while _season_range(season, y)[1] >= pub:
                y -= 1
        elif direction == "future-strict":
            while _season_range(season, y)[0] <= pub:
                y += 1
    lo, hi = _season_range(season, y)
    return make_atom(m, ctx, lo, hi, "season", absolute=m["y"] is not None)


@time_rule(rf"{B}{CL}(?P<a>(?P<unit>{alt('الشهر', 'الأسبوع')})\s+(?P<rel>{REL})"
       rf"|{alt('هذا')}\s+(?P<unit2>{alt('الشهر', 'الأسبوع')}){E})", "الشهر", "الأسبوع", "هذا")
def _period(m, ctx):
    unit = m["unit"] or m["unit2"]
    kind = "month" if unit == "الشهر" else "range"
    pub = ctx.pub
    if pub is None:
        return make_atom(m, ctx, None, None, kind)
    shift = {"past-strict": -1, "future-strict": 1}.get(direction_of(m["rel"], False), 0)
    if unit == "الشهر":
        first = add_months(pub.replace(day=1), shift)
        return make_atom(m, ctx, first, month_end(first.year, first.month), kind)
    start = week_start(pub) + dt.timedelta(days=7 * shift)
    return make_atom(m, ctx, start, start + 6 * ONE_DAY, kind)


def _quantity(m, unit_word: str) -> float | None:
    """How many units: the number said, 2 for a dual, 1 for a singular; None for a bare plural."""
    if m["n"]:
        return cardinal_value(" ".join(m["n"].split()))
    if unit_word in DUAL:
        return 2
    if unit_word in SINGULAR:
        return 1
    return None


def _back(pub: dt.date, unit: str, n: float) -> dt.date:
    """A point n units before pub (calendar months and years)."""
    if unit in ("شهر",):
        return add_months(pub, -round(n))
    if unit in ("سنه", "عام"):
        return add_years(pub, -round(n))
    if unit == "عقد":
        return add_years(pub, -10 * round(n))
    days = n * UNIT_DAYS[unit]
    return pub - dt.timedelta(days=max(1, int(-(-days // 1))))


def _span(pub: dt.date, unit: str, n: float | None, future: bool):
    """(earliest, latest) of "the last/next n units" around pub, whole days."""
    if n is None:
        days = VAGUE_PLURAL_DAYS[unit]
        if days is None:
            return None
    else:
        days = n * UNIT_DAYS[unit]
    days = max(1, int(-(-days // 1)))
    if future:
        return pub, pub + dt.timedelta(days=days)
    return pub - dt.timedelta(days=days), pub


_SPAN_PRE = alt("خلال", "في غضون", "غضون", "طوال", "طيلة", "على مدى", "على مدار")


@time_rule(rf"{B}{CL}(?:في\s+)?(?P<a>(?:(?P<pre>{_SPAN_PRE})\s+)?(?:ال\s*)?{CARD}\s*(?P<unit>{UNITS})\s+"
       rf"(?:(?P<recent>{RECENT})|(?P<coming>{COMING})))",
       "خلال", "غضون", "طوال", "طيلة", "على", "ال", "#", NUMBER_WORDS)
def _last_n_units(m, ctx):
    return _span_atom(m, ctx, m["unit"])


@time_rule(rf"{B}{CL}(?:في\s+)?(?P<a>(?:(?P<pre>{_SPAN_PRE})\s+)?(?P<unit>{UNITS_DEF})"
       rf"(?:\s+ال(?P<n>{CARDINAL_PATTERN}))?(?:\s+{alt('القليلة')})?\s+(?:(?P<recent>{RECENT})|(?P<coming>{COMING})))",
       "خلال", "غضون", "طوال", "طيلة", "على", UNITS_DEF_WORDS)
def _the_last_units(m, ctx):
    return _span_atom(m, ctx, m["unit"])


def _span_atom(m, ctx, unit_word: str):
    unit = UNIT_OF[unit_word]
    n = _quantity(m, unit_word)
    if m["n"] and n is None:
        return None
    if ctx.pub is None:
        return make_atom(m, ctx, None, None, "range")
    span = _span(ctx.pub, unit, n, bool(m["coming"]))
    if span is None:
        return make_atom(m, ctx, None, None, "unresolved")
    return make_atom(m, ctx, span[0], span[1], "range")


# Hijri month names: "خلال شهر رمضان" is not "within a month" (Hijri dates are not resolved)
_HIJRI = alt("محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "ذي", "ذو")
_DURATION_PRE = alt("منذ", "قبل", "خلال", "في غضون", "غضون", "طوال", "طيلة", "على مدى", "على مدار")


@time_rule(rf"{B}{CL}(?P<a>(?P<pre>{_DURATION_PRE})\s+"
       rf"(?:(?P<approx>{APPROX})\s+)?(?:{CARD}\s*)?(?P<unit>{UNITS}))"
       rf"(?!\s+(?:{alt('من', 'على')}|{RECENT}|{COMING}|{_HIJRI}){E})",
       "منذ", "قبل", "خلال", "غضون", "طوال", "طيلة", "على")
def _duration(m, ctx):
    unit_word = m["unit"]
    unit = UNIT_OF[unit_word]
    n = _quantity(m, unit_word)
    if m["n"] and n is None:
        return None
    pre = " ".join(m["pre"].split())
    pub = ctx.pub
    if pre in ("منذ", "قبل"):
        kind = "day" if unit in ("يوم", "ساعه") and pre == "قبل" else "duration"
        if n is None:  # منذ أيام, قبل ساعات
            days = VAGUE_PLURAL_DAYS[unit]
            if days is None:
                return make_atom(m, ctx, None, None, "unresolved")
            if pub is None:
                return make_atom(m, ctx, None, None, "range")
            return make_atom(m, ctx, pub - days * ONE_DAY, pub if pre == "منذ" else pub - ONE_DAY, "range")
        if pub is None:
            return make_atom(m, ctx, None, None, kind)
        point = _back(pub, unit, n)
        if unit == "ساعه" and pre == "منذ":
            return make_atom(m, ctx, point, pub, "range")
        if pre == "قبل" and unit in AGO_SLACK:
            # قبل نحو شهر، قبل ستة أشهر: a past point ("ago"), as precise as its unit (a week either side of
            # a month), an event's date rather than the start of a state (منذ)
            slack = AGO_SLACK[unit] * ONE_DAY
            return make_atom(m, ctx, point - slack, min(pub, point + slack), "range")
        return make_atom(m, ctx, point, point, kind)
    if pub is None:
        return make_atom(m, ctx, None, None, "range")
    span = _span(pub, unit, n, future_context(ctx.norm, m.start("a")))
    if span is None:
        return make_atom(m, ctx, None, None, "unresolved")
    return make_atom(m, ctx, span[0], span[1], "range")


