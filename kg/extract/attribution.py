"""Attribution: who says what (speech frames), and statements that only attribute.

A statement's speakers are its subject, plus the organization or country named in a person's title
(المتحدثة باسم برنامج الأغذية العالمي، وزير الخارجية الفرنسي); a statement without subject continues the
previous speaker (وأضاف …); a capital city that speaks stands for its government. A statement that only
introduces a figure or an event (قال المرصد إن 60 شخصا قتلوا) is attribution, not an event of its own;
its frame is kept for the figures and claims stages, with the reporting verbs that are not statements
(يقدر المرصد) and the cues (بحسب المرصد) of ``kg/lexicons/attribution.tsv``.

Speakers the text does not name again are resolved in text order (:func:`resolve_speakers`), each from
the frames before it, within the article:

* a bare verb of saying opening a sentence (وأضاف أن، وتابع "…"، كما أشار إلى أنه) or with a continuation
  noun for subject (وأضاف المصدر، وأضاف البيان) continues the last statement or relayed report of its
  sentence or the two before; an unnamed source there goes on unnamed;
* an officer or statement of an organization (مدير المرصد، بيان الوزارة، مسؤول في وزارة الدفاع) is the
  organization;
* a definite description names the source met before of a compatible kind: an organization's head noun
  (الوزارة، الخارجية) the last organization named on it, else the last organization that spoke (المنظمة);
  a person's title (المسؤول، الرئيس السابق) the last person who spoke, with no other country adjective
  (المسؤول الليبي) and not across a paragraph another speaker opened, unless an unnamed source spoke just
  before (عن مصدر سعودي … وأكد المسؤول: that source).

``kg explain`` shows the rule that named each such speaker.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extract.alignment import Doc
from kg.extract.arguments import head_nisba, merge_lists, subject_after, subject_before, with_affiliates
from kg.extract.classes import COMMUNICATION
from kg.extract.measures import is_number_at
from kg.extract.modality import Drop
from kg.extract.triggers import Cand, lex_support_at, load_triggers, match_at
from kg.lexicon import rows, word_set
from kg.extract.words import (
    ATTRIBUTION_BEFORE_MA, CLAUSE_BREAKS, COMPLEMENTIZERS, CONTINUATION_NOUNS, COORD, NEGATIONS, PREPOSITIONS, QUOTES,
    ORG_HEADS, RELATIVES, SKIP_AFTER_VERB, SUBORDINATORS, strip_conj, words_of,
)


@dataclass
class SpeechFrame:
    """Who says what: a reporting verb (or cue), its speakers, and where its content starts."""

    token: int
    sentence: int
    speakers: list[int]
    content: int | None
    kind: str  # verb | cue | estimate | appeal (دعا X إلى …: its figures are X's)
    inherited: bool = False
    unnamed: tuple[int, int] | None = None  # tokens of a source the text only describes (مصادر طبية، الأهالي)
    relays: list[int] = field(default_factory=list)  # who relays the speakers' words (ونقلت X عن Y: X)
    resolved: str = ""  # the rule that named speakers the text only described or left out (resolve_speakers)

    @property
    def attributed(self) -> bool:
        return bool(self.speakers) or self.unnamed is not None


# the rules that name a speaker the text does not name again (kg explain shows them)
CONTINUES = "continues the previous speaker (وأضاف أن …)"
CONSTRUCT = "the organization its officer or statement is in construct with (مدير المرصد)"
ANTECEDENT_ORG = "definite description: the last organization named with that head noun (الوزارة)"
ANTECEDENT_ORG_SPEAKER = "definite description: the last organization that spoke (المنظمة)"
ANTECEDENT_SPEAKER = "definite description: the last person who spoke (المسؤول)"
ANTECEDENT_SOURCE = "definite description: the unnamed source just before (مصدر سعودي … المسؤول)"
ANTECEDENT_PERSON = "definite description: the last person named in the two sentences before"

_DESCRIBED_WORDS = 4  # at most this many words describe an unnamed source (مصادر طبية يمنية)


@lru_cache(maxsize=1)
def _pronoun_objects() -> frozenset[str]:
    """Prepositions carrying a pronoun (به، فيه، عنها، لهم): never the words of a source."""
    suffixes = [row["form"] for row in rows("attribution.tsv") if row.kind == "pronoun"]
    preps = PREPOSITIONS | {"ب", "ل"}
    return frozenset(p + s for p in preps for s in suffixes) | frozenset(
        p[:-1] + "ي" + s for p in preps if p.endswith("ي") for s in suffixes)


def described_source(doc: Doc, j: int, heads_only: bool = False) -> tuple[int, int] | None:
    """The words that describe a source the text does not name, right after a reporting verb or cue
    (قال الأهالي، أعلنت مصادر طبية يمنية، بحسب ما قاله اتحاد منظمات الرعاية الطبية): (first, end) tokens,
    or None when a name, a complementizer or a preposition comes first. ``heads_only``: only when the words
    open on an unnamed-source head (مسؤولون أميركيون)."""
    if j >= len(doc.toks):
        return None
    _, b = doc.sentence_range(j)
    while j < b and (doc.time_at[j] is not None or doc.word(j) in SKIP_AFTER_VERB or doc.word(j) in QUOTES
                     or doc.word(j) in _pronoun_objects()):  # أفاد به X، قالت فيه إن
        j += 1
    stop = PREPOSITIONS | COMPLEMENTIZERS | CLAUSE_BREAKS | NEGATIONS | RELATIVES | SUBORDINATORS | SKIP_AFTER_VERB
    first = doc.word(j)
    if j >= b or not doc.is_word(j) or first in stop or first in CONTINUATION_NOUNS or doc.mention_at[j] is not None \
            or j in doc.role_of or is_number_at(doc, j):
        return None
    core = strip_conj(first, 0)
    if heads_only and not any(w in ORG_HEADS or w[2:] in ORG_HEADS and w.startswith("ال") for w in (first, core)) \
            and not any(
            tuple(doc.word(j + k) for k in range(len(h))) == h or
            (core,) + tuple(doc.word(j + k) for k in range(1, len(h))) == h for h in load_triggers().heads):
        return None
    k = j
    while k < b and k - j < _DESCRIBED_WORDS and doc.is_word(k) and doc.time_at[k] is None \
            and (k == j or doc.word(k) not in stop) and not is_number_at(doc, k):
        mi = doc.mention_at[k]
        if mi is not None:
            if k > j and doc.nisba_code(k) and doc.mention_toks[mi][1] == k + 1:
                k += 1  # وزارة الدفاع السعودية: a country adjective ends the description
            break
        k += 1
    return (j, k) if k > j else None


def described_before(doc: Doc, v: int) -> tuple[int, int] | None:
    """The words that describe an unnamed source right before its verb, after إن/أن or at the start of the
    sentence (… أن النيابة العامة تؤكد أن …)."""
    a, _ = doc.sentence_range(v)
    stop = PREPOSITIONS | COMPLEMENTIZERS | CLAUSE_BREAKS | NEGATIONS | RELATIVES | SUBORDINATORS | SKIP_AFTER_VERB
    j = v
    while j > a and v - j < _DESCRIBED_WORDS and doc.is_word(j - 1) and doc.word(j - 1) not in stop \
            and doc.mention_at[j - 1] is None and doc.time_at[j - 1] is None and not is_number_at(doc, j - 1):
        j -= 1
    if j == v or not (j == a or doc.word(j - 1) in COMPLEMENTIZERS or doc.word(j - 1) in QUOTES):
        return None
    return j, v


def _construct_of(doc: Doc, unnamed: tuple[int, int]) -> list[int]:
    """One indefinite noun in construct with an organization (مدير المرصد، بيان الوزارة، قائد الجيش), or a
    source head in it (مسؤول في وزارة الدفاع): the organization speaks through its officer or its statement."""
    ta, tb = unnamed
    w = strip_conj(doc.word(ta), 0)
    k = tb
    if doc.word(k) in _member_of() and (w,) in load_triggers().heads:
        k += 1  # مسؤول في وزارة الدفاع، مستشار في الإدارة: an officer in the organization
    mi = doc.mention_at[k] if k < len(doc.toks) else None
    if tb - ta != 1 or w.startswith("ال") or mi is None or doc.mention_toks[mi][0] != k \
            or doc.mentions[mi].kind != "Organization":
        return []
    return [mi]


def _antecedent(doc: Doc, done: Sequence[SpeechFrame], f: SpeechFrame) -> tuple[list[int], str]:
    """A definite description of a source names one met before it (وقالت الوزارة، وأوضح المسؤول الليبي): the
    last organization whose name opens on that head noun (وزارة الدفاع البريطانية), or, for a title of a
    person (المسؤول، المتحدث), the last person who spoke before it in the article (``done``: the frames
    before, resolved) with no other country adjective and no other speaker opening a paragraph since,
    unless an unnamed source spoke since, in its sentence
    or the two before (then that source, whatever it stands for: عن مصدر سعودي … وأكد المسؤول), else the last
    person named in that sentence or the two before it. Returns the speakers and the rule's name."""
    assert f.unnamed is not None
    ta, tb = f.unnamed
    w = strip_conj(doc.word(ta), 0)
    if not w.startswith("ال") or len(w) < 5:
        return [], ""
    head = w[2:]
    before = [mi for mi in range(len(doc.mentions)) if doc.mention_toks[mi][1] <= ta]
    orgs = [mi for mi in before if doc.mentions[mi].kind == "Organization"
            and (words_of(doc.mentions[mi].anchor)[:1] in ((head,), (w,)) if head in ORG_HEADS
                 else w in words_of(doc.mentions[mi].anchor)[1:])]
    if orgs:  # الوزارة ← وزارة الدفاع البريطانية; الداخلية ← وزارة الداخلية الأردنية
        return [max(orgs, key=lambda mi: doc.mention_toks[mi][0])], ANTECEDENT_ORG
    if head in ORG_HEADS:  # المنظمة after a body named otherwise (اللجنة الدولية …): the last organization that spoke
        for g in reversed(done):
            if g.speakers:
                spoke = [s for s in g.speakers if doc.mentions[s].kind == "Organization"]
                return (spoke[:1], ANTECEDENT_ORG_SPEAKER) if spoke else ([], "")
        return [], ""
    if (head,) not in load_triggers().heads:
        return [], ""
    codes = {doc.nisba_code(k) for k in range(ta, tb)} - {""}
    others = False  # another speaker opened a paragraph since: an earlier person is not met again across it
    for g in reversed(done):  # the last person who spoke (وقال وزيري … وقال المسؤول المصري)
        people = [s for s in g.speakers if doc.mentions[s].kind == "Person"]
        if people and others:
            return [], ""
        if people:
            theirs = {doc.mentions[x].country for x in with_affiliates(doc, people)} - {""}
            if codes and theirs and not codes & theirs:
                continue  # المسؤول الليبي: not a speaker of another country
            return with_affiliates(doc, people[:1]), ANTECEDENT_SPEAKER
        if (g.unnamed is not None or g.resolved in (CONSTRUCT, ANTECEDENT_SOURCE)) and g.sentence >= f.sentence - 2:
            # an unnamed source just before (عن مصدر سعودي … وأكد المسؤول، وفقا لمسؤول … وقال المسؤول): the same one
            return list(g.speakers), ANTECEDENT_SOURCE
        others = others or bool(g.speakers) and _opens_paragraph(doc, g.sentence)
    people = [mi for mi in before if doc.mentions[mi].kind == "Person" and doc.sent_of[doc.mention_toks[mi][0]]
              >= f.sentence - 2]
    if people:
        return with_affiliates(doc, [max(people, key=lambda mi: doc.mention_toks[mi][0])]), ANTECEDENT_PERSON
    return [], ""


