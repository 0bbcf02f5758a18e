"""Organization names: a head noun and what grammar lets follow it (issue 11).

:func:`find_organizations` reads one article and returns ``Organization`` mentions (``source="orgs"``):

* **head + chain** — a head noun of ``heads.tsv`` marked ``open`` (وزارة، هيئة، مجلس، الاتحاد …), then:

  - after an *indefinite* head, its genitive: definite nouns (وزارة الخارجية), an indefinite construct
    that goes on to a definite noun (هيئة جمع الصف الوطني، اتحاد منظمات الرعاية الطبية), or a place
    name (محكمة كوبنهاغن، مركز تونس …: the place stays inside the name);
  - adjectives: a definite nisba (ends in ي/ية: التركية، التونسي، الابتدائية) or a word of the
    ``adjective`` set (العام، العليا …); after a *definite* head only adjectives may follow, and the first
    must agree with it in gender (الخارجية السورية, never وزير الخارجية السوري);
  - one لـ complement after a genitive or an adjective: لـ + noun + definite genitive (لحقوق الإنسان،
    لمكافحة الإرهاب), or a للـ word (للشغل، للاجئين) unless the corpus shows it frequent and (almost) never
    closing a name, counted where no object of its own follows it (``not-complement`` in ``org_mined.tsv``:
    للترشح، للاستماع، للاستقلال، مجلس الأمن الدولي | للتصويت على);
  - inside the genitive chain, و + a noun (وعلوم الإخبار، والزراعة) and إلى/على/عن + a definite noun
    (النفاذ إلى المعلومة), when the next word is no head noun, title or known name of its own;
  - ``local`` heads (courts, prosecution, directorates): ب or في + a place of the gazetteer (المحكمة
    الابتدائية بتونس); after other heads the place is where something happens, not part of the name.

  **The name stops** at a punctuation mark or quotation mark, a number, a function word, a time word
  (``stop`` set: اليوم، الاثنين، الماضي …), a title or another head noun, a verb or any indefinite word that
  does not open a construct, a definite noun after an adjective (الشرطة التركية | البحث), a preposition
  other than those above, and a لـ word that is neither (الحزب الجمهوري | للترشح). A definite head
  with nothing after it (الوزارة) is no name.
* **quoted names** after a head, or starting with one (صحيفة "لا فيغارو"، حزب "نداء تونس"، ميليشيات "عصائب
  أهل الحق"، "لواء شهداء اليرموك"): the quoted words (without the head before them);
* **mined names** (``org_mined.tsv``, ``bench/mine_orgs.py``): an outlet after a media head, a group after
  an armed-group head (جيش الإسلام), a well-known outlet alone (تويتر، حرييت) or quoted with the words around
  it ("ذي غارديان"); after a dual head both names, one of them known (صحيفتا خبر ترك وحرييت);
* **armed groups named after a person or a rare word**: an armed head and a name opened by a known given
  name (جيش خالد بن الوليد), or a brigade head (``brigade`` set) and one definite word that is not a common
  Arabic word (ألوية العمالقة; جيش الاحتلال is a description);
* **hashtags**: ``#`` is stepped over and ``_`` joins words (وزارة #الخارجية_التركية); labels read them as
  spaces (``kg.text.hashtags``), anchors stay raw;
* **acronyms**: a Latin or Arabic word in parentheses right after a name (الاتحاد العام التونسي للشغل (UGTT))
  is another mention of it.

:func:`prefer_organizations` then merges these with the rules recognizer's mentions: an organization
found here replaces the rules' head-noun organizations and the places or persons inside it (a place in a
name is no place: نداء تونس، فجر ليبيا), except a local body's seat (المحكمة الابتدائية ببنزرت: Bizerte too);
a lexicon name of the same or a wider extent wins over it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.lexicon import rows, word_sets
from kg.model import Mention
from kg.recognize.consistency import common_word
from kg.recognize.gazetteer import Gazetteer, load_gazetteer
from kg.recognize.spans import Tok, feminine, relational_adjective
from kg.text.hashtags import is_hash, readable
from kg.text.normalize import NormalizedText, normalize_ar, normalize_text
from kg.text.tokens import proclitic_readings, tokenize

__all__ = ["find_organizations", "prefer_organizations", "OrgLexicon", "org_lexicon"]

_QUOTES = frozenset('"«»“”')
_MAX_CHAIN = 7  # words after the head
_MAX_QUOTED = 5
_MAX_GENITIVES = 3
# mined outlets: after a media head a name needs this share of its occurrences there; alone, a well-known one
_OUTLET_AFTER_HEAD_SHARE = 0.1
_OUTLET_ALONE = ((50, 0.1), (10, 0.4))  # (articles, share): either is enough
_BIG_TOWN = 100_000  # a town this big is a place inside a name even when its name is a common word (إسطنبول)
_TAFIYA = re.compile(r"^الت[^ا]{2}يه$")  # التربيه، التنميه: the verbal noun of form II, not a nisba
_PARTICLES = frozenset({"بن", "ابن", "ابو", "عبد", "ال"})


@dataclass(frozen=True)
class Head:
    subtype: str  # Organization, Government, MediaOutlet, ArmedGroup …
    use: str  # open | local | "" (only quoted or known names follow)
    definite: bool


@dataclass(frozen=True)
class OrgLexicon:
    heads: dict[str, Head]
    adjectives: frozenset[str]
    brigades: frozenset[str]
    links: frozenset[str]
    stop: frozenset[str]
    outlets: dict[str, tuple[int, float]]  # normalized name -> (articles, share)
    groups: dict[str, tuple[int, float]]
    complements: frozenset[str]
    not_complements: frozenset[str]
    max_name: int  # longest mined name, in words
    # first word of a mined name (outlet or group) -> its longest name, in words: most tokens open none
    mined_first: dict[str, int]
    openers: frozenset[str]  # a head noun or a mined name's first word: no other word opens a name here


@lru_cache(maxsize=1)
def org_lexicon() -> OrgLexicon:
    """The organization recognizer's word lists (a read-only resource, loaded once per process)."""
    heads = {r["form"]: Head(r["class"], r["use"], r["form"].startswith("ال"))
             for r in rows("heads.tsv") if r["what"] == "organization"}
    sets = word_sets("org_words.tsv")
    mined = rows("org_mined.tsv")
    outlets = {r["form"]: (r["articles"], r["share"]) for r in mined if r.kind == "outlet"}
    groups = {r["form"]: (r["articles"], r["share"]) for r in mined if r.kind == "group"}
    complements = frozenset(r["form"] for r in mined if r.kind == "complement")
    not_complements = frozenset(r["form"] for r in mined if r.kind == "not-complement")
    longest = max((len(n.split()) for n in (*outlets, *groups)), default=1)
    mined_first: dict[str, int] = {}
    for name in (*outlets, *groups):
        words = name.split(" ")
        mined_first[words[0]] = max(mined_first.get(words[0], 0), len(words))
    return OrgLexicon(heads, sets["adjective"], sets["brigade"], sets["link"], sets["stop"], outlets, groups, complements, not_complements,
                      longest, mined_first, frozenset(heads) | frozenset(mined_first))


