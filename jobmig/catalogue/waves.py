"""JM6xx: migration waves (``jobmig waves``, ``convert --wave``)."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM601", Severity.REVIEW, "Predecessor moves in another wave",
        "This wave was converted alone (convert --wave). A job in it waits for a job of an "
        "earlier wave. The event rule that starts it listens for that job's state machine, "
        "so it works only once the earlier wave runs on AWS; while the predecessor still runs "
        "on the legacy scheduler, nothing starts this job.",
        "Deploy the earlier wave first. Until then, start the job by hand (or from the legacy "
        "scheduler, e.g. with `aws stepfunctions start-execution`) when the predecessor has "
        "ended as its condition requires.",
    ),
    FindingType(
        "JM602", Severity.REVIEW, "Successor still runs on the legacy scheduler",
        "This wave was converted alone (convert --wave). A job of a later wave waits for a job "
        "in it. Once this wave runs on AWS, the legacy successor no longer sees its "
        "predecessor end on the legacy scheduler.",
        "Until the later wave moves, start the legacy successor when this job's state machine "
        "ends with the status its condition needs (an EventBridge rule on that status that "
        "notifies the legacy scheduler, or an operator), then remove that bridge when the "
        "successor moves.",
    ),
)