def _opens_paragraph(doc: Doc, si: int) -> bool:
    """The sentence opens a paragraph (a line break before it)."""
    return si == 0 or "\n" in doc.article.text[doc.sentences[si - 1].end:doc.sentences[si].begin]


def _last_speech(done: Sequence[SpeechFrame], f: SpeechFrame) -> SpeechFrame | None:
    """The statement (or relayed report) a bare verb of saying continues: the last one of the two sentences
    before, or of its own, not one inside what another says."""
    for i in range(len(done) - 1, -1, -1):
        g = done[i]
        if g.sentence < f.sentence - 2:
            return None
        inside = any(h.sentence == g.sentence and h.content is not None and h.token < h.content <= g.token
                     for h in done[:i] if h.kind == "verb")  # قال X إن نتائج التحقيقات كشفت …: X's words
        if g.kind in ("verb", "estimate") and g.token < f.token and g.attributed and not inside:
            return g
    return None


def resolve_speakers(doc: Doc, frames: Sequence[SpeechFrame], owners: dict[int, Cand]) -> None:
    """Speakers the text does not name again, in text order, each frame after those before it are resolved:

    * an indefinite officer or statement of an organization named after it (مدير المرصد، بيان الوزارة): that
      organization (``construct``);
    * a bare verb of saying that opens (و/ف) a sentence, or one whose subject is a continuation noun (وأضاف
      أن، وتابع "…"، وأضاف المصدر): the speakers of the last statement or relayed report of its sentence or the
      two before (``continues``); an unnamed source there goes on unnamed;
    * a definite description (وقالت الوزارة، وأوضح المسؤول الليبي): see :func:`_antecedent`.

    A statement's candidate without speakers takes its frame's, with the rule (``kg explain`` shows it)."""
    done: list[SpeechFrame] = []
    for f in frames:
        if not f.speakers:
            named, rule = [], ""
            last = _last_speech(done, f) if f.inherited else None
            if last is not None and last.speakers:
                named, rule = list(last.speakers), CONTINUES
            elif last is not None and f.unnamed is None:
                f.unnamed = last.unnamed  # وقال مصدر أمني … وأضاف: the same unnamed source goes on
            if not named and f.unnamed is not None:
                named, rule = _construct_of(doc, f.unnamed), CONSTRUCT
                if not named:
                    named, rule = _antecedent(doc, done, f)
            if named:
                f.speakers, f.unnamed, f.resolved = named, None, rule
                c = owners.get(f.token)
                if c is not None and not c.speakers:
                    c.speakers = list(named)
                    for s in named:
                        c.why.setdefault(("speaker", s), rule)
        done.append(f)


