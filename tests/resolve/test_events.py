"""Event coreference (kg.resolve.events) on the seed articles and on hand-made mentions."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kg.model import Article, ArticleAnalysis, EventMention, Mention, Ref, TimeExpr
from kg.pipeline import analyze_article
from kg.recognize.registry import get_recognizer
from kg.resolve.entities import resolve_entities
from kg.resolve.events import resolve_events
from tests.conftest import SEEDS, seed_dates, seed_text

D = dt.date


@pytest.fixture(scope="module")
def corpus():
    recognizer = get_recognizer("rules")
    analyses = {}
    for prefix, published in seed_dates().items():
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        analyses[prefix] = analyze_article(Article(prefix, seed_text(prefix), published), recognizer)
    _, entity_of = resolve_entities(analyses, {})
    events, event_of = resolve_events(analyses, entity_of)
    return analyses, entity_of, events, event_of


def event_at(corpus, prefix, evidence, anchor):
    """The event key of the mention whose trigger is ``anchor`` inside the ``evidence`` text."""
    analyses, _, _, event_of = corpus
    text = analyses[prefix].article.text
    start = text.index(evidence)
    for i, e in enumerate(analyses[prefix].events):
        if start <= e.begin < start + len(evidence) and e.anchor == anchor:
            return event_of[prefix][i]
    raise AssertionError(f"no {anchor} in {evidence}")


@pytest.mark.parametrize("a, b", [
    # ISIS back in Palmyra: "took" (001, undated) = "entered Saturday evening" (002)
    (("001", "تمكن تنظيم «داعش» من السيطرة على مدينة تدمر", "السيطرة"),
     ("002", "دخل تنظيم الدولة الاسلامية مساء السبت مجددا مدينة تدمر", "دخل")),
    # Ban Ki-moon's concern, through his spokesman (001) and in his name (003)
    (("001", "قال المتحدث باسم الامين العام للأمم المتحدة ستيفان دوجاريك", "قال"),
     ("003", "عبر الأمين العام للأمم المتحدة بان كي مون عن قلقه", "عبر")),
    # al-Sheikh Saeed retaken on Monday
    (("001", "بعد ساعات من استعادة قوات النظام لحى الشيخ سعيد", "استعادة"),
     ("003", "بعدما سيطر على حي الشيخ سعيد", "سيطر")),
    # the offensive that began in mid-November / on 15 November
    (("000", "في إطار هجوم بدأته منتصف الشهر الحالي", "هجوم"),
     ("004", "تاريخ بدء الهجوم الجديد لقوات الاسد", "الهجوم")),
])
def test_the_same_event_in_two_articles_is_one_node(corpus, a, b):
    assert event_at(corpus, *a) == event_at(corpus, *b)


@pytest.mark.parametrize("a, b", [
    # Monday's recapture of al-Sheikh Saeed is not Tuesday's near-complete control of the city
    (("001", "بعد ساعات من استعادة قوات النظام لحى الشيخ سعيد", "استعادة"),
     ("001", "أوشك الجيش السورى وحلفاؤه، اليوم، على السيطرة على كامل مدينة حلب", "السيطرة")),
    # two neighbourhoods taken the same day are two events
    (("003", "عند استعادة القوات النظامية أحياء الفردوس وبستان القصر والزبدية", "استعادة"),
     ("003", "بعدما سيطر على حي الشيخ سعيد", "سيطر")),
    # the northern sector lost on Monday, fourteen districts announced on Tuesday
    (("000", "فقدت الفصائل المعارضة الإثنين كامل القطاع الشمالي", "فقدت"),
     ("000", "إن الجيش النظامي إستعاد 14 حيا شرق حلب", "إستعاد")),
    # two statements by two people of one organization
    (("003", "عبر الأمين العام للأمم المتحدة بان كي مون عن قلقه", "عبر"),
     ("003", "وقال مستشار الأمم المتحدة للشؤون الإنسانية يان إيغلاند", "وقال")),
    # 4,000 by the state agency, more than 10,000 by the Observatory: two counts
    (("002", 'عن "خروج اربعة الاف مدني', "خروج"),
     ("002", "بيروت: فرّ اكثر من عشرة الاف مدني", "فرّ")),
    # the talks held last weekend are not the talks planned for Tuesday
    (("003", "اجريتا محادثات في جنيف يومي السبت والاحد", "محادثات"),
     ("004", "ستبدآن محادثات بشأن الانسحاب في جنيف", "محادثات")),
    # civilians killed by the government's offensive, and by the opposition's shells
    (("001", "بمقتل 463 مدنيا على الأقل", "بمقتل"),
     ("001", "فيما قتل 130 آخرين بينهم 40 طفلا", "قتل")),
])
def test_distinct_events_stay_apart(corpus, a, b):
    assert event_at(corpus, *a) != event_at(corpus, *b)


def test_within_an_article_a_definite_noun_takes_up_the_meeting(corpus):
    paris = event_at(corpus, ("002"), "غداة اجتماع دولي لدول تدعم المعارضة في باريس", "اجتماع")
    assert paris == event_at(corpus, "002", "في ختام اللقاء", "اللقاء")
    _, _, events, _ = corpus
    assert {"geonames:3017382", "geonames:6252001", "geonames:289688", "geonames:2921044"} <= events[paris].agents
    assert events[paris].earliest == events[paris].latest == D(2016, 12, 10)


def test_merged_interval_is_the_tightest_agreeing_one(corpus):
    _, _, events, _ = corpus
    key = event_at(corpus, "004", "تاريخ بدء الهجوم الجديد لقوات الاسد", "الهجوم")
    assert (events[key].earliest, events[key].latest) == (D(2016, 11, 15), D(2016, 11, 15))
    palmyra = event_at(corpus, "002", "دخل تنظيم الدولة الاسلامية مساء السبت مجددا مدينة تدمر", "دخل")
    assert events[palmyra].earliest == D(2016, 12, 10)
    assert "org:isis" in events[palmyra].agents and "geonames:163808" in events[palmyra].places


def test_every_mention_maps_to_an_event_and_keys_are_stable(corpus):
    analyses, entity_of, events, event_of = corpus
    for prefix, a in analyses.items():
        for i, e in enumerate(a.events):
            assert (i in event_of[prefix]) == (not e.negated)
    again, again_of = resolve_events(analyses, entity_of)
    assert sorted(again) == sorted(events) and again_of == event_of
    for key, ev in events.items():
        assert key.startswith("event:") and ev.label_ar and ev.mentions


# ---- hand-made mentions ------------------------------------------------------------------------

ALEPPO = Mention(0, 3, "حلب", kind="Place", subtype="City", key="geonames:170063", part_of="geonames:163843")
ARMY = Mention(4, 16, "الجيش السوري", kind="Organization", subtype="ArmedForce", key="actor:government-forces:SY")
REBELS = Mention(17, 25, "المعارضة", kind="Organization", subtype="ArmedGroup", key="actor:opposition:SY")


def _article(aid: str, published: dt.date, events: list[EventMention]) -> ArticleAnalysis:
    text = "حلب الجيش السوري المعارضة سيطر"
    mentions = (ALEPPO, ARMY, REBELS)
    return ArticleAnalysis(article=Article(aid, text, published), mentions=mentions, events=tuple(events))


def _take(day: dt.date, source: str = "text", agents=(1,), sentence=0) -> EventMention:
    return EventMention(26, 30, "سيطر", cls="TakeControl", sentence=sentence, agents=agents, places=(0,),
                        time=TimeExpr(0, 0, "", day, day if source == "text" else day + dt.timedelta(days=1),
                                      "day"), time_source=source)


def _resolve(analyses):
    entity_of = {aid: {i: m.key for i, m in enumerate(a.mentions)} for aid, a in analyses.items()}
    return resolve_events(analyses, entity_of)


def test_two_take_controls_of_one_city_on_different_days_stay_apart():
    analyses = {"a": _article("a", D(2016, 12, 13), [_take(D(2016, 12, 12), sentence=0),
                                                       _take(D(2016, 12, 13), sentence=3)])}
    events, event_of = _resolve(analyses)
    assert len(events) == 2 and event_of["a"][0] != event_of["a"][1]


def test_same_event_same_day_in_two_articles_merges_and_an_opposing_agent_does_not():
    analyses = {"a": _article("a", D(2016, 12, 13), [_take(D(2016, 12, 12))]),
                "b": _article("b", D(2016, 12, 13), [_take(D(2016, 12, 12)), _take(D(2016, 12, 12), agents=(2,),
                                                                                       sentence=2)])}
    events, event_of = _resolve(analyses)
    assert event_of["a"][0] == event_of["b"][0]
    assert event_of["b"][1] != event_of["b"][0]
    assert len(events) == 2


def test_an_agentless_mention_naming_the_actor_as_its_target_is_not_opposed():
    """«قتل X» read with X as what was acted on, no agent said: the same event as X's act; X acting on the
    other's agent, with an agent of its own, is the opposite event."""
    def read_as(agents, targets):
        return _article("x", D(2016, 12, 13), [dataclasses.replace(_take(D(2016, 12, 12)), agents=agents,
                                                                   targets=targets)])

    a = _article("a", D(2016, 12, 13), [_take(D(2016, 12, 12))])
    _, event_of = _resolve({"a": a, "x": read_as((), (1,))})
    assert event_of["a"][0] == event_of["x"][0]
    _, event_of = _resolve({"a": a, "x": read_as((2,), (1,))})
    assert event_of["a"][0] != event_of["x"][0]


