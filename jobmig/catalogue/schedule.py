"""JM2xx: schedules and their EventBridge / Change Calendar equivalents."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM201", Severity.MANUAL, "Schedule not converted",
        "The legacy schedule uses a construct this version cannot map exactly, so no AWS "
        "schedule was written rather than a wrong one.",
        "Write the EventBridge Scheduler expression by hand, then check it with "
        "`jobmig cron`.",
    ),
    FindingType(
        "JM202", Severity.ERROR, "Schedule expression rejected",
        "The legacy scheduler would reject this expression (a value out of range, a step of 0, "
        "a form its grammar does not have, a wrong number of fields), so the job never ran "
        "on this schedule.",
        "Correct the expression in the source; `jobmig cron` shows how a corrected expression "
        "converts.",
    ),
    FindingType(
        "JM203", Severity.MANUAL, "Random cron range",
        "cronie's `~` ranges pick one random value each time crond loads the crontab, so the "
        "legacy fire time is not known from the file.",
        "Look up the time the job actually ran (cron log) and write that fixed time, or pick "
        "a time, in the EventBridge schedule.",
    ),
    FindingType(
        "JM204", Severity.REVIEW, "Days gated by a Change Calendar",
        "The legacy schedule runs only on days that match both the day-of-month and the "
        "day-of-week field (Jenkins always ANDs them; cronie does when one field starts with "
        "`*`). EventBridge cron takes one of the two fields, so the schedule fires on one field "
        "and its state machine runs only when a generated Change Calendar is open, which is "
        "exactly on the matching days of the stated horizon.",
        "Check the calendar's days, and regenerate the calendar before its horizon ends "
        "(after that it is closed and the job never runs).",
    ),
    FindingType(
        "JM205", Severity.REVIEW, "Runs differently at a daylight-saving change",
        "On the listed dates a legacy fire time falls in the hour the clocks skip or repeat. "
        "EventBridge Scheduler skips a time that does not exist and runs a repeated time "
        "once; cronie runs a skipped fixed-time job when the clocks jump and runs wildcard "
        "jobs in both passes of a repeated hour; Jenkins runs a repeated time twice.",
        "Accept the difference, or move the job out of the DST change window (typically "
        "01:00-03:00 local time).",
    ),
    FindingType(
        "JM206", Severity.REVIEW, "UTC rules split at daylight-saving changes",
        "EventBridge rules run in UTC only and have no start or end date. The legacy zone "
        "changes its UTC offset, so the schedule became UTC rules whose year, month and "
        "day-of-month fields confine each to one offset period of the horizon (a partial "
        "month lists its days). After the horizon ends no rule fires.",
        "Prefer `--target scheduler` (EventBridge Scheduler keeps local time), or convert "
        "again with a new --horizon before the listed end.",
    ),
    FindingType(
        "JM207", Severity.MANUAL, "No exact UTC rule",
        "Moving the schedule to UTC moves some runs across midnight into another day, weekday "
        "or month in a way one cron field cannot express (e.g. a month-end that depends on the "
        "month's length), so no rule was written.",
        "Use `--target scheduler` with the legacy time zone, which needs no shift.",
    ),
    FindingType(
        "JM208", Severity.REVIEW, "Two schedules fire at the same minute on some days",
        "The legacy schedule fires once on days that match either of two day fields (cronie's "
        "OR rule) or several lines (Jenkins). It became several EventBridge schedules, and on "
        "the listed days more than one of them fires at the same minute: the workflow starts "
        "twice where the legacy job ran once. The duplicate-run guard does not help here: two "
        "executions started at the same moment both see two running and both stop.",
        "Make the job safe to run twice on those days, or gate one of the schedules with a "
        "Change Calendar closed on the listed days. An execution name built from "
        "`<aws.scheduler.scheduled-time>` cannot deduplicate, because execution names may not "
        "contain `:`.",
    ),
    FindingType(
        "JM209", Severity.INFO, "Schedule never fires",
        "No date matches the schedule's day and month fields (e.g. the 30th of February), so "
        "the legacy job never ran on it and no AWS schedule was written.",
        "Confirm the job is unused, or correct its schedule in the source.",
    ),
    FindingType(
        "JM210", Severity.MANUAL, "Jenkins H without the job's full name",
        "Jenkins computes H from the job's full name (folder path and name). Without it the "
        "hashed minutes and hours cannot be reproduced.",
        "Convert the job from its JENKINS_HOME folder (or pass --job-name) so the full name is "
        "known.",
    ),
    FindingType(
        "JM211", Severity.INFO, "Schedules created disabled",
        "The job needs manual work, so its schedules and the event rules that start it are "
        "created DISABLED: deploying the template does not run a job that was not converted.",
        "Finish the manual work, then enable the schedules and rules (State: ENABLED).",
    ),
    FindingType(
        "JM212", Severity.MANUAL, "Too many UTC rules",
        "EventBridge rules run in UTC and have no start or end date, so in a zone that changes "
        "its UTC offset each offset period needs rules confined by their year, month and day "
        "fields. This schedule would need more rules than jobmig writes for one schedule, so "
        "none was written.",
        "Use `--target scheduler` (EventBridge Scheduler keeps local time), or a shorter "
        "--horizon.",
    ),
)
