"""Presidio set up to run offline: a blank spaCy pipeline, no list fetched, UK recognisers.

``AnalyzerEngine()`` with its defaults downloads a spaCy model; here the pipeline is
``spacy.blank("en")`` written once to a cache folder and loaded from there, so nothing
is fetched, ever. ``tldextract`` (used by the e-mail recogniser) is pointed at its bundled
public-suffix snapshot instead of the network. The US recognisers are removed (they
mistake UK references for US licences), as are dates (a message's date is not personal
data; dates of birth have their own recogniser), web addresses and UUIDs, and the phone
recogniser (it misses Ofcom's drama ranges and reads a crime reference such as
``01/123456/26`` as a number; the UK and international patterns here replace it). The UK ones
Presidio ships but does not load are added, with this package's own patterns
(:mod:`.patterns`) beside them.
"""

from __future__ import annotations

import functools
import os
import tempfile
import uuid
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from foursight.core.redaction.patterns import RULES, Rule

# spaCy and Presidio take seconds and about 100 MB to import: they are imported when the
# analyzer is first built, not when the service or the command line starts.

#: Presidio's own recognisers kept, by class name.
PRESIDIO_KEPT = (
    "CreditCardRecognizer",
    "CryptoRecognizer",
    "EmailRecognizer",
    "IbanRecognizer",
    "IpRecognizer",
    "MacAddressRecognizer",
    "NhsRecognizer",
    "UkNinoRecognizer",
    "UkPostcodeRecognizer",
    "UkPassportRecognizer",
    "UkDrivingLicenceRecognizer",
    "UkVehicleRegistrationRecognizer",
)


def offline_tldextract() -> None:
    """Point the e-mail recogniser's tldextract at its bundled suffix list (no fetch)."""
    import tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def blank_model_dir() -> Path:
    """A blank English spaCy pipeline on disk (made once per spaCy version, atomically)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or tempfile.gettempdir())
    target = base / f"foursight-spacy-blank-en-{version('spacy')}"
    if (target / "meta.json").exists():
        return target
    import spacy

    base.mkdir(parents=True, exist_ok=True)
    partial = base / f".{target.name}.{uuid.uuid4().hex}"
    spacy.blank("en").to_disk(partial)
    try:
        partial.rename(target)
    except OSError:  # another process made it first: use theirs
        for child in sorted(partial.rglob("*"), reverse=True):
            child.unlink() if child.is_file() else child.rmdir()
        partial.rmdir()
    return target


@functools.lru_cache(maxsize=1)
def _recognizer_class() -> Any:
    """The Presidio recogniser class for this package's patterns (made on first use)."""
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer import RecognizerResult as Result

    class RuleRecognizer(EntityRecognizer):
        """A Presidio recogniser for one or more regular expressions of one entity, where
        only the ``pii`` group (or the whole match) is the span."""

        def __init__(self, name: str, entity: str, rules: Sequence[Rule]):
            self.rules = tuple(rules)
            self.label: str = name
            super().__init__(supported_entities=[entity], name=name, supported_language="en")

        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            out: list[Any] = []
            entity = self.supported_entities[0]
            for rule in self.rules:
                pattern = rule.pattern
                group = "pii" if "pii" in pattern.groupindex else 0
                for match in pattern.finditer(text):
                    start, end = match.span(group)
                    if end > start and (rule.check is None or rule.check(text[start:end])):
                        out.append(
                            Result(
                                entity,
                                start,
                                end,
                                rule.score,
                                recognition_metadata={
                                    Result.RECOGNIZER_NAME_KEY: self.label,
                                    Result.RECOGNIZER_IDENTIFIER_KEY: self.id,
                                },
                            )
                        )
            return out

    return RuleRecognizer


def rule_recognizers(rules: Sequence[Rule] = RULES) -> list[Any]:
    by_entity: dict[str, list[Rule]] = {}
    for rule in rules:
        by_entity.setdefault(rule.entity, []).append(rule)
    cls = _recognizer_class()
    return [cls(f"Foursight{e.title()}", e, r) for e, r in by_entity.items()]


@functools.lru_cache(maxsize=1)
def analyzer() -> Any:
    """The offline Presidio ``AnalyzerEngine``, built once per process (about a second)."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as predefined
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    offline_tldextract()
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": str(blank_model_dir())}],
        }
    )
    nlp = provider.create_engine()
    recognizers = [getattr(predefined, name)() for name in PRESIDIO_KEPT]
    registry = RecognizerRegistry(recognizers=[*recognizers, *rule_recognizers()])
    return AnalyzerEngine(nlp_engine=nlp, registry=registry, supported_languages=["en"])


def presidio_version() -> str:
    return version("presidio-analyzer")
