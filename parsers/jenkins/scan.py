"""What a Jenkinsfile (declarative or scripted) says about when and after what it runs.

Contract: :func:`scan_pipeline` reads the calls of one pipeline script into a
:class:`JobDraft`: ``cron``/``parameterizedCron`` → schedules, ``pollSCM``/
``scm`` → JM304, ``upstream`` → upstream edges, ``build job:``/``build 'x'``
→ downstream edges (waits by default: nested; ``wait: false``: cross, JM320),
``options { retry(n) timeout(...) disableConcurrentBuilds() }``, the
``parameters`` definitions, and the agent label. Literal arguments are read;
computed ones are reported (JM306 for job names, JM319 otherwise). Line
numbers are shifted by ``line_offset`` (for a script inlined in config.xml).

Jenkins facts: the declarative ``triggers`` block may stand anywhere in
``pipeline`` (corpus 13); scripted ``properties([pipelineTriggers([...])])``
may stand anywhere, even inside a stage (corpus 14, 18). ``retry(n)`` runs
the body at most ``n`` times in all, so it allows ``n - 1`` re-runs.
"""
from __future__ import annotations

from jobmig.model import Condition, RetryPolicy
from jobmig.parsers.jenkins.calls import Arg, Call, find_calls
from jobmig.parsers.jenkins.tokens import Token
from jobmig.parsers.jenkins.conditions import at_least
from jobmig.parsers.jenkins.draft import JobDraft
from jobmig.parsers.jenkins.edges import add_downstream, add_upstream, condition
from jobmig.parsers.jenkins.specs import parameterized_schedules, timer_schedule
from jobmig.messages import msg
from jobmig.digits import is_number

TRIGGER_CALLS = {"cron", "pollSCM", "scm", "upstream", "parameterizedCron"}
OPTION_CALLS = {"retry", "timeout", "disableConcurrentBuilds"}
PARAMETER_CALLS = {"string", "text", "booleanParam", "choice", "password"}
OTHER_CALLS = {"build", "node", "label"}
COMMANDS = frozenset({"build", "label"})
# java.util.concurrent.TimeUnit names accepted by timeout(unit:); default MINUTES.
TIME_UNITS = {"NANOSECONDS": 1e-9, "MICROSECONDS": 1e-6, "MILLISECONDS": 1e-3, "SECONDS": 1,
              "MINUTES": 60, "HOURS": 3600, "DAYS": 86400}