def test_negated_mentions_make_no_event():
    negated = EventMention(26, 30, "سيطر", cls="TakeControl", agents=(1,), places=(0,), negated=True,
                           time=TimeExpr(0, 0, "", D(2016, 12, 12), D(2016, 12, 12), "day"), time_source="text")
    events, event_of = _resolve({"a": _article("a", D(2016, 12, 13), [negated])})
    assert not events and event_of == {"a": {}}


# ---- the cases an analyst would decide, through analysis and resolution -------------------------------

from kg.pipeline import resolve_corpus  # noqa: E402
from kg.resolve.events import explain, resolve_events_explained  # noqa: E402

APRIL_14 = D(2018, 4, 14)
# two outlets on the Western strikes on Homs; one adds what the defence secretary said, the other Russia's
# condemnation
STRIKES_A = ("شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت ضربات جوية على مواقع في مدينة حمص السورية. "
             "وقال وزير الدفاع الأمريكي جيمس ماتيس إن الضربات استهدفت منشآت للأسلحة الكيميائية.")
STRIKES_B = "شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت غارات جوية على مدينة حمص. وأدانت روسيا الضربات."
# two tallies of Friday's dead in Douma, by two sources that disagree
TALLY_A = "قتل 12 شخصا في قصف على مدينة دوما يوم الجمعة، بحسب المرصد السوري لحقوق الإنسان."
TALLY_B = "قتل 15 شخصا في مدينة دوما يوم الجمعة، وفق وزارة الصحة السورية."
# one person, two statements, two days
TWO_STATEMENTS = ("قال الرئيس الأمريكي دونالد ترامب يوم الثلاثاء إن القوات الأمريكية ستنسحب من سوريا. "
                  "وكان ترامب قد قال يوم الأحد إن الحرب على داعش انتهت.")


