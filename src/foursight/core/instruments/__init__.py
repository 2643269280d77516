"""Risk instruments as data, scored by one generic engine (pure Python, no Django).

Shipped definitions (``definitions/<id>.json``, each versioned):

- ``four``: Foursight's FOUR stalking screen (fixated, obsessive, unwanted, repeated),
  the PHA 1997 s.2A(3) acts and a behaviour checklist; prompts to record as stalking,
  consider s.4A, complete DASH and S-DASH and consider a Stalking Protection Order.
- ``dash``: DASH 2009 (27 items; score = number of "yes"; bands 0-9 standard, 10-13
  medium, 14+ high and visible high risk; judgement may raise, never lower).
- ``sdash``: S-DASH (11 items; graded by professional judgement, yes count shown).
- ``dara``: DARA (professional judgement with a mandatory rationale).
- ``srp``, ``sam``: results only, recorded by licensed assessors.

Only ids and paraphrased topics are shipped; a force loads its licensed wording with
:func:`load_wording`. Typical use::

    from foursight.core.instruments import Judgement, ScoringContext, score

    result = score("dash", answers, Judgement("high", "Strangulation last week"),
                   ScoringContext(occasion_dates=[...], last_marac=None))
    result.level, result.marac_referral, result.triggers, result.to_dict()

See ``docs/risk.md`` for sources, what is and is not shipped, and configuration.
"""

from foursight.core.instruments.conditions import CONTEXT_FLAGS, CONTEXT_NUMBERS
from foursight.core.instruments.context import Judgement, ScoringConfig, ScoringContext
from foursight.core.instruments.instrument import Instrument
from foursight.core.instruments.loader import (
    get_instrument,
    load_definition,
    load_instruments,
    parse_bands,
    parse_definition,
)
from foursight.core.instruments.marac import (
    MaracConfig,
    MaracCriterion,
    incidents_in_window,
    is_repeat,
    marac_criteria,
)
from foursight.core.instruments.model import (
    AnswerType,
    Band,
    Level,
    Question,
    ScoringRule,
    Section,
)
from foursight.core.instruments.scoring import (
    Prompt,
    ScoreResult,
    score,
    score_instrument,
    score_request,
)
from foursight.core.instruments.wording import load_wording

__all__ = [
    "CONTEXT_FLAGS",
    "CONTEXT_NUMBERS",
    "AnswerType",
    "Band",
    "Instrument",
    "Judgement",
    "Level",
    "MaracConfig",
    "MaracCriterion",
    "Prompt",
    "Question",
    "ScoreResult",
    "ScoringConfig",
    "ScoringContext",
    "ScoringRule",
    "Section",
    "get_instrument",
    "incidents_in_window",
    "is_repeat",
    "load_definition",
    "load_instruments",
    "load_wording",
    "marac_criteria",
    "parse_bands",
    "parse_definition",
    "score",
    "score_instrument",
    "score_request",
]
