"""JM0xx: input files, formats and encodings."""
from jobmig.catalogue._base import FindingType, entries
from jobmig.model import Severity

TYPES = entries(
    FindingType(
        "JM001", Severity.INFO, "File skipped: no known format",
        "The file is not a crontab, a Jenkins config.xml or Jenkinsfile, or a JP1/AJS3 "
        "unit definition, so nothing was read from it.",
        "If it does hold jobs, name its format with --format.",
    ),
    FindingType(
        "JM002", Severity.ERROR, "File could not be read",
        "The file could not be opened or decoded (binary data, a wrong encoding, "
        "a permission problem). No job in it was converted.",
        "Export the file again as text, or give its encoding with --encoding.",
    ),
    FindingType(
        "JM003", Severity.INFO, "Empty input",
        "The file or folder holds no jobs at all (empty, or only comments).",
        "Nothing to do if that is expected.",
    ),
    FindingType(
        "JM004", Severity.INFO, "Time zone assumed",
        "The source carries no time zone, so the --timezone given (or UTC when none was "
        "given) was applied to its schedules.",
        "Check that the zone is the one the legacy scheduler ran in; rerun with "
        "--timezone if not.",
    ),
    FindingType(
        "JM005", Severity.INFO, "Encoding detected",
        "The file was not valid UTF-8 and was read as CP932 (Shift_JIS).",
        "Nothing to do if the names read correctly; otherwise give --encoding.",
    ),
    FindingType(
        "JM006", Severity.MANUAL, "Secret seen in a job definition",
        "A command or parameter holds what looks like a password, token or key. It is "
        "redacted in every report and must not be carried over as plain text.",
        "Move the secret to AWS Secrets Manager or SSM Parameter Store (SecureString) and "
        "read it in the job at run time.",
    ),
    FindingType(
        "JM090", Severity.REVIEW, "Recorded decision matches nothing",
        "A decision in the --decisions file accepts a finding code for a job, but no job "
        "has that id any more, or the job no longer has a finding with that code: the job "
        "changed or disappeared since the decision was taken, so the approval may not "
        "hold for what the job is now.",
        "Look at the job in the new plan: accept its current findings again if they are "
        "still fine, and remove the stale entry from the decisions file.",
    ),
)
