"""What the audit log may say: its verbs and the kinds of object they are said of.

Verbs are snake_case, past tense: what happened (``created``, ``breach_confirmed``).
:func:`foursight.audit.actions.record` refuses a verb or object type not listed here, so
the log has one vocabulary a reviewer can read and a query can rely on. A new app adds
its verbs and object types here.

Entries written before this vocabulary used present-tense verbs (``create``,
``add_condition``). The chain is hash-linked and never rewritten, so those entries keep
their stored text; :data:`LEGACY_VERBS` maps each to its verb here and
:meth:`Verb.read` reads either.
"""

from __future__ import annotations

from django.db import models


class Verb(models.TextChoices):
    # Reads
    VIEWED = "viewed"
    SEARCHED = "searched"
    EXPORTED = "exported"
    # Changes of a record
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    LINKED = "linked"
    ACCESS_GRANTED = "access_granted"
    DEMO_LOADED = "demo_loaded"
    # Signing in (staff and the victim's page)
    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"
    # Evidence
    IMPORT_QUEUED = "import_queued"
    IMPORT_STARTED = "import_started"
    IMPORTED = "imported"
    IMPORT_DUPLICATED = "import_duplicated"
    IMPORT_REJECTED = "import_rejected"
    IMPORT_INTERRUPTED = "import_interrupted"
    JOB_REQUEUED = "job_requeued"
    JOB_FAILED = "job_failed"
    CONDUCT_ANALYSED = "conduct_analysed"
    OCCASIONS_REPLACED = "occasions_replaced"
    ATTRIBUTED = "attributed"
    UNATTRIBUTED = "unattributed"
    # Offenders
    LINKAGE_RUN = "linkage_run"
    PAIR_DECIDED = "pair_decided"
    RANKING_REFRESHED = "ranking_refreshed"
    # Orders
    CONDITION_ADDED = "condition_added"
    CONDITION_REMOVED = "condition_removed"
    BREACH_RECORDED = "breach_recorded"
    BREACH_DETECTED = "breach_detected"
    BREACH_CONFIRMED = "breach_confirmed"
    BREACH_DISMISSED = "breach_dismissed"
    TASK_COMPLETED = "task_completed"
    # Exhibit register
    EXHIBIT_REGISTERED = "exhibit_registered"
    EXHIBIT_LINKED = "exhibit_linked"
    INTEGRITY_FAILED = "integrity_failed"
    # Disclosure
    REDACTIONS_PROPOSED = "redactions_proposed"
    COPY_REDACTED = "copy_redacted"
    # Case files
    CASEFILE_CREATED = "casefile_created"
    CASEFILE_REGENERATED = "casefile_regenerated"
    CASEFILE_EDITED = "casefile_edited"
    CASEFILE_APPROVED = "casefile_approved"
    CASEFILE_ISSUED = "casefile_issued"
    # The suspect's path
    STEP_RECORDED = "step_recorded"
    # Operations
    TARGET_REMOVED = "target_removed"
    # The STAC's decision on a referral
    STAC_DECIDED = "stac_decided"

    @classmethod
    def read(cls, stored: str) -> Verb:
        """The verb of a stored entry, whichever vocabulary it was written in."""
        if stored in LEGACY_VERBS:
            return LEGACY_VERBS[stored]
        return cls(stored)