def _speaker_of_content(doc: Doc, c: Cand) -> list[int]:
    """A person or organization that opens the reported clause (قال X إن Y «يود أن يعرب …»)."""
    if c.content is None:
        return []
    j = c.content
    mi = doc.mention_at[j] if j < len(doc.toks) else None
    if mi is None and j in doc.role_of:
        mi = doc.role_of[j]
    if mi is not None and doc.mentions[mi].kind == "Person":
        return with_affiliates(doc, [mi])
    return []


def content_start(doc: Doc, c: Cand) -> int | None:
    """Where what a statement says starts: after إن/أن/عن, a colon or an opening quote."""
    a, b = doc.sentence_range(c.start)
    j = c.stop
    steps = 0
    while j < b and steps < 25:
        w = doc.word(j)
        if w in COMPLEMENTIZERS - {"من"} or w in (":",) or w in QUOTES or w.startswith("بان") and len(w) <= 4:
            k = j + 1
            while k < b and doc.word(k) in QUOTES:
                k += 1
            return k
        if w in (".",):
            return None
        j += 1
        steps += 1
    return None


def reports_event_or_figure(doc: Doc, c: Cand, trigger_at: dict[int, Cand]) -> bool:
    """A statement whose content opens on an event or a number is attribution for it."""
    if c.content is None:
        return False
    _, b = doc.sentence_range(c.start)
    if doc.word(c.content) in load_triggers().report_nouns:
        return True  # أعلن الجيش أن معركة … دخلت مرحلتها النهائية: a report on the fighting
    for k in range(c.content, min(b, c.content + 5)):
        if is_number_at(doc, k):
            return True
        other = trigger_at.get(k)
        if other is not None and other.cls not in COMMUNICATION and not other.drop and not other.negated:
            if other.pos == "verb" or any(is_number_at(doc, x) for x in range(other.stop, min(b, other.stop + 5))):
                return True
        if lex_support_at(doc, k):
            return True
        if k > c.content and doc.word(k) in COORD:
            break
    return False



