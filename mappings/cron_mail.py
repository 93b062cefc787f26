"""Where cron would have mailed a job's output, and the converted job does not.

cron mails whatever a job writes to standard output or standard error to
``MAILTO`` (or, without it, to the crontab's owner), after every run that
printed anything, not only after failures; ``MAILTO=""`` turns that off
(crontab(5)). The converted job mails only when a run fails: :func:`email_addresses` gives
the addresses the emitted stack subscribes to an SNS topic of their own
(one per address set), which a failure-notice rule of the job's state
machine publishes to. :func:`mail_note` says, for a crontab job with a
``MAILTO`` whose output is not redirected away, what the recipients lose.
Without ``MAILTO`` the mail went to the owner's local mailbox on the legacy
host, which the move retires anyway; that is not reported job by job.
"""
from __future__ import annotations

import re

from jobmig.model import Job
from jobmig.messages import msg

_STDOUT = re.compile(r"(?:^|[^0-9&<>])(?:1)?>>?\s*[^\s&]")  # > file, >> file, 1> file
_STDERR = re.compile(r"2>>?\s*[^\s&]|2>&1")


def output_discarded(command: str) -> bool:
    """Whether both standard output and standard error go to files (``&>``, ``> f 2>&1``...)."""
    if "&>" in command:
        return True
    return bool(_STDOUT.search(command)) and bool(_STDERR.search(command))


def recipients(job: Job) -> tuple[str, ...]:
    """The ``MAILTO`` recipients cron mailed the job's output to, sorted and unique; ``()``
    when cron mailed nothing (not a cron job, no or empty ``MAILTO``, output redirected).

    cronie takes a comma-separated list; blanks around the commas are dropped.
    """
    if job.unit_type != "cron":
        return ()
    mailto = (job.environment.get("MAILTO") or "").strip()
    if not mailto or output_discarded(job.command or ""):
        return ()
    return tuple(sorted({part.strip() for part in mailto.split(",") if part.strip()}))


def email_addresses(job: Job) -> tuple[str, ...]:
    """The recipients that are email addresses (SNS email subscriptions need one); a local
    user name (``MAILTO=root``) named a mailbox on the legacy host."""
    return tuple(r for r in recipients(job) if _EMAIL.match(r))


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def mail_note(job: Job, notify: bool = False) -> str | None:
    """What the job's recipients lose (a JM563 message), or ``None`` when cron mailed nothing.

    Whatever ``notify`` says, the emitted stack mails a failed run's notice to the
    recipients that are email addresses (a topic per address set, see
    :mod:`jobmig.mappings.event_patterns`); what is lost is the mail after runs that
    worked, and the output itself.
    """
    who = recipients(job)
    if not who:
        return None
    addresses = email_addresses(job)
    local = [r for r in who if r not in addresses]
    after = (msg("the converted job emails {addresses} only when a run fails (an SNS topic with "
                 "email subscriptions, each to be confirmed), and never the output",
                 addresses=', '.join(addresses))
             if addresses else msg("the converted job mails nobody"))
    if local:
        after += (msg("; {local} named a local mailbox on the legacy host, which gets nothing",
                      local=', '.join(local)))
    return (msg("{name}: cron mailed its output to {who} after every run that printed anything, "
                "successful runs included; {after}",
                name=job.name, who=', '.join(who), after=after))
