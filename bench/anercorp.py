"""NER benchmark on ANERcorp (CAMeL Lab train/test split): the default recognizer, its CRF, the rules, CAMeL.

    python bench/anercorp.py [--data ../shared/data] [--retrain]

The default recognizer (``combined``: the shipped CRF model + the rules) is what ``kg build`` uses.
Its model was trained on ANERcorp's train split and the Wojood sample (never the test split):
``kg ner train --data ../shared/data``; ``--retrain`` trains the same model again into
bench/_work/ and scores that one. Scores every recognizer on the test split with
seqeval (entity level, default mode, IOB2): per type, micro over all four types
(PERS/LOC/ORG/MISC, the published setting) and micro over the three types the
pipeline uses (MISC removed from gold and predictions). The rules recognizer runs on
each test sentence's tokens joined by spaces; its mentions become IOB2 tags over the
tokens they overlap. Prints a Markdown table and writes bench/RESULTS_NER.md.

ANERcorp is CC BY-SA; the data is never committed; the shipped model trained on it carries that
licence (kg/recognize/models/LICENSE). Without the data folder the script exits 0 with a message.
The last line printed is ``default micro-F1 (PERS/LOC/ORG): NN.N``: the default recognizer as ``kg build``
uses it, on running text (``WINDOW`` consecutive test sentences read as one text) with names scored inside
head-noun anchors (``name_span``); the sentence-by-sentence score is in the table and in RESULTS_NER.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.recognize.crf import CRFRecognizer, read_conll  # noqa: E402
from kg.recognize.features import bio_spans  # noqa: E402
from _machine import cpu_model, ram_gib  # noqa: E402  (bench/ is the script's folder)

TRAIN = "ANERCorp_CamelLab_train.txt"
TEST = "ANERCorp_CamelLab_test.txt"
TYPES = ["PERS", "LOC", "ORG", "MISC"]
KIND_TYPE = {"Person": "PERS", "Place": "LOC", "Organization": "ORG"}
WINDOW = 20  # test sentences read as one text (running text), about a news article
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


def name_span(m):
    """The name inside a mention's anchor: a place or site keeps its head noun in the graph's anchor (مدينة
    الدوحة, label الدوحة) where ANERcorp tags the name alone; the label is the article's own spelling, so it
    is found at the anchor's end."""
    label = m.label_ar
    if label and label != m.anchor:
        at = m.anchor.rfind(label)
        if at > 0:
            return replace(m, begin=m.begin + at, end=m.begin + at + len(label), anchor=label)
    return m


def in_running_text(recognizer, tokens: list[list[str]], window: int) -> list[list]:
    """Each sentence's mentions when the recognizer reads ``window`` consecutive test sentences as one text,
    as ``kg build`` reads an article (so a name recognized once labels its other mentions there: the
    consistency pass), offsets mapped back to each sentence's own text."""
    out: list[list] = []
    for first in range(0, len(tokens), window):
        texts = [" ".join(sent) for sent in tokens[first:first + window]]
        starts, pos = [], 0
        for text in texts:
            starts.append(pos)
            pos += len(text) + 2
        found = recognizer("\n\n".join(texts))
        for start, text in zip(starts, texts):
            out.append([replace(m, begin=m.begin - start, end=m.end - start) for m in found
                        if m.begin >= start and m.end <= start + len(text)])
    return out


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


NEWS_ARTICLES = 300


def news_speed(data: Path, recognizers: dict) -> list[str]:
    """Tokens per second of each recognizer on whole ANT news articles (one call per article, as in kg build)."""
    import gzip
    import itertools
    import json

    from kg.recognize.features import tokenize

    path = data / "news" / "ant2_all.jsonl.gz"
    if not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 5000, 5000 + NEWS_ARTICLES))
    texts = [t for t in (json.loads(line).get("text") or "" for line in lines) if t.strip()]
    n_tokens = sum(len(tokenize(t)) for t in texts)
    out = []
    for name, recognizer in recognizers.items():
        start = time.process_time()
        for text in texts:
            recognizer(text)
        seconds = time.process_time() - start
        out.append(f"- {name} on {len(texts)} ANT news articles ({path.name}, from line 5,000): {n_tokens:,} tokens "
                   f"in {seconds:.1f} s ({n_tokens / seconds:,.0f} tokens/s on one core)")
    return out


NOTES = "<!-- notes below this line are kept by bench/anercorp.py -->"


def kept_notes(path: Path) -> str:
    """What follows the notes marker in the results file (figures measured by hand: builds, history)."""
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    return text[text.index(NOTES) + len(NOTES):] if NOTES in text else ""


