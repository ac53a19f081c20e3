"""Scale-out with Dask: replications (and scenario variants) spread over dask.distributed workers.

Replication r always draws from the stream of ``(seed, r)`` (:mod:`.streams`), wherever it runs, and
results are gathered in replication order, so a Dask run is identical to the serial run with the same
seed. The kernel releases the GIL (numba ``nogil=True``), so the threads of one worker process run
replications in parallel too.

``client`` may be:

- ``"local"``: a :class:`dask.distributed.LocalCluster` in this process (one worker, one thread per
  core: no pickling, no recompilation in worker processes), created on first use and reused;
- a scheduler address such as ``"tcp://10.0.0.5:8786"``: an existing cluster (its workers need
  svcdesign installed);
- a :class:`dask.distributed.Client`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ...errors import InputError
from .kernel import KernelInputs
from .replication import Replication, run_replication

_LOCAL: dict[str, Any] = {}


def get_client(client: Any):
    """A dask.distributed Client for ``client`` (see the module docstring)."""
    try:
        from dask.distributed import Client, LocalCluster  # optional and heavy: loaded for a Dask run only
    except ImportError as err:  # pragma: no cover - dask is an optional dependency
        raise InputError("client", client, "None (serial): dask[distributed] is not installed") from err
    if isinstance(client, Client):
        return client
    if client == "local":
        if "client" not in _LOCAL or _LOCAL["client"].status in ("closed", "closing"):
            cluster = LocalCluster(
                n_workers=1, threads_per_worker=os.cpu_count() or 1, processes=False, dashboard_address=None
            )
            _LOCAL["client"] = Client(cluster)
        return _LOCAL["client"]
    if isinstance(client, str) and client:
        return Client(client)
    raise InputError("client", client, "None, 'local', a scheduler address like 'tcp://host:8786', or a dask Client")


def map_jobs(
    jobs: Sequence[tuple[KernelInputs, int, int, bool]], *, client: Any, progress: bool = False
) -> list[Replication]:
    """Run ``(inputs, seed, replication, keep_log)`` jobs on Dask; results in the order of ``jobs``."""
    dask_client = get_client(client)
    distinct: dict[int, Any] = {}
    for inputs, *_ in jobs:  # ship each network once
        if id(inputs) not in distinct:
            distinct[id(inputs)] = dask_client.scatter(inputs, broadcast=True, hash=False)
    futures = [
        dask_client.submit(run_replication, distinct[id(inputs)], seed, r, keep_log, pure=False)
        for inputs, seed, r, keep_log in jobs
    ]
    if progress:
        from dask.distributed import progress as show_progress  # optional: as above

        show_progress(futures)
    return dask_client.gather(futures)


def map_replications(
    inputs: KernelInputs, seed: int, replications: int, keep_log: bool, *, client: Any, progress: bool = False
) -> list[Replication]:
    """Replications 0..R−1 of one compiled network on Dask (identical to the serial run)."""
    return map_jobs([(inputs, seed, r, keep_log) for r in range(replications)], client=client, progress=progress)
