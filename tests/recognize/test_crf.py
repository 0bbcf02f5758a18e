"""The CRF recognizer and its token features, on hand-labelled sentences from the seed articles."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize

from kg.recognize import registry
from kg.recognize.crf import CRFRecognizer, crf_factory, meta_path, read_conll, train, train_crf
from kg.recognize.features import (
    bio_spans,
    geonames_gazetteer,
    normalize_token,
    proclitic_cut,
    sentence_features,
    split_proclitics,
    split_sentences,
    tokenize,
)
from tests.conftest import SHARED, seed_text

# Sentences of the seed articles, entities marked [TYPE words] over whole tokens (ANERcorp style:
# titles stay outside, a token's proclitics inside).
LABELLED = """\
يعقد [ORG مجلس الأمن الدولي], يوم الأربعاء, إجتماعا طارئا لبحث تأزم الأوضاع الإنسانية في مدينة [LOC حلب] شمال [LOC سوريا].
وجاء إنعقاد الإجتماع الطارئ [ORG لمجلس الأمن] بطلب من [LOC فرنسا] للتباحث في "الوضع المتدهور" في شرق [LOC حلب], كما أفادت مصادر دبلوماسية.
وكان وزير الخارجية الفرنسي [PERS جان مارك آيرولت], قد طالب امس [ORG مجلس الأمن] بعقد إجتماع فوري لبحث تطورات الوضع في [LOC حلب].
من جهتها قالت المتحدثة بإسم [ORG برنامج الأغذية العالمي] [PERS بتينا لوشر] امس في [LOC جنيف] أن المدنيين في شرق [LOC حلب] يواجهون ظروفا "رهيبة".
وكان المبعوث الأممي إلى [LOC سوريا], [PERS استيفان دي ميستورا], قد أكد من جهته قائلا "لا أستطيع تحديد مدة صمود شرق مدينة [LOC حلب]".
وأعرب رئيس العمليات الإنسانية في [ORG الأممالمتحدة] [PERS ستيفن أوبراين], عن "غاية القلق على مصير المدنيين".
وقال [PERS أوبراين] إن "من المرجح أن آلافا آخرين ليس لديهم من خيار سوى الفرار".
وأوضح مدير المرصد [PERS رامي عبد الرحمن] أن آلاف الاشخاص نزحوا منذ ليل الاثنين الثلاثاء إلى مناطق سيطرت عليها قوات النظام.
وتعد [LOC حلب] من أكبر المدن في [LOC سوريا], وهي العاصمة التجارية الأولى [LOC لسوريا] قبل نشوب الأزمة في مارس 2011.
وبالإضافة إلى [LOC حلب], قد أكمل الجيش السوري سيطرته على خمس مدن سورية رئيسية, وهي [LOC دمشق] العاصمة ومحافظتي [LOC حمص] [LOC وحماة].
ناهيك عن الجماعات الإرهابية مثل "[ORG جبهة النصرة]" المرتبطة بتنظيم [ORG القاعدة].
وكان المركز الروسي لتنسيق المصالحة في [LOC سوريا] في "[LOC حميميم]" بريف [LOC اللاذقية], قد أعلن يوم أمس الثلاثاء, إن الجيش النظامي إستعاد 14 حيا شرق [LOC حلب].
وبحسب [ORG المرصد السورى]، فإن «المناطق الخاضعة لسيطرة المعارضة باتت تقتصر على جزء صغير».
وتجمع سكان فى القسم الغربى فى المدينة فى الشوارع ليلا على رغم المطر، مرددين هتافات داعمة للرئيس السورى [PERS بشار الأسد] والجيش.
إلى ذلك، قال المتحدث باسم الامين العام [ORG للأمم المتحدة] [PERS ستيفان دوجاريك]، إن الأمين العام [ORG للأمم المتحدة] [PERS بان كى مون] «يود أن يعرب للأفرقاء المعنيين عن قلقه العميق».
ويشدد محللون على أن هذا الإنجاز لم يكن ممكنا لولا دعم حليفين رئيسيين للنظام، هما [LOC روسيا] [LOC وإيران].
وما زالت المعارضة تسيطر على معظم ريف [LOC حلب] الغربى ومحافظة [LOC إدلب] الواقعة أيضا شمال غرب البلاد.
حيث تمكن تنظيم «[ORG داعش]» من السيطرة على مدينة [LOC تدمر] الأثرية فى محافظة [LOC حمص].
وقال مدير [ORG المرصد السوري لحقوق الانسان] [PERS رامي عبد الرحمن] لوكالة [ORG فرانس برس] "فرّ اكثر من عشرة آلاف مدني منذ منتصف الليل".
وافادت وكالة الانباء السورية الرسمية ([ORG سانا]) بدورها الاحد عن "خروج اربعة الاف مدني".
وكان المبعوث الخاص [ORG للامم المتحدة] الى [LOC سوريا] [PERS ستافان دي ميستورا] قال السبت "نتابع بقلق المراحل الاخيرة".
ويأتي ذلك غداة اجتماع دولي لدول تدعم المعارضة في [LOC باريس] بحث الوضع الانساني في [LOC حلب].
واعتبر وزير الخارجية الاميركي [PERS جون كيري] اثره ان "القصف العشوائي من قبل النظام ينتهك القوانين".
وطالب وزراء خارجية [LOC فرنسا] [LOC والولايات المتحدة] [LOC وقطر] [LOC والمانيا] في ختام اللقاء بـ"وضع حد للحرب الهمجية".
وقال [PERS كيري] بعد الاجتماع [ORG لفرانس برس] وصحيفة [ORG واشنطن بوست] ان "العودة الى طاولة المفاوضات هو افضل ما يمكنهم القيام به".
عبر الأمين العام [ORG للأمم المتحدة] [PERS بان كي مون] عن قلقه إزاء التقارير التي تتحدث عن وقوع انتهاكات بحق عدد كبير من المدنيين في [LOC حلب].
وقال مستشار [ORG الأمم المتحدة] للشؤون الإنسانية [PERS يان إيغلاند] إن [LOC سوريا] [LOC وروسيا] "ستخضعان للمساءلة".
وقال المتحدث [PERS ستيفان دوجاريك] في بيان إن "الأمين العام قلق من تقارير عن ارتكاب فظائع".
وقال اللواء [PERS زيد الصالح]، رئيس اللجنة الامنية في [LOC حلب]، إنه لم يعد أمام مسلحي المعارضة سوى وقت قصير.
عبّر وزير الخارجية الروسية [PERS سيرغي لافروف] عن اعتقاده أنّ [LOC روسيا] [LOC وأمريكا] ستتوصلان إلى اتفاق في شأن انسحاب كل مقاتلي المعارضة من شرق [LOC حلب].
وقال [PERS لافروف] إن [LOC روسيا] [LOC والولايات المتحدة] ستبدآن محادثات بشأن الانسحاب في [LOC جنيف] مساء الثلاثاء.
المصدر : [ORG BBC عربي]
"""

_MARK = re.compile(r"\[(PERS|LOC|ORG) ([^\]]+)\]")


def unmark(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and its (begin, end, type) entity spans."""
    text, spans, pos = "", [], 0
    for m in _MARK.finditer(marked):
        text += marked[pos:m.start()]
        spans.append((len(text), len(text) + len(m.group(2)), m.group(1)))
        text += m.group(2)
        pos = m.end()
    return text + marked[pos:], spans


