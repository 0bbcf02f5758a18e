"""Events: triggers from a lexicon, their arguments, their dates.

``extract_events(article, sentences, mentions, times)`` finds the words that
report an event (``kg/lexicons/triggers.tsv``: verbs in the past, present and
future with their clitics, verbal nouns and plurals, multi-word phrases) and
returns one :class:`kg.model.EventMention` per event, anchored on its trigger.

How it reads a sentence (no parser; positions, prepositions and a few closed
word lists):

* **morphology** — table-driven: each lexicon form is expanded once with the
  proclitics (و ف ب ل ك، ال / لل، the future س), the present prefixes (ي ت ن ا),
  the subject suffixes (ت وا ا تا ن نا تم / ون ان ين) and the object or possessive
  pronouns (ه ها هم, ة → ت before them), into a dict from surface form to reading;
* **support verbs** (يعقد اجتماعا، شن هجوما، تمكن من السيطرة، أوشك على السيطرة)
  give their subject, tense and time to the event noun they govern; a verb and
  its verbal noun in one clause (استعاد … السيطرة) are one event;
* **agent** — the actor right after a verb (VSO, over titles, dates and قد),
  else the one before it (SVO, over ``قد``, dates, a place phrase or a relative
  clause between commas), with coordinated actors (روسيا والولايات المتحدة);
  for a noun, its genitive or ``لـ`` complement, a country adjective
  (الغارات الروسية), else its support verb's subject; the subject of
  Killing/Injury/Arrest is its *target*; ``inverse`` verbs (فقدت) make it a target;
* **speakers** of statements and appeals — the subject, plus the organization
  or country named in a person's title (المتحدثة باسم برنامج الأغذية العالمي،
  وزير الخارجية الفرنسي); a statement without subject continues the previous
  speaker (وأضاف …); a capital city that speaks stands for its government;
* **place** — a place after a locative preposition in the clause, the most
  specific one (the neighbourhoods of a list rather than their city); what a
  statement, meeting or appeal is *about* (لبحث الوضع في حلب، إن … في حلب) goes
  to ``about``; physical events without a place in their clause take the last
  place of the previous sentences, else the article's main city;
* **time** — the nearest time expression of the sentence (after a verb first),
  ``غداة`` / ``اثره`` anaphora, else the article default (publication day, or
  the day before to the publication day for past tense), ``time_source`` saying which;
* **filters** — no event inside a name, a purpose (لوقف القصف، لإجراء محادثات),
  a topic (بشأن الانسحاب), a cause (جراء قذائف), a request (طالب … بعقد اجتماع),
  a hypothesis (في حال، إما … أو) or a state (تحت سيطرة، مناطق تسيطر عليها); negated
  (لم، لن، عدم) and future (سـ، سوف، من المقرر) events are flagged;
* a statement that only introduces a figure or an event (قال المرصد إن 60 شخصا
  قتلوا) is attribution, not an event of its own (:func:`speech_frames` keeps it
  for the figures).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from kg.model import Article, EventMention, Mention, Sentence, TimeExpr
from kg.text.normalize import normalize_ar, normalize_text
from kg.text.tokens import Token, tokenize

# ---- the event class hierarchy (ontology/hadath.ttl) ---------------------------------------

EVENT_PARENT: dict[str, str] = {
    "Airstrike": "Attack", "Shelling": "Attack", "Clash": "Attack", "Offensive": "Attack", "Siege": "Attack",
}
COMMUNICATION = frozenset({"Statement", "Appeal", "Meeting", "Negotiation", "Vote", "Agreement"})
# classes whose grammatical subject (or genitive) is the one it happens to
PATIENT_SUBJECT = frozenset({"Killing", "Injury", "Arrest"})
# events that happen somewhere on the ground: a place is looked for beyond their clause
PHYSICAL = frozenset({"Attack", "Airstrike", "Shelling", "Clash", "Offensive", "Siege", "TakeControl", "Withdrawal",
                      "Displacement", "Evacuation", "Killing", "Injury", "Arrest", "Surrender", "Protest",
                      "Celebration"})
MILITARY = frozenset({"Attack", "Airstrike", "Shelling", "Clash", "Offensive", "Siege", "TakeControl", "Withdrawal",
                      "Killing", "Surrender"})
ARMED = frozenset({"ArmedForce", "ArmedGroup"})


def ancestors(cls: str) -> list[str]:
    """The class and its superclasses, most specific first (Event excluded)."""
    out = [cls]
    while out[-1] in EVENT_PARENT:
        out.append(EVENT_PARENT[out[-1]])
    return out


def related_classes(a: str, b: str) -> bool:
    """Same class, or one a subclass of the other."""
    return a in ancestors(b) or b in ancestors(a)


# ---- closed word lists (normalized) --------------------------------------------------------

def _n(words: str) -> frozenset[str]:
    return frozenset(normalize_ar(w) for w in words.split())


PREPOSITIONS = _n("في من على الى إلى عن مع ضد لدى عند بين حول بشأن ازاء إزاء تجاه باتجاه نحو داخل خارج قرب "
                  "امام أمام بيد تحت فوق منذ خلال عبر ضمن بحق دون جراء بسبب بقيادة لصالح وسط عقب اثر إثر بعد قبل "
                  "بحسب حسب وفق وفقا نقلا")
LOCATIVE = _n("في ب من الى إلى داخل قرب غرب شرق شمال جنوب وسط محيط ريف على نحو باتجاه جنوبي شمالي شرقي غربي")
PLACE_HEADS = _n("مدينة مدينه حي حى حيي أحياء احياء بلدة قرية منطقة مناطق ريف محافظة محافظتي العاصمة كامل "
                 "بعض شرق غرب شمال جنوب وسط جنوبي شمالي شرقي غربي الجزء القسم القطاع محيط مخيم ضاحية")
CLAUSE_BREAKS = _n("، , ؛ ; : بينما فيما عندما حيث بعدما حين اذ إذ مما لكن ولكن كما وسط")
SUBORDINATORS = _n("بعدما عندما حين بينما فيما حيث اذ إذ لان لأن كي لكي")
SKIP_AFTER_VERB = _n("قد مجددا مجدداً ايضا أيضا بدوره بدورها بدورهم جهته جهتها جانبه جانبها من بالفعل رسميا اليوم "
                     "امس أمس الآن حاليا مساء صباح فجر ليل ليلا")
COMPLEMENTIZERS = _n("إن أن ان بأن بان انه أنه إنه انها أنها إنها انهم أنهم إنهم عن من")
ABOUT_CLAUSE_CUES = _n("إن أن ان بأن انه أنه إنه انها أنها لبحث بحث لمناقشة ناقش لمتابعة للتباحث للنظر")
ABOUT_NP_CUES = _n("بشأن حول ازاء إزاء تجاه عن بخصوص على")
NEGATIONS = _n("لم لن لا ما ليس ليست لما")
NOUN_NEGATIONS = _n("عدم دون بدون")
FUTURE_WORDS = _n("سوف المقرر المتوقع المنتظر يعتزم تعتزم يعتزمون ستعقد")
HYPOTHETICAL = _n("حال اذا إذا لو لولا إما اما ربما يمكن المرجح شأن اعتقاده اعتقادها يعتقد تعتقد يتوقع "
                  "تتوقع توقعه يأمل تأمل أمله")
CAUSE_WORDS = _n("جراء بسبب نتيجة")
TEMPORAL_LINKS = _n("بعدما عندما حين لما")
CONCURRENT = _n("تزامنا بالتزامن وسط يترافق ترافق يتزامن تزامن مترافقا مصحوبا")
RELATIVE_HOURS = _n("ساعات ساعة ساعتين دقائق لحظات")
SCALE_WORDS = _n("بري البري واسع الواسع شامل الشامل الجديد جديد العسكري عسكري المستمر الكبير كبير المضاد")
LAUNCH_VERBS = _n("شن")
IMMINENT = _n("أوشك")
CONTINUATION_NOUNS = _n("البيان المصدر المتحدث المتحدثة الناطق")
BELIEF = _n("اعتقاده اعتقادها يعتقد تعتقد يتوقع تتوقع توقعه يأمل تأمل أمله")
HABITUAL = _n("غالبا عادة كثيرا أحيانا احيانا دائما")
CUE_BEFORE_MA = _n("طالما قلما بحسب حسب وفق وفقا مثل كما بعد")
INTENTION = _n("تسعى يسعى سعت سعى يسعون تهدف يهدف محاولة لمحاولة تحاول يحاول حاولت تريد يريد")
STATE_BEFORE = _n("يحتفظ تحتفظ احتفظ احتفظت يحتفظون حافظ تحافظ يحافظ")
PURPOSE_PREFIX = "ل"
TOPIC_WORDS = (ABOUT_NP_CUES - {"عن", "علي"}) | {"شان"}
RELATIVES = _n("التي الذي الذين اللذين اللتين اللواتي اللاتي")
ANAPHORA_AFTER = _n("اثره اثرها إثره إثرها عقبه عقبها بعده بعدها")
ANAPHORA_SETTING = _n("ختام خلال هامش بعد عقب اثر إثر")
DAY_AFTER = _n("غداة")
DAY_BEFORE = _n("عشية")
QUOTES = frozenset('"«»“”')
OPEN_QUOTES = frozenset('«“')
CLOSE_QUOTES = frozenset('»”')
COORD = frozenset({"،", ","})

_WORD = re.compile(r"[^\W_]+|[^\w\s]")


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(normalize_ar(text)))


# ---- the trigger lexicon and its morphology ------------------------------------------------

@dataclass(frozen=True)
class Trigger:
    forms: tuple[str, ...]
    cls: str  # "-" for support verbs
    pos: str  # verb | noun | support | support-noun
    notes: str = ""
    flags: frozenset[str] = frozenset()
    params: tuple[tuple[str, str], ...] = ()  # with=…, needs=…, armed=…

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True)
class Reading:
    trigger: Trigger
    pos: str  # verb | noun
    tense: str  # past | present | future | "" (nouns)
    definite: bool
    proclitic: str  # normalized letters before the stem: و ف ب ل ك س
    suffixed: bool  # carries a subject/object/possessive suffix
    rest: tuple[str, ...] = ()  # the further words of a phrase


_VERB_PROCLITICS = ("", "و", "ف")
_PRESENT_PROCLITICS = ("", "و", "ف", "ل", "ول", "فل")
_PAST_SUFFIXES = ("", "ت", "ا", "وا", "تا", "ن", "نا", "تم", "تما")
_PRESENT_PERSONS = ("ي", "ت", "ن", "ا")
_PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "وا", "ن", "ا")
_OBJECTS = ("", "ه", "ها", "هم", "هما", "هن")
_NOUN_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
_NOUN_ENDINGS = ("", "ا", "ان", "ين")
_POSSESSIVES = ("ه", "ها", "هم", "هما", "هن", "نا", "ي")


def _verb_surfaces(form: str):
    """(surface, tense, proclitic, suffixed) for a past or present (ي…) verb form."""
    if form.startswith("ي") and len(form) > 2:
        stem = form[1:]
        for person in _PRESENT_PERSONS:
            for suffix in _PRESENT_SUFFIXES:
                for obj in _OBJECTS:
                    core = person + stem + suffix + obj
                    suffixed = bool(suffix or obj)
                    for proc in _PRESENT_PROCLITICS:
                        yield proc + core, "present", proc, suffixed
                    for proc in _VERB_PROCLITICS:
                        yield proc + "س" + core, "future", proc + "س", suffixed
    else:
        for suffix in _PAST_SUFFIXES:
            for obj in _OBJECTS:
                if obj == "ه" and suffix in ("", "ا"):
                    continue  # أشاره / إشارة: the object ه collides with ة
                core = form + suffix + obj
                for proc in _VERB_PROCLITICS:
                    yield proc + core, "past", proc, bool(suffix or obj)


def _noun_surfaces(form: str):
    """(surface, definite, proclitic, suffixed) for a noun form (singular or plural as listed)."""
    stem = form[2:] if form.startswith("ال") and len(form) > 4 else form
    t_stem = stem[:-1] + "ت" if stem.endswith("ه") else stem
    for article in ("", "ال"):
        for proc in _NOUN_PROCLITICS:
            prefix = proc + article
            if article and proc.endswith("ل"):
                prefix = proc + "ل"  # ل + ال -> لل
            for ending in _NOUN_ENDINGS:
                base = t_stem if ending in ("ان", "ين") else stem
                yield prefix + base + ending, bool(article), proc, bool(ending)
            if not article:
                for pos in _POSSESSIVES:
                    yield prefix + t_stem + pos, True, proc, True


@dataclass
class TriggerLexicon:
    surfaces: dict[str, list[Reading]]
    support_surfaces: dict[str, list[Reading]]
    speech_surfaces: dict[str, list[Reading]]  # reporting verbs of attribution.tsv (not events)
    cues: tuple[tuple[str, ...], ...]  # attribution cues (بحسب …), as word tuples
    heads: dict[tuple[str, ...], str]  # unnamed-source heads
    source_heads: frozenset[str]  # first words of organizations that report (المرصد، وكالة …)
    report_nouns: frozenset[str]  # what a report on the fighting opens with (المعركة، القتال)
    nisba: dict[str, str]  # country adjective (any inflection, normalized) -> country code

    def readings(self, word: str) -> list[Reading]:
        return self.surfaces.get(word, [])


def _lexicon_rows(name: str) -> list[list[str]]:
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def _add_readings(index: dict[str, list[Reading]], trigger: Trigger, forms: Sequence[str], pos: str) -> None:
    for form in forms:
        words = words_of(form)
        if not words:
            continue
        first, rest = words[0], tuple(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words[1:])
        if pos == "verb":
            for surface, tense, proc, suffixed in _verb_surfaces(first):
                _add(index, surface, Reading(trigger, "verb", tense, False, proc, suffixed, rest))
        else:
            for surface, definite, proc, suffixed in _noun_surfaces(first):
                _add(index, surface, Reading(trigger, "noun", "", definite, proc, suffixed, rest))


def _add(index: dict[str, list[Reading]], surface: str, reading: Reading) -> None:
    bucket = index.setdefault(surface, [])
    if not bucket or bucket[-1] != reading:  # the same reading generated twice in a row: keep one
        bucket.append(reading)


def _nisba_forms(nisba: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for adj, code in nisba.items():
        if not adj.startswith("ال"):
            continue
        bare = adj[2:]
        forms = {adj, bare}
        if bare.endswith("ي"):
            forms |= {bare + "ه", bare + "ين", bare + "ون", "ال" + bare + "ه", "ال" + bare + "ين", "ال" + bare + "ون"}
            if len(bare) >= 4:
                forms.add("ال" + bare[:-1])  # الروس
        for f in forms:
            out.setdefault(f, code)
    return out


@lru_cache(maxsize=1)
def load_triggers() -> TriggerLexicon:
    from kg.recognize.gazetteer import load_gazetteer

    surfaces: dict[str, list[Reading]] = {}
    support: dict[str, list[Reading]] = {}
    for row in _lexicon_rows("triggers.tsv"):
        row += [""] * (5 - len(row))
        forms, cls, pos, notes, flags = row[:5]
        flagset, params = set(), []
        for f in (x.strip() for x in flags.split(",") if x.strip()):
            if "=" in f:
                k, v = f.split("=", 1)
                params.append((k, v if k in ("armed", "escalate") else normalize_ar(v)))
            else:
                flagset.add(f)
        trig = Trigger(tuple(forms.split("|")), cls, pos, notes, frozenset(flagset), tuple(params))
        if pos == "support":
            _add_readings(support, trig, trig.forms, "verb")
        elif pos == "support-noun":
            _add_readings(support, trig, trig.forms, "noun")
        else:
            _add_readings(surfaces, trig, trig.forms, "verb" if pos == "verb" else "noun")
    speech: dict[str, list[Reading]] = {}
    cues: list[tuple[str, ...]] = []
    heads: dict[tuple[str, ...], str] = {}
    source_heads: set[str] = set()
    report_nouns: set[str] = set()
    for row in _lexicon_rows("attribution.tsv"):
        row += [""] * (3 - len(row))
        kind, form, notes = row[:3]
        if kind == "cue":
            cues.append(words_of(form))
        elif kind == "verb":
            trig = Trigger(tuple(form.split("|")), "-", "verb", notes, frozenset({"speech", "estimate"}))
            _add_readings(speech, trig, trig.forms, "verb")
        elif kind == "head":
            heads[words_of(form)] = notes
        elif kind == "source":
            source_heads.add(normalize_ar(form))
        elif kind == "report":
            report_nouns.add(words_of(form)[0])
    cues.sort(key=len, reverse=True)
    g = load_gazetteer()
    return TriggerLexicon(surfaces, support, speech, tuple(cues), heads, frozenset(source_heads),
                          frozenset(report_nouns), _nisba_forms(g.nisba))


# ---- one article, tokenized, with its mentions and times on the tokens ----------------------

@dataclass
class Doc:
    article: Article
    sentences: Sequence[Sentence]
    mentions: Sequence[Mention]
    times: Sequence[TimeExpr]
    toks: list[Token] = field(default_factory=list)
    sent_of: list[int] = field(default_factory=list)  # token -> sentence index
    sent_toks: list[tuple[int, int]] = field(default_factory=list)  # sentence -> token range
    mention_at: list[int | None] = field(default_factory=list)
    mention_toks: list[tuple[int, int]] = field(default_factory=list)
    time_at: list[int | None] = field(default_factory=list)
    time_toks: list[tuple[int, int]] = field(default_factory=list)
    in_quote: list[bool] = field(default_factory=list)
    role_of: dict[int, int] = field(default_factory=dict)  # token -> person mention whose title it is in
    affiliates: dict[int, list[int]] = field(default_factory=dict)  # person mention -> org/country mentions

    # -- construction
    def build(self) -> Doc:
        nt = normalize_text(self.article.text)
        self.toks = tokenize(nt)
        starts = [t.raw_begin for t in self.toks]
        ends = [t.raw_end for t in self.toks]
        self._starts, self._ends = starts, ends
        n = len(self.toks)
        self.sent_of = [0] * n
        self.sent_toks = []
        for si, s in enumerate(self.sentences):
            a, b = self.tok_range(s.begin, s.end)
            self.sent_toks.append((a, b))
            for i in range(a, b):
                self.sent_of[i] = si
        # one slot more than there are tokens, always None: looking one past the last token, or at
        # index -1 before the first, reads "no mention" instead of failing or wrapping around
        self.mention_at = [None] * (n + 1)
        self.mention_toks = []
        for mi, m in enumerate(self.mentions):
            a, b = self.tok_range(m.begin, m.end)
            self.mention_toks.append((a, b))
            for i in range(a, b):
                if self.mention_at[i] is None:
                    self.mention_at[i] = mi
        self.time_at = [None] * n
        self.time_toks = []
        for ti, t in enumerate(self.times):
            a, b = self.tok_range(t.begin, t.end) if t.end > t.begin else (0, 0)
            self.time_toks.append((a, b))
            inside = {self.mention_at[i] for i in range(a, b)}
            if None not in inside and any(self.mentions[mi].kind != "Person" for mi in inside):
                continue  # "الآن" in "أخبار الآن": part of a name
            for i in range(a, b):
                self.time_at[i] = ti
        self._quotes()
        self._roles(nt)
        return self

    def tok_range(self, begin: int, end: int) -> tuple[int, int]:
        """Tokens overlapping raw [begin, end)."""
        a = bisect_right(self._ends, begin)
        b = bisect_left(self._starts, end)
        return a, max(a, b)

    def _quotes(self) -> None:
        self.in_quote = [False] * len(self.toks)
        for si, (a, b) in enumerate(self.sent_toks):
            open_at = None
            for i in range(a, b):
                t = self.toks[i].text
                if t in OPEN_QUOTES or (t == '"' and open_at is None):
                    if open_at is None:
                        open_at = i
                        continue
                if (t in CLOSE_QUOTES or t == '"') and open_at is not None:
                    for k in range(open_at + 1, i):
                        self.in_quote[k] = True
                    open_at = None

    def _roles(self, nt) -> None:
        """Tokens of a person's title (the role text right before the name) and what it names."""
        norm = nt.norm
        for mi, m in enumerate(self.mentions):
            if m.kind != "Person" or not m.role:
                continue
            role = normalize_ar(m.role)
            a, _ = self.mention_toks[mi]
            if a == 0 or len(role) < 3:
                continue
            start_norm = self.toks[a].begin
            window = norm[max(0, start_norm - len(role) - 12):start_norm]
            k = window.rfind(role)
            if k < 0:
                continue
            role_begin = start_norm - len(window) + k
            for i in range(a - 1, -1, -1):
                if self.toks[i].end <= role_begin:
                    break
                self.role_of[i] = mi
            aff = []
            for i in range(a - 1, -1, -1):
                if self.role_of.get(i) != mi:
                    break
                other = self.mention_at[i]
                if other is not None and other != mi and self.is_actor(other) and other not in aff \
                        and self.preposition_of(other) in ("", "ل"):
                    aff.append(other)
                code = self.nisba_code(i) if other is None else ""
                if code:
                    c = self.country_mention(code, a)
                    if c is not None and c not in aff:
                        aff.append(c)
            if aff:
                self.affiliates[mi] = aff
        # a person named again (عبد الرحمن) still speaks for whom their title said
        by_key: dict[str, list[int]] = {}
        for mi, aff in self.affiliates.items():
            by_key.setdefault(self.mentions[mi].key, aff)
        for mi, m in enumerate(self.mentions):
            if m.kind == "Person" and mi not in self.affiliates and m.key in by_key:
                self.affiliates[mi] = list(by_key[m.key])

    # -- questions about tokens and mentions
    def word(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].is_word

    def is_actor(self, mi: int) -> bool:
        m = self.mentions[mi]
        return m.kind in ("Person", "Organization") or (m.kind == "Place" and m.subtype == "Country")

    def is_place(self, mi: int) -> bool:
        return self.mentions[mi].kind == "Place"

    def is_source_org(self, mi: int) -> bool:
        """A media outlet or a monitor: it reports what others do."""
        m = self.mentions[mi]
        if m.kind != "Organization":
            return False
        if m.subtype == "MediaOutlet":
            return True
        first = words_of(m.label_ar or m.anchor)
        heads = load_triggers().source_heads
        return bool(first) and (first[0] in heads or first[0][1:] in heads)

    def reports_only(self, speakers: Sequence[int]) -> bool:
        """Every speaker is a source organization, or a person speaking for one."""
        if not speakers:
            return False
        for s in speakers:
            if self.is_source_org(s):
                continue
            if self.mentions[s].kind == "Person" and any(self.is_source_org(a) for a in self.affiliates.get(s, [])):
                continue
            return False
        return True

    def is_armed(self, mi: int) -> bool:
        return self.mentions[mi].subtype in ARMED

    def nisba_code(self, i: int) -> str:
        w = self.word(i)
        lex = load_triggers()
        for cand in (w, w[1:] if w[:1] in "وفبل" else ""):
            if cand and cand in lex.nisba:
                return lex.nisba[cand]
        return ""

    def country_mention(self, code: str, near: int) -> int | None:
        """The mention of a country (by ISO code) nearest to token ``near``, anywhere in the article."""
        best, best_d = None, None
        for mi, m in enumerate(self.mentions):
            if m.kind == "Place" and m.subtype == "Country" and m.country == code:
                d = abs(self.mention_toks[mi][0] - near)
                if best_d is None or d < best_d:
                    best, best_d = mi, d
        return best

    def government_of(self, code: str, near: int) -> int | None:
        best, best_d = None, None
        for mi, m in enumerate(self.mentions):
            if m.kind == "Organization" and m.subtype == "Government" and m.country == code:
                d = abs(self.mention_toks[mi][0] - near)
                if best_d is None or d < best_d:
                    best, best_d = mi, d
        return best

    def preposition_of(self, mi: int) -> str:
        """The preposition governing a mention (its own proclitic, a free one, or one before its head noun)."""
        m = self.mentions[mi]
        a, _ = self.mention_toks[mi]
        tok = self.toks[a]
        lead = normalize_ar(self.article.text[tok.raw_begin:m.begin]) if m.begin > tok.raw_begin else ""
        anchor_n = normalize_ar(m.anchor)
        if lead:
            lead = lead.lstrip("وف")
            if lead[:1] in ("ب", "ل", "ك"):
                return lead[:1]
        if anchor_n.startswith("لل") and not normalize_ar(m.label_ar or "").startswith("لل"):
            return "ل"
        if m.kind == "Person" and a - 1 in self.role_of:
            return ""
        i = a - 1
        for _ in range(4):
            if i < 0 or self.sent_of[i] != self.sent_of[a]:
                return ""
            w = self.word(i)
            if w in PREPOSITIONS:
                return w
            core = w[1:] if w[:1] in "وف" and len(w) > 3 else w
            if core in PREPOSITIONS:
                return core
            if core[:1] in ("ب", "ل") and core[1:] in PLACE_HEADS:
                return core[:1]
            if core in PLACE_HEADS or (core.startswith("ال") and core in PLACE_HEADS):
                if core in LOCATIVE and core not in ("ريف",):
                    return core  # غرب مدينة تدمر، جنوب شرق حلب
                i -= 1
                continue
            return ""
        return ""

    def mention_starting(self, i: int) -> int | None:
        mi = self.mention_at[i] if 0 <= i < len(self.toks) else None
        return mi

    def sentence_range(self, i: int) -> tuple[int, int]:
        return self.sent_toks[self.sent_of[i]]


