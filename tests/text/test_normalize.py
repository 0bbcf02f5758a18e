import pytest

from kg.text.normalize import normalize_ar, normalize_text
from tests.conftest import seed_text


@pytest.mark.parametrize("raw, expected", [
    ("إجتماعا طارئا", "اجتماعا طاريا"),           # hamza seats and alef variants
    ("فى القسم الغربى", "في القسم الغربي"),        # alef maksura written for ya
    ("مدينة حلب", "مدينه حلب"),                   # teh marbuta
    ("ثلاثمئةٍ وأحدعشر", "ثلاثميه واحدعشر"),       # diacritics dropped
    ("تعقيبًا", "تعقيبا"),
    ("حلـــب", "حلب"),                            # tatweel
    ("حل\u200fب", "حلب"),                          # bidi mark inside a word
    ("٢٢٠٠ مسلح", "2200 مسلح"),                    # Arabic-Indic digits
    ("BBC عربي", "bbc عربي"),
    ("استمرار سیاسة", "استمرار سياسه"),             # Persian yeh (ANT: Al Arabiya, 2018)
    ("الإنفاق الاستھلاکي في جمیع", "الانفاق الاستهلاكي في جميع"),  # Persian yeh, keheh, Urdu heh (ANT)
    ("مدرسۀ", "مدرسه"),                           # heh with yeh above
    ("ﺑﻴﺮﻭﺕ", "بيروت"),                            # presentation forms
    ("بي\u200cروت", "بيروت"),                      # zero-width non-joiner
])
def test_normalize_ar(raw, expected):
    assert normalize_ar(raw) == expected


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_offset_map_points_into_raw_text(prefix):
    raw = seed_text(prefix)
    nt = normalize_text(raw)
    assert len(nt.raw_index) == len(nt.norm) + 1
    # every normalized character comes from a raw character that normalizes to it
    for i, ch in enumerate(nt.norm):
        assert ch in normalize_ar(raw[nt.raw_index[i]]) or raw[nt.raw_index[i]].isspace()


@pytest.mark.parametrize("raw, word", [
    ("وكانت الأممالمتحدة قد أنذرت", "الاممالمتحده"),
    ("بستان القصر، الكلاسة", "الكلاسه"),
    ("ثلاثمئةٍ وأحدعشر مدنيا", "ثلاثميه"),
])
def test_raw_span_round_trip(raw, word):
    nt = normalize_text(raw)
    start = nt.norm.index(word)
    b, e = nt.raw_span(start, start + len(word))
    assert normalize_ar(raw[b:e]) == word