@pytest.fixture(scope="module")
def cases():
    recognizer = get_recognizer("rules")
    texts = {"sky": STRIKES_A, "bbc": STRIKES_B, "sohr": TALLY_A, "moh": TALLY_B, "trump": TWO_STATEMENTS}
    analyses = {k: analyze_article(Article(k, t, APRIL_14, publisher=k), recognizer) for k, t in texts.items()}
    return analyses, resolve_corpus(analyses)


def _mention(analyses, aid, cls, nth=0):
    found = [i for i, e in enumerate(analyses[aid].events) if e.cls == cls]
    return Ref(aid, found[nth])


def _event_of(corpus, ref):
    return corpus.events[corpus.event_of[ref.article][ref.index]]


def test_the_same_strike_from_two_outlets_is_one_node(cases):
    analyses, corpus = cases
    a, b = _mention(analyses, "sky", "Airstrike"), _mention(analyses, "bbc", "Airstrike")
    ev = _event_of(corpus, a)
    assert ev is _event_of(corpus, b)
    assert {m.article for m in ev.mentions} == {"sky", "bbc"}
    assert "geonames:169577" in ev.places and ev.earliest == ev.latest == APRIL_14


def test_a_statement_about_the_strikes_is_its_own_node(cases):
    analyses, corpus = cases
    strikes = _event_of(corpus, _mention(analyses, "sky", "Airstrike"))
    for aid in ("sky", "bbc"):
        statement = _event_of(corpus, _mention(analyses, aid, "Statement"))
        assert statement is not strikes and statement.cls == "Statement"
        assert [m.article for m in statement.mentions] == [aid]
    why = explain(analyses, corpus.entity_of, _mention(analyses, "sky", "Statement"), _mention(analyses, "sky", "Airstrike"))
    assert why.score is None and why.conflict.startswith("classes")


