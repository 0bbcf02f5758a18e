"""Hashtags: raw anchors without "#", labels with spaces (sentences of ANT articles)."""
import pytest

from kg.text.hashtags import hashtags, is_hash, readable


@pytest.mark.parametrize("text, tags", [
    # AL-economy-474-20180502
    ("نوهت هيئة #السوق_المالية_السعودية بأن هناك 140 مستثمرا", [("السوق_المالية_السعودية", "السوق المالية السعودية")]),
    # AL-culture-167-20180314
    ("وكتب رئيس الوزراء اللبناني سعد #الحريري على تويتر", [("الحريري", "الحريري")]),
    ("لا وسم هنا # ولا هنا", []),
])
def test_hashtags(text, tags):
    found = hashtags(text)
    assert [(text[b:e], label) for b, e, label in found] == tags


def test_readable_and_is_hash():
    text = "توقعت وزارة #المالية_المصرية تسارع"
    assert readable(text) == "توقعت وزارة المالية المصرية تسارع"
    i = text.index("#")
    assert is_hash(text, i, i + 1) and not is_hash("# وسم", 0, 1)
