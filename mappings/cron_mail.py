"""Where cron would have mailed a job's output, and the converted job does not.

cron mails whatever a job writes to standard output or standard error to
``MAILTO`` (or, without it, to the crontab's owner), after every run that
printed anything, not only after failures; ``MAILTO=""`` turns that off
(crontab(5)). The converted job sends no mail: at most the failure notice
(``--notify``: an EventBridge rule to the SNS topic parameter, whose email
subscriptions the operators add). :func:`mail_note` says, for a crontab job
with a ``MAILTO`` whose output is not redirected away, who lost their mail.
Without ``MAILTO`` the mail went to the owner's local mailbox on the legacy
host, which the move retires anyway; that is not reported job by job.
"""
from __future__ import annotations

import re

from jobmig.model import Job

_STDOUT = re.compile(r"(?:^|[^0-9&<>])(?:1)?>>?\s*[^\s&]")  # > file, >> file, 1> file
_STDERR = re.compile(r"2>>?\s*[^\s&]|2>&1")


def output_discarded(command: str) -> bool:
    """Whether both standard output and standard error go to files (``&>``, ``> f 2>&1``...)."""
    if "&>" in command:
        return True
    return bool(_STDOUT.search(command)) and bool(_STDERR.search(command))


def mail_note(job: Job, notify: bool) -> str | None:
    """What the job's owner loses (a JM563 message), or ``None`` when cron mailed nothing."""
    if job.unit_type != "cron":
        return None
    mailto = (job.environment.get("MAILTO") or "").strip()
    if not mailto or output_discarded(job.command or ""):
        return None
    who = mailto
    after = ("the converted job sends only the failure notice (subscribe those addresses to "
             "the NotificationTopicArn topic)" if notify else
             "the converted job mails nobody, not even on failure (convert with --notify and "
             "subscribe those addresses to the NotificationTopicArn topic)")
    return (f"{job.name}: cron mailed its output to {who} after every run that printed "
            f"anything; {after}")
