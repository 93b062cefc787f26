"""JM1xx: crontab files (user crontabs, /etc/crontab, /etc/cron.d)."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM101", Severity.ERROR, "Crontab line not understood",
        "The line is neither a job (five time fields or an @nickname, then the command), "
        "an environment setting, nor a comment. cron rejects such a line, so it never ran.",
        "Fix the line in the source if it was meant to run, then convert again.",
    ),
    FindingType(
        "JM102", Severity.ERROR, "Time field out of range or malformed",
        "A time field holds a value outside its range (minute 0-59, hour 0-23, day 1-31, "
        "month 1-12, weekday 0-7) or a form cron does not accept. cronie rejects the whole "
        "line, so the job never ran.",
        "Correct the field; `jobmig cron` shows how a corrected expression converts.",
    ),
    FindingType(
        "JM103", Severity.ERROR, "User column missing in a system crontab",
        "In /etc/crontab and /etc/cron.d the sixth field is the user the job runs as. Here it "
        "looks like part of the command, so cron would run the rest as a user of that name "
        "(or fail).",
        "Add the user column, or convert the file as a user crontab with --crontab-kind user.",
    ),
    FindingType(
        "JM104", Severity.ERROR, "Six time fields (seconds or year) are not crontab syntax",
        "Vixie cron and cronie take five time fields. A sixth numeric field is read by cron as "
        "the start of the command (or the user), so this line does not do what it seems to.",
        "Rewrite the schedule with five fields.",
    ),
    FindingType(
        "JM105", Severity.MANUAL, "@reboot has no AWS schedule",
        "@reboot runs a job once when crond starts. EventBridge has no event for a host boot.",
        "Run the command from the instance's start-up (systemd unit, EC2 user data) or trigger "
        "the workflow from an EC2 state-change event rule.",
    ),
    FindingType(
        "JM106", Severity.REVIEW, "Percent sign in the command",
        "In crontab an unescaped % ends the command: the rest is sent to the command's standard "
        "input with each further % as a newline (a \\% is a literal %). jobmig split the command "
        "the same way and passes that text on standard input.",
        "Check the split command and its input; a % inside shell quotes (e.g. date +%F) was "
        "also cut by cron, which is often a bug in the original.",
    ),
    FindingType(
        "JM107", Severity.REVIEW, "Last line has no newline",
        "cronie ignores an entry without a final newline (it logs the crontab as broken), so "
        "this job may never have run on the legacy host.",
        "Confirm whether the job ran; delete its schedule if it did not.",
    ),
    FindingType(
        "JM108", Severity.REVIEW, "RANDOM_DELAY adds jitter",
        "cronie delays every later job by a random number of minutes up to RANDOM_DELAY. The "
        "converted schedule starts on the minute.",
        "If the jitter matters, set the schedule's FlexibleTimeWindow to the same number of "
        "minutes.",
    ),
    FindingType(
        "JM109", Severity.INFO, "CRON_TZ sets the schedule's time zone",
        "cronie evaluates the jobs after CRON_TZ in that zone; the converted schedules use it "
        "as their ScheduleExpressionTimezone.",
        "Nothing to do.",
    ),
    FindingType(
        "JM110", Severity.MANUAL, "Random range (~) is picked when crond starts",
        "cronie's a~b picks one random value each time the crontab is loaded, so the legacy "
        "time is not known from the file.",
        "Pick a fixed value, or use a FlexibleTimeWindow on the schedule.",
    ),
    FindingType(
        "JM111", Severity.INFO, "Leading '-' only turns off syslog",
        "A leading - asks cronie not to log the run. It does not change when the job runs.",
        "Nothing to do; Step Functions keeps an execution history anyway.",
    ),
    FindingType(
        "JM112", Severity.REVIEW, "run-parts runs a directory of scripts",
        "The job runs every executable script in a directory (e.g. /etc/cron.daily). Those "
        "scripts are the real jobs and were not in the export.",
        "Export the directory and convert each script as its own job, or keep run-parts "
        "as the command on the target host.",
    ),
    FindingType(
        "JM113", Severity.REVIEW, "Runs every minute of an hour",
        "The minute field is * while the hour is fixed, so the job runs 60 times in that hour. "
        "This is often a mistake for minute 0.",
        "Confirm the intent; the conversion keeps the legacy behaviour.",
    ),
    FindingType(
        "JM115", Severity.REVIEW, "Crontab kind guessed from the content",
        "The file name does not say whether this is a user crontab or a system crontab "
        "(with a user column); jobmig decided from all the lines, by whether the word after "
        "the time fields reads as a user name followed by a command. The finding gives the "
        "count and the names seen. Each job's command and user depend on that guess.",
        "Check the guess; if it is wrong, give --crontab-kind user|system.",
    ),
    FindingType(
        "JM116", Severity.INFO, "TZ does not change the schedule",
        "TZ= is passed to the job's environment only; cronie still evaluates the schedule in "
        "the daemon's zone (CRON_TZ changes it).",
        "Nothing to do unless CRON_TZ was meant.",
    ),
    FindingType(
        "JM117", Severity.INFO, "cronie option in the command",
        "The command starts with cronie's -n option (mail only on failure); it was removed "
        "from the command.",
        "Use a failure notice (--notify) for the same effect.",
    ),
    FindingType(
        "JM118", Severity.REVIEW, "Stray characters in an environment value",
        "The value holds invisible or non-ASCII characters (often pasted from an editor's "
        "display, such as a return glyph). cron passes them on as they are, so a SHELL or "
        "PATH set this way is likely broken on the legacy host too.",
        "Correct the value in the source and convert again.",
    ),
    FindingType(
        "JM119", Severity.MANUAL, "User name where the command starts",
        "In a user crontab the command follows the five time fields, but this command starts "
        "with a system account name, as the user column of /etc/crontab or /etc/cron.d would. "
        "cron runs that name as a program, so the job most likely fails on the legacy host; "
        "the conversion cannot tell what was meant.",
        "If the file is a system crontab, give --crontab-kind system; otherwise remove the "
        "name from the line.",
    ),
    FindingType(
        "JM120", Severity.REVIEW, "Bash-only construct run by sh",
        "cron runs each command with $SHELL -c, and SHELL defaults to /bin/sh (dash on "
        "Debian and Ubuntu). The command uses a construct only bash has ('source', '&>', "
        "'[[ ]]', process substitution...), which fails or means something else under sh.",
        "Set SHELL=/bin/bash in the crontab (the conversion then runs the command with bash) "
        "or rewrite the command in POSIX sh.",
    ),
    FindingType(
        "JM121", Severity.INFO, "Command runs under the crontab's SHELL",
        "The crontab sets SHELL to another shell than sh, and cron runs each command with "
        "$SHELL -c; the converted command calls that shell explicitly so it behaves the same.",
        "Nothing to do; the shell must exist on the target.",
    ),
    FindingType(
        "JM122", Severity.REVIEW, "Crontab read although the file starts with markup",
        "The file starts like XML (a Jenkins config.xml, say) but that markup is no XML "
        "document, its name says neither config.xml nor *.xml, and its other lines are cron "
        "entries: a crontab whose first lines were replaced or pasted over. It was read as a "
        "crontab: each markup line is a JM101 finding at its line, and every job of the file "
        "carries this finding, because that the file is a crontab was decided from its "
        "content. cron itself rejects such lines.",
        "Remove the markup from the crontab (or restore the lines it replaced) and convert "
        "again; if the file is a Jenkins job, repair its XML and name it config.xml.",
    ),
    FindingType(
        "JM123", Severity.REVIEW, "Windows line ends (CRLF) in a crontab",
        "Lines of the file end in a carriage return and a line feed. cron takes everything "
        "up to the line feed as the command, so on a host whose installed crontab has these "
        "line ends each command ends in a carriage return (a script name is then not found, "
        "the last argument has a stray character). The conversion reads the carriage return "
        "as part of the line end, as a file copied through Windows needs.",
        "Check the crontab installed on the host (crontab -l | od -c shows \\r): if it has "
        "the carriage returns, its jobs fail today and the converted ones will run; decide "
        "whether they should.",
    ),
)
