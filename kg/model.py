"""Plain data passed between the pipeline stages.

Every record is a frozen dataclass of plain values (str, int, float, date,
tuples), so per-article results pickle cheaply across processes and compare by
value. Offsets are always code-point offsets into the article's *raw* text:
``article.text[x.begin:x.end] == x.anchor`` holds for every span-like record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input article, exactly as read."""

    id: str  # the file stem, or the JSONL `id`; names the article node hdr:doc/<id>
    text: str
    published: dt.date | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    origin: str = ""  # where it was read from, for messages: "seeds/000.txt" or "news.jsonl:17"


@dataclass(frozen=True)
class Span:
    begin: int
    end: int
    anchor: str


@dataclass(frozen=True)
class Sentence(Span):
    index: int = 0


@dataclass(frozen=True)
class Mention(Span):
    """A mention of an entity (person, organization, place) in one article.

    ``kind`` is the contract class local name (Person, Organization, Place) and
    ``subtype`` a finer ontology class (Country, City, Neighbourhood, ArmedForce,
    ArmedGroup, MediaOutlet, Government, IntergovernmentalOrganization …) or "".
    ``key`` is the resolution key: mentions with the same key in any article are
    one real-world entity (e.g. "geonames:170063", "org:un",
    "actor:government-forces:SY", "person:ستيفان دوجاريك").
    """

    kind: str = ""
    subtype: str = ""
    key: str = ""
    label_ar: str = ""
    label_en: str = ""
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str = ""  # ISO 3166 alpha-2 of the country it belongs to or is, where known
    part_of: str = ""  # key of the larger place (neighbourhood -> city -> country)
    role: str = ""  # title/office met before a person's name ("وزير الخارجية الفرنسي")
    source: str = "rules"  # which recognizer produced it
    confidence: float = 1.0


@dataclass(frozen=True)
class TimeExpr(Span):
    """A time expression resolved against the publication date.

    ``earliest``/``latest`` bound the day(s) meant (equal for an exact day);
    both None when it cannot be resolved (no publication date, or vague).
    ``kind`` says what it is: "day", "range", "month", "year", "since", "duration",
    "alternatives", "part-of-day"…
    """

    earliest: dt.date | None = None
    latest: dt.date | None = None
    kind: str = ""

    @property
    def exact(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest


@dataclass(frozen=True)
class NumberExpr(Span):
    """A number written in digits, Arabic-Indic digits or words."""

    value: float = 0.0
    is_percent: bool = False


@dataclass(frozen=True)
class EventMention(Span):
    """One reported event, anchored on its trigger word in one article."""

    cls: str = "Event"  # ontology class local name: Killing, Airstrike, Meeting …
    sentence: int = 0  # index into ArticleAnalysis.sentences
    agents: tuple[int, ...] = ()  # indexes into ArticleAnalysis.mentions
    targets: tuple[int, ...] = ()
    speakers: tuple[int, ...] = ()
    places: tuple[int, ...] = ()
    about: tuple[int, ...] = ()
    time: TimeExpr | None = None  # the expression that dates it, or the publication default
    time_source: str = ""  # "text" when dated by an expression, "article" for the default
    negated: bool = False
    future: bool = False
    # who backs the event without doing it (بدعم من X، القوات المدعومة من X): actors, never agents or targets
    allies: tuple[int, ...] = ()


@dataclass(frozen=True)
class FigureMention(Span):
    """A reported number: value, what is counted, how approximate, who says so."""

    value: float = 0.0
    measure: str = ""  # SKOS concept local name in hd: (kg.graph.vocab.HD): killed, childrenKilled, displaced …
    approximation: str = "exact"  # exact | about | atLeast | moreThan | lessThan
    unit: str = ""  # "" or "percent" or "fraction"
    event: int | None = None  # index into ArticleAnalysis.events
    source: int | None = None  # index into ArticleAnalysis.mentions (the attributed source)
    sentence: int = 0
    # every mention it is attributed to: the source, the body a person speaks for, a relay (ونقلت X عن Y)
    sources: tuple[int, ...] = ()
    unnamed_source: tuple[int, int] | None = None  # raw offsets of a source only described (مصادر طبية)


@dataclass(frozen=True)
class ClaimMention(Span):
    """Quoted or reported words, attributed to a speaker."""

    speaker: int | None = None  # index into ArticleAnalysis.mentions
    event: int | None = None  # the Statement event that reports it
    sentence: int = 0


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything the per-article stages found in one article (no global ids yet)."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    numbers: tuple[NumberExpr, ...] = ()
    events: tuple[EventMention, ...] = ()
    figures: tuple[FigureMention, ...] = ()
    claims: tuple[ClaimMention, ...] = ()
    warnings: tuple[str, ...] = ()


# ---- corpus level, after resolution -------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Points at one record of one article: (article id, index in its list)."""

    article: str
    index: int


@dataclass
class Entity:
    """One real-world entity, merged from mentions across articles."""

    key: str
    kind: str
    subtype: str = ""
    label_ar: str = ""
    label_en: str = ""
    alt_labels: set[str] = field(default_factory=set)
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    part_of: str = ""  # key of another Entity
    roles: set[str] = field(default_factory=set)
    mentions: list[Ref] = field(default_factory=list)


@dataclass
class Event:
    """One real-world event, merged from event mentions across articles."""

    key: str
    cls: str
    earliest: dt.date | None = None
    latest: dt.date | None = None
    agents: set[str] = field(default_factory=set)  # entity keys
    targets: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    about: set[str] = field(default_factory=set)
    mentions: list[Ref] = field(default_factory=list)
    label_ar: str = ""
    allies: set[str] = field(default_factory=set)  # who backs it (بدعم من X): actors, not agents


@dataclass(frozen=True)
class EventLink:
    """Two event mentions that resolution tied when it made them one event, and why: (feature, detail) pairs,
    the feature one of participant, place, date, scene, anaphora, figure, word, article, class."""

    event: str  # the event key
    a: Ref
    b: Ref
    reasons: tuple[tuple[str, str], ...] = ()


@dataclass
class Figure:
    key: str
    value: float
    measure: str
    approximation: str
    unit: str
    event: str | None  # event key
    source: str | None  # entity key
    mention: Ref


@dataclass
class Claim:
    key: str
    text: str
    speaker: str | None
    event: str | None
    mention: Ref


@dataclass
class Corpus:
    """The resolved corpus: what the graph stage turns into triples."""

    analyses: dict[str, ArticleAnalysis]
    entities: dict[str, Entity]
    events: dict[str, Event]
    figures: list[Figure]
    claims: list[Claim]
    # per article: mention index -> entity key, event-mention index -> event key
    entity_of: dict[str, dict[int, str]] = field(default_factory=dict)
    event_of: dict[str, dict[int, str]] = field(default_factory=dict)
    # the merges that made each event of several mentions (n mentions: at most n - 1 links), with their reasons
    event_links: list[EventLink] = field(default_factory=list)
