"""The states every machine starts with: business date, calendar gate, duplicate-run guard.

Each builder works backwards like :mod:`jobmig.mappings.asl_tasks`: it adds
its states to ``states`` and returns the name of its first state, which
continues to ``next_state``.

* :func:`business_date`: ``$.business_date`` as given (Scheduler:
  ``<aws.scheduler.scheduled-time>``), else from ``upstream_output`` (the
  predecessor's output, a JSON string passed by a dependency rule), else the
  execution's start time; then, in machines a join gate compares,
  ``$.business_day``: its date in the jobs' zone.
* :func:`calendar_gate`: when the input names a ``calendar``,
  ``aws-sdk:ssm:getCalendarState`` at the business date; CLOSED ends the run
  SUCCEEDED with the output :data:`SKIPPED_OUTPUT` ("Skipped: closed day").
  Without ``calendar`` (a manual re-run) the gate is passed. A ``calendar``
  may name the pieces of a calendar too large for one SSM document, joined
  by ``,`` (:mod:`jobmig.mappings.change_calendar`): every piece is passed,
  and GetCalendarState answers OPEN only when all of them are open.
* :func:`duplicate_run_guard`: ``aws-sdk:sfn:listExecutions`` with
  PascalCase ``StateMachineArn``/``StatusFilter: RUNNING``; a count above 1
  (the list includes this execution) fails with ``Jobmig.DuplicateRun``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from jobmig.mappings.asl_dates import business_day_states
from jobmig.mappings.change_calendar import NAME_SEPARATOR

from jobmig.mappings.asl_tasks import (
    SFN_LIST_EXECUTIONS, SSM_CALENDAR_STATE, BuildContext, api_retry, chain, state_machine_arn,
)

BUSINESS_DATE = "business_date"
DEFAULT_HORIZON = (date(2026, 1, 1), date(2027, 12, 31))
DUPLICATE_RUN = "Jobmig.DuplicateRun"
CLOSED = "CLOSED"
CALENDAR_EXPIRED = "Jobmig.CalendarExpired"
#: The whole output of a run skipped on a closed day: a JSON string, where every other
#: run ends with a JSON object. Dependency rules match only outputs that start with
#: ``{`` (:mod:`jobmig.mappings.event_patterns`), so a skipped run starts no successor;
#: it ends SUCCEEDED, so no failure notice is sent either.
SKIPPED_OUTPUT = "jobmig: skipped, the Change Calendar is CLOSED on the business date"


def business_date(ctx: BuildContext, next_state: str, states: dict[str, dict[str, Any]],
                  zone: str = "UTC", horizon: tuple[date, date] | None = None,
                  day: bool = False, base_minutes: int = 0) -> str:
    """Settle ``$.business_date``: given, from the upstream output, or the start time; then,
    with ``day``, ``$.business_day``: its date in ``zone`` (:mod:`jobmig.mappings.asl_dates`;
    only machines a join gate compares need it, and it costs a dozen states), the day
    starting ``base_minutes`` after local midnight (JP1's base time)."""
    n = ctx.name
    if day:
        next_state = business_day_states(ctx, zone, horizon or DEFAULT_HORIZON, next_state, states,
                                         base_minutes)
    given, read, has, take = (n("Business date given?"), n("Read upstream output"),
                              n("Upstream has business date?"), n("Take upstream business date"))
    use_start, take_start = n("Use start time as business date"), n("Take start time")
    states.update({
        given: {"Type": "Choice", "Choices": [
            {"Variable": f"$.{BUSINESS_DATE}", "IsPresent": True, "Next": next_state},
            {"Variable": "$.upstream_output", "IsString": True, "Next": read}],
            "Default": use_start},
        read: chain({"Type": "Pass", "Parameters": {
            "value.$": "States.StringToJson($.upstream_output)"}, "ResultPath": "$.upstream"}, has),
        has: {"Type": "Choice", "Choices": [
            {"Variable": f"$.upstream.value.{BUSINESS_DATE}", "IsPresent": True, "Next": take}],
            "Default": use_start},
        take: chain({"Type": "Pass", "InputPath": f"$.upstream.value.{BUSINESS_DATE}",
                     "ResultPath": f"$.{BUSINESS_DATE}"}, next_state),
        use_start: chain({"Type": "Pass", "Parameters": {"value.$": "$$.Execution.StartTime"},
                          "ResultPath": "$.started"}, take_start),
        take_start: chain({"Type": "Pass", "InputPath": "$.started.value",
                           "ResultPath": f"$.{BUSINESS_DATE}"}, next_state),
    })
    return given


def calendar_gate(ctx: BuildContext, calendars: list[str], next_state: str,
                  states: dict[str, dict[str, Any]], expires: str | None = None,
                  several: bool = False) -> str:
    """getCalendarState for the input's ``calendar`` at the business date; CLOSED → skipped.

    ``calendars``: the Change Calendars this machine's schedules may name (IAM).
    ``several``: a schedule names several (pieces joined by ``,``): the names are
    then passed as ``States.StringSplit`` of the input (one name gives a list of
    one), else as ``States.Array`` of it.
    ``expires``: the UTC timestamp where the calendars' horizon ends; a business
    date from then on fails the run (Jobmig.CalendarExpired, so the failure notice
    fires) instead of being skipped silently by a calendar that no longer says
    anything true.
    """
    n = ctx.name
    given, check, is_open, closed = (n("Calendar given?"), n("Check change calendar"),
                                     n("Calendar open?"), n("Skipped: closed day"))
    first = check
    if expires is not None:
        first, expired = n("Calendar still valid?"), n("Calendar expired")
        states.update({
            first: {"Type": "Choice", "Choices": [
                {"Variable": f"$.{BUSINESS_DATE}", "TimestampGreaterThanEquals": expires,
                 "Next": expired}], "Default": check},
            expired: {"Type": "Fail", "Error": CALENDAR_EXPIRED,
                      "Cause": f"the Change Calendar ends before this business date (from "
                               f"{expires} on); convert again with a later --horizon and "
                               "update the calendars"},
        })
    states.update({
        given: {"Type": "Choice", "Choices": [
            {"Variable": "$.calendar", "IsPresent": True, "Next": first}], "Default": next_state},
        check: chain({
            "Type": "Task", "Resource": SSM_CALENDAR_STATE,
            "Parameters": {"CalendarNames.$": f"States.StringSplit($.calendar, '{NAME_SEPARATOR}')"
                           if several else "States.Array($.calendar)",
                           "AtTime.$": f"$.{BUSINESS_DATE}"},
            "ResultSelector": {"State.$": "$.State"}, "ResultPath": "$.calendar_state",
            "Retry": [api_retry("Ssm")],
        }, is_open),
        is_open: {"Type": "Choice", "Choices": [
            {"Variable": "$.calendar_state.State", "StringEquals": CLOSED, "Next": closed}],
            "Default": next_state},
        closed: {"Type": "Pass", "Comment": "the Change Calendar is CLOSED on the business date",
                 "Result": SKIPPED_OUTPUT, "End": True},
    })
    for calendar in calendars:
        ctx.allow("ssm:GetCalendarState",
                  f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:document/{calendar}")
    return given


def duplicate_run_guard(ctx: BuildContext, job_name: str, next_state: str,
                        states: dict[str, dict[str, Any]]) -> str:
    """listExecutions RUNNING of this machine; more than one (this one included) → Fail."""
    n = ctx.name
    check, running, duplicate = n("Check running executions"), n("Already running?"), n("Duplicate run")
    states.update({
        check: chain({
            "Type": "Task", "Resource": SFN_LIST_EXECUTIONS,
            "Parameters": {"StateMachineArn.$": "$$.StateMachine.Id", "StatusFilter": "RUNNING",
                           "MaxResults": 2},
            "ResultSelector": {"Count.$": "States.ArrayLength($.Executions)"},
            "ResultPath": "$.running",
            "Retry": [api_retry("Sfn")],
        }, running),
        running: {"Type": "Choice", "Choices": [
            {"Variable": "$.running.Count", "NumericGreaterThan": 1, "Next": duplicate}],
            "Default": next_state},
        duplicate: {"Type": "Fail", "Error": DUPLICATE_RUN,
                    "Cause": f"{job_name} is already running; the legacy scheduler did "
                             "not allow concurrent runs"},
    })
    ctx.allow("states:ListExecutions", state_machine_arn(ctx.machine))
    return check
