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
from dataclasses import replace

from kg.extract import timex_rules  # noqa: F401  (registers the rules, in order)
from kg.extract.timex_base import B, CL, E, FIRST, ONE_DAY, RULES, Atom, Ctx, alt, night_span, on_or_after
from kg.model import TimeExpr
from kg.text.normalize import NormalizedText, normalize_text
from kg.text.patterns import extend_over_marks, word_trie

# ---- choosing and combining -----------------------------------------------------------------

_GAP_OR = re.compile(r"\s*[،,]?\s*(?:او|ام)\s*$")
_GAP_AND = re.compile(r"\s*و\s*$")
_GAP_TO = re.compile(rf"\s*(?:[-–]|{alt('إلى', 'الى', 'حتى', 'ولغاية', 'لغاية')})\s*$")
_BEFORE_SINCE = re.compile(rf"{B}[وف]?(?P<w>منذ|غداه|عشيه)\s+$")
_DATED = {"day", "part-of-day", "range", "month", "year", "season"}
_MAX_PAIR_DAYS = 400


def _select(cands: list[Atom]) -> list[Atom]:
    cands.sort(key=lambda a: (a.start - a.end, a.start))
    taken: list[Atom] = []
    for a in cands:
        if all(a.end <= t.start or a.start >= t.end for t in taken):
            taken.append(a)
    taken.sort(key=lambda a: a.start)
    return taken


def _reresolve_after(y: Atom, ref: dt.date) -> Atom:
    if y.wd is None or y.earliest is None:
        return y
    day = on_or_after(ref, y.wd)
    e, l_ = night_span(day, y.night if y.night != "pair" else "")
    return replace(y, earliest=e, latest=l_)


def _pairs(norm: str, atoms: list[Atom]) -> list[Atom]:
    out: list[Atom] = []
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
                    out.append(Atom(x.start, y.end, x.earliest, y.latest, kind))
                    i += 2
                    continue
            elif kind and x.earliest is None and y.earliest is None:
                out.append(Atom(x.start, y.end, None, None, kind))
                i += 2
                continue
        out.append(x)
        i += 1
    return out


def _prefixes(norm: str, atoms: list[Atom], pub: dt.date | None) -> list[Atom]:
    """منذ X -> since; غداة X / عشية X -> the day after / before X (repeatedly: منذ غداة X)."""
    out: list[Atom] = []
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
                a = Atom(start, a.end, a.earliest, latest, "since")
            elif a.earliest is None:
                a = Atom(start, a.end, None, None, a.kind)
            else:
                shift = ONE_DAY if m["w"] == "غداه" else -ONE_DAY
                a = Atom(start, a.end, a.earliest + shift, a.latest + shift, a.kind)
        out.append(a)
    return out






# Scanning once for the words rules can start with, then matching only those rules there, is
# several times faster than scanning the text once per rule.
_TRIGGER = re.compile(rf"{B}{CL}(?P<w>{word_trie(w for w in FIRST if w != '#')}){E}|(?<![0-9])(?P<d>[0-9])")


def find_time_expressions(text: str, published: dt.date | None, *,
                          normalized: NormalizedText | None = None) -> list[TimeExpr]:
    """Every time expression in the raw text, resolved against ``published``.

    ``normalized`` may pass ``normalize_text(text)`` when the caller already has it.
    """
    nt = normalized if normalized is not None else normalize_text(text)
    norm = nt.norm
    ctx = Ctx(norm, published)
    cands: list[Atom] = []
    for hit in _TRIGGER.finditer(norm):
        pos = hit.start()
        for index in FIRST["#" if hit["d"] else hit["w"]]:
            pattern, handler = RULES[index]
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
