"""Mine person names from a news corpus: the names the recognizer finds as people in many articles.

    python bench/mine_names.py ../shared/data/news/ant2_all.jsonl.gz kg/lexicons/person_names.tsv \
        --sample 15000 --exclude /tmp/dev.jsonl

Runs the default (combined) recognizer over a sample of the corpus (every k-th article, so the sample
spans the corpus), counts each name of two words or more (normalized) by the type
the recognizer gave it and by the number of articles it is found in, and keeps the names found as a person
in at least ``--min-articles`` articles and as a person in at least ``--min-share`` of the articles where
the recognizer typed it at all, and that is a name (``a_name``). Each kept name is written in its most frequent spelling.

``--exclude`` takes JSONL texts (e.g. the articles of an evaluation set, as written by
``gold_articles.py``): a corpus article that shares a span of 200 characters with one of them is skipped,
so the evaluation articles teach the list nothing.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.recognize import persons  # noqa: E402
from kg.recognize.features import normalize_token  # noqa: E402
from kg.recognize.registry import get_recognizer  # noqa: E402

SPAN = 200
_WINDOW = SPAN // 2  # every 100-character window of the excluded texts; an article is read at steps of 100


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def excluded_windows(paths: list[Path]) -> set[str]:
    """Every 100-character window of the texts to exclude: a shared 200-character span holds one of them at
    an offset that is a multiple of 100 in the corpus article."""
    out: set[str] = set()
    for p in paths:
        with _open(p) as f:
            for line in f:
                text = json.loads(line).get("text", "")
                out.update(text[i:i + _WINDOW] for i in range(max(0, len(text) - _WINDOW + 1)))
    return out


def shares_a_span(text: str, windows: set[str]) -> bool:
    return any(text[i:i + _WINDOW] in windows for i in range(0, max(0, len(text) - _WINDOW + 1), _WINDOW))


def a_name(name: tuple[str, ...], g, form: str = "") -> bool:
    """Two words besides particles (عبد الله, بن سلمان alone name no one), not opened by a stopword, a title or a
    head noun (الملك سلمان, مكتب التحقيقات), no place or organization of the gazetteer (بيونغ يانغ), and not a
    noun phrase: ordinary words only, no given name, the last one definite or with a pronoun suffix (قرار انسحابه,
    تقييم الحوادث)."""
    first, last = name[0], name[-1]
    if len([w for w in name if w not in persons.PARTICLES]) < 2:
        return False
    raw_first = (form.split() or [""])[0]
    if (first in g.stopwords and not persons.given(first, raw_first, g)) or (first,) in g.titles \
            or first in g.heads or g.lookup(name):
        return False
    if any(w in g.given_names for w in name) or not all(persons.ordinary(w) for w in name):
        return True
    if last.startswith("ال") and last.endswith("ي") and last not in g.nisba:
        return True  # a family name (nisba): القذافي
    return not (last.startswith("ال") or last.endswith(("ه", "ها", "هم")))


def without_proclitic_doubles(names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A name kept with a conjunction or preposition glued on (وكيفن دي بروين, لمحمد صلاح) is left out when it is
    also kept without it: the look-up strips proclitics itself."""
    kept = set(names)
    return [n for n in names if not (n[0][:1] in "وفبلك" and ((n[0][1:],) + n[1:]) in kept)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--sample", type=int, default=15000, help="articles to read (every k-th of the corpus)")
    ap.add_argument("--total", type=int, default=0, help="articles in the corpus (counted when 0)")
    ap.add_argument("--exclude", type=Path, action="append", default=[])
    ap.add_argument("--min-articles", type=int, default=3)
    ap.add_argument("--min-share", type=float, default=0.8)
    a = ap.parse_args(argv)

    windows = excluded_windows(a.exclude)
    total = a.total
    if not total:
        with _open(a.corpus) as f:
            total = sum(1 for _ in f)
    step = max(1, total // a.sample)
    persons._known_names = dict  # the list being made is no evidence for itself (nor a name's protection)
    recognize = get_recognizer("combined")
    as_person: dict[tuple[str, ...], int] = Counter()
    typed: dict[tuple[str, ...], int] = Counter()
    spellings: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    read = skipped = 0
    started = time.time()
    with _open(a.corpus) as f:
        for n, line in enumerate(f):
            if n % step or read >= a.sample:
                continue
            text = json.loads(line).get("text", "")
            if windows and shares_a_span(text, windows):
                skipped += 1
                continue
            read += 1
            kinds: dict[tuple[str, ...], set[str]] = defaultdict(set)
            for m in recognize(text):
                name = tuple(normalize_token(w) for w in m.anchor.split())
                if len(name) < 2 or m.key.startswith("actor:") or not all(w.isalpha() for w in name):
                    continue
                kinds[name].add(m.kind)
                if m.kind == "Person":
                    spellings[name][" ".join(m.anchor.split())] += 1
            for name, ks in kinds.items():
                typed[name] += 1
                as_person[name] += "Person" in ks
            if read % 500 == 0:
                print(f"{read} articles, {time.time() - started:.0f} s", file=sys.stderr)
    g = persons.lexicons()
    kept = sorted((name for name, c in as_person.items()
                   if c >= a.min_articles and c / typed[name] >= a.min_share
                   and a_name(name, g, spellings[name].most_common(1)[0][0] if spellings[name] else "")),
                  key=lambda nm: (-as_person[nm], nm))
    kept = without_proclitic_doubles(kept)
    lines = [
        "# Person names mined from the ANT news corpus (a statistic of the corpus, not a hand list).",
        f"# Made by: python bench/mine_names.py CORPUS OUT --sample {a.sample} --min-articles {a.min_articles}"
        f" --min-share {a.min_share} --exclude <evaluation texts>",
        f"# {read} articles read (every {step}th; {skipped} sharing a {SPAN}-character span with an excluded"
        " text skipped); the default recognizer's person names of two words or more found in at least"
        f" {a.min_articles} articles, typed Person in at least {a.min_share:.0%} of the articles that type them.",
        "# form<TAB>articles (the most frequent spelling; articles where it is a person)",
    ]
    for name in kept:
        form = spellings[name].most_common(1)[0][0] if spellings[name] else " ".join(name)
        lines.append(f"{form}\t{as_person[name]}")
    a.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(kept)} names from {read} articles ({skipped} skipped) in {time.time() - started:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
