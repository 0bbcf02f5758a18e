"""Event extraction on real sentences of the seed articles (kg.extract.events)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.alignment import align
from kg.extract.analysis import analyze
from kg.extract.classes import ancestors
from kg.extract.events import extract_events
from kg.extract.triggers import find_candidates, load_triggers
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.text.sentences import split_sentences
from tests.conftest import seed_dates, seed_text

D = dt.date


def run(text: str, published: dt.date, recognizer):
    article = Article("t", text, published)
    sentences = split_sentences(text)
    mentions = recognizer(text)
    times = find_time_expressions(text, published)
    return extract_events(analyze(article, sentences, mentions, times)), mentions


def keys(mentions, idx) -> set[str]:
    return {mentions[i].key for i in idx}


def one(events, cls):
    found = [e for e in events if e.cls == cls]
    assert len(found) == 1, [(e.anchor, e.cls) for e in events]
    return found[0]


# ---- triggers: classes, clitics, inflections -------------------------------------------------

@pytest.mark.parametrize("word, cls, pos, tense", [
    ("وانسحب", "Withdrawal", "verb", "past"),          # و + past
    ("تنسحب", "Withdrawal", "verb", "present"),        # present, feminine prefix
    ("الانسحاب", "Withdrawal", "noun", ""),             # verbal noun with the article
    ("نزحوا", "Displacement", "verb", "past"),          # plural suffix
    ("فرّ", "Displacement", "verb", "past"),            # shadda, two-letter stem
    ("الفرار", "Displacement", "noun", ""),
    ("بمقتل", "Killing", "noun", ""),                   # ب + noun
    ("قتلوا", "Killing", "verb", "past"),
    ("سيطرتها", "TakeControl", "noun", ""),             # ة -> ت + possessive
    ("استعادة", "TakeControl", "noun", ""),
    ("واستعاد", "TakeControl", "verb", "past"),
    ("استولوا", "TakeControl", "verb", "past"),
    ("الغارات", "Airstrike", "noun", ""),
    ("اشتباكات", "Clash", "noun", ""),
    ("هجمات", "Attack", "noun", ""),
    ("هجوم", "Attack", "noun", ""),                     # an offensive only when launched, begun or large
    ("إجتماعا", "Meeting", "noun", ""),                 # hamza seat + accusative alef
    ("يجتمع", "Meeting", "verb", "present"),
    ("محادثات", "Negotiation", "noun", ""),
    ("للتصويت", "Vote", "noun", ""),                    # ل + ال -> لل
    ("نداء", "Appeal", "noun", ""),
    ("طالب", "Appeal", "verb", "past"),
    ("أنذرت", "Statement", "verb", "past"),
    ("وتقول", "Statement", "verb", "present"),
    ("ستتوصلان", None, None, None),                     # a support verb, no event of its own
    ("هتافات", "Celebration", "noun", ""),
    ("ابتهاجا", "Celebration", "noun", ""),
    ("الاستسلام", "Surrender", "noun", ""),
    ("فقدت", "TakeControl", "verb", "past"),
])
def test_trigger_readings(word, cls, pos, tense):
    from kg.text.normalize import normalize_ar

    readings = load_triggers().readings(normalize_ar(word))
    if cls is None:
        assert not readings
        return
    assert readings, word
    assert any(r.trigger.cls == cls and r.pos == pos and r.tense == tense for r in readings), \
        [(r.trigger.cls, r.pos, r.tense) for r in readings]


def test_future_prefix_and_the_bare_particle():
    from kg.text.normalize import normalize_ar

    assert any(r.tense == "future" for r in load_triggers().readings(normalize_ar("ستنسحب")))
    # فقد is also ف + قد ("so … has"): only its unambiguous forms are triggers
    assert not load_triggers().readings(normalize_ar("فقد"))


# ---- arguments on seed sentences -----------------------------------------------------------

def test_appeal_by_a_minister_to_the_security_council(recognizer):
    text = ("وكان وزير الخارجية الفرنسي جان مارك آيرولت, قد طالب امس مجلس الأمن بعقد إجتماع فوري لبحث تطورات "
            "الوضع في حلب وسبل تقديم المساعدات للسكان المحاصرين.")
    events, mentions = run(text, D(2016, 11, 30), recognizer)
    appeal = one(events, "Appeal")
    assert appeal.anchor == "طالب"
    assert any(k.startswith("person:") and "ايرولت" in k for k in keys(mentions, appeal.speakers))
    assert keys(mentions, appeal.targets) == {"org:unsc"}
    assert "geonames:170063" in keys(mentions, appeal.about)
    assert (appeal.time.earliest, appeal.time.latest, appeal.time_source) == (D(2016, 11, 29), D(2016, 11, 29), "text")
    # the meeting it asks for has not happened
    assert not [e for e in events if e.cls == "Meeting"]


def test_the_country_of_a_ministers_title_speaks_with_him(recognizer):
    text = seed_text("000")
    events, mentions = run(text, seed_dates()["000"], recognizer)
    appeal = next(e for e in events if e.anchor == "طالب")
    assert "geonames:3017382" in keys(mentions, appeal.speakers)  # وزير الخارجية الفرنسي -> France


def test_statement_speakers_place_and_about(recognizer):
    text = ('من جهتها قالت المتحدثة بإسم برنامج الأغذية العالمي بتينا لوشر امس في جنيف أن المدنيين في شرق حلب '
            'يواجهون ظروفا "رهيبة" واصفة الوضع بأنه "انحدار بطيء نحو الجحيم".')
    events, mentions = run(text, D(2016, 11, 30), recognizer)
    st = one(events, "Statement")
    assert keys(mentions, st.speakers) >= {"org:wfp", "person:بتينا لوشر"}
    assert keys(mentions, st.places) == {"geonames:2660646"}          # where it was said
    assert "geonames:170063" in keys(mentions, st.about)               # what it is about
    assert st.time.earliest == D(2016, 11, 29)


def test_meeting_about_a_city_has_no_place(recognizer):
    text = ("يعقد مجلس الأمن الدولي, يوم الأربعاء, إجتماعا طارئا لبحث تأزم الأوضاع الإنسانية في مدينة حلب شمال "
            "سوريا.")
    events, mentions = run(text, D(2016, 11, 30), recognizer)
    meeting = one(events, "Meeting")
    assert keys(mentions, meeting.agents) == {"org:unsc"}
    assert not meeting.places
    assert "geonames:170063" in keys(mentions, meeting.about)
    assert meeting.time.earliest == D(2016, 11, 30)


def test_take_control_of_a_neighbourhood(recognizer):
    text = "يذكر أن الجيش السوري حقق مكاسب جديدة أمس بعدما سيطر على حي الشيخ سعيد مما ترك المعارضة محصورة."
    events, mentions = run(text, D(2016, 12, 13), recognizer)
    tc = one(events, "TakeControl")
    assert keys(mentions, tc.agents) == {"actor:government-forces:SY"}
    assert all(mentions[p].subtype == "Neighbourhood" for p in tc.places) and tc.places
    assert tc.time.earliest == D(2016, 12, 12)


def test_killing_reported_by_a_monitor_is_not_a_statement(recognizer):
    text = ("وقال المرصد السوري لحقوق الإنسان المعارض إن 60 شخصا قتلوا بينهم مدنيون ومقاتلون عندما اقتحم الجيش "
            "السوري عدة مناطق تسيطر عليها المعارضة شرق حلب يوم أمس الاثنين.")
    events, mentions = run(text, D(2016, 12, 13), recognizer)
    killing = one(events, "Killing")
    assert keys(mentions, killing.agents) == {"actor:government-forces:SY"}
    assert keys(mentions, killing.places) == {"geonames:170063"}
    assert not [e for e in events if e.cls == "Statement"]     # قال المرصد إن …: attribution
    assert not [e for e in events if e.cls == "TakeControl"]   # مناطق تسيطر عليها: a state


def test_talks_between_two_coordinated_countries(recognizer):
    text = ("وكانت روسيا والولايات المتحدة، التي تساند المعارضين، اجريتا محادثات في جنيف يومي السبت والاحد لبحث "
            "امكانية التوصل الى اتفاق يسمح للمدنيين ومسلحي المعارضة بالخروج من حلب.")
    events, mentions = run(text, D(2016, 12, 13), recognizer)
    talks = one(events, "Negotiation")
    assert keys(mentions, talks.agents) == {"geonames:2017370", "geonames:6252001"}
    assert keys(mentions, talks.places) == {"geonames:2660646"}
    assert (talks.time.earliest, talks.time.latest) == (D(2016, 12, 10), D(2016, 12, 11))
    # what the talks were about did not happen
    assert not [e for e in events if e.cls in ("Agreement", "Displacement", "Withdrawal")]


def test_planned_vote_is_future_and_not_a_meeting(recognizer):
    text = "ومن المقرر أن يجتمع مجلس الأمن الدولي للتصويت على مشروع القرار النيوزيلندي المصري الإسباني."
    events, mentions = run(text, D(2016, 12, 5), recognizer)
    vote = one(events, "Vote")
    assert vote.future
    assert keys(mentions, vote.agents) == {"org:unsc"}
    assert vote.time.earliest == vote.time.latest == D(2016, 12, 5)
    assert not [e for e in events if e.cls == "Meeting"]


def test_negated_withdrawal_and_the_statement_reporting_it(recognizer):
    text = "فصائل المعارضة في حلب أبلغت الولايات المتحدة أنها لن تنسحب من المنطقة المحاصرة في حلب."
    events, mentions = run(text, D(2016, 12, 5), recognizer)
    withdrawal = one(events, "Withdrawal")
    assert withdrawal.negated and withdrawal.future
    statement = one(events, "Statement")
    assert keys(mentions, statement.speakers) == {"actor:opposition:SY"}   # SVO, not the addressee


def test_withdrawal_with_its_cause_not_an_event(recognizer):
    text = "وعلى جبهة اخرى في وسط سوريا، انسحب تنظيم الدولة الاسلامية فجر الاحد من مدينة تدمر الاثرية على وقع القصف الروسي."
    events, mentions = run(text, D(2016, 12, 11), recognizer)
    w = one(events, "Withdrawal")
    assert keys(mentions, w.agents) == {"org:isis"}
    assert keys(mentions, w.places) == {"geonames:163808"}
    assert w.time.earliest == D(2016, 12, 11)
    assert [e.cls for e in events] == ["Withdrawal"]


def test_the_start_date_of_an_offensive(recognizer):
    text = ("قتلوا في الأحياء الشرقية من مدينة حلب السورية منذ الخامس عشر من نوفمبر الماضي، تاريخ بدء الهجوم "
            "الجديد لقوات الاسد.")
    events, mentions = run(text, D(2016, 12, 5), recognizer)
    offensive = one(events, "Offensive")
    assert (offensive.time.earliest, offensive.time.latest) == (D(2016, 11, 15), D(2016, 11, 15))
    assert keys(mentions, offensive.agents) == {"actor:government-forces:SY"}
    killing = one(events, "Killing")
    assert (killing.time.earliest, killing.time.latest) == (D(2016, 11, 15), D(2016, 12, 5))


def test_the_day_before_with_ghadat(recognizer):
    text = "ويأتي ذلك غداة اجتماع دولي لدول تدعم المعارضة في باريس بحث الوضع الانساني في حلب."
    events, mentions = run(text, D(2016, 12, 11), recognizer)
    meeting = one(events, "Meeting")
    assert meeting.time.earliest == D(2016, 12, 10)
    assert keys(mentions, meeting.places) == {"geonames:2988507"}
    assert "geonames:170063" in keys(mentions, meeting.about)


def test_concurrent_fighting_and_air_strikes_are_one_attack(recognizer):
    text = "وبحسب المرصد، دارت اشتباكات اليوم غرب مدينة تدمر تزامنا مع غارات روسية كثيفة."
    events, mentions = run(text, D(2016, 12, 13), recognizer)
    assert len(events) == 1
    attack = events[0]
    assert attack.cls == "Attack"
    assert keys(mentions, attack.places) == {"geonames:163808"}
    assert "org:sohr" not in keys(mentions, attack.agents)          # بحسب المرصد is a source


@pytest.mark.parametrize("text, cls", [
    ("وأصيب ثلاثة جنود بجروح في هجوم بسكين في القدس.", "Attack"),
    ("والهجوم البري المستمر لقوات الاسد أسفرعن تحقيق مزيد من التقدم.", "Offensive"),
    ("فقدت الفصائل المعارضة كامل القطاع الشمالي إثر تقدم سريع في إطار هجوم بدأته منتصف الشهر الحالي.", "Offensive"),
])
def test_an_attack_or_an_offensive(text, cls, recognizer):
    events, _ = run(text, D(2016, 11, 30), recognizer)
    assert [e.cls for e in events if e.anchor.endswith("هجوم")] == [cls]


def test_hypothesis_and_purpose_are_not_events(recognizer):
    text = "وفي حال استعاد النظام كامل حلب، سيكون امسك بمفاتيح مفاوضات السلام."
    events, _ = run(text, D(2016, 12, 11), recognizer)
    assert not [e for e in events if e.cls == "TakeControl"]
    text = "وتسعى دمشق الى استعادة السيطرة على حلب، ثاني مدن البلاد."
    events, _ = run(text, D(2016, 12, 11), recognizer)
    assert not events


def test_on_the_verge_is_an_event_only_when_dated(recognizer):
    dated = "أوشك الجيش السورى وحلفاؤه، اليوم، على السيطرة على كامل مدينة حلب."
    events, _ = run(dated, D(2016, 12, 13), recognizer)
    assert [(e.cls, e.time.earliest) for e in events] == [("TakeControl", D(2016, 12, 13))]
    prospect = "ويضيف المرصد أن القوات السورية على وشك استعادة المدينة بأكملها."
    events, _ = run(prospect, D(2016, 12, 13), recognizer)
    assert not [e for e in events if e.cls == "TakeControl"]


def test_undated_event_takes_the_article_default(recognizer):
    text = "وأضاف المرصد أنهم قتلوا عند استعادة القوات النظامية أحياء الفردوس وبستان القصر والزبدية."
    events, mentions = run(text, D(2016, 12, 13), recognizer)
    tc = one(events, "TakeControl")
    assert tc.time_source == "article"
    assert (tc.time.earliest, tc.time.latest) == (D(2016, 12, 12), D(2016, 12, 13))
    assert tc.time.begin == tc.time.end == 0 and tc.time.anchor == ""
    assert len(tc.places) == 3
    assert [k.startswith("actor:government-forces") for k in keys(mentions, tc.agents)] == [True]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_offsets_hold_on_raw_text_and_one_event_per_trigger(prefix, recognizer):
    text = seed_text(prefix)
    events, _ = run(text, seed_dates()[prefix], recognizer)
    assert events
    assert all(text[e.begin:e.end] == e.anchor for e in events)
    assert len({e.begin for e in events}) == len(events)
    for e in events:
        assert e.time is not None and e.time_source in ("text", "article")
        if e.time_source == "text":
            assert text[e.time.begin:e.time.end] == e.time.anchor


def test_class_hierarchy():
    assert ancestors("Airstrike") == ["Airstrike", "Attack"]
    assert ancestors("Killing") == ["Killing"]


def test_candidates_skip_words_inside_names(recognizer):
    text = "وكان المركز الروسي لتنسيق المصالحة في سوريا قد أعلن."
    article = Article("t", text, D(2016, 11, 30))
    doc = align(article, split_sentences(text), recognizer(text), ())
    assert all(doc.mention_at[c.start] is None for c in find_candidates(doc))


# ---- labels from the article's own words ---------------------------------------------------------

def test_event_labels_keep_the_article_spelling(recognizer):
    """The event's label is its trigger as written (ة, ى, hamzas), never the matching form (سيطره)."""
    from kg.pipeline import analyze_article, resolve_corpus

    # FR-internationalNews-2180-20180705 (ANT corpus)
    text = "سيطرت قوات النظام الخميس على بلدة صيدا الواقعة شرق درعا. وأكدت مصادر السيطرة على البلدة."
    article = Article("a", text, D(2018, 7, 5))
    corpus = resolve_corpus({"a": analyze_article(article, recognizer)})
    labels = [e.label_ar for e in corpus.events.values()]
    assert any(label.startswith("سيطرت") for label in labels), labels
    assert not any("سيطره" in label for label in labels), labels


