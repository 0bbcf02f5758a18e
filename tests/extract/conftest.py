"""Shared by the extraction tests: the rules recognizer (fast, no model), built once."""
from __future__ import annotations

import pytest

from kg.recognize.registry import get_recognizer


@pytest.fixture(scope="session")
def recognizer():
    return get_recognizer("rules")
