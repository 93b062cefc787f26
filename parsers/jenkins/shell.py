"""A Jenkins job's shell build steps as one POSIX script that behaves the way Jenkins runs them.

Jenkins (``hudson.tasks.Shell``) writes each step to a temporary file and runs
it with ``/bin/sh -xe FILE``, unless the step starts with ``#!``, in which
case the file is run with the interpreter that line names. The steps run in
order, and the build stops at the first step that exits non-zero. Joining the
steps into one script would lose all three: ``-e`` (a failing line in the
middle no longer fails the job), the step boundary (a later step's shebang
becomes a comment), and the stop at the first failed step.

:func:`script` keeps them:

* one step without a shebang: ``set -xe`` then the step (the same as
  ``/bin/sh -xe`` on the step's file);
* otherwise each step is written to a temporary file through a quoted
  here-document and run the Jenkins way; a non-zero exit ends the script
  with that status.
"""
from __future__ import annotations

from typing import Sequence

DELIMITER = "JOBMIG_STEP"


def script(steps: Sequence[str]) -> str:
    """The shell steps ``steps`` (in build order) as one script; see the module docstring."""
    if len(steps) == 1 and not _has_shebang(steps[0]):
        return "set -xe\n" + steps[0]
    return "\n".join(_run_step(step) for step in steps)


def _has_shebang(step: str) -> bool:
    return step.startswith("#!")


def _delimiter(step: str) -> str:
    """A here-document delimiter that no line of ``step`` equals."""
    lines = set(step.split("\n"))
    delimiter, number = DELIMITER, 1
    while delimiter in lines:
        number += 1
        delimiter = f"{DELIMITER}_{number}"
    return delimiter


def _run_step(step: str) -> str:
    end = _delimiter(step)
    run = ('chmod +x "$jobmig_step" && "$jobmig_step"' if _has_shebang(step)
           else '/bin/sh -xe "$jobmig_step"')
    return (f'jobmig_step=$(mktemp) || exit 1\n'
            f"cat > \"$jobmig_step\" <<'{end}'\n{step}\n{end}\n"
            f'{run}; jobmig_rc=$?; rm -f "$jobmig_step"\n'
            f'[ "$jobmig_rc" -eq 0 ] || exit "$jobmig_rc"')