@pytest.mark.parametrize("text, displaced", [
    ("وفر نحو 30 ألف شخص من المدينة والقرى المجاورة.", True),  # BB-middleEast-204-20180316
    ("وفرت مئات العائلات خارج المدينة مع اقتراب القوات.", True),  # FR-internationalNews-428-20180314
    ("والرغوة تخرج من أفواههم.", False),  # BB-middleEast-1114-20181017: no people leave anywhere
])
def test_flight_verbs_need_people(recognizer, text, displaced):
    events, _ = run(text, D(2018, 3, 16), recognizer)
    assert ("Displacement" in [e.cls for e in events]) is displaced


# ---- which people leave, which wars are events, which nouns need a place (issue 12) -----------

@pytest.mark.parametrize("text, cls", [
    # SK-middleEast-2929-20180716: fighters leaving under a deal are evacuated
    ("وكان الاتفاق الذي خرج بموجبه مئات المقاتلين والمدنيين الأحد من مدينة درعا قد أبرم برعاية روسية.",
     "Evacuation"),
    # BB-middleEast-755-20180719
    ("إذ خرج ثمانية آلاف مدني ومقاتل من مضايا والزبداني مقابل ثلاثة آلاف من كفريا والفوعة.", "Evacuation"),
    # AL-internationalNews-1697-20180619: armed men who flee withdraw
    ("فرت عناصر الميليشيات إلى وسط المدينة.", "Withdrawal"),
    # BB-middleEast-204-20180316: civilians who flee are displaced
    ("وفر نحو 30 ألف شخص من المدينة والقرى المجاورة.", "Displacement"),
])
def test_who_leaves_makes_the_class(recognizer, text, cls):
    events, _ = run(text, D(2018, 7, 16), recognizer)
    assert [e.cls for e in events if e.cls in ("Evacuation", "Withdrawal", "Displacement")] == [cls]


