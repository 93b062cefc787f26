"""Jenkins' H hash: java.util.Random and the MD5 seed, bit for bit.

Expected values are the raw Random cross-check in shared/notes/jenkins-cron.md
§1.5 (Java 17 vs Python), and, when a JDK is installed, a live run of
java.util.Random + MD5 compiled here.
"""
from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from jobmig.timing.jenkins_hash import JavaRandom, jenkins_random, seed_long

BOUNDS = (60, 24, 28, 12, 7, 15, 2, 3, 4, 1, 5, 10, 30, 1073741825, 2147483647)

# seed, signed seed long, nextInt(b) for each of BOUNDS in sequence (notes §1.5)
RAW_VECTORS = [
    ("stuff", 2004155035988854569,
     [56, 15, 1, 6, 1, 7, 0, 1, 1, 0, 1, 7, 9, 704545232, 2069574719]),
    ("junk", 557666253560616158,
     [20, 10, 16, 4, 0, 6, 1, 0, 0, 0, 0, 3, 22, 16902041, 1375032308]),
    ("seed", 2861380906562215379,
     [35, 20, 9, 0, 1, 9, 1, 1, 3, 0, 2, 0, 28, 98057213, 1357165400]),
]


@pytest.mark.parametrize("name, long_value, draws", RAW_VECTORS, ids=[v[0] for v in RAW_VECTORS])
def test_the_seed_long_is_the_folded_md5_of_the_full_name(name, long_value, draws):
    assert seed_long(name) == long_value


@pytest.mark.parametrize("name, long_value, draws", RAW_VECTORS, ids=[v[0] for v in RAW_VECTORS])
def test_next_int_draws_match_java_17(name, long_value, draws):
    rnd = jenkins_random(name)
    assert [rnd.next_int(bound) for bound in BOUNDS] == draws


def test_draws_stay_below_their_bound_including_rejection_and_power_of_two_bounds():
    rnd = JavaRandom(-1)
    for bound in ((1 << 30) + 1, 1 << 30, 2147483647, 7, 1) * 200:
        assert 0 <= rnd.next_int(bound) < bound


def test_a_non_positive_bound_is_refused():
    with pytest.raises(ValueError):
        JavaRandom(1).next_int(0)


JAVA_SOURCE = textwrap.dedent("""
    import java.security.MessageDigest;
    import java.util.Random;
    public class H {
        public static void main(String[] a) throws Exception {
            int[] bounds = {60, 24, 28, 12, 7, 15, 2, 3, 4, 1, 5, 10, 30, 1073741825, 2147483647};
            for (String name : a) {
                byte[] d = MessageDigest.getInstance("MD5").digest(name.getBytes("UTF-8"));
                for (int i = 8; i < d.length; i++) d[i % 8] ^= d[i];
                long l = 0;
                for (int i = 0; i < 8; i++) l = (l << 8) | (d[i] & 0xFF);
                Random r = new Random(l);
                StringBuilder out = new StringBuilder(name + " " + l);
                for (int b : bounds) out.append(" ").append(r.nextInt(b));
                System.out.println(out);
            }
        }
    }
""")

JAVA_NAMES = ["stuff", "junk", "seed", "folder/sub/job", "org/repo/feature%2Ffoo", "ジョブ", ""]


@pytest.mark.skipif(shutil.which("javac") is None or shutil.which("java") is None,
                    reason="no JDK (javac) installed")
def test_python_port_matches_a_live_java_random_with_md5_seed(tmp_path):
    (tmp_path / "H.java").write_text(JAVA_SOURCE, encoding="utf-8")
    subprocess.run(["javac", "H.java"], cwd=tmp_path, check=True, capture_output=True)
    run = subprocess.run(["java", "-cp", str(tmp_path), "H", *JAVA_NAMES], check=True,
                         capture_output=True, text=True, encoding="utf-8",
                         env={"JAVA_TOOL_OPTIONS": "-Dfile.encoding=UTF-8 -Dsun.jnu.encoding=UTF-8",
                              "PATH": __import__("os").environ.get("PATH", ""),
                              "LANG": "C.UTF-8"})
    java_lines = [line.split(" ") for line in run.stdout.splitlines()]
    for name, fields in zip(JAVA_NAMES, java_lines):
        values = fields[-len(BOUNDS) - 1:]
        rnd = jenkins_random(name)
        assert [str(seed_long(name))] + [str(rnd.next_int(b)) for b in BOUNDS] == values, name