# ---- candidates ------------------------------------------------------------------------------

@dataclass
class Cand:
    """A trigger being read; becomes an EventMention if it survives the filters."""

    start: int  # token range of the trigger
    stop: int
    reading: Reading
    cls: str
    pos: str
    tense: str
    sentence: int
    host: int | None = None  # token of the support verb governing a noun
    host_reading: Reading | None = None
    agents: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    speakers: list[int] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    about: list[int] = field(default_factory=list)
    time: TimeExpr | None = None
    time_source: str = ""
    negated: bool = False
    future: bool = False
    drop: str = ""  # why it is not an event ("" = kept)
    about_from: int | None = None  # where what a communication event is about starts
    content: int | None = None  # statements: first token of what is said
    attribution_only: bool = False
    absorbed: list[int] = field(default_factory=list)
    argued: bool = False
    imminent: bool = False  # على وشك، أوشك: about to happen

    @property
    def flags(self) -> frozenset[str]:
        return self.reading.trigger.flags


@dataclass
class SpeechFrame:
    """Who says what: a reporting verb (or cue), its speakers, and where its content starts."""

    token: int
    sentence: int
    speakers: list[int]
    content: int | None
    kind: str  # verb | cue | estimate
    inherited: bool = False


def _match_at(doc: Doc, i: int, index: dict[str, list[Reading]]) -> tuple[list[Reading], int]:
    """Readings of the longest phrase starting at token i, and where it stops."""
    readings = index.get(doc.word(i), [])
    if not readings:
        return [], i
    best: list[Reading] = []
    best_stop = i
    for r in readings:
        stop = i + 1
        ok = True
        for w in r.rest:
            t = doc.word(stop)
            core = t[1:] if t[:1] == "و" and len(t) > 3 else t
            core = core[2:] if core.startswith("ال") and len(core) > 4 else core
            if core != w and t != w:
                ok = False
                break
            stop += 1
        if not ok:
            continue
        if stop > best_stop:
            best, best_stop = [r], stop
        elif stop == best_stop:
            best.append(r)
    return best, best_stop