class _Scan:
    """One pass over a script's calls, writing into ``draft``."""

    def __init__(self, draft: JobDraft, tz: str | None, line_offset: int) -> None:
        self.draft, self.tz, self.offset = draft, tz, line_offset

    def line(self, call_or_arg: Call | Arg) -> int:
        return call_or_arg.line + self.offset

    def column(self, arg: Arg) -> int | None:
        """The file column of ``arg``; known only in a script of its own (not an inline one,
        whose text may have been re-indented)."""
        return arg.tokens[0].column if arg.tokens and not self.offset else None

    def literal(self, call: Call, arg: Arg | None, what: str) -> str | None:
        """The literal value of ``arg``; JM319 (quoting it) when it is computed."""
        if arg is None:
            return None
        value = arg.literal
        if value is None:
            self.draft.find("JM319", msg("{name}(): {what} is computed: {text}",
                                         name=call.name, what=what, text=arg.text),
                            self.line(call))
        return value

    # -- triggers --------------------------------------------------------------
    def cron(self, call: Call) -> None:
        spec = self.literal(call, call.arg("spec", 0), "the spec")
        if spec is None:
            return
        schedule, problems = timer_schedule(spec, seed=self.draft.full_name,
                                            default_timezone=self.tz)
        for problem in problems:
            self.draft.find(problem.code, msg("cron(): {message}", message=problem.message), self.line(call))
        if schedule is not None:
            self.draft.add_schedule(schedule, self.line(call))

    def parameterized_cron(self, call: Call) -> None:
        spec = self.literal(call, call.arg("parameterizedSpecification", 0), "the spec")
        if spec is None:
            return
        schedules, problems = parameterized_schedules(spec, seed=self.draft.full_name,
                                                      default_timezone=self.tz)
        for problem in problems:
            self.draft.find(problem.code, msg("parameterizedCron(): {message}",
                                              message=problem.message),
                            self.line(call))
        for schedule in schedules:
            self.draft.add_schedule(schedule, self.line(call))

    def poll(self, call: Call) -> None:
        arg = call.arg("spec", 0)
        spec = arg.literal if arg is not None and arg.literal is not None else (
            arg.text if arg else "")
        self.draft.find("JM304", msg("{name}() polls the repository on {spec!r}",
                                     name=call.name, spec=spec),
                        self.line(call))

    def upstream(self, call: Call) -> None:
        names = call.arg("upstreamProjects", 0)
        threshold_arg = call.arg("threshold", 1)
        threshold = "SUCCESS"
        if threshold_arg is not None:
            threshold = (threshold_arg.literal or threshold_arg.last_name() or "SUCCESS").upper()
        what = f"upstream() (threshold {threshold})"
        if names is None:
            return
        if names.literal is None:
            self.draft.find("JM306", msg("{what} names {text}, which is computed at run time",
                                         what=what, text=names.text),
                            self.line(names), self.column(names))
            return
        cond = condition(self.draft, at_least(threshold), what, self.line(call))
        add_upstream(self.draft, names.literal, cond, what, self.line(call))

    # -- steps -----------------------------------------------------------------
    def build(self, call: Call) -> None:
        job = call.arg("job", 0)
        if job is None:
            return
        wait_arg = call.arg("wait")
        wait = (wait_arg.literal != "false") if wait_arg is not None else True
        what = f"build job: {job.text}"
        if job.literal is None:
            self.draft.find("JM306", msg("{what}: the job name is computed at run time", what=what),
                            self.line(job), self.column(job))
            return
        parameters = self.build_parameters(call.arg("parameters"))
        targets = add_downstream(self.draft, job.literal, Condition.SUCCESS, what,
                                 self.line(call), wait=wait, parameters=parameters)
        for target in targets:
            step = {"kind": "build", "job": target, "wait": wait, "parameters": parameters,
                    "line": self.line(call)}
            propagate = call.arg("propagate")
            if propagate is not None and propagate.literal == "false":
                step["propagate"] = False
            self.draft.add_step(step)
        if targets and not wait:
            self.draft.find("JM320", msg("{what} has wait: false", what=what), self.line(call))

    def build_parameters(self, arg: Arg | None) -> dict[str, str]:
        """``parameters: [string(name: 'A', value: 'x'), ...]`` → {A: x} (literals only)."""
        if arg is None:
            return {}
        values: dict[str, str] = {}
        tokens = list(arg.tokens)
        source_text = arg.text
        base = tokens[0].start if tokens else 0
        shifted = [Token(t.kind, t.text, t.line, t.column, t.start - base, t.end - base,
                         t.value, t.literal) for t in tokens]
        for item in find_calls(shifted, source_text, PARAMETER_CALLS | {"booleanParam"}):
            name, value = item.arg("name"), item.arg("value")
            if name is None or value is None or name.literal is None or value.literal is None:
                self.draft.find("JM319", msg("build parameter {text} is computed", text=item.text),
                                self.line(item))
                continue
            values[name.literal] = value.literal
        return values

    def option(self, call: Call) -> None:
        in_options = bool(call.blocks) and call.blocks[-1] == "options"
        if call.name == "disableConcurrentBuilds":
            self.draft.concurrent = False
            return
        if not in_options:  # a step-level wrapper: recorded for the mapping
            self.draft.attributes.setdefault("step_options", []).append(
                {"option": call.name, "text": call.text, "line": self.line(call)})
            return
        if call.name == "retry":
            count = self.literal(call, call.arg("count", 0), "the count")
            if count is not None and is_number(count) and int(count) > 1:
                # retry(N): N runs in all, the next one at once (the step has no delay);
                # 1 s is the least IntervalSeconds Step Functions takes.
                self.draft.retry = RetryPolicy(max_attempts=int(count) - 1, interval_seconds=1)
        elif call.name == "timeout":
            time = self.literal(call, call.arg("time", 0), "the time")
            unit_arg = call.arg("unit")
            unit = "MINUTES"
            if unit_arg is not None:
                unit = unit_arg.literal or unit_arg.last_name() or unit
            if time is not None and is_number(time) and unit.upper() in TIME_UNITS:
                self.draft.timeout_seconds = int(int(time) * TIME_UNITS[unit.upper()])

    def parameter(self, call: Call) -> None:
        name = call.arg("name")
        if name is None or name.literal is None:
            return  # a build step's string(name:, value:) or something else
        if call.name == "choice":
            choices = call.arg("choices")
            values = choices.literal_list() if choices is not None else None
            if values is None and choices is not None and choices.literal is not None:
                values = choices.literal.splitlines()
            default = values[0] if values else ""
        else:
            if "defaultValue" not in call.named:
                return
            default = call.named["defaultValue"].literal
            if default is None:
                self.draft.find("JM319", msg("parameter {literal}: the default is computed: "
                                             "{text}",
                                             literal=name.literal,
                                             text=call.named['defaultValue'].text), self.line(call))
                default = ""
        if call.name == "password" and default:
            self.draft.find("JM006", msg("parameter {literal} has a password default",
                                         literal=name.literal),
                            self.line(call))
            default = ""
        self.draft.parameters.setdefault(name.literal, default)

    def host(self, call: Call) -> None:
        arg = call.arg("label", 0)
        if self.draft.host is None and arg is not None and arg.literal:
            if call.name == "node" or "agent" in call.blocks:
                self.draft.host = arg.literal

    def run(self, calls: list[Call]) -> None:
        dispatch = {"cron": self.cron, "parameterizedCron": self.parameterized_cron,
                    "pollSCM": self.poll, "scm": self.poll, "upstream": self.upstream,
                    "build": self.build, "node": self.host, "label": self.host}
        for call in calls:
            if call.name in dispatch:
                dispatch[call.name](call)
            elif call.name in OPTION_CALLS:
                self.option(call)
            elif call.name in PARAMETER_CALLS:
                self.parameter(call)


def pipeline_calls(tokens: list[Token], source: str) -> list[Call]:
    """The calls :func:`scan_pipeline` reads, in source order."""
    names = TRIGGER_CALLS | OPTION_CALLS | PARAMETER_CALLS | OTHER_CALLS
    return find_calls(tokens, source, names, COMMANDS)


def scan_pipeline(draft: JobDraft, tokens: list[Token], source: str,
                  timezone: str | None, line_offset: int = 0) -> None:
    """Record a pipeline script's triggers, edges and options on ``draft``."""
    _Scan(draft, timezone, line_offset).run(pipeline_calls(tokens, source))


def scan_calls(draft: JobDraft, calls: list[Call], timezone: str | None,
               line_offset: int = 0) -> None:
    """Like :func:`scan_pipeline` for calls already found (Job DSL bodies)."""
    _Scan(draft, timezone, line_offset).run(calls)