def labelled(marked: str) -> tuple[str, list[tuple[str, str]]]:
    """The sentence and its IOB2-tagged tokens; entity bounds must fall on token bounds."""
    text, spans = unmark(marked)
    tokens = tokenize(text)
    tags = ["O"] * len(tokens)
    for begin, end, typ in spans:
        inside = [i for i, t in enumerate(tokens) if t.begin >= begin and t.end <= end]
        assert tokens[inside[0]].begin == begin and tokens[inside[-1]].end == end, marked
        tags[inside[0]] = "B-" + typ
        for i in inside[1:]:
            tags[i] = "I-" + typ
    return text, [(t.text, tag) for t, tag in zip(tokens, tags)]


SENTENCES = [labelled(line) for line in LABELLED.splitlines()]


def write_conll(path: Path, sentences) -> Path:
    path.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in sentences) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("crf")
    conll = write_conll(tmp / "seeds.conll", [s for _, s in SENTENCES])
    report = train_crf(conll, tmp / "seeds.crfsuite", max_iterations=100)
    assert report.sentences == len(SENTENCES) and report.entities["LOC"] > 30
    return report.model_path


@pytest.fixture(scope="module")
def crf(model) -> CRFRecognizer:
    return crf_factory(str(model))


# ---- tokens, clitics, features -------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_tokens_match_camel_tools_and_hold_raw_offsets(prefix):
    text = seed_text(prefix)
    tokens = tokenize(text)
    assert [t.text for t in tokens] == simple_word_tokenize(text)
    assert all(text[t.begin:t.end] == t.text for t in tokens)


