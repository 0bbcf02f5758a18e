"""Named entity recognizers, chosen by name: ``--ner rules | camel | crf:MODEL``.

A recognizer is built once per process by its factory (models and gazetteers are
loaded there, never per article) and then called on raw article text. It returns
``Mention`` records whose offsets refer to that raw text; ``kind`` is Person,
Organization or Place (model-based recognizers may leave ``key`` empty: the
linking step fills it).
"""
from __future__ import annotations

from typing import Callable, Protocol

from kg.model import Mention


class Recognizer(Protocol):
    name: str

    def __call__(self, text: str) -> list[Mention]: ...


class UnknownRecognizer(ValueError):
    pass


class RecognizerUnavailable(RuntimeError):
    """A recognizer cannot run here (its model or data is not installed); callers fall back to "rules"."""


_FACTORIES: dict[str, Callable[[str], Recognizer]] = {}


def register(name: str):
    """Register ``factory(argument) -> Recognizer`` under ``name`` ("crf:PATH" passes PATH)."""

    def wrap(factory: Callable[[str], Recognizer]) -> Callable[[str], Recognizer]:
        _FACTORIES[name] = factory
        return factory

    return wrap


def available() -> list[str]:
    _load_builtin()
    return sorted(_FACTORIES)


def get_recognizer(spec: str) -> Recognizer:
    """Build the recognizer named by ``spec``: "rules", "camel", "camel:MODEL_DIR", "crf:MODEL"."""
    _load_builtin()
    name, _, argument = spec.partition(":")
    if name not in _FACTORIES:
        raise UnknownRecognizer(f"unknown recognizer {spec!r}; choose one of: {', '.join(available())}")
    return _FACTORIES[name](argument)


def _load_builtin() -> None:
    # Importing the modules registers them; heavy dependencies stay lazy inside each factory.
    from kg.recognize import rules  # noqa: F401

    for optional in ("kg.recognize.crf", "kg.recognize.camel"):
        try:
            __import__(optional)
        except ModuleNotFoundError as err:  # a module not written yet, never a missing dependency
            if err.name != optional:
                raise
