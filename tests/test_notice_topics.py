"""SNS topics for failure notices and cron's MAILTO (issue 19, faults 8 and 10).

Fault 8: EventBridge drops a notice unless the topic's policy lets
events.amazonaws.com publish. The stack creates its own topic with such a
policy when the NotificationTopicArn parameter is left empty (CloudFormation
condition; Terraform ``count``), and keeps the parameter for a topic of one's own.

Fault 10: cron mailed a job's output to MAILTO after every run that printed
anything. The stack creates one topic per set of MAILTO addresses, with an
email subscription per address, and a rule that sends the failures of those
jobs' state machines to it. The addresses expected below are read by hand
from tests/fixtures/mailto/crontab.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from jobmig.emit import cloudformation
from jobmig.emit import terraform
from tests.aws_fixtures import cfn_lint, moto_server
from tests.conftest import REPO, jobmig_command
from tests.test_cloudformation import full_plan
from tests.test_deploy import INSTANCE, client, deploy_cli
from tests.test_run_faults import rule_matches, status_event

__all__ = ["moto_server"]  # the fixture, imported for pytest

FIXTURE = REPO / "tests" / "fixtures" / "mailto" / "crontab"
# Read by hand from the fixture: which job cron mailed to whom.
MAILED = {("dba@example.com", "ops@example.com"): {"backup", "report"},
          ("reports@example.com",): {"sales"}}
# quiet.sh sends everything to a log, MAILTO="" turns mail off, root is a local mailbox
NOT_MAILED = {"quiet", "nomail", "local"}
EVENTS = "events.amazonaws.com"


def convert(tmp_path: Path, source: Path = FIXTURE, *extra: str) -> Path:
    out = tmp_path / "out"
    done = subprocess.run([*jobmig_command(), "convert", str(source), "--out", str(out),
                           "--timezone", "Asia/Tokyo", "--format", "crontab",
                           "--crontab-kind", "user", *extra],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


def template_of(out: Path) -> dict:
    return yaml.safe_load((out / "cloudformation" / "template.yaml").read_text("utf-8"))


def of_type(template: dict, kind: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def publishers(policy: dict) -> list[tuple[str, str, list]]:
    """(principal service, action, source ARNs) of each statement of a topic policy."""
    return [(s["Principal"]["Service"], s["Action"],
             s["Condition"]["ArnEquals"]["aws:SourceArn"]) for s in policy["Statement"]
            if s["Effect"] == "Allow"]


def rule_arn(name: str) -> dict:
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}"
                       f":rule/{name}"}


# -- fault 8: the failure-notice topic -------------------------------------------------------------
def test_the_stack_creates_a_notice_topic_that_eventbridge_may_publish_to_when_none_is_given():
    template = cloudformation.template(full_plan())
    (topic,) = of_type(template, "AWS::SNS::Topic").items()
    assert topic == ("NotificationTopic", {"Type": "AWS::SNS::Topic",
                                           "Condition": "CreateNotificationTopic",
                                           "Properties": topic[1]["Properties"]})
    (policy,) = of_type(template, "AWS::SNS::TopicPolicy").values()
    assert policy["Condition"] == "CreateNotificationTopic"
    assert policy["Properties"]["Topics"] == [{"Ref": "NotificationTopic"}]
    notices = [r["Properties"]["Name"] for r in of_type(template, "AWS::Events::Rule").values()
               if r["Properties"]["Targets"][0]["Id"] == "notify"]
    assert notices == ["jobmig-failure-notice-1"]
    assert publishers(policy["Properties"]["PolicyDocument"]) == [
        (EVENTS, "sns:Publish", [rule_arn("jobmig-failure-notice-1")])]
    assert cfn_lint(cloudformation.render(full_plan()))[0] == 0


def test_the_terraform_notice_topic_exists_only_when_no_topic_is_given():
    document = terraform.document(full_plan())
    assert document["variable"]["NotificationTopicArn"]["default"] == ""
    topic = document["resource"]["aws_sns_topic"]["notification_topic"]
    assert topic["count"] == '${var.NotificationTopicArn == "" ? 1 : 0}'
    policy = document["resource"]["aws_sns_topic_policy"]["notification_topic"]
    assert policy["count"] == topic["count"]
    statement, = json.loads(policy["policy"])["Statement"]
    assert (statement["Principal"], statement["Action"]) == ({"Service": EVENTS}, "sns:Publish")
    target = document["resource"]["aws_cloudwatch_event_target"]["rule_jobmig_failure_notice1"]
    assert target["arn"] == ('${var.NotificationTopicArn != "" ? var.NotificationTopicArn : '
                             'one(aws_sns_topic.notification_topic[*].arn)}')


@pytest.mark.slow
def test_deployed_without_a_topic_the_stack_makes_one_and_with_one_it_uses_it(tmp_path,
                                                                              moto_server):
    """Against a moto server: the condition decides whether the topic and policy exist."""
    crontab = tmp_path / "crontab"
    crontab.write_text("0 2 * * * /opt/jobs/backup.sh > /var/log/b.log 2>&1\n", "utf-8")
    out = convert(tmp_path, crontab, "--notify")
    parameters = tmp_path / "p.json"
    parameters.write_text(json.dumps({"InstanceId": INSTANCE}), "utf-8")
    done = deploy_cli(str(out), "--stack-name", "own", "--parameters", str(parameters),
                      url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    cfn, sns = client(moto_server, "cloudformation"), client(moto_server, "sns")
    created = {r["LogicalResourceId"]: r["PhysicalResourceId"]
               for r in cfn.list_stack_resources(StackName="own")["StackResourceSummaries"]}
    # moto accepts the AWS::SNS::TopicPolicy but neither lists it under its logical id nor
    # applies it to the topic: the policy is checked on the template (and by cfn-lint) above
    assert "NotificationTopic" in created
    topics = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    assert created["NotificationTopic"] in topics
    events = client(moto_server, "events")
    targets = events.list_targets_by_rule(Rule="jobmig-failure-notice-1")["Targets"]
    assert [t["Arn"] for t in targets] == [created["NotificationTopic"]]
    cfn.delete_stack(StackName="own")  # the rule's name is taken by one stack at a time

    mine = sns.create_topic(Name="operators")["TopicArn"]
    parameters.write_text(json.dumps({"InstanceId": INSTANCE, "NotificationTopicArn": mine}))
    done = deploy_cli(str(out), "--stack-name", "given", "--parameters", str(parameters),
                      url=moto_server)
    assert done.returncode == 0, done.stdout + done.stderr
    given = {r["LogicalResourceId"]
             for r in cfn.list_stack_resources(StackName="given")["StackResourceSummaries"]}
    assert "NotificationTopic" not in given
    assert [t["TopicArn"] for t in sns.list_topics()["Topics"]] == [mine]
    targets = events.list_targets_by_rule(Rule="jobmig-failure-notice-1")["Targets"]
    assert [t["Arn"] for t in targets] == [mine]


# -- fault 10: MAILTO --------------------------------------------------------------------------------
def test_each_mailto_address_set_gets_a_topic_with_an_email_subscription_per_address(tmp_path):
    out = convert(tmp_path)
    template = template_of(out)
    subscriptions = of_type(template, "AWS::SNS::Subscription").values()
    assert sorted(s["Properties"]["Endpoint"] for s in subscriptions) == [
        "dba@example.com", "ops@example.com", "reports@example.com"]
    assert {s["Properties"]["Protocol"] for s in subscriptions} == {"email"}
    rules = {r["Properties"]["Name"]: r["Properties"]
             for r in of_type(template, "AWS::Events::Rule").values()
             if r["Properties"]["Targets"][0]["Id"] == "notify"}
    assert len(rules) == len(MAILED)
    policies = of_type(template, "AWS::SNS::TopicPolicy")
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    machine_of = {job["name"]: job["state_machine"] for job in plan["jobs"]}
    for addresses, jobs in MAILED.items():
        (name, rule), = [(n, r) for n, r in rules.items()
                         if all(a.replace("@", "-") in n for a in addresses)]
        topic = rule["Targets"][0]["Arn"]["Ref"]
        endpoints = sorted(s["Properties"]["Endpoint"] for s in subscriptions
                           if s["Properties"]["TopicArn"] == {"Ref": topic})
        assert endpoints == sorted(addresses)
        assert rule["EventPattern"]["detail"]["status"] == ["FAILED", "TIMED_OUT", "ABORTED"]
        named = {arn["Fn::Sub"].rsplit(":", 1)[1]
                 for arn in rule["EventPattern"]["detail"]["stateMachineArn"]}
        assert named == {machine_of[job] for job in jobs}
        (policy,) = [p for p in policies.values() if p["Properties"]["Topics"] == [{"Ref": topic}]]
        assert publishers(policy["Properties"]["PolicyDocument"]) == [
            (EVENTS, "sns:Publish", [rule_arn(name)])]
    named_anywhere = json.dumps(rules)
    assert not any(machine_of[job] + '"' in named_anywhere for job in NOT_MAILED)
    code, output = cfn_lint((out / "cloudformation" / "template.yaml").read_text("utf-8"))
    assert code == 0, output


def test_a_failed_run_of_a_mailed_job_matches_its_mail_rule_and_a_successful_one_does_not(tmp_path):
    from jobmig.mappings.event_patterns import EventRule

    plan = json.loads((convert(tmp_path) / "plan.json").read_text("utf-8"))
    machine_of = {job["name"]: job["state_machine"] for job in plan["jobs"]}
    rule = next(r for r in plan["rules"] if r.get("addresses") == ["reports@example.com"])
    rule = EventRule(rule["name"], rule["event_pattern"], rule["target"], rule["kind"])
    assert rule_matches(rule, status_event(machine_of["sales"], "FAILED", None))
    assert rule_matches(rule, status_event(machine_of["sales"], "TIMED_OUT", None))
    assert not rule_matches(rule, status_event(machine_of["sales"], "SUCCEEDED", {"a": 1}))
    assert not rule_matches(rule, status_event(machine_of["backup"], "FAILED", None))


def test_where_cron_mailed_on_every_run_the_job_is_review_and_says_so(tmp_path):
    plan = json.loads((convert(tmp_path) / "plan.json").read_text("utf-8"))
    jobs = {job["name"]: job for job in plan["jobs"]}
    for addresses, names in MAILED.items():
        for name in names:
            assert jobs[name]["status"] == "review"
            (finding,) = [f for f in jobs[name]["findings"] if f["code"] == "JM563"]
            assert "successful runs included" in finding["message"]
            assert all(address in finding["message"] for address in addresses)
    for name in ("quiet", "nomail"):
        assert "JM563" not in [f["code"] for f in jobs[name]["findings"]]
    (local,) = [f for f in jobs["local"]["findings"] if f["code"] == "JM563"]
    assert "root" in local["message"] and "mails nobody" in local["message"]


def test_terraform_has_the_same_mail_topics_and_subscriptions(tmp_path):
    out = convert(tmp_path)
    document = json.loads((out / "terraform" / "main.tf.json").read_text("utf-8"))
    subscriptions = document["resource"]["aws_sns_topic_subscription"].values()
    assert sorted(s["endpoint"] for s in subscriptions) == [
        "dba@example.com", "ops@example.com", "reports@example.com"]
    assert {s["protocol"] for s in subscriptions} == {"email"}
    assert len(document["resource"]["aws_sns_topic"]) == len(MAILED)


def test_split_into_nested_stacks_the_root_creates_the_notice_topic_and_passes_it_on(tmp_path):
    from jobmig import cli
    from jobmig.emit.stack_split import Capacity

    plan = cli._load(["samples"], "Asia/Tokyo", None, None, None, None, "scheduler", None,
                     None, None, True, "auto")
    tiny = Capacity(resources=8, outputs=3, parameters=3, template_bytes=400_000,
                    policy_chars=2_000)
    written = {name: yaml.safe_load(text) for name, text in cloudformation.files(plan, tiny)}
    root = written.pop("template.yaml")
    assert len(written) > 1
    assert root["Resources"]["NotificationTopic"]["Condition"] == "CreateNotificationTopic"
    notices = [name for name, part in written.items()
               for r in of_type(part, "AWS::Events::Rule").values()
               if r["Properties"]["Targets"][0]["Id"] == "notify"
               and r["Properties"]["Name"].startswith("jobmig-failure-notice")]
    assert notices
    for name in notices:
        stack = next(r for r in root["Resources"].values()
                     if r["Type"] == "AWS::CloudFormation::Stack"
                     and r["Properties"]["TemplateURL"] == name)
        assert stack["Properties"]["Parameters"]["NotificationTopicArn"] == {"Fn::If": [
            "CreateNotificationTopic", {"Ref": "NotificationTopic"},
            {"Ref": "NotificationTopicArn"}]}
    for part in written.values():
        assert "NotificationTopic" not in part["Resources"] and "Conditions" not in part
    # samples/crontab/etc/cron.d/billing: MAILTO=billing-ops@example.co.jp
    # samples/crontab/var/spool/cron/batch: MAILTO=ops-batch@example.co.jp
    endpoints = {s["Properties"]["Endpoint"] for part in written.values()
                 for s in of_type(part, "AWS::SNS::Subscription").values()}
    assert endpoints == {"billing-ops@example.co.jp", "ops-batch@example.co.jp"}


def test_terraform_validate_accepts_the_notice_and_mail_topics(tmp_path):
    from tests.test_terraform import run_terraform, terraform_folder

    text = (convert(tmp_path, FIXTURE, "--notify") / "terraform" / "main.tf.json").read_text("utf-8")
    binary, folder = terraform_folder(tmp_path, text)
    done = run_terraform(binary, folder, "validate")
    assert done.returncode == 0 and "The configuration is valid" in done.stdout, \
        done.stdout + done.stderr
