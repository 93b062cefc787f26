"""JM3xx: Jenkins jobs, triggers and Jenkinsfiles."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM301", Severity.ERROR, "Jenkins XML is not well-formed",
        "The config.xml could not be parsed (the message gives line and column). Jenkins "
        "itself would fail to load this item, so nothing in it was converted.",
        "Export the item again from Jenkins (or fix the XML), then convert again.",
    ),
    FindingType(
        "JM302", Severity.INFO, "Folder recorded, not a job",
        "Folders, multibranch projects and organisation folders only hold other items. They "
        "run nothing themselves; their jobs are read from their own config.xml files. Jobs "
        "inside carry the folder's full name in attributes['folder'].",
        "Nothing to do; export the jobs inside the folder too.",
    ),
    FindingType(
        "JM303", Severity.INFO, "Periodic folder scan is not a schedule",
        "PeriodicFolderTrigger re-indexes a multibranch project or organisation folder "
        "(discovers branches and repositories). It does not run any job, so no schedule is "
        "made for it.",
        "Nothing to do on AWS; branch discovery belongs to your CI system.",
    ),
    FindingType(
        "JM304", Severity.MANUAL, "SCM polling is not a time schedule",
        "SCMTrigger (pollSCM/scm) checks the repository on a cron spec and builds only when "
        "something changed. Running the job on that spec would build when nothing changed.",
        "Start the workflow from a repository event instead: an EventBridge rule on "
        "CodeCommit 'Repository State Change', or a GitHub/GitLab webhook through an "
        "EventBridge API destination or CodeConnections.",
    ),
    FindingType(
        "JM305", Severity.MANUAL, "Plugin trigger polls an outside condition",
        "A plugin trigger (URLTrigger, FSTrigger, and the like) uses a cron spec to poll a "
        "URL, file or other resource and builds only when it changed. That is not a time "
        "schedule and no AWS schedule reproduces it.",
        "Raise an event when the resource changes (S3 event notification, a Lambda check on "
        "a schedule that starts the workflow only on change).",
    ),
    FindingType(
        "JM306", Severity.MANUAL, "Job name computed at run time",
        "A trigger or build step names the other job with an expression (a variable, a "
        "GString ${...}, string concatenation with env values). The job it names is only "
        "known when the build runs, so no dependency was made.",
        "Replace the expression with the job names it can take and convert again, or add "
        "the edges by hand (an EventBridge rule or a nested startExecution task).",
    ),
    FindingType(
        "JM307", Severity.ERROR, "Cron spec rejected",
        "Jenkins rejects this spec (syntax, a value out of range, an unknown TZ= zone), so "
        "the trigger never fired. No schedule was made for it.",
        "Correct the spec; `jobmig cron --flavor jenkins` shows how a corrected spec converts.",
    ),
    FindingType(
        "JM308", Severity.REVIEW, "Trigger condition approximated",
        "The trigger fires on a set of build results the model cannot state exactly (for "
        "example 'unstable only', 'unstable or worse', or a downstream-ext EXACT strategy). "
        "The edge uses the nearest wider condition. Step Functions has no 'unstable' outcome "
        "at all.",
        "Check the edge's condition; add a Choice state on the predecessor's output if the "
        "exact set matters.",
    ),
    FindingType(
        "JM309", Severity.MANUAL, "Jenkins element not converted",
        "A trigger, build step or item type that jobmig does not know was found. It is "
        "named in the message and was not converted.",
        "Re-create what it does on AWS by hand, or ask for support for it.",
    ),
    FindingType(
        "JM310", Severity.INFO, "Job name guessed from the file",
        "The file does not sit in a JENKINS_HOME jobs/ layout, so the job's full name was "
        "taken from the file or folder name. Jenkins seeds H in cron specs with the full "
        "name, so a wrong name gives wrong minutes.",
        "Convert the whole jobs/ tree, or give the full name with --job-name.",
    ),
    FindingType(
        "JM311", Severity.INFO, "Jenkinsfile not matched to a job",
        "The Jenkinsfile does not sit in a job's folder and no --job-name was given, so it "
        "became a job of its own, named after the file.",
        "Give --job-name with the Jenkins full name of the job that runs it.",
    ),
    FindingType(
        "JM312", Severity.ERROR, "Groovy syntax problem",
        "The Jenkinsfile or Job DSL script has unbalanced brackets, an unterminated string or "
        "a stray separator (position in the message). Jenkins would fail to compile it, so "
        "its triggers may never have been registered. What could be read was kept.",
        "Fix the script in its repository and convert again.",
    ),
    FindingType(
        "JM313", Severity.MANUAL, "Build timeout strategy not converted",
        "Only the absolute build-timeout strategy has a Step Functions equivalent "
        "(TimeoutSeconds). No-activity, elastic, likely-stuck and deadline strategies "
        "depend on build history or output.",
        "Pick a fixed TimeoutSeconds, or a heartbeat (HeartbeatSeconds) for no-activity.",
    ),
    FindingType(
        "JM314", Severity.INFO, "TZ= sets the spec's time zone",
        "The first line of the cron spec is TZ=<zone>; the schedule is evaluated in that "
        "zone instead of the controller's default zone.",
        "Nothing to do.",
    ),
    FindingType(
        "JM315", Severity.REVIEW, "Windows batch build step",
        "The job runs hudson.tasks.BatchFile steps (cmd.exe). The command needs a Windows "
        "host (SSM Run Command AWS-RunPowerShellScript on a Windows instance, or a Windows "
        "container).",
        "Choose a Windows target in the mapping profile for this job.",
    ),
    FindingType(
        "JM316", Severity.REVIEW, "Pipeline steps are Groovy",
        "A pipeline job's steps are Groovy run by Jenkins (inline script or a Jenkinsfile "
        "from SCM). Their schedule and dependencies were converted; the steps themselves "
        "have no shell command to carry over.",
        "Port the steps to the target (a container image, an SSM document, or states of "
        "the generated state machine).",
    ),
    FindingType(
        "JM317", Severity.MANUAL, "Matrix job runs per axis combination",
        "A matrix project runs its steps once per combination of axis values (listed in "
        "attributes['axes']), each with the axis values as environment variables. The "
        "converted state machine runs the steps once, without them; label and JDK axes pick "
        "agents and have no direct equivalent.",
        "Build a Map state over the combinations (a Pass state holding them, a Map whose "
        "iteration runs the task with the values in its environment), with the agent each "
        "combination needs.",
    ),
    FindingType(
        "JM318", Severity.INFO, "Job is disabled",
        "Jenkins does not build a disabled job, on schedule or otherwise.",
        "Its schedules are created disabled (or skipped); enable them after cut-over if "
        "the job is still wanted.",
    ),
    FindingType(
        "JM319", Severity.MANUAL, "Trigger or option argument computed at run time",
        "A cron spec, option or build argument is an expression rather than a literal, so "
        "its value is not known from the file.",
        "Replace it with a literal in the source, or set the schedule by hand.",
    ),
    FindingType(
        "JM320", Severity.REVIEW, "Downstream build started without waiting",
        "A build step starts another job and does not wait for it (wait: false, or a "
        "parameterized trigger without 'block'). The two run independently; the edge is a "
        "fire-and-forget event, and the child's result does not affect the parent.",
        "Nothing to do if that is intended.",
    ),
    FindingType(
        "JM321", Severity.REVIEW, "Trigger parameters not converted",
        "A parameterized trigger passes parameters from a source jobmig does not read "
        "(current build parameters, a properties file, the node, a Git commit, ...). "
        "Predefined and boolean values were carried over; these were not.",
        "Add the parameters to the execution input of the started workflow by hand.",
    ),
    FindingType(
        "JM322", Severity.MANUAL, "Job name leaves the Jenkins root",
        "A relative job name climbs above the root with '..', so Jenkins finds no job and "
        "the trigger never fires.",
        "Correct the name in the source, or drop the trigger.",
    ),
    FindingType(
        "JM323", Severity.REVIEW, "DOCTYPE ignored",
        "The XML declares a DOCTYPE, which Jenkins never writes. It was not loaded and "
        "entities were not expanded (XXE-safe), so any text they stand for is missing.",
        "Check where the file came from; export it again from Jenkins.",
    ),
    FindingType(
        "JM324", Severity.INFO, "Build wrapper or post-build action not converted",
        "A build wrapper (time stamps, credentials binding, ...) or a publisher (mail, "
        "archiving, reports, ...) is named in the message. It does not affect when jobs run "
        "and was not converted.",
        "Re-create it if needed (for mail: a failure-notice rule to an SNS topic, "
        "`--notify`).",
    ),
    FindingType(
        "JM325", Severity.INFO, "Jenkinsfile merged into its job",
        "The Jenkinsfile sits in the folder of a job from config.xml (or --job-name names "
        "it); its triggers, options and build steps were added to that job.",
        "Nothing to do.",
    ),
    FindingType(
        "JM326", Severity.REVIEW, "Branch job triggers come from its Jenkinsfile",
        "A multibranch branch job gets its triggers from the Jenkinsfile in the branch, and "
        "Jenkins writes them into config.xml only after the first build. A branch job "
        "without triggers may still have them in its Jenkinsfile.",
        "Convert the branch's Jenkinsfile with --job-name <multibranch>/<branch>.",
    ),
    FindingType(
        "JM327", Severity.REVIEW, "Shared library code, not a job",
        "The file is Groovy from a Jenkins shared library (vars/*.groovy or a class under "
        "src/). It defines steps that pipelines call; it is not a job, so nothing is "
        "converted from it, but the builds it starts run inside every job that calls it.",
        "Find the pipelines that call the library step and check that the jobs it starts "
        "appear as their dependencies; computed job names are listed as JM306.",
    ),
    FindingType(
        "JM328", Severity.MANUAL, "Groovy script too large to read",
        "The Jenkinsfile or Job DSL script is larger than jobmig reads as Groovy (4 MiB). "
        "Reading it would take memory in proportion (hundreds of bytes per byte of script), "
        "so its steps, triggers and build calls are not read; the job stands in the plan "
        "with nothing converted. A real pipeline script is rarely over a few hundred "
        "kilobytes: such a file is usually generated or damaged.",
        "Check the file: split a generated Job DSL script into several, or convert the "
        "job's steps and triggers by hand.",
    ),
)
