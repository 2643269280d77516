"""Course-of-conduct analysis of a victim's timeline (no Django, no database).

Entry points:

- :func:`analyse_conduct` (events in, JSON-ready dict out);
- :func:`analyse_conduct_files` (export files in, via the importers; adds ``files``);
- :func:`render_text` (a plain-text rendering of either result, for the CLI);
- :func:`threat_rules`, :func:`stop_rules`, :func:`load_rule_set` (the versioned rule sets);
- :func:`evaluate_splits` (precision and recall of the rule sets on a labelled file).

See ``docs/conduct.md`` for every indicator's definition and the limits.
"""

from foursight.core.conduct.analysis import ANALYSIS_VERSION, analyse_conduct
from foursight.core.conduct.evaluation import evaluate, evaluate_splits, read_eval_file
from foursight.core.conduct.files import analyse_conduct_files
from foursight.core.conduct.model import ConductConfig
from foursight.core.conduct.report import render_text
from foursight.core.conduct.result import ConductOccasion, ConductResult
from foursight.core.conduct.rules import (
    RuleHit,
    RuleSet,
    load_rule_set,
    parse_rule_set,
    stop_rules,
    threat_rules,
)

__all__ = [
    "ANALYSIS_VERSION",
    "ConductConfig",
    "ConductOccasion",
    "ConductResult",
    "RuleHit",
    "RuleSet",
    "analyse_conduct",
    "analyse_conduct_files",
    "evaluate",
    "evaluate_splits",
    "load_rule_set",
    "parse_rule_set",
    "read_eval_file",
    "render_text",
    "stop_rules",
    "threat_rules",
]
