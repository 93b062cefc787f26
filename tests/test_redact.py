"""The secret redactor: what it masks, what it leaves alone, and how it masks a whole plan."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobmig.redact import (MASK, KnownSecrets, collect_secrets, find_secrets, might_hold_secret,
                           redact, redact_tree, secret_key)


@pytest.mark.parametrize("text, expected", [
    pytest.param("mysql -uroot -pS3cret db", "mysql -uroot -p*** db", id="mysql-p-attached"),
    pytest.param("mysqldump -u x -p'a b' db", "mysqldump -u x -p'***' db", id="mysql-p-quoted"),
    pytest.param("tool --password=x --v", "tool --password=*** --v", id="password-equals"),
    pytest.param("tool --password x", "tool --password ***", id="password-space"),
    pytest.param("java -jar a.jar -password hunter22", "java -jar a.jar -password ***",
                 id="single-dash-password"),
    pytest.param("app --db-password=abc", "app --db-password=***", id="prefixed-flag"),
    pytest.param("TOKEN=abc123 ./run", "TOKEN=*** ./run", id="token-assignment"),
    pytest.param("API_KEY= ./run", "API_KEY= ./run", id="empty-api-key-kept"),
    pytest.param("API_KEY=zzz ./run", "API_KEY=*** ./run", id="api-key"),
    pytest.param("SECRET=abc", "SECRET=***", id="secret"),
    pytest.param("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG",
                 "export AWS_SECRET_ACCESS_KEY=***", id="aws-secret-access-key"),
    pytest.param("PGPASSWORD=pw psql", "PGPASSWORD=*** psql", id="run-together-name"),
    pytest.param('curl -H "Authorization: Bearer eyJhbGciOi" https://x',
                 'curl -H "Authorization: Bearer ***" https://x', id="authorization-bearer"),
    pytest.param("curl -H 'Authorization: Basic dXNlcjpwYXNz'",
                 "curl -H 'Authorization: Basic ***'", id="authorization-basic"),
    pytest.param("curl https://bob:pa55w0rd@example.com/x", "curl https://bob:***@example.com/x",
                 id="url-credentials"),
    pytest.param("curl -u admin:adminpw http://x", "curl -u admin:*** http://x",
                 id="curl-user-password"),
    pytest.param("sshpass -p hunter2 ssh x", "sshpass -p *** ssh x", id="sshpass"),
    pytest.param("aws --key AKIAIOSFODNN7EXAMPLE", "aws --key ***", id="aws-access-key-id"),
    pytest.param('{"password": "x1"}', '{"password": "***"}', id="json-key"),
])
def test_redact_masks_the_secret_value_and_keeps_the_rest(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("mkdir -p /tmp/x", id="mkdir-p"),
    pytest.param("ssh -p 2222 host", id="ssh-port"),
    pytest.param("PWD=/home/x", id="pwd-is-a-folder"),
    pytest.param("SSH_AUTH_SOCK=/tmp/agent", id="ssh-auth-sock"),
    pytest.param('mysql -p"$PW" db', id="variable-reference"),
    pytest.param("curl -u user:$PASS http://x", id="variable-in-user-password"),
    pytest.param("date +%F > /var/log/x-$(date +%s).log", id="date-format"),
    pytest.param("ls -la | grep -v x", id="pipeline"),
    pytest.param("KEY_FILE=/etc/ssl/key.pem", id="key-file-path"),
    pytest.param("psql --password -h db", id="prompt-flag-without-value"),
    pytest.param("MAX_TOKENS=5 ./run", id="max-tokens"),
    pytest.param("https://example.com/path?x=1", id="url-without-credentials"),
])
def test_redact_leaves_ordinary_commands_alone(text: str) -> None:
    assert redact(text) == text and find_secrets(text) == []


@pytest.mark.parametrize("name, expected", [
    ("TOKEN", True), ("API_KEY", True), ("AWS_SECRET_ACCESS_KEY", True), ("dbPassword", True),
    ("PGPASSWORD", True), ("client-secret", True), ("PWD", False), ("PATH", False),
    ("KEY_FILE", False), ("MAX_TOKENS", False), ("AUTHOR", False),
])
def test_secret_key_tells_secret_names_by_their_parts(name: str, expected: bool) -> None:
    assert secret_key(name) is expected


def test_find_secrets_gives_the_span_of_the_value_only() -> None:
    text = "mysql -pS3cret db"
    (span,) = find_secrets(text)
    assert text[span.start:span.end] == "S3cret" and span.kind == "mysql-password"


def test_known_secrets_are_masked_wherever_they_appear() -> None:
    assert redact("a message quoting S3cretValue bare", ["S3cretValue"]) == \
        f"a message quoting {MASK} bare"
    assert KnownSecrets(["abcdef", "abcdefgh"]).mask("xabcdefghx") == f"x{MASK}x"


def test_redact_tree_masks_values_under_secret_keys_and_their_echoes() -> None:
    plan = {"jobs": [{"environment": {"DB_PASSWORD": "Sw0rdfish", "HOME": "/"},
                      "command": "run", "findings": [{"message": "saw Sw0rdfish"}]}]}
    safe = redact_tree(plan)
    job = safe["jobs"][0]
    assert job["environment"] == {"DB_PASSWORD": MASK, "HOME": "/"}
    assert job["findings"][0]["message"] == f"saw {MASK}"
    assert collect_secrets(plan) == {"Sw0rdfish"}
    assert plan["jobs"][0]["environment"]["DB_PASSWORD"] == "Sw0rdfish"  # input untouched


@given(secret=st.text(alphabet="abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!_.~+",
                      min_size=1, max_size=30),
       form=st.sampled_from(["--password={}", "--password '{}'", "-password {}", "TOKEN={}",
                             "API_KEY={}", "AWS_SECRET_ACCESS_KEY={}", "Authorization: Bearer {}",
                             "https://u:{}@host/x", "mysql -p{} db", 'DB_PASSWORD="{}"']))
def test_no_flagged_secret_survives_redaction(secret: str, form: str) -> None:
    text = "run " + form.format(secret) + " --verbose"
    redacted = redact(text)
    assert form.format(secret) not in redacted
    assert MASK in redacted


# Texts built from pieces of secret forms and ordinary words, so that both
# outcomes (a secret somewhere, none anywhere) are common.
_PIECES = st.sampled_from(["run", "--password=x1y2", "TOKEN=abc", "echo", "-u", "a:b",
                           "https://u:pw@h/x", "Asia/Tokyo", "İ", "ſecret", "mysql", "-pS3c",
                           "AKIAIOSFODNN7EXAMPLE", "日次", " ", "=", "/opt/x.sh", "KEY"])


@given(texts=st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=5))
def test_might_hold_secret_never_misses_a_secret_of_any_line(texts: list[str]) -> None:
    """The quick test over joined texts is False only when no text holds a secret."""
    if not might_hold_secret("\n".join(texts)):
        assert all(find_secrets(text) == [] for text in texts)


def test_might_hold_secret_tells_plain_texts_from_secret_ones() -> None:
    assert might_hold_secret("/opt/batch/run.sh\nmysql -uroot -pS3cret db")
    assert not might_hold_secret("/opt/batch/run.sh --day 1\n日次処理")


@given(texts=st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8),
       positions=st.lists(st.integers(0, 699), max_size=8))
def test_collect_secrets_of_a_large_tree_finds_what_each_text_holds(texts: list[str],
                                                                    positions: list[int]) -> None:
    """Texts are searched in batches; each secret is still found wherever it stands among
    hundreds of plain texts, and only those of the texts themselves."""
    filler = [f"/opt/batch/job{n}.sh 日次 {n}" for n in range(700)]
    for text, position in zip(texts, positions):
        filler[position] = text
    tree = {"jobs": [{"command": text, "n": index} for index, text in enumerate(filler)]}
    expected = {text[span.start:span.end] for text in filler for span in find_secrets(text)}
    assert collect_secrets(tree) == {secret for secret in expected
                                     if len(secret) >= 5 and secret != MASK}


@pytest.mark.parametrize("text, expected", [
    # found by a review: the URL read first as https = //..., hiding the token= inside it
    ('curl "https://api.example.com/x?token=qwerty987654"',
     'curl "https://api.example.com/x?token=***"'),
    ("curl https://h.example/x?page=2&api_key=abcd1234efgh&b=1",
     "curl https://h.example/x?page=2&api_key=***&b=1"),
    ("X=1 Y=2 PASSWORD=zz ./run.sh", "X=1 Y=2 PASSWORD=*** ./run.sh"),
])
def test_a_secret_parameter_inside_a_url_query_is_masked(text: str, expected: str) -> None:
    assert redact(text) == expected
