"""NER benchmark on ANERcorp (CAMeL Lab train/test split): the CRF, the rules and (if installed) CAMeL.

    python bench/anercorp.py [--data ../shared/data/anercorp] [--model-out bench/_work/anercorp.crfsuite]

Trains the CRF on the train split, then scores every recognizer on the test split with
seqeval (entity level, default mode, IOB2): per type, micro over all four types
(PERS/LOC/ORG/MISC, the published setting) and micro over the three types the
pipeline uses (MISC removed from gold and predictions). The rules recognizer runs on
each test sentence's tokens joined by spaces; its mentions become IOB2 tags over the
tokens they overlap. Prints a Markdown table and writes bench/RESULTS_NER.md.

ANERcorp is CC BY-SA and is never committed, nor is a model trained on it:
``bench/_work/`` is git-ignored. Without the data folder the script exits 0 with a message.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.recognize.crf import CRFRecognizer, read_conll, train  # noqa: E402
from kg.recognize.features import bio_spans, geonames_gazetteer  # noqa: E402
from _machine import cpu_model, ram_gib  # noqa: E402  (bench/ is the script's folder)

TRAIN = "ANERCorp_CamelLab_train.txt"
TEST = "ANERCorp_CamelLab_test.txt"
TYPES = ["PERS", "LOC", "ORG", "MISC"]
KIND_TYPE = {"Person": "PERS", "Place": "LOC", "Organization": "ORG"}
ANCHOR = "CAMeL Tools NER (AraBERT v0.1 fine-tuned, Obeid et al. LREC 2020): ~83 micro F1 on this split"


def mentions_to_iob(tokens: list[str], mentions) -> list[str]:
    """IOB2 tags for space-joined ``tokens`` from mentions on that text (first mention wins a token)."""
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    tags = ["O"] * len(tokens)
    for m in sorted(mentions, key=lambda m: (m.begin, -(m.end - m.begin))):
        typ = KIND_TYPE.get(m.kind)
        if typ is None:
            continue
        inside = [i for i, s in enumerate(starts) if s < m.end and s + len(tokens[i]) > m.begin]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        tags[inside[0]] = "B-" + typ
        for i in inside[1:]:
            tags[i] = "I-" + typ
    return tags


def drop_misc(seqs: list[list[str]]) -> list[list[str]]:
    return [["O" if t.endswith("-MISC") else t for t in s] for s in seqs]


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, tuple[float, float, float, int]]:
    """type -> (P, R, F1, support), plus "micro" (4 types) and "micro3" (PERS/LOC/ORG)."""
    from seqeval.metrics import classification_report

    rep = classification_report(gold, pred, output_dict=True, zero_division=0)
    out = {}
    for typ in TYPES:
        r = rep.get(typ, {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 0})
        out[typ] = (r["precision"], r["recall"], r["f1-score"], int(r["support"]))
    r = rep["micro avg"]
    out["micro"] = (r["precision"], r["recall"], r["f1-score"], int(r["support"]))
    r3 = classification_report(drop_misc(gold), drop_misc(pred), output_dict=True, zero_division=0)["micro avg"]
    out["micro3"] = (r3["precision"], r3["recall"], r3["f1-score"], int(r3["support"]))
    return out


def seen_in_train(train_sents, test_sents) -> dict[str, tuple[int, int]]:
    """type -> (test entities whose exact words are an entity of that type in train, all test entities)."""

    def entities(sents):
        for s in sents:
            words, tags = [w for w, _ in s], [t for _, t in s]
            for first, last, typ in bio_spans(tags):
                yield typ, " ".join(words[first:last])

    known = set(entities(train_sents))
    out: dict[str, list[int]] = {}
    for ent in entities(test_sents):
        counts = out.setdefault(ent[0], [0, 0])
        counts[0] += ent in known
        counts[1] += 1
    return {typ: (seen, total) for typ, (seen, total) in out.items()}


def table(results: dict[str, dict]) -> str:
    rows = [
        "| recognizer | type | P | R | F1 | gold entities |",
        "|---|---|---:|---:|---:|---:|",
    ]
    labels = {"micro": "micro (4 types)", "micro3": "micro (PERS/LOC/ORG)"}
    for name, res in results.items():
        for key in ["PERS", "LOC", "ORG", "MISC", "micro", "micro3"]:
            p, r, f, n = res[key]
            label = labels.get(key, key)
            if key in ("micro", "micro3"):
                label = f"**{label}**"
            rows.append(f"| {name} | {label} | {100 * p:.1f} | {100 * r:.1f} | {100 * f:.1f} | {n} |")
    return "\n".join(rows)


def machine() -> str:
    ram = ram_gib()
    mem = f"{ram:.1f} GiB" if ram else "?"
    cpu = cpu_model() or platform.processor() or "?"
    return f"{os.cpu_count()} cores (nproc), {mem} RAM, {cpu}; Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "anercorp")
    ap.add_argument("--model-out", type=Path, default=ROOT / "bench" / "_work" / "anercorp.crfsuite")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS_NER.md")
    ap.add_argument("--max-iterations", type=int, default=150)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--no-gazetteer", action="store_true", help="train the CRF without the geonames gazetteer")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS_NER.md alone")
    args = ap.parse_args(argv)

    if not (args.data / TRAIN).is_file() or not (args.data / TEST).is_file():
        print(f"ANERcorp not found in {args.data} ({TRAIN}, {TEST}); benchmark skipped.")
        return 0

    train_sents = read_conll(args.data / TRAIN)
    test_sents = read_conll(args.data / TEST)
    gold = [[t for _, t in s] for s in test_sents]
    tokens = [[w for w, _ in s] for s in test_sents]
    print(f"ANERcorp: {len(train_sents)} train / {len(test_sents)} test sentences", flush=True)

    results: dict[str, dict] = {}
    notes: list[str] = []
    timings: list[str] = []

    gazetteer = None if args.no_gazetteer else geonames_gazetteer
    report = train(train_sents, args.model_out, max_iterations=args.max_iterations, c1=args.c1, c2=args.c2,
                   gazetteer=gazetteer)
    print(report, flush=True)
    crf = CRFRecognizer(args.model_out)
    start = time.perf_counter()
    pred = crf.tag_sentences(tokens)
    tag_seconds = time.perf_counter() - start
    results["crf"] = score(gold, pred)
    timings.append(
        f"- crf: training {report.seconds:.1f} s ({report.iterations} L-BFGS iterations, c1={args.c1}, "
        f"c2={args.c2}, gazetteer={report.gazetteer}, {report.tokens} tokens); tagging the test split "
        f"{tag_seconds:.1f} s ({sum(map(len, tokens)) / tag_seconds:,.0f} tokens/s)"
    )

    from kg.recognize.registry import get_recognizer

    try:
        rules = get_recognizer("rules")
    except Exception as err:  # not written yet, or broken: report and go on
        notes.append(f"- rules: skipped, get_recognizer('rules') failed: {err!r}")
    else:
        start = time.perf_counter()
        pred = [mentions_to_iob(sent, rules(" ".join(sent))) for sent in tokens]
        seconds = time.perf_counter() - start
        results["rules"] = score(gold, pred)
        timings.append(f"- rules: {seconds:.1f} s over the test sentences (no training)")

    try:
        camel = get_recognizer("camel")
    except Exception as err:  # RecognizerUnavailable when the ner-arabert data is not installed
        notes.append(f"- camel: skipped: {err}")
    else:
        start = time.perf_counter()
        pred = camel.tag_sentences(tokens)
        seconds = time.perf_counter() - start
        results["camel"] = score(gold, pred)
        timings.append(f"- camel ({camel.model_dir}): {seconds:.1f} s over the test sentences")

    md = table(results)
    seen = seen_in_train(train_sents, test_sents)
    seen_line = ", ".join(f"{typ} {100 * k / n:.0f}% ({k}/{n})" for typ, (k, n) in sorted(seen.items()))
    print()
    print(md)
    print(f"- test entities already seen (same words, same type) in train: {seen_line}")
    for line in timings + notes:
        print(line)

    if not args.no_write:
        crf_f1 = 100 * results["crf"]["micro"][2]
        text = f"""# NER on ANERcorp (CAMeL Lab split)