def _statement_inherit(frames: list[SpeechFrame], sentence: int) -> list[int]:
    for f in reversed(frames):
        if f.sentence < sentence - 2:
            break
        if f.sentence <= sentence and f.speakers and f.kind == "verb":
            return list(f.speakers)
    return []



def _pronoun_subject(doc: Doc, c: Cand, previous: Sequence[int] = ()) -> bool:
    """No new subject is named after the verb (وأضاف أن، وقال "…"، وأضاف المركز في بيان، وأضاف البيان): it
    continues the last speaker. Another noun names a new, unnamed one (ويقول محللون، وقال الوزراء)."""
    _, b = doc.sentence_range(c.start)
    j = c.stop
    while j < b and (doc.time_at[j] is not None or doc.word(j) in SKIP_AFTER_VERB or doc.word(j) in COORD):
        j += 1
    w = doc.word(j)
    if j >= b or w in COMPLEMENTIZERS or w in QUOTES or w in PREPOSITIONS or w in (":", "(") or w[:1] == "ب":
        return True
    if w in CONTINUATION_NOUNS:
        return True
    # the previous speaker named again by its head noun (المركز الروسي … وأضاف المركز)
    heads = {words_of(doc.mentions[p].label_ar or doc.mentions[p].anchor)[:1] for p in previous}
    heads |= {words_of(doc.mentions[p].anchor)[:1] for p in previous}
    if (w,) in heads:
        return True
    return c.cls == "Appeal" and doc.mention_at[j] is None and w.startswith("ال")  # وناشد الأطراف: its object



