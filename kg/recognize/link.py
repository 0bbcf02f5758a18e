"""Linking: give every mention a resolution key and what the gazetteers know of it.

The rules recognizer links as it recognizes; model-based recognizers (crf,
camel) return bare spans with a type. Here a bare span gets the gazetteer entry
its normalized form names (with one proclitic stripped), or else a key made of
its type and normalized form, so resolution can merge it with other mentions.
"""
from __future__ import annotations

from dataclasses import replace

from kg.model import Mention
from kg.recognize.gazetteer import Entry, load_gazetteer, tokens_of
from kg.text.tokens import proclitic_readings

_PREFIX = {"Person": "person:", "Organization": "org:", "Place": "place:"}


def _entry_for(anchor: str, kind: str) -> Entry | None:
    tokens = tokens_of(anchor)
    if not tokens:
        return None
    gazetteer = load_gazetteer()
    for stem, _ in proclitic_readings(tokens[0]):
        for entry in gazetteer.lookup((stem, *tokens[1:])):
            entry_kind = "Organization" if entry.kind in ("Actor", "Organization") else entry.kind
            if entry_kind == kind:
                return entry
        head = gazetteer.heads.get(stem)
        if kind == "Place" and len(tokens) > 1 and head is not None and head.role in ("place", "place-known"):
            # a head noun of the place itself (مدينة حلب، محافظة القنيطرة، ريف حمص، العاصمة صنعاء): the place named
            # after it; a site (مطار، معبر، قاعدة: kg/lexicons/place_words.tsv) is a place of its own
            return next((e for e in gazetteer.lookup(tokens[1:]) if e.kind == "Place"), None)
    return None


def name_key(kind: str, label: str) -> str:
    """The resolution key of a name no gazetteer knows: its type and normalized words."""
    return _PREFIX.get(kind, "entity:") + " ".join(tokens_of(label))


def link_mentions(mentions: list[Mention]) -> tuple[Mention, ...]:
    out = []
    for m in mentions:
        if m.key:
            out.append(m)
            continue
        entry = _entry_for(m.anchor, m.kind)
        if entry is None:
            label = " ".join(m.anchor.split())
            out.append(replace(m, key=name_key(m.kind, label), label_ar=label))
            continue
        country = load_gazetteer().country_key(entry.country) if entry.subtype == "City" else entry.part_of
        out.append(replace(m, key=entry.key, subtype=entry.subtype, label_ar=entry.label_ar, label_en=entry.label_en,
                           geonames_id=entry.geonames_id, lat=entry.lat, lon=entry.lon, country=entry.country,
                           part_of=country or ""))
    return tuple(out)
