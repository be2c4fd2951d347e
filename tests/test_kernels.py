"""Kernels that never leave a build waiting: missed replies, frozen kernels, socket files.

A stall looks like this: a cell with a widget ``Output`` makes the client send a
``comm_msg`` on the shell socket while it awaits the cell's ``execute_reply`` on that socket;
under CPU contention the reply then stays unseen until the wait runs out, and the cell goes
on as if nothing had happened. So a stall shows as a cell whose reply came only when its wait
ended (``timeout``), never as an error: the tests look for exactly that.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
import zmq
import zmq.asyncio
from jupyter_client.channels import ZMQSocketChannel
from jupyter_client.session import Session

from mlalib.course import kernels
from mlalib.course.build import build_cohort
from mlalib.course.execution import Job, execute_notebooks
from tests.conftest import make_master, write_cohort

pytestmark = pytest.mark.slow


async def _reply_after_a_send_on_the_same_socket(channel_send_is_sync: bool) -> str:
    """The stall, step by step: a reader waits on the socket, the reply arrives, and before the event
    loop looks, the same process sends on that socket (as nbclient's OutputWidget does)."""
    context = zmq.asyncio.Context()
    kernel = zmq.Context.shadow(context.underlying).socket(zmq.ROUTER)
    port = kernel.bind_to_random_port("tcp://127.0.0.1")
    client = context.socket(zmq.DEALER)
    client.connect(f"tcp://127.0.0.1:{port}")
    session = Session(key=b"test")
    channel = kernels.WakefulChannel(client, session)
    send = (lambda msg: ZMQSocketChannel.send(channel, msg)) if channel_send_is_sync else channel.send
    try:
        send(session.msg("execute_request"))
        identity, *_ = kernel.recv_multipart()
        waiting = asyncio.ensure_future(channel.get_msg(timeout=None))
        await asyncio.sleep(0.05)  # the reader now waits on the socket
        session.send(kernel, "execute_reply", ident=[identity])
        time.sleep(0.05)  # the reply is in the client's queue before the event loop looks (no await)
        send(session.msg("comm_msg"))
        reply = await asyncio.wait_for(waiting, 10)  # a hang detector: the reply is there within microseconds
        return reply["header"]["msg_type"]
    finally:
        client.close(linger=0)
        kernel.close(linger=0)
        context.term()


def test_the_send_through_the_asyncio_socket_wakes_the_waiting_reader(monkeypatch):
    monkeypatch.setattr(kernels, "POLL_SLICE", 3600.0)  # no slices: the send alone must do it
    assert asyncio.run(_reply_after_a_send_on_the_same_socket(channel_send_is_sync=False)) == "execute_reply"


def test_polling_in_slices_catches_a_readiness_edge_that_a_sync_send_consumed():
    # the synchronous send (jupyter_client's Session.send) consumes the edge; the next slice finds the reply
    assert asyncio.run(_reply_after_a_send_on_the_same_socket(channel_send_is_sync=True)) == "execute_reply"

OUTPUT_WIDGET_CELL = (
    "import ipywidgets as w\nfrom IPython.display import display\n"
    "out = w.Output()\ndisplay(out)\nwith out:\n    print('inside the widget')\n    display(w.HTML('<b>x</b>'))"
)


def _busy() -> None:
    while True:
        pass


@pytest.fixture
def contention():
    """One busy process per core while the test runs."""
    context = multiprocessing.get_context("spawn")
    busy = [context.Process(target=_busy, daemon=True) for _ in range(os.cpu_count() or 2)]
    for process in busy:
        process.start()
    yield
    for process in busy:
        process.kill()
        process.join()


def _widget_notebooks(count: int, tmp_path: Path) -> list[Job]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(OUTPUT_WIDGET_CELL) for _ in range(12)])
    return [Job(f"widgets-{i}", nb, tmp_path, timeout=20) for i in range(count)]


@pytest.mark.parametrize("slices", [True, False], ids=["default", "send-fix-alone"])
def test_output_widgets_under_contention_never_wait_for_the_timeout(contention, tmp_path, monkeypatch, slices):
    if not slices:  # the send through the asyncio socket must be enough on its own
        monkeypatch.setattr(kernels, "POLL_SLICE", 3600.0)
    outcomes = execute_notebooks(_widget_notebooks(4, tmp_path), jobs=2)
    assert [o.error for o in outcomes] == [None] * 4
    waited_out = [(o.job.name, cell) for o in outcomes for cell, seconds in o.cell_seconds.items()
                  if seconds >= o.job.timeout]
    assert waited_out == []
    assert all(len(o.cell_seconds) == 12 for o in outcomes)
    assert all(o.retried is None for o in outcomes)
    assert all("inside the widget" in str(o.nb.cells[0].outputs) or o.nb.metadata.get("widgets")
               for o in outcomes)