_VERBISH_BEFORE = _n("قد لقد ثم بعدما عندما حين لم لن ما سوف كان كانت وكان وكانت ان أن إن")


def _choose(doc: Doc, i: int, readings: list[Reading]) -> Reading:
    """One reading of an ambiguous surface: verb or noun, by its affixes and neighbours."""
    verbs = [r for r in readings if r.pos == "verb"]
    nouns = [r for r in readings if r.pos == "noun"]
    if not verbs:
        return sorted(nouns, key=lambda r: (not r.definite, r.suffixed))[0]
    if not nouns:
        return verbs[0]
    if any(r.definite for r in nouns):
        return [r for r in nouns if r.definite][0]
    prev = doc.word(i - 1)
    if prev in _VERBISH_BEFORE:
        return verbs[0]
    if prev in PREPOSITIONS or any(r.proclitic[-1:] in ("ب", "ل", "ك") for r in nouns if r.proclitic):
        return nouns[0]
    nxt = i + 1
    while doc.time_at[nxt] is not None if nxt < len(doc.toks) else False:
        nxt += 1
    if nxt < len(doc.toks) and doc.mention_at[nxt] is not None and doc.is_actor(doc.mention_at[nxt]):
        return verbs[0]
    if doc.word(i)[:1] in ("و", "ف") and (i == doc.sentence_range(i)[0] or doc.word(i - 1) in COORD):
        return verbs[0]
    return nouns[0]


def find_candidates(doc: Doc) -> list[Cand]:
    lex = load_triggers()
    out: list[Cand] = []
    i = 0
    n = len(doc.toks)
    while i < n:
        if not doc.is_word(i) or doc.mention_at[i] is not None or doc.time_at[i] is not None:
            i += 1
            continue
        readings, stop = _match_at(doc, i, lex.surfaces)
        if not readings:
            i += 1
            continue
        if any(doc.mention_at[k] is not None for k in range(i, stop)):
            i += 1
            continue
        r = _choose(doc, i, readings)
        trig = r.trigger
        cls = trig.cls
        c = Cand(i, stop, r, cls, r.pos, r.tense, doc.sent_of[i])
        out.append(c)
        i = stop
    return out


# ---- argument finding ------------------------------------------------------------------------

def _coordinated(doc: Doc, mi: int, forward: bool = True) -> list[int]:
    """A mention and the actors coordinated with it (X و Y، Z و W)."""
    out = [mi]
    a, b = doc.mention_toks[mi]
    if forward:
        j = b
        while j < len(doc.toks) and doc.sent_of[j] == doc.sent_of[a]:
            if doc.word(j) in COORD:
                j += 1
                continue
            nxt = doc.mention_at[j]
            if nxt is not None and nxt != out[-1] and doc.is_actor(nxt) and doc.word(j).startswith("و") \
                    and doc.mention_toks[nxt][0] == j:
                out.append(nxt)
                j = doc.mention_toks[nxt][1]
                continue
            if nxt is not None and nxt != out[-1] and doc.is_actor(nxt) and doc.word(j - 1) in COORD \
                    and doc.word(j - 2) != "" and doc.mention_at[j - 2] == out[-1]:
                # X، Y و Z: accept the comma list only when a و closes it further on
                out.append(nxt)
                j = doc.mention_toks[nxt][1]
                continue
            break
    else:
        j = a
        while j > 0:
            tok_first = doc.word(doc.mention_toks[out[-1]][0])
            if not tok_first.startswith("و"):
                break
            k = doc.mention_toks[out[-1]][0] - 1
            if k < 0 or doc.sent_of[k] != doc.sent_of[a]:
                break
            prev = doc.mention_at[k]
            if prev is None or not doc.is_actor(prev) or prev in out:
                break
            out.append(prev)
            j = doc.mention_toks[prev][0]
    # a person's title names who they speak for
    return out


def _with_affiliates(doc: Doc, mentions: list[int]) -> list[int]:
    out = []
    for mi in mentions:
        if mi not in out:
            out.append(mi)
        for aff in doc.affiliates.get(mi, []):
            if aff not in out:
                out.append(aff)
    return out


def _head_nisba(doc: Doc, j: int, limit: int) -> tuple[int | None, int]:
    """An unnamed actor: a head noun (مسؤولين، مصدر، وزراء خارجية) and a country adjective or country after it."""
    lex = load_triggers()
    w = doc.word(j)
    core = w[1:] if w[:1] in "وف" and len(w) > 3 else w
    head_len = 0
    for hw, _ in lex.heads.items():
        L = len(hw)
        cand = tuple(doc.word(j + k) for k in range(L))
        if (cand == hw or (core,) + cand[1:] == hw) and L > head_len:
            head_len = L
    if not head_len:
        code = doc.nisba_code(j) if w.startswith("ال") or core.startswith("ال") else ""
        return (doc.country_mention(code, j) if code else None), j + 1
    k = j + head_len
    for _ in range(3):
        if k >= limit:
            break
        code = doc.nisba_code(k)
        if code:
            return doc.country_mention(code, j), k + 1
        mi = doc.mention_at[k]
        if mi is not None and doc.is_actor(mi) and not doc.preposition_of(mi):
            return mi, doc.mention_toks[mi][1]
        k += 1
    return None, j + head_len


