"""The default recognizer: gazetteers, lexicons and patterns, offline.

Passes over the tokens of one article (normalized for matching, raw offsets kept):

1. gazetteer scan — longest match of countries, cities, organizations and
   descriptor actors, with proclitics stripped (وبحسب المرصد, بحلب, للأمم),
   glued words repaired (الأممالمتحدة) and one-letter typos tolerated inside
   multi-word names (الجماعت المسلحة);
2. titles before names — a title (وزير، المتحدثة باسم، الأمين العام، اللواء …),
   its modifiers (الخارجية الفرنسي، للأمم المتحدة، إلى سوريا …), then the name;
3. head nouns — neighbourhood lists (أحياء الفردوس وبستان القصر والزبدية, قريتي X وY),
   places (بلدة X), sites (مطار X, الكيلو 16: kg.recognize.sites) and organizations
   (وزارة الدفاع الروسية);
4. bylines — "(name)" on the first line;
5. short forms — a person's surname met again in the article (لافروف).

Ambiguous place names take the country in context, then the biggest population, and one-word
towns that are also common words need support (kg.recognize.towns);
descriptor actors without a country adjective (قوات النظام) take the article's
main country.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from rapidfuzz.distance import Levenshtein

from kg.lexicon import rows
from kg.model import Mention
from kg.recognize import sites, towns
from kg.recognize.gazetteer import Entry, Gazetteer, load_gazetteer
from kg.recognize.registry import register
from kg.recognize.spans import QUOTES as _QUOTES
from kg.recognize.spans import Match, Tok, clitic_phrase, definite, feminine, known
from kg.recognize.spans import common_word_zipf as _common_word
from kg.text.normalize import NormalizedText, normalize_ar, normalize_text
from kg.text.tokens import glued_split, proclitic_readings, tokenize

_NAME_PARTICLES = frozenset({"دي", "دو", "دا", "فان", "فون", "عبد", "ابو", "بن", "ابن", "ال", "ولد", "لو", "لا"})
_TITLE_LINKS = frozenset(normalize_ar(w) for w in ("باسم", "بإسم", "إلى", "الى", "في", "لدى", "لشؤون", "لحقوق"))
# Definite words that are grammar, not part of a title: الذي، التي، اليوم …
_DEFINITE_FUNCTION_WORDS = frozenset(normalize_ar(w) for w in (
    "الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان", "اليوم", "الآن", "الى", "إلا", "الا"))
_MAX_NAME_TOKENS = 3
# A third name word may be a famous surname (أردوغان 4.36, روحاني 4.13): stricter, verbs still stop (صرّح 4.59).
_COMMON_THIRD_NAME_ZIPF = 4.4
_MAX_TITLE_MODIFIERS = 7
_MAX_ORG_MODIFIERS = 5
_COUNT_WORD = re.compile(r"^(?:\d+|ال?[اآ]?لاف|ال?ف|الفا|مئات|مئه|ميه|مليون|ملايين|عشرات)$")
# Organization heads precise enough to open an unknown name on their own (heads.tsv, column use).
_OPEN_ORG_HEADS = frozenset(r["form"] for r in rows("heads.tsv") if r["what"] == "organization" and r["use"])


class RulesRecognizer:
    name = "rules"

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        self._first_max: dict[str, int] = {}
        self._firsts_by_second: dict[str, set[str]] = {}
        for toks in gazetteer.phrases:
            self._first_max[toks[0]] = max(self._first_max.get(toks[0], 0), len(toks))
            if len(toks) > 1:
                self._firsts_by_second.setdefault(toks[1], set()).add(toks[0])
        self._title_max = max(len(t) for t in gazetteer.titles)
        self._title_firsts = frozenset(t[0] for t in gazetteer.titles)
        self._light_stop = frozenset(w for w in gazetteer.stopwords)

    # ---- tokens ------------------------------------------------------------------------

    def _tokens(self, nt: NormalizedText) -> list[Tok]:
        out: list[Tok] = []
        vocab = self.g.vocabulary
        quoted = False
        for t in tokenize(nt):
            word = t.text
            if word in _QUOTES:  # quotes are transparent to lexicons (تنظيم «داعش») but end names
                quoted = True
                continue
            after_quote, quoted = quoted, False
            raw = nt.raw[t.raw_begin:t.raw_end]
            if t.is_word and word not in vocab and len(word) >= 7:
                cut = glued_split(word)
                if cut is not None and self._known(word[:cut]) and self._known(word[cut:]):
                    out.append(Tok(word[:cut], t.begin, t.begin + cut, after_quote))
                    out.append(Tok(word[cut:], t.begin + cut, t.end))
                    continue
            out.append(Tok(word, t.begin, t.end, after_quote, raw))
        return out

    def _known(self, word: str) -> bool:
        return known(self.g, word)

    # ---- pass 1: gazetteer -------------------------------------------------------------

    def _gazetteer_matches(self, toks: list[Tok]) -> list[Match]:
        matches: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            found = self._longest_at(toks, i)
            if found:
                matches.append(found)
                i = found.stop
            else:
                i += 1
        return matches

    def _longest_at(self, toks: list[Tok], i: int) -> Match | None:
        first = toks[i]
        if not first.is_word:
            return None
        best: Match | None = None
        for stem, cut in proclitic_readings(first.text):
            longest = self._first_max.get(stem, 0)
            for length in range(min(longest, len(toks) - i), 0, -1):
                if best and length <= best.stop - best.start:
                    break
                entries = self.g.lookup((stem, *(t.text for t in toks[i + 1:i + length])))
                if entries:
                    best = Match(i, i + length, cut, entries, "gazetteer")
                    break
        if best is None and len(first.text) >= 5 and i + 1 < len(toks):
            best = self._fuzzy_at(toks, i)
        return best

    def _fuzzy_at(self, toks: list[Tok], i: int) -> Match | None:
        """A one-letter typo in the first word of a multi-word name (الجماعت المسلحة)."""
        candidates = self._firsts_by_second.get(toks[i + 1].text)
        if not candidates:
            return None
        for stem, cut in proclitic_readings(toks[i].text):
            for first in sorted(candidates):
                if len(first) >= 5 and Levenshtein.distance(stem, first, score_cutoff=1) <= 1:
                    for length in range(min(self._first_max[first], len(toks) - i), 1, -1):
                        entries = self.g.lookup((first, *(t.text for t in toks[i + 1:i + length])))
                        if entries:
                            return Match(i, i + length, cut, entries, "gazetteer")
        return None

    # ---- pass 2: titles and names ------------------------------------------------------

    def _title_at(self, toks: list[Tok], i: int) -> tuple[int, str] | None:
        if not toks[i].is_word:
            return None
        for stem, _ in proclitic_readings(toks[i].text):
            if stem not in self._title_firsts:
                continue
            for length in range(min(self._title_max, len(toks) - i), 0, -1):
                entry = self.g.titles.get((stem, *(t.text for t in toks[i + 1:i + length])))
                if entry:
                    return i + length, entry.role
        return None

    def _person_matches(self, toks: list[Tok], covered: dict[int, Match], raw: NormalizedText) -> list[Match]:
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            if i in covered:
                i = covered[i].stop
                continue
            title = self._title_at(toks, i)
            if not title:
                i += 1
                continue
            k, role = title
            k = self._skip_title_modifiers(toks, k, covered)
            name_stop = self._name_extent(toks, k, covered)
            if name_stop > k:
                out.append(Match(k, name_stop, 0, [], "person", role=self._role_text(raw, toks, i, k)))
                i = name_stop
            else:
                i += 1
        return out

    def _skip_title_modifiers(self, toks: list[Tok], k: int, covered: dict[int, Match]) -> int:
        steps = 0
        while k < len(toks) and steps < _MAX_TITLE_MODIFIERS:
            t = toks[k]
            if k in covered:
                k = covered[k].stop
            elif t.text in (",", "،") and k + 1 < len(toks) and toks[k + 1].is_word:
                k += 1
                break  # a comma after the title introduces the name
            elif not t.is_word:
                break
            elif t.text in _TITLE_LINKS or t.text in self.g.nisba:
                k += 1
            elif self._definite(t.text) and t.text not in _DEFINITE_FUNCTION_WORDS:
                k += 1
            else:
                break
            steps += 1
        return k

    @staticmethod
    def _definite(word: str) -> bool:
        return definite(word)

    def _name_extent(self, toks: list[Tok], k: int, covered: dict[int, Match], titled: bool = True) -> int:
        """Where a person's name starting at token k ends (k when there is no name)."""
        start, words = k, 0
        if k >= len(toks) or not self._may_open_name(toks[k].text):
            return start
        while k < len(toks) and words < _MAX_NAME_TOKENS:
            t = toks[k]
            if k in covered or not t.is_word or t.text.isdigit() or (k > start and t.after_quote):
                break
            word = t.text
            if k > start and (self._function_word(word) or word in self.g.nisba or self._clitic_phrase(word)):
                break
            if word in _NAME_PARTICLES:
                k += 1
                continue
            if k == start and word not in self.g.given_names and _common_word(t.raw):
                return start  # مقابلة تلفزيونية، تعليم سابق: common nouns after a title
            if words >= 2 and len(toks[k - 1].text) > 2 and not self._may_end_name(t):
                break  # (after a syllable such as كي the name goes on: بان كي مون)
            words += 1
            k += 1
        while k > start and toks[k - 1].text in _NAME_PARTICLES:
            k -= 1
        name = [t.text for t in toks[start:k] if t.text not in _NAME_PARTICLES]
        if len(name) < 2:
            return start  # one word after a title is too often a common noun
        if len(name) == 3 and self._stands_alone(toks, name):
            k = next(i for i in range(start, k) if toks[i].text == name[1]) + 1  # دونالد ترامب | هدد
        if not titled and not self.g.given_names.get(name[0], False):
            return start
        return k

    def _may_open_name(self, word: str) -> bool:
        if word.startswith("ال") or word in self.g.nisba or len(word) < 2:
            return False
        if word in self._light_stop and word != "بان":
            return False
        if len(word) >= 5 and word.endswith(("ها", "هم", "هما")) and word not in self.g.given_names:
            return False  # a possessive noun: وزارتها
        # an office or an institution, not a name: وزارة الخارجية، لمفوضية اللاجئين، مكتب …
        return not any(stem in self.g.heads or (stem,) in self.g.titles for stem, _ in proclitic_readings(word))

    @staticmethod
    def _clitic_phrase(word: str) -> bool:
        return clitic_phrase(word)

    def _function_word(self, word: str) -> bool:
        """A stopword, title or head noun, also behind a proclitic (ولن، ومستشار)."""
        stems = [word, word[1:]] if word[0] in "وف" and len(word) > 2 else [word]  # only و/ف: كيري is no ك+يري
        return any(stem in self.g.stopwords or stem in self.g.heads or (stem,) in self.g.titles for stem in stems)

    def _may_end_name(self, t: Tok) -> bool:
        """A third name word: a known given name, or a rare word neither clitic-led, verb-shaped nor definite."""
        word = t.text
        if word in self.g.given_names:
            return True
        if word.startswith("ال") or (len(word) >= 4 and word[0] in "وفبلكيتن"):
            return False
        return not _common_word(t.raw, _COMMON_THIRD_NAME_ZIPF)

    @staticmethod
    def _stands_alone(toks: list[Tok], name: list[str]) -> bool:
        """The second word of a three-word name met elsewhere without the third: it is the surname."""
        first, second, third = name
        return any(t.text == second and (i + 1 >= len(toks) or toks[i + 1].text != third)
                   and (i == 0 or toks[i - 1].text != first) for i, t in enumerate(toks))

    def _untitled_person_matches(self, toks: list[Tok], covered: dict[int, Match]) -> list[Match]:
        """Names without a title, opened by a known given name: قال دونالد ترامب إن …"""
        out: list[Match] = []
        i = 0
        while i < len(toks):
            if i in covered:
                i = covered[i].stop
                continue
            t = toks[i]
            stem, cut = next(((s, c) for s, c in proclitic_readings(t.text) if self.g.given_names.get(s)), ("", 0))
            if stem and (i == 0 or toks[i - 1].text not in self.g.given_names):
                original = toks[i]
                toks[i] = Tok(stem, t.begin + cut, t.end, t.after_quote)
                stop = self._name_extent(toks, i, covered, titled=False)
                if stop > i:
                    out.append(Match(i, stop, 0, [], "person"))
                    i = stop
                    continue
                toks[i] = original
            i += 1
        return out

    @staticmethod
    def _role_text(nt: NormalizedText, toks: list[Tok], i: int, k: int) -> str:
        while k > i and not toks[k - 1].is_word:
            k -= 1
        if k <= i:
            return ""
        b, e = nt.raw_span(toks[i].begin, toks[k - 1].end)
        return " ".join(nt.raw[b:e].split())

    # ---- pass 3: head nouns -------------------------------------------------------------

    def _head_matches(self, toks: list[Tok], covered: dict[int, Match], kinds: tuple[str, ...]) -> list[Match]:
        out: list[Match] = []
        i, n = 0, len(toks)
        while i < n:
            if i in covered:
                i = covered[i].stop
                continue
            found = sites.head_at(self.g, toks[i])
            head, cut = found if found else (None, 0)
            if head is None or head.role not in kinds:
                i += 1
                continue
            if head.role in ("place-list", "place-pair"):
                items = sites.list_items(self.g, toks, i + 1, covered, pair=head.role == "place-pair",
                                         single=i > 0 and sites.superlative(toks[i - 1]))
                out.extend(Match(a, b, 0, [], "place", role=head.subtype) for a, b in items)
                i = items[-1][1] if items else i + 1
            elif head.role in ("place", "site"):
                a, b = i + 1, sites.place_name_extent(self.g, toks, i + 1, covered, region=head.role == "place")
                if b > a and head.role == "site":
                    b = sites.site_adjective(self.g, toks, b)
                    out.append(Match(i, b, cut, [], "place", role=head.subtype))
                elif b > a:  # the head is part of the mention, the name is the place's (مدينة | إينسبروك)
                    start, first_cut = sites.head_prefix(self.g, toks, i, i, cut) if not cut else (i, cut)
                    out.append(Match(start, b, first_cut, [], "place", role=head.subtype, name_start=a))
                elif head.role == "site" and toks[i].text[cut:].startswith("ال") and a < n and toks[a].text in self.g.nisba:
                    b = a + 1  # القنصلية السعودية، القاعدة الروسية: the site of a country
                    out.append(Match(i, b, cut, [], "place", role=head.subtype,
                                     key=self.g.country_key(self.g.nisba[toks[a].text])))
                i = max(b, i + 1)
            elif head.role == "numbered":
                b = sites.numbered_extent(toks, i + 1)
                if b > i + 1 and (i == 0 or not toks[i - 1].text.isdigit()):  # (5 كيلو: a weight)
                    out.append(Match(i, b, cut, [], "place", role=head.subtype))
                i = max(b, i + 1)
            else:
                b = self._org_extent(toks, i, covered, head)
                if b > i + 1:
                    out.append(Match(i, b, cut, [], "organization", role=head.subtype))
                i = max(b, i + 1)
        return out

    def _org_extent(self, toks: list[Tok], i: int, covered: dict[int, Match], head: Entry) -> int:
        head_stem = next(s for s, _ in proclitic_readings(toks[i].text) if self.g.heads.get(s))
        k = i + 1
        if k < len(toks) and toks[k].text in _QUOTES:
            end = k + 1
            while end < len(toks) and end - k < 5 and toks[end].text not in _QUOTES:
                end += 1
            return end + 1 if end < len(toks) and end > k + 1 else i
        if head_stem not in _OPEN_ORG_HEADS:
            return i
        steps = 0
        while k < len(toks) and steps < _MAX_ORG_MODIFIERS:
            t = toks[k]
            if k in covered or not t.is_word or t.text in self.g.stopwords:
                break
            if k > i + 1 and t.text.startswith("وال"):
                break  # الشرطة والجنود: a second noun, not a modifier
            if k == i + 1 and self._definite(head_stem) and self._definite(t.text) \
                    and feminine(head_stem) != feminine(t.text):
                break  # a definite head's adjective agrees with it: وزير الخارجية | الفرنسي (the minister's)
            if self._definite(t.text) or t.text in self.g.nisba:
                k += 1
            elif t.text.startswith("ل") and k + 1 < len(toks) and self._definite(toks[k + 1].text):
                k += 1
            else:
                break
            steps += 1
        if k > i + 1 and k + 1 < len(toks) and toks[k].text == "في" and k + 1 in covered \
                and covered[k + 1].kind == "gazetteer" and covered[k + 1].entries[0].kind == "Place":
            return covered[k + 1].stop  # a local body: اللجنة الأمنية في حلب
        return k if k > i + 1 else i

    # ---- pass 4: byline ------------------------------------------------------------------

    @staticmethod
    def _byline(text: str) -> list[tuple[int, int]]:
        first_line = text.split("\n", 1)[0][:200]
        m = re.search(r"\(([\u0621-\u064a]+(?: [\u0621-\u064a]+){1,2})\)\s*$", first_line)
        return [(m.start(1), m.end(1))] if m else []

    # ---- assembly ------------------------------------------------------------------------

    def __call__(self, text: str) -> list[Mention]:
        nt = normalize_text(text)
        toks = self._tokens(nt)
        gazetteer = self._gazetteer_matches(toks)
        countries = towns.context_countries(gazetteer)
        main_country = countries.most_common(1)[0][0] if countries else ""
        # a country adjective names its country too (العاصمة الليبية طرابلس: Tripoli of Libya, not of Lebanon)
        adjectives = frozenset(self.g.nisba[t.text] for t in toks if t.text in self.g.nisba)
        for m in gazetteer:
            m.entries = towns.rank_places(m.entries, countries + Counter(adjectives), main_country)
        gazetteer = towns.plausible_places(self.g, gazetteer, toks, countries, main_country)
        covered = {m.start: m for m in gazetteer}

        def cover(matches: list[Match]) -> None:
            covered.update({m.start: m for m in matches})

        places = sites.compounds(self.g, toks, gazetteer)  # مطار الحديدة; مدينة الأبيض takes its head
        covered = {m.start: m for m in gazetteer}
        cover(places)
        places += self._head_matches(toks, covered, sites.PLACE_HEAD_KINDS)
        cover(places)
        persons = self._person_matches(toks, covered, nt)
        cover(persons)
        persons += self._untitled_person_matches(toks, covered)
        cover(persons)
        organizations = self._head_matches(toks, covered, ("organization",))

        mentions = [self._bind_country(self._gazetteer_mention(nt, toks, m), main_country) for m in gazetteer]
        city_key = self._main_city(mentions)
        for m in persons:
            mentions.append(self._span_mention(nt, toks, m, "Person", "", "person:", role=m.role))
        for m in places:
            if m.key or m.role != "Region":
                parent = m.key or self._nearest_city(mentions, toks[m.start].begin, nt) or city_key
            else:  # a region is part of a country, not of a town named near it
                parent = self.g.country_key(main_country)
            mention = self._span_mention(nt, toks, m, "Place", m.role, "place:", part_of=parent)
            scope = parent or self.g.country_key(main_country)
            mentions.append(replace(mention, key=f"place:{scope}/{mention.key.removeprefix('place:')}"))
        for m in organizations:
            mentions.append(self._span_mention(nt, toks, m, "Organization", m.role, "org:"))
        for b, e in self._byline(text):
            name = " ".join(text[b:e].split())
            mentions.append(Mention(b, e, text[b:e], kind="Person", key=f"person:{_norm(name)}", label_ar=name,
                                    role="reporter", source=self.name))
        mentions += self._acting_countries(nt, toks, covered)
        mentions += self._counted_civilians(nt, toks, covered, main_country)
        mentions = self._name_jihadists(_drop_overlaps(mentions))
        mentions += self._short_forms(nt, toks, mentions)
        return sorted(_drop_overlaps(mentions), key=lambda m: (m.begin, m.end))

    def _acting_countries(self, nt: NormalizedText, toks: list[Tok], covered: dict[int, Match]) -> list[Mention]:
        """A country adjective after a military noun names who acts: الغارات الروسية -> Russia."""
        out = []
        for i in range(len(toks) - 1):
            adjective = toks[i + 1]
            if i + 1 in covered or adjective.text not in self.g.nisba:
                continue
            head = next((self.g.heads[s] for s, _ in proclitic_readings(toks[i].text) if s in self.g.heads), None)
            country = self.g.countries.get(self.g.nisba[adjective.text])
            if head is None or head.role != "agent-noun" or country is None:
                continue
            b, e = nt.raw_span(adjective.begin, adjective.end)
            out.append(Mention(b, e, nt.raw[b:e], kind="Place", subtype="Country", key=country.key,
                               label_ar=country.label_ar, label_en=country.label_en, geonames_id=country.geonames_id,
                               country=country.country, role="adjective", source=self.name, confidence=0.8))
        return out

    def _counted_civilians(self, nt: NormalizedText, toks: list[Tok], covered: dict[int, Match],
                           main_country: str) -> list[Mention]:
        """"50 ألف مدني": a counted singular civilian is the civilians (alone, مدني is just "civil")."""
        out = []
        for i in range(1, len(toks)):
            if i in covered or toks[i].text != "مدني" or not _COUNT_WORD.match(toks[i - 1].text):
                continue
            b, e = nt.raw_span(toks[i].begin, toks[i].end)
            key = "actor:civilians" + (f":{main_country}" if main_country else "")
            out.append(Mention(b, e, nt.raw[b:e], kind="Organization", subtype="PopulationGroup", key=key,
                               label_ar=nt.raw[b:e], role="civilians", country=main_country, source=self.name))
        return out

    def _name_jihadists(self, mentions: list[Mention]) -> list[Mention]:
        """"The jihadists" of an article about one jihadist group are that group."""
        groups = {m.key: m for m in mentions if "jihadists" in self.g.refers_to.get(m.key, ())}
        if len(groups) != 1:
            return mentions
        (group,) = groups.values()
        return [replace(m, key=group.key, subtype=group.subtype, label_ar=group.label_ar, label_en=group.label_en,
                        country=group.country, role="")
                if m.key.startswith("actor:jihadists") else m for m in mentions]

    def _gazetteer_mention(self, nt: NormalizedText, toks: list[Tok], m: Match) -> Mention:
        entry = m.entries[0]
        b, e = nt.raw_span(toks[m.start].begin + m.cut, toks[m.stop - 1].end)
        kind = "Organization" if entry.kind in ("Actor", "Organization") else entry.kind
        part_of = entry.part_of
        if entry.kind == "Place" and entry.subtype == "City" and not part_of:
            part_of = self.g.country_key(entry.country)
        return Mention(b, e, nt.raw[b:e], kind=kind, subtype=entry.subtype, key=entry.key, label_ar=entry.label_ar,
                       label_en=entry.label_en, geonames_id=entry.geonames_id, lat=entry.lat, lon=entry.lon,
                       country=entry.country, part_of=part_of, role=entry.role, source=self.name)

    def _bind_country(self, m: Mention, main_country: str) -> Mention:
        """Descriptor actors without a country adjective take the article's main country."""
        if m.key.startswith("actor:") and m.key.count(":") == 1 and main_country:
            return replace(m, key=f"{m.key}:{main_country}", country=main_country)
        return m

    @staticmethod
    def _main_city(mentions: list[Mention]) -> str:
        cities = Counter(m.key for m in mentions if m.subtype == "City")
        return cities.most_common(1)[0][0] if cities else ""

    @staticmethod
    def _nearest_city(mentions: list[Mention], norm_begin: int, nt: NormalizedText) -> str:
        """The city named closest after a neighbourhood list in the same sentence (… جنوب شرق حلب)."""
        raw_begin = nt.raw_index[norm_begin]
        following = [m for m in mentions if m.subtype == "City" and 0 < m.begin - raw_begin < 120
                     and not re.search(r"[.!?؟\n]", nt.raw[raw_begin:m.begin])]
        return min(following, key=lambda m: m.begin).key if following else ""

    def _span_mention(self, nt: NormalizedText, toks: list[Tok], m: Match, kind: str, subtype: str, prefix: str,
                      role: str = "", part_of: str = "") -> Mention:
        b, e = nt.raw_span(toks[m.start].begin + m.cut, toks[m.stop - 1].end)
        anchor = nt.raw[b:e]
        named = nt.raw_span(toks[m.name_start].begin, toks[m.stop - 1].end)[0] if m.name_start > m.start else b
        label = " ".join(nt.raw[named:e].split())  # a place after its head is named without it (إينسبروك)
        return Mention(b, e, anchor, kind=kind, subtype=subtype, key=prefix + _norm(label), label_ar=label,
                       role=role, part_of=part_of, source=self.name)

    def _short_forms(self, nt: NormalizedText, toks: list[Tok], mentions: list[Mention]) -> list[Mention]:
        """A person's surname met alone elsewhere in the article is the same person."""
        taken = bytearray(len(nt.raw))  # characters already inside a mention
        for m in mentions:
            taken[m.begin:m.end] = b"\x01" * (m.end - m.begin)
        surnames: dict[tuple[str, ...], Mention] = {}
        for m in mentions:
            if m.kind != "Person":
                continue
            parts = _norm(m.label_ar).split()
            if len(parts) < 2:
                continue
            surname = tuple(parts[-2:]) if parts[-2] in _NAME_PARTICLES else (parts[-1],)
            if len("".join(surname)) >= 4 and not any(w in self.g.stopwords for w in surname):
                surnames.setdefault(surname, m)
        out: list[Mention] = []
        by_first: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}
        for surname, person in surnames.items():
            by_first.setdefault(surname[0], []).append((surname, person))
        for i, t in enumerate(toks):
            for stem, cut in proclitic_readings(t.text):
                for surname, person in by_first.get(stem, ()):
                    size = len(surname)
                    if tuple(x.text for x in toks[i + 1:i + size]) != surname[1:]:
                        continue
                    b, e = nt.raw_span(t.begin + cut, toks[i + size - 1].end)
                    if any(taken[b:e]):
                        continue
                    out.append(replace(person, begin=b, end=e, anchor=nt.raw[b:e], role="", confidence=0.8))
                    taken[b:e] = b"\x01" * (e - b)
        return out


def _norm(label: str) -> str:
    return normalize_ar(label)


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping mentions (earlier passes win ties); O(n log n)."""
    starts: list[int] = []  # kept spans, sorted by begin, never overlapping each other
    ends: list[int] = []
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: -(m.end - m.begin)):
        i = bisect_right(starts, m.begin)
        if (i and ends[i - 1] > m.begin) or (i < len(starts) and starts[i] < m.end):
            continue
        starts.insert(i, m.begin)
        ends.insert(i, m.end)
        kept.append(m)
    return kept


@register("rules")
def rules_factory(argument: str = "") -> RulesRecognizer:
    return RulesRecognizer(load_gazetteer())
