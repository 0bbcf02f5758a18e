"""The organization recognizer (kg.recognize.orgs) on sentences of ANT news articles, one mechanism per test."""
import pytest

from kg.model import Mention
from kg.recognize.orgs import find_organizations, prefer_organizations


def orgs(text):
    found = find_organizations(text)
    for m in found:
        assert text[m.begin:m.end] == m.anchor
    return {m.anchor: m for m in found}


@pytest.mark.parametrize("text, anchor", [
    # a genitive and agreeing nisba adjectives (AL-internationalNews-1263-20180521, SK-middleEast-1155-20180420)
    ("وقالت وزارة الخارجية الإسرائيلية في بيان إن مساعدة مدير دائرة غرب أوروبا", "وزارة الخارجية الإسرائيلية"),
    ("التي كشفت عمق الأزمة بين السلطات والاتحاد العام التونسي للشغل، النقابة ذات التمثيل",
     "الاتحاد العام التونسي للشغل"),  # the conjunction left out
    # a ministry named by its portfolio and an agreeing adjective (AL-internationalNews-1922-20180713)
    ('وقالت الخارجية الروسية: "نعتبر هذا العمل لا أساس له على الإطلاق', "الخارجية الروسية"),
    # coordination inside the genitive (AL-sport-1047-20180402)
    ("لذا أتمنى أن تلتقط وزارة التربية والتعليم الإشارة التى أرسلها محمد صلاح", "وزارة التربية والتعليم"),
    # a للـ word that closes a name (CN-middleEast-332-20180322)
    ('عبّر المجلس النرويجي للاجئين "NRC"، الخميس، عن مخاوفه', "المجلس النرويجي للاجئين"),
    # a local body: ب + place (FR-internationalNews-1321-20180518, JA-localNews-1218-20170213)
    ("وسبق أن قضت المحكمة الابتدائية بالدار البيضاء في 24 نيسان/أبريل الماضي بسجن", "المحكمة الابتدائية بالدار البيضاء"),
    ("أصدر قاضي التحقيق الأول بالمحكمة الابتدائية بجندوبة، اليوم الاثنين، بطاقة إيداع", "المحكمة الابتدائية بجندوبة"),
])
def test_head_and_chain(text, anchor):
    assert anchor in orgs(text)


@pytest.mark.parametrize("text, anchor, not_anchor", [
    # a definite noun after an adjective is no part of the name (FR-internationalNews-2193-20180706)
    ("قامت الشرطة التركية الجمعة بحملة مداهمات في أنحاء البلاد", "الشرطة التركية", "الشرطة التركية الجمعة"),
    # a time word ends it (AL-internationalNews-1327-20180525)
    ("إلا أن الفيديو الذي بثته الشرطة التركية اليوم الجمعة، وانتشر", "الشرطة التركية", "الشرطة التركية اليوم"),
])
def test_where_names_stop(text, anchor, not_anchor):
    found = orgs(text)
    assert anchor in found and not_anchor not in found


@pytest.mark.parametrize("text", [
    # the adjective agrees with the title, not with the portfolio: no ministry here (AL-economy-1050-20180719)
    "واجتمع وزير الخارجية الأميركي مايك بومبيو الأسبوع الماضي، مع لوبيز",
    # an indefinite head with a purpose is no name
    "وشكلت الحكومة لجنة للتحقيق في الحادث",
])
def test_no_name(text):
    assert not orgs(text)


def test_hashtag_inside_a_name():
    # AL-economy-454-20180415: the anchor keeps "#" and "_" (raw offsets), the label reads them as spaces
    text = "توقعت وزارة #المالية_المصرية تسارع وتيرة نمو الناتج الإجمالي"
    m = orgs(text)["وزارة #المالية_المصرية"]
    assert m.label_ar == "وزارة المالية المصرية" and m.subtype == "Government"