def test_two_outlets_tallies_are_one_killing_with_two_figures_and_two_sources(cases):
    analyses, corpus = cases
    killing = _event_of(corpus, _mention(analyses, "sohr", "Killing"))
    assert killing is _event_of(corpus, _mention(analyses, "moh", "Killing"))
    figures = sorted((f.value, f.source) for f in corpus.figures if f.event == killing.key)
    assert [v for v, _ in figures] == [12.0, 15.0]
    assert len({s for _, s in figures}) == 2 and None not in {s for _, s in figures}
    # the shelling that killed them is a related event, not the killing
    assert _event_of(corpus, _mention(analyses, "sohr", "Shelling")) is not killing


def test_two_statements_by_one_person_on_two_days_are_two_nodes(cases):
    analyses, corpus = cases
    first, second = _mention(analyses, "trump", "Statement", 0), _mention(analyses, "trump", "Statement", 1)
    assert _event_of(corpus, first) is not _event_of(corpus, second)
    assert explain(analyses, corpus.entity_of, first, second).conflict == "dates"


def test_every_merge_is_explained(cases):
    analyses, corpus = cases
    entity_of = corpus.entity_of
    res = resolve_events_explained(analyses, entity_of)
    strikes = res.event_of["sky"][_mention(analyses, "sky", "Airstrike").index]
    features = {f for link in res.links[strikes] for f, _ in link.reasons}
    assert {"participant", "place", "date"} <= features
    for key, ev in res.events.items():  # n mentions in one event: n - 1 links (or fewer, for copies)
        assert len(res.links[key]) <= len(ev.mentions) - 1
    assert res.reason_counts()["participant"] >= 1 and res.stats["merged_across_articles"] >= 2


def test_the_resolved_corpus_carries_every_merge_with_its_reasons(cases):
    """The links are an output of resolution (kg.model.Corpus.event_links) and the build report counts them."""
    from kg.pipeline import BuildReport, _count

    analyses, corpus = cases
    killing = _event_of(corpus, _mention(analyses, "sohr", "Killing"))
    mine = [link for link in corpus.event_links if link.event == killing.key]
    assert len(mine) == len(killing.mentions) - 1 >= 1
    assert {corpus.event_of[r.article][r.index] for link in mine for r in (link.a, link.b)} == {killing.key}
    assert {"sohr", "moh"} <= {r.article for link in mine for r in (link.a, link.b)}
    assert {f for link in mine for f, _ in link.reasons} >= {"class", "place", "date"}
    report = BuildReport(source="cases")
    _count(report, corpus)
    assert report.counts["event_links"] == len(corpus.event_links) >= 2
    assert report.counts["event_links.place"] >= 1


