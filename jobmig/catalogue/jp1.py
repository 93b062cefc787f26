"""JM4xx: JP1/AJS3 unit definitions (``ajsprint -a`` exports) and their schedules."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM401", Severity.ERROR, "Unit definition syntax error",
        "The text breaks the unit definition grammar (a parameter not closed by ';', an "
        "unterminated string, comment or '{', a stray token). ajsdefine would reject the file. "
        "jobmig read the statement up to the end of its line, or skipped it, and went on.",
        "Fix the line in the export (or re-export it with ajsprint -a) and convert again; "
        "check the units around the line, they may have been read differently.",
    ),
    FindingType(
        "JM402", Severity.ERROR, "Unit could not be read",
        "A unit's attribute line is malformed (e.g. 'unit X' without '=') or the unit has no "
        "'ty=' type, so jobmig cannot tell what it is. The unit and everything inside it were "
        "skipped; the units after it were read normally.",
        "Correct the unit in the export and convert again.",
    ),
    FindingType(
        "JM403", Severity.ERROR, "Relation not understood",
        "An 'ar=(f=...,t=...,type)' relation names a unit that is not a sibling, lacks f= or "
        "t=, or has a connection type other than seq or con. A relation whose ends are clear "
        "but whose type is misspelt (e.g. 'sea') was read as seq; any other was dropped.",
        "Correct the relation (the message suggests the nearest unit name), or add the "
        "dependency in the generated state machine by hand.",
    ),
    FindingType(
        "JM404", Severity.MANUAL, "Unit type has no AWS equivalent",
        "The unit waits for an event, talks to a product-specific facility, or points at "
        "another manager. Step Functions and EventBridge have no construct that does the same, "
        "so the unit is kept as a placeholder job.",
        "Build what the message suggests (for example an S3 event rule with a task token for a "
        "file watch), then replace the placeholder state.",
    ),
    FindingType(
        "JM405", Severity.REVIEW, "Unit type converted approximately",
        "The unit maps onto a Step Functions state (Choice for a judgment job, Wait for an "
        "interval job, a Parallel join for an OR job) whose behaviour differs in detail.",
        "Check the generated state against the legacy unit's settings kept in the job's "
        "attributes.",
    ),
    FindingType(
        "JM406", Severity.ERROR, "Unit placed where JP1 does not allow it",
        "JP1 keeps jobs inside jobnets and job groups outside them. This export puts a job "
        "directly under a job group (it becomes a workflow of its own) or a job group inside a "
        "jobnet (it only adds a name prefix).",
        "Check that the export is complete and was not edited by hand.",
    ),
    FindingType(
        "JM407", Severity.MANUAL, "Jobnet runs on its registration day (en)",
        "'sd=...,en' (the default when a root jobnet has no sd) starts the jobnet on the day "
        "an operator registers it for execution. There is no calendar rule to carry over.",
        "Start the state machine from the release process, or give it an explicit schedule.",
    ),
    FindingType(
        "JM408", Severity.INFO, "Schedule undefined (ud)",
        "'sd=...,ud' leaves the jobnet without a schedule: it runs only when started by hand "
        "or by its parent.",
        "Nothing to do.",
    ),
    FindingType(
        "JM409", Severity.REVIEW, "Run days precomputed into a Change Calendar",
        "The schedule rule depends on the JP1 calendar (open/closed days, business-day "
        "counting, closed-day shifts, base day or base time, day cycles) in a way EventBridge "
        "cron cannot say. jobmig runs the jobnet daily (or weekly) at its start time, gated by "
        "a DEFAULT_CLOSED Change Calendar that is open exactly on the computed run days of the "
        "stated horizon. Outside the horizon the calendar is closed.",
        "Check the computed days (calendars/*.ics) and renew the calendar before the horizon "
        "ends (rerun jobmig with a later --horizon, or maintain it in SSM).",
    ),
    FindingType(
        "JM410", Severity.ERROR, "Schedule rule not understood",
        "A schedule parameter (sd, st, cy, sh, shd, cftd, ln, ed) has a form JP1 does not "
        "accept, so no AWS schedule was written for the rule.",
        "Correct the parameter in the export, or write the schedule by hand.",
    ),
    FindingType(
        "JM411", Severity.REVIEW, "Nested jobnet has its own schedule rules",
        "A nested jobnet with schedule rules runs only when its parent runs on a day (and rule, "
        "'ln') its own rules select. Its schedules are kept as legacy schedules; the parent's "
        "state machine has to skip it on other days.",
        "Add a Choice on the execution date before the nested state machine, or confirm that "
        "it may run with every parent run.",
    ),
    FindingType(
        "JM412", Severity.REVIEW, "End judgment differs from 'exit code 0 = success'",
        "JP1 judges a job's end by its settings (jd, tho abnormal threshold, wth warning "
        "threshold, or a file). For SSM Run Command and ECS tasks the converted workflow "
        "applies tho: a return code from 1 to tho goes on (JP1's warning end becomes a normal "
        "end, there is no separate warning state), a higher one is an abnormal end. Other "
        "judgments (jd other than cod, a file) and Lambda or Batch tasks are not mapped.",
        "Check that the jobnet may go on after a warning end; map other judgments in the task "
        "(wrapper script or Choice on the result).",
    ),
    FindingType(
        "JM413", Severity.REVIEW, "Retry limited to a return-code range",
        "JP1 retries only when the return code lies in [rjs, rje]. A Step Functions Retry "
        "matches error names, so every failure is retried.",
        "Have the task raise a distinct error for the retryable codes and retry only that.",
    ),
    FindingType(
        "JM414", Severity.MANUAL, "Cross-jobnet wait, connector or exclusive schedule",
        "The unit waits for units in other jobnets (eun/mm), is linked by a jobnet connector "
        "(nc, ncl/ncn), or must not run with another jobnet (ejn). These span workflows.",
        "Build an EventBridge rule on the other state machine's status change (a join gate "
        "for several), or mark the ordering as handled elsewhere.",
    ),
    FindingType(
        "JM415", Severity.REVIEW, "No calendar: every day treated as open",
        "The rule counts open or closed days or shifts closed days, but the export holds no "
        "calendar (op/cl on the job groups) and no --holidays list was given, so every day "
        "was treated as open. JP1 calendars are often kept apart (ajsprint -c, ajscalendar).",
        "Export the calendar too, or give --holidays, and convert again.",
    ),
    FindingType(
        "JM416", Severity.INFO, "Map element does not match the units",
        "An 'el=' map entry names a unit that is not a child, or gives another type. The map "
        "only places icons, so nothing changes, but it often reveals a typo in the units.",
        "Nothing to do unless a unit name is misspelt.",
    ),
    FindingType(
        "JM417", Severity.ERROR, "Unit name used twice under one parent",
        "Two sibling units have the same name. JP1 refuses this; jobmig kept both and added "
        "'~2' to the second one's id.",
        "Rename one of them in the export.",
    ),
    FindingType(
        "JM418", Severity.MANUAL, "Unknown unit type",
        "The 'ty=' value is not a JP1/AJS3 unit type jobmig knows. The unit is kept as a "
        "placeholder job.",
        "Check the value; convert the unit by hand if it is a product add-on.",
    ),
    FindingType(
        "JM419", Severity.INFO, "Parameter given twice",
        "A parameter that takes one value appears more than once (or a schedule rule number "
        "is used twice). The message says which value was used: a later definition "
        "overrides an earlier one, and several start dates of one rule all count.",
        "Remove the duplicate.",
    ),
    FindingType(
        "JM420", Severity.REVIEW, "Unit is on hold (ha)",
        "'ha=y' (or a conditional hold) keeps the unit from running until an operator "
        "releases it. The converted workflow runs it straight away.",
        "Decide whether the hold was an operational habit or must become a manual approval "
        "step (a task token).",
    ),
    FindingType(
        "JM421", Severity.ERROR, "Text not decodable",
        "Some bytes are neither UTF-8 nor CP932 and were replaced with U+FFFD, so names or "
        "commands may be wrong.",
        "Give the right --encoding.",
    ),
    FindingType(
        "JM422", Severity.INFO, "No run inside the horizon",
        "The schedule rule selects no day inside the horizon (e.g. a date in the past), so no "
        "AWS schedule was written for it.",
        "Nothing to do if the rule is obsolete; otherwise widen --horizon.",
    ),
    FindingType(
        "JM423", Severity.REVIEW, "Cycle start depends on the horizon",
        "'cy=' repeats every n days, weeks, months or years from the start date, but the start "
        "date names no year, so the cycle was anchored on the first matching day of the "
        "horizon.",
        "Confirm the anchor date against the legacy schedule (ajsschedule).",
    ),
    FindingType(
        "JM424", Severity.ERROR, "Parameter value not valid",
        "A parameter holds a value outside the ones JP1 accepts for it (e.g. de=n1, "
        "sz=10x81). ajsdefine would reject it; jobmig kept the text as written and ignored "
        "its meaning.",
        "Correct the value in the export.",
    ),
    FindingType(
        "JM425", Severity.REVIEW, "Unit structure repaired",
        "A '{' is never closed or a '}' has no '{' (JP1 would refuse the file). The reader "
        "closed or dropped braces where it could, so the units after that point may sit in "
        "another jobnet than the one meant, with other predecessors and schedules.",
        "Fix the braces in the export (ajsprint again) and convert again; until then check "
        "each flagged unit's place.",
    ),
    FindingType(
        "JM426", Severity.MANUAL, "Calendar of another job group not in the export",
        "jc= makes the jobnet use the calendar of another job group, but no job group of that "
        "name is in the files read, so the open and closed days its schedule depends on are "
        "unknown.",
        "Export the job group that holds the calendar together with this jobnet and convert "
        "again.",
    ),
    FindingType(
        "JM427", Severity.ERROR, "Unit inside a comment that is never closed",
        "A '/*' comment opened earlier in the file is never closed, so the reader took the "
        "rest of the file as comment: this unit was not read and is not in the plan. Each "
        "such unit is listed at its own line (never folded into a count): each is a job "
        "that would stop running.",
        "Close the comment ('*/') where it was meant to end (a quote lost before a value "
        "holding '/*', such as a file pattern, is a common cause), then convert again.",
    ),
    FindingType(
        "JM430", Severity.INFO, "OR job merges the branches of one judgment",
        "Every predecessor of the OR job ends a branch that runs only when its judgment job's "
        "test on the same return code holds, and exactly one of those tests holds for any code. "
        "So exactly one predecessor runs and the OR job is where the branches meet: one Choice "
        "state picks the branch, and the OR job becomes the state they all continue at.",
        "Nothing to do; the message lists the branches and their tests.",
    ),
    FindingType(
        "JM431", Severity.MANUAL, "OR job whose predecessors may run together",
        "An OR job starts its successors when the first of its predecessors ends. Step "
        "Functions has no 'first branch wins' join, and here the predecessors are not "
        "mutually exclusive judgment branches (the message says why), so more than one may "
        "run and the OR job cannot be a plain merge point. It is a placeholder that fails the "
        "run.",
        "Restructure the branches as one judgment (exclusive tests on one return code), or "
        "build the first-wins join by hand (for example a Parallel whose branches end by "
        "failing with a marker error that a Catch turns into success).",
    ),
    FindingType(
        "JM432", Severity.REVIEW, "Sending unit converted to an AWS call",
        "A JP1 event sending job (evsj), mail sending job (mlsj) or HTTP connection job (htpj) "
        "became a Step Functions task (EventBridge PutEvents, SES SendEmail or SNS Publish, "
        "the HTTP Task). The message says what was carried over and what was not (JP1 event "
        "attributes, mail attachments and profiles, HTTP job options).",
        "Fill in the template parameters the message names (event bus, sender address, "
        "topic, EventBridge connection) and check the receivers understand the new format.",
    ),
    FindingType(
        "JM433", Severity.REVIEW, "File watch converted to a polling loop",
        "A file monitoring job (flwj) became a loop that checks the file every flwi seconds "
        "until it shows the watched change or etm minutes have passed: on the same managed "
        "node through SSM Run Command, or on S3 where the mapping profile maps the path to a "
        "bucket. As in JP1, a file already there when the watch starts counts as created only "
        "once a check has seen none (with flco=y, JP1's start-monitoring option, it counts at "
        "once); a change undone between two checks is missed, and JP1's close check (the file "
        "no longer open elsewhere) has no counterpart. Size and modified-time watches (flwc s, m) "
        "compare with the previous check (JM443).",
        "Check the interval and the timeout outcome; for S3 watches that start a jobnet, an "
        "EventBridge 'Object Created' rule is the event-driven alternative.",
    ),
    FindingType(
        "JM434", Severity.REVIEW, "JP1 event wait converted to a task-token wait",
        "A JP1 event reception monitoring job (evwj) inside a jobnet became a Step Functions "
        "task that stores its task token in a DynamoDB table (aws-sdk:dynamodb:putItem with "
        ".waitForTaskToken) under the event ID it waits for (with a digest of its "
        "conditions). An EventBridge rule matching the event a converted event sending job "
        "sends (source, detail-type 'JP1 event', detail.event_id, and the message, issuing "
        "host and user, extended-attribute and severity conditions an event pattern states "
        "exactly) starts a small relay state machine that reads the tokens stored under that "
        "key and resumes each wait (sfn:SendTaskSuccess). A condition no pattern states is "
        "JM447; an event sent before the wait started is not seen. The table's name is a "
        "template parameter and its items expire (TTL) a day after the wait's timeout.",
        "Check the timeout (etm) and its outcome (ets), what the message lists as not carried "
        "over, and that the senders put their events on the bus the rule watches.",
    ),
    FindingType(
        "JM435", Severity.REVIEW, "Start condition converted to EventBridge rules",
        "The jobnet's start condition (.CONDITION, ty=rc) became one EventBridge rule per "
        "waited event (a JP1 event for evwj, an S3 'Object Created' event for a file watch "
        "whose path the profile maps to S3), each starting the jobnet's state machine. In JP1 "
        "the schedule starts the monitoring and each satisfied condition starts a run; the "
        "rules are always on, so the jobnet's schedule is not emitted as a trigger (nor its "
        "calendar: a closed day does not hold back a run). For cond=and each event starts an "
        "arrival machine and a join gate starts the jobnet once all have arrived for one "
        "business day, at most once a day.",
        "Check the rules' patterns; for S3 rules turn on EventBridge notifications on the "
        "bucket (the template cannot do that for a bucket it does not own).",
    ),
    FindingType(
        "JM436", Severity.REVIEW, "Start condition monitoring count or window not carried over",
        "JP1 monitors a start condition a number of times (wc) or until an end time (wt) "
        "after the schedule starts the monitoring. An EventBridge rule has no count and no "
        "time window: it starts a run for every matching event, at any time.",
        "If the limit matters, disable the rule outside the window (for example with a "
        "scheduled job) or let the jobnet check the count itself.",
    ),
    FindingType(
        "JM437", Severity.MANUAL, "Start condition not converted",
        "The jobnet's start condition could not become EventBridge rules; the message says "
        "why: a wait with no event on AWS (a file watch on a local disk, mail or log "
        "monitoring), or one without what it waits for (evwid, flwf). The jobnet needs manual "
        "work: its schedule is created disabled, since it would start runs without the "
        "condition.",
        "Build the trigger by hand: for a local file, an upload to S3, a profile rule mapping "
        "the path to the bucket and an 'Object Created' rule; for other waits, the AWS event "
        "source that replaces them.",
    ),
    FindingType(
        "JM440", Severity.MANUAL, "Waited unit or connected jobnet not in the export",
        "The unit waits for the end of a unit of another jobnet (eun), or a jobnet connector "
        "(nc) names a root jobnet (ncr), that none of the inputs defines (or the name is not a "
        "unit full name). No status-change rule could be built, so nothing would start it in "
        "JP1's order.",
        "Add the export that defines the named unit to the inputs (same unit full name), or "
        "remove the wait, and convert again.",
    ),
    FindingType(
        "JM441", Severity.REVIEW, "Wait for units of other jobnets becomes a status-change rule",
        "JP1 starts a unit with wait conditions (eun) at its own time and then waits until the "
        "waited units have ended normally or with a warning (mm=and: all of them, mm=or: any). "
        "On AWS an EventBridge rule on their state machines' SUCCEEDED status-change events "
        "starts it (through a join gate when all must end). A waited unit inside a jobnet is "
        "signalled by the end of the state machine that runs it. JP1's own start time is not "
        "kept, the waiting jobnet's schedule is left out (JM445), and nmg, ega "
        "and uem settings other than the defaults are not carried over. A waiting unit inside a "
        "jobnet is not started by a rule: its jobnet's state machine polls before it (JM446).",
        "Decide whether the waiting jobnet keeps its schedule or is started by the rule only, "
        "and check the waited units run on the same business days.",
    ),
    FindingType(
        "JM442", Severity.REVIEW, "Jobnet connector becomes a status-change rule",
        "A jobnet connector (nc) makes the units after it wait for the end of the connected root "
        "jobnet (ncr). The jobnet that holds the connector is started by an EventBridge rule on "
        "that root jobnet's SUCCEEDED status-change event (several connectors: a join gate). "
        "Units before the connector wait too, a synchronised start (ncs=y) of the connected "
        "jobnet is not kept (it runs on its own schedule), and a link between scheduler "
        "services (ncex=y, nchn, ncsv) has no EventBridge counterpart.",
        "Check the order of the units before the connector; convert the connected jobnet's "
        "export into the same account and Region.",
    ),
    FindingType(
        "JM443", Severity.REVIEW, "Size or modified-time file watch compares with the previous check",
        "A file monitoring job watching size changes (flwc s) or last-write-time changes "
        "(flwc m) became a loop that records the size or time at each check and ends when it "
        "differs from the previous check while the file exists at both. The first check only "
        "records; a file created or deleted between checks is the job of c and d; a change "
        "undone between two checks is missed. With a wildcard the listing of the matching "
        "files is compared.",
        "Check that the interval (flwi) is short enough for how often the file changes.",
    ),
    FindingType(
        "JM444", Severity.REVIEW, "S3 file watch lists a wider prefix than its wildcard",
        "The watched path maps to S3 and has a wildcard before its end ('*' in the middle, '?' "
        "or a bracket). S3 lists keys by prefix only and the state machine cannot match a "
        "pattern, so the loop lists the literal prefix up to the first wildcard: any key under "
        "it counts as created, and a delete watch waits until no key is left under it.",
        "Move the files to a prefix of their own, or accept the wider match.",
    ),
    FindingType(
        "JM445", Severity.REVIEW, "Schedule of a waiting jobnet left out",
        "JP1 registers a jobnet with wait conditions (eun) or one held by a jobnet connector "
        "on its schedule and holds each run until the waited units end. On AWS the "
        "status-change rule (or join gate) starts it when they end; its schedule would start it "
        "a second time, so no schedule is created for it. It runs after every run of the "
        "waited jobnets, not only on its own scheduled days (its calendar check still skips "
        "closed days), and not before its own start time.",
        "Check the waited jobnets run on the days this one should; add a calendar or a date "
        "check if they run more often.",
    ),
    FindingType(
        "JM446", Severity.REVIEW, "Wait inside a jobnet becomes a polling loop",
        "A job or nested jobnet inside a jobnet waits for units of other jobnets (eun). Right "
        "before it, its jobnet's state machine polls the state machine that runs each waited "
        "unit (its own, else its enclosing jobnet's: the wait lasts until that jobnet ends): "
        "ListExecutions for the newest SUCCEEDED execution, DescribeExecution for its input's "
        "business_date (its start time when it has none), and the unit runs once that "
        "execution's business day is this run's (mm=and: all waited machines, checked in turn; "
        "mm=or: any). A newer run for a later business day hides an earlier one. The loop "
        "checks every 5 minutes and gives up after 288 checks (about 24 hours, within the "
        "execution history's 25,000 events; JP1 has no limit): the run then fails with Jobmig.WaitTimedOut, as it does when the state "
        "machine's own timeout comes first. nmg, ega and uem are not carried over.",
        "Check the waited jobnets run every business day this one does, and that a day's wait "
        "cannot outlast the timeout.",
    ),
    FindingType(
        "JM447", Severity.REVIEW, "JP1 event condition not matched",
        "A JP1 event reception monitoring job (evwj) names a condition that the EventBridge "
        "rule cannot state exactly: a regular expression beyond literal text with '.*' gaps "
        "and ^/$ anchors (which become exact, prefix, suffix or wildcard matches), or an "
        "event attribute a converted event sending job does not carry (issuing group, IP "
        "address, user/group/process IDs, detailed information). The rule matches without "
        "it, so events the condition would reject also count. The message quotes it.",
        "Rewrite the condition as literal text, prefix, suffix or '*' wildcard if that is what "
        "it means, or narrow the rule's pattern by hand (EventBridge patterns also know "
        "anything-but and numeric matching).",
    ),
    FindingType(
        "JM448", Severity.ERROR, "Unit past JP1's nesting or full-name limit not converted",
        "JP1/AJS3 nests units at most 30 deep (job groups not counted here) and keeps a unit's "
        "full name within 930 bytes (its Shift_JIS bytes, counted from the top unit of the "
        "export). A definition past either limit cannot come from a working JP1 system: it "
        "was damaged or made by hand. The unit and every unit inside it were not converted, "
        "each named by one finding at its own line (never folded into a count); the units "
        "above it were converted, and the one holding it is marked JM449. Cutting there keeps "
        "the output in proportion to the input: every nested unit carries its full path.",
        "Re-export the jobnet from JP1 (ajsprint -a) or repair the nesting, and convert again.",
    ),
    FindingType(
        "JM449", Severity.REVIEW, "Units inside were not converted",
        "Units inside this jobnet or job pass JP1's nesting or full-name limit (JM448) and "
        "were not converted, nor the relations (ar=) that lead to them. The generated workflow "
        "runs without them.",
        "Look at the JM448 findings at the lines inside this unit; repair the export and "
        "convert again, or accept the workflow without those units.",
    ),
    FindingType(
        "JM450", Severity.REVIEW, "Unit past a JP1 limit, converted",
        "A unit name longer than 30 bytes (Shift_JIS bytes), or more than 10,000 units on one "
        "level below a jobnet: JP1/AJS3 accepts neither, so the definition was edited by hand "
        "or damaged. The unit was converted as written.",
        "Check the unit against the JP1 system it comes from, and re-export it if it differs.",
    ),
)