def machine() -> str:
    ram = ram_gib()
    mem = f"{ram:.1f} GiB" if ram else "?"
    cpu = cpu_model() or platform.processor() or "?"
    return f"{os.cpu_count()} cores (nproc), {mem} RAM, {cpu}; Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    from kg.recognize.combine import is_name
    from kg.recognize.registry import DEFAULT, get_recognizer
    from kg.recognize.training import MODEL_DIR, MODEL_NAME, train_default

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--retrain", action="store_true", help="train the default model again into bench/_work/")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS_NER.md")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS_NER.md alone")
    ap.add_argument("--neural", type=Path, default=None,
                    help="a neural model to score alone (default: the shipped ner.neural.pt, when there is one)")
    args = ap.parse_args(argv)
    corpus = args.data / "anercorp"
    if not (corpus / TRAIN).is_file() or not (corpus / TEST).is_file():
        print(f"ANERcorp not found in {corpus} ({TRAIN}, {TEST}); benchmark skipped.")
        print("default micro-F1 (PERS/LOC/ORG): n/a")
        return 0

    train_sents = read_conll(corpus / TRAIN)
    test_sents = read_conll(corpus / TEST)
    gold = [[t for _, t in s] for s in test_sents]
    tokens = [[w for w, _ in s] for s in test_sents]
    n_tokens = sum(map(len, tokens))
    print(f"ANERcorp: {len(train_sents)} train / {len(test_sents)} test sentences", flush=True)

    results: dict[str, dict] = {}
    notes: list[str] = []
    timings: list[str] = []

    model_dir = MODEL_DIR
    if args.retrain:
        model_dir = ROOT / "bench" / "_work" / "model"
        model_dir.mkdir(parents=True, exist_ok=True)
        if (MODEL_DIR / "clusters.tsv.gz").is_file():
            import shutil

            shutil.copyfile(MODEL_DIR / "clusters.tsv.gz", model_dir / "clusters.tsv.gz")
        info = train_default(args.data, model_dir)
        timings.append(f"- training the model: {info['seconds']:.0f} s ({info['sentences']} sentences, "
                       f"{info['tokens']} tokens, {info['settings']})")
    crf = CRFRecognizer(model_dir / MODEL_NAME)
    crf.tag(tokens[0])  # warm up: gazetteers load once per process
    start = time.process_time()
    pred = crf.tag_sentences(tokens)
    seconds = time.process_time() - start
    results["crf (its model)"] = score(gold, pred)
    timings.append(f"- crf alone: tagging the test split {seconds:.1f} s ({n_tokens / seconds:,.0f} tokens/s)")

    neural = None
    try:
        from kg.recognize.neural import MODEL_NAME as NEURAL_NAME, NeuralRecognizer

        neural_path = args.neural or model_dir / NEURAL_NAME
        if neural_path.is_file():
            neural = NeuralRecognizer(neural_path)
    except Exception as err:  # RecognizerUnavailable without torch
        notes.append(f"- neural: skipped: {err}")
    if neural is not None:
        neural.tag(tokens[0])
        start = time.process_time()
        pred = neural.tag_sentences(tokens)
        seconds = time.process_time() - start
        results["neural (its model)"] = score(gold, pred)
        size = neural.model_path.stat().st_size / 1e6
        timings.append(f"- neural alone: tagging the test split {seconds:.1f} s ({n_tokens / seconds:,.0f} tokens/s; "
                       f"model file {size:.1f} MB)")

    texts = [" ".join(sent) for sent in tokens]
    default = get_recognizer(DEFAULT if not args.retrain else f"{DEFAULT}:{model_dir / MODEL_NAME}")
    default(texts[0])  # warm up: gazetteers load once per process
    start = time.process_time()
    found = [default(text) for text in texts]
    seconds = time.process_time() - start
    # ANERcorp tags names only: the descriptions the recognizer returns for the graph (descriptor actors,
    # population groups, country adjectives: kg.recognize.combine.is_name) are scored in a row of their own
    pred = [mentions_to_iob(sent, [m for m in ms if is_name(m)]) for sent, ms in zip(tokens, found)]
    results[f"{DEFAULT} (default)"] = score(gold, pred)
    pred = [mentions_to_iob(sent, ms) for sent, ms in zip(tokens, found)]
    results[f"{DEFAULT}, descriptions counted"] = score(gold, pred)
    # As kg build uses it: sentences read in their order, WINDOW at a time (about a news article), and the
    # name inside a head-noun anchor scored (name_span). The last line reports this row.
    running = in_running_text(default, tokens, WINDOW)
    pred = [mentions_to_iob(sent, [name_span(m) for m in ms if is_name(m)]) for sent, ms in zip(tokens, running)]
    results[f"{DEFAULT} (default, running text)"] = score(gold, pred)
    default_speed = n_tokens / seconds
    inside = "neural" if getattr(default.model, "name", "") == "neural" else "crf"
    timings.append(f"- {DEFAULT} (default: rules + {inside} + consistency): {seconds:.1f} s over the test sentences "
                   f"({default_speed:,.0f} tokens/s on one core)")

    rules = get_recognizer("rules")
    start = time.process_time()
    pred = [mentions_to_iob(sent, rules(text)) for sent, text in zip(tokens, texts)]
    seconds = time.process_time() - start
    results["rules"] = score(gold, pred)
    timings.append(f"- rules: {seconds:.1f} s over the test sentences ({n_tokens / seconds:,.0f} tokens/s)")

    try:
        camel = get_recognizer("camel")
    except Exception as err:  # RecognizerUnavailable when the ner-arabert data is not installed
        notes.append(f"- camel: skipped: {err}")
    else:
        start = time.process_time()
        pred = camel.tag_sentences(tokens)
        seconds = time.process_time() - start
        results["camel"] = score(gold, pred)
        timings.append(f"- camel ({camel.model_dir}): {seconds:.1f} s over the test sentences")

    news = news_speed(args.data, {"crf (alone)": crf, **({"neural (alone)": neural} if neural else {}),
                                  f"{DEFAULT} (default)": default, "rules": rules})
    if news:
        timings.extend(news)

    neural_line = ""
    if neural is not None:
        trained = neural.trained_on
        neural_line = (f"\n- Neural model: {neural.model_path} ({trained.get('sentences')} sentences / "
                       f"{trained.get('tokens')} tokens: the same data but the last 800 ANERcorp train sentences, "
                       f"held out to choose the settings), {(neural.model_path.stat().st_size / 1e6):.1f} MB, "
                       f"settings {neural.settings}.")
    md = table(results)
    seen = seen_in_train(train_sents, test_sents)
    seen_line = ", ".join(f"{typ} {100 * k / n:.0f}% ({k}/{n})" for typ, (k, n) in sorted(seen.items()))
    default_f1 = 100 * results[f"{DEFAULT} (default, running text)"]["micro3"][2]
    sentence_f1 = 100 * results[f"{DEFAULT} (default)"]["micro3"][2]
    print()
    print(md)
    print(f"- test entities already seen (same words, same type) in train: {seen_line}")
    for line in timings + notes:
        print(line)

    if not args.no_write:
        notes_kept = kept_notes(args.results)
        text = f"""# NER on ANERcorp (CAMeL Lab split)

Written by `python bench/anercorp.py{" --retrain" if args.retrain else ""}` on {dt.date.today().isoformat()}.

- Machine: {machine()}
- Data: {corpus} — {len(train_sents)} train / {len(test_sents)} test sentences
  ({n_tokens} test tokens); IOB2, PERS/LOC/ORG/MISC. CC BY-SA 4.0, not in the repository.
- Model: {crf.model_path} ({crf.settings.get("sentences")} sentences / {crf.settings.get("tokens")} tokens:
  ANERcorp train with MISC as O + the Wojood sample mapped to PERS/ORG/LOC; the test split is never used
  for training or for choosing settings), word clusters {crf.settings.get("clusters")}, settings
  {crf.settings.get("params")}.{neural_line}
- Scoring: seqeval, entity level, default (lenient) mode: a stray `I-X` opens an entity, so the test
  split counts {results['rules']['micro'][3]} gold entities where its README counts 2,211.
  "micro (PERS/LOC/ORG)" removes MISC from gold and predictions (the pipeline has no MISC; the model
  is trained without it, so its 4-type micro counts every MISC entity as missed).
- Recognizers working on text (default, rules): each test sentence's tokens joined by spaces; a token
  overlapped by a mention takes its type (a mention starting inside a token, after a proclitic, still
  tags that token). The default recognizer's row scores its names: the descriptions it also returns for
  the graph (descriptor actors such as الحكومة or القوات الأميركية, population groups, country adjectives;
  `kg.recognize.combine.is_name`) are not names and ANERcorp does not tag them; the row "descriptions
  counted" scores every mention. The row "running text" is the default recognizer as `kg build` uses
  it: the test sentences read in their order, {WINDOW} at a time as one text (about a news article: the
  consistency pass then labels a name's other mentions), and the name inside a mention whose anchor keeps
  its head noun (مدينة الدوحة → الدوحة, the mention's label). ANERcorp marks no article boundaries, so a
  window may span two of its articles. The last line of the script reports that row; sentence by
  sentence the same recognizer scores {sentence_f1:.1f}.

{md}

Timings:
{chr(10).join(timings)}
{(chr(10) + "Notes:" + chr(10) + chr(10).join(notes) + chr(10)) if notes else ""}
Test entities already seen (same words, same type) in train: {seen_line}.

## Against the published anchor

{ANCHOR}. The default recognizer: {default_f1:.1f} micro F1 over PERS/LOC/ORG in running text,
{sentence_f1:.1f} sentence by sentence.

{NOTES}{notes_kept or chr(10)}"""
        args.results.write_text(text, encoding="utf-8")
        print(f"\nwrote {args.results}")
    print(f"default micro-F1 (PERS/LOC/ORG): {default_f1:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
