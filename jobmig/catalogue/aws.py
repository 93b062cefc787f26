"""JM5xx: dependencies, state machines, event rules and AWS limits."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM501", Severity.ERROR, "Job defined twice",
        "Two inputs define a job with the same identity; only the first was converted.",
        "Remove the duplicate export, or convert the two sources in separate runs.",
    ),
    FindingType(
        "JM502", Severity.MANUAL, "Dependency on a job that is not in the export",
        "An edge names a job that none of the inputs defines, so no trigger could be built "
        "for it.",
        "Add the missing job's definition to the inputs, or start the successor another way.",
    ),
    FindingType(
        "JM510", Severity.REVIEW, "Workflow is not series-parallel: waits added",
        "The jobnet's links form an N shape (a unit waits for some but not all of the units "
        "another waits for), which nested Parallel branches cannot express exactly. The units "
        "were grouped by level and each level waits for the one before, so some units wait "
        "for units they did not wait for in the legacy scheduler. The message lists them.",
        "Accept the extra waits, or split the jobnet so each part is series-parallel.",
    ),
    FindingType(
        "JM511", Severity.MANUAL, "Judgment link not converted",
        "A judgment job decides at run time whether its dependent units run. The condition "
        "was not converted into a Choice state, so the dependent units always run after it.",
        "Add a Choice state on the judged value (return code, file, variable) before the "
        "dependent units in the state machine.",
    ),
    FindingType(
        "JM512", Severity.REVIEW, "Recovery units run from a Catch",
        "The recovery units run when the job ends abnormally (a Catch on the job's state). "
        "The execution then ends failed. Step Functions stops the other branches of a "
        "Parallel state when one fails, where the legacy scheduler let independent units "
        "finish.",
        "Check that stopping the parallel units on a failure is acceptable.",
    ),
    FindingType(
        "JM513", Severity.MANUAL, "Workflow links form a cycle",
        "The links between the units of one workflow form a cycle, which no scheduler can "
        "run as a sequence. The units were put one after another in id order.",
        "Fix the links in the source and convert again.",
    ),
    FindingType(
        "JM514", Severity.REVIEW, "UNSTABLE has no Step Functions status",
        "Jenkins starts the downstream job when the upstream build is SUCCESS or UNSTABLE. "
        "A Step Functions execution has no UNSTABLE status: the rule listens for SUCCEEDED.",
        "If the job can end unstable, make it end SUCCEEDED in that case.",
    ),
    FindingType(
        "JM515", Severity.INFO, "Downstream also starts after a failed upstream",
        "The trigger threshold starts the downstream job after the upstream ends even when it "
        "failed; the rule listens for SUCCEEDED, FAILED and TIMED_OUT (not ABORTED, a "
        "manual stop, which is below the threshold in the legacy scheduler too). This is the "
        "legacy behaviour, kept as it was.",
        "Nothing to change; this notes that a failed upstream run still starts the downstream "
        "job.",
    ),
    FindingType(
        "JM516", Severity.REVIEW, "AND-join across workflows via a join gate",
        "The successor waits for all of several predecessors in other workflows. An event "
        "rule sees one event at a time, so each predecessor's completion starts a join-gate "
        "state machine that checks the other predecessors' executions for the same business "
        "date and starts the successor under a deterministic execution name (a second start "
        "fails with ExecutionAlreadyExists, so it runs once).",
        "Make sure every predecessor passes the same business date (schedules do).",
    ),
    FindingType(
        "JM517", Severity.MANUAL, "Cross-workflow dependency not converted",
        "The dependency could not be turned into an event rule or a join gate (the message "
        "says why), so the successor is not started by its predecessor on AWS.",
        "Start the successor from the predecessor's workflow, or add the rule by hand.",
    ),
    FindingType(
        "JM518", Severity.REVIEW, "Event rules near or over the quota",
        "An event bus holds 300 rules by default (adjustable). The message gives the number "
        "of rules this conversion adds.",
        "Request a quota increase, or merge workflows into fewer state machines.",
    ),
    FindingType(
        "JM519", Severity.INFO, "Failure notices go to an SNS topic",
        "A rule sends FAILED, TIMED_OUT and ABORTED executions of every generated state "
        "machine to the SNS topic given as the NotificationTopicArn parameter. The topic's "
        "access policy must allow events.amazonaws.com to publish.",
        "Add the topic policy statement when you deploy.",
    ),
    FindingType(
        "JM520", Severity.REVIEW, "Successor runs after a failure",
        "The successor runs whether the predecessor succeeded or not. The predecessor's "
        "failure is caught (the error is kept in $.error) and the workflow goes on.",
        "Check that the successor tolerates a failed predecessor.",
    ),
    FindingType(
        "JM521", Severity.INFO, "Trigger on failure",
        "The successor starts when the predecessor's execution ends FAILED, TIMED_OUT or "
        "ABORTED.",
        "Nothing to do.",
    ),
    FindingType(
        "JM522", Severity.REVIEW, "Judgment job became a Choice state",
        "The judgment job's return-code test is a Choice state on the preceding job's exit "
        "code. When the test fails, the units linked to it by con arrows are skipped together "
        "with the units that follow them in the same branch, and the workflow goes on.",
        "Check that skipping those units matches how the legacy jobnet behaved.",
    ),
    FindingType(
        "JM524", Severity.MANUAL, "Nothing to run: a Fail placeholder stands in",
        "The job has no command jobmig can run on AWS: a pipeline whose steps are Groovy, "
        "a job without a shell step, or a unit type with no AWS equivalent. Its state is a "
        "Fail state (Jobmig.NotConverted), so an execution fails there instead of reporting "
        "success for work that did not run, and its schedules are created disabled.",
        "Give the job a task (port its steps to a command, or add a mapping-profile rule that "
        "runs it on ECS, Batch or Lambda), then replace the placeholder state.",
    ),
    FindingType(
        "JM525", Severity.MANUAL, "Workflow holds placeholder states",
        "A jobnet's state machine contains units that could not be converted (see JM524 on "
        "each). Deployed as it is, the workflow fails when it reaches one of them.",
        "Convert the listed units first; the workflow is ready when none is left.",
    ),
    FindingType(
        "JM526", Severity.REVIEW, "Windows command runs through PowerShell and cmd.exe",
        "The job's command is for cmd.exe (a JP1 PC job or a Jenkins batch step). It is sent "
        "with SSM Run Command AWS-RunPowerShellScript, which writes it to a temporary .cmd "
        "file in the system code page and runs it with cmd.exe /c, ending with its exit code. "
        "The legacy run-as user is not switched.",
        "Point the job's instance parameter at a Windows instance with the SSM agent, and "
        "check the command, its paths and the user it needs.",
    ),
    FindingType(
        "JM527", Severity.REVIEW, "JP1 unit path defined by two inputs",
        "Two JP1 exports in this run define the same unit path: two managers, or the same "
        "manager exported twice. Both were converted; each one's id ends in @ and its "
        "file, and its AWS names get a short hash of that id.",
        "If both exports come from one manager, convert only one of them; otherwise keep both "
        "and check the names.",
    ),
    FindingType(
        "JM560", Severity.INFO, "Closed-day runs end skipped",
        "The workflow checks a Change Calendar first. On a day the calendar is CLOSED the "
        "execution ends SUCCEEDED without running anything, with the output \"jobmig: "
        "skipped, the Change Calendar is CLOSED on the business date\" (a JSON string; runs "
        "that worked end with a JSON object). Dependency rules match only object outputs, so "
        "a skipped run starts no successor, and it sends no failure notice.",
        "Nothing to do; look for that output when checking a day's runs.",
    ),
)