def test_syndicated_copies_collapse_before_pairing(corpus):
    """400 copies of the five samples (2,000 articles): as few candidate pairs as one copy (issue 16, item 10)."""
    import dataclasses

    analyses, _, events, _ = corpus

    def copies(n):
        out = {}
        for k in range(n):
            for aid, a in analyses.items():
                cid = f"copy{k}-{aid}"
                out[cid] = dataclasses.replace(a, article=dataclasses.replace(a.article, id=cid))
        return out

    def resolve(n):
        many = copies(n)
        _, entity_of = resolve_entities(many, {})
        return many, resolve_events_explained(many, entity_of)

    _, one = resolve(1)
    many, res = resolve(400)
    assert res.stats["mentions"] == 400 * one.stats["mentions"]
    assert res.stats["units"] == one.stats["units"]
    assert res.stats["candidate_pairs"] == one.stats["candidate_pairs"] == res.stats["score_calls"]
    assert res.stats["candidate_pairs"] < 20 * one.stats["units"]
    assert len(res.events) == len(one.events) == len(events)
    # each copy's mention is in its original's event
    for aid in analyses:
        assert res.event_of[f"copy399-{aid}"] == res.event_of[f"copy0-{aid}"]


# ---- a town the text puts inside a region (ANT news of 8 and 13 April 2018, not in the dev set) ------------

APRIL_8 = D(2018, 4, 8)
# CNN: the attack on Douma "in Eastern Ghouta", Saturday; Sky News: an attack "in Eastern Ghouta", Saturday night
TOWN_IN_REGION = ("نقلت عدة مجموعات تابعة للمعارضة السورية أخباراً عن هجوم عنيف على ما تبقى من مدينة دوما "
                  "في الغوطة الشرقية، السبت، وأن الهجوم خلّف عشرات القتلى.")
REGION_ONLY = "ودانت الولايات المتحدة بشدة هجوما باسلحة كيميائية وقع في الغوطة الشرقية ليل السبت الاحد."
# AFP: the two-month offensive on Eastern Ghouta and its toll
REGION_OFFENSIVE = ("وخلال الهجوم العنيف على الغوطة الشرقية منذ 18 شباط/فبراير، وثق المرصد السوري مقتل أكثر "
                    "من1700  مدني في القصف.")


@pytest.fixture(scope="module")
def ghouta():
    recognizer = get_recognizer("rules")
    texts = {"cnn": TOWN_IN_REGION, "sky": REGION_ONLY, "afp": REGION_OFFENSIVE}
    analyses = {k: analyze_article(Article(k, t, APRIL_8, publisher=k), recognizer) for k, t in texts.items()}
    return analyses, resolve_corpus(analyses)


def test_a_place_the_text_puts_inside_another_is_part_of_it(ghouta):
    from kg.resolve.events import _parents

    analyses, corpus = ghouta
    parent = _parents(analyses, corpus.entity_of)
    assert parent["place:douma"] == "place:eastern ghouta"  # the gazetteer says only: in Syria
    assert "place:eastern ghouta" not in parent or parent["place:eastern ghouta"] != "place:douma"


def test_the_attack_on_a_town_and_on_its_region_the_same_night_is_one_node(ghouta):
    analyses, corpus = ghouta
    town, region = _mention(analyses, "cnn", "Attack"), _mention(analyses, "sky", "Attack")
    assert _event_of(corpus, town) is _event_of(corpus, region)
    why = explain(analyses, corpus.entity_of, town, region)
    assert ("scene", "same class, a place inside the other's, within days: place:douma in place:eastern ghouta") \
        in why.reasons


def test_a_two_month_offensive_on_the_region_and_its_toll_stay_apart_from_the_town(ghouta):
    analyses, corpus = ghouta
    town_attack = _event_of(corpus, _mention(analyses, "cnn", "Attack"))
    assert _event_of(corpus, _mention(analyses, "afp", "Attack")) is not town_attack
    # tens killed in the town are not the 1,700 of two months in the region (both dated by their articles)
    assert _event_of(corpus, _mention(analyses, "afp", "Killing")) is not \
        _event_of(corpus, _mention(analyses, "cnn", "Killing"))