def test_tokens_keep_decimals_and_drop_bidi_marks():
    text = "ارتفع 2.5% في حلب\u200f."
    assert [t.text for t in tokenize(text)] == ["ارتفع", "2.5", "%", "في", "حلب", "."]


def test_sentences_split_after_full_stops_and_line_breaks():
    text = "قال لافروف. وقال كيري\nنزوح هائل"
    assert [[t.text for t in s] for s in split_sentences(tokenize(text), text)] == [
        ["قال", "لافروف", "."], ["وقال", "كيري"], ["نزوح", "هائل"]]


@pytest.mark.parametrize("word, analysis", [
    ("للمرصد", "ل+ال+مرصد"),
    ("وبحسب", "و+ب+حسب"),
    ("بحلب", "ب+حلب"),
    ("والأمم", "و+ال+امم"),
    ("وللمرصد", "و+ل+ال+مرصد"),
    ("بالمدينة", "ب+ال+مدينه"),
    ("الأممالمتحدة", "ال+اممالمتحده"),
    ("حلب", "حلب"),
    ("كما", "كما"),  # too short to hold a clitic
])
def test_proclitics(word, analysis):
    assert str(split_proclitics(normalize_token(word))) == analysis


def test_normalized_form_and_clitic_features():
    (feats,) = sentence_features(["والأمم"], None)
    assert {"w=والامم", "pc=و+ال", "st=امم", "def", "BOS", "EOS"} <= set(feats)


def test_cue_words_in_the_window():
    feats = sentence_features(["وقال", "الرئيس", "بشار", "الأسد"], None)
    assert "cue-1=TITLE" in feats[2] and "cue-2=SAY" in feats[2]
    assert "cue=TITLE" in feats[1]


def test_gazetteer_hook():
    seen = []

    def gaz(name):
        seen.append(name)
        return "LOC" if name == "حلب" else None

    feats = sentence_features(["في", "بحلب"], gaz)
    assert "gaz=LOC" in feats[1] and "gaz+1=LOC" in feats[0]
    assert "حلب" in seen
    assert not any(f.startswith("gaz") for f in sentence_features(["في", "بحلب"], None)[1])


@pytest.mark.parametrize("name", ["حلب", "سوريا", "جنيف", "الولايات المتحدة", "اللاذقية", "روسيا"])
def test_geonames_gazetteer(name):
    assert geonames_gazetteer(normalize_token(name) if " " not in name
                              else " ".join(map(normalize_token, name.split()))) == "LOC"


@pytest.mark.parametrize("token, name", [
    ("بحلب", "حلب"), ("وبحلب", "حلب"), ("والولايات", "الولايات"), ("وإيران", "إيران"),
    ("بيروت", "بيروت"), ("فرنسا", "فرنسا"), ("وليد", "وليد"), ("للمرصد", "للمرصد"),
])
def test_mentions_start_after_proclitics_only_when_safe(token, name):
    assert token[proclitic_cut(token, geonames_gazetteer):] == name


def test_bio_spans():
    assert bio_spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"]) == [
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "LOC")]


# ---- CoNLL reading --------------------------------------------------------------------


def test_read_conll(tmp_path):
    path = write_conll(tmp_path / "a.conll", [s for _, s in SENTENCES[:3]])
    assert read_conll(path) == [s for _, s in SENTENCES[:3]]


@pytest.mark.parametrize("content, lineno", [
    ("حلب B-LOC\nسوريا\n", 2),
    ("حلب B-LOC\n\nشمال O\nسوريا LOC\n", 4),
    ("حلب B-LOC extra\n", 1),
])
def test_malformed_conll_names_file_and_line(tmp_path, content, lineno):
    path = tmp_path / "bad.conll"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{path}:{lineno}:")):
        read_conll(path)


