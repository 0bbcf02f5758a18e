"""Entity resolution across articles: one node per real-world entity.

Mentions already carry a resolution key from recognition (GeoNames id, lexicon
key, descriptor role + country, or a normalized name). This stage merges what
keys alone cannot: people named in full in one place and by surname or a
variant spelling elsewhere (دي ميستورا → ستافان دي ميستورا; استيفان/ستافان),
using rapidfuzz for the spelling variants. Distinct descriptor actors keep
distinct keys (the Syrian government ≠ the Syrian army ≠ Syria).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from rapidfuzz import fuzz

from kg.model import ArticleAnalysis, Entity, Mention, Ref
from kg.text.normalize import normalize_ar

_SURNAME_PARTICLES = frozenset({"دي", "دو", "دا", "فان", "فون", "عبد", "ابو", "بن", "ابن", "ال"})
_FIRST_NAME_SIMILARITY = 70  # rapidfuzz ratio for spelling variants of a first name (استيفان ~ ستافان)
_ROLE_EN = {
    "government-forces": "government forces",
    "government": "government",
    "opposition": "armed opposition",
    "allied-militias": "allied militias",
    "civilians": "civilians",
    "jihadists": "jihadists",
}


_HASHTAG_JOIN = re.compile(r"(?<=[\u0621-\u064a])_(?=[\u0621-\u064a])")


def canonical_key(key: str) -> str:
    """A key as one entity has it whatever its writing: a hashtag's underscore between Arabic words is a space
    (#مطار_الحديدة is مطار الحديدة). Lexicon keys (org:arab_league) are left as they are."""
    return _HASHTAG_JOIN.sub(" ", key) if "_" in key else key


def _surname(name: str) -> tuple[str, ...]:
    parts = name.split()
    if len(parts) >= 2 and parts[-2] in _SURNAME_PARTICLES:
        return tuple(parts[-2:])
    return tuple(parts[-1:])


def person_aliases(keys: set[str]) -> dict[str, str]:
    """Map each person key to the key of the fullest name it refers to.

    Two names are one person when their surnames agree and their first names are
    absent from one of them or spelling variants of each other.
    """
    names = {k: k.removeprefix("person:") for k in keys}
    by_surname: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, name in names.items():
        by_surname[_surname(name)].append(key)
    alias: dict[str, str] = {}
    for group in by_surname.values():
        # fullest names first; every name joins the first compatible fuller one
        group.sort(key=lambda k: (-len(names[k].split()), -len(names[k]), k))
        heads: list[str] = []
        for key in group:
            given = " ".join(names[key].split()[: -len(_surname(names[key]))])
            if not given:
                # a bare surname is the one full name that has it; shared by two people, it stays apart
                alias[key] = heads[0] if len(heads) == 1 else key
                continue
            target = next((h for h in heads if fuzz.ratio(given, " ".join(
                names[h].split()[: -len(_surname(names[h]))])) >= _FIRST_NAME_SIMILARITY), None)
            if target is None:
                heads.append(key)
                target = key
            alias[key] = target
    return alias


def resolve_entities(analyses: Mapping[str, ArticleAnalysis], country_names: Mapping[str, str] | None = None
                     ) -> tuple[dict[str, Entity], dict[str, dict[int, str]]]:
    """Merge the mentions of all articles into entities; returns (entities by key, entity_of)."""
    country_names = country_names or {}
    person_keys = {canonical_key(m.key) for a in analyses.values() for m in a.mentions if m.kind == "Person"}
    alias = person_aliases(person_keys)
    entities: dict[str, Entity] = {}
    entity_of: dict[str, dict[int, str]] = {}
    surface: dict[str, Counter] = defaultdict(Counter)
    for article_id in sorted(analyses):
        analysis = analyses[article_id]
        entity_of[article_id] = {}
        for i, m in enumerate(analysis.mentions):
            key = canonical_key(m.key)
            key = alias.get(key, key)
            entity = entities.get(key)
            if entity is None:
                entity = entities[key] = Entity(key=key, kind=m.kind, subtype=m.subtype, label_ar=m.label_ar,
                                                label_en=m.label_en, geonames_id=m.geonames_id, lat=m.lat,
                                                lon=m.lon, country=m.country, part_of=canonical_key(m.part_of))
            _absorb(entity, m)
            entity.mentions.append(Ref(article_id, i))
            entity_of[article_id][i] = key
            surface[key][" ".join(m.anchor.split())] += 1
    for key, entity in entities.items():
        _finish(entity, surface[key], country_names)
    for entity in entities.values():
        if entity.part_of and entity.part_of not in entities:
            entity.part_of = ""  # only link to places the graph holds
    return entities, entity_of


def _absorb(entity: Entity, m: Mention) -> None:
    if m.role:
        entity.roles.add(m.role)
    if m.kind == "Person" and len(normalize_ar(m.label_ar).split()) > len(normalize_ar(entity.label_ar).split()):
        entity.label_ar = m.label_ar
    for field in ("label_en", "subtype", "country", "part_of"):
        if not getattr(entity, field) and getattr(m, field):
            setattr(entity, field, canonical_key(m.part_of) if field == "part_of" else getattr(m, field))
    if entity.geonames_id is None and m.geonames_id is not None:
        entity.geonames_id, entity.lat, entity.lon = m.geonames_id, m.lat, m.lon


def _finish(entity: Entity, forms: Counter, country_names: Mapping[str, str]) -> None:
    if entity.key.startswith("actor:"):
        # descriptor actors: the commonest wording names them; English from role + country
        entity.label_ar = max(forms.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        _, role, *country = entity.key.split(":")
        country_en = country_names.get(country[0], country[0]) if country else ""
        entity.label_en = f"{country_en} {_ROLE_EN.get(role, role)}".strip()
    if not entity.label_ar:
        entity.label_ar = max(forms.items(), key=lambda kv: (kv[1], kv[0]))[0]
    entity.alt_labels = {f for f in forms if f != entity.label_ar}
