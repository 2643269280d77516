"""Link person mentions across crime reports into persons (Splink 5; DuckDB or Spark).

``clean`` normalises mentions, ``model`` defines and trains the Splink model and ports
its parameters between backends, ``run`` deduplicates with thresholds, reviewer
decisions and persistent person ids, ``incremental`` scores one new mention against all
existing ones, ``files`` is the CLI's file entry point, ``synthetic`` makes test data.
See docs/linkage.md.
"""

from foursight.core.linkage.clean import CLEAN_COLUMNS, INPUT_COLUMNS, clean_mentions
from foursight.core.linkage.evaluate import PairScores, pairwise_scores
from foursight.core.linkage.files import dedupe_file, read_mentions_file
from foursight.core.linkage.identity import (
    Decision,
    DecisionKind,
    IdentityEvent,
    IdentityState,
)
from foursight.core.linkage.incremental import CandidateMatch, FieldEvidence, MentionIndex
from foursight.core.linkage.model import SPEC_VERSION, LevelParams, ModelParams
from foursight.core.linkage.run import LinkageRun, Thresholds, dedupe, run_linkage
from foursight.core.linkage.synthetic import ErrorRates, generate_mentions

__all__ = [
    "CLEAN_COLUMNS",
    "INPUT_COLUMNS",
    "SPEC_VERSION",
    "CandidateMatch",
    "Decision",
    "DecisionKind",
    "ErrorRates",
    "FieldEvidence",
    "IdentityEvent",
    "IdentityState",
    "LevelParams",
    "LinkageRun",
    "MentionIndex",
    "ModelParams",
    "PairScores",
    "Thresholds",
    "clean_mentions",
    "dedupe",
    "dedupe_file",
    "generate_mentions",
    "pairwise_scores",
    "read_mentions_file",
    "run_linkage",
]
