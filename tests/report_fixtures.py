"""Hand-built plan.json dicts for the report tests and the report benchmark.

``sample_plan()`` covers every section of the report: three formats, all
statuses, findings with and without a job, secrets in commands, parameters,
environment, messages and legacy expressions, HTML and Markdown injection in
names, calendars, cross-workflow dependencies (rule and join gate), a DST
hazard and a sub-minute loop. ``SECRETS`` lists every secret value it holds.
``large_plan(n)`` makes a plan of ``n`` jobs for size and speed checks.
"""
from __future__ import annotations

from typing import Any

SECRETS = (
    "S3cretPw", "hunter22", "tok_9f8e7d6c5b", "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMIK7MDENGbPxRfiCY", "eyJhbGciOiJIUzI1NiJ9abc", "pa55w0rd", "Swordfish1",
    "paramSecret77", "envOnlySecret", "xpassword9",
)
INJECTED_NAME = '<script>alert("x")</script>|**bold**'
INJECTED_COMMAND = '/bin/echo "<img src=x onerror=alert(1)>" & </script><b>'


def _src(path: str, line: int | None, fmt: str) -> dict[str, Any]:
    return {"path": path, "line": line, "format": fmt}


def _job(job_id: str, name: str, status: str, source: dict[str, Any], **extra: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "id": job_id, "name": name, "kind": "job", "unit_type": "cron", "parent": None,
        "source": source, "command": None, "stdin": None, "user": None, "host": None,
        "disabled": False, "legacy_schedule": None, "legacy_schedules": [], "status": status,
        "schedules": [], "state_machine": name, "findings": [], "parameters": {},
        "environment": {},
    }
    job.update(extra)
    return job


def _finding(code: str, severity: str, message: str, source: dict[str, Any] | None,
             job: str | None = None) -> dict[str, Any]:
    finding: dict[str, Any] = {"code": code, "severity": severity, "message": message,
                               "source": source}
    if job:
        finding["job"] = job
    return finding