def test_resolution_pauses_the_collector_and_gives_it_back():
    import gc

    from kg.resolve import events as resolution

    seen = []
    analyses = {"a": _article("a", D(2016, 12, 13), [_take(D(2016, 12, 12))])}
    real = resolution._resolve

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    resolution._resolve = spy
    try:
        assert gc.isenabled()
        _resolve(analyses)
        assert gc.isenabled() and seen == [False]
        gc.disable()
        _resolve(analyses)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        resolution._resolve = real


# ---- one count, two outlets, a place on one side only (ANT, 9 April 2018, not in the dev set) -----------------

# SK-middleEast-881-20180409, and FR-internationalNews-633-20180409 (its place and hour added)
TALLY_NO_PLACE = "وقالت روسيا إن إسرائيل هي التي شنت الهجوم، الذي وقع قبل الفجر يوم الاثنين وأسفر عن مقتل {n} شخصا."
TALLY_PLACED = ("وأسفرت الضربة الجوية على مطار التيفور العسكري في وسط سوريا، وفق المرصد السوري لحقوق الإنسان، "
                "عن مقتل {n} شخصا فجر الاثنين.")


@pytest.mark.parametrize("count, one", [(14, True), (3, False)])
def test_one_distinctive_count_the_same_day_is_one_killing(count, one):
    recognizer = get_recognizer("rules")
    april_9 = D(2018, 4, 9)
    analyses = {k: analyze_article(Article(k, t.format(n=count), april_9), recognizer)
                for k, t in (("sky", TALLY_NO_PLACE), ("afp", TALLY_PLACED))}
    corpus = resolve_corpus(analyses)
    same = _event_of(corpus, _mention(analyses, "sky", "Killing")) is _event_of(corpus, _mention(analyses, "afp",
                                                                                                   "Killing"))
    assert same is one  # 14 killed the same Monday: one tally; 3 killed may be any two events


# ---- one sentence, two words of one strike; one takeover dated a day apart (ANT, 2018, not in the dev set) -----

def _read(texts: dict[str, str], published: dt.date):
    recognizer = get_recognizer("rules")
    analyses = {k: analyze_article(Article(k, t, published, publisher=k), recognizer) for k, t in texts.items()}
    return analyses, resolve_corpus(analyses)


# AL-internationalNews-737-20180401: the strikes, and the verb that says what they hit
STRIKES_THAT_TARGETED = ("شنت مقاتلات #تحالف_دعم_الشرعية في #اليمن الأحد غارات جوية استهدفت مواقع وتعزيزات تابعة "
                         "لميليشيات الحوثي في المناطق التي يسيطرون عليها.")
# FR-internationalNews-591-20180407: the jets' strikes, and the army's artillery, in one sentence
STRIKES_AND_SHELLS = ("وأفاد المرصد أن الطائرات الحربية تنفذ غارات في أنحاء دوما السبت في حين استهدفت مدفعية النظام "
                      "حقولا زراعية مجاورة.")


def test_the_strikes_and_the_verb_of_what_they_hit_are_one_event():
    analyses, corpus = _read({"al": STRIKES_THAT_TARGETED}, D(2018, 4, 1))
    strikes, targeted = _mention(analyses, "al", "Airstrike"), _mention(analyses, "al", "Attack")
    assert _event_of(corpus, strikes) is _event_of(corpus, targeted)


def test_two_attacks_of_two_clauses_in_one_sentence_stay_two():
    analyses, corpus = _read({"fr": STRIKES_AND_SHELLS}, D(2018, 4, 7))
    strikes, shells = _mention(analyses, "fr", "Airstrike"), _mention(analyses, "fr", "Attack")
    assert _event_of(corpus, strikes) is not _event_of(corpus, shells)
    assert explain(analyses, corpus.entity_of, strikes, shells).conflict == "one sentence"


