"""Each graded submission's kernel in a bubblewrap sandbox, with limits of CPU time, memory and files.

`bubblewrap <https://github.com/containers/bubblewrap>`_ (``bwrap``, Debian package
``bubblewrap``; the tool behind Flatpak) starts the kernel of a submission being graded in
namespaces of its own:

* **files**: a mount namespace where the system, the Python installation and the ``mlalib``
  package (its code and bundled data, nothing else of the project) are read-only, ``/tmp`` and
  ``/dev`` are private and empty, and the submission's own grading folder is the only place
  that can be written. The other submissions, the submissions folder, the gradebook, the
  master notebooks, the course keys and the cohort's build folder do not exist in it;
* **processes**: a PID namespace (the kernel sees and can signal only its own processes, not
  the other kernels nor the grader), a new session (no terminal), and the sandbox ends with
  the grader's worker (``--die-with-parent``);
* **network**: none (a network namespace with only a loopback device). The kernel talks to the
  grader over Unix sockets in its grading folder (:class:`SandboxedKernelManager`);
* **limits** (``setrlimit`` before the kernel starts, in both modes): CPU seconds, address
  space, size of any file written, open files.

Where bubblewrap is missing or cannot create namespaces (macOS, Windows, a Linux without
unprivileged user namespaces), :func:`isolation` says why and grading runs the kernels without
a sandbox, guarded by :mod:`mlalib.course.sandbox` only; the CLI and ``summary.html`` say so.

Example
-------
>>> probe = isolation()  # doctest: +SKIP
>>> probe.available, probe.reason  # doctest: +SKIP
(True, '')
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets import List, Unicode

from mlalib.course.kernels import IPCKernelManager

#: Read-only system folders (bound, or recreated as the same symbolic link where they are one).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Files of /etc that programs commonly read (dynamic linker, time zone, user names, certificates).
ETC_ENTRIES = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group", "nsswitch.conf",
               "ssl", "ca-certificates", "mime.types")
#: Environment variables handed to a graded kernel (nothing else of the grader's environment).
KEPT_ENVIRONMENT = ("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "VIRTUAL_ENV",
                    "CONDA_PREFIX")

#: In its PID namespace the kernel's parent is process 1, which ipykernel takes for "the parent has exited";
#: the sandbox ends with the grader anyway (``--die-with-parent``).
PARENT_UNWATCHED = "--IPKernelApp.parent_handle=0"
#: Sets the limits, then replaces itself with the kernel (argv: cpu seconds, bytes, file bytes, files, command).
_LIMITED = (
    "import os, resource, sys\n"
    "def cap(kind, value):\n"
    "    value = int(value)\n"
    "    if value <= 0:\n"
    "        return\n"
    "    hard = resource.getrlimit(kind)[1]\n"
    "    value = value if hard == resource.RLIM_INFINITY else min(value, hard)\n"
    "    resource.setrlimit(kind, (value, value))\n"
    "cap(resource.RLIMIT_CPU, sys.argv[1]); cap(resource.RLIMIT_AS, sys.argv[2])\n"
    "cap(resource.RLIMIT_FSIZE, sys.argv[3]); cap(resource.RLIMIT_NOFILE, sys.argv[4])\n"
    "os.execv(sys.argv[5], sys.argv[5:])\n"
)


@dataclass(frozen=True)
class Isolation:
    """Whether graded kernels run in a bubblewrap sandbox; if not, why (``reason``)."""

    available: bool
    reason: str = ""
    bwrap: str = ""


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits: CPU seconds, address space, largest file written, open files (0: none)."""

    cpu_seconds: int = 0
    memory_bytes: int = 0
    file_bytes: int = 100 * 2**20
    open_files: int = 1024


@functools.lru_cache(maxsize=1)
def isolation() -> Isolation:
    """Find ``bwrap`` and check, once per process, that it can create the namespaces grading uses."""
    if not sys.platform.startswith("linux"):
        return Isolation(False, f"bubblewrap runs on Linux only (this is {sys.platform})")
    found = shutil.which("bwrap")
    if found is None:
        return Isolation(False, "bubblewrap (bwrap) is not installed (Debian/Ubuntu: apt-get install bubblewrap)")
    probe = [found, *_namespaces(), "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", sys.executable,
             "-c", "import os; assert os.getpid() < 10"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, text=True)
    except (OSError, subprocess.TimeoutExpired) as err:
        return Isolation(False, f"bubblewrap could not be started ({err})")
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return Isolation(False, f"bubblewrap cannot create namespaces here ({detail[:200]})")
    return Isolation(True, "", found)


def _namespaces() -> list[str]:
    return ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL"]