def test_fighters_of_a_relative_clause_do_not_leave(recognizer):
    # FR-internationalNews-1549-20180531 wording: civilians leave the areas government forces hold
    text = "وقال المرصد إن الآلاف من المدنيين قد غادروا المناطق التي تسيطر عليها القوات الحكومية والمسلحون."
    events, _ = run(text, D(2018, 2, 24), recognizer)
    assert "Evacuation" not in [e.cls for e in events]


@pytest.mark.parametrize("text, wars", [
    # AL-internationalNews-1055-20180508: a war with its year is an event of its own
    ("ضمت إسرائيل القدس الشرقية بعد أن انتزعت السيطرة عليها من الأردن في حرب عام 1967.", 1),
    # AL-economy-788-20180610: "the conflict", definite background, is not
    ("تدفق اللاجئين من جارته سوريا إثر اندلاع النزاع في عام 2011.", 0),
    # AL-internationalNews-1014-20180506: "the war", background, not dated by the text
    ("الذي قاد الحزب خلال السنوات الأخيرة من الحرب.", 0),
])
def test_a_war_is_an_event_only_when_dated(recognizer, text, wars):
    events, _ = run(text, D(2018, 5, 8), recognizer)
    found = [e for e in events if e.anchor.endswith(("حرب", "نزاع", "النزاع", "الحرب"))]
    assert len(found) == wars, [(e.anchor, e.cls) for e in events]
    if wars:
        assert found[0].cls == "Clash" and found[0].time.earliest == D(1967, 1, 1)


