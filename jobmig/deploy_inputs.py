"""What ``jobmig deploy`` sends: the templates of an output folder, and the parameters.

Pure functions, no AWS calls (they run before any, so that a usage error
costs nothing):

* :func:`read_parameters` reads ``--parameters FILE`` (``{"Key": "value"}``
  or the CloudFormation CLI's ``[{"ParameterKey": .., "ParameterValue": ..}]``)
  and ``--parameter KEY=VALUE`` pairs;
* :func:`check_parameters` compares them with what the main template declares:
  every parameter without a ``Default`` must be given, and nothing else may be;
* :func:`stage_templates` finds the main template and its nested-stack
  templates and decides which go to S3 and under which key and URL.

Every problem raises :class:`DeployInputError`, whose text is one line.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Mapping, Sequence
from urllib.parse import quote

import yaml

#: CloudFormation's limits on a template body (AWS CloudFormation User Guide, "Quotas").
INLINE_TEMPLATE_LIMIT = 51_200
S3_TEMPLATE_LIMIT = 1_048_576
MAIN_TEMPLATE = "template.yaml"
NESTED_STACK = "AWS::CloudFormation::Stack"
#: Marks a list-form parameter given as ``"UsePreviousValue": true``.
USE_PREVIOUS = object()
_TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_STACK_NAME = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")


class DeployInputError(Exception):
    """A problem with what the user gave (exit code 2); the text is one line."""


# -- parameters ----------------------------------------------------------------
def read_parameters(text: str | None, name: str, pairs: Sequence[str]) -> dict[str, Any]:
    """Parameters from a ``--parameters`` file's ``text`` (``name`` for messages) and pairs.

    The file holds ``{"Key": "value", ...}`` or ``[{"ParameterKey": "Key",
    "ParameterValue": "value"}, ...]`` (``"UsePreviousValue": true`` instead of
    a value keeps the stack's current value: :data:`USE_PREVIOUS`). Numbers
    become their text and lists are joined with commas (CommaDelimitedList and
    ``List<...>`` types). ``KEY=VALUE`` pairs come after the file and win.
    """
    values: dict[str, Any] = {}
    if text is not None:
        try:
            data = json.loads(text)
        except ValueError as error:
            line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
            message = getattr(error, "msg", str(error))
            raise DeployInputError(f"{name}:{line}:{column}: not valid JSON: {message}")
        if isinstance(data, dict):
            for key, value in data.items():
                values[key] = _parameter_text(value, name, key)
        elif isinstance(data, list):
            for index, item in enumerate(data):
                if not isinstance(item, dict) or not isinstance(item.get("ParameterKey"), str):
                    raise DeployInputError(f"{name}: entry {index + 1} has no ParameterKey")
                key = item["ParameterKey"]
                if item.get("UsePreviousValue") is True:
                    values[key] = USE_PREVIOUS
                elif "ParameterValue" in item:
                    values[key] = _parameter_text(item["ParameterValue"], name, key)
                else:
                    raise DeployInputError(f"{name}: parameter {key} has no ParameterValue")
        else:
            raise DeployInputError(f"{name}: give an object {{\"Key\": \"value\"}} or a list of "
                                   "{\"ParameterKey\": ..., \"ParameterValue\": ...}")
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise DeployInputError(f"--parameter {pair!r}: give KEY=VALUE")
        values[key] = value
    return values


def _parameter_text(value: Any, name: str, key: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        raise DeployInputError(f"{name}: parameter {key}: give a string, a number or a list")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return ",".join(_parameter_text(item, name, key) for item in value)
    raise DeployInputError(f"{name}: parameter {key}: give a string, a number or a list")


def check_parameters(declared: Mapping[str, Any], given: Mapping[str, Any], template: str) -> None:
    """Raise unless ``given`` names every declared parameter without a Default, and no other.

    ``declared`` is the template's ``Parameters`` section; ``template`` names it in messages.
    """
    missing = [key for key, spec in declared.items()
               if key not in given and not (isinstance(spec, dict) and "Default" in spec)]
    if missing:
        raise DeployInputError(
            f"{template}: parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            "required (no Default): give --parameters FILE or --parameter KEY=VALUE")
    unknown = [key for key in given if key not in declared]
    if unknown:
        raise DeployInputError(f"{template} declares no parameter {', '.join(unknown)}")


def check_stack_name(name: str) -> None:
    """CloudFormation's rule for a stack name: a letter, then letters, digits and hyphens (128)."""
    if not _STACK_NAME.match(name):
        raise DeployInputError(f"--stack-name {name!r}: start with a letter; use letters, digits "
                               "and hyphens, at most 128 characters")


# -- templates -------------------------------------------------------------------
@dataclass(frozen=True)
class Upload:
    """A template body to put at ``key`` in the bucket; ``url`` is what CloudFormation reads."""

    relative: str
    key: str
    url: str
    body: str


@dataclass(frozen=True)
class StagedTemplates:
    """The main template as sent, and what must be uploaded first (nested ones first).

    Exactly one of ``body`` (sent inline as TemplateBody) and ``url`` (TemplateURL) is set.
    """

    main: str
    parameters: Mapping[str, Any]
    body: str | None
    url: str | None
    uploads: tuple[Upload, ...]
    unused: tuple[str, ...]


def load_template(text: str, name: str) -> dict[str, Any]:
    """A template's text (YAML or JSON; short-form ``!Ref``-style tags allowed) as a dict."""
    try:
        data = yaml.load(text, Loader=_TemplateLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise DeployInputError(f"{where}: not a readable template: "
                               f"{getattr(error, 'problem', None) or error}")
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise DeployInputError(f"{name}: not a CloudFormation template (no Resources section)")
    return data


def stage_templates(folder: Path, *, stack_name: str, bucket: str | None,
                    region: str | None) -> StagedTemplates:
    """Decide how the templates under ``folder`` (``OUT/cloudformation``) reach CloudFormation.

    The main template is ``template.yaml``. A resource of type
    ``AWS::CloudFormation::Stack`` whose ``TemplateURL`` is a relative path (the
    convention of ``aws cloudformation package``) names a nested template,
    read relative to the template that holds it, recursively. Every nested
    template is uploaded, and its ``TemplateURL`` rewritten to the uploaded
    object; the main template is uploaded too when, after rewriting, it is over
    CloudFormation's 51,200-byte inline limit. Object keys are
    ``jobmig/<stack>/<sha256 of the body, 16 hex>/<relative path>``: the same
    body gets the same URL, so an unchanged nested stack is no change.
    A template that changed is re-serialised (sorted keys, as ``convert``
    writes it); one that did not is sent as written. Templates in ``folder``
    that nothing references are listed in ``unused``.

    Raises :class:`DeployInputError` when an upload is needed and ``bucket``
    (or ``region``, needed for the URL) is missing, a path names no file or
    leaves ``folder``, nested templates form a cycle, or a body exceeds 1 MB.
    """
    main_path = folder / MAIN_TEMPLATE
    if not main_path.is_file():
        if any(folder.glob("part-*.yaml")):  # convert left out a root AWS would refuse
            raise DeployInputError(
                f"{main_path}: not written, AWS would refuse the root stack (JM544 in the "
                "report); deploy each part-*.yaml as its own stack, or convert in several runs")
        raise DeployInputError(f"{main_path}: not found; run jobmig convert first")
    root = folder.resolve()
    uploads: list[Upload] = []
    staged: dict[str, tuple[str, dict[str, Any]]] = {}  # relative path -> (body, data)

    def url_of(key: str) -> str:
        assert bucket is not None and region is not None
        domain = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        return f"https://{bucket}.s3.{region}.{domain}/{quote(key, safe='/-_.~')}"

    def stage(relative: str, chain: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
        if relative in chain:
            raise DeployInputError(f"{folder / relative}: nested templates form a cycle: "
                                   + " -> ".join((*chain, relative)))
        if relative in staged:
            return staged[relative]
        path = folder / relative
        text = path.read_text(encoding="utf-8")
        data = load_template(text, str(path))
        changed = False
        for logical, resource in sorted(data["Resources"].items()):
            if not isinstance(resource, dict) or resource.get("Type") != NESTED_STACK:
                continue
            properties = resource.get("Properties") or {}
            target = properties.get("TemplateURL")
            if not isinstance(target, str) or _URL_SCHEME.match(target):
                continue  # already a URL (or an intrinsic function): left to CloudFormation
            child = _child_path(root, path, target, logical)
            if bucket is None or region is None:
                raise DeployInputError(
                    f"{path}: nested stack {logical} ({target}) must be uploaded to S3: "
                    + ("give --bucket" if bucket is None else "give --region"))
            child_body, _ = stage(child, (*chain, relative))
            key = f"jobmig/{stack_name}/{_digest(child_body)}/{child}"
            uploads.append(Upload(child, key, url_of(key), child_body))
            properties["TemplateURL"] = url_of(key)
            changed = True
        body = _render(data, path) if changed else text
        size = len(body.encode("utf-8"))
        if size > S3_TEMPLATE_LIMIT:
            raise DeployInputError(f"{path}: {size:,} bytes, over CloudFormation's "
                                   f"{S3_TEMPLATE_LIMIT:,}-byte template limit")
        staged[relative] = (body, data)
        return staged[relative]

    main_body, main_data = stage(MAIN_TEMPLATE, ())
    url = None
    if len(main_body.encode("utf-8")) > INLINE_TEMPLATE_LIMIT:
        if bucket is None or region is None:
            raise DeployInputError(
                f"{main_path} is {len(main_body.encode('utf-8')):,} bytes, over CloudFormation's "
                f"{INLINE_TEMPLATE_LIMIT:,}-byte inline limit: "
                + ("give --bucket to upload it to S3" if bucket is None else "give --region"))
        key = f"jobmig/{stack_name}/{_digest(main_body)}/{MAIN_TEMPLATE}"
        url = url_of(key)
        uploads.append(Upload(MAIN_TEMPLATE, key, url, main_body))
    unique = {upload.key: upload for upload in uploads}
    unused = tuple(sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.is_file() and p.suffix in _TEMPLATE_SUFFIXES
        and p.relative_to(folder).as_posix() not in staged))
    parameters = main_data.get("Parameters") or {}
    return StagedTemplates(MAIN_TEMPLATE, parameters, None if url else main_body, url,
                           tuple(unique.values()), unused)


def _child_path(root: Path, parent: Path, target: str, logical: str) -> str:
    """``target`` (relative to ``parent``'s folder) as a path relative to ``root``."""
    candidate = (parent.parent / PurePosixPath(target)).resolve()
    try:
        relative = candidate.relative_to(root).as_posix()
    except ValueError:
        raise DeployInputError(f"{parent}: nested stack {logical}: TemplateURL {target!r} "
                               "is outside the cloudformation folder")
    if not candidate.is_file():
        raise DeployInputError(f"{parent}: nested stack {logical}: TemplateURL {target!r} "
                               "names no file")
    return relative


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _render(data: dict[str, Any], path: Path) -> str:
    if path.suffix == ".json":
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    from jobmig.emit.cloudformation import dump_yaml

    return dump_yaml(data)


class _TemplateLoader(yaml.SafeLoader):
    """SafeLoader that reads CloudFormation's short-form tags (``!Ref X`` → ``{"Ref": "X"}``,
    ``!Sub s`` → ``{"Fn::Sub": s}``, ``!GetAtt A.B`` → ``{"Fn::GetAtt": ["A", "B"]}``)."""


def _short_form(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _short_form)
