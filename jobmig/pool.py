"""Both cores for a large estate: independent work in a process pool above a threshold.

Reading and parsing one file needs nothing from the others, so a large estate
is read by a pool of worker processes, one file at a time per worker. Results
come back in the order of the input (:func:`ordered_map`), so what follows is
the same, byte for byte, as a run in one process. A small run never starts
the pool: it would pay the workers' start-up and the copying of results for
nothing.

The threshold and the number of workers come from the environment, so a test
(or a user on a machine shared with others) can force or forbid the pool:

- ``JOBMIG_WORKERS``: the most worker processes (default: the CPUs this
  process may use); ``1`` never starts a pool;
- ``JOBMIG_POOL_BYTES``: the input size from which files are read in a pool
  (default 8 MiB); ``0`` uses it whenever there are two files or more;
- ``JOBMIG_POOL_JOBS``: the number of scheduled jobs from which schedules are
  mapped in a pool; unset, they never are: measured on 2 cores, copying the
  mappings (calendars included) back cost more than mapping them (a JP1 estate
  of 100,000 units: 14.6 s with the pool, 12.0 s without); ``0`` uses it
  whenever there are two;
- ``JOBMIG_POOL_WORKFLOWS``: the number of state machines from which they are
  built in a pool, whole top-level workflows to a piece; unset, they never are:
  measured on 2 cores, an audit of 100,000 JP1 units (23,000 machines) took
  16.4 s instead of 19.2 s with the pool when the machine was otherwise quiet
  (no less on a busy one), for 1.7 s more CPU (starting the workers, the pages
  of the estate they copy, the machines sent back), and its workers took it
  over 1 GiB (1,055 MiB instead of 805); ``0`` uses it whenever there are two
  workflows.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

WORKERS_ENV = "JOBMIG_WORKERS"
BYTES_ENV = "JOBMIG_POOL_BYTES"
JOBS_ENV = "JOBMIG_POOL_JOBS"
WORKFLOWS_ENV = "JOBMIG_POOL_WORKFLOWS"
DEFAULT_POOL_BYTES = 8 * 2**20  # about 30,000 JP1 units, or 2,000 Jenkins config.xml
DEFAULT_POOL_JOBS: int | None = None  # no schedule-mapping pool unless asked for
DEFAULT_POOL_WORKFLOWS: int | None = None  # no state-machine pool unless asked for
_DEFAULTS: dict[str, int | None] = {BYTES_ENV: DEFAULT_POOL_BYTES, JOBS_ENV: DEFAULT_POOL_JOBS,
                                    WORKFLOWS_ENV: DEFAULT_POOL_WORKFLOWS}

# concurrent.futures.ProcessPoolExecutor, imported when a pool first starts (it brings
# multiprocessing, which a small run never needs); tests may set it to watch pools start.
ProcessPoolExecutor: Any = None

Item = TypeVar("Item")
Result = TypeVar("Result")


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    try:
        return int(text) if text else default
    except ValueError:
        return default


def available_cpus() -> int:
    """CPUs this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def workers_for(sizes: Sequence[int], threshold_env: str = BYTES_ENV) -> int:
    """How many worker processes to handle items of these sizes with; 0 = no pool.

    A pool needs at least two items, two CPUs (or ``JOBMIG_WORKERS`` ≥ 2) and
    sizes adding up to the threshold ``threshold_env`` names (bytes of input
    for :data:`BYTES_ENV`, jobs for :data:`JOBS_ENV`, state machines for
    :data:`WORKFLOWS_ENV`).
    """
    if len(sizes) < 2:
        return 0
    default = _DEFAULTS.get(threshold_env, DEFAULT_POOL_BYTES)
    if default is None and not os.environ.get(threshold_env, "").strip():
        return 0  # this pool runs only when asked for
    if sum(sizes) < max(0, _env_int(threshold_env, default or 0)):
        return 0
    workers = min(_env_int(WORKERS_ENV, available_cpus()), len(sizes))
    if workers >= 2 and _inside_daemon():
        return 0  # a daemonic process (a pool worker of a caller) may not start children
    return workers if workers >= 2 else 0


def _inside_daemon() -> bool:
    import multiprocessing  # only when a pool would start: it is not free at start-up

    return bool(multiprocessing.current_process().daemon)


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], workers: int,
                chunksize: int = 1, initializer: Callable[..., None] | None = None,
                initargs: tuple = ()) -> Iterator[Result]:
    """``map(function, items)``, in the order of ``items``: in ``workers`` processes when
    ``workers`` ≥ 2, else here. ``function`` must be a module-level function (it
    is pickled by name) and its arguments and results picklable.

    ``initializer(*initargs)`` runs once in each worker (here too when there is no
    pool) before any item: a way to hand every worker the same large state once
    (where processes are forked, without copying it through a pipe).
    """
    if workers < 2:
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, items)
        return
    executor_class = ProcessPoolExecutor
    if executor_class is None:
        from concurrent.futures import ProcessPoolExecutor as executor_class
    with executor_class(max_workers=workers, initializer=initializer,
                        initargs=initargs) as executor:
        yield from executor.map(function, items, chunksize=chunksize)


def chunks(count: int, workers: int, per_worker: int = 4) -> list[tuple[int, int]]:
    """``[start, end)`` ranges covering ``range(count)``, about ``per_worker`` per worker
    (fewer, larger pieces cost less to send than one item at a time)."""
    pieces = max(1, min(count, workers * per_worker))
    size = -(-count // pieces)
    return [(start, min(count, start + size)) for start in range(0, count, size)]
