"""Time of the event stages (analysis, events, figures, claims) over N articles of a JSONL file.

    python bench/events_speed.py ../shared/data/news/ant2_scale_10k.jsonl --limit 1000

Runs every per-article stage of kg.pipeline in this process with the rules recognizer and sums the
seconds each stage takes, (CPU time, so that other processes on the machine disturb it less), so the event extraction can be compared before and after a change
(run it from another checkout with PYTHONPATH pointing there). Prints one line per stage."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import defaultdict
from itertools import islice

from kg.model import Article
from kg.pipeline import ARTICLE_STAGES
from kg.recognize.registry import get_recognizer

EVENT_STAGES = ("analysis", "events", "figures", "claims")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("jsonl")
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    recognizer = get_recognizer("rules")
    seconds: dict[str, float] = defaultdict(float)
    n = 0
    with open(args.jsonl, encoding="utf-8") as f:
        for line in islice(f, args.limit):
            d = json.loads(line)
            if not d.get("text", "").strip():
                continue
            date = dt.date.fromisoformat(d["date"][:10]) if d.get("date") else None
            state: dict = {"article": Article(str(d["id"]), d["text"], date), "recognizer": recognizer}
            for stage in ARTICLE_STAGES:
                clock = time.process_time()
                (name,) = stage.writes
                state[name] = stage.run(state)
                seconds[stage.name] += time.process_time() - clock
            n += 1
    for name, s in seconds.items():
        print(f"{name:<10} {s:7.2f} s")
    events = sum(s for name, s in seconds.items() if name in EVENT_STAGES)
    print(f"{n} articles; event stages {events:.2f} s ({1000 * events / max(n, 1):.2f} ms/article); "
          f"all stages {sum(seconds.values()):.2f} s")


if __name__ == "__main__":
    main()
