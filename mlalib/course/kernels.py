"""Kernels for building and grading: Unix-socket (IPC) transport instead of TCP ports.

With TCP, every kernel picks five free ports by binding to port 0 and releasing them; kernels
started at the same moment by parallel builds can pick the same port and lose each other's
messages, which leaves a notebook waiting forever for a reply. IPC sockets are files named after
each kernel's own connection file, so they cannot collide (and are not reachable from the network).
"""

from __future__ import annotations

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class IPCKernelManager(AsyncKernelManager):
    """An asynchronous kernel manager whose kernels listen on Unix sockets."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"