@pytest.mark.parametrize("text, anchor, subtype", [
    # an armed group named after a person (BB-middleEast-814-20180730)
    ('بين جيش خالد بن الوليد المبايع لتنظيم "الدولة الإسلامية" وقوات الحكومة', "جيش خالد بن الوليد", "ArmedGroup"),
    # a quoted name after an armed-group head: the quoted words (AL-economy-837-20180615)
    ('كما قادت حركة "نحن فنزويلا" (سوموس فنزويلا) التي أطلقها مادورو', "نحن فنزويلا", "ArmedGroup"),
    # a mined outlet after a media head, and alone (SK-internationalNews-1135-20180424, AL-culture-165-20180314)
    ('ونقلت عنه صحيفة حرييت قوله "إن يهبط البرلمان إلى هذا المستوى', "حرييت", "MediaOutlet"),
    ('وقال مالك (25 عاما) في رسالة على حسابه على تويتر، إنه', "تويتر", "MediaOutlet"),
])
def test_groups_and_outlets(text, anchor, subtype):
    assert orgs(text)[anchor].subtype == subtype


def test_acronym_after_a_name():
    text = 'عبّر المجلس النرويجي للاجئين "NRC"، الخميس، عن مخاوفه'
    found = orgs(text)
    assert found["NRC"].key == found["المجلس النرويجي للاجئين"].key


def test_a_local_bodys_seat_is_a_place_too():
    # JA-localNews-1218-20170213: the court's town is named on its own (kind Place, linked later)
    text = "أصدر قاضي التحقيق الأول بالمحكمة الابتدائية بجندوبة، اليوم"
    found = orgs(text)
    assert found["المحكمة الابتدائية بجندوبة"].kind == "Organization" and found["جندوبة"].kind == "Place"
    b = text.index("جندوبة")
    rules_place = Mention(b, b + 6, "جندوبة", kind="Place", subtype="City", key="geonames:2470088")
    merged = prefer_organizations(find_organizations(text), [rules_place])
    assert [(m.anchor, m.source) for m in merged] == [("المحكمة الابتدائية بجندوبة", "orgs"), ("جندوبة", "orgs")]


def test_a_place_in_a_name_is_no_place():
    # SK-middleEast-2931-20180716: a party named after its country
    text = 'لاجتماع مع أزمة سياسية ودعوات من حزب "نداء تونس" والاتحاد العام التونسي للشغل لاستقالة رئيس الحكومة'
    found = orgs(text)
    assert found["نداء تونس"].kind == "Organization" and "تونس" not in found
    b = text.index("تونس")
    country = Mention(b, b + 4, "تونس", kind="Place", subtype="Country", key="geonames:2464461", geonames_id=2464461)
    assert country not in prefer_organizations(find_organizations(text), [country])


def test_a_lexicon_name_of_the_same_extent_wins():
    text = "وقال المجلس النرويجي للاجئين إن"
    org = orgs(text)["المجلس النرويجي للاجئين"]
    known = Mention(org.begin, org.end, org.anchor, kind="Organization", key="org:nrc", label_en="NRC")
    assert prefer_organizations([org], [known]) == [known]


def test_a_purpose_is_no_complement():
    # a verbal noun with its own object after a name is a purpose (AL-sport-1743-20180529) …
    text = "خوليو غروندونا رئيس الاتحاد الأرجنتيني حينها وعضو اللجنة التنفيذية للتصويت على الملف القطري"
    assert "اللجنة التنفيذية" in orgs(text)
    # … unless the corpus shows the word closing names (AL-sport-570-20180312)
    text = "أعلنت اللجنة السعودية للرقابة على المنشطات إيقاف محمد أمان مدافع"
    assert "اللجنة السعودية للرقابة على المنشطات" in orgs(text)


def test_a_complement_may_hold_a_known_name():
    # a union named after the forces it represents (the sentence of test_rules.py's institutions)
    text = "وصرح شكري حمادة المتحدث باسم النقابة الوطنية لقوات الأمن الداخلي لوسيلة إعلام تونسية"
    assert "النقابة الوطنية لقوات الأمن الداخلي" in orgs(text)


