"""Named entity recognizers, chosen by name: ``--ner combined | rules | camel | crf:MODEL | neural[:MODEL]``.

``combined`` (``DEFAULT``) is what ``kg build`` uses: the shipped CRF model and the
rules, combined by ``kg.recognize.combine``. The built-in recognizers are named
here by module and factory and imported on first use, so this module imports none
of them (they may import it, for ``register`` and the exceptions: no cycle).

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


DEFAULT = "combined"

# name -> "module:factory", imported when first asked for
_BUILTIN = {
    "combined": "kg.recognize.combine:combined_factory",
    "rules": "kg.recognize.rules:rules_factory",
    "crf": "kg.recognize.crf:crf_factory",
    "neural": "kg.recognize.neural:neural_factory",
    "camel": "kg.recognize.camel:camel_factory",
}

_FACTORIES: dict[str, Callable[[str], Recognizer]] = {}


def register(name: str):
    """Register ``factory(argument) -> Recognizer`` under ``name`` ("crf:PATH" passes PATH)."""

    def wrap(factory: Callable[[str], Recognizer]) -> Callable[[str], Recognizer]:
        _FACTORIES[name] = factory
        return factory

    return wrap


def available() -> list[str]:
    return sorted(set(_FACTORIES) | set(_BUILTIN))


def get_recognizer(spec: str) -> Recognizer:
    """Build the recognizer named by ``spec``: "rules", "camel", "camel:MODEL_DIR", "crf:MODEL"."""
    name, _, argument = spec.partition(":")
    factory = _FACTORIES.get(name) or _builtin(name)
    if factory is None:
        raise UnknownRecognizer(f"unknown recognizer {spec!r}; choose one of: {', '.join(available())}")
    return factory(argument)


def _builtin(name: str) -> Callable[[str], Recognizer] | None:
    import importlib

    target = _BUILTIN.get(name)
    if target is None:
        return None
    module, _, factory = target.partition(":")
    return getattr(importlib.import_module(module), factory)