def test_a_kernel_that_stops_answering_is_retried_and_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "SILENCE", 3.0)
    marker = tmp_path / "stopped-once"
    masters = tmp_path / "masters"
    make_master(masters / "01_freeze.ipynb", [
        ("code", "print('before')", []),
        ("code", f"import os, signal, pathlib\nmarker = pathlib.Path({str(marker)!r})\n"
                 "if not marker.exists():\n    marker.write_text('')\n    os.kill(os.getpid(), signal.SIGSTOP)\n"
                 "print('after')", []),
    ])
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["01_freeze"]), notebooks_dir=masters,
                          output=tmp_path / "out", progress=False, jobs=1, timeout=120)
    trainer = next(s for s in report.steps if s.edition == "trainer")
    assert report.ok, report.table()
    assert trainer.detail == "retried: the kernel stopped answering in cell 5"  # header, navigation, parameters, before
    assert "retried: the kernel stopped answering" in report.table()
    built = nbformat.read(tmp_path / "out" / "test-cohort" / "trainer" / "01_freeze.ipynb", as_version=4)
    assert "after" in str([c for c in built.cells if c.cell_type == "code"][-1].outputs)


def test_a_kernel_that_never_answers_again_fails_its_notebook_only(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels, "SILENCE", 3.0)
    masters = tmp_path / "masters"
    make_master(masters / "01_freeze.ipynb", [("code", "import os, signal\nos.kill(os.getpid(), signal.SIGSTOP)", [])])
    make_master(masters / "02_fine.ipynb", [("code", "print('fine')", [])])
    report = build_cohort(write_cohort(tmp_path / "c.yaml", notebooks=["01_freeze", "02_fine"]), notebooks_dir=masters,
                          output=tmp_path / "out", progress=False, jobs=2, timeout=120)
    status = {(s.notebook, s.edition): (s.status, s.detail) for s in report.steps}
    assert status[("01_freeze", "trainer")] == (
        "failed", "the kernel stopped answering in cell 4; retried: the kernel stopped answering in cell 4")
    assert status[("02_fine", "trainer")] == ("built", "")


def test_kernel_sockets_live_in_a_private_folder_removed_at_the_end(tmp_path, monkeypatch):
    private = Path(tempfile.mkdtemp(prefix="mlalib-test-", dir="/tmp" if Path("/tmp").is_dir() else None))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os; print(os.getpid())")])
    seen: list[str] = []
    with kernels.kernel_sockets() as folder:
        manager = kernels.IPCKernelManager(kernel_name="python3")
        seen.append(manager.ip)
        assert folder.is_dir()
    assert not folder.exists()
    if kernels.ipc_available():
        assert seen[0].startswith(str(folder))
    [outcome] = execute_notebooks([Job("one", nb, tmp_path)], jobs=1)
    assert outcome.error is None and outcome.nb.cells[0].outputs
    assert list(private.iterdir()) == []
    private.rmdir()


def test_tcp_is_used_where_zeromq_has_no_unix_sockets(monkeypatch):
    monkeypatch.setattr(kernels.zmq, "has", lambda capability: capability != "ipc")
    manager = kernels.IPCKernelManager(kernel_name="python3")
    assert (manager.transport, manager.ip) == ("tcp", "127.0.0.1")


def _processes_with(marker: str) -> list[int]:
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for leftover kernels")
def test_ctrl_c_during_a_build_ends_in_one_line_and_leaves_no_kernel_or_socket(tmp_path):
    import signal
    import subprocess
    import sys

    private = Path(tempfile.mkdtemp(prefix="mlalib-test-", dir="/tmp"))  # short enough for socket names
    masters = tmp_path / "masters"
    for number in range(1, 4):
        make_master(masters / f"0{number}_slow.ipynb", [("code", "import time\nfor _ in range(600):\n    time.sleep(0.1)", [])])
    cohort = write_cohort(tmp_path / "c.yaml", notebooks=[f"0{n}_slow" for n in range(1, 4)])
    build = subprocess.Popen(
        [sys.executable, "-m", "mlalib.cli", "build", str(cohort), "--notebooks-dir", str(masters),
         "--output", str(tmp_path / "out"), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "TMPDIR": str(private)},
    )
    for _ in range(600):  # wait until both kernels run (their socket files exist)
        if len(list(private.glob("mlalib-kernels-*/k-*"))) >= 10:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the kernels did not start")
    build.send_signal(signal.SIGINT)
    out, err = build.communicate(timeout=120)
    assert build.returncode == 130, out + err
    assert err.strip().splitlines() == ["mlalib: interrupted; files already written are complete, the rest were not written"]
    time.sleep(1)
    assert list(private.iterdir()) == []
    assert _processes_with(f"TMPDIR={private}") == []
    private.rmdir()


def test_a_temporary_folder_too_long_for_socket_names_is_not_used_for_them(tmp_path, monkeypatch):
    long = tmp_path / ("x" * 80)
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    with kernels.kernel_sockets() as folder:
        assert len(str(folder)) < 60
        manager = kernels.IPCKernelManager(kernel_name="python3")
        assert manager.ip.startswith(str(folder)) or manager.transport == "tcp"
    monkeypatch.setenv(kernels.SOCKETS_ENV, str(long))  # a socket folder nobody shortened: TCP, not a failure
    assert kernels.IPCKernelManager(kernel_name="python3").transport == "tcp"
