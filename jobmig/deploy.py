"""``jobmig deploy``: create or update a CloudFormation stack from ``convert``'s output.

The flow (:func:`deploy`):

1. before any AWS call: read the templates (:func:`jobmig.deploy_inputs.stage_templates`)
   and the parameters, and refuse (exit 2) a missing or unknown parameter, a
   template that needs S3 without ``--bucket``, a bad stack name;
2. upload the nested templates, and the main one when it is over the inline limit;
3. create a change set, CREATE when the stack does not exist (or only holds an
   earlier change set, REVIEW_IN_PROGRESS), UPDATE otherwise, and wait for it;
4. print it as a table; ``--dry-run`` deletes it again (and the empty stack a
   CREATE change set made) and stops;
5. execute it and print the stack's events as CloudFormation reports them
   (DescribeStackEvents, polled) until the stack settles;
6. print the outcome; on failure the first failed resource and its reason,
   followed into a nested stack that failed. Interrupted while following
   (Ctrl-C, exit 130), the deployment goes on: CloudFormation finishes it or
   rolls it back by itself.

Exit codes: 0 deployed, nothing to change, or dry run; 1 the change set, the
execution or an AWS call failed; 2 a usage error (:class:`DeployInputError`).
boto3 is imported here only, when a command runs (credentials: its standard chain).
"""
from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from rich.console import Console
from rich.table import Table

from jobmig.deploy_inputs import (
    USE_PREVIOUS, DeployInputError, StagedTemplates, check_parameters, check_stack_name,
    read_parameters, stage_templates,
)

#: Capabilities the emitted templates need: IAM roles (named ones too), nested stacks.
CAPABILITIES = ("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND")
SUCCESS = frozenset({"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"})
#: How CloudFormation says a change set found nothing to do (the API returns
#: FAILED with this reason; some implementations refuse CreateChangeSet instead).
_NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
#: Styles of the change table: destructive changes in red.
ACTION_STYLES = {"Add": "green", "Modify": "yellow", "Remove": "red", "Dynamic": "magenta",
                 "Import": "cyan"}


class DeployFailed(Exception):
    """CloudFormation or an AWS call refused or failed (exit code 1); one line of text."""


@dataclass
class DeployOptions:
    """What the command line gave; ``poll_seconds`` is the wait between status polls."""

    out: Path
    stack_name: str
    parameters_file: Path | None = None
    parameter_pairs: Sequence[str] = ()
    region: str | None = None
    endpoint_url: str | None = None
    bucket: str | None = None
    dry_run: bool = False
    poll_seconds: float = 5.0


@dataclass(frozen=True)
class ChangeRow:
    """One row of the change table; ``style`` is the rich style of the row."""

    action: str
    logical_id: str
    resource_type: str
    replacement: str
    details: str
    style: str


@dataclass
class _Clients:
    cloudformation: Any
    s3: Any
    errors: tuple[type[BaseException], ...] = field(default=())


def deploy(options: DeployOptions, console: Console) -> int:
    """Run the whole flow; returns the exit code (0 or 1). Raises :class:`DeployInputError`."""
    check_stack_name(options.stack_name)
    if not (options.out / "cloudformation").is_dir():
        raise DeployInputError(f"{options.out}: no cloudformation folder; run jobmig convert first")
    text = None
    if options.parameters_file is not None:
        try:
            text = options.parameters_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise DeployInputError(f"--parameters {options.parameters_file}: "
                                   f"{getattr(error, 'strerror', None) or error}")
    given = read_parameters(text, str(options.parameters_file), options.parameter_pairs)
    # The URL of an uploaded template names the region: without --region, ask boto3's chain.
    region = options.region or _default_region()
    staged = stage_templates(options.out / "cloudformation", stack_name=options.stack_name,
                             bucket=options.bucket, region=region)
    check_parameters(staged.parameters, given,
                     str(options.out / "cloudformation" / staged.main))
    for name in staged.unused:
        console.print(f"[yellow]note:[/yellow] cloudformation/{name} is not a nested stack of "
                      f"{staged.main} and is not deployed", markup=True, highlight=False)
    clients = _clients(options)
    try:
        return _run(clients, staged, given, options, console)
    except clients.errors as error:
        raise DeployFailed(_error_text(error))


def _default_region() -> str | None:
    """The region boto3's configuration chain gives (environment, config file), or None."""
    import boto3

    return boto3.session.Session().region_name


