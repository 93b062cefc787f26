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
        "machine to an SNS topic: the one given as the NotificationTopicArn parameter, or, "
        "when it is left empty, a topic the stack creates with a policy that lets exactly "
        "those rules (events.amazonaws.com) publish. A topic of your own needs that policy "
        "statement, else EventBridge drops the notices.",
        "Subscribe the people to tell to the stack's topic, or give a topic of your own whose "
        "access policy allows events.amazonaws.com to sns:Publish.",
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
        "JM540", Severity.MANUAL, "State machine too large for AWS",
        "The state machine's definition is over the 1,048,576 characters Step Functions "
        "accepts, or its entry alone would fill a CloudFormation template (1 MB). It is not "
        "written (no definition file, no template entry, no schedule or rule for it), so "
        "nothing AWS would refuse reaches a deployment.",
        "Move long inline commands into scripts on the instance, or split the workflow into "
        "smaller jobnets, then convert again.",
    ),
    FindingType(
        "JM541", Severity.MANUAL, "Execution role policy over the IAM size limit",
        "The actions and resources the state machine's tasks need do not fit the 10,240 "
        "characters IAM allows for a role's inline policies, even with wildcards on name "
        "prefixes. The state machine is not written.",
        "Split the workflow so each part reaches fewer instances, functions and state "
        "machines, or give the role a managed policy of your own and convert again.",
    ),
    FindingType(
        "JM542", Severity.MANUAL, "Change Calendar over the SSM 64 KB limit",
        "The calendar's iCalendar text is larger than an SSM document may be (64 KB): one "
        "event per run of open or closed days over the whole horizon. A calendar that large "
        "is written as several calendars checked together (JM545), but this one would need "
        "more of them than a schedule's input can name. It is not written; the schedules it "
        "gates are created DISABLED.",
        "Convert with a shorter --horizon (a year, say) and convert again before it ends.",
    ),
    FindingType(
        "JM545", Severity.INFO, "Change Calendar written as several calendars",
        "The calendar's iCalendar text would be larger than an SSM document may be (64 KB). "
        "It is written as several calendars, each holding the events of a stretch of dates "
        "and open outside it, and the schedules name all of them: GetCalendarState answers "
        "OPEN only when every calendar named is open, so the runs are the same as with the "
        "one calendar.",
        "Nothing to do; deploy every piece (the templates hold them all). A shorter --horizon "
        "gives fewer pieces.",
    ),
    FindingType(
        "JM543", Severity.REVIEW, "Role policy uses wildcards on name prefixes",
        "Listing every resource the state machine reaches would pass the 10,240 characters "
        "IAM allows per role, so resource names are cut to a common prefix followed by *. "
        "The role may reach other resources whose names share those prefixes.",
        "Check the prefixes in the role's policy; deploy into an account where no other "
        "resources share them, or split the workflow.",
    ),
    FindingType(
        "JM544", Severity.MANUAL, "Root CloudFormation stack over its limits",
        "The CloudFormation output is split into nested stacks, each inside the limits, but "
        "the root stack that creates them is one stack too: one resource per nested stack "
        "(500 resources at most) and every template parameter of the conversion (200 at "
        "most), in a template of at most 1 MB. The root of the nested stacks this conversion "
        "is split into passes one of them, so AWS would refuse it: cloudformation/template.yaml "
        "is not written. The nested templates (part-*.yaml) are, each inside the limits.",
        "Deploy each part-*.yaml as its own stack (with its parameters, and "
        "NotificationTopicArn for its failure notices), or convert the estate in several runs "
        "(a folder or a jobnet group at a time) and deploy each as its own stack; for "
        "parameters, share instance parameters between hosts in the profile ([ssm] hosts, or "
        "per_host_parameters = false). The Terraform output has no such limit.",
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
    FindingType(
        "JM561", Severity.REVIEW, "JP1 job reads values JP1 sets at run time",
        "The command uses JP1 macro variables (?AJS2...?, replaced by JP1 with values a "
        "passing-information or event job set) or environment variables JP1/AJS3 sets from the "
        "run (AJSEXDATE, AJSPRE_ST, AJSPRE_RC...) that the converted command does not get: "
        "macros reach the command as written, those variables are unset. AJSENV, AJSNETNAME "
        "and AJSJOBNAME are exported for every converted JP1 job; AJSEXDATE for a job run "
        "through SSM Run Command, as an ECS task, an AWS Batch job or a Lambda function, and "
        "AJSPRE_ST/AJSPRE_RC where the preceding unit's end is at hand (JM564); after several "
        "preceding units (the worst end and the bitwise OR of their return codes) only for a "
        "shell job on SSM or in a POSIX-shell container; a recovery unit gets AJSPRE_ST=a, and "
        "the failed unit's code only after one SSM command or ECS task. AJSHOST (JP1's manager "
        "host) has no counterpart. The message says why the others are not.",
        "Give the command the value another way (an argument built from the execution's "
        "business_date, a parameter), or convert the job that set the macro variable.",
    ),
    FindingType(
        "JM562", Severity.REVIEW, "Change Calendars run out at the horizon",
        "Change Calendars hold the legacy calendar's days only up to the end of --horizon. "
        "After that a DEFAULT_CLOSED calendar would skip every run with no sign, so the "
        "workflows check the date first: a business date past the horizon fails the run "
        "(Jobmig.CalendarExpired), which sends the failure notice.",
        "Before the date given, convert again with a later --horizon and deploy the new "
        "calendars.",
    ),
    FindingType(
        "JM563", Severity.REVIEW, "cron mailed this job's output",
        "cron mails what a job prints to MAILTO after every run that printed anything, not "
        "only after failures (without MAILTO, to the owner's local mailbox, which is not "
        "reported). The converted job mails only when a run fails: the stack creates an SNS "
        "topic per set of MAILTO email addresses, subscribes each address (email), and a rule "
        "sends the failures of those jobs' state machines to it. Runs that worked send "
        "nothing, and no notice carries the output.",
        "Have each address confirm its subscription (SNS mails a confirmation link), and send "
        "the job's output where its readers will find it (a log file, the SSM command output "
        "in S3 or CloudWatch Logs).",
    ),
    FindingType(
        "JM564", Severity.INFO, "JP1 run-time variables set from the execution",
        "The command reads AJSEXDATE, AJSPRE_ST or AJSPRE_RC, which JP1/AJS3 sets for every "
        "job. The converted job runs through an SSM Command document the stack creates, "
        "which takes the values as parameters and hands them to the script as environment "
        "variables (interpolationType ENV_VAR, so no value becomes shell code); the script "
        "exports them under the JP1 names. AJSEXDATE is the business date (the schedule's "
        "scheduled time as a date in the jobs' zone, yyyy/mm/dd); AJSPRE_ST (n or w) and "
        "AJSPRE_RC come from the preceding SSM command's end, or are n and 0 for the first "
        "unit of a root jobnet. An SSM Agent older than 3.3.2746.0 does not pass such "
        "parameters: the job then stops with exit code 255 and says why. A job run as an "
        "ECS task or AWS Batch job gets the same values, with AJSENV, AJSNETNAME and "
        "AJSJOBNAME, in its container override's Environment (AJSPRE_ST and AJSPRE_RC also "
        "after a bare ECS task or an AWS Batch job); a Lambda function gets them in the "
        "payload's \"environment\" object (name to value) and sets them itself. After "
        "several preceding units, a shell job's document gets their return codes and its "
        "script's first lines set AJSPRE_RC to their bitwise OR and AJSPRE_ST to the worst "
        "end. A recovery unit gets AJSPRE_ST=a and, after an SSM command or ECS task, its "
        "return code, which that unit's end check writes into the error that starts the "
        "recovery (-1 when it could not start or was stopped). AJSEXECID, where read, is the "
        "name of the execution that runs the job.",
        "Make sure the managed nodes run SSM Agent 3.3.2746.0 or later; a Lambda function "
        "that runs the command must set the payload's environment values for it.",
    ),
    FindingType(
        "JM565", Severity.REVIEW, "Business day base time not applied",
        "The jobnet's job group starts its business day at a base time (stt) that, in this "
        "time zone, lies more than a day from UTC midnight (a zone far west of UTC with a late "
        "base time). The state machine cannot shift the date that far, so the business day it "
        "passes on (AJSEXDATE, the date a join gate compares) is the local date of the "
        "scheduled time: runs between local midnight and the base time get the next date, "
        "where JP1 gives the day before.",
        "Check the jobs that read the business date; start such runs with an explicit "
        "business_date, or move the base time.",
    ),
)
