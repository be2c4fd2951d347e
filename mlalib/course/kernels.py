"""Kernels for building and grading: a client that never misses a reply, sockets that cannot collide.

**Missed replies.** nbclient awaits a cell's ``execute_reply`` with ``shell_channel.get_msg``, a
``zmq.asyncio`` poll on the shell socket. While it waits, a widget ``Output`` in the cell makes
nbclient send a ``comm_msg`` on that same socket. ``Session.send`` sends through a *synchronous*
shadow of the socket, and a send makes libzmq process its pending commands, which consumes the
edge-triggered readiness of the socket's file descriptor; the asyncio wrapper is never told (its
own ``send`` path re-checks for waiting readers, the shadow's does not). The reply is then in the
socket but the waiting poll sleeps until its timeout: builds stalled for exactly the cell timeout
(300 s) with an idle kernel. :class:`WakefulChannel` fixes both halves: it sends through the
asyncio socket, which wakes a reader waiting on the same socket, and it polls in short slices, so
that any other missed edge costs at most :data:`POLL_SLICE` seconds, never the whole timeout.

**Transport.** With TCP, every kernel picks five free ports by binding to port 0 and releasing
them; kernels started at the same moment can pick the same port and lose each other's messages.
Where ZeroMQ offers Unix sockets (``ipc``: Linux, macOS), kernels use them, named after a unique
prefix inside a private folder of the run (:func:`kernel_sockets`), removed at the end whatever
happens. Where it does not (Windows builds of pyzmq), kernels use TCP on the loopback address.
The kernels also keep their IPython history in memory: kernels started in parallel would otherwise
all write to the one history database in the user's home folder.

Example
-------
>>> with kernel_sockets() as folder:
...     manager = IPCKernelManager(kernel_name="python3")
...     manager.transport in {"ipc", "tcp"}
True
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type, default

#: IPython history in memory (ipykernel option), as nbval does for its kernels.
NO_HISTORY_FILE = "--HistoryManager.hist_file=:memory:"
#: Longest time a waiting client sleeps before it looks at its socket again (seconds).
POLL_SLICE = 0.1
#: Seconds of heartbeat silence after which a running kernel counts as no longer answering. The heartbeat
#: is answered by a thread of the kernel that needs neither the interpreter lock nor the event loop, so a
#: long computation keeps it beating; only a frozen or stopped process goes silent.
SILENCE = 30.0
#: Environment variable naming the folder for kernel sockets (set by :func:`kernel_sockets`).
SOCKETS_ENV = "MLALIB_KERNEL_SOCKETS"


def ipc_available() -> bool:
    """True if this ZeroMQ build offers the ``ipc`` (Unix socket) transport."""
    return bool(zmq.has("ipc"))


#: Longest Unix socket path this module makes (the system limit is 108 bytes on Linux, 104 on macOS).
SOCKET_PATH_MAX = 100


@contextlib.contextmanager
def kernel_sockets() -> Iterator[Path]:
    """A private folder for the socket and connection files of the kernels started inside this block.

    The folder is removed when the block ends, however it ends (error, Ctrl-C, a kernel killed
    before it could clean up), so no socket file outlives a build or a grading run. It is made
    in the temporary folder, or in ``/tmp`` where the temporary folder's path is too long for
    socket names.
    """
    previous = os.environ.get(SOCKETS_ENV)
    base = tempfile.gettempdir()
    if len(base) > SOCKET_PATH_MAX - 48 and os.path.isdir("/tmp") and os.access("/tmp", os.W_OK):
        base = "/tmp"
    folder = Path(tempfile.mkdtemp(prefix="mlalib-kernels-", dir=base))
    os.environ[SOCKETS_ENV] = str(folder)
    try:
        yield folder
    finally:
        if previous is None:
            os.environ.pop(SOCKETS_ENV, None)
        else:
            os.environ[SOCKETS_ENV] = previous
        shutil.rmtree(folder, ignore_errors=True)


class WakefulChannel(AsyncZMQSocketChannel):
    """An asyncio channel that sends without hiding replies from its own waiting reader."""

    def send(self, msg: dict[str, Any]) -> None:
        frames = self.session.serialize(msg)
        frames.extend(msg.get("buffers") or [])
        # the asyncio socket's own send re-checks the socket for readers waiting on it
        self.socket.send_multipart(frames)

    async def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            remaining = POLL_SLICE if deadline is None else min(POLL_SLICE, deadline - time.monotonic())
            # a new poll looks at the socket's events first, so a readiness edge missed earlier costs one slice
            if await self.socket.poll(max(0, int(remaining * 1000))):
                return await self._recv()
            if deadline is not None and time.monotonic() >= deadline:
                return await super().get_msg(timeout=0)  # raises Empty, as the base class does


class WakefulKernelClient(AsyncKernelClient):
    """The asynchronous kernel client with :class:`WakefulChannel` for shell, iopub, stdin and control,
    which also counts a kernel whose heartbeat stays silent for :data:`SILENCE` seconds as dead."""

    shell_channel_class = Type(WakefulChannel)
    iopub_channel_class = Type(WakefulChannel)
    stdin_channel_class = Type(WakefulChannel)
    control_channel_class = Type(WakefulChannel)
    _last_beat: float | None = None

    async def is_alive(self) -> bool:  # nbclient asks this every second while a cell runs
        if not await super()._async_is_alive():
            return False
        beat = self._hb_channel
        if beat is None or not beat.is_alive():
            return True  # no heartbeat channel running: the process check is all there is
        now = time.monotonic()
        if beat.is_beating() or self._last_beat is None:
            self._last_beat = now
            return True
        if now - self._last_beat < SILENCE:
            return True
        if self.parent is not None:
            self.parent.stopped_answering = True  # read by mlalib.course.execution to say why it retried
        return False


def _socket_prefix() -> Path:
    return Path(os.environ.get(SOCKETS_ENV) or tempfile.gettempdir()) / f"k-{uuid.uuid4().hex[:16]}"


class IPCKernelManager(AsyncKernelManager):
    """An asynchronous kernel manager for builds and grading (see the module docstring).

    Kernels listen on Unix sockets in the folder of :func:`kernel_sockets` (or the temporary folder)
    where ZeroMQ offers them and the path fits a socket name, on loopback TCP elsewhere; their
    connection files go to that folder too; clients are :class:`WakefulKernelClient`.
    """

    stopped_answering = False
    client_class = DottedObjectName("mlalib.course.kernels.WakefulKernelClient")
    client_factory = Type(klass="mlalib.course.kernels.WakefulKernelClient")

    @default("transport")
    def _default_transport(self) -> str:
        fits = len(str(_socket_prefix())) + 2 <= SOCKET_PATH_MAX
        return "ipc" if ipc_available() and fits else "tcp"

    @default("ip")
    def _default_ip(self) -> str:
        # the socket files are <ip>-1 ... <ip>-5: one unique prefix per kernel
        return str(_socket_prefix()) if self.transport == "ipc" else "127.0.0.1"

    @default("connection_file")
    def _default_connection_file(self) -> str:
        folder = os.environ.get(SOCKETS_ENV)
        return str(Path(folder) / f"kernel-{uuid.uuid4().hex[:16]}.json") if folder else ""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        extra = list(extra_arguments or [])  # jupyter_client may pass back the arguments of an earlier call
        return super().format_kernel_cmd(extra if NO_HISTORY_FILE in extra else [*extra, NO_HISTORY_FILE])