def _tokens(nt: NormalizedText) -> list[Tok]:
    """Tokens, a hashtag's "#" left out (its words follow as tokens: "_" is no token)."""
    out = []
    for t in tokenize(nt):
        if is_hash(nt.raw, t.raw_begin, t.raw_end):
            continue
        out.append(Tok(t.text, t.begin, t.end, raw=nt.raw[t.raw_begin:t.raw_end]))
    return out


def _definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3


class _Finder:
    def __init__(self, text: str, lex: OrgLexicon, g: Gazetteer):
        self.text = text
        self.nt = normalize_text(text)
        self.toks = _tokens(self.nt)
        self.lex = lex
        self.g = g
        self.titles = frozenset(t[0] for t in g.titles)
        self.seat: tuple[int, int] | None = None  # a local body's place (ب/في + place) in the chain read last

    # ---- word classes -------------------------------------------------------------------

    def head_at(self, i: int) -> tuple[Head, int, str] | None:
        t = self.toks[i]
        if not t.is_word:
            return None
        for stem, cut in proclitic_readings(t.text):
            head = self.lex.heads.get(stem)
            if head:
                return head, cut, stem
        return None

    def adjective(self, t: Tok) -> bool:
        w = t.text
        if not _definite(w) or w in self.lex.stop:
            return False
        if w in self.lex.adjectives or w in self.g.nisba:
            return True
        raw = t.raw.rstrip("\u064b-\u065f")
        if _TAFIYA.match(w):
            return False  # a verbal noun تفعية: التربية، التنمية، التسوية
        return len(w) >= 5 and raw.endswith(("ي", "ية", "يه", "يين", "يون"))  # a nisba's shape (not ى)

    def blocked(self, t: Tok) -> bool:
        """A word no name goes through: function words, titles, other heads."""
        w = t.text
        if not t.is_word or w.isdigit() or w in self.g.stopwords or w in self.lex.stop:
            return True
        stems = [s for s, _ in proclitic_readings(w)]
        # a definite head noun may be a genitive (وزارة الخارجية، رئاسة الاستخبارات); an indefinite one opens a name
        return any(s in self.titles or (s in self.lex.heads and not self.lex.heads[s].definite) for s in stems)

    def place_at(self, k: int, cut_ok: bool = False, country: bool = True, common: bool = True) -> int:
        """End of a gazetteer place name starting at token k (0 when none); cut_ok: a proclitic may lead;
        country: a country will do (محكمة العدل الأوروبية | في بريطانيا: a court in a country is no local one);
        common: a one-word town whose name is a common word will do (تنسيقية مظاهرات البصرة | وقف)."""
        best = 0
        for stem, cut in proclitic_readings(self.toks[k].text):
            if cut and not cut_ok:
                continue
            for length in range(min(4, len(self.toks) - k), 0, -1):
                words = (stem, *(t.text for t in self.toks[k + 1:k + length]))
                entries = [e for e in self.g.lookup(words) if e.kind == "Place" and (country or e.subtype != "Country")]
                if entries and not (common or length > 1 or entries[0].subtype == "Country"
                                    or entries[0].population >= _BIG_TOWN or not common_word(self.toks[k].raw or stem)):
                    entries = []
                if entries:
                    best = max(best, k + length)
                    break
        return best

    def known_name_at(self, k: int) -> bool:
        """A gazetteer name (not a place) begins at token k: the start of another entity."""
        for stem, _ in proclitic_readings(self.toks[k].text):
            for length in range(min(4, len(self.toks) - k), 0, -1):
                words = (stem, *(t.text for t in self.toks[k + 1:k + length]))
                if any(e.kind != "Place" for e in self.g.lookup(words)):
                    return True
        return False

    # ---- the chain after an open head ---------------------------------------------------

    def chain(self, i: int, head: Head) -> int:
        toks, n = self.toks, len(self.toks)
        k, state, genitives, complements = i + 1, "head", 0, 0
        feminine_head = feminine(toks[i].raw)
        good = i + 1  # end of the longest well-formed name so far
        country_end = -1  # where a country right after the head ends
        while k < n and k - i <= _MAX_CHAIN:
            t = toks[k]
            w = t.text
            if w in self.lex.links and state == "genitive" and k + 1 < n and _definite(toks[k + 1].text) \
                    and not self.blocked(toks[k + 1]):
                k += 2  # هيئة النفاذ إلى المعلومة
                good = k
                continue
            if _definite(w) and self.adjective(t) and (state != "head" or not head.definite
                                                       or feminine(t.raw) == feminine_head):
                k, state = k + 1, "adjective"  # an adjective, also one the gazetteer lists as a stopword (العام)
                good = k
                continue
            if w[0] in "ب" and state != "head" and (head.use == "local" or complements) \
                    and (end := self.place_at(k, cut_ok=True, country=head.use == "local", common=False)):
                self.seat = (k, end)
                k = good = end  # المحكمة الابتدائية بتونس، الاتحاد المحلي للشغل بقرقنة
                break
            if w == "في" and head.use == "local" and state != "head" and k + 1 < n \
                    and (end := self.place_at(k + 1, country=False)):
                self.seat = (k + 1, end)
                k = good = end  # النيابة العامة في إسطنبول
                break
            if self.blocked(t):
                break
            if state in ("head", "construct") and not head.definite and (end := self.place_at(k, common=False)):
                if state == "head" and self.place_at(k, country=True) and not self.place_at(k, country=False):
                    country_end = end
                k, state, genitives, good = end, "genitive", genitives + 1, end
                continue
            if _definite(w):
                if state in ("head", "construct") and not head.definite and genitives < _MAX_GENITIVES:
                    k, state, genitives = k + 1, "genitive", genitives + 1
                    good = k
                    continue
                break
            if w[0] == "و" and len(w) > 3 and state == "genitive" and not self.known_name_at(k):
                stem = w[1:]
                if self.blocked(Tok(stem, t.begin, t.end, raw=t.raw)) or stem in self.lex.heads:
                    break  # والمعهد، ووزارة: another name
                if _definite(stem):
                    k += 1
                    good = k
                    continue
                if k + 1 < n and _definite(toks[k + 1].text) and not self.blocked(toks[k + 1]):
                    k += 2  # وعلوم الإخبار
                    good = k
                    continue
                break
            if w[0] == "ل" and len(w) > 3 and state in ("genitive", "adjective") and complements == 0:
                if self.blocked(t):
                    break
                if self.closes(k):
                    k, state, complements = k + 1, "genitive", 1
                    good = k
                    if not w.startswith("لل") and k < n and _definite(toks[k].text) and not self.blocked(toks[k]):
                        k = good = k + 1  # لحقوق الإنسان
                    continue
                if not w.startswith("لل") and k + 1 < n and _definite(toks[k + 1].text) \
                        and not self.blocked(toks[k + 1]):
                    k, state, complements = k + 2, "genitive", 1  # لحقوق الإنسان
                    good = k
                    continue
                break
            if state == "head" and not head.definite and k + 1 < n and (_definite(toks[k + 1].text)
                                                                        or self.place_at(k + 1)):
                k, state = k + 1, "construct"  # هيئة جمع الصف الوطني
                continue
            break
        if good == i + 1 or (head.definite and good - i < 2):
            return i
        if head.subtype == "Government" and genitives == 1 and good == country_end:
            return i  # حكومة الولايات المتحدة: the country's government, a descriptor actor, no name
        return good

    def closes(self, k: int) -> bool:
        """The لـ word at token k closes a name: mined as doing so, or a للـ word not mined as a purpose and
        without an object of its own."""
        w = self.toks[k].text
        return w in self.lex.complements or (w.startswith("لل") and w not in self.lex.not_complements)

    # ---- names in quotes, mined names ---------------------------------------------------

    def quoted_at(self, k: int) -> int:
        """End (exclusive, the closing quote not included) of a quoted name opened at token k, or 0."""
        toks = self.toks
        if k >= len(toks) or toks[k].text not in _QUOTES:
            return 0
        end = k + 1
        while end < len(toks) and end - k <= _MAX_QUOTED and toks[end].text not in _QUOTES:
            if toks[end].text in ".،,:؛!؟?":
                return 0
            end += 1
        if end < len(toks) and toks[end].text in _QUOTES and end > k + 1:
            return end
        return 0

    def mined_at(self, k: int, table: dict[str, tuple[int, float]]) -> tuple[int, int, tuple[int, float]] | None:
        """The longest mined name at token k, a proclitic before it (وحرييت، لرويترز): (end, cut, counts)."""
        toks = self.toks
        for stem, cut in proclitic_readings(toks[k].text):
            for length in range(min(self.lex.mined_first.get(stem, 0), len(toks) - k), 0, -1):
                if not all(t.is_word for t in toks[k:k + length]):
                    continue
                hit = table.get(" ".join((stem, *(t.text for t in toks[k + 1:k + length]))))
                if hit:
                    return k + length, cut, hit
        return None

    def dual(self, k: int) -> tuple[list[Mention], int] | None:
        """After a dual media head: up to three words, و, then a mined outlet (صحيفتا خبر ترك وحرييت)."""
        toks = self.toks
        end = k
        while end < len(toks) and end - k < 3 and toks[end].is_word and not self.blocked(toks[end]) \
                and not (end > k and toks[end].text[0] == "و"):
            end += 1
        if end == k or end >= len(toks) or toks[end].text[0] != "و":
            return None
        second = self.mined_at(end, self.lex.outlets)
        if not second or second[1] != 1:
            return None
        return [self.mention(k, end, "MediaOutlet"), self.mention(end, second[0], "MediaOutlet", 1)], second[0]

    def rare_name(self, k: int) -> int:
        """One rare definite word, and the nisba adjectives after it (العمالقة; not الاحتلال, a common word)."""
        toks = self.toks
        if k >= len(toks) or not _definite(toks[k].text) or self.blocked(toks[k]) or self.adjective(toks[k]) \
                or common_word(toks[k].raw or toks[k].text):
            return 0
        end = k + 1
        while end < len(toks) and _definite(toks[end].text) and self.adjective(toks[end]):
            end += 1
        return end

    def person_name(self, k: int) -> int:
        """A person's name opened by a known given name: up to four words with بن، ابن، عبد … inside."""
        toks = self.toks
        if k >= len(toks) or toks[k].text not in self.g.given_names:
            return 0
        end = k + 1
        while end < len(toks) and end - k < 4 and toks[end].is_word and not self.blocked(toks[end]):
            if toks[end].text in _PARTICLES and end + 1 < len(toks):
                end += 2
                break  # خالد بن الوليد
            if _definite(toks[end].text) and toks[end - 1].text not in _PARTICLES:
                break
            end += 1
        return end if end - k >= 2 and toks[end - 1].text not in _PARTICLES else 0

    # ---- the pass -----------------------------------------------------------------------

    def mention(self, a: int, b: int, subtype: str, cut: int = 0) -> Mention:
        rb, re_ = self.nt.raw_span(self.toks[a].begin + cut, self.toks[b - 1].end)
        anchor = self.text[rb:re_]
        label = " ".join("".join(c for c in readable(anchor) if c not in _QUOTES).split())
        return Mention(rb, re_, anchor, kind="Organization", subtype=subtype, key="org:" + normalize_ar(label),
                       label_ar=label, source="orgs")

    def place_mention(self, a: int, b: int, cut: int) -> Mention:
        """A place inside a name (no key: linking gives it the gazetteer's)."""
        rb, re_ = self.nt.raw_span(self.toks[a].begin + cut, self.toks[b - 1].end)
        return Mention(rb, re_, self.text[rb:re_], kind="Place", source="orgs")

    def run(self) -> list[Mention]:
        out: list[Mention] = []
        openers = self.lex.openers
        i = 0
        while i < len(self.toks):
            word = self.toks[i].text
            if word not in _QUOTES and not any(stem in openers for stem, _ in proclitic_readings(word)):
                i += 1  # no head noun, mined name or quote opens here (``at`` would find nothing)
                continue
            found, stop = self.at(i)
            out.extend(found)
            i = max(stop, i + 1)
        return out + self.acronyms(out)

    def at(self, i: int) -> tuple[list[Mention], int]:
        """The organizations at token i and the token after them."""
        toks = self.toks
        if toks[i].text in _QUOTES:  # "لواء شهداء اليرموك": a quoted name that starts with a head
            end = self.quoted_at(i)
            if end and (h := self.head_at(i + 1)) and not h[0].definite:
                return [self.mention(i + 1, end, h[0].subtype, h[1])], end
            if end and any(self.alone(k)[0] for k in range(i + 1, end)):
                return [self.mention(i + 1, end, "MediaOutlet")], end  # "ذي غارديان": a known outlet's whole name
            return [], i + 1
        found = self.head_at(i)
        if found is None:
            return self.alone(i)
        head, cut, stem = found
        if head.definite and not cut and i > 0 and (self.toks[i - 1].text, stem) in self.g.titles:
            return [], i + 1  # وزير الخارجية التركية: a title of the lexicon (وزير الخارجية) and its adjective, the
            # office of the person named next (not عضو الكونغرس الأمريكي: a member of an institution)
        end = self.quoted_at(i + 1)
        if end:  # صحيفة "لا فيغارو"، حزب "نداء تونس"، شركة "ترانسفير وايز": the quoted words
            found = [self.mention(i + 2, end, head.subtype)]
            if stem.endswith("تا") and end + 2 < len(toks) and toks[end + 1].text == "و" \
                    and (second := self.quoted_at(end + 2)):
                found.append(self.mention(end + 3, second, head.subtype))  # صحيفتا "عكاظ" و"الرياض"
                end = second
            return found, end
        media, armed = head.subtype == "MediaOutlet", head.subtype == "ArmedGroup"
        if media and not head.definite:
            for gap in (1, 2):  # وكالة أنباء "الأناضول"، وكالة الأنباء التركية "الأناضول": the quoted name is the outlet's
                if i + gap + 1 < len(toks) and all(t.is_word and not self.blocked(t) for t in toks[i + 1:i + gap + 1]) \
                        and (end := self.quoted_at(i + gap + 1)):
                    return [self.mention(i + gap + 2, end, head.subtype)], end
        if media or armed:
            hit = self.mined_at(i + 1, self.lex.outlets if media else self.lex.groups) if i + 1 < len(toks) else None
            if hit and hit[1] == 0 and media and hit[2][1] >= _OUTLET_AFTER_HEAD_SHARE:
                end = hit[0]
                if end < len(toks) and toks[end].text.startswith("لل") and self.closes(end):
                    return [self.mention(i, end + 1, head.subtype, cut)], end + 1  # وكالة تونس إفريقيا للأنباء
                names = [self.mention(i + 1, end, head.subtype)]
                if stem.endswith("تا") and end < len(toks) and (second := self.mined_at(end, self.lex.outlets)):
                    names.append(self.mention(end, second[0], head.subtype, second[1]))  # صحيفتا X وY
                    end = second[0]
                return names, end
            if media and stem.endswith("تا"):  # صحيفتا X وY: two names, one of them known is enough
                found = self.dual(i + 1)
                if found:
                    return found
            if hit and hit[1] == 0 and armed:
                return [self.mention(i, hit[0], head.subtype, cut)], hit[0]  # جيش الإسلام
            if armed and not head.definite and (end := self.person_name(i + 1)):
                return [self.mention(i, end, head.subtype, cut)], end  # جيش خالد بن الوليد
            if armed and stem in self.lex.brigades and (end := self.rare_name(i + 1)):
                return [self.mention(i, end, head.subtype, cut)], end  # ألوية العمالقة
        if head.use in ("open", "local"):
            self.seat = None
            end = self.chain(i, head)
            if end > i:
                found = [self.mention(i, end, head.subtype, cut)]
                if self.seat and self.seat[1] <= end:  # the body's seat is a place of its own
                    a, b = self.seat
                    place_cut = next((c for st, c in proclitic_readings(toks[a].text) if self.place_at(a) or c), 0)
                    found.append(self.place_mention(a, b, place_cut))
                return found, end
        return [], i + 1

    def alone(self, i: int) -> tuple[list[Mention], int]:
        """A well-known mined outlet with no head before it (تويتر، حرييت): seldom anything else."""
        hit = self.mined_at(i, self.lex.outlets)
        if hit:
            end, cut, (articles, share) = hit
            first = self.toks[i].text[cut:]
            one_word = end - i == 1
            if not (one_word and (len(first) < 4 or _definite(first) or first.endswith("ه"))) \
                    and any(articles >= a and share >= s for a, s in _OUTLET_ALONE):
                return [self.mention(i, end, "MediaOutlet", cut)], end
        return [], i + 1

    def acronyms(self, found: list[Mention]) -> list[Mention]:
        """"(UGTT)" or "(فاو)" right after an organization name is that organization again."""
        out = []
        for m in found:
            mm = re.match(r"\s*[(\"«]\s*([A-Za-z]{2,8}|[\u0621-\u064a]{2,6})\s*[)\"»]", self.text[m.end:m.end + 14])
            if mm:
                b, e = m.end + mm.start(1), m.end + mm.end(1)
                out.append(replace(m, begin=b, end=e, anchor=self.text[b:e], confidence=0.9))
        return out