LEGACY_VERBS: dict[str, Verb] = {
    "view": Verb.VIEWED,
    "search": Verb.SEARCHED,
    "export": Verb.EXPORTED,
    "create": Verb.CREATED,
    "update": Verb.UPDATED,
    "delete": Verb.DELETED,
    "link": Verb.LINKED,
    "grant": Verb.ACCESS_GRANTED,
    "load": Verb.DEMO_LOADED,
    "login": Verb.SIGNED_IN,
    "login_failed": Verb.SIGN_IN_FAILED,
    "queue_import": Verb.IMPORT_QUEUED,
    "import_started": Verb.IMPORT_STARTED,
    "import": Verb.IMPORTED,
    "import_duplicate": Verb.IMPORT_DUPLICATED,
    "import_rejected": Verb.IMPORT_REJECTED,
    "import_interrupted": Verb.IMPORT_INTERRUPTED,
    "requeue_job": Verb.JOB_REQUEUED,
    "fail_job": Verb.JOB_FAILED,
    "analyse": Verb.CONDUCT_ANALYSED,
    "sync_occasions": Verb.OCCASIONS_REPLACED,
    "attribute": Verb.ATTRIBUTED,
    "withdraw_attribution": Verb.UNATTRIBUTED,
    "run": Verb.LINKAGE_RUN,
    "decide": Verb.PAIR_DECIDED,
    "refresh": Verb.RANKING_REFRESHED,
    "add_condition": Verb.CONDITION_ADDED,
    "remove_condition": Verb.CONDITION_REMOVED,
    "record_breach": Verb.BREACH_RECORDED,
    "detect_breach": Verb.BREACH_DETECTED,
    "confirm_breach": Verb.BREACH_CONFIRMED,
    "dismiss_breach": Verb.BREACH_DISMISSED,
    "complete_task": Verb.TASK_COMPLETED,
}


class ObjectType(models.TextChoices):
    """What an entry is about: a record kind, or a list or search scope read at once."""

    USER = "user"
    API_TOKEN = "api_token"  # noqa: S105 (an object type, not a secret)
    OTP_DEVICE = "otp_device"
    PERSON = "person"
    IDENTIFIER = "identifier"
    REPORT = "report"
    OCCASION = "occasion"
    OUTCOME = "outcome"
    CHARGE = "charge"
    EXHIBIT = "exhibit"
    EXHIBITS = "exhibits"
    EXHIBIT_EVENTS = "exhibit_events"
    EVIDENCE = "evidence"
    ATTRIBUTIONS = "attributions"
    EVENTS = "events"
    EVIDENCE_JOB = "evidence_job"
    CONDUCT = "conduct"
    ASSESSMENT = "assessment"
    REASSESSMENT_REQUEST = "reassessment_request"
    REFERRAL = "referral"
    ADVOCATE_REFERRALS = "advocate_referrals"
    CASE_CONFERENCE = "case_conference"
    PLAN = "plan"
    PLAN_ACTION = "plan_action"
    STAC_CASES = "stac_cases"
    RISK_TASKS = "risk_tasks"
    OVERDUE_PLAN_ACTIONS = "overdue_plan_actions"
    OFFENDER = "offender"
    PERSON_OFFENDERS = "person_offenders"
    REPORT_MATCHES = "report_matches"
    LINKAGE = "linkage"
    LINKAGE_PAIR = "linkage_pair"
    LINKAGE_REVIEW = "linkage_review"
    LINK_MODEL = "link_model"
    HARM_RANKING = "harm_ranking"
    OUTSTANDING_SUSPECTS = "outstanding_suspects"
    OPERATION = "operation"
    TARGET = "target"
    COMPLIANCE_CHECK = "compliance_check"
    ORDER = "order"
    ONLINE_REPORT = "online_report"
    INTELLIGENCE = "intelligence"
    VICTIM_ACCESS = "victim_access"
    VICTIM_UPLOAD = "victim_upload"
    DIARY_ENTRY = "diary_entry"
    INSIGHTS = "insights"
    DEMO = "demo"
    ORDERS_DEMO = "orders_demo"
    EXHIBIT_MEDIA = "exhibit_media"
    REDACTED_COPY = "redacted_copy"
    REDACTED_COPIES = "redacted_copies"
    CASE_FILE = "case_file"
    CASE_FILE_STATUS = "case_file_status"
    CASE_FILE_COUNTS = "case_file_counts"
    PATH_STEP = "path_step"
    SUSPECT_PATH = "suspect_path"
    BAIL_BREACH_TASK = "bail_breach_task"
    INTERVENTION = "intervention"
    INTERVENTIONS = "interventions"
    STALKING_REVIEWS = "stalking_reviews"


def snapshot(obj: object, names: list[str] | tuple[str, ...]) -> dict[str, object]:
    """The named attributes of a record, before or after a change."""
    return {name: getattr(obj, name) for name in names}


def changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    """``{field: [old, new]}`` for each field whose value differs (for ``detail["changes"]``)."""
    return {
        name: [before.get(name), value]
        for name, value in sorted(after.items())
        if before.get(name) != value
    }