Written by `python bench/anercorp.py` on {dt.date.today().isoformat()}.

- Machine: {machine()}
- Data: {args.data} — {len(train_sents)} train / {len(test_sents)} test sentences
  ({report.tokens} / {sum(map(len, tokens))} tokens); IOB2, PERS/LOC/ORG/MISC. CC BY-SA 4.0, not in the repository.
- Scoring: seqeval, entity level, default (lenient) mode: a stray `I-X` opens an entity, so the test
  split counts {results['crf']['micro'][3]} gold entities where its README counts 2,211.
  "micro (PERS/LOC/ORG)" removes MISC from gold and predictions (the pipeline has no MISC).
- Rules recognizer: each test sentence's tokens joined by spaces; a token overlapped by a mention
  takes its type (a mention starting inside a token, after a proclitic, still tags that token).

{md}

Timings:
{chr(10).join(timings)}
{(chr(10) + "Notes:" + chr(10) + chr(10).join(notes) + chr(10)) if notes else ""}
## Against the published anchor

{ANCHOR}.

The CRF (word, affix, clitic, shape, cue-word and gazetteer features; no embeddings, no
morphological analyser; trained in {report.seconds:.0f} s on one core) reaches {crf_f1:.1f} micro F1 over
the four types, {83 - crf_f1:.1f} points below the fine-tuned BERT. Its precision is much higher
than its recall, and recall follows how many test names were already seen in training — test
entities whose words are a training entity of the same type: {seen_line}. Places (a closed,
repeated set) are as good as the BERT anchor's overall score; unseen person and organization
names are mostly missed.

The rules recognizer is built for Syrian-war news (its gazetteers and lexicons), so its recall on
2007 general newswire says little about the seed domain; it is listed to compare the two on the
same ground.
"""
        args.results.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