def sandbox_command(bwrap: str, folder: Path, hidden: list[Path], workdir: Path | None = None) -> list[str]:
    """The ``bwrap`` arguments that run a command in ``workdir`` (default ``folder``) with only ``folder``
    writable (see the module docstring).

    ``hidden`` are folders that must not exist in the sandbox (submissions, gradebook, masters, build):
    a folder of Python's search path that contains one of them is left out, and only the parts
    of it the kernel needs (the ``mlalib`` package and its data) are bound.
    """
    import mlalib
    from mlalib.data import data_dir

    folder = folder.resolve()
    fenced = [p.resolve() for p in hidden] + [folder.parent]
    args = [bwrap, *_namespaces(), "--hostname", "mlalib-grading", "--tmpfs", "/tmp", "--dev", "/dev",
            "--proc", "/proc"]
    for name in SYSTEM_DIRS:
        path = Path(name)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            args += ["--ro-bind", name, name]
    for name in ETC_ENTRIES:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    bound: list[Path] = []

    def bind(path: Path) -> None:
        path = path.resolve()
        if not path.exists() or any(path == b or b in path.parents for b in bound):
            return
        if any(path == f or path in f.parents or f in path.parents for f in fenced) or path == Path("/"):
            return
        bound.append(path)

    for path in (sys.base_prefix, sys.prefix, sys.exec_prefix, Path(sys.executable).parent):
        bind(Path(path))
    for entry in sys.path:
        if entry and Path(entry).is_dir():
            bind(Path(entry))
    package = Path(mlalib.__file__).resolve().parent
    for needed in (package, data_dir()):
        needed = Path(needed).resolve()
        if not any(needed == b or b in needed.parents for b in bound):
            bound.append(needed)  # the package itself, even where it sits in the project folder
    for path in sorted(bound):
        args += ["--ro-bind", str(path), str(path)]
    args += ["--bind", str(folder), str(folder), "--chdir", str((workdir or folder).resolve())]
    return args


def limited(command: list[str], limits: Limits) -> list[str]:
    """``command`` started under ``limits`` (resource limits set just before it replaces the launcher)."""
    if importlib.util.find_spec("resource") is None:  # Windows: no resource limits
        return command
    return [sys.executable, "-c", _LIMITED, str(limits.cpu_seconds), str(limits.memory_bytes),
            str(limits.file_bytes), str(limits.open_files), *command]


def kernel_environment(folder: Path) -> dict[str, str]:
    """The environment of a graded kernel: its home and temporary files in ``folder``, one BLAS thread."""
    scratch = folder / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    env = {name: os.environ[name] for name in KEPT_ENVIRONMENT if name in os.environ}
    env.update(HOME=str(folder), TMPDIR=str(scratch), TEMP=str(scratch), TMP=str(scratch),
               IPYTHONDIR=str(folder / ".ipython"), MPLCONFIGDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1",
               JUPYTER_RUNTIME_DIR=str(folder), JUPYTER_PLATFORM_DIRS="1")
    # several kernels run at once: one BLAS thread each (no oversubscription, little address space)
    env.update({name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")})
    return env


class SandboxedKernelManager(IPCKernelManager):
    """A kernel manager whose kernel starts under :func:`limited` and, if ``sandbox`` is set, in bubblewrap.

    Its connection file and Unix sockets are in the submission's grading folder (``folder``),
    the one folder bound into the sandbox. A sandboxed kernel is interrupted by a message on
    its control channel (a signal to ``bwrap`` would not reach it through the new session).
    """

    folder = Unicode("", help="the submission's grading folder").tag(config=True)
    sandbox = List(Unicode(), help="the bwrap command line that precedes the kernel's").tag(config=True)
    limits = List(Unicode(), help="cpu seconds, address space, file size, open files").tag(config=True)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if self.sandbox and PARENT_UNWATCHED not in command:
            command.append(PARENT_UNWATCHED)
        if self.limits:
            cpu, memory, files, handles = (int(v) for v in self.limits)
            command = limited(command, Limits(cpu, memory, files, handles))
        return [*self.sandbox, *command]

    async def _async_interrupt_kernel(self) -> None:
        if self.sandbox and self.has_kernel:
            self._connect_control_socket()
            self.session.send(self._control_socket, self.session.msg("interrupt_request", content={}))
            return
        await super()._async_interrupt_kernel()

    interrupt_kernel = _async_interrupt_kernel  # type: ignore[assignment]


def kernel_config(folder: Path, sandbox: list[str], limits: Limits) -> dict[str, dict[str, object]]:
    """Traitlets configuration of a :class:`SandboxedKernelManager` for one submission."""
    return {"SandboxedKernelManager": {
        "folder": str(folder), "sandbox": sandbox, "ip": str(folder / "k"), "transport": "ipc",
        "connection_file": str(folder / "kernel.json"),
        "limits": [str(limits.cpu_seconds), str(limits.memory_bytes), str(limits.file_bytes),
                   str(limits.open_files)],
    }}
