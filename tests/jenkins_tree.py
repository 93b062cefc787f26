"""Generate a synthetic JENKINS_HOME ``jobs/`` tree (tests and the benchmark).

:func:`build_tree` writes ``n_jobs`` freestyle jobs into nested folders whose
names include non-ASCII characters and spaces, each with an ``H`` timer spec,
a shell step and, for all but the first job of a folder, a
ReverseBuildTrigger on the previous job of that folder (a relative name) or,
every fifth job, on an absolute ``/``-name in another folder. It returns a
:class:`TreeManifest` saying what a correct parser must find, computed from
the generator's own choices (never from the parser).

Deterministic: the same ``n_jobs``/``seed`` give the same bytes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

FOLDER_NAMES = ("データ連携", "nightly builds", "équipe ops", "reports")
SPECS = ("H 2 * * *", "H H(0-5) * * 1-5", "H/15 * * * *", "TZ=Asia/Tokyo\nH 9 * * *",
         "@daily", "H 3 1,15 * *")
THRESHOLDS = (("SUCCESS", 0, "BLUE"), ("UNSTABLE", 1, "YELLOW"), ("FAILURE", 2, "RED"))

FOLDER_XML = """<?xml version='1.1' encoding='UTF-8'?>
<com.cloudbees.hudson.plugins.folder.Folder plugin="cloudbees-folder@6.9">
  <properties/>
</com.cloudbees.hudson.plugins.folder.Folder>
"""

JOB_XML = """<?xml version='1.1' encoding='UTF-8'?>
<project>
  <description>generated job {index}: &#x1b;[32mok&#x1b;[0m</description>
  <keepDependencies>false</keepDependencies>
  <properties/>
  <scm class="hudson.scm.NullSCM"/>
  <assignedNode>linux</assignedNode>
  <disabled>false</disabled>
  <triggers>
    <hudson.triggers.TimerTrigger>
      <spec>{spec}</spec>
    </hudson.triggers.TimerTrigger>{reverse}
  </triggers>
  <concurrentBuild>false</concurrentBuild>
  <builders>
    <hudson.tasks.Shell>
      <command>./run.sh {index} &amp;&amp; echo done</command>
    </hudson.tasks.Shell>
  </builders>
  <publishers/>
  <buildWrappers/>
</project>
"""

REVERSE_XML = """
    <jenkins.triggers.ReverseBuildTrigger>
      <spec></spec>
      <upstreamProjects>{names}</upstreamProjects>
      <threshold>
        <name>{name}</name>
        <ordinal>{ordinal}</ordinal>
        <color>{color}</color>
        <completeBuild>true</completeBuild>
      </threshold>
    </jenkins.triggers.ReverseBuildTrigger>"""


@dataclass
class TreeManifest:
    """What the generated tree holds: full names, specs, and upstream edges."""

    root: Path
    jobs: dict[str, str] = field(default_factory=dict)  # full name → spec
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (up, down, threshold)
    folders: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def _folder_path(parts: tuple[str, ...]) -> Path:
    path = Path("jobs")
    for index, part in enumerate(parts):
        path = path / part if index == 0 else path / "jobs" / part
    return path


def build_tree(root: Path, n_jobs: int, seed: int = 0, per_folder: int = 25) -> TreeManifest:
    """Write the tree under ``root`` (``root/jobs/...``) and describe it."""
    rng = random.Random(seed)
    manifest = TreeManifest(root)
    folder_count = max(1, (n_jobs + per_folder - 1) // per_folder)
    previous_folder_last: str | None = None
    made = 0
    for folder_index in range(folder_count):
        cycle, slot = divmod(folder_index, len(FOLDER_NAMES))
        top = f"{FOLDER_NAMES[slot]} {cycle}"
        parts = (top,) if folder_index % 2 == 0 else (top, "サブ sub")
        for depth in range(1, len(parts) + 1):
            folder_name = "/".join(parts[:depth])
            if folder_name not in manifest.folders:
                folder_dir = root / _folder_path(parts[:depth])
                folder_dir.mkdir(parents=True, exist_ok=True)
                (folder_dir / "config.xml").write_text(FOLDER_XML, encoding="utf-8")
                manifest.folders.append(folder_name)
                manifest.files.append(folder_dir / "config.xml")
        folder_name = "/".join(parts)
        previous: str | None = None
        for _ in range(min(per_folder, n_jobs - made)):
            job = f"ジョブ {made:05d}" if made % 3 == 0 else f"job {made:05d}"
            full_name = f"{folder_name}/{job}"
            spec = rng.choice(SPECS)
            reverse = ""
            threshold = rng.choice(THRESHOLDS)
            if previous is not None:
                if made % 5 == 0 and previous_folder_last is not None:
                    names, upstream = f"/{previous_folder_last}, ", previous_folder_last
                else:
                    names, upstream = f"{previous.rsplit('/', 1)[1]},", previous
                reverse = REVERSE_XML.format(names=escape(names), name=threshold[0],
                                             ordinal=threshold[1], color=threshold[2])
                manifest.edges.append((upstream, full_name, threshold[0]))
            job_dir = root / _folder_path(parts) / "jobs" / job
            job_dir.mkdir(parents=True, exist_ok=True)
            (job_dir / "config.xml").write_text(
                JOB_XML.format(index=made, spec=escape(spec), reverse=reverse), encoding="utf-8")
            manifest.jobs[full_name] = spec
            manifest.files.append(job_dir / "config.xml")
            previous = full_name
            made += 1
        previous_folder_last = previous
    return manifest
