"""``jobmig verify``: print the fire-time simulation of a plan (:mod:`jobmig.timing.simulate`)."""
from __future__ import annotations

from typing import Any, Sequence

from jobmig.timing.simulate import JobResult


def render(results: Sequence[JobResult], console: Any) -> None:
    """Print verify results on a rich ``Console``: one row per job, then a summary."""
    from rich.markup import escape
    from rich.table import Table

    table = Table("job", "status", "result", "legacy runs", "AWS runs", "first difference")
    for result in results:
        if result.error:
            verdict, detail = "[red]error[/red]", escape(result.error)
        elif result.equivalent:
            verdict, detail = "[green]equivalent[/green]", ""
        else:
            verdict = "[yellow]differs[/yellow]" if not result.unexpected else "[red]differs[/red]"
            firsts = [f"legacy only {m.isoformat()}" for m in result.only_legacy[:1]]
            firsts += [f"AWS only {m.isoformat()}" for m in result.only_aws[:1]]
            detail = "; ".join(firsts) + f" ({result.missing} missing, {result.extra} extra)"
        table.add_row(escape(result.name or result.job_id), result.status or "", verdict,
                      str(result.legacy_runs), str(result.aws_runs), detail)
    console.print(table)
    same = sum(r.equivalent for r in results)
    unexpected = sum(r.unexpected for r in results)
    console.print(f"{same}/{len(results)} jobs equivalent; {len(results) - same - unexpected} "
                  f"differ as their review findings say; {unexpected} unexpected.",
                  highlight=False)