@pytest.mark.parametrize("text", [
    # FR-middleEast-290-20180415: an editor-in-chief liberates nothing
    "وقال ولي العهد في مقابلة أجراها معه رئيس تحرير مجلة أمريكية إن بلاده لا تمانع.",
    # BB-middleEast-675-20180628: casualties fall, no town does
    "ووردت تقارير عن سقوط عشرات القتلى من الجانبين منذ بدء الهجمات الحكومية.",
])
def test_liberation_and_fall_need_a_place(recognizer, text):
    events, _ = run(text, D(2018, 6, 28), recognizer)
    assert "TakeControl" not in [e.cls for e in events], [(e.anchor, e.cls) for e in events]


def test_a_counted_dead_is_a_killing(recognizer):
    # BB-middleEast-1095-20181013
    text = "وقال المرصد إن الأكراد تكبدوا خسائر بشرية إذ سقط 37 قتيلا منذ الأربعاء."
    events, _ = run(text, D(2018, 10, 13), recognizer)
    assert "Killing" in [e.cls for e in events]


def test_the_areas_of_their_control_are_a_state(recognizer):
    # FR-internationalNews-1745-20180610: مناطق سيطرتها names whose areas they are, not a takeover
    text = "تصاعد نفوذ الأكراد في سوريا مع انسحاب قوات النظام تدريجا من مناطق سيطرتها في العام 2012."
    events, _ = run(text, D(2018, 6, 10), recognizer)
    assert "TakeControl" not in [e.cls for e in events], [(e.anchor, e.cls) for e in events]
    assert "Withdrawal" in [e.cls for e in events]