def find_organizations(text: str) -> list[Mention]:
    """The organization mentions of one article (``source="orgs"``), in text order; no ``description``."""
    found = _Finder(text, org_lexicon(), load_gazetteer()).run()
    return sorted((m for m in found if not description(m.anchor)), key=lambda m: (m.begin, m.end))


def description(anchor: str) -> bool:
    """An indefinite noun and an indefinite relational adjective of a word (منظمة إرهابية، جماعة إرهابية), or such
    an adjective alone: what a group is called, not its name (``kg.recognize.spans.relational_adjective``)."""
    words = [w for w in readable(anchor).split() if w not in _QUOTES]
    if len(words) == 1:
        return relational_adjective(words[0])
    return len(words) >= 2 and not words[0].startswith("ال") and relational_adjective(words[1])


def _head_noun_org(m: Mention) -> bool:
    """A rules mention found after a head noun (no lexicon entry behind it)."""
    return m.kind == "Organization" and not m.label_en and m.key.startswith("org:")


def prefer_organizations(orgs: list[Mention], rules: list[Mention]) -> list[Mention]:
    """The rules' mentions with these organizations merged in.

    A lexicon name (it has an English label or a GeoNames id, or is a descriptor actor) that is not strictly
    inside an organization found here wins over it; otherwise the organization wins over every rules mention
    it overlaps (a place or person inside it, a head-noun organization cut elsewhere). The rules' head-noun
    organizations no organization found here covers are dropped: the chain here decides where such names
    end, and rejects what is not one (الحزب بالتآمر)."""
    def lexical(m: Mention) -> bool:
        return bool(m.label_en or m.geonames_id is not None or m.key.startswith("actor:"))

    places = [p for p in orgs if p.kind == "Place"]
    orgs = [o for o in orgs if o.kind != "Place"]
    kept = []
    for o in orgs:
        overlapping = [r for r in rules if r.begin < o.end and o.begin < r.end]
        if any(lexical(r) and not (o.begin <= r.begin and r.end <= o.end and (r.begin, r.end) != (o.begin, o.end))
               for r in overlapping):
            continue
        kept.append(o)
    out = [r for r in rules if not any(r.begin < o.end and o.begin < r.end for o in kept)
           and not (_head_noun_org(r) and r.source == "rules")]
    seats = [p for p in places if any(o.begin <= p.begin and p.end <= o.end for o in kept)]  # linked later
    return sorted(out + kept + seats, key=lambda m: (m.begin, m.end))
