"""Kernels for building and grading: Unix-socket (IPC) transport instead of TCP ports.

With TCP, every kernel picks five free ports by binding to port 0 and releasing them; kernels
started at the same moment by parallel builds can pick the same port and lose each other's
messages, which leaves a notebook waiting forever for a reply. IPC sockets are files named after
a unique name per kernel, so they cannot collide (and are not reachable from the network).
The kernels also keep their IPython history in memory: kernels started in parallel would
otherwise all write to the one history database in the user's home folder.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

#: IPython history in memory (ipykernel option), as nbval does for its kernels.
NO_HISTORY_FILE = "--HistoryManager.hist_file=:memory:"

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class IPCKernelManager(AsyncKernelManager):
    """An asynchronous kernel manager whose kernels listen on Unix sockets."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        # the socket files are <ip>-1 ... <ip>-5: one unique prefix per kernel, short enough for a socket path
        return str(Path(tempfile.gettempdir()) / f"mlalib-kernel-{uuid.uuid4().hex}")

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        extra = list(extra_arguments or [])  # jupyter_client may pass back the arguments of an earlier call
        return super().format_kernel_cmd(extra if NO_HISTORY_FILE in extra else [*extra, NO_HISTORY_FILE])