def source_after(doc: Doc, j: int) -> list[int]:
    """The source named after an attribution cue (بحسب المرصد، وفق ما افاد المرصد، حسب ما أظهرت خرائط للمرصد)."""
    _, b = doc.sentence_range(j) if j < len(doc.toks) else (0, 0)
    steps = 0
    while j < b and steps < 6:
        mi = doc.mention_at[j]
        if j in doc.role_of:
            person = doc.role_of[j]
            return with_affiliates(doc, [person])
        if mi is not None:
            if doc.is_actor(mi):
                m = doc.mentions[mi]
                if m.subtype == "City":
                    gov = doc.government_of(m.country, j)
                    return [gov] if gov is not None else []
                return with_affiliates(doc, [mi])
            return []
        if doc.word(j) in COORD or doc.word(j) in (".",):
            return []
        got, _ = head_nisba(doc, j, b)
        if got is not None:
            return [got]
        j += 1
        steps += 1
    return []



def statements(doc: Doc, cands: list[Cand], trigger_at: dict[int, Cand]) -> None:
    """Where each statement's content starts, and which statements only attribute."""
    for c in cands:
        if c.drop or c.cls not in ("Statement", "Appeal"):
            continue
        c.content = content_start(doc, c) if c.cls == "Statement" else c.content
    for c in cands:
        if c.drop or c.cls != "Statement":
            continue
        if c.pos == "verb" and not c.speakers and reports_event_or_figure(doc, c, trigger_at):
            c.attribution_only = True  # قال مصدر إن 60 شخصا قتلوا: it only attributes the figure
        if doc.reports_only(c.speakers):
            c.attribution_only = True  # المرصد، وكالة الأنباء: sources, not actors
        if c.pos == "verb" and doc.word(c.start - 1) == "ما" and \
                strip_conj(doc.word(c.start - 2), 0) in ATTRIBUTION_BEFORE_MA:
            c.attribution_only = True


def _before_content(doc: Doc, speakers: Sequence[int], verb: int, content: int | None) -> list[int]:
    """Speakers named after the verb but inside what it reports are not speakers (قالت مصادر أمنية إن مسلحين
    استهدفوا …: not the gunmen)."""
    if content is None:
        return list(speakers)
    return [s for s in speakers if not (verb < doc.mention_toks[s][0] and doc.mention_toks[s][0] >= content)]


def _after_subject(doc: Doc, v: int, speakers: Sequence[int]) -> int:
    """The token after a reporting verb's subject (ونقلت العربية عن …: عن)."""
    ends = [doc.mention_toks[s][1] for s in speakers if doc.mention_toks[s][0] > v]
    return max(ends) if ends else v + 1