def subject_after(doc: Doc, v: int, stop_at_quote: bool = True, limit: int = 9, cities: bool = False) -> list[int]:
    """VSO: the actor right after a verb (over dates, قد, adverbs and a person's title)."""
    a, b = doc.sentence_range(v)
    j = v + 1
    steps = 0
    while j < b and steps < limit:
        w = doc.word(j)
        if w in QUOTES or w in ("(", ")"):
            if stop_at_quote and w in QUOTES:
                return []
            j += 1
            continue
        if doc.time_at[j] is not None or w in SKIP_AFTER_VERB or w in COORD:
            j += 1
            steps += 1
            continue
        q = skip_quantity(doc, j)
        if q > j:
            # فرّ اكثر من عشرة آلاف مدني: the counted noun is the subject
            steps += q - j
            j = q
            continue
        if j in doc.role_of:
            person = doc.role_of[j]
            return _with_affiliates(doc, _coordinated(doc, person))
        mi = doc.mention_at[j]
        if mi is not None:
            if (doc.is_actor(mi) or cities and doc.mentions[mi].subtype == "City") and not doc.preposition_of(mi):
                return _with_affiliates(doc, _coordinated(doc, mi))
            return []
        if w in PREPOSITIONS or w in COMPLEMENTIZERS:
            return []
        got, _ = _head_nisba(doc, j, b)
        if got is not None:
            near = doc.mention_toks[got][0]
            return _coordinated(doc, got) if j <= near < j + 6 else [got]
        return []
    return []


def subject_before(doc: Doc, v: int, limit: int = 14) -> list[int]:
    """SVO: the actor before a verb (over قد, dates, commas, a place phrase, a relative clause)."""
    a, _ = doc.sentence_range(v)
    j = v - 1
    steps = 0
    while j >= a and steps < limit:
        w = doc.word(j)
        steps += 1
        if doc.time_at[j] is not None or w in ("قد", "لقد") or w in QUOTES or w in (")", "("):
            j -= 1
            continue
        if w in COORD:
            # a relative clause or apposition between commas: ، التي … ،
            k = j - 1
            while k >= a and doc.word(k) not in COORD and k > j - 12:
                k -= 1
            seg_first = k + 1
            if k >= a and doc.word(seg_first) in RELATIVES:
                j = k - 1 if doc.word(k) in COORD else k
                continue
            j -= 1
            continue
        mi = doc.mention_at[j]
        if mi is not None:
            ma, _ = doc.mention_toks[mi]
            if doc.is_place(mi) and not doc.is_actor(mi):
                j = ma - 1
                # the preposition and head nouns of a place phrase
                while j >= a and (doc.word(j) in PREPOSITIONS or doc.word(j) in PLACE_HEADS
                                  or doc.word(j)[1:] in PLACE_HEADS or doc.word(j) in QUOTES):
                    j -= 1
                continue
            if doc.is_actor(mi):
                prep = doc.preposition_of(mi)
                if prep in ("في", "ب") and doc.mentions[mi].subtype == "Country":
                    j = ma - 1
                    continue
                if prep:
                    return []
                return _with_affiliates(doc, _coordinated(doc, mi, forward=False))
            return []
        if j in doc.role_of:
            return _with_affiliates(doc, [doc.role_of[j]])
        code = doc.nisba_code(j)
        if code and j - 1 >= a:
            got, _ = _head_nisba(doc, j - 1, v)
            if got is not None:
                return [got]
        return []
    return []


def preceding_actor(doc: Doc, i: int, armed_only: bool = False, exclude: Sequence[int] = ()) -> int | None:
    a, _ = doc.sentence_range(i)
    for j in range(i - 1, a - 1, -1):
        mi = doc.mention_at[j]
        if mi is None or mi in exclude or not doc.is_actor(mi):
            continue
        if armed_only and not doc.is_armed(mi):
            continue
        if doc.preposition_of(mi):
            continue
        return mi
    return None


def nearest_actor(doc: Doc, i: int, armed_only: bool = True, exclude: Sequence[int] = ()) -> int | None:
    a, b = doc.sentence_range(i)
    best, best_d = None, None
    for j in range(a, b):
        mi = doc.mention_at[j]
        if mi is None or mi in exclude or not doc.is_actor(mi):
            continue
        if armed_only and not doc.is_armed(mi):
            continue
        d = abs(j - i) + (0 if j < i else 1)
        if best_d is None or d < best_d:
            best, best_d = mi, d
    return best


def genitive_after(doc: Doc, c: Cand) -> list[int]:
    """The genitive or لـ complement of an event noun (هجوم قوات النظام، الاجتماع الطارئ لمجلس الأمن)."""
    a, b = doc.sentence_range(c.start)
    j = c.stop
    adjectives = 0
    while j < b and adjectives <= 3:
        w = doc.word(j)
        mi = doc.mention_at[j]
        q = skip_quantity(doc, j)
        if doc.time_at[j] is not None or q > j:
            j = max(j + 1, q)
            continue
        if mi is not None:
            if doc.is_actor(mi) and doc.mentions[mi].subtype != "MediaOutlet":
                prep = doc.preposition_of(mi)
                if prep in ("", "ل", "لدى") or doc.word(j - 1) in ("قبل",) or doc.word(j - 1) == "يد":
                    return _coordinated(doc, mi)
            return []
        if doc.time_at[j] is not None:
            j += 1
            continue
        if w in ("من", "قبل", "علي", "يد") and doc.word(j + 1) in ("قبل", "يد"):
            j += 1
            continue
        if w in COORD or w in QUOTES or w in PREPOSITIONS or w in RELATIVES:
            return []
        code = doc.nisba_code(j)
        if code:
            got = doc.country_mention(code, j)
            return [got] if got is not None else []
        if w.startswith("ال") or w.startswith("وال") or adjectives == 0:
            adjectives += 1
            j += 1
            continue
        return []
    return []


def host_of(doc: Doc, c: Cand) -> tuple[int | None, Reading | None]:
    """The support verb (or event verb) a noun trigger is the object of, in its clause."""
    lex = load_triggers()
    a, _ = doc.sentence_range(c.start)
    j = c.start - 1
    steps = 0
    while j >= a and steps < 14:
        w = doc.word(j)
        if w in (".", "؛", ";") or w in SUBORDINATORS:
            return None, None
        rs, _ = _match_at(doc, j, lex.support_surfaces)
        if rs and doc.word(j - 1) not in RELATIVES:
            return j, rs[0]
        steps += 1
        j -= 1
    return None, None


def _place_ok(doc: Doc, mi: int) -> bool:
    m = doc.mentions[mi]
    return m.kind == "Place"


def places_after(doc: Doc, start: int, end_limit: int, cls: str, stop_at_about: bool) -> tuple[list[int], int | None]:
    """Place mentions after a trigger in its clause: the first one governed by a locative preposition,
    widened to the list of neighbourhoods it opens. Returns (places, token where an about-zone starts)."""
    if start >= len(doc.toks):  # the trigger is the last word of the text: nothing follows it
        return [], None
    a, b = doc.sentence_range(start)
    b = min(b, end_limit)
    j = start
    steps = 0
    about_from = None
    while j < b and steps < 28:
        w = doc.word(j)
        if w in CLAUSE_BREAKS and w not in COORD:
            break
        if w in COORD:
            # a list continues after a comma (، وحى الصالحين), anything else ends the clause
            nxt = doc.word(j + 1)
            if not (nxt.startswith("و") and (nxt[1:] in PLACE_HEADS or doc.mention_at[j + 1] is not None)):
                if doc.mention_at[j + 1] is None:
                    break
        if stop_at_about and (w in ABOUT_CLAUSE_CUES or w in ABOUT_NP_CUES) and doc.mention_at[j] is None:
            if w in ABOUT_CLAUSE_CUES or cls in ("Statement", "Appeal") or (cls == "Vote" and w == "علي"):
                about_from = j
                break
            # a topic noun phrase: skip it, a place after it is still the event's
            k = j
            j += 1
            while j < b and doc.word(j) not in PREPOSITIONS and doc.mention_at[j] is None and j - k < 4:
                j += 1
            continue
        mi = doc.mention_at[j]
        if mi is not None:
            ma, mb = doc.mention_toks[mi]
            if _place_ok(doc, mi):
                prep = doc.preposition_of(mi)
                if cls in COMMUNICATION and prep not in ("في", "ب"):
                    pass
                elif prep in LOCATIVE or prep in ("ل", "ب") or cls == "TakeControl":
                    return _place_list(doc, mi), about_from
            j = mb
            steps += 1
            continue
        j += 1
        steps += 1
    return [], about_from


def _place_list(doc: Doc, mi: int) -> list[int]:
    """A place and the places listed with it (أحياء الفردوس وبستان القصر والزبدية), most specific first."""
    out = [mi]
    _, b = doc.mention_toks[mi]
    j = b
    while j < len(doc.toks) and doc.sent_of[j] == doc.sent_of[b - 1]:
        w = doc.word(j)
        nxt = doc.mention_at[j]
        if w in COORD:
            j += 1
            continue
        if nxt is not None and doc.is_place(nxt) and nxt not in out:
            m = doc.mentions[nxt]
            first = doc.mentions[out[0]]
            if m.subtype == first.subtype or (first.subtype == "Neighbourhood" and m.key == first.part_of):
                if w.startswith("و") or doc.word(j - 1) in COORD:
                    out.append(nxt)
                    j = doc.mention_toks[nxt][1]
                    continue
                if first.subtype == "Neighbourhood" and m.key == first.part_of:
                    j = doc.mention_toks[nxt][1]
                    continue
            break
        core = w[1:] if w.startswith("و") else w
        if core in PLACE_HEADS or w in PLACE_HEADS or w.startswith("ال") and len(out) and j - b < 4:
            j += 1
            continue
        break
    # a city followed by its own neighbourhood: the neighbourhood is more specific
    return [p for p in out if not any(doc.mentions[q].part_of == doc.mentions[p].key for q in out if q != p)] or out


def places_before(doc: Doc, start: int, limit: int = 8) -> list[int]:
    a, _ = doc.sentence_range(start)
    j = start - 1
    steps = 0
    while j >= a and steps < limit:
        w = doc.word(j)
        if w in CLAUSE_BREAKS:
            break
        mi = doc.mention_at[j]
        if mi is not None and doc.is_place(mi):
            prep = doc.preposition_of(mi)
            if prep in LOCATIVE:
                return [mi]
        j -= 1
        steps += 1
    return []


