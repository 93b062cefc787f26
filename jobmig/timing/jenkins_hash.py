"""Jenkins' ``H`` hash: an MD5-seeded port of ``java.util.Random``.

Jenkins expands ``H`` with ``hudson.scheduler.Hash.from(fullName)``: the MD5
digest of the job's full name, folded to 8 bytes, seeds a
``java.util.Random`` whose ``nextInt(n)`` gives each draw (see
``shared/notes/jenkins-cron.md`` §1.3). This module reproduces both bit for
bit; :mod:`jobmig.timing.cron` decides which draws a spec makes.
"""
from __future__ import annotations

import hashlib

MULTIPLIER = 0x5DEECE66D
ADDEND = 0xB
MASK48 = (1 << 48) - 1
INT_RANGE = 1 << 31  # Java int overflow boundary used by nextInt's rejection test


class JavaRandom:
    """``java.util.Random`` (the legacy 48-bit LCG that JDK 17 still uses for nextInt)."""

    def __init__(self, seed: int) -> None:
        self._seed = (seed ^ MULTIPLIER) & MASK48

    def next_bits(self, bits: int) -> int:
        """``Random.next(bits)``: the next ``bits`` bits as a signed 32-bit Java int."""
        self._seed = (self._seed * MULTIPLIER + ADDEND) & MASK48
        value = (self._seed >> (48 - bits)) & 0xFFFFFFFF
        return value - (1 << 32) if value >= INT_RANGE else value

    def next_int(self, bound: int) -> int:
        """``Random.nextInt(bound)`` for ``bound > 0``: uniform in ``0..bound-1``."""
        if bound <= 0:
            raise ValueError(f"bound must be positive, got {bound}")
        r = self.next_bits(31)
        m = bound - 1
        if bound & m == 0:  # a power of two: take the high bits
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            # Java computes u - r + m in 32-bit ints; an overflow (>= 2**31)
            # means u fell in the incomplete last bucket, so draw again.
            if u - r + m < INT_RANGE:
                return r
            u = self.next_bits(31)


def seed_long(full_name: str) -> int:
    """The signed 64-bit seed Jenkins derives from a job's full name."""
    digest = bytearray(hashlib.md5(full_name.encode("utf-8")).digest())
    for i in range(8, 16):
        digest[i % 8] ^= digest[i]
    return int.from_bytes(digest[:8], "big", signed=True)


def jenkins_random(full_name: str) -> JavaRandom:
    """The random stream ``Hash.from(full_name)`` draws ``H`` values from."""
    return JavaRandom(seed_long(full_name))