def _relayed(doc: Doc, frame: SpeechFrame, stop: int) -> None:
    """ونقلت وكالة X عن مصدر أمني / عن وزارة الدفاع: X relays; the source after عن speaks."""
    ends = ([_after_subject(doc, frame.token, frame.speakers)] if frame.speakers else []) + \
        ([frame.unnamed[1]] if frame.unnamed is not None else []) + \
        [k for k in range(stop, min(stop + 4, len(doc.toks))) if doc.word(k) == "عن"][:1]
    for k in sorted(ends):
        while doc.word(k) in QUOTES or doc.word(k) == ")":
            k += 1
        if doc.word(k) == "عن":
            break
    else:
        return
    inner = source_after(doc, k + 1)
    if inner:  # the named source quoted speaks; a relay the text only describes stays recorded as unnamed
        frame.relays, frame.speakers = list(frame.speakers), inner
        frame.content = k + 1
        if doc.mention_at[k + 1] is None and (k + 1) not in doc.role_of:
            # عن وزارة الدفاع السعودية: an organization read from its head and a country adjective
            frame.unnamed = described_source(doc, k + 1, heads_only=True) or frame.unnamed
        return
    described = described_source(doc, k + 1)
    if described is not None and frame.speakers:
        frame.unnamed = described  # a named relay is kept as the source; the unnamed one is recorded


@lru_cache(maxsize=1)
def _member_of() -> frozenset[str]:
    return word_set("member_of")


@lru_cache(maxsize=1)
def _continuation_openers() -> frozenset[str]:
    return word_set("continuation_openers")


@lru_cache(maxsize=1)
def _that_verbs() -> frozenset[str]:
    return frozenset(f for row in rows("attribution.tsv") if row.kind == "that-verb" for f in row["forms"])


def _that_frames(doc: Doc) -> list[SpeechFrame]:
    """Reporting verbs that are also other words (وبين X أن …): a frame only before a named subject and أن/إن."""
    out = []
    verbs = _that_verbs()
    for i in range(len(doc.toks)):
        if strip_conj(doc.word(i), 0) not in verbs and doc.word(i) not in verbs:
            continue
        # the subject right after the verb (بين reads as a preposition to the argument finder)
        mi = doc.mention_at[i + 1] if i + 1 < len(doc.toks) else None
        if mi is None and i + 1 in doc.role_of:
            mi = doc.role_of[i + 1]
        unnamed = None
        if mi is not None and doc.is_actor(mi):
            sp = with_affiliates(doc, [mi])
            k = _after_subject(doc, i, sp)
        else:
            unnamed = described_source(doc, i + 1, heads_only=True)  # وبين مسؤولون أمريكيون أن
            if unnamed is None:
                continue
            got, _ = head_nisba(doc, i + 1, doc.sentence_range(i)[1])
            sp, k = ([got] if got is not None else []), unnamed[1]
            if got is not None:
                k = max(k, doc.mention_toks[got][1])
        while doc.word(k) in COORD:
            k += 1
        if doc.word(k) in COMPLEMENTIZERS - {"من", "عن"}:
            f = SpeechFrame(i, doc.sent_of[i], sp, k + 1, "verb")
            f.unnamed = unnamed
            out.append(f)
    return out