def places_in_sentence(doc: Doc, i: int, exclude_from: int | None = None) -> list[int]:
    """Any place of the sentence (not in a name), nearest to token i, cities and neighbourhoods first."""
    a, b = doc.sentence_range(i)
    found = []
    for mi, (ma, mb) in enumerate(doc.mention_toks):
        if ma < a or ma >= b or not doc.is_place(mi):
            continue
        if exclude_from is not None and ma >= exclude_from:
            continue
        if doc.preposition_of(mi) not in LOCATIVE and _strip_conj(doc.word(ma - 1), 0) not in PLACE_HEADS:
            continue
        m = doc.mentions[mi]
        rank = 0 if m.subtype in ("Neighbourhood", "City", "Site") else 1
        found.append((rank, abs(ma - i) + (0 if ma > i else 2), mi))
    found.sort()
    return [found[0][2]] if found else []


def main_city(doc: Doc) -> int | None:
    """The article's most mentioned city (the dateline aside) in its most mentioned country, as its first
    mention: where its fighting happens when a sentence does not say (a report from Moscow about Syria)."""
    countries: Counter = Counter(m.country for m in doc.mentions if m.kind == "Place" and m.country)
    main_country = countries.most_common(1)[0][0] if countries else ""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for mi, m in enumerate(doc.mentions):
        if m.kind != "Place" or m.subtype not in ("City",):
            continue
        if m.begin < 60 and re.search(r"[:–|]", doc.article.text[m.end:m.end + 4]):
            continue  # dateline
        if main_country and m.country != main_country:
            continue
        counts[m.key] += 1
        first.setdefault(m.key, mi)
    if not counts:
        return None
    key, _ = sorted(counts.items(), key=lambda kv: (-kv[1], first[kv[0]]))[0]
    return first[key]


# ---- time ----------------------------------------------------------------------------------

def _default_time(article: Article, past: bool) -> TimeExpr | None:
    p = article.published
    if p is None:
        return None
    earliest = p - dt.timedelta(days=1) if past and p > dt.date.min else p
    return TimeExpr(0, 0, "", earliest=earliest, latest=p, kind="article")


def pick_time(doc: Doc, c: Cand, trigger_positions: Sequence[int]) -> TimeExpr | None:
    """The time expression of the sentence nearest the trigger; after a verb preferred; crossing
    another trigger costs."""
    a, b = doc.sentence_range(c.start)
    anchor = c.host if c.host is not None and c.pos == "noun" and c.host < c.start else c.start
    best, best_cost = None, None
    seen = set()
    for j in range(a, b):
        ti = doc.time_at[j]
        if ti is None or ti in seen:
            continue
        seen.add(ti)
        t = doc.times[ti]
        if t.earliest is None or t.kind in ("unresolved", "duration"):
            continue
        if doc.in_quote[j] != doc.in_quote[c.start] and not doc.in_quote[c.start]:
            continue
        ta, tb = doc.time_toks[ti]
        if ta >= c.stop:
            d = ta - c.stop
            after = True
        elif anchor < ta < c.start:
            d = ta - anchor
            after = True
        else:
            d = max(0, min(anchor, c.start) - tb)
            after = False
        lo, hi = sorted((min(anchor, c.start) if not after else c.stop, ta))
        if anchor < ta < c.start:
            lo, hi = anchor, ta
        crossing = sum(1 for p in trigger_positions if lo < p < hi and p != c.start)
        breaks = sum(1 for k in range(lo, hi) if doc.word(k) in CLAUSE_BREAKS and doc.word(k) not in TEMPORAL_LINKS)
        cost = d + 4 * crossing + 2 * breaks + (0 if after else 1.5)
        if cost > 16:
            continue
        if not after and breaks and ta - a > 2:
            continue  # a date before the trigger, in an earlier clause
        if c.pos == "noun" and not after and d <= 2:
            cost -= 1  # "منتصف الشهر … هجوم": a date right before a noun
        if best_cost is None or cost < best_cost:
            best, best_cost = t, cost
    return best


# ---- the extraction ------------------------------------------------------------------------

def _clause_start(doc: Doc, i: int) -> int:
    a, _ = doc.sentence_range(i)
    j = i - 1
    while j >= a:
        if doc.word(j) in CLAUSE_BREAKS:
            return j + 1
        j -= 1
    return a


def _flags(doc: Doc, c: Cand) -> None:
    """Negation, future, hypothesis, purpose, topic, cause, state."""
    a, _ = doc.sentence_range(c.start)
    w = doc.word(c.start)
    prev = doc.word(c.start - 1)
    prev2 = doc.word(c.start - 2)
    head = c.host if c.host is not None else c.start
    hp = doc.word(head - 1)
    if c.pos == "verb":
        if (prev in NEGATIONS and not (prev == "ما" and _strip_conj(prev2, 0) in HABITUAL | CUE_BEFORE_MA)) \
                or (prev in ("قد", "لا") and prev2 in NEGATIONS):
            c.negated = True
        if prev in ("يعد", "تعد") and prev2 in NEGATIONS:
            c.negated = True
    else:
        if prev in NOUN_NEGATIONS or (c.host is not None and hp in NEGATIONS):
            c.negated = True
    tense = c.tense
    if c.host_reading is not None and c.host is not None and c.host < c.start:
        tense = c.host_reading.tense or tense
    clause = [doc.word(k) for k in range(max(a, _clause_start(doc, head) - 1), head)]
    if tense == "future" or "سوف" in clause[-3:] or any(x in FUTURE_WORDS for x in clause[-6:]):
        c.future = True
    if prev in ("لن",) or (c.host is not None and hp == "لن"):
        c.future = True
    # hypothesis: في حال، إذا، لو، إما … أو، من شأن، من المرجح
    window = [_strip_conj(doc.word(k), 0) for k in range(max(a, head - 12), head)]
    if any(x in HYPOTHETICAL for x in window):
        if "حال" in window:
            k = window.index("حال")
            if k > 0 and window[k - 1] in ("في", "وفي", "فان", "وان"):
                c.drop = "hypothetical"
        if any(x in ("اذا", "لو", "لولا", "ربما", "يمكن", "المرجح", "شان") or x in BELIEF for x in window) or \
                (prev in ("اما", "اما") or w.startswith("اما")):
            c.drop = "hypothetical"
        if prev in ("اما", "اما"):
            c.drop = "hypothetical"
    if any(_strip_conj(doc.word(k), 0) in HABITUAL for k in range(max(a, head - 3), head)):
        c.drop = c.drop or "habitual"
    before = [_strip_conj(doc.word(k), 0) for k in range(max(a, c.start - 4), c.start)]
    if c.pos == "noun" and any(x in INTENTION for x in before) and (prev in ("الي",) or prev in INTENTION):
        c.drop = c.drop or "intention"
    if c.pos == "noun":
        r = c.reading
        # purpose: لوقف القصف، لإجراء محادثات، لإستعادة السيطرة (and the noun after a purpose noun)
        if r.proclitic.endswith("ل") and c.cls != "Vote":
            c.drop = c.drop or "purpose"
        if prev.startswith("ل") and len(prev) > 3 and prev not in PREPOSITIONS and prev[1:3] != "ل" and \
                doc.mention_at[c.start - 1] is None and not _is_trigger_word(prev):
            if prev.startswith("لل") or prev[1:] in _PURPOSE_NOUNS or prev.startswith("لا"):
                c.drop = c.drop or "purpose"
        if prev in TOPIC_WORDS or prev2 in TOPIC_WORDS and prev in ("وقف", "ايقاف", "ايقاف"):
            c.drop = c.drop or "topic"
        if prev in CAUSE_WORDS or (prev == "وقع" and prev2 == "علي"):
            c.drop = c.drop or "cause"
        if prev in ("وقف", "ايقاف", "ايقاف", "لوقف", "بوقف", "لايقاف"):
            c.drop = c.drop or "topic"
        if "adjective" in c.flags and prev.startswith("ال") and doc.is_word(c.start - 1) and r.definite:
            c.drop = c.drop or "adjective"
        if prev in ("خطوط", "خط", "محاور"):
            c.drop = c.drop or "name"
        if prev == "تحت":
            c.drop = c.drop or "state"
        if prev in ("معركه",):
            c.drop = c.drop or "goal"
        if any(_purpose_word(x) for x in before[-3:]):
            c.drop = c.drop or "purpose"
    if "stative" in c.flags:
        if c.pos == "noun" and (prev in ("تحت",) or prev.endswith("لسيطره") or prev in ("الخاضعه", "خاضعه")
                                or doc.word(c.start - 2) in ("تحت",)):
            c.drop = c.drop or "state"
        if c.pos == "noun" and prev.startswith("ل") and prev2 in ("الخاضعه", "خاضعه", "خضعت"):
            c.drop = c.drop or "state"
        if c.pos == "noun" and any(x in STATE_BEFORE for x in before[-3:]):
            c.drop = c.drop or "state"
        if c.pos == "verb" and c.tense in ("present",) and not c.future:
            c.drop = c.drop or "state"
        if c.pos == "verb" and doc.word(c.stop) in ("عليها", "عليه", "عليهم"):
            nxt = doc.mention_at[c.stop + 1] if c.stop + 1 < len(doc.toks) else None
            if nxt is not None and doc.is_actor(nxt):
                c.drop = c.drop or "state"
    if w.endswith("لسيطره") and prev in ("تحت",):
        c.drop = c.drop or "state"
    if c.pos == "noun" and _predicted(doc, c):
        c.drop = c.drop or "hypothetical"
    if c.pos == "noun" and (doc.word(c.start - 1) == "وشك" or (c.host_reading is not None and normalize_ar(
            c.host_reading.trigger.forms[0]) in IMMINENT)):
        c.imminent = True
    # خروج الوضع عن السيطرة: "out of control", no one leaves and no one takes anything
    if c.cls == "TakeControl" and prev == "عن":
        c.drop = c.drop or "idiom"
    if any(doc.word(k) == "عن" and doc.word(k + 1) in ("السيطره", "سيطره") for k in range(c.stop, c.stop + 5)) \
            and c.cls in ("Displacement", "Withdrawal"):
        c.drop = c.drop or "idiom"


def _predicted(doc: Doc, c: Cand) -> bool:
    """A noun that is the subject of a prediction (سقوط حلب سيعد ضربة، خسارة حلب ستشكل نكسة)."""
    lex = load_triggers()
    _, b = doc.sentence_range(c.start)
    for k in range(c.stop, min(b, c.stop + 3)):
        w = doc.word(k)
        if w in CLAUSE_BREAKS or w in COMPLEMENTIZERS:
            return False
        if w.startswith("س") and len(w) > 3 and w[1] in "يتن" and not lex.surfaces.get(w) \
                and doc.mention_at[k] is None:
            return True
    return False


_PURPOSE_NOUNS = _n("بحث مناقشة وقف إيقاف تمكين السماح منع ضمان إجراء اجراء عقد تسهيل تأمين")


def _purpose_word(w: str) -> bool:
    """لبحث، للسماح، لتمكين: a purpose (ل + verbal noun of a closed list)."""
    if w.startswith("لل"):
        return "ال" + w[2:] in _PURPOSE_NOUNS or w[2:] in _PURPOSE_NOUNS
    return w.startswith("ل") and w[1:] in _PURPOSE_NOUNS


def _is_trigger_word(w: str) -> bool:
    return bool(load_triggers().surfaces.get(w))


