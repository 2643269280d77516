"""Work handed to a second process while the analysis goes on, for large phones.

:func:`in_child` forks; the child runs the function and sends its result back through a
pipe (pickled: the data never leaves this process's own child), then leaves without any
cleanup. The parent goes on with other steps and collects the result when it needs it.
The child runs the same code on the same data, so the result is the same as running the
function in the parent; should the child fail, the parent runs the function itself.
Small inputs, machines with one core, systems without ``fork`` and processes running
other threads (the web server, the evidence worker: a fork copies only the calling thread,
and locks held by the others would stay held in the child) run in the process.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: Work on at least this many texts goes to a second process.
PARALLEL_MIN = 20_000


def worth_a_child(size: int) -> bool:
    """Whether work on ``size`` texts is worth a second process on this machine."""
    return (
        size >= PARALLEL_MIN
        and hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


def in_child(work: Callable[[], T], size: int) -> Callable[[], T]:
    """Start ``work`` (on ``size`` texts); the function returned gives its result."""
    if not worth_a_child(size):
        result = work()
        return lambda: result
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; it leaves without cleanup
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(work(), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def finish() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return work()
        result: T = pickle.loads(data)  # noqa: S301 - written by our own child above
        return result

    return finish