def _clients(options: DeployOptions) -> _Clients:
    import boto3
    import botocore.exceptions as aws

    try:
        session = boto3.session.Session(region_name=options.region)
        kwargs = {"endpoint_url": options.endpoint_url} if options.endpoint_url else {}
        cloudformation = session.client("cloudformation", **kwargs)
        s3 = session.client("s3", **kwargs)
    except aws.NoRegionError:
        raise DeployInputError("no AWS region: give --region or set AWS_DEFAULT_REGION")
    from botocore.parsers import ResponseParserError

    return _Clients(cloudformation, s3, (aws.BotoCoreError, aws.ClientError, ResponseParserError))


# A response botocore could not parse quotes the body; a JSON error body has a "message".
_QUOTED_MESSAGE = re.compile(r'"message":\s*"((?:[^"\\]|\\.)*)"')


def _error_text(error: BaseException) -> str:
    """One line: ``Operation: Code: Message`` for an API error, else the error's own text."""
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        detail = response["Error"]
        operation = getattr(error, "operation_name", "AWS")
        text = f"{operation}: {detail.get('Code', 'Error')}: {detail.get('Message', '')}"
    else:
        text = str(error)
        quoted = _QUOTED_MESSAGE.search(text)
        if quoted:
            text = "unreadable response from AWS: " + quoted.group(1).replace("\\'", "'")
    return " ".join(text.split())


def _run(clients: _Clients, staged: StagedTemplates, given: dict[str, Any],
         options: DeployOptions, console: Console) -> int:
    """Steps 2-6 of the module docstring; the exit code."""
    cfn = clients.cloudformation
    kind = _change_set_type(cfn, options.stack_name, given)
    for upload in staged.uploads:
        try:
            clients.s3.put_object(Bucket=options.bucket, Key=upload.key,
                                  Body=upload.body.encode("utf-8"))
        except clients.errors as error:
            text = _error_text(error)
            remedy = "; create the bucket first or give another --bucket" \
                if "NoSuchBucket" in text else ""
            raise DeployFailed(f"--bucket {options.bucket}: could not upload {upload.relative}: "
                               f"{text}{remedy}")
        console.print(f"Uploaded {upload.relative} to s3://{options.bucket}/{upload.key}",
                      highlight=False)
    try:
        request = _change_set_request(staged, given, options, kind)
        change_set_id = cfn.create_change_set(**request)["Id"]
    except clients.errors as error:
        if any(text in _error_text(error) for text in _NO_CHANGES):
            console.print(f"No changes: stack {options.stack_name} is up to date.")
            return 0
        raise
    change_set = _wait_for_change_set(cfn, change_set_id, options.poll_seconds)
    if change_set["Status"] == "FAILED":
        reason = change_set.get("StatusReason", "")
        _delete_change_set(cfn, change_set_id, kind, options.stack_name)
        if any(text in reason for text in _NO_CHANGES):
            console.print(f"No changes: stack {options.stack_name} is up to date.")
            return 0
        console.print(f"[red]Change set failed:[/red] {reason}", highlight=False, soft_wrap=True)
        return 1
    console.print(change_table(change_set, _nested_change_sets(cfn, change_set), kind))
    if options.dry_run:
        _delete_change_set(cfn, change_set_id, kind, options.stack_name)
        console.print("Dry run: the change set was deleted"
                      + (" (with the empty stack it created)" if kind == "CREATE" else "")
                      + "; nothing was changed.")
        return 0
    return _execute(clients, change_set_id, options, console)


def _change_set_type(cfn: Any, stack_name: str, given: dict[str, Any]) -> str:
    """CREATE for a stack that does not exist (or only holds change sets), else UPDATE.

    Raises :class:`DeployFailed` for a stack that cannot take a change set now.
    """
    status = _stack_status(cfn, stack_name)
    if status == "ROLLBACK_COMPLETE":
        raise DeployFailed(f"stack {stack_name} is ROLLBACK_COMPLETE: a failed creation "
                           "cannot be updated; delete the stack first")
    if status is not None and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
        raise DeployFailed(f"stack {stack_name} is {status}: wait until it settles")
    if status in (None, "REVIEW_IN_PROGRESS"):
        if any(value is USE_PREVIOUS for value in given.values()):
            raise DeployInputError(f"stack {stack_name} does not exist yet: "
                                   "UsePreviousValue needs an existing stack")
        return "CREATE"
    return "UPDATE"


