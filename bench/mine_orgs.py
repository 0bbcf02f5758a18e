"""Mine organization knowledge from the ANT news corpus into kg/lexicons/org_mined.tsv.

    python bench/mine_orgs.py --exclude /tmp/dev.jsonl --exclude ../shared/seeds \
        ../shared/data/news/ant2_all.jsonl.gz ../shared/data/news/ant1_jawharafm.jsonl \
        -o kg/lexicons/org_mined.tsv

What is counted (normalized text, kg.text.normalize):

* ``outlet``: the name right after a media head noun (صحيفة، وكالة، قناة، موقع، تلفزيون، إذاعة، مجلة …), in
  quotation marks («لا فيغارو») or one or two words that are not common (definite adjectives and
  function words end it); kept when met after such a head in at least ``--min-outlet`` articles.
  ``share`` is the part of the name's occurrences that come right after a head or a quotation mark:
  a name that is seldom anything else (حرييت، تويتر) may stand alone, a common word (العربية) may not.
* ``group``: a quoted name after an armed-group head (لواء، جيش، كتائب، حركة، جبهة …), same counts.
* ``complement``: a لـ/للـ word closing an organization name (الاتحاد العام التونسي للشغل): counted after
  an organization head noun followed by one to three definite words, unless an object of its own follows
  (إلى، على، عن، من، a للـ word: يجتمع مجلس الأمن للتصويت على); kept when at least ``--min-share`` of
  the word's occurrences are there (للشغل، لحقوق);
* ``not-complement``: a للـ word met ``--min-frequent`` times or more but at most ``--max-count`` times there
  (or fewer than ``--min-complement`` times and under ``--max-share`` of its occurrences):
  a purpose, not a name's end (للترشح، للاستماع، للاستقلال). Other للـ words may close a name (للاندماج).

Articles sharing a 200-character span with an excluded article (the dev and seed texts) are dropped first:
the excluded texts' 100-character windows at every offset are hashed, each corpus article is probed at
every 100th offset (any shared span of 200 characters contains one such probe).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.lexicon import rows  # noqa: E402
from kg.text.normalize import normalize_ar  # noqa: E402

WINDOW = 100
MEDIA_HEADS = frozenset(normalize_ar(w) for w in (
    "صحيفة", "صحيفتا", "صحيفتي", "جريدة", "وكالة", "وكالتا", "قناة", "قناتا", "موقع", "تلفزيون", "تليفزيون",
    "إذاعة", "مجلة", "شبكة", "منصة", "تطبيق"))
ARMED_HEADS = frozenset(normalize_ar(w) for w in (
    "لواء", "ألوية", "جيش", "كتائب", "كتيبة", "سرايا", "حركة", "جبهة", "تنظيم", "جماعة", "فيلق", "عصائب",
    "قوات", "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "فصيل", "تجمع", "غرفة"))
QUOTES = frozenset('"«»“”')
LINKS = frozenset(normalize_ar(w) for w in ("إلى", "على", "عن", "من"))
_TOKEN = re.compile(r'[^\W_]+|["«»“”]')


def _texts(paths: list[str]):
    for p in paths:
        if Path(p).is_dir():  # a folder of plain-text articles (the seeds)
            yield from (f.read_text(encoding="utf-8") for f in sorted(Path(p).glob("*.txt")))
            continue
        opener = gzip.open if p.endswith(".gz") else open
        with opener(p, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line).get("text") or ""


def _excluded_windows(paths: list[str]) -> set[int]:
    out: set[int] = set()
    for text in _texts(paths):
        out.update(hash(text[i:i + WINDOW]) for i in range(0, max(0, len(text) - WINDOW + 1)))
    return out


def _shares_span(text: str, windows: set[int]) -> bool:
    return any(hash(text[i:i + WINDOW]) in windows for i in range(0, len(text) - WINDOW + 1, WINDOW))


def _stem(word: str) -> str:
    """One conjunction and one preposition stripped (وبصحيفة -> صحيفه)."""
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
    if len(word) > 3 and word[0] in "بل" and not word.startswith("لل"):
        word = word[1:]
    return word


def _definite(word: str) -> bool:
    return word.startswith("ال") and len(word) > 3


def mine(corpus: list[str], exclude: list[str]) -> tuple[dict, int, int]:
    windows = _excluded_windows(exclude)
    org_heads = frozenset(r["form"] for r in rows("heads.tsv") if r["what"] == "organization")
    stop = frozenset(r["form"] for r in rows("stopwords.tsv"))
    nisba = frozenset(r["form"] for r in rows("nisba.tsv"))
    outlet_docs: Counter = Counter()  # name -> articles where it follows a media head
    outlet_uses: Counter = Counter()  # name -> occurrences after a head or a quotation mark
    group_docs: Counter = Counter()
    complement: Counter = Counter()
    words: Counter = Counter()
    phrases: Counter = Counter()  # two-word outlet names, all occurrences
    kept = dropped = 0
    for text in _texts(corpus):
        if windows and _shares_span(text, windows):
            dropped += 1
            continue
        kept += 1
        toks = _TOKEN.findall(normalize_ar(text))
        words.update(toks)
        seen_outlets: set[str] = set()
        seen_groups: set[str] = set()
        n = len(toks)
        for i, t in enumerate(toks):
            stem = _stem(t)
            if stem in MEDIA_HEADS or stem in ARMED_HEADS:
                name = _name_after(toks, i + 1, stop, nisba, org_heads, quoted_only=stem not in MEDIA_HEADS)
                if name:
                    (seen_outlets if stem in MEDIA_HEADS else seen_groups).add(name)
                    if stem in MEDIA_HEADS:
                        outlet_uses[name] += 1
            if stem in org_heads:
                k = i + 1
                while k < n and k - i <= 3 and (_definite(toks[k]) or toks[k] in nisba) and toks[k] not in stop:
                    k += 1
                if k > i + 1 and k < n and toks[k].startswith("ل") and len(toks[k]) > 3 \
                        and not (k + 1 < n and (toks[k + 1] in LINKS or toks[k + 1].startswith("لل"))):
                    complement[toks[k]] += 1  # (a word with an object of its own is a purpose: للتصويت على)
        for name in seen_outlets:
            outlet_docs[name] += 1
        for name in seen_groups:
            group_docs[name] += 1
        for i in range(len(toks) - 1):
            pair = toks[i] + " " + toks[i + 1]
            if pair in outlet_docs:
                phrases[pair] += 1
    result: dict = {"outlet": {}, "group": {}, "complement": {}}
    for name, docs in outlet_docs.items():
        total = words[name] if " " not in name else max(phrases[name], outlet_uses[name])
        result["outlet"][name] = (docs, outlet_uses[name] / max(total, 1))
    for name, docs in group_docs.items():
        total = words[name] if " " not in name else docs
        result["group"][name] = (docs, docs / max(total, 1))
    for word, count in complement.items():
        result["complement"][word] = (count, count / max(words[word], 1))
    result["frequent"] = {w: c for w, c in words.items() if w.startswith("لل") and len(w) > 4 and c >= 10}
    return result, kept, dropped


def _name_after(toks: list[str], k: int, stop, nisba, heads, quoted_only: bool) -> str:
    n = len(toks)
    if k < n and toks[k] in QUOTES:
        end = k + 1
        while end < n and end - k <= 4 and toks[end] not in QUOTES:
            end += 1
        if end < n and toks[end] in QUOTES and end > k + 1:
            return " ".join(toks[k + 1:end])
        return ""
    if quoted_only:
        return ""
    name = []
    while k < n and len(name) < 2:
        w = toks[k]
        if w in QUOTES or w in stop or w in nisba or _definite(w) or w in heads or w.isdigit() or len(w) < 2 \
                or not w.isalpha() or w[0] in "وفبل" and len(name) > 0:
            break
        name.append(w)
        k += 1
    return " ".join(name)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--exclude", action="append", default=[], help="JSONL articles (or a folder of .txt) whose texts are left out")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--min-outlet", type=int, default=8)
    ap.add_argument("--min-group", type=int, default=5)
    ap.add_argument("--min-complement", type=int, default=10)
    ap.add_argument("--min-share", type=float, default=0.15)
    ap.add_argument("--min-frequent", type=int, default=25)
    ap.add_argument("--max-count", type=int, default=2)
    ap.add_argument("--max-share", type=float, default=0.05)
    args = ap.parse_args(argv)
    result, kept, dropped = mine(args.corpus, args.exclude)
    lines = [
        "# Mined by bench/mine_orgs.py from " + ", ".join(Path(c).name for c in args.corpus)
        + f" ({kept} articles; {dropped} sharing a 200-character span with the excluded texts left out).",
        "# kind	form	articles	share — read the script's docstring for what each count means.",
        f"# outlet: after a media head in >= {args.min_outlet} articles; group: quoted after an armed-group head in "
        f">= {args.min_group} articles; complement: >= {args.min_complement} times after an organization name and "
        f"share >= {args.min_share}; not-complement: a للـ word met >= {args.min_frequent} times, at most "
        f"{args.max_count} of them (or under {args.min_complement} and {args.max_share} of them) after an organization "
        f"name (للترشح، للاستماع، للتصويت): it does not close a name.",
    ]
    for name, (docs, share) in sorted(result["outlet"].items(), key=lambda x: -x[1][0]):
        if docs >= args.min_outlet:
            lines.append(f"outlet\t{name}\t{docs}\t{share:.3f}")
    for name, (docs, share) in sorted(result["group"].items(), key=lambda x: -x[1][0]):
        if docs >= args.min_group:
            lines.append(f"group\t{name}\t{docs}\t{share:.3f}")
    for word, (count, share) in sorted(result["complement"].items(), key=lambda x: -x[1][0]):
        if count >= args.min_complement and share >= args.min_share:
            lines.append(f"complement\t{word}\t{count}\t{share:.3f}")
    for word, total in sorted(result["frequent"].items(), key=lambda x: -x[1]):
        count = result["complement"].get(word, (0, 0.0))[0]
        if total >= args.min_frequent and (count <= args.max_count
                                           or (count < args.min_complement and count / total < args.max_share)):
            lines.append(f"not-complement\t{word}\t{count}\t{count / total:.3f}")
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{kept} articles mined, {dropped} left out; {len(lines) - 3} rows -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
