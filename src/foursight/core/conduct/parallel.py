"""Work handed to a second process while the analysis goes on, for large phones.

:class:`ChildStream` forks; the child takes items through a pipe as the parent sends them
(pickled: the data never leaves this process's own child), works on each, and at the end
sends its result back and leaves without any cleanup. The parent goes on with other steps
(a writer thread feeds the pipe, so the parent never waits for the child to catch up) and
collects the result when it needs it. The child runs the same code on the same data, so
the result is the same as doing the work in the parent; should the child fail, the parent
is told so and does the work itself. Small inputs, machines with one core, systems without
``fork`` and processes running other threads (the web server, the evidence worker: a fork
copies only the calling thread, and locks held by the others would stay held in the
child) work in the process (:func:`worth_a_child`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import threading
from collections.abc import Callable

#: Work on at least this many texts goes to a second process.
PARALLEL_MIN = 10_000


def worth_a_child(size: int) -> bool:
    """Whether work on ``size`` texts is worth a second process on this machine."""
    return (
        size >= PARALLEL_MIN
        and hasattr(os, "fork")
        and (os.cpu_count() or 1) >= 2
        and threading.active_count() == 1
    )


class ChildStream:
    """A forked child fed as work arrives: :meth:`send` hands it one item (it runs
    ``handle(item)`` on each, in order), :meth:`result` ends the feed and gives back
    ``done()`` from the child, or ``None`` when the child failed (the caller then does the
    work itself). Start one only where :func:`worth_a_child` says so."""

    def __init__(self, handle: Callable[[object], None], done: Callable[[], object]) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child process; it leaves without cleanup
            code = 1
            try:
                os.close(self._to_child)
                os.close(self._from_child)
                with os.fdopen(to_child, "rb") as inbox:
                    while (item := pickle.load(inbox)) is not None:  # noqa: S301 - our parent
                        handle(item)
                with os.fdopen(from_child, "wb") as outbox:
                    pickle.dump(done(), outbox, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
            finally:
                os._exit(code)
        os.close(to_child)
        os.close(from_child)
        self._outbox = os.fdopen(self._to_child, "wb")
        self._failed = False
        # a writer thread feeds the pipe, so this process never waits for the child to
        # catch up (a pipe holds 64 KiB): it goes on with its own work meanwhile
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="child-feed", daemon=True)
        self._writer.start()

    def _write(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._failed:
                continue
            try:
                self._outbox.write(data)
                self._outbox.flush()
            except (BrokenPipeError, OSError):
                self._failed = True

    def send(self, item: object) -> None:
        """Hand ``item`` to the child, without waiting for it to be read."""
        self._queue.put(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))

    def abandon(self) -> None:
        """End the feed without waiting for a result (the child reads the end of its input
        as a failure and leaves)."""
        self._failed = True
        self._queue.put(None)
        self._writer.join()
        with contextlib.suppress(OSError):
            self._outbox.close()
        with contextlib.suppress(OSError):
            os.close(self._from_child)
        os.waitpid(self.pid, 0)

    def result(self) -> object | None:
        """End the feed; the child's result, or ``None`` when it failed."""
        self.send(None)
        self._queue.put(None)
        self._writer.join()
        with contextlib.suppress(OSError):
            self._outbox.close()
        with os.fdopen(self._from_child, "rb") as inbox:
            data = inbox.read()
        _, status = os.waitpid(self.pid, 0)
        if self._failed or status != 0 or not data:
            return None
        result: object = pickle.loads(data)  # noqa: S301 - written by our own child above
        return result