@pytest.mark.parametrize("text, published", [
    # FR-internationalNews-2209-20180708
    ("ودفعت العملية العسكرية أكثر من 320 ألف مدني للنزوح من منازلهم، وفق الأمم المتحدة.", D(2018, 7, 8)),
    # BB-middleEast-932-20180827
    ("مما اضطر مئات الآلاف من الأكراد للنزوح إلى مدن تركية أخرى.", D(2018, 8, 27)),
])
def test_after_a_verb_of_forcing_the_l_noun_is_the_event(recognizer, text, published):
    events, _ = run(text, published, recognizer)
    assert "Displacement" in [e.cls for e in events], [(e.anchor, e.cls) for e in events]


@pytest.mark.parametrize("text, taken", [
    ("واحتلت إسرائيل الجولان في حرب عام 1967.", True),  # AL-internationalNews-1298-20180524
    # AL-internationalNews-1193-20180516: the occupation forces are an actor, no place is taken
    ("وذلك بعد أن قتلت قوات الاحتلال أكثر من 60 فلسطينيا خلال احتجاجات على الحدود.", False),
    ("أوقف الرجل وانتزع منه التمثال قبل أن يتوارى بين الحشود.", False),  # AL-culture-136-20180306
])
def test_occupation_and_wresting_take_a_place(recognizer, text, taken):
    events, _ = run(text, D(2018, 5, 24), recognizer)
    assert ("TakeControl" in [e.cls for e in events]) is taken, [(e.anchor, e.cls) for e in events]


def _candidate_places(text, published, recognizer, cls):
    article = Article("t", text, published)
    mentions = recognizer(text)
    analysis = analyze(article, split_sentences(text), mentions, find_time_expressions(text, published))
    c = next(c for c in analysis.cands if c.cls == cls)
    return {mentions[i].key for i in c.places}


@pytest.mark.parametrize("text, published, city", [
    # SK-middleEast-817-20180406: the clause goes on after the speaker's apposition (، X، في جنيف)
    ('وقالت المتحدثة باسم المكتب، إليزابيث ثروسل، في جنيف "نريد القول إن إسرائيل لديها الحق في الدفاع عن نفسها".',
     D(2018, 4, 6), "جنيف"),
    # BB-economy-152-20180531: words said from a city
    ("وأعلن روس القرار من باريس.", D(2018, 5, 31), "باريس"),
])
def test_where_words_were_said(recognizer, text, published, city):
    places = _candidate_places(text, published, recognizer, "Statement")
    mentions = recognizer(text)
    assert places == {m.key for m in mentions if m.anchor == city}, places