@pytest.mark.parametrize("text, anchor", [
    # a brigade head and one rare definite word (AL-internationalNews-1333-20180526)
    ("ذكرت مصادر إعلامية أن قوات مشتركة من ألوية العمالقة والمقاومة التهامية تقدمت فجر السبت", "ألوية العمالقة"),
])
def test_brigade_named_by_a_rare_word(text, anchor):
    assert orgs(text)[anchor].subtype == "ArmedGroup"


def test_a_common_word_after_an_army_is_a_description():
    # an occupying army, not a group's name (AL-internationalNews-1059-20180508)
    assert not orgs("أعلن جيش الاحتلال الإسرائيلي، الثلاثاء، إطلاق سراح جندي")


@pytest.mark.parametrize("text, names", [
    # a dual media head names two outlets (CN-economy-51-20180312, FR-internationalNews-1013-20180430)
    ("وفقا لتقريرين نشرتهما صحيفتا فاينانشال تايمز ونيويورك تايمز، الاثنين", ["فاينانشال تايمز", "نيويورك تايمز"]),
    ('ذكرت صحيفتا "عكاظ" و"الرياض" السعوديتان، أن المحكمة', ["عكاظ", "الرياض"]),
])
def test_two_outlets_after_a_dual_head(text, names):
    found = orgs(text)
    assert all(found[n].subtype == "MediaOutlet" for n in names)


def test_a_quoted_film_title_is_no_outlet():
    # AL-culture-130-20180305: film titles in quotes, one of them with a word of an outlet's name
    assert not orgs('"ليدي بيرد" و"فانتوم ثريد" و"ذي بوست"، إضافة إلى')


@pytest.mark.parametrize("text, description", [
    # a noun and a relational adjective of a word: what a group is called, not its name (AL 2018)
    ("هدفة وحدات حماية الشعب الكردية التي تعتبرها أنقرة منظمة إرهابية", "منظمة إرهابية"),
    ('بمنظمة "سرايا الأشتر"، التي وصفتها واشنطن بأنها جماعة إرهابية مدعومة من إيران في البحرين', "جماعة إرهابية"),
    ('كما وصف ميليشيات الحوثي بأنها "جماعة إرهابية"، نظراً لجرائمها البشعة ضد اليمنيين', "جماعة إرهابية"),
])
def test_a_description_is_no_organization(text, description):
    from kg.recognize.orgs import find_organizations

    assert description not in {m.anchor for m in find_organizations(text)}


@pytest.mark.parametrize("text, office, institution", [
    # a title of the lexicon (وزير الخارجية) and its adjective: the person's office, no organization mention
    ("نفى وزير الخارجية التركية مولود جاويش أوغلو، الجمعة، أن", "الخارجية التركية", None),  # CN 2018
    ("اعدات مالية كبيرة في حين اتهم وزير الخارجية التركية بلدين مسلمين بالتآمر على بلاده",  # BB 2018
     "الخارجية التركية", None),
    # a member of an institution names the institution
    ("وشغل ماكين منصب عضو الكونغرس الأمريكي لنحو 30 عاما", None, "الكونغرس الأمريكي"),
])
def test_an_office_in_a_title_is_no_organization(text, office, institution):
    from kg.recognize.orgs import find_organizations

    found = {m.anchor for m in find_organizations(text)}
    assert office not in found and (institution is None or institution in found)


@pytest.mark.parametrize("text, outlet", [
    # a media head, a genitive (and its adjective), then the quoted name: the outlet is the quoted name (AL 2018)
    ('وحذرت وكالة أنباء "الصين الجديدة" الرسمية، الأحد، خلال', "الصين الجديدة"),
    ('وذكرت وكالة أنباء "سبأ"، التي يسيطر عليها', "سبأ"),
    ('كشفت وكالة الأنباء الإيرانية "ارنا" عن استضافة العاصمة', "ارنا"),
])
def test_a_quoted_name_after_a_media_head_and_its_genitive_is_the_outlet(text, outlet):
    from kg.recognize.orgs import find_organizations

    assert outlet in {m.anchor for m in find_organizations(text) if m.subtype == "MediaOutlet"}