def _check_lexical_conditions(doc: Doc, c: Cand) -> bool:
    trig = c.reading.trigger
    needs = trig.param("needs")
    if needs:
        _, b = doc.sentence_range(c.start)
        if not any(doc.word(k) == needs for k in range(c.stop, min(b, c.stop + 9))):
            return False
    with_ = trig.param("with")
    if with_:
        _, b = doc.sentence_range(c.start)
        if not any(doc.word(k) == with_ for k in range(c.stop, min(b, c.stop + 7))):
            return False
    if "place-object" in c.flags:
        _, b = doc.sentence_range(c.start)
        j = c.stop
        for _ in range(8):
            if j >= b:
                return False
            mi = doc.mention_at[j]
            if mi is not None:
                if doc.is_place(mi) and doc.preposition_of(mi) in ("", "الي", "الي"):
                    return True
                j = doc.mention_toks[mi][1]
                continue
            if doc.word(j) in PREPOSITIONS and doc.word(j) not in ("الي", "الي"):
                return False
            j += 1
        return False
    return True


def _speaker_of_content(doc: Doc, c: Cand) -> list[int]:
    """A person or organization that opens the reported clause (قال X إن Y «يود أن يعرب …»)."""
    if c.content is None:
        return []
    j = c.content
    mi = doc.mention_at[j] if j < len(doc.toks) else None
    if mi is None and j in doc.role_of:
        mi = doc.role_of[j]
    if mi is not None and doc.mentions[mi].kind == "Person":
        return _with_affiliates(doc, [mi])
    return []


def _content_start(doc: Doc, c: Cand) -> int | None:
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


def _reports_event_or_figure(doc: Doc, c: Cand, trigger_at: dict[int, Cand]) -> bool:
    """A statement whose content opens on an event or a number is attribution for it."""
    if c.content is None:
        return False
    _, b = doc.sentence_range(c.start)
    if doc.word(c.content) in load_triggers().report_nouns:
        return True  # أعلن الجيش أن معركة … دخلت مرحلتها النهائية: a report on the fighting
    for k in range(c.content, min(b, c.content + 5)):
        if _is_number_at(doc, k):
            return True
        other = trigger_at.get(k)
        if other is not None and other.cls not in COMMUNICATION and not other.drop and not other.negated:
            if other.pos == "verb" or any(_is_number_at(doc, x) for x in range(other.stop, min(b, other.stop + 5))):
                return True
        if lex_support_at(doc, k):
            return True
        if k > c.content and doc.word(k) in COORD:
            break
    return False


def skip_quantity(doc: Doc, j: int) -> int:
    """The token after a quantity starting at j (ما لا يقل عن مئة، اكثر من عشرة آلاف، 50 ألف), else j."""
    from kg.extract.figures import load_measures

    k = j
    changed = True
    while changed:
        changed = False
        for cue, _ in load_measures().approx_before:
            L = len(cue)
            words = [doc.word(k + x) for x in range(L)]
            if words and words[0] != cue[0] and words[0][1:] == cue[0]:
                words[0] = cue[0]  # بأكثر من
            if tuple(words) == cue:
                k += L
                changed = True
                break
    while _is_number_at(doc, k):
        k += 1
    return k if k > j and _is_number_at(doc, k - 1) else j


def _is_number_at(doc: Doc, k: int) -> bool:
    w = doc.word(k)
    return bool(w) and (w[0].isdigit() or w in _NUMBER_WORDS or w[1:] in _NUMBER_WORDS)


def lex_support_at(doc: Doc, k: int) -> bool:
    rs, _ = _match_at(doc, k, load_triggers().support_surfaces)
    return bool(rs) and rs[0].pos == "verb" and rs[0].tense == "past"


_NUMBER_WORDS = _n("الاف آلاف ألف الف عشرات مئات مئة مائة اكثر أكثر نحو حوالي قرابة عشرة خمسة ستة سبعة ثمانية تسعة "
                   "اربعة أربعة ثلاثة اثنين عشرين ثلاثين اربعين خمسين ثلثي ثلث نصف ربع")


def _statement_inherit(frames: list[SpeechFrame], sentence: int) -> list[int]:
    for f in reversed(frames):
        if f.sentence < sentence - 2:
            break
        if f.sentence <= sentence and f.speakers and f.kind == "verb":
            return list(f.speakers)
    return []


def analyze(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
            times: Sequence[TimeExpr]) -> tuple[Doc, list[Cand], list[SpeechFrame]]:
    """Every trigger read, with its arguments and the reason it is dropped (if it is)."""
    doc = Doc(article, sentences, mentions, times).build()
    lex = load_triggers()
    cands = [c for c in find_candidates(doc) if _check_lexical_conditions(doc, c)]
    trigger_at = {c.start: c for c in cands}
    positions = [c.start for c in cands]
    frames: list[SpeechFrame] = []

    # hosts, flags
    for c in cands:
        if c.pos == "noun":
            c.host, c.host_reading = host_of(doc, c)
            if c.host is None:
                # an event verb right before (استعاد … السيطرة) or a meeting verb for its purpose (يجتمع للتصويت)
                pass
        _flags(doc, c)

    # what an appeal asks for has not happened (طالب مجلس الأمن بعقد اجتماع، دعت لإجراء محادثات)
    for i, c in enumerate(cands):
        if c.cls != "Appeal" or c.drop:
            continue
        for d in cands[i + 1:]:
            if d.sentence != c.sentence or any(doc.word(k) in SUBORDINATORS for k in range(c.stop, d.start)):
                break
            if d.cls in ("Statement", "Appeal") or d.pos != "noun":
                continue
            prev = doc.word(d.start - 1)
            if d.pos == "noun" and (d.reading.proclitic[-1:] in ("ب", "ل") or prev[:1] in ("ب", "ل")
                                    or prev in ("الي", "الي")):
                d.drop = d.drop or "requested"
    # a noun right after a dropped one goes with it (لإستعادة السيطرة)
    for i, c in enumerate(cands[:-1]):
        d = cands[i + 1]
        if c.drop in ("purpose", "requested", "topic", "cause", "hypothetical", "intention", "goal") \
                and d.pos == "noun" \
                and d.start - c.stop <= 1 and not d.drop:
            d.drop = c.drop
    # verb + its verbal noun in one clause: one event
    for i, c in enumerate(cands):
        if c.pos != "verb" or c.drop:
            continue
        for d in cands[i + 1:i + 3]:
            if d.pos == "noun" and d.sentence == c.sentence and d.start - c.stop <= 4 and not d.drop \
                    and related_classes(d.cls, c.cls) and not any(doc.word(k) in CLAUSE_BREAKS
                                                                  for k in range(c.stop, d.start)):
                d.drop = "verbal-noun"
                c.absorbed.append(d.start)
    # a meeting held for a vote or talks: the vote is the event (يجتمع مجلس الأمن للتصويت)
    for i, c in enumerate(cands):
        if c.cls != "Meeting" or "purpose-host" not in c.flags or c.drop:
            continue
        for d in cands[i + 1:i + 4]:
            if d.sentence == c.sentence and d.cls in ("Vote", "Negotiation") and d.start - c.stop <= 6 \
                    and d.reading.proclitic.endswith("ل"):
                d.drop = ""
                d.host, d.host_reading = c.start, Reading(c.reading.trigger, "verb", c.tense, False, "", False)
                d.future = d.future or c.future
                c.drop = "hosts-purpose"
    # adjacent nouns of one class (انعقاد الإجتماع): one event
    for i, c in enumerate(cands[:-1]):
        d = cands[i + 1]
        if c.pos == "noun" and d.pos == "noun" and d.start == c.stop and c.cls == d.cls and not c.drop:
            d.drop = "same-phrase"

    # arguments
    for c in cands:
        if c.drop and c.drop not in ("verbal-noun",):
            continue
        _arguments(doc, c, cands, trigger_at)

    # what a meeting, talks or a vote are about has not happened there (لبحث التوصل الى اتفاق)
    for c in cands:
        if c.drop or c.cls not in ("Meeting", "Negotiation", "Vote", "Appeal") or c.about_from is None:
            continue
        for d in cands:
            if d.sentence == c.sentence and d.start > c.about_from and d.pos == "noun" and not d.drop \
                    and not any(doc.word(k) in SUBORDINATORS or doc.word(k) in COORD
                                for k in range(c.about_from, d.start)):
                d.drop = "topic"
    # fighting "along with" air strikes, "amid" shelling: one attack (دارت اشتباكات … تزامنا مع غارات روسية)
    for c in cands:
        if c.drop or ancestors(c.cls)[-1] != "Attack":
            continue
        for d in cands:
            if d is c or d.drop or d.sentence != c.sentence or d.start <= c.stop or d.pos != "noun" \
                    or ancestors(d.cls)[-1] != "Attack" or d.start - c.stop > 14:
                continue
            between = [_strip_conj(doc.word(k), 0) for k in range(c.stop, d.start)]
            if any(w in CONCURRENT for w in between) and not any(w in CLAUSE_BREAKS - COORD - {"وسط"}
                                                                   for w in between):
                common = next(x for x in ancestors(c.cls) if x in ancestors(d.cls))
                c.cls = common
                c.agents = _merge_lists(c.agents, d.agents)
                c.targets = _merge_lists(c.targets, [t for t in d.targets if t not in c.agents])
                c.places = c.places or d.places
                d.drop = "concurrent"
    # statements: content, attribution-only, speakers
    for c in cands:
        if c.drop or c.cls not in ("Statement", "Appeal"):
            continue
        c.content = _content_start(doc, c) if c.cls == "Statement" else c.content
    for c in cands:
        if c.drop or c.cls != "Statement":
            continue
        if c.pos == "verb" and _reports_event_or_figure(doc, c, trigger_at):
            c.attribution_only = True
        if doc.reports_only(c.speakers):
            c.attribution_only = True  # المرصد، وكالة الأنباء: sources, not actors
        if c.pos == "verb" and doc.word(c.start - 1) == "ما" and \
                _strip_conj(doc.word(c.start - 2), 0) in _n("بحسب حسب وفق وفقا"):
            c.attribution_only = True
    # speech frames (events and attribution), in text order; pronoun subjects continue the last speaker
    for c in sorted(cands, key=lambda x: x.start):
        if c.drop and c.drop != "verbal-noun":
            continue
        if c.cls not in ("Statement", "Appeal") or c.pos != "verb":
            continue
        if not c.speakers:
            inherited = _statement_inherit(frames, c.sentence)
            if inherited and _pronoun_subject(doc, c, inherited) and \
                    (doc.word(c.start)[:1] in ("و", "ف") or c.start == doc.sentence_range(c.start)[0]):
                c.speakers = inherited
        if c.cls == "Statement":
            frames.append(SpeechFrame(c.start, c.sentence, list(c.speakers), c.content, "verb"))
    # reporting verbs that are not statements (يقدر المرصد، وثق …) and cues (بحسب المرصد)
    for i in range(len(doc.toks)):
        if not doc.is_word(i) or doc.mention_at[i] is not None:
            continue
        rs, stop = _match_at(doc, i, lex.speech_surfaces)
        if rs and rs[0].tense in ("past", "present"):
            sp = subject_after(doc, i) or subject_before(doc, i)
            sp = [doc.government_of(doc.mentions[s].country, i) or s if doc.mentions[s].subtype == "City" else s
                  for s in sp]
            if sp:
                frames.append(SpeechFrame(i, doc.sent_of[i], sp, stop, "estimate"))
        first = _strip_conj(doc.word(i), 0)
        for cue in lex.cues:
            if cue[0] != first:
                continue
            if tuple(_strip_conj(doc.word(i + k), k) for k in range(len(cue))) == cue:
                src = _source_after(doc, i + len(cue))
                if src:
                    frames.append(SpeechFrame(i, doc.sent_of[i], src, i + len(cue), "cue"))
                break
    frames.sort(key=lambda f: f.token)

    # embedded statements in one sentence are one statement (قال دوجاريك إن بان كي مون «يعرب …»)
    stmts = [c for c in cands if c.cls == "Statement" and not c.drop]
    for i, c in enumerate(stmts):
        for d in stmts[i + 1:]:
            if d.sentence != c.sentence or c.content is None or d.start < c.content:
                continue
            c.speakers = _merge_lists(c.speakers, d.speakers or [])
            d.drop = "embedded"
        if c.content is not None and not c.drop:
            c.speakers = _merge_lists(c.speakers, _speaker_of_content(doc, c)
                                      if any(d.drop == "embedded" and d.sentence == c.sentence for d in stmts) else [])

    # times
    kept = [c for c in cands if not c.drop]
    for c in sorted(kept, key=lambda x: x.start):
        _time(doc, c, positions, kept)
        if c.time_source == "article" and c.cls not in ("Statement", "Appeal"):
            _inherit_time(doc, c, cands)
    return doc, cands, frames


