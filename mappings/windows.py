"""Windows jobs (JP1 PC jobs, Jenkins batch steps) on SSM Run Command: a PowerShell script that runs cmd.exe.

A JP1 PC job (``pj``, recovery ``rp``) or a Jenkins ``BatchFile`` step holds a
command for ``cmd.exe``, not for a POSIX shell, so it must not go to
``AWS-RunShellScript``. ``AWS-RunPowerShellScript`` is the SSM document for
Windows instances; the script it gets writes the command text to a
temporary ``.cmd`` file (through a literal here-string, in the system ANSI
code page, which is what ``cmd.exe`` reads: CP932 on a Japanese Windows) and
runs it with ``cmd.exe /c``, ending with its exit code. Environment settings
become ``$env:`` assignments. A run-as user cannot be switched inside the
command: the job carries a JM526 finding either way, so a person checks the
instance, the user and the command.
"""
from __future__ import annotations

from jobmig.model import Job
from jobmig.messages import msg

WINDOWS_UNIT_TYPES = frozenset({"pj", "rp"})
SHELL_DOCUMENT = "AWS-RunShellScript"
POWERSHELL_DOCUMENT = "AWS-RunPowerShellScript"


def is_windows(job: Job) -> bool:
    """Whether ``job``'s command is for cmd.exe (JP1 PC job, Jenkins batch steps)."""
    return job.unit_type in WINDOWS_UNIT_TYPES or job.attributes.get("batch") is True


def _literal(value: str) -> str:
    """A PowerShell single-quoted string literal."""
    return "'" + value.replace("'", "''") + "'"


def script_problem(job: Job) -> str | None:
    """Why :func:`powershell_script` cannot carry ``job.command`` over, or ``None``."""
    command = (job.command or "").strip("\r\n")
    if "'@" in command and any(line.startswith("'@") for line in command.split("\n")):
        return msg("the command holds a line starting with '@, which would end the here-string")
    return None


def powershell_script(job: Job) -> str:
    """The PowerShell script that runs ``job.command`` through cmd.exe (see the module doc).

    Raises ValueError (with :func:`script_problem`'s reason) when it cannot."""
    problem = script_problem(job)
    if problem is not None:
        raise ValueError(problem)
    command = (job.command or "").strip("\r\n")
    lines = [f"$env:{key} = {_literal(value)}" for key, value in sorted(job.environment.items())
             if key.replace("_", "a").isalnum()]
    lines += [
        "$jobmigCmd = Join-Path $env:TEMP ('jobmig-' + [guid]::NewGuid().ToString() + '.cmd')",
        "Set-Content -LiteralPath $jobmigCmd -Encoding Default -Value @'",
        command,
        "'@",
        "& cmd.exe /c $jobmigCmd",
        "$jobmigRc = $LASTEXITCODE",
        "Remove-Item -LiteralPath $jobmigCmd -Force",
        "exit $jobmigRc",
    ]
    return "\n".join(lines)
