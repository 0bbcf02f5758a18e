"""The one place where resource IRIs are minted (hdr: namespace, shared/docs/contract.md).

IRIs are stable (a function of the resolution key only) and readable: Arabic is
transliterated with camel-tools' safe Buckwalter charmap (حلب → Hlb), and
anything outside the IRI-unreserved set is percent-encoded.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

from camel_tools.utils.charmap import CharMapper
from rdflib import URIRef

from kg.graph.vocab import HDR_NS

_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


@lru_cache(maxsize=1)
def _transliterator() -> CharMapper:
    return CharMapper.builtin_mapper("ar2safebw")


@lru_cache(maxsize=500_000)
def slug(text: str, max_length: int = 80) -> str:
    """A readable, IRI-safe slug of a key: "person:ستيفان دوجاريك" -> "person-styfAn-dwjAryk"."""
    latin = _transliterator()(text)
    cleaned = _UNSAFE.sub("-", latin).strip("-")
    if len(cleaned) > max_length or cleaned != _UNSAFE.sub("-", cleaned):
        cleaned = cleaned[:max_length].rstrip("-")
    if not cleaned:
        cleaned = "x"
    # Two keys can transliterate alike (case folding, punctuation): a short digest keeps them apart.
    digest = hashlib.blake2s(text.encode("utf-8"), digest_size=3).hexdigest()
    return f"{cleaned}-{digest}"


@lru_cache(maxsize=100_000)
def doc_iri(article_id: str) -> URIRef:
    # "." too: an id ending in "." ("AFP..txt") broke rdflib's reading of graph.ttl; "."/".." are dot segments
    return URIRef(f"{HDR_NS}doc/{quote(article_id, safe='').replace('.', '%2E')}")


def span_iri(article_id: str, begin: int, end: int) -> URIRef:
    return URIRef(f"{doc_iri(article_id)}#char={begin},{end}")


def entity_iri(key: str) -> URIRef:
    return URIRef(f"{HDR_NS}entity/{slug(key)}")


def geometry_iri(key: str) -> URIRef:
    return URIRef(f"{HDR_NS}geometry/{slug(key)}")


def event_iri(key: str) -> URIRef:
    return URIRef(f"{HDR_NS}event/{slug(key)}")


def figure_iri(key: str) -> URIRef:
    return URIRef(f"{HDR_NS}figure/{slug(key)}")


def claim_iri(key: str) -> URIRef:
    return URIRef(f"{HDR_NS}claim/{slug(key)}")