def _inherit_time(doc: Doc, c: Cand, cands: list[Cand]) -> None:
    """An event without a date of its own takes one from its sentence: what a dated statement reports
    (أعلن يوم أمس إن الجيش استعاد …), or the event it is hours away from (بعد ساعات من استعادة …)."""
    a, _ = doc.sentence_range(c.start)
    window = [doc.word(k) for k in range(max(a, c.start - 4), c.start)]
    if any(w in RELATIVE_HOURS for w in window) and any(w in ("بعد", "قبل") for w in window):
        prior = [d for d in cands if d.sentence == c.sentence and d.start < c.start and d.time_source == "text"
                 and (not d.drop or d.attribution_only)]
        if prior:
            c.time, c.time_source = prior[-1].time, "text"
            return
    for d in cands:
        if d.sentence != c.sentence or d.cls != "Statement" or d.content is None or d.time_source != "text":
            continue
        if d.drop and not d.attribution_only:
            continue
        if d.content <= c.start:
            c.time, c.time_source = d.time, "text"
            return


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


def _strip_conj(w: str, k: int) -> str:
    if k == 0 and w[:1] in ("و", "ف") and len(w) > 3:
        return w[1:]
    return w


def _source_after(doc: Doc, j: int) -> list[int]:
    """The source named after an attribution cue (بحسب المرصد، وفق ما افاد المرصد، حسب ما أظهرت خرائط للمرصد)."""
    _, b = doc.sentence_range(j) if j < len(doc.toks) else (0, 0)
    steps = 0
    while j < b and steps < 6:
        mi = doc.mention_at[j]
        if j in doc.role_of:
            person = doc.role_of[j]
            return _with_affiliates(doc, [person])
        if mi is not None:
            if doc.is_actor(mi):
                m = doc.mentions[mi]
                if m.subtype == "City":
                    gov = doc.government_of(m.country, j)
                    return [gov] if gov is not None else []
                return _with_affiliates(doc, [mi])
            return []
        if doc.word(j) in COORD or doc.word(j) in (".",):
            return []
        got, _ = _head_nisba(doc, j, b)
        if got is not None:
            return [got]
        j += 1
        steps += 1
    return []


def _merge_lists(a: list[int], b: list[int]) -> list[int]:
    out = list(a)
    for x in b:
        if x not in out:
            out.append(x)
    return out


def _arguments(doc: Doc, c: Cand, cands: list[Cand], trigger_at: dict[int, Cand]) -> None:
    if c.argued:
        return  # done, or being done (a cause that points back at its effect)
    c.argued = True
    cls = c.cls
    subject: list[int] = []
    if c.pos == "verb":
        nxt = doc.word(c.stop)
        passive_number = cls in PATIENT_SUBJECT and (nxt[:1].isdigit() or nxt in _NUMBER_WORDS)
        rel = next((k for k in range(c.start - 1, max(doc.sentence_range(c.start)[0], c.start - 4) - 1, -1)
                    if doc.word(k) in RELATIVES), None)
        opens_clause = c.reading.proclitic[:1] in ("و", "ف")
        before = subject_before(doc, c.start) if rel is None and not opens_clause else []
        after = [] if passive_number else subject_after(doc, c.start, cities=cls in ("Statement", "Appeal"))
        if rel is not None and not after:
            # الجهاديين الذين كانوا قد استولوا عليها: the antecedent does it
            ante = doc.mention_at[rel - 1] if rel > 0 else None
            after = [ante] if ante is not None and doc.is_actor(ante) else []
            passive_number = True  # no guessing beyond the relative clause
        # SVO when an actor stands right before the verb, else VSO, else the actor before (pro-drop)
        subject = before or after
        if not subject and not passive_number and cls in MILITARY:
            pa = preceding_actor(doc, c.start, armed_only=True)
            if pa is not None and cls not in PATIENT_SUBJECT:
                subject = [pa]
    else:
        gen = genitive_after(doc, c)
        hr = c.host_reading if c.host is not None else None
        if hr is not None and "cause" in hr.trigger.flags:
            # تسبب الهجوم بمقتل …: the agent of the causing event
            cause = next((d for d in cands if d.sentence == c.sentence and c.host < d.start < c.start
                          and d.cls not in COMMUNICATION), None)
            if cause is not None:
                if not cause.agents:
                    _arguments(doc, cause, cands, trigger_at)
                c.agents = list(cause.agents)
            subject = gen
        elif gen:
            subject = gen
        elif c.host is not None:
            if hr is not None and "object-agent" in hr.trigger.flags:
                obj = [mi for mi in _mentions_between(doc, c.host + 1, c.start) if doc.is_actor(mi)]
                subject = obj[-1:] if obj else []
            else:
                subject = subject_before(doc, c.host) or subject_after(doc, c.host)
                if not subject and cls in MILITARY:
                    pa = preceding_actor(doc, c.host, armed_only=True)
                    subject = [pa] if pa is not None else []
        elif cls in MILITARY and cls not in PATIENT_SUBJECT:
            pa = preceding_actor(doc, c.start, armed_only=True)
            subject = [pa] if pa is not None else []
        if cls == "Appeal" and not subject and doc.word(c.stop) == "من":
            mi = doc.mention_at[c.stop + 1] if c.stop + 1 < len(doc.toks) else None
            if mi is not None and doc.is_actor(mi):
                subject = _coordinated(doc, mi)
        if cls in ("Meeting", "Negotiation") and c.reading.definite and not subject:
            # في ختام اللقاء، بعد الاجتماع: who acts in the clause took part in it
            if doc.word(c.start - 1) in ANAPHORA_SETTING or doc.word(c.start - 2) in ANAPHORA_SETTING:
                main = next((d for d in reversed(cands) if d.sentence == c.sentence and d.start < c.start
                             and d.pos == "verb" and d is not c), None)
                if main is not None:
                    if not (main.agents or main.speakers):
                        _arguments(doc, main, cands, trigger_at)
                    subject = list(main.speakers or main.agents)
    # who is what
    if "inverse" in c.flags:
        c.targets = _merge_lists(c.targets, subject)
    elif cls in PATIENT_SUBJECT:
        c.targets = _merge_lists(c.targets, subject)
    elif cls in ("Statement", "Appeal"):
        c.speakers = _merge_lists(c.speakers, subject)
        c.agents = []
    else:
        c.agents = _merge_lists(c.agents, subject)
    if "inverse" in c.flags and not c.agents and c.targets:
        sides = {_side(doc.mentions[t]) for t in c.targets}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.targets:
                side = _side(doc.mentions[mi])
                if side and side not in sides:
                    c.agents = [mi]
                    break
    escalate = c.reading.trigger.param("escalate")
    if escalate and _escalates(doc, c):
        c.cls = escalate
        cls = escalate
    armed_cls = c.reading.trigger.param("armed")
    if armed_cls and c.agents and all(doc.is_armed(a) for a in c.agents):
        c.cls = armed_cls
        cls = armed_cls
    # metonymy: a city that speaks is its government (اعتبرت دمشق)
    fixed = []
    for s in c.speakers:
        m = doc.mentions[s]
        if m.subtype == "City":
            gov = doc.government_of(m.country, c.start)
            if gov is not None:
                fixed.append(gov)
            continue
        fixed.append(s)
    c.speakers = fixed

    # targets
    if cls not in ("Statement",):
        _targets(doc, c)
    # killing with no agent: who attacks in the same sentence (عندما اقتحم الجيش السوري)
    if cls in PATIENT_SUBJECT and not c.agents:
        for d in cands:
            if d is c or d.sentence != c.sentence or d.cls in COMMUNICATION or d.cls in PATIENT_SUBJECT:
                continue
            if d.drop and d.drop != "cause":
                continue
            lo, hi = sorted((c.start, d.start))
            if any(doc.word(k) in CLAUSE_BREAKS and doc.word(k) not in TEMPORAL_LINKS for k in range(lo, hi)):
                continue
            if d.start > c.start or doc.word(d.start - 1) in CAUSE_WORDS or d.drop == "cause":
                if not d.agents:
                    _arguments(doc, d, cands, trigger_at)
                if d.agents:
                    c.agents = list(d.agents)
                    break
        if not c.agents:
            cause = _cause_agent(doc, c)
            if cause:
                c.agents = cause
    # military events with an agent and no target: the armed actor of the other side in the sentence
    if cls in MILITARY and c.agents and not c.targets and cls not in ("Withdrawal", "Killing", "Surrender"):
        agent_roles = {_side(doc.mentions[a]) for a in c.agents}
        a, b = doc.sentence_range(c.start)
        for mi, (ma, mb) in enumerate(doc.mention_toks):
            if a <= ma < b and doc.is_armed(mi) and mi not in c.agents:
                side = _side(doc.mentions[mi])
                if side and agent_roles and side not in agent_roles and "" not in agent_roles:
                    c.targets.append(mi)
                    break

    # places
    stop_at_about = cls in COMMUNICATION
    start = c.stop
    limit = len(doc.toks)
    places, about_from = places_after(doc, start, limit, cls, stop_at_about)
    if cls in COMMUNICATION and about_from is None:
        about_from = _about_cue(doc, c)
    c.about_from = about_from
    if cls in COMMUNICATION:
        c.places = [p for p in places if about_from is None or doc.mention_toks[p][0] < about_from]
        c.about = _about(doc, c, about_from)
    else:
        c.places = places or places_before(doc, c.start)
    if not c.places and cls in PHYSICAL:
        scene = next((d.places for d in reversed(cands) if d is not c and d.sentence == c.sentence
                      and d.start < c.start and d.places and d.cls in PHYSICAL and not d.drop), None)
        c.places = list(scene or []) or places_in_sentence(doc, c.start) or _previous_place(doc, c) or \
            ([main_city(doc)] if main_city(doc) is not None else [])
    c.agents = [a for a in c.agents if a not in c.places or doc.mentions[a].subtype == "Country"]


