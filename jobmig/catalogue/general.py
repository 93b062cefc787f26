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
        "JM007", Severity.INFO, "Folder or file not read",
        "A folder under an input was skipped on purpose and its files counted: version "
        "control and tool folders, hidden folders, the build records and workspace Jenkins "
        "keeps inside a job folder, the output folder of this or an earlier run; or a path "
        "that is not a regular file.",
        "Nothing to do if the folder holds no exports; otherwise give it as an input of "
        "its own (a folder given by name is always read).",
    ),
    FindingType(
        "JM008", Severity.REVIEW, "Symbolic link leaves the input",
        "A symbolic link under an input folder points outside it. It was followed, so "
        "the files it reaches are part of the inventory although they are not under the "
        "folder given.",
        "Check that the linked files belong to the export; copy them into it to make the "
        "export self-contained.",
    ),
    FindingType(
        "JM009", Severity.INFO, "Symbolic link not followed again",
        "A symbolic link leads to a folder or file already read (a loop back to a folder "
        "that contains it, or a second path to the same place); it is read once only.",
        "Nothing to do; jobs are counted once.",
    ),
    FindingType(
        "JM010", Severity.MANUAL, "Damaged character in a command",
        "The command holds U+FFFD (a byte the decoder could not read) or a control character "
        "such as DEL (U+007F). What the legacy scheduler ran there cannot be told from the "
        "export, so the command is not converted as it stands.",
        "Look up the command on the legacy host, correct the export (or give --encoding) and "
        "convert again.",
    ),
    FindingType(
        "JM011", Severity.ERROR, "Undecodable bytes replaced",
        "The file is not valid text in its encoding. The bytes that could not be decoded were "
        "replaced by U+FFFD so the rest of the file could be read; lines and jobs holding "
        "them have findings of their own.",
        "Give the file's encoding with --encoding, or export it again.",
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