def _change_set_request(staged: StagedTemplates, given: dict[str, Any],
                        options: DeployOptions, kind: str) -> dict[str, Any]:
    """The CreateChangeSet arguments; the change set's name is unique per run."""
    name = "jobmig-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") \
        + "-" + uuid.uuid4().hex[:6]
    request: dict[str, Any] = {
        "StackName": options.stack_name, "ChangeSetName": name, "ChangeSetType": kind,
        "Parameters": [{"ParameterKey": key, "UsePreviousValue": True} if value is USE_PREVIOUS
                       else {"ParameterKey": key, "ParameterValue": value}
                       for key, value in sorted(given.items())],
        "Capabilities": list(CAPABILITIES), "Description": "jobmig deploy"}
    if staged.url:
        request["TemplateURL"] = staged.url
    else:
        request["TemplateBody"] = staged.body
    if any(upload.relative != staged.main for upload in staged.uploads):
        request["IncludeNestedStacks"] = True  # the table then shows the nested stacks' changes
    return request


def _execute(clients: _Clients, change_set_id: str, options: DeployOptions,
             console: Console) -> int:
    """Execute the change set, follow the stack's events, print the outcome; the exit code."""
    cfn = clients.cloudformation
    seen = {event["EventId"] for event in _events(cfn, options.stack_name, limit_pages=1)}
    try:
        cfn.execute_change_set(ChangeSetName=change_set_id)
    except clients.errors as error:
        console.print(f"[red]Deployment failed:[/red] {_error_text(error)}", highlight=False,
                      soft_wrap=True)
        return 1
    final = _follow(cfn, options.stack_name, seen, options.poll_seconds, console)
    stack_status = final["StackStatus"]
    if stack_status in SUCCESS:
        console.print(f"[green]Stack {options.stack_name}: {stack_status}[/green]")
        return 0
    console.print(f"[red]Stack {options.stack_name}: {stack_status}[/red]")
    failure = first_failure(cfn, options.stack_name, seen)
    reason = failure or final.get("StackStatusReason") or "no reason given"
    console.print(f"[red]Failed:[/red] {reason}", highlight=False, soft_wrap=True)
    return 1


def _stack_status(cfn: Any, stack_name: str) -> str | None:
    """The stack's status, or None when there is no such stack."""
    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except Exception as error:  # a ClientError; boto3's classes are not imported at module level
        if "does not exist" in str(error):
            return None
        raise
    return stacks[0]["StackStatus"] if stacks else None


def _wait_for_change_set(cfn: Any, change_set_id: str, poll_seconds: float) -> dict[str, Any]:
    """The change set once it is created or failed, with every page of its Changes."""
    while True:
        description = cfn.describe_change_set(ChangeSetName=change_set_id)
        if description["Status"] not in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
            break
        time.sleep(poll_seconds)
    changes = list(description.get("Changes", []))
    token = description.get("NextToken")
    while token:
        page = cfn.describe_change_set(ChangeSetName=change_set_id, NextToken=token)
        changes.extend(page.get("Changes", []))
        token = page.get("NextToken")
    return {**description, "Changes": changes}