# FR-internationalNews-523-20180319 (Afrin taken on Sunday); the same capture dated by its announcement (Monday),
# and a capture of the same town on Friday
AFRIN_SUNDAY = ("سيطرت القوات التركية الأحد على مدينة عفرين ذات الغالبية الكردية في شمال سوريا، إثر انسحاب "
                "المقاتلين الأكراد منها.")
AFRIN_MONDAY = "وسيطرت القوات التركية، الاثنين، على مدينة عفرين، مركز الإقليم، بعد انسحاب المقاتلين الأكراد منها."
AFRIN_FRIDAY = "سيطرت القوات التركية الجمعة على مدينة عفرين ذات الغالبية الكردية."
# SK-middleEast-1117-20180418 style tallies: a killing a day apart is two killings (they recur)
KILLED_SUNDAY = "قتل 12 شخصا في قصف على مدينة عفرين يوم الأحد، بحسب المرصد السوري لحقوق الإنسان."
KILLED_MONDAY = "قتل 12 شخصا في قصف على مدينة عفرين يوم الاثنين، بحسب المرصد السوري لحقوق الإنسان."


@pytest.mark.parametrize("other, one", [(AFRIN_MONDAY, True), (AFRIN_FRIDAY, False)])
def test_one_takeover_two_outlets_date_a_day_apart_is_one_node(other, one):
    analyses, corpus = _read({"afp": AFRIN_SUNDAY, "sky": other}, D(2018, 3, 19))
    a, b = _mention(analyses, "afp", "TakeControl"), _mention(analyses, "sky", "TakeControl")
    assert (_event_of(corpus, a) is _event_of(corpus, b)) is one


def test_killings_a_day_apart_stay_two():
    analyses, corpus = _read({"sun": KILLED_SUNDAY, "mon": KILLED_MONDAY}, D(2018, 3, 19))
    a, b = _mention(analyses, "sun", "Killing"), _mention(analyses, "mon", "Killing")
    assert _event_of(corpus, a) is not _event_of(corpus, b)
    assert explain(analyses, corpus.entity_of, a, b).conflict == "dates"


def test_an_ally_is_carried_to_the_event_as_an_actor_not_an_agent():
    """بدعم من X in one report only: the same event as the report without it, X among its allies (written as
    plain sem:hasActor), never an agent; an ally is not an opposing agent either."""
    from kg.graph.build import corpus_triples
    from kg.graph.iris import entity_iri
    from kg.graph.vocab import HD, SEM
    from kg.pipeline import resolve_corpus

    a = _article("a", D(2016, 12, 13), [_take(D(2016, 12, 12))])
    b = _article("b", D(2016, 12, 13), [dataclasses.replace(_take(D(2016, 12, 12)), allies=(2,))])
    events, event_of = _resolve({"a": a, "b": b})
    assert event_of["a"][0] == event_of["b"][0]
    (event,) = events.values()
    assert event.allies == {REBELS.key} and REBELS.key not in event.agents | event.targets
    corpus = resolve_corpus({"a": a, "b": b})
    triples = set(corpus_triples(corpus))
    ally = entity_iri(REBELS.key)
    assert any(p == SEM.hasActor and o == ally for _, p, o in triples)
    assert not any(p in (HD.agent, HD.target) and o == ally for _, p, o in triples)


def test_a_mention_knows_the_nearest_earlier_mention_of_its_word_in_its_article():
    """«غارات … هجوم … الهجوم»: the definite noun echoes the attack (its word), the strikes echo nothing."""
    from kg.resolve.events import event_records

    text = "غارات هجوم الهجوم"
    events = (EventMention(0, 5, "غارات", cls="Airstrike", sentence=0),
              EventMention(6, 10, "هجوم", cls="Attack", sentence=1),
              EventMention(11, 17, "الهجوم", cls="Attack", sentence=2))
    analyses = {"a": ArticleAnalysis(article=Article("a", text, D(2018, 4, 14)), mentions=(), events=events)}
    assert [r.echo for r in event_records(analyses, {"a": {}})] == [None, None, 1]
