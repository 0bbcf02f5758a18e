"""Time expressions: real sentences of the seed articles, every family, offsets, robustness."""
from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.timex import find_time_expressions
from kg.text.normalize import normalize_ar, normalize_text
from tests.conftest import seed_dates, seed_text

D = dt.date
PUB = seed_dates()
KINDS = {"day", "range", "month", "year", "season", "since", "duration", "alternatives", "part-of-day",
         "unresolved"}


def _at(text: str, context: str, anchor: str, published: dt.date | None):
    """The expression found where ``anchor`` stands inside the first ``context`` of ``text``."""
    assert context in text, f"context not in text: {context}"
    begin = text.index(context) + context.index(anchor)
    found = find_time_expressions(text, published)
    hits = [t for t in found if t.begin == begin]
    assert hits, f"nothing at {anchor!r}; found {[(t.anchor, t.begin) for t in found]} (want {begin})"
    (hit,) = hits
    assert hit.anchor == anchor, (hit.anchor, anchor)
    return hit


# ---- the seed articles, in their own context -----------------------------------------------

SEED_CASES = [
    # 000, published Wednesday 2016-11-30
    ("000", "يعقد مجلس الأمن الدولي, يوم الأربعاء", "يوم الأربعاء", D(2016, 11, 30), D(2016, 11, 30), "day"),
    ("000", "قد أنذرت امس الثلاثاء", "امس الثلاثاء", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("000", "قد طالب امس مجلس الأمن", "امس", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("000", "بتينا لوشر امس في جنيف", "امس", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("000", "فقدت الفصائل المعارضة الإثنين", "الإثنين", D(2016, 11, 28), D(2016, 11, 28), "day"),
    ("000", "هجوم بدأته منتصف الشهر الحالي", "منتصف الشهر الحالي", D(2016, 11, 14), D(2016, 11, 16), "range"),
    ("000", "نزحوا منذ ليل الاثنين الثلاثاء", "منذ ليل الاثنين الثلاثاء", D(2016, 11, 28), D(2016, 11, 29),
     "since"),
    ("000", "في العام 2012", "العام 2012", D(2012, 1, 1), D(2012, 12, 31), "year"),
    ("000", "في اليومين الأخيرين", "اليومين الأخيرين", D(2016, 11, 28), D(2016, 11, 30), "range"),
    ("000", "للحكومة السورية منذ 5 سنوات", "منذ 5 سنوات", D(2011, 11, 30), D(2011, 11, 30), "duration"),
    ("000", "المستمرة منذ خمس سنوات", "منذ خمس سنوات", D(2011, 11, 30), D(2011, 11, 30), "duration"),
    ("000", "المسلحة منذ عام 2012", "منذ عام 2012", D(2012, 1, 1), D(2016, 11, 30), "since"),
    ("000", "الأزمة في مارس 2011", "مارس 2011", D(2011, 3, 1), D(2011, 3, 31), "month"),
    ("000", "قد أعلن يوم أمس الثلاثاء", "يوم أمس الثلاثاء", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("000", "واصلت خلال الليلة الماضية", "الليلة الماضية", D(2016, 11, 29), D(2016, 11, 30), "part-of-day"),
    ("000", "وخلال ال 24 ساعة الماضية", "خلال ال 24 ساعة الماضية", D(2016, 11, 29), D(2016, 11, 30), "range"),
    ("000", "قال يوم الاثنين إن 40", "يوم الاثنين", D(2016, 11, 28), D(2016, 11, 28), "day"),
    ("000", "حدة في الأيام المقبلة", "الأيام المقبلة", D(2016, 11, 30), D(2016, 12, 7), "range"),
    ("000", "في الآونة الأخيرة", "الآونة الأخيرة", D(2016, 10, 31), D(2016, 11, 30), "range"),
    # 001, published Tuesday 2016-12-13
    ("001", "وحلفاؤه، اليوم، على", "اليوم", D(2016, 12, 13), D(2016, 12, 13), "day"),
    ("001", "السورية بعد ظهر أمس من ستة", "بعد ظهر أمس", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("001", "المستوى ليل أمس لوكالة", "ليل أمس", D(2016, 12, 12), D(2016, 12, 13), "part-of-day"),
    ("001", "فى الشوارع ليلا", "ليلا", D(2016, 12, 12), D(2016, 12, 13), "part-of-day"),
    ("001", "فى الساعات الأخيرة فى حلب", "الساعات الأخيرة", D(2016, 12, 12), D(2016, 12, 13), "range"),
    ("001", "قال شهود أمس فى", "أمس", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("001", "الشرقية خلال نحو شهر", "خلال نحو شهر", D(2016, 11, 12), D(2016, 12, 13), "range"),
    ("001", "بدأ فى منتصف نوفمبر", "منتصف نوفمبر", D(2016, 11, 14), D(2016, 11, 16), "range"),
    ("001", "حلب صيف العام 2012", "صيف العام 2012", D(2012, 6, 1), D(2012, 8, 31), "season"),
    ("001", "دارت اشتباكات اليوم غرب", "اليوم", D(2016, 12, 13), D(2016, 12, 13), "day"),
    # 002, published Sunday 2016-12-11
    ("002", "منذ منتصف ليل الاحد السبت", "منذ منتصف ليل الاحد السبت", D(2016, 12, 10), D(2016, 12, 11),
     "since"),
    ("002", "ميستورا قال السبت", "السبت", D(2016, 12, 10), D(2016, 12, 10), "day"),
    ("002", "انسحب تنظيم الدولة الاسلامية فجر الاحد", "فجر الاحد", D(2016, 12, 11), D(2016, 12, 11), "day"),
    ("002", "مدينة تدمر في مارس باسناد", "مارس", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("002", "استولوا عليها في مايو 2015", "مايو 2015", D(2015, 5, 1), D(2015, 5, 31), "month"),
    ("002", "ويأتي ذلك غداة اجتماع", "غداة", D(2016, 12, 10), D(2016, 12, 10), "day"),
    ("002", "هجمات بدأت الخميس", "الخميس", D(2016, 12, 8), D(2016, 12, 8), "day"),
    ("002", "هجوم الجهاديين الخميس", "الخميس", D(2016, 12, 8), D(2016, 12, 8), "day"),
    ("002", "دخل تنظيم الدولة الاسلامية مساء السبت", "مساء السبت", D(2016, 12, 10), D(2016, 12, 10), "day"),
    ("002", "الكثيفة طوال الليل تنظيم", "طوال الليل", D(2016, 12, 10), D(2016, 12, 11), "part-of-day"),
    ("002", "ومنذ منتصف نوفمبر", "منذ منتصف نوفمبر", D(2016, 11, 14), D(2016, 12, 11), "since"),
    ("002", "غير مباشرة هذه السنة", "هذه السنة", D(2016, 1, 1), D(2016, 12, 31), "year"),
    ("002", "(سانا) بدورها الاحد", "الاحد", D(2016, 12, 11), D(2016, 12, 11), "day"),
    # 003, published Tuesday 2016-12-13
    ("003", "شرق حلب يوم أمس الاثنين", "يوم أمس الاثنين", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("003", "في جنيف يومي السبت والاحد", "يومي السبت والاحد", D(2016, 12, 10), D(2016, 12, 11), "range"),
    ("003", "منذ 15 تشرين الثاني / نوفمبر", "منذ 15 تشرين الثاني / نوفمبر", D(2016, 11, 15), D(2016, 12, 13),
     "since"),
    ("003", "في ايلول / سبتمبر من", "ايلول / سبتمبر", D(2016, 9, 1), D(2016, 9, 30), "month"),
    ("003", "امريكيين قالوا الاثنين", "الاثنين", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("003", "الأسد في عام 2011", "عام 2011", D(2011, 1, 1), D(2011, 12, 31), "year"),
    ("003", "جديدة أمس بعدما", "أمس", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("003", "ومنذ ذلك الحين", "منذ ذلك الحين", None, None, "unresolved"),
    # 004, published Monday 2016-12-05
    ("004", "منذ الخامس عشر من نوفمبر الماضي", "منذ الخامس عشر من نوفمبر الماضي", D(2016, 11, 15),
     D(2016, 12, 5), "since"),
    ("004", "مساء الثلاثاء أو صباح الأربعاء", "مساء الثلاثاء أو صباح الأربعاء", D(2016, 12, 6), D(2016, 12, 7),
     "alternatives"),
    ("004", "حلب في الساعات الماضية", "الساعات الماضية", D(2016, 12, 4), D(2016, 12, 5), "range"),
]


@pytest.mark.parametrize("prefix, context, anchor, earliest, latest, kind", SEED_CASES)
def test_seed_expressions(prefix, context, anchor, earliest, latest, kind):
    hit = _at(seed_text(prefix), context, anchor, PUB[prefix])
    assert (hit.earliest, hit.latest, hit.kind) == (earliest, latest, kind)


@pytest.mark.parametrize("prefix, context, anchor", [
    ("004", "أخبار الآن", "الآن"),  # the outlet's name
    ("002", "بعد ثمانية اشهر على طرده", "ثمانية اشهر"),  # relative to another event
    ("001", "بعد ثمانية أشهر على طرده", "ثمانية أشهر"),
    ("003", "وسلم 2200 من المسلحين", "2200"),
    ("002", "لكن السبت سجل", "سجل"),
])
def test_seed_non_expressions(prefix, context, anchor):
    text = seed_text(prefix)
    begin = text.index(context) + context.index(anchor)
    end = begin + len(anchor)
    for t in find_time_expressions(text, PUB[prefix]):
        assert t.end <= begin or t.begin >= end, t


def test_seed_003_finds_no_false_weekday_in_names():
    found = [t.anchor for t in find_time_expressions(seed_text("003"), PUB["003"])]
    assert found.count("الاثنين") == 1


# ---- every family, constructed sentences ----------------------------------------------------

MON, TUE, WED, SUN = D(2016, 12, 5), D(2016, 12, 13), D(2016, 11, 30), D(2016, 12, 11)

FAMILY_CASES = [
    # weekdays: past by default, the publication weekday is that day, future after markers
    ("اجتمعوا الأربعاء", WED, "الأربعاء", WED, WED, "day"),
    ("اجتمعوا الاربعاء", SUN, "الاربعاء", D(2016, 12, 7), D(2016, 12, 7), "day"),
    ("قال الإثنين", WED, "الإثنين", D(2016, 11, 28), D(2016, 11, 28), "day"),
    ("قال الاثنين", WED, "الاثنين", D(2016, 11, 28), D(2016, 11, 28), "day"),
    ("وقال الأَرْبِعَاءِ", WED, "الأَرْبِعَاءِ", WED, WED, "day"),  # diacritics
    ("وقال الأربعـــاء", WED, "الأربعـــاء", WED, WED, "day"),  # tatweel
    ("والأربعاء قال", WED, "الأربعاء", WED, WED, "day"),  # clitic و left out of the anchor
    ("فالسبت كان هادئا", SUN, "السبت", D(2016, 12, 10), D(2016, 12, 10), "day"),
    ("اجتمعوا الاثنين الماضي", MON, "الاثنين الماضي", D(2016, 11, 28), D(2016, 11, 28), "day"),
    ("يجتمعون الاثنين المقبل", MON, "الاثنين المقبل", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("تبدأ المحادثات الثلاثاء القادم", MON, "الثلاثاء القادم", D(2016, 12, 6), D(2016, 12, 6), "day"),
    ("سيعقد الاجتماع الخميس", MON, "الخميس", D(2016, 12, 8), D(2016, 12, 8), "day"),
    ("سوف يصل الوفد الخميس", MON, "الخميس", D(2016, 12, 8), D(2016, 12, 8), "day"),
    ("من المقرر أن يجتمع المجلس الخميس", MON, "الخميس", D(2016, 12, 8), D(2016, 12, 8), "day"),
    ("سيطرت القوات على الحي الخميس", MON, "الخميس", D(2016, 12, 1), D(2016, 12, 1), "day"),  # not future
    ("صباح يوم الجمعة", MON, "صباح يوم الجمعة", D(2016, 12, 2), D(2016, 12, 2), "day"),
    ("امس الثلاثاء", WED, "امس الثلاثاء", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("أمس الاثنين", TUE, "أمس الاثنين", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("غدا الأربعاء", D(2016, 12, 6), "غدا الأربعاء", D(2016, 12, 7), D(2016, 12, 7), "day"),
    # relative days
    ("اليوم", MON, "اليوم", MON, MON, "day"),
    ("وقع أمس", MON, "أمس", D(2016, 12, 4), D(2016, 12, 4), "day"),
    ("وقع امس", MON, "امس", D(2016, 12, 4), D(2016, 12, 4), "day"),
    ("وقع بالأمس", MON, "الأمس", D(2016, 12, 4), D(2016, 12, 4), "day"),
    ("قال أمس الأول", MON, "أمس الأول", D(2016, 12, 3), D(2016, 12, 3), "day"),
    ("قال أول أمس", MON, "أول أمس", D(2016, 12, 3), D(2016, 12, 3), "day"),
    ("يصل غداً إلى دمشق", MON, "غداً", D(2016, 12, 6), D(2016, 12, 6), "day"),
    ("يصل بعد غد", MON, "بعد غد", D(2016, 12, 7), D(2016, 12, 7), "day"),
    ("صباح اليوم", MON, "صباح اليوم", MON, MON, "day"),
    ("مساء أمس", MON, "مساء أمس", D(2016, 12, 4), D(2016, 12, 4), "day"),
    ("بعد ظهر أمس", TUE, "بعد ظهر أمس", D(2016, 12, 12), D(2016, 12, 12), "day"),
    ("الآن", MON, "الآن", MON, MON, "day"),
    # nights
    ("الليلة", MON, "الليلة", MON, D(2016, 12, 6), "part-of-day"),
    ("الليلة الماضية", MON, "الليلة الماضية", D(2016, 12, 4), MON, "part-of-day"),
    ("ليلة أمس", MON, "ليلة أمس", D(2016, 12, 4), MON, "part-of-day"),
    ("ليل أمس", MON, "ليل أمس", D(2016, 12, 4), MON, "part-of-day"),
    ("ليل الاثنين الثلاثاء", WED, "ليل الاثنين الثلاثاء", D(2016, 11, 28), D(2016, 11, 29), "part-of-day"),
    ("ليل السبت الأحد", SUN, "ليل السبت الأحد", D(2016, 12, 10), SUN, "part-of-day"),
    ("منتصف ليل الاحد السبت", SUN, "منتصف ليل الاحد السبت", D(2016, 12, 10), SUN, "part-of-day"),
    ("ليل الجمعة", MON, "ليل الجمعة", D(2016, 12, 2), D(2016, 12, 3), "part-of-day"),
    ("ليلة الجمعة", MON, "ليلة الجمعة", D(2016, 12, 1), D(2016, 12, 2), "part-of-day"),
    ("قصف ليلا", MON, "ليلا", D(2016, 12, 4), MON, "part-of-day"),
    ("طوال الليل", MON, "طوال الليل", D(2016, 12, 4), MON, "part-of-day"),
    ("خلال الليل", MON, "خلال الليل", D(2016, 12, 4), MON, "part-of-day"),
    # غداة / عشية
    ("غداة يوم الاثنين", WED, "غداة يوم الاثنين", D(2016, 11, 29), D(2016, 11, 29), "day"),
    ("جاء ذلك غداة الانتخابات", MON, "غداة", D(2016, 12, 4), D(2016, 12, 4), "day"),
    ("عشية الاجتماع", MON, "عشية", D(2016, 12, 6), D(2016, 12, 6), "day"),
    ("منذ غداة يوم الأربعاء", MON, "منذ غداة يوم الأربعاء", D(2016, 12, 1), MON, "since"),
    # months, both naming systems and the Maghrebi names
    ("في نوفمبر", MON, "نوفمبر", D(2016, 11, 1), D(2016, 11, 30), "month"),
    ("في ديسمبر", MON, "ديسمبر", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("في كانون الثاني", MON, "كانون الثاني", D(2016, 1, 1), D(2016, 1, 31), "month"),
    ("في تشرين الأول / أكتوبر", MON, "تشرين الأول / أكتوبر", D(2016, 10, 1), D(2016, 10, 31), "month"),
    ("في أيلول (سبتمبر) 2015", MON, "أيلول (سبتمبر) 2015", D(2015, 9, 1), D(2015, 9, 30), "month"),
    ("نوفمبر/تشرين الثاني 2015", MON, "نوفمبر/تشرين الثاني 2015", D(2015, 11, 1), D(2015, 11, 30), "month"),
    ("في آذار", MON, "آذار", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("في اذار", MON, "اذار", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("في أيار", MON, "أيار", D(2016, 5, 1), D(2016, 5, 31), "month"),
    ("شباط الماضي", MON, "شباط الماضي", D(2016, 2, 1), D(2016, 2, 29), "month"),
    ("نوفمبر الماضي", D(2016, 11, 20), "نوفمبر الماضي", D(2015, 11, 1), D(2015, 11, 30), "month"),
    ("يناير المقبل", MON, "يناير المقبل", D(2017, 1, 1), D(2017, 1, 31), "month"),
    ("في جانفي 2014", MON, "جانفي 2014", D(2014, 1, 1), D(2014, 1, 31), "month"),
    ("في فيفري", MON, "فيفري", D(2016, 2, 1), D(2016, 2, 29), "month"),
    ("في أفريل", MON, "أفريل", D(2016, 4, 1), D(2016, 4, 30), "month"),
    ("في ماي 2013", MON, "ماي 2013", D(2013, 5, 1), D(2013, 5, 31), "month"),
    ("في جوان", MON, "جوان", D(2016, 6, 1), D(2016, 6, 30), "month"),
    ("في جويلية", MON, "جويلية", D(2016, 7, 1), D(2016, 7, 31), "month"),
    ("في أوت", MON, "أوت", D(2016, 8, 1), D(2016, 8, 31), "month"),
    ("في آب", MON, "آب", D(2016, 8, 1), D(2016, 8, 31), "month"),
    ("في شهر مارس", MON, "شهر مارس", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("اعتبارا من مارس", MON, "مارس", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("اليوم الأحد", SUN, "اليوم الأحد", SUN, SUN, "day"),
    ("يوم السبت 10 ديسمبر/كانون الأول", SUN, "يوم السبت 10 ديسمبر/كانون الأول", D(2016, 12, 10), D(2016, 12, 10),
     "day"),
    ("في الحادي عشر من سبتمبر 2001", SUN, "الحادي عشر من سبتمبر 2001", D(2001, 9, 11), D(2001, 9, 11), "day"),
    ("في الثامن والعشرين من الشهر الماضي", SUN, "الثامن والعشرين من الشهر الماضي", D(2016, 11, 28),
     D(2016, 11, 28), "day"),
    ("في مارس 2011", MON, "مارس 2011", D(2011, 3, 1), D(2011, 3, 31), "month"),
    ("في مايو من العام 2015", MON, "مايو من العام 2015", D(2015, 5, 1), D(2015, 5, 31), "month"),
    # days of months
    ("15 تشرين الثاني / نوفمبر", TUE, "15 تشرين الثاني / نوفمبر", D(2016, 11, 15), D(2016, 11, 15), "day"),
    ("الخامس عشر من نوفمبر الماضي", MON, "الخامس عشر من نوفمبر الماضي", D(2016, 11, 15), D(2016, 11, 15),
     "day"),
    ("15 نوفمبر 2014", MON, "15 نوفمبر 2014", D(2014, 11, 15), D(2014, 11, 15), "day"),
    ("١٥ تشرين الثاني ٢٠١٦", SUN, "١٥ تشرين الثاني ٢٠١٦", D(2016, 11, 15), D(2016, 11, 15), "day"),
    ("في السادس من أيار/مايو 2015", SUN, "السادس من أيار/مايو 2015", D(2015, 5, 6), D(2015, 5, 6), "day"),
    ("الأربعاء ٣٠ تشرين الثاني", SUN, "الأربعاء ٣٠ تشرين الثاني", WED, WED, "day"),
    ("الحادي والعشرين من الشهر الجاري", D(2016, 12, 25), "الحادي والعشرين من الشهر الجاري", D(2016, 12, 21),
     D(2016, 12, 21), "day"),
    ("العاشر من الشهر الماضي", MON, "العاشر من الشهر الماضي", D(2016, 11, 10), D(2016, 11, 10), "day"),
    ("20 ديسمبر", MON, "20 ديسمبر", D(2015, 12, 20), D(2015, 12, 20), "day"),
    ("بين 15 و20 نوفمبر", MON, "15 و20 نوفمبر", D(2016, 11, 15), D(2016, 11, 20), "range"),
    ("في 15/11/2016", MON, "15/11/2016", D(2016, 11, 15), D(2016, 11, 15), "day"),
    ("في 2016-11-15", MON, "2016-11-15", D(2016, 11, 15), D(2016, 11, 15), "day"),
    # vague parts
    ("منتصف الشهر الحالي", WED, "منتصف الشهر الحالي", D(2016, 11, 14), D(2016, 11, 16), "range"),
    ("مطلع الشهر", MON, "مطلع الشهر", D(2016, 12, 1), D(2016, 12, 10), "range"),
    ("أوائل الشهر الجاري", MON, "أوائل الشهر الجاري", D(2016, 12, 1), D(2016, 12, 10), "range"),
    ("بداية هذا الشهر", MON, "بداية هذا الشهر", D(2016, 12, 1), D(2016, 12, 10), "range"),
    ("أواخر الشهر الماضي", MON, "أواخر الشهر الماضي", D(2016, 11, 23), D(2016, 11, 30), "range"),
    ("نهاية فبراير", MON, "نهاية فبراير", D(2016, 2, 22), D(2016, 2, 29), "range"),
    ("نهاية الشهر الجاري", MON, "نهاية الشهر الجاري", D(2016, 12, 24), D(2016, 12, 31), "range"),  # its last week
    ("فى منتصف نوفمبر", TUE, "منتصف نوفمبر", D(2016, 11, 14), D(2016, 11, 16), "range"),
    ("أواسط أكتوبر", MON, "أواسط أكتوبر", D(2016, 10, 11), D(2016, 10, 20), "range"),
    ("مطلع العام الحالي", MON, "مطلع العام الحالي", D(2016, 1, 1), D(2016, 3, 31), "range"),
    ("نهاية العام 2012", MON, "نهاية العام 2012", D(2012, 10, 1), D(2012, 12, 31), "range"),
    ("بداية 2015", MON, "بداية 2015", D(2015, 1, 1), D(2015, 3, 31), "range"),
    # years and seasons
    ("في العام 2012", MON, "العام 2012", D(2012, 1, 1), D(2012, 12, 31), "year"),
    ("في 2012", MON, "2012", D(2012, 1, 1), D(2012, 12, 31), "year"),
    ("عام ٢٠١١", MON, "عام ٢٠١١", D(2011, 1, 1), D(2011, 12, 31), "year"),
    ("العام الماضي", MON, "العام الماضي", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("السنة الماضية", MON, "السنة الماضية", D(2015, 1, 1), D(2015, 12, 31), "year"),
    ("العام المقبل", MON, "العام المقبل", D(2017, 1, 1), D(2017, 12, 31), "year"),
    ("هذا العام", MON, "هذا العام", D(2016, 1, 1), D(2016, 12, 31), "year"),
    ("هذه السنه", MON, "هذه السنه", D(2016, 1, 1), D(2016, 12, 31), "year"),
    ("صيف العام 2012", MON, "صيف العام 2012", D(2012, 6, 1), D(2012, 8, 31), "season"),
    ("صيف 2012", MON, "صيف 2012", D(2012, 6, 1), D(2012, 8, 31), "season"),
    ("الصيف الماضي", MON, "الصيف الماضي", D(2016, 6, 1), D(2016, 8, 31), "season"),
    ("شتاء 2012", MON, "شتاء 2012", D(2011, 12, 1), D(2012, 2, 29), "season"),
    ("هذا الشتاء", MON, "هذا الشتاء", D(2016, 12, 1), D(2017, 2, 28), "season"),
    ("ربيع العام الماضي", MON, "ربيع العام الماضي", D(2015, 3, 1), D(2015, 5, 31), "season"),
    # periods
    ("الشهر الماضي", MON, "الشهر الماضي", D(2016, 11, 1), D(2016, 11, 30), "month"),
    ("الشهر المقبل", MON, "الشهر المقبل", D(2017, 1, 1), D(2017, 1, 31), "month"),
    ("هذا الشهر", MON, "هذا الشهر", D(2016, 12, 1), D(2016, 12, 31), "month"),
    ("الأسبوع الماضي", MON, "الأسبوع الماضي", D(2016, 11, 26), D(2016, 12, 2), "range"),
    ("الأسبوع المقبل", SUN, "الأسبوع المقبل", D(2016, 12, 17), D(2016, 12, 23), "range"),
    # since and durations
    ("منذ 15 نوفمبر", MON, "منذ 15 نوفمبر", D(2016, 11, 15), MON, "since"),
    ("منذ منتصف نوفمبر", MON, "منذ منتصف نوفمبر", D(2016, 11, 14), MON, "since"),
    ("منذ الخميس", SUN, "منذ الخميس", D(2016, 12, 8), SUN, "since"),
    ("منذ عام 2012", MON, "منذ عام 2012", D(2012, 1, 1), MON, "since"),
    ("منذ خمس سنوات", MON, "منذ خمس سنوات", D(2011, 12, 5), D(2011, 12, 5), "duration"),
    ("منذ ثلاثة أشهر", MON, "منذ ثلاثة أشهر", D(2016, 9, 5), D(2016, 9, 5), "duration"),
    ("قبل يومين", MON, "قبل يومين", D(2016, 12, 3), D(2016, 12, 3), "day"),
    ("قبل 48 ساعة", MON, "قبل 48 ساعة", D(2016, 12, 3), D(2016, 12, 3), "day"),
    # "n units ago": a past point as precise as its unit (an event's date, not the start of a state)
    ("قبل أسبوع", MON, "قبل أسبوع", D(2016, 11, 26), D(2016, 11, 30), "range"),
    ("وبدأت القوات الحكومية هجومها قبل نحو شهر", MON, "قبل نحو شهر", D(2016, 10, 29), D(2016, 11, 12), "range"),
    ("أطلقوا صاروخا باتجاه المطار قبل ستة أشهر", MON, "قبل ستة أشهر", D(2016, 5, 29), D(2016, 6, 12), "range"),
    ("خلال نحو شهر", TUE, "خلال نحو شهر", D(2016, 11, 12), TUE, "range"),
    ("خلال ثلاثة أيام", MON, "خلال ثلاثة أيام", D(2016, 12, 2), MON, "range"),
    ("سيتم ذلك خلال أسبوع", MON, "خلال أسبوع", MON, D(2016, 12, 12), "range"),
    ("خلال ال 24 ساعة الماضية", WED, "خلال ال 24 ساعة الماضية", D(2016, 11, 29), WED, "range"),
    ("خلال الـ48 ساعة الماضية", WED, "خلال الـ48 ساعة الماضية", D(2016, 11, 28), WED, "range"),
    ("في اليومين الأخيرين", WED, "اليومين الأخيرين", D(2016, 11, 28), WED, "range"),
    ("في الساعات الماضية", MON, "الساعات الماضية", D(2016, 12, 4), MON, "range"),
    ("في الساعات الأخيرة", MON, "الساعات الأخيرة", D(2016, 12, 4), MON, "range"),
    ("خلال الأسبوعين الماضيين", MON, "خلال الأسبوعين الماضيين", D(2016, 11, 21), MON, "range"),
    ("في الأيام الثلاثة الماضية", MON, "الأيام الثلاثة الماضية", D(2016, 12, 2), MON, "range"),
    ("منذ أيام", MON, "منذ أيام", D(2016, 11, 28), MON, "range"),
    # pairs
    ("قتل مساء الثلاثاء أو صباح الأربعاء", MON, "مساء الثلاثاء أو صباح الأربعاء", D(2016, 11, 29),
     D(2016, 11, 30), "alternatives"),  # no future marker: the past ones
    ("ستبدآن محادثات في جنيف مساء الثلاثاء أو صباح الأربعاء", MON, "مساء الثلاثاء أو صباح الأربعاء",
     D(2016, 12, 6), D(2016, 12, 7), "alternatives"),
    ("السبت أو الأحد", MON, "السبت أو الأحد", D(2016, 12, 3), D(2016, 12, 4), "alternatives"),
    ("يومي السبت والاحد", TUE, "يومي السبت والاحد", D(2016, 12, 10), D(2016, 12, 11), "range"),
    ("من الاثنين إلى الأربعاء", MON, "الاثنين إلى الأربعاء", MON, D(2016, 12, 7), "range"),
    ("أمس واليوم", MON, "أمس واليوم", D(2016, 12, 4), MON, "range"),
    ("في مارس أو أبريل", MON, "مارس أو أبريل", D(2016, 3, 1), D(2016, 4, 30), "alternatives"),
    # anaphoric
    ("في اليوم التالي", MON, "اليوم التالي", None, None, "unresolved"),
    ("في ذلك اليوم", MON, "ذلك اليوم", None, None, "unresolved"),
    ("في وقت لاحق", MON, "وقت لاحق", None, None, "unresolved"),
]


@pytest.mark.parametrize("text, published, anchor, earliest, latest, kind", FAMILY_CASES)
def test_families(text, published, anchor, earliest, latest, kind):
    hit = _at(text, text, anchor, published)
    assert (hit.earliest, hit.latest, hit.kind) == (earliest, latest, kind)


@pytest.mark.parametrize("text", [
    "مارس الجيش ضغوطا على المعارضة",  # مارس = practised
    "قال أب الضحية",  # أب = father, not آب
    "قال أحد السكان",
    "غدا الوضع صعبا",  # غدا = became
    "في 1438 هـ",  # Hijri year
    "اليوم العالمي للمرأة",
    "بمناسبة اليوم الوطني",
    "الربيع العربي",
    "بعد ثمانية أشهر على طرده منها",
    "فر 2200 من المسلحين",
    "اشترى سيارة نيسان",
    "قبل ساعات من الهجوم",
    "أخبار الآن",
    "عام حافل",
    "خلال شهر رمضان",  # a Hijri month, not "within a month"
    "كل من مارس العنف",  # whoever practised violence
    "",
])
def test_not_time_expressions(text):
    assert find_time_expressions(text, MON) == []


def test_tomorrow_against_verb_before_definite_noun():
    # "غدا" before a definite noun is the verb "became"; before a weekday it is "tomorrow"
    assert find_time_expressions("غدا الوضع صعبا", MON) == []
    (t,) = find_time_expressions("غدا الثلاثاء", MON)
    assert t.earliest == D(2016, 12, 6)


def test_yesterday_weekday_is_trusted_over_yesterday():
    (t,) = find_time_expressions("امس الاثنين", WED)  # Monday is two days before Wednesday
    assert t.earliest == t.latest == D(2016, 11, 28)


def test_future_reading_of_weekday_on_publication_weekday():
    (t,) = find_time_expressions("سيعقد المجلس اجتماعا الاثنين", MON)
    assert t.earliest == MON
    (t,) = find_time_expressions("سيعقد المجلس اجتماعا الاثنين المقبل", MON)
    assert t.earliest == D(2016, 12, 12)


def test_future_marker_in_an_earlier_sentence_does_not_count():
    (t,) = find_time_expressions("ستبدأ المحادثات قريبا. وقال الخميس إنه متفائل", MON)
    assert t.earliest == D(2016, 12, 1)


# ---- no publication date ------------------------------------------------------------------------

@pytest.mark.parametrize("text, anchor, kind, earliest, latest", [
    ("امس", "امس", "day", None, None),
    ("يوم الأربعاء", "يوم الأربعاء", "day", None, None),
    ("منتصف الشهر الحالي", "منتصف الشهر الحالي", "range", None, None),
    ("في مارس", "مارس", "month", None, None),
    ("منذ خمس سنوات", "منذ خمس سنوات", "duration", None, None),
    ("ليل الاثنين الثلاثاء", "ليل الاثنين الثلاثاء", "part-of-day", None, None),
    ("الليلة الماضية", "الليلة الماضية", "part-of-day", None, None),
    ("في مايو 2015", "مايو 2015", "month", D(2015, 5, 1), D(2015, 5, 31)),
    ("في العام 2012", "العام 2012", "year", D(2012, 1, 1), D(2012, 12, 31)),
    ("صيف 2012", "صيف 2012", "season", D(2012, 6, 1), D(2012, 8, 31)),
    ("15 نوفمبر 2016", "15 نوفمبر 2016", "day", D(2016, 11, 15), D(2016, 11, 15)),
    ("منذ عام 2012", "منذ عام 2012", "since", D(2012, 1, 1), None),
])
def test_without_publication_date(text, anchor, kind, earliest, latest):
    hit = _at(text, text, anchor, None)
    assert (hit.kind, hit.earliest, hit.latest) == (kind, earliest, latest)


_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_without_publication_date_resolve_only_written_years(prefix):
    text = seed_text(prefix)
    found = find_time_expressions(text, None)
    assert found
    for t in found:
        assert t.kind in KINDS
        if t.earliest is not None or t.latest is not None:
            assert _YEAR.search(normalize_ar(t.anchor)), t
            assert t.latest is None or t.kind != "since"


# ---- offsets and shape, on every seed -----------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_offsets_order_and_kinds(prefix):
    text = seed_text(prefix)
    found = find_time_expressions(text, PUB[prefix])
    assert len(found) >= 4
    last_end = -1
    for t in found:
        assert text[t.begin:t.end] == t.anchor
        assert t.anchor == t.anchor.strip() and t.anchor
        assert t.begin >= last_end  # in order, non-overlapping
        last_end = t.end
        assert t.kind in KINDS
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest
        if t.kind != "unresolved":
            assert t.earliest is not None
        # nothing in these articles is dated after the publication day, except what is announced
        if t.kind not in ("alternatives", "range") and t.earliest is not None:
            assert t.earliest <= PUB[prefix], t


def test_normalized_text_can_be_passed_in():
    text = seed_text("000")
    assert find_time_expressions(text, PUB["000"], normalized=normalize_text(text)) == \
        find_time_expressions(text, PUB["000"])


def test_speed_per_seed_article():
    texts = [(seed_text(p), PUB[p]) for p in PUB]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for text, pub in texts:
            find_time_expressions(text, pub)
        best = min(best, (time.perf_counter() - start) / len(texts))
    assert best < 0.025, f"{best * 1000:.1f} ms per article"  # about 1.5 ms on a 2-core machine


# ---- robustness ---------------------------------------------------------------------------------

FRAGMENTS = [
    "يوم الأربعاء", "امس الثلاثاء", "الإثنين", "منتصف الشهر الحالي", "ليل الاثنين الثلاثاء", "العام 2012",
    "منذ", "غداة", "عشية", "مساء", "صباح", "ليلة", "أو", "و", "في", "خلال", "نحو", "شهر", "الماضي", "المقبل",
    "تشرين الثاني", "/", "نوفمبر", "ايلول", "سبتمبر", "مارس", "آب", "الخامس عشر من", "15", "٢٠١٢", "١٥",
    "صيف", "العام", "الساعات", "الأخيرة", "اليومين", "ال 24 ساعة", "الـ", "سنوات", "خمس", "ستبدآن",
    "من المقرر", "الليلة", "ليلا", "طوال الليل", "اليوم", "غدا", "أمس الأول", "يومي", "السبت", "والاحد",
    "هذه السنة", "الأسبوع", "2016-11-15", "31/02/2016", "99/99/9999", "منذ 99999 عام", "قبل 10000000 ساعة",
]
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"  # letters and hamza forms
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"  # diacritics
    "ـ"  # tatweel
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹0123456789٫٬%٪"
    "abcXYZ"
    "\u200e\u200f\u202a\u202b\u202c\u200c\u200d\ufeff"  # bidi marks, ZWNJ/ZWJ, BOM
    " \n\t.,،؛:؟!()/«»\"-–"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=6)), max_size=16),
    sep=st.sampled_from([" ", "", "\u200f", " \u064e", "ـ", "\n"]),
    published=st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31))),
)
def test_random_text_never_breaks_offsets(pieces, sep, published):
    text = sep.join(pieces)
    found = find_time_expressions(text, published)
    last_end = -1
    for t in found:
        assert text[t.begin:t.end] == t.anchor
        assert t.begin >= last_end
        last_end = t.end
        assert t.kind in KINDS
        if t.earliest is not None and t.latest is not None:
            assert t.earliest <= t.latest


@pytest.mark.parametrize("text, published, anchor, earliest, latest", [
    # FR-internationalNews-1233-20180514: a year written against في
    ("كما ضمت إسرائيل القدس في1980  وأعلنتها عاصمتها الأبدية والموحدة.", dt.date(2018, 5, 14), "1980",
     dt.date(1980, 1, 1), dt.date(1980, 12, 31)),
    # FR-internationalNews-1360-20180521: a day of a month written against في
    ("التزم المدعي المخضرم الصمت بشأن التحقيق، منذ تعيينه في17  أيار/مايو 2017.", dt.date(2018, 5, 21),
     "17  أيار/مايو 2017", dt.date(2017, 5, 17), dt.date(2017, 5, 17)),
])
def test_a_number_written_against_fi(text, published, anchor, earliest, latest):
    (t,) = [t for t in find_time_expressions(text, published) if t.anchor == anchor]
    assert (t.earliest, t.latest) == (earliest, latest)
    assert text[t.begin:t.end] == anchor


@pytest.mark.parametrize("text, published, anchor, day", [
    # AL-sport-1733-20180528: a present verb of holding before a date names what is scheduled
    ("حيث تقام النهائيات اعتبارا من 14 يونيو.", dt.date(2018, 5, 28), "14 يونيو", dt.date(2018, 6, 14)),
    # AL-internationalNews-1028-20180506 (the past جرت would keep last year's)
    ("تمهيدا للانتخابات التشريعية والرئاسية التي تقرر أن تجري في 24 حزيران/يونيو.", dt.date(2018, 5, 6),
     "24 حزيران/يونيو", dt.date(2018, 6, 24)),
])
def test_a_date_after_a_verb_of_holding_is_the_coming_one(text, published, anchor, day):
    (t,) = [t for t in find_time_expressions(text, published) if t.anchor == anchor]
    assert t.earliest == day
