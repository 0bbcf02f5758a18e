"""The aligned article: one article's tokens, with its sentences, mentions, time expressions, quotations
and people's titles laid on them, and the questions the later stages ask about a token or a mention
(is it an actor, which preposition governs it, which country does an adjective name).

A :class:`Doc` is plain data with queries; :func:`kg.extract.alignment.align` builds it (it reads the
lexicons and the clause's role phrases, which need the type declared here: this module imports neither,
so no import cycle runs through the Doc type).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.extract.classes import ARMED
from kg.extract.words import (
    APPOSITION_HEADS, CLOSE_QUOTES, COMPLEMENTIZERS, LIST_OPENERS, LOCATIVE, OPEN_QUOTES, PLACE_HEADS, PREPOSITIONS, QUOTES,
    RELATIVES, TITLE_MODIFIERS, strip_conj, words_of,
)
from kg.lexicon import word_set
from kg.model import Article, Mention, Sentence, TimeExpr
from kg.text.normalize import normalize_ar, normalize_text
from kg.text.tokens import Token, tokenize


LEADS_VERBS = word_set("leads_verbs")  # الذي يرأس X: the body a person heads


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
    phrases: list = field(default_factory=list)  # kg.extract.clause.RolePhrase, in text order
    fixed_role: dict[int, str] = field(default_factory=dict)  # mention -> modifier | support (not a participant)
    source_heads: frozenset[str] = frozenset()  # first words of organizations that report (attribution.tsv)
    nisba: Mapping[str, str] = field(default_factory=dict)  # country adjective (normalized) -> country code

    # -- construction
    def build(self, source_heads: frozenset[str], nisba: Mapping[str, str],
              role_phrases: Callable[[Doc], list]) -> Doc:
        """Lay the sentences, mentions, times, quotes and titles on the tokens (called by
        :func:`kg.extract.alignment.align`, which passes the lexicon data and the clause's phrase finder)."""
        self.source_heads, self.nisba = source_heads, nisba
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
        self.phrases = role_phrases(self)
        for p in self.phrases:
            if p.kind in ("modifier", "support"):
                for mi in p.mentions:
                    self.fixed_role.setdefault(mi, p.kind)
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
            first = a
            for i in range(a - 1, -1, -1):
                if self.toks[i].end <= role_begin:
                    break
                self.role_of[i] = mi
                first = i
            while first > 0 and first - 1 not in self.role_of and self.mention_at[first - 1] is None \
                    and self.sent_of[first - 1] == self.sent_of[a] and self.word(first - 1) in TITLE_MODIFIERS:
                first -= 1  # نائب وزير الخارجية X: the deputy's title
                self.role_of[first] = mi
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
        # the title after the name: فاسيلي نيبينزيا، مبعوث روسيا في الأمم المتحدة; نور الدين نصر، المسؤول
        # الإقليمي المكلف بالإنتاج بمنظمة الأغذية والزراعة; يان إيغلاند، الذي يرأس المجلس النرويجي للاجئين
        for mi, m in enumerate(self.mentions):
            if m.kind != "Person" or mi in self.affiliates:
                continue
            _, b = self.mention_toks[mi]
            j = b + 1 if self.word(b) in (",", "،") else b
            aff: list[int] = []
            while (body := self._apposed_body(j)) is not None and body not in aff:
                aff.append(body)  # X المستشار في الأمم المتحدة، الذي يرأس المجلس النرويجي: both
                e = self.mention_toks[body][1]
                if self.word(e) not in (",", "،"):
                    break
                j = e + 1
            if aff:
                self.affiliates[mi] = aff
        # a title the recognizer left out of the name, in construct with an organization right before it
        # (مدير المرصد السوري لحقوق الإنسان، رامي عبد الرحمن): the person speaks for that organization
        from kg.recognize.gazetteer import load_gazetteer

        titles = load_gazetteer().titles
        for mi, m in enumerate(self.mentions):
            if m.kind != "Person" or mi in self.affiliates or m.role:
                continue
            a, _ = self.mention_toks[mi]
            j = a - 2 if self.word(a - 1) in (",", "،") else a - 1
            other = self.mention_at[j] if j >= 0 else None
            if other is None or self.mentions[other].kind != "Organization" or self.mention_toks[other][1] != j + 1:
                continue
            t = self.mention_toks[other][0] - 1
            title = self.word(t)
            title = title[1:] if title[:1] in ("و", "ف") and len(title) > 3 else title
            if t >= 0 and self.is_word(t) and self.mention_at[t] is None and not title.startswith("ال") \
                    and (title,) in titles:
                self.affiliates[mi] = [other]
        # a person named again (عبد الرحمن) still speaks for whom their title said
        by_key: dict[str, list[int]] = {}
        for mi, aff in self.affiliates.items():
            by_key.setdefault(self.mentions[mi].key, aff)
        for mi, m in enumerate(self.mentions):
            if m.kind == "Person" and mi not in self.affiliates and m.key in by_key:
                self.affiliates[mi] = list(by_key[m.key])

    def _apposed_body(self, j: int) -> int | None:
        """The organization (or country) an apposition at token j says a person works for: a title noun
        (مبعوث، المسؤول، مدير) or a relative clause with a verb of heading (الذي يرأس), then the body, named
        in construct or after ل / ب / في, before the next comma or clause break."""
        w = self.word(j)
        relative = w in RELATIVES and strip_conj(self.word(j + 1)) in LEADS_VERBS
        if not relative and w not in APPOSITION_HEADS and not (w.startswith("ال") and w[2:] in APPOSITION_HEADS):
            return None
        k = j + 2 if relative else j + 1
        while k < min(len(self.toks), j + 12) and self.sent_of[k] == self.sent_of[j]:
            other = self.mention_at[k]
            if other is not None:
                om = self.mentions[other]
                prep = self.preposition_of(other)
                if om.kind == "Organization" and prep in ("", "ل", "ب", "في") \
                        or om.kind == "Place" and om.subtype == "Country" and prep in ("", "ل"):
                    e = self.mention_toks[other][1]
                    named = next((self.mention_at[x] for x in range(e, min(len(self.toks), e + 3))
                                  if self.mention_at[x] is not None), None)
                    if named is not None and self.mentions[named].kind == "Person":
                        return None  # أقال X، المسؤول بوزارة الخارجية Y: the title of the next name
                    return other
                if om.kind == "Person" or om.kind == "Place" and om.subtype == "Country":
                    return None
                k = self.mention_toks[other][1]  # مبعوث الأمم المتحدة إلى اليمن: a place in the title
                continue
            t = self.word(k)
            if t in (",", "،", ".", "؛", ":") or t in QUOTES or t in COMPLEMENTIZERS or self.time_at[k] is not None:
                return None
            k += 1
        return None

    # -- questions about tokens and mentions
    def word(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].is_word

    def is_actor(self, mi: int) -> bool:
        m = self.mentions[mi]
        return m.kind in ("Person", "Organization") or (m.kind == "Place" and m.subtype == "Country")

    def participates(self, mi: int) -> bool:
        """Not an actor that only describes a place (الخاضعة لسيطرة X) or backs an event (بدعم من X)."""
        return mi not in self.fixed_role

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
        heads = self.source_heads
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
        for cand in (w, w[1:] if w[:1] in "وفبل" else ""):
            if cand and cand in self.nisba:
                return self.nisba[cand]
        return ""

    def _nearest(self, kind: str, subtype: str, code: str, near: int) -> int | None:
        """The mention of that kind and subtype of country ``code`` nearest to token ``near`` (first on ties)."""
        best, best_d = None, None
        for mi, m in enumerate(self.mentions):
            if m.kind == kind and m.subtype == subtype and m.country == code:
                d = abs(self.mention_toks[mi][0] - near)
                if best_d is None or d < best_d:
                    best, best_d = mi, d
        return best

    def country_mention(self, code: str, near: int) -> int | None:
        """The mention of a country (by ISO code) nearest to token ``near``, anywhere in the article."""
        return self._nearest("Place", "Country", code, near)

    def government_of(self, code: str, near: int) -> int | None:
        """The mention of the government of a country (by ISO code) nearest to token ``near``."""
        return self._nearest("Organization", "Government", code, near)

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
            if w == "من" and self.word(i - 1).lstrip("و") in LIST_OPENERS:
                return ""  # كل من X و Y: a list of the clause's actors, not a من phrase
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

