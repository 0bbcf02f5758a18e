"""Shared fixtures: the sample articles of seeds/ and their publication dates."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def seed_text(prefix: str) -> str:
    """The raw text of the seed article whose file name starts with ``prefix`` ("000")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def seed_dates() -> dict[str, dt.date]:
    with (SEEDS / "metadata.csv").open(encoding="utf-8") as f:
        return {row["file"][:3]: dt.date.fromisoformat(row["published"]) for row in csv.DictReader(f)}


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