def sample_plan() -> dict[str, Any]:
    """A small plan that exercises every section of the report."""
    cron = "exports/etc/crontab"
    c1, c2, c3, c4 = (f"crontab:{cron}:{n}" for n in (3, 4, 5, 6))
    j1, j2 = "jenkins:etl/extract", "jenkins:etl/load"
    n1, n2, n3 = "jp1:/NET", "jp1:/NET/JOB1", "jp1:/NET/JOB2"
    jobs = [
        _job(c1, "backup-db", "review", _src(cron, 3, "crontab"),
             command="mysqldump -uroot -pS3cretPw shop > /backup/shop.sql",
             user="root",
             legacy_schedule={"flavor": "vixie", "expression": "30 2 * * *",
                              "timezone": "America/New_York", "seed": None},
             schedules=[{"name": "backup-db", "kind": "scheduler",
                         "expression": "cron(30 2 * * ? *)", "timezone": "America/New_York",
                         "calendar": None}],
             environment={"MYSQL_PWD": "Swordfish1", "PATH": "/usr/bin"}),
        _job(c2, INJECTED_NAME, "auto", _src(cron, 4, "crontab"),
             command=INJECTED_COMMAND,
             legacy_schedule={"flavor": "vixie", "expression": "0 9 * * 1-5",
                              "timezone": "UTC", "seed": None},
             schedules=[{"name": "inj", "kind": "scheduler",
                         "expression": "cron(0 9 ? * MON-FRI *)", "timezone": "UTC",
                         "calendar": None}]),
        _job(c3, "poll-queue", "manual", _src(cron, 5, "crontab"),
             command="sleep 30; curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9abc' "
                     "https://deploy:pa55w0rd@api.example.com/poll",
             legacy_schedule={"flavor": "vixie", "expression": "* * * * *",
                              "timezone": "UTC", "seed": None},
             schedules=[{"name": "poll-queue", "kind": "scheduler",
                         "expression": "cron(* * * * ? *)", "timezone": "UTC",
                         "calendar": None}]),
        _job(c4, "reboot-task", "manual", _src(cron, 6, "crontab"),
             command="TOKEN=tok_9f8e7d6c5b /opt/start.sh --password hunter22",
             legacy_schedule={"flavor": "vixie", "expression": "@reboot API_KEY=xpassword9",
                              "timezone": "UTC", "seed": None}),
        _job(j1, "extract", "auto", _src("exports/jenkins/jobs/etl/jobs/extract/config.xml", 12,
                                         "jenkins"),
             unit_type="freestyle", command="aws s3 sync s3://in /data",
             environment={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                          "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMIK7MDENGbPxRfiCY"},
             legacy_schedule={"flavor": "jenkins", "expression": "H 3 * * *",
                              "timezone": "Asia/Tokyo", "seed": "etl/extract"},
             schedules=[{"name": "extract", "kind": "scheduler",
                         "expression": "cron(17 3 * * ? *)", "timezone": "Asia/Tokyo",
                         "calendar": None}]),
        _job(j2, "load", "review", _src("exports/jenkins/jobs/etl/jobs/load/config.xml", 20,
                                        "jenkins"),
             unit_type="freestyle", command="./load.sh", parameters={"DB_PASSWORD": "paramSecret77",
                                                                     "TARGET": "prod"}),
        _job(n1, "NET", "review", _src("exports/jp1/units.txt", 1, "jp1"), kind="jobnet",
             unit_type="n", state_machine="NET",
             legacy_schedule={"flavor": "jp1", "expression": "sd=1,+2;st=08:00;",
                              "timezone": "Asia/Tokyo", "seed": None},
             schedules=[{"name": "NET", "kind": "scheduler", "expression": "cron(0 8 * * ? *)",
                         "timezone": "Asia/Tokyo", "calendar": "net-business-days"}]),
        _job(n2, "JOB1", "auto", _src("exports/jp1/units.txt", 4, "jp1"), unit_type="j",
             parent=n1, state_machine="NET", command="/opt/job1.sh"),
        _job(n3, "JOB2", "auto", _src("exports/jp1/units.txt", 9, "jp1"), unit_type="j",
             parent=n1, state_machine="NET", command="/opt/job2.sh"),
    ]
    job_findings = {
        c1: [_finding("JM006", "manual", "command holds a password (-p***)", _src(cron, 3, "crontab"), c1),
             _finding("JM999", "review", "a code the catalogue does not know", _src(cron, 3, "crontab"), c1)],
        c2: [_finding("JM106", "review", f"percent in {INJECTED_COMMAND}", _src(cron, 4, "crontab"), c2)],
        c3: [_finding("JM113", "review", "runs every minute; password pa55w0rd seen in URL",
                      _src(cron, 5, "crontab"), c3)],
        c4: [_finding("JM105", "manual", "@reboot for command --password=hunter22",
                      _src(cron, 6, "crontab"), c4)],
        j2: [_finding("JM502", "manual", "upstream 'etl/missing' is not in the export",
                      None, j2)],
        n1: [_finding("JM201", "manual", "sd=1,+2 needs a calendar; secret Swordfish1 leaked",
                      _src("exports/jp1/units.txt", 1, "jp1"), n1)],
    }
    for job in jobs:
        job["findings"] = job_findings.get(job["id"], [])
    findings = [f for job in jobs for f in job["findings"]] + [
        _finding("JM002", "error", "binary data at byte 12", _src("exports/broken.bin", None, "")),
        _finding("JM004", "info", "no time zone in the crontab; Asia/Tokyo assumed", None),
    ]
    return {
        "schema": "jobmig.plan/1",
        "options": {"timezone": "Asia/Tokyo", "target": "scheduler", "timezone_assumed": True,
                    "horizon": ["2026-01-01", "2027-12-31"]},
        "sources": [
            {"path": cron, "format": "crontab", "jobs": 4, "skipped": False},
            {"path": "exports/jenkins/jobs/etl/jobs/extract/config.xml", "format": "jenkins",
             "jobs": 1, "skipped": False},
            {"path": "exports/jenkins/jobs/etl/jobs/load/config.xml", "format": "jenkins",
             "jobs": 1, "skipped": False},
            {"path": "exports/jp1/units.txt", "format": "jp1", "jobs": 3, "skipped": False},
            {"path": "exports/broken.bin", "format": "", "jobs": 0, "skipped": True,
             "reason": "could not be read"},
        ],
        "jobs": jobs,
        "dependencies": [
            {"from": n2, "to": n3, "condition": "success", "realized_as": "state_machine"},
            {"from": j1, "to": j2, "condition": "success", "realized_as": "rule"},
            {"from": c1, "to": j2, "condition": "success", "realized_as": "join_gate"},
            {"from": n1, "to": j1, "condition": "completed", "realized_as": "rule"},
        ],
        "state_machines": [{"name": "NET", "path": "statemachines/NET.asl.json",
                            "jobs": [n1, n2, n3]}],
        "rules": [
            {"name": "extract-to-load", "event_pattern": {}, "target": "load", "kind": "rule"},
            {"name": "load-join", "event_pattern": {}, "target": "load", "kind": "join_gate"},
        ],
        "calendars": [{"name": "net-business-days", "path": "calendars/net-business-days.ics",
                       "type": "DEFAULT_CLOSED", "timezone": "Asia/Tokyo",
                       "horizon": ["2026-01-01", "2027-12-31"], "days": 487,
                       "description": "JP1 sd=1,+2 business days"}],
        "findings": findings,
        "summary": {"jobs": 9, "auto": 4, "review": 3, "manual": 2},
    }


