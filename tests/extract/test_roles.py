"""Roles from the clause (kg.extract.roles, kg.extract.clause): who acts, who undergoes, who only
describes a place or backs the event. Sentences quoted from articles of the ANT corpus
(shared/data/news, ant2_syria_subset.jsonl; ids in the comments), none of them annotated in the
dev set or among the five samples."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.analysis import analyze
from kg.extract.events import extract_events, final_drop
from kg.extract.timex import find_time_expressions
from kg.model import Article
from kg.text.sentences import split_sentences
from kg.recognize.registry import get_recognizer
from tests.extract.reading import read


def event(events, cls):
    found = [e for e in events if e.cls == cls]
    assert found, [(e.anchor, e.cls) for e in events]
    return found[0]


def anchors(mentions, idx) -> set[str]:
    return {mentions[i].anchor for i in idx}


# ---- a place's modifier names who holds it, not who acts ---------------------------------------

def test_the_holder_of_a_place_is_not_the_attacker(recognizer):
    # AL-internationalNews-868-20180410
    text = "أعلن الرئيس ترمب أن الهجوم الكيمياوي على مدينة دوما الخاضعة لسيطرة المعارضة في غوطة دمشق سيتم الرد عليه."
    analysis, events, mentions = read(text, recognizer)
    attack = event(events, "Attack")
    assert "المعارضة" not in anchors(mentions, attack.agents + attack.targets)
    assert anchors(mentions, attack.places) == {"مدينة دوما"}  # a place after its head noun keeps the head (kg.recognize.sites)
    held_by = [m for m in analysis.doc.fixed_role if mentions[m].anchor == "المعارضة"]
    assert held_by and analysis.doc.fixed_role[held_by[0]] == "modifier"


# ---- support phrases: an ally is not the agent, nor the place --------------------------------------

@pytest.mark.parametrize("text, cls, ally, place", [
    # BB-middleEast-264-20180330: forces that Turkey backs take Afrin; Turkey neither takes it nor is the place
    ("سيطرت قوات تدعمها تركيا على مركز مدينة عفرين.", "TakeControl", "تركيا", "مدينة عفرين"),
    # SK-middleEast-3232-20180802: the army takes land «with the support of Russia and Iran» (coordination)
    ("واستعاد الجيش السوري السيطرة على أراض في جنوب غرب سوريا من أيدي المعارضة بدعم من روسيا وإيران.",
     "TakeControl", "إيران", None),
])
def test_a_backer_is_not_agent_or_place(recognizer, text, cls, ally, place):
    _, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert ally not in anchors(mentions, e.agents + e.targets + e.places)
    assert ally in anchors(mentions, e.allies)  # an ally: a participant of its own kind
    assert "روسيا" not in anchors(mentions, e.agents + e.places)
    if place:
        assert place in anchors(mentions, e.places)


@pytest.mark.parametrize("text, cls, ally", [
    # SK-middleEast-231-20180311: بإسناد من X after the place, in the clause of the verb
    ("وكانت القوات الشرعية قد استعادت السيطرة على مديرية ناطع الواقعة شرقي البيضاء بإسناد من التحالف العربي، "
     "في الرابع من مارس الجاري.", "TakeControl", "التحالف العربي"),
    # SK-middleEast-2772-20180705: between the support verb and its event noun
    ("شنت ألوية العمالقة بإسناد من قوات تحالف دعم الشرعية في اليمن، الخميس، هجوما واسعا على مركز مديرية التحيتا "
     "في محافظة الحديدة لطرد ميليشيات الحوثي الإيرانية.", "Offensive", "قوات تحالف دعم الشرعية"),
    # AL-internationalNews-1535-20180609: set off by commas after the agent of an event noun
    ("وفرت أطقم الحوثيين مع مسلحيهم، من وادي خب، عقب سيطرة الجيش اليمني، بدعم من التحالف، على جبل بوانة "
     "الاستراتيجي.", "TakeControl", "التحالف"),
    # AL-internationalNews-1325-20180525: fronted, right before the verb
    ("وأكد مصدر ميداني، إن الوية العمالقة وحراس الجمهورية والمقاومة التهامية، وبدعم من التحالف سيطرت بالكامل على "
     "#مفرق_زبيد وطهرت المناطق المحيطة به.", "TakeControl", "التحالف"),
])
def test_who_backs_the_event_is_its_ally(recognizer, text, cls, ally):
    analysis, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert ally in anchors(mentions, e.allies)
    assert ally not in anchors(mentions, e.agents + e.targets + e.places)
    c = next(c for c in analysis.cands if c.cls == cls and not c.drop)
    assert any(role == "ally" for role, _ in c.why)  # kg explain says why


@pytest.mark.parametrize("text, cls, backer", [
    # SK-middleEast-2772-20180705 (another sentence): Iran backs the militia driven out, not the offensive
    ("رصدت قوات تحالف دعم الشرعية في اليمن خلال عملية تحرير محافظة الحديدة قيام ميليشيات الحوثي المدعومة من "
     "إيران باستهداف المدنيين.", "TakeControl", "إيران"),
    # AL-internationalNews-11-20180218: the backed forces are attacked; their backer does not attack
    ("لم تتأكد بعد من الجهة التي نفذت هجوما في 7 فبراير على القوات الأميركية والقوات المدعومة من الولايات المتحدة.",
     "Attack", "الولايات المتحدة"),
])
def test_the_backer_of_a_target_or_of_a_place_holder_is_no_ally(recognizer, text, cls, backer):
    _, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert backer not in anchors(mentions, e.allies + e.agents)


def test_forces_backed_by_a_country_are_a_target_the_country_is_not_the_place(recognizer):
    # AL-internationalNews-11-20180218
    text = "لم تتأكد بعد من الجهة التي نفذت هجوما في 7 فبراير على القوات الأميركية والقوات المدعومة من الولايات المتحدة."
    _, events, mentions = read(text, recognizer)
    attack = event(events, "Attack")
    assert "القوات الأميركية" in anchors(mentions, attack.targets)  # على X: the target
    assert "الولايات المتحدة" not in anchors(mentions, attack.places + attack.agents)


# ---- agent phrases: من قبل X، على يد X، شنتها X -------------------------------------------------------

@pytest.mark.parametrize("text, cls, agent", [
    # BB-middleEast-120-20180301: a passive support verb (يتعرض لـ) and من قبل
    ("يتعرض الجيب لهجوم كبير من قبل القوات التركية والفصائل السورية.", "Offensive", "القوات التركية"),
    # BB-middleEast-217-20180319: after a relative pronoun too, and not read as a purpose (للقصف)
    ("المناطق التي تتعرض للقصف من قبل القوات التركية.", "Shelling", "القوات التركية"),
    # FR-internationalNews-1698-20180607: a passive killing, its agent after على يد
    ('قتل 17 مقاتلا مواليا للنظام السوري على يد مسلحين ينتمون لتنظيم "الدولة الإسلامية".', "Killing", "مسلحين"),
    # SK-middleEast-1024-20180414: a strike noun and the verb that carried it out (شنتها)
    ("الضربات التي شنتها الولايات المتحدة وحلفاؤها على نظام الرئيس بشار الأسد.", "Airstrike", "الولايات المتحدة"),
])
def test_agent_phrases_name_the_agent(recognizer, text, cls, agent):
    analysis, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert agent in anchors(mentions, e.agents)
    c = next(c for c in analysis.cands if c.cls == cls)
    rule = next(r for (role, mi), r in c.why.items() if role == "agent" and mentions[mi].anchor == agent)
    assert rule.startswith("agent phrase")


def test_a_cause_carried_out_by_an_actor_gives_the_killing_its_agent(recognizer):
    # BB-middleEast-110-20180227
    text = ("وتشير تقديرات جمعيات حقوقية إلى أن نحو 12763 مدنيا قتلوا نتيجة هجمات شنتها القوات الحكومية السورية "
            "وحلفاؤها في الغوطة الشرقية.")
    _, events, mentions = read(text, recognizer)
    killing = event(events, "Killing")
    assert anchors(mentions, killing.agents) == {"القوات الحكومية السورية"}
    assert "القوات الحكومية السورية" not in anchors(mentions, killing.targets)


# ---- active and passive verbs of the patient classes ------------------------------------------------

@pytest.mark.parametrize("text, cls, agent, target", [
    # BB-middleEast-372-20180419: the arresting forces arrest (they are not the arrested)
    ("واعتقلت قوات سوريا الديمقراطية المئات من مسلحي تنظيم الدولة الأجانب.", "Arrest", "قوات سوريا الديمقراطية",
     None),
    # BB-middleEast-300-20180406: a passive injury; the shelling's genitive is who shells
    ("وأصيب 15 مدنيا في قصف جيش الإسلام للمناطق السكنية في دمشق.", "Injury", "جيش الإسلام", None),
])
def test_active_and_passive(recognizer, text, cls, agent, target):
    _, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert agent in anchors(mentions, e.agents)
    assert agent not in anchors(mentions, e.targets)


def test_a_passive_support_verb_makes_its_subject_undergo(recognizer):
    # BB-middleEast-64-20180220: the towns undergo the shelling of the government forces (genitive)
    text = "قال ناشطون إن 10 بلدات وقرى في عموم منطقة الغوطة الشرقية تعرضت لقصف القوات الحكومية وحلفائها الثلاثاء."
    analysis, events, mentions = read(text, recognizer, published=dt.date(2018, 2, 20))
    shelling = event(events, "Shelling")
    assert anchors(mentions, shelling.agents) == {"القوات الحكومية"}
    assert shelling.time is not None and shelling.time.earliest == dt.date(2018, 2, 20)  # الثلاثاء
    assert not [c for c in analysis.cands if c.cls == "Shelling" and final_drop(analysis, c) == "purpose"]


# ---- the verb-first subject, the genitive of a verbal noun, targets after على ----------------------

def test_verb_first_subject_over_a_day_name(recognizer):
    # FR-internationalNews-2180-20180705
    text = "سيطرت قوات النظام الخميس على بلدة صيدا الواقعة شرق درعا."
    _, events, mentions = read(text, recognizer, published=dt.date(2018, 7, 5))
    take = event(events, "TakeControl")
    assert anchors(mentions, take.agents) == {"قوات النظام"}
    assert anchors(mentions, take.places) == {"بلدة صيدا"}
    assert take.time.earliest == dt.date(2018, 7, 5)


def test_the_genitive_of_a_verbal_noun_is_its_agent(recognizer):
    # FR-internationalNews-29-20180219: قصف قوات النظام السوري للغوطة: the shelling's agent kills
    text = "ارتفعت حصيلة القتلى جراء قصف قوات النظام السوري للغوطة الشرقية المحاصرة قرب دمشق الاثنين."
    _, events, mentions = read(text, recognizer, published=dt.date(2018, 2, 19))
    killing = event(events, "Killing")
    assert "قوات النظام" in anchors(mentions, killing.agents)


# ---- parties of meetings and agreements, speakers named after their title ------------------------

@pytest.mark.parametrize("text, cls, parties", [
    # CN-middleEast-618-20180414: بين X و Y (the first not recognized as a name)
    ("جاء ذلك في اتصال هاتفي بين الأسد والرئيس الإيراني حسن روحاني.", "Meeting", {"حسن روحاني"}),
    # BB-middleEast-168-20180310: the subject of the support verb and the party after مع
    ("أعلن جيش الإسلام التوصل إلى اتفاق مع الجيش السوري على إخراج مقاتليه من منطقة الغوطة الشرقية.", "Agreement",
     {"جيش الإسلام", "الجيش السوري"}),
])
def test_parties_after_bayna_and_maa(recognizer, text, cls, parties):
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, cls).agents) == parties


def test_a_title_after_the_name_names_whom_the_speaker_speaks_for(recognizer):
    # BB-internationalNews-339-20180415
    text = "وقال بشار الجعفري، مندوب سوريا الدائم لدى الأمم المتحدة، إن بلاده لن تقبل بذلك."
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, "Statement").speakers) == {"بشار الجعفري", "سوريا"}


def test_a_named_speaker_the_recognizer_missed_still_makes_a_statement(recognizer):
    # a spokesperson named, then what he said (إن …): a statement whose speaker is not known
    text = "وقال سانجاي شارما، المتحدث باسم القوة، إن المحتجين هاجموا الدورية."
    analysis, events, _ = read(text, recognizer)
    assert [e.cls for e in events].count("Statement") == 1
    # unnamed sources (مصادر، مسؤول) only attribute what they report
    _, events, _ = read("وقالت مصادر إن المحتجين هاجموا الدورية.", recognizer)
    assert "Statement" not in [e.cls for e in events]


def test_parties_with_their_titles_are_coordinated(recognizer):
    # FR-internationalNews-1176-20180510: و + a title opens the second name
    text = "جاء ذلك في لقاء بين الرئيس فلاديمير بوتين ورئيس الوزراء الإسرائيلي بنيامين نتانياهو الأربعاء."
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, "Meeting").agents) == {"فلاديمير بوتين", "بنيامين نتانياهو"}


def test_the_offensive_a_relative_clause_says_who_wages(recognizer):
    # BB-middleEast-178-20180312: الهجوم الذي تشنه X: an offensive, and X its agent
    text = "قسم الهجوم الذي تشنه القوات الحكومية الغوطة الشرقية الى قسمين."
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, "Offensive").agents) == {"القوات الحكومية"}


def test_an_unnamed_minister_speaks_for_the_country_of_the_title(recognizer):
    # the second sentence quoted from SK-middleEast-3489-20180903; the first only names the country the
    # title's adjective (الفرنسي) points to, as articles do
    text = "زار الوفد فرنسا. قال وزير الخارجية الفرنسي إن الرئيس بشار الأسد فاز في الحرب الأهلية في بلاده."
    _, events, mentions = read(text, recognizer)
    assert "فرنسا" in anchors(mentions, event(events, "Statement").speakers)


# ---- the instrument names the agent: برصاص X، بنيران X (and only for the nearest trigger) --------

def test_killed_by_the_bullets_of_an_army(recognizer):
    # AL-internationalNews-941-20180504
    text = ("ومنذ اندلاع الاحتجاجات، قتل 45 فلسطينيا بينهم صحافيان برصاص الجيش الإسرائيلي، وأصيب نحو ستة آلاف "
            "آخرين بالرصاص وقنابل الغاز في قطاع غزة، وفق وزارة الصحة.")
    _, events, mentions = read(text, recognizer, published=dt.date(2018, 5, 4))
    assert anchors(mentions, event(events, "Killing").agents) == {"الجيش الإسرائيلي"}
    # the protests before the killing are not done by the army, and the army is not among the wounded
    assert not event(events, "Protest").agents
    assert "الجيش الإسرائيلي" not in anchors(mentions, event(events, "Injury").targets)


# ---- lists, topics and titles: كل من X و Y، أما X، فقال، نائب وزير ------------------------------------

@pytest.mark.parametrize("text, cls, actors", [
    # CN-middleEast-595-20180413: كل من opens the list of the verb's subjects
    ("أكدت كل من المملكة العربية السعودية والإمارات والبحرين ومصر، الخميس، على موقفها الثابت من ملف الأزمة "
     "مع قطر.", "Statement", {"المملكة العربية السعودية", "الإمارات", "البحرين", "مصر"}),
    # BB-middleEast-786-20180725: أما X، فقال: the topic is the subject of the verb after ف
    ("أما رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، فقال إن قوات بلاده تصرفت تصرفا صحيحا عندما أسقطت مقاتلة "
     "سورية فوق هضبة الجولان.", "Statement", {"بنيامين نتنياهو"}),
    # SK-middleEast-1131-20180419: نائب belongs to the title before the name
    ("قال نائب وزير الخارجية الروسي، ميخائيل بوغدانوف، يوم الخميس، إن مقاتلي المعارضة السورية يمنعون مفتشي "
     "منظمة حظر الأسلحة الكيماوية من الوصول إلى مدينة دوما.", "Statement", {"ميخائيل بوغدانوف"}),
    # SK-middleEast-3383-20180814
    ("وقال نائب وزير الخارجية فيصل المقداد إن عودة اللاجئين على قمة أولويات دمشق.", "Statement",
     {"فيصل المقداد"}),
])
def test_subjects_of_lists_topics_and_deputies(recognizer, text, cls, actors):
    _, events, mentions = read(text, recognizer)
    e = event(events, cls)
    assert anchors(mentions, e.speakers if cls == "Statement" else e.agents) >= actors


def test_a_comma_before_the_verb_closes_the_phrase_before_it(recognizer):
    # e.g. «وردا على تصريحات الأسد، قال X»: the name in the phrase before the comma does not speak
    # (SK-middleEast-3383-20180814 with a fronted phrase, as news writes it)
    text = "وردا على تصريحات الأسد، قال نائب وزير الخارجية فيصل المقداد إن عودة اللاجئين على قمة أولويات دمشق."
    _, events, mentions = read(text, recognizer)
    statements = [e for e in events if e.cls == "Statement" and e.speakers]
    assert statements and all("الأسد" not in anchors(mentions, e.speakers) for e in statements)


# ---- the parties of clashes: بين X و Y ------------------------------------------------------------------

@pytest.mark.parametrize("text, parties", [
    # BB-middleEast-1114-20181017
    ("وشهدت كلتا البلدتين معارك شديدة بين مقاتلي المعارضة والقوات الحكومية.", {"مقاتلي المعارضة", "القوات الحكومية"}),
    # BB-middleEast-132-20180304: و + a head noun (ومسلحي) opens the second party
    ("واحتدمت المواجهات في بيت سوا بين القوات الحكومية ومسلحي جيش الإسلام.", {"القوات الحكومية", "جيش الإسلام"}),
])
def test_the_parties_of_a_clash(recognizer, text, parties):
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, "Clash").agents) == parties


def test_a_person_in_apposition_after_a_spokesman_title_speaks(recognizer):
    # SK-middleEast-2139-20180604: the spokesman named between commas, after his army
    text = "وقال المتحدث باسم الجيش الليبي، العميد أحمد المسماري، مساء الأحد، إن الجيش الليبي دخل أكبر أحياء درنة."
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, "Statement").speakers) == {"الجيش الليبي", "أحمد المسماري"}


def test_a_title_the_recognizer_left_apart_still_names_the_speaker(recognizer):
    # FR-internationalNews-1265-20180516: نظيره البريطاني + the name
    text = 'من جهته، قال نظيره البريطاني بوريس جونسون "لكن عليك أن تكون واقعيا".'
    _, events, mentions = read(text, recognizer)
    assert "بوريس جونسون" in anchors(mentions, event(events, "Statement").speakers)


def test_clashes_in_which_an_army_fired_and_what_they_caused(recognizer):
    # SK-middleEast-1692-20180514: أطلقت فيها X names the clashes' agent; أسفرت عن مقتل: the killing's
    text = ("احتفلت السفارة الأميركية في القدس بنقلها من تل أبيب، بالتزامن مع مواجهات دامية أطلقت فيها القوات "
            "الإسرائيلية الرصاص الحي وقنابل الغاز على الفلسطينيين العزل على حدود غزة، أسفرت عن مقتل العشرات "
            "وإصابة المئات.")
    _, events, mentions = read(text, recognizer, published=dt.date(2018, 5, 14))
    assert anchors(mentions, event(events, "Clash").agents) == {"القوات الإسرائيلية"}
    assert anchors(mentions, event(events, "Killing").agents) == {"القوات الإسرائيلية"}
    assert not event(events, "Celebration").agents


def test_who_talked_with_whom_before_the_call(recognizer):
    # FR-internationalNews-658-20180410 (the two names given as a recognizer that knows them would)
    from kg.model import Mention

    text = ("وقد أعلنت الرئاسة الفرنسية ليل الاثنين الثلاثاء في بيان أن ماكرون بحث مجددا مع ترامب في مكالمة هاتفية، "
            "هي الثانية بينهما في غضون يومين، الهجوم الكيميائي المفترض في مدينة دوما بسوريا.")
    published = dt.date(2018, 4, 10)
    people = [Mention(begin=(b := text.index(name)), end=b + len(name), anchor=name, kind="Person",
                      key="person:" + name) for name in ("ماكرون", "ترامب")]
    mentions = sorted(list(recognizer(text)) + people, key=lambda m: m.begin)
    analysis = analyze(Article("t", text, published), split_sentences(text), mentions,
                       find_time_expressions(text, published))
    call = event(extract_events(analysis), "Meeting")
    assert anchors(mentions, call.agents) == {"ماكرون", "ترامب"}


@pytest.mark.parametrize("text, cls, agent", [
    # BB-internationalNews-116-20180308: هجومها refers back to the government
    ("وتقول الأمم المتحدة إن الحكومة السورية استخدمت السارين في هجومها على الغوطة قرب دمشق عام 2013.", "Attack",
     "الحكومة السورية"),
    # BB-internationalNews-625-20180609: سيطرتها refers back to Russia
    ("وعلقت مجموعة السبع الكبرى عضوية روسيا بعد سيطرتها على شبه جزيرة القرم من أوكرانيا.", "TakeControl", "روسيا"),
])
def test_a_possessive_on_an_event_noun_names_its_agent(recognizer, text, cls, agent):
    _, events, mentions = read(text, recognizer)
    assert anchors(mentions, event(events, cls).agents) == {agent}


def test_a_trailing_alif_is_not_a_possessive(recognizer):
    # adapted from FR-middleEast-692-20180626 (a speaker put before it): انفجارا (an explosion, accusative) refers
    # to no one
    text = "وقالت وزارة الدفاع الروسية إن انفجارا وقع الساعة الواحدة صباحا قرب المطار."
    _, events, mentions = read(text, recognizer)
    assert not event(events, "Attack").agents


def test_forces_loyal_to_the_government_are_an_actor(recognizer):
    # BB-middleEast-127-20180303: قوات موالية للحكومة (a descriptor, government forces) is what the strikes hit
    text = "قتل 36 شخصا، على الأقل، في غارات للطيران التركي استهدفت قوات موالية للحكومة في منطقة عفرين."
    _, events, mentions = read(text, recognizer)
    assert "قوات موالية للحكومة" in anchors(mentions, event(events, "Attack").targets)


def test_a_verb_that_goes_on_telling_an_event_noun_takes_its_agents(recognizer):
    # FR-internationalNews-1279-20180516: ضربات استهدفت: the strikes target, their agents are the verb's
    text = ("وشنت الولايات المتحدة وبريطانيا وفرنسا ضربات استهدفت مواقع تابعة للنظام السوري يعتقد أنها منشآت "
            "للأسلحة الكيميائية في تحرك ذكرت الدول الثلاث أنه للرد على هجوم دوما.")
    _, events, mentions = read(text, recognizer)
    targeted = next(e for e in events if e.anchor == "استهدفت")
    assert anchors(mentions, targeted.agents) == {"الولايات المتحدة", "بريطانيا", "فرنسا"}


def test_the_country_of_a_title_the_recognizer_kept_apart_speaks_with_the_person(recognizer):
    # BB-middleEast-786-20180725, three sentences: the country named before, then the title's adjective
    text = ("وجاءت تحذيرات، نيكولاي ملادينوف، بعد إسقاط إسرائيل لطائرة سورية فوق مرتفعات الجولان المحتلة.\n"
            "وتصر دمشق على أن الطائرة كانت في الأجواء السورية.\n"
            "أما رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، فقال إن قوات بلاده تصرفت تصرفا صحيحا عندما أسقطت مقاتلة "
            "سورية فوق هضبة الجولان.")
    _, events, mentions = read(text, recognizer)
    said = next(e for e in events if e.anchor == "فقال")
    assert anchors(mentions, said.speakers) == {"بنيامين نتنياهو", "إسرائيل"}


def test_a_spokesman_title_the_recognizer_kept_apart_speaks_for_its_organization(recognizer):
    # BB-middleEast-113-20180228 (the name given without its title, as a statistical recognizer may give it)
    from kg.model import Mention

    text = ("وقالت الناطقة باسم وزارة الخارجية الروسية ماريا زاخاروفا للصحفيين في العاصمة الروسية إن روسيا تعمل كل "
            "ما بوسعها لتثبيت وقف اطلاق النار.")
    published = dt.date(2018, 2, 28)
    name = "ماريا زاخاروفا"
    person = Mention(begin=(b := text.index(name)), end=b + len(name), anchor=name, kind="Person", key="person:x")
    mentions = sorted([m for m in recognizer(text) if m.kind != "Person"] + [person], key=lambda m: m.begin)
    analysis = analyze(Article("t", text, published), split_sentences(text), mentions,
                       find_time_expressions(text, published))
    said = event(extract_events(analysis), "Statement")
    assert name in anchors(mentions, said.speakers)
    assert "وزارة الخارجية الروسية" in anchors(mentions, said.speakers)


# ---- a spokesman speaks for the office holder named in what he reports -------------------------

@pytest.mark.parametrize("text, speakers", [
    # seeds/001 (the one place this construction occurs among the samples): the spokesman reports his
    # principal's concern; the holder of the office named after إن speaks through him
    ("إلى ذلك، قال المتحدث باسم الامين العام للأمم المتحدة ستيفان دوجاريك، إن الأمين العام للأمم المتحدة "
     "بان كى مون «يود أن يعرب للأفرقاء المعنيين عن قلقه العميق» إزاء تقارير «لا تقدر الأممالمتحدة على "
     "التحقق منها بصورة مستقلة» تتحدث عن فظائع ارتكبت فى الساعات الأخيرة فى حلب.",
     {"ستيفان دوجاريك", "بان كى مون"}),
])
def test_a_spokesman_speaks_for_the_office_holder_he_names(text, speakers):
    # the default recognizer: it does not make the principal a subject of قال by itself
    _, events, mentions = read(text, get_recognizer("combined"))
    said = event(events, "Statement")
    assert speakers <= anchors(mentions, said.speakers)


@pytest.mark.parametrize("text, other", [
    # ANT, CNN (Philippines, 2017): the office after إن is the spokesman's own principal, already named
    # in his title, and no one else is named: nobody is added
    ("وقال المتحدث باسم الرئيس الفلبيني رودريجو دوتيرتي اليوم الأربعاء إن الرئيس يأخذ على محمل الجد تقرير "
     "المخابرات الأميركية.", None),
    # a person named in the report whose office is not the one the spokesman speaks for
    ("قال المتحدث باسم الخارجية الأمريكية هيذر ناورت إن الرئيس السوري بشار الأسد يتحمل المسؤولية.",
     "بشار الأسد"),
])
def test_a_spokesman_does_not_lend_his_voice_to_others(recognizer, text, other):
    _, events, mentions = read(text, recognizer)
    said = event(events, "Statement")
    names = anchors(mentions, said.speakers)
    assert other is None or other not in names
    assert any("باسم" not in n for n in names)


@pytest.mark.parametrize("text, ally", [
    # AL-internationalNews-471-20180314: two nouns of support before من (بدعم وإسناد من)
    ("وحث الرئيس اليمني الجميع على اليقظة العسكرية وتنفيذ المهام الموكلة لهم في مسرح العمليات بدعم وإسناد من "
     "قوات التحالف العربي بقيادة السعودية.", "قوات التحالف العربي"),
    # AL-internationalNews-1528-20180609: air cover (بغطاء جوي من)
    ("أعلن الجيش اليمني، الجمعة، عن إحرازه تقدما ميدانياً في عدد من الجبهات غرب وجنوب #تعز، بغطاء جوي من تحالف "
     "دعم الشرعية في اليمن، وذلك عقب معارك عنيفة مع ميليشيا الحوثي الانقلابية.", "تحالف دعم الشرعية"),
])
def test_support_phrases_of_several_words(recognizer, text, ally):
    analysis, _, mentions = read(text, recognizer)
    doc = analysis.doc
    backed = [mi for p in doc.phrases if p.kind == "support" for mi in p.mentions]
    assert ally in anchors(mentions, backed)
    assert all(doc.fixed_role[mi] == "support" for mi in backed)