def speech_frames(doc: Doc, cands: list[Cand]) -> list[SpeechFrame]:
    """Speech frames (events and attribution), in text order; pronoun subjects continue the last speaker.

    A frame without a named speaker keeps the words that describe its source (قال الأهالي، أعلنت مصادر
    طبية); a relayed report (ونقلت X عن Y) speaks with Y's voice and records X as relay."""
    lex = load_triggers()
    frames: list[SpeechFrame] = []
    owners: dict[int, Cand] = {}  # a statement's frame -> its candidate
    for c in sorted(cands, key=lambda x: x.start):
        if c.drop and c.drop != Drop.VERBAL_NOUN:
            continue
        if c.cls not in ("Statement", "Appeal") or c.pos != "verb":
            continue
        continues = False
        if not c.speakers:
            inherited = _statement_inherit(frames, c.sentence)
            opens = doc.sentence_range(c.start)[0]
            continues = _pronoun_subject(doc, c, inherited) and \
                (doc.word(c.start)[:1] in ("و", "ف") or c.start == opens
                 or c.start == opens + 1 and doc.word(opens) in _continuation_openers())  # كما أشار إلى أن
            if inherited and continues:
                c.speakers = inherited
                for s in inherited:
                    c.why.setdefault(("speaker", s), CONTINUES)
        if c.cls == "Appeal" and c.speakers:
            frames.append(SpeechFrame(c.start, c.sentence, list(c.speakers), c.stop, "appeal"))
        if c.cls == "Statement":
            f = SpeechFrame(c.start, c.sentence, _before_content(doc, c.speakers, c.start, c.content), c.content,
                            "verb")
            f.unnamed = described_source(doc, c.stop, heads_only=bool(c.speakers))
            if not c.speakers and f.unnamed is None and doc.word(c.start)[:1] not in ("و", "ف"):
                f.unnamed = described_before(doc, c.start)  # أن النيابة العامة تؤكد
            f.inherited = continues
            if f.speakers or f.unnamed is None or (strip_conj(doc.word(f.unnamed[0]), 0),) in lex.heads:
                _relayed(doc, f, c.stop)  # تحدث الرئيس الفرنسي عن جهود: a description talks about, relays no one
            frames.append(f)
            owners[f.token] = c
    # reporting verbs that are not statements (يقدر المرصد، وثق …) and cues (بحسب المرصد), longest cue first
    cues = sorted(lex.cues, key=len, reverse=True)
    for i in range(len(doc.toks)):
        if not doc.is_word(i) or doc.mention_at[i] is not None:
            continue
        rs, stop = match_at(doc, i, lex.speech_surfaces)
        if rs and rs[0].tense in ("past", "present"):
            sp = subject_after(doc, i) or subject_before(doc, i)
            sp = [doc.government_of(doc.mentions[s].country, i) or s if doc.mentions[s].subtype == "City" else s
                  for s in sp]
            f = SpeechFrame(i, doc.sent_of[i], sp, stop, "estimate")
            f.unnamed = described_source(doc, stop, heads_only=True)  # رصد ميزانية: an object, not a source
            _relayed(doc, f, stop)
            if f.attributed:
                frames.append(f)
        first = strip_conj(doc.word(i), 0)
        for cue in cues:
            if cue[0] != first:
                continue
            if tuple(strip_conj(doc.word(i + k), k) for k in range(len(cue))) == cue:
                after = i + len(cue)
                src = source_after(doc, after)
                f = SpeechFrame(i, doc.sent_of[i], src, after, "cue")
                if cue[-1] == "ما" or cue[-1].endswith("ما") and len(cue[-1]) > 3:
                    after += 1  # بحسب ما قاله X، حسبما أوردته X: over the verb
                # بحسب ما أفادت وسائل إعلام: the subject of a reporting verb; وفق تقديره، وفق القانون: no source
                f.unnamed = described_source(doc, after, heads_only=bool(src) or after == i + len(cue))
                if f.attributed:
                    frames.append(f)
                break
    frames += _that_frames(doc)
    frames.sort(key=lambda f: f.token)
    resolve_speakers(doc, frames, owners)
    return frames


def merge_embedded(doc: Doc, cands: list[Cand]) -> None:
    """Embedded statements in one sentence are one statement (قال دوجاريك إن بان كي مون «يعرب …»)."""
    stmts = [c for c in cands if c.cls == "Statement" and not c.drop]
    for i, c in enumerate(stmts):
        for d in stmts[i + 1:]:
            if d.sentence != c.sentence or c.content is None or d.start < c.content:
                continue
            c.speakers = merge_lists(c.speakers, d.speakers or [])
            d.drop = Drop.EMBEDDED
        if c.content is not None and not c.drop:
            c.speakers = merge_lists(c.speakers, _speaker_of_content(doc, c)
                                     if any(d.drop == Drop.EMBEDDED and d.sentence == c.sentence for d in stmts) else [])