def large_plan(n: int = 10_000) -> dict[str, Any]:
    """A plan of ``n`` crontab/Jenkins/JP1 jobs with findings and dependency chains."""
    jobs: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    deps: list[dict[str, Any]] = []
    statuses = ("auto", "auto", "auto", "review", "manual")
    sources: dict[str, int] = {}
    for index in range(n):
        fmt = ("crontab", "jenkins", "jp1")[index % 3]
        path = f"exports/{fmt}/file{index // 250:03d}"
        sources[path] = sources.get(path, 0) + 1
        job_id = f"{fmt}:{path}:{index}"
        status = statuses[index % len(statuses)]
        job = _job(job_id, f"job-{index:05d}-{fmt}", status, _src(path, index % 250 + 1, fmt),
                   command=f"/opt/batch/run.sh --step {index} --password p{index}x",
                   legacy_schedule={"flavor": "vixie", "expression": f"{index % 60} {index % 24} * * *",
                                    "timezone": "Asia/Tokyo", "seed": None},
                   schedules=[{"name": f"job-{index}", "kind": "scheduler",
                               "expression": f"cron({index % 60} {index % 24} * * ? *)",
                               "timezone": "Asia/Tokyo", "calendar": None}])
        if status != "auto":
            code = "JM201" if status == "manual" else "JM106"
            finding = _finding(code, status, f"job {index} needs a look", job["source"], job_id)
            job["findings"] = [finding]
            findings.append(finding)
        jobs.append(job)
        if fmt == "jp1" and index % 30 != 2 and index >= 3:  # chains of 10
            deps.append({"from": jobs[index - 3]["id"], "to": job_id, "condition": "success",
                         "realized_as": "state_machine" if index % 4 else "rule"})
    counts = {s: sum(1 for job in jobs if job["status"] == s) for s in ("auto", "review", "manual")}
    return {
        "schema": "jobmig.plan/1",
        "options": {"timezone": "Asia/Tokyo", "target": "scheduler", "timezone_assumed": False},
        "sources": [{"path": p, "format": p.split("/")[1], "jobs": c, "skipped": False}
                    for p, c in sorted(sources.items())],
        "jobs": jobs, "dependencies": deps, "state_machines": [], "rules": [], "calendars": [],
        "findings": findings, "summary": {"jobs": n, **counts},
    }