def _nested_change_sets(cfn: Any, change_set: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Logical id of a nested stack → its own change set (``IncludeNestedStacks``), recursively."""
    nested: dict[str, dict[str, Any]] = {}
    for change in change_set.get("Changes", []):
        resource = change.get("ResourceChange", {})
        if resource.get("ChangeSetId"):
            child = _wait_for_change_set(cfn, resource["ChangeSetId"], 1.0)
            nested[resource["LogicalResourceId"]] = child
            for logical, grandchild in _nested_change_sets(cfn, child).items():
                nested[f"{resource['LogicalResourceId']}/{logical}"] = grandchild
    return nested


def change_rows(change_set: dict[str, Any],
                nested: dict[str, dict[str, Any]] | None = None) -> list[ChangeRow]:
    """The rows of the change table, nested stacks' changes under ``Parent/Child`` ids.

    A replacement (``Replacement`` True, or Conditional: CloudFormation may
    replace) and a removal are red; additions green, modifications yellow.
    ``details`` names the properties a modification touches.
    """
    rows: list[ChangeRow] = []

    def add(changes: Iterable[dict[str, Any]], prefix: str) -> None:
        for change in changes:
            resource = change.get("ResourceChange")
            if not resource:
                continue
            action = resource.get("Action", "?")
            replacement = resource.get("Replacement", "") if action == "Modify" else ""
            style = "red" if replacement in ("True", "Conditional") else ACTION_STYLES.get(action, "")
            touched = sorted({detail.get("Target", {}).get("Name") or
                              detail.get("Target", {}).get("Attribute", "")
                              for detail in resource.get("Details", [])} - {""})
            rows.append(ChangeRow(action, prefix + resource.get("LogicalResourceId", "?"),
                                  resource.get("ResourceType", ""), replacement,
                                  ", ".join(touched), style))

    add(change_set.get("Changes", []), "")
    for logical, child in sorted((nested or {}).items()):
        add(child.get("Changes", []), logical + "/")
    return rows


def change_table(change_set: dict[str, Any], nested: dict[str, dict[str, Any]] | None,
                 kind: str) -> Table:
    """The change set as a rich table (see :func:`change_rows`)."""
    rows = change_rows(change_set, nested)
    table = Table(title=f"{kind} change set {change_set.get('ChangeSetName', '')} for stack "
                        f"{change_set.get('StackName', '')}: {len(rows)} change"
                        f"{'' if len(rows) == 1 else 's'}",
                  title_justify="left")
    for column in ("action", "logical id", "type", "replacement", "properties"):
        table.add_column(column, overflow="fold")  # an id cut short would name another resource
    for row in rows:
        table.add_row(row.action, row.logical_id, row.resource_type, row.replacement or "-",
                      row.details or "-", style=row.style or None)
    return table


def _delete_change_set(cfn: Any, change_set_id: str, kind: str, stack_name: str) -> None:
    """Delete the change set, and the empty stack a CREATE change set leaves behind."""
    cfn.delete_change_set(ChangeSetName=change_set_id)
    if kind == "CREATE" and _stack_status(cfn, stack_name) == "REVIEW_IN_PROGRESS":
        cfn.delete_stack(StackName=stack_name)


def _events(cfn: Any, stack_name: str, limit_pages: int | None = None,
            stop: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """The stack's events, newest first, until ``stop`` says an event is old or pages run out."""
    events: list[dict[str, Any]] = []
    token = None
    pages = 0
    while True:
        page = cfn.describe_stack_events(StackName=stack_name, **({"NextToken": token} if token else {}))
        for event in page.get("StackEvents", []):
            if stop and stop(event):
                return events
            events.append(event)
        pages += 1
        token = page.get("NextToken")
        if not token or (limit_pages and pages >= limit_pages):
            return events


def _follow(cfn: Any, stack_name: str, seen: set[str], poll_seconds: float,
            console: Console) -> dict[str, Any]:
    """Print new stack events until the stack's status ends in neither _IN_PROGRESS; the stack."""
    printed = set(seen)
    with console.status(f"CloudFormation is working on {stack_name}…"):
        while True:
            stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
            new = _events(cfn, stack_name, stop=lambda event: event["EventId"] in printed)
            for event in reversed(new):
                printed.add(event["EventId"])
                console.print(event_line(event), highlight=False, markup=False)
            if not stack["StackStatus"].endswith("_IN_PROGRESS"):
                return stack
            time.sleep(poll_seconds)


def event_line(event: dict[str, Any]) -> str:
    """One stack event as ``HH:MM:SS  LogicalId  Type  STATUS  reason``."""
    stamp = event.get("Timestamp")
    when = stamp.strftime("%H:%M:%S") if hasattr(stamp, "strftime") else str(stamp or "")
    parts = [when, event.get("LogicalResourceId", ""), event.get("ResourceType", ""),
             event.get("ResourceStatus", "")]
    if event.get("ResourceStatusReason"):
        parts.append(event["ResourceStatusReason"])
    return "  ".join(part for part in parts if part)


def failure_reason(events: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The event that explains a failure: the earliest ``*_FAILED`` of a resource.

    ``events`` are newest first (as DescribeStackEvents returns them). Later
    failures are mostly consequences ("Resource creation cancelled"), and the
    stack's own events only summarise, so a resource's first failure is the cause.
    """
    failed = [event for event in events
              if str(event.get("ResourceStatus", "")).endswith("_FAILED")
              and event.get("PhysicalResourceId") != event.get("StackId")]  # not the stack itself
    return failed[-1] if failed else None


def first_failure(cfn: Any, stack_name: str, seen: set[str], depth: int = 0) -> str | None:
    """``LogicalId (Type): reason`` of the failure since the events in ``seen``.

    A nested stack that failed is followed into its own events (three levels at most).
    """
    events = _events(cfn, stack_name, stop=lambda event: event["EventId"] in seen)
    event = failure_reason(events)
    if event is None:
        return None
    text = (f"{event.get('LogicalResourceId')} ({event.get('ResourceType')}): "
            f"{event.get('ResourceStatusReason') or 'no reason given'}")
    if event.get("ResourceType") == "AWS::CloudFormation::Stack" and depth < 3 \
            and event.get("PhysicalResourceId"):
        try:
            inner = first_failure(cfn, event["PhysicalResourceId"], set(), depth + 1)
        except Exception:  # the nested stack may be gone after a rollback
            inner = None
        if inner:
            text = f"{event.get('LogicalResourceId')} → {inner}"
    return text