def test_conll_not_utf8_names_file_and_line(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes("حلب B-LOC\n".encode() + b"caf\xe9 O\n")
    with pytest.raises(ValueError, match=re.escape(f"{path}:2: not UTF-8 (byte 0xe9")):
        read_conll(path)


def test_conll_with_bom_and_tabs(tmp_path):
    path = tmp_path / "bom.conll"
    path.write_text("\ufeffحلب\tB-LOC\nشمال\tO\n", encoding="utf-8")
    assert read_conll(path) == [[("حلب", "B-LOC"), ("شمال", "O")]]


def test_empty_conll(tmp_path):
    path = tmp_path / "empty.conll"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no sentences"):
        read_conll(path)


# ---- training and applying ------------------------------------------------------------


def test_registered():
    assert "crf" in registry.available()


def test_learns_its_training_sentences(crf):
    gold = [[t for _, t in s] for _, s in SENTENCES]
    predicted = [crf.tag([w for w, _ in s]) for _, s in SENTENCES]
    assert predicted[7] == gold[7]  # رامي عبد الرحمن
    assert predicted[22] == gold[22]  # جون كيري
    right = sum(p == g for ps, gs in zip(predicted, gold) for p, g in zip(ps, gs))
    assert right / sum(map(len, gold)) > 0.98


def test_mentions_hold_raw_offsets(crf):
    text = "\n".join(t for t, _ in SENTENCES)
    mentions = crf(text)
    assert mentions
    for m in mentions:
        assert text[m.begin:m.end] == m.anchor
        assert m.kind in {"Person", "Place", "Organization"} and m.source == "crf"
        assert 0 < m.confidence <= 1
    found = {(m.anchor, m.kind) for m in mentions}
    assert {("رامي عبد الرحمن", "Person"), ("مجلس الأمن الدولي", "Organization"), ("حلب", "Place")} <= found
    # proclitics cut off where safe: وإيران -> إيران, والولايات المتحدة -> الولايات المتحدة
    assert {("إيران", "Place"), ("الولايات المتحدة", "Place")} <= found


def test_mentions_on_a_whole_seed_article(crf):
    text = seed_text("004")
    for m in crf(text):
        assert text[m.begin:m.end] == m.anchor


def test_settings_stored_next_to_the_model(model):
    import json

    meta = json.loads(meta_path(model).read_text(encoding="utf-8"))
    assert meta["gazetteer"] == "geonames" and "B-PERS" in meta["labels"]


def test_without_gazetteer(tmp_path):
    report = train([s for _, s in SENTENCES], tmp_path / "nogaz.crfsuite", max_iterations=30, gazetteer=None)
    rec = CRFRecognizer(report.model_path)
    assert rec.gazetteer is None
    assert rec.tag([w for w, _ in SENTENCES[7][1]])


def test_custom_gazetteer_must_be_given_back(tmp_path):
    def places(name):
        return "LOC" if name == "حلب" else None

    report = train([s for _, s in SENTENCES], tmp_path / "custom.crfsuite", max_iterations=10, gazetteer=places)
    with pytest.raises(ValueError, match="custom gazetteer"):
        CRFRecognizer(report.model_path)
    assert CRFRecognizer(report.model_path, gazetteer=places).gazetteer is places


def test_pickles_for_worker_processes(crf):
    again = pickle.loads(pickle.dumps(crf))
    text = SENTENCES[7][0]
    assert again(text) == crf(text)


def test_missing_model_names_the_path(tmp_path):
    path = tmp_path / "nope.crfsuite"
    with pytest.raises(FileNotFoundError, match=re.escape(str(path))):
        crf_factory(str(path))


def test_invalid_model_names_the_path(tmp_path):
    path = tmp_path / "junk.crfsuite"
    path.write_text("not a model", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(str(path))):
        crf_factory(str(path))


def test_model_argument_required():
    with pytest.raises(ValueError, match="crf:PATH"):
        crf_factory("")


# ---- ANERcorp (shared data, never committed) ------------------------------------------

ANERCORP = SHARED / "data" / "anercorp"


@pytest.mark.slow
@pytest.mark.skipif(not (ANERCORP / "ANERCorp_CamelLab_train.txt").is_file(), reason="ANERcorp not present")
def test_anercorp_slice(tmp_path):
    from seqeval.metrics import f1_score

    train_sents = read_conll(ANERCORP / "ANERCorp_CamelLab_train.txt")[:300]
    test_sents = read_conll(ANERCORP / "ANERCorp_CamelLab_test.txt")[:100]
    report = train(train_sents, tmp_path / "slice.crfsuite", max_iterations=60)
    rec = CRFRecognizer(report.model_path)
    predicted = [rec.tag([w for w, _ in s]) for s in test_sents]
    assert f1_score([[t for _, t in s] for s in test_sents], predicted) > 0.3


# ---- model data, article memo, threads ------------------------------------------------

# Sentences of ANT news articles (not of the dev set), for what does not depend on labels.
FRESH = [
    "أعلنت السلطات الصحية في إنجلترا، الجمعة، أن سيرغي سكريبال، الجاسوس الروسي السابق الذي تعرض لتسميم "
    "بغاز أعصاب في بريطانيا في مارس، غادر المستشفى.",
    "هدد رئيس منظمة الطاقة الذرية الإيراني، علي أكبر صالحي، السبت، باستئناف بلاده لتخصيب اليورانيوم.",
    "ذكرت الأمم المتحدة أن أكثر من 200 طفل تم إطلاق سراحهم من قبل جماعات مسلحة في جنوب السودان.",
    "قالت الشرطة الأميركية إنها أطلقت النار على شخص في منتجع ترامب دورال الوطني للغولف في ميامي.",
]


@pytest.mark.parametrize("word, cls", [("المتحدث", "TITLE"), ("وأعلنت", "SAY"), ("بمدينة", "LOC"),
                                       ("منظمة", "ORG"), ("في", "PREP"), ("الجمعة", None)])
def test_cue_words_come_from_the_lexicon(word, cls):
    from kg.recognize.features import cue_class

    norm = normalize_token(word)
    assert cue_class(norm, split_proclitics(norm)) == cls


def test_word_types_are_featurized_once_per_article(monkeypatch):
    from kg.recognize.features import Featurizer

    featurizer = Featurizer(geonames_gazetteer)
    computed = []
    compute = featurizer._compute
    monkeypatch.setattr(featurizer, "_compute", lambda token: computed.append(token) or compute(token))
    memo: dict = {}
    sentences = [[t.text for t in s] for text in FRESH for s in split_sentences(tokenize(text), text)]
    features = [featurizer(s, memo) for s in sentences]
    assert len(computed) == len(set(computed))
    assert set(computed) == {t for s in sentences for t in s} - set(featurizer.common)  # punctuation: computed once
    assert features == [Featurizer(geonames_gazetteer)(s) for s in sentences]  # the memo changes nothing


def test_word_table_holds_clusters_frequency_bands_and_contexts(tmp_path):
    import gzip
    import json

    from kg.recognize.clusters import complete_table, load_clusters

    path = tmp_path / "clusters.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("# test\nفي\t1\t2\t3\nسكريبال\t4\t5\t6\nالعاصمه\t7\t8\t9\n")  # host forms (normalized)
    with pytest.raises(ValueError, match=re.escape(f"{path}:2: expected 'word' and 5 columns")):
        load_clusters(path)
    # news in which سكريبال follows a title or a given name, and العاصمة a preposition
    news = tmp_path / "news.jsonl"
    news.write_text("\n".join(json.dumps({"text": text}, ensure_ascii=False) for text in [
        "قال الجاسوس سيرغي سكريبال إنه غادر المستشفى في العاصمة.",
        "وأعلن الرئيس أن سكريبال غادر إلى العاصمة البريطانية.",
        "وكان سيرغي سكريبال في العاصمة لندن، وقال سكريبال إنه بخير.",
        "ويعالج سيرغي سكريبال في العاصمة.",
        "ووصل سكريبال من العاصمة أمس."]) + "\n", encoding="utf-8")
    assert complete_table(path, [news]) == ["frequency band", "contexts"] and complete_table(path, [news]) == []
    table = load_clusters(path)
    assert table["في"][:4] == ("1", "2", "3", "4")  # the commonest words: band 4
    assert table["سكريبال"][3] in ("0", "1")  # a name is rare
    assert set(table["سكريبال"][4].split(",")) == {"SAY+", "TITLE", "GIVEN+"} and table["العاصمه"][4] == "PREP+"
    assert table["في"][4] == "-"  # seen fewer than 5 times in the news


def test_word_table_features():
    words = {"السودان": ("7", "70", "700", "3", "PREP+")}
    (feats,) = sentence_features(["والسودان"], None, words)
    assert {"c0=7", "c1=70", "c2=700", "z=3", "ctx=PREP+"} <= set(feats)
    (feats,) = sentence_features(["سكريبال"], None, words)
    assert "c=none" in feats and not any(f.startswith(("z=", "ctx=")) for f in feats)


def test_threads_share_one_recognizer(crf):
    """Each thread tags with its own crfsuite tagger: a shared one keeps the last sentence tagged by any
    thread, and the marginals asked after it were those of another thread's sentence (or out of range)."""
    from concurrent.futures import ThreadPoolExecutor

    texts = FRESH + [SENTENCES[7][0], " ".join(t for t, _ in SENTENCES[:12])]
    expected = [crf(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(30):
            assert list(pool.map(crf, texts * 3)) == expected * 3