def _escalates(doc: Doc, c: Cand) -> bool:
    """هجوم بدأته، شن هجوما، الهجوم البري المستمر، هجوم شامل: an offensive, not a single attack."""
    if c.host_reading is not None and ("start" in c.host_reading.trigger.flags
                                       or normalize_ar(c.host_reading.trigger.forms[0]) in LAUNCH_VERBS):
        return True
    _, b = doc.sentence_range(c.start)
    for k in range(c.stop, min(b, c.stop + 5)):
        w = _strip_conj(doc.word(k), 0)
        if w in SCALE_WORDS:
            return True
        rs, _ = _match_at(doc, k + 1 if w in RELATIVES else k, load_triggers().support_surfaces)
        if rs and "start" in rs[0].trigger.flags and rs[0].pos == "verb":
            return True  # الهجوم الذي بدأ، هجوم بدأته
        if w in CLAUSE_BREAKS:
            break
    return False


def _about_cue(doc: Doc, c: Cand) -> int | None:
    """Where the topic of a communication event starts (لبحث، بحث، إن، أن …) in its clause."""
    _, b = doc.sentence_range(c.start)
    for j in range(c.stop, min(b, c.stop + 25)):
        w = doc.word(j)
        if w in SUBORDINATORS:
            return None
        if w in ABOUT_CLAUSE_CUES and doc.mention_at[j] is None:
            return j
    return None


def _side(m: Mention) -> str:
    """Which camp an armed actor fights in: the state's forces and their allies, the opposition, or its own."""
    if m.role in ("government-forces", "government", "allied-militias") or m.subtype == "ArmedForce":
        return "government"
    if m.role in ("opposition",):
        return "opposition"
    if m.subtype in ARMED:
        return m.key
    return ""


def _mentions_between(doc: Doc, a: int, b: int) -> list[int]:
    out = []
    for j in range(a, b):
        mi = doc.mention_at[j]
        if mi is not None and mi not in out:
            out.append(mi)
    return out


def _cause_agent(doc: Doc, c: Cand) -> list[int]:
    """جراء قذائف الفصائل، بسبب قصف قوات النظام: the actor of the cause."""
    _, b = doc.sentence_range(c.start)
    for j in range(c.stop, min(b, c.stop + 14)):
        if doc.word(j) in CLAUSE_BREAKS - COORD:
            break
        if doc.word(j) in CAUSE_WORDS:
            for k in range(j + 1, min(b, j + 6)):
                mi = doc.mention_at[k]
                if mi is not None and doc.is_actor(mi):
                    return [mi]
    return []


def _targets(doc: Doc, c: Cand) -> None:
    _, b = doc.sentence_range(c.start)
    j = c.stop
    steps = 0
    while j < b and steps < 10:
        w = doc.word(j)
        if w in CLAUSE_BREAKS and w not in COORD:
            break
        mi = doc.mention_at[j]
        if mi is not None:
            if doc.is_actor(mi) and mi not in c.agents and mi not in c.speakers:
                prep = doc.preposition_of(mi)
                if prep in ("ضد", "بحق") or (prep == "علي" and c.cls in ("Attack", "Airstrike", "Shelling",
                                                                           "Offensive", "Siege")):
                    c.targets = _merge_lists(c.targets, _coordinated(doc, mi))
                elif prep in ("الي", "الي") and c.cls == "Appeal":
                    c.targets = _merge_lists(c.targets, [mi])
                elif not prep and c.pos == "verb" and c.cls in ("Appeal", "Attack", "Statement") and \
                        doc.mentions[mi].kind != "Place" or (not prep and c.cls == "Appeal"):
                    c.targets = _merge_lists(c.targets, [mi])
                elif prep == "من" and c.cls in PATIENT_SUBJECT:
                    c.targets = _merge_lists(c.targets, [mi])
            j = doc.mention_toks[mi][1]
            steps += 1
            continue
        j += 1
        steps += 1
    # victims before a passive verb (60 شخصا قتلوا، 364 من مسلحي المعارضة … قتلوا)
    if c.cls in PATIENT_SUBJECT and c.pos == "verb":
        a, _ = doc.sentence_range(c.start)
        for j in range(c.start - 1, max(a, c.start - 8) - 1, -1):
            if doc.word(j) in CLAUSE_BREAKS - COORD or doc.word(j) in COMPLEMENTIZERS - {"من"}:
                break
            mi = doc.mention_at[j]
            if mi is not None and doc.is_actor(mi) and doc.preposition_of(mi) in ("من", "") and mi not in c.agents:
                c.targets = _merge_lists(c.targets, [mi])


def _about(doc: Doc, c: Cand, about_from: int | None) -> list[int]:
    """Places (and for statements, countries) in what a communication event is about."""
    a, b = doc.sentence_range(c.start)
    start = about_from if about_from is not None else (c.content if c.content is not None else None)
    if start is None:
        return []
    out = []
    for j in range(start, b):
        mi = doc.mention_at[j]
        if mi is not None and doc.is_place(mi) and mi not in out:
            out.append(mi)
            if len(out) >= 3:
                break
    return out


def _previous_place(doc: Doc, c: Cand) -> list[int]:
    """The last city or neighbourhood named in the two sentences before."""
    a, _ = doc.sentence_range(c.start)
    lo = doc.sent_toks[max(0, c.sentence - 2)][0]
    for j in range(a - 1, lo - 1, -1):
        mi = doc.mention_at[j]
        if mi is not None and doc.is_place(mi) and doc.mentions[mi].subtype in ("City", "Neighbourhood", "Site"):
            return [mi]
    return []


def _time(doc: Doc, c: Cand, positions: Sequence[int], kept: Sequence[Cand]) -> None:
    t = pick_time(doc, c, positions)
    head = c.host if c.host is not None and c.host < c.start else c.start
    if doc.word(head - 1) in _n("تاريخ موعد يوم") or doc.word(head - 2) in _n("تاريخ موعد"):
        # "منذ الخامس عشر من نوفمبر، تاريخ بدء الهجوم": the date in apposition
        a, _ = doc.sentence_range(c.start)
        for j in range(head - 1, max(a, head - 6) - 1, -1):
            ti = doc.time_at[j]
            if ti is not None and doc.times[ti].earliest is not None:
                t = doc.times[ti]
                break
    # غداة اجتماع …: the day before the report; عشية: the day after
    if t is not None and t.anchor and normalize_ar(t.anchor) in DAY_AFTER | DAY_BEFORE and \
            doc.time_toks[doc.times.index(t)][1] != c.start:
        t = None
    if t is not None:
        # a "since" date with a verb of beginning is the start day (تاريخ بدء الهجوم)
        if t.kind == "since" and c.host_reading is not None and "start" in c.host_reading.trigger.flags:
            t = replace(t, latest=t.earliest, kind="day")
        c.time, c.time_source = t, "text"
        return
    # إثره، بعده: right after the previous event, where it was
    _, b = doc.sentence_range(c.start)
    if any(doc.word(k) in ANAPHORA_AFTER for k in range(c.stop, min(b, c.stop + 8))):
        prior = [d for d in kept if d.start < c.start and d.time is not None and d.cls not in ("Statement",)
                 and d.sentence >= c.sentence - 1]
        if prior:
            p = prior[-1]
            c.time, c.time_source = p.time, p.time_source
            if not c.places:
                c.places = list(p.places)
            return
    past = c.tense in ("past",) or (c.pos == "noun" and not c.future)
    if c.host_reading is not None and c.host_reading.tense in ("present", "future"):
        past = False
    if c.future:
        past = False
    c.time, c.time_source = _default_time(doc.article, past), "article"


_RECENT: dict[tuple, tuple[Doc, list[Cand], list[SpeechFrame]]] = {}
_RECENT_SIZE = 4


def analyze_cached(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                   times: Sequence[TimeExpr] | None = None) -> tuple[Doc, list[Cand], list[SpeechFrame]]:
    """:func:`analyze`, shared by the event, figure and claim stages of one article (read-only results).
    Without ``times`` (the figure and claim stages do not get them) the analysis of the event stage is
    reused, or the times are found again."""
    key = (article, tuple(sentences), tuple(mentions))
    hit = _RECENT.get(key)
    if hit is not None and (times is None or tuple(hit[0].times) == tuple(times)):
        return hit
    if times is None:
        from kg.extract.timex import find_time_expressions

        times = find_time_expressions(article.text, article.published)
    result = analyze(article, sentences, mentions, tuple(times))
    if len(_RECENT) >= _RECENT_SIZE:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = result
    return result


def extract_events(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                   times: Sequence[TimeExpr]) -> list[EventMention]:
    """The events an article reports, one mention per trigger, in text order."""
    doc, cands, _ = analyze_cached(article, sentences, mentions, times)
    out: list[EventMention] = []
    for c in sorted(cands, key=lambda x: x.start):
        if c.drop or c.attribution_only:
            continue
        if c.cls in ("Statement", "Appeal") and (not c.speakers or doc.reports_only(c.speakers)):
            continue
        if c.cls in ("Meeting", "Negotiation", "Agreement", "Vote") and not (c.agents or c.speakers or c.places):
            continue  # talks with no one, nowhere: a topic, not an event
        if c.imminent and c.time_source != "text":
            continue  # "on the verge of" with no day: a prospect, not yet an event
        tb, te = doc.toks[c.start].raw_begin, doc.toks[c.stop - 1].raw_end
        while te < len(article.text) and unicodedata.category(article.text[te]) == "Mn":
            te += 1  # the diacritics on the last letter (فرّ) belong to the word
        out.append(EventMention(
            begin=tb, end=te, anchor=article.text[tb:te], cls=c.cls, sentence=c.sentence,
            agents=tuple(dict.fromkeys(c.agents)), targets=tuple(x for x in dict.fromkeys(c.targets)
                                                                 if x not in c.agents),
            speakers=tuple(dict.fromkeys(c.speakers)), places=tuple(dict.fromkeys(c.places)),
            about=tuple(x for x in dict.fromkeys(c.about) if x not in c.places),
            time=c.time, time_source=c.time_source if c.time is not None else "",
            negated=c.negated, future=c.future))
    return out
