"""What a built set hands out: one copy of ``plotly.js`` per HTML folder, and the participant set as one archive.

* :func:`share_plotly`: the HTML editions of a folder load ``plotly.js`` from one file next to them
  (:data:`~mlalib.views.page.PLOTLY_FILE`), written once per folder whose pages have figures; a
  self-contained build has no such file (each page carries the library).
* :func:`write_participant_archive`: the participant notebooks, their HTML and the shared file
  as one zip archive, ``<cohort id>-participant.zip`` next to the edition folders, to put on the
  e-Campus or a USB stick. The archive is deterministic: its members in a fixed order, each with the
  same timestamp (1980-01-01, the earliest a zip file can record), permissions and compression, so
  the same cohort file gives the same bytes.

Example
-------
>>> import tempfile, zipfile
>>> root = Path(tempfile.mkdtemp())
>>> _ = (root / "participant").mkdir(), (root / "participant" / "01_a.ipynb").write_text("{}")
>>> path = write_participant_archive(root, "demo-2026", ["01_a"])
>>> zipfile.ZipFile(path).namelist()
['demo-2026/participant/01_a.ipynb']
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Iterable

from mlalib.course.recipes import COURSE_MAP
from mlalib.files import write_atomic
from mlalib.views.page import PLOTLY_FILE, write_plotly

#: The edition folders whose pages load the shared ``plotly.js``.
HTML_EDITIONS = ("participant-html", "trainer-html")
#: The timestamp of every member of an archive (the earliest a zip file records).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def archive_name(cohort_id: str) -> str:
    """The file name of a cohort's participant archive.

    >>> archive_name("ilo-2026-fr")
    'ilo-2026-fr-participant.zip'
    """
    return f"{cohort_id}-participant.zip"


def share_plotly(root: Path) -> list[Path]:
    """Write the one ``plotly.js`` of each HTML edition folder under ``root`` whose pages load it, and
    remove a copy no page loads any more (a self-contained build, or pages without figures). Returns
    the files written."""
    written = []
    for edition in HTML_EDITIONS:
        folder = root / edition
        pages = sorted(folder.glob("*.html")) if folder.is_dir() else []
        if any(f'src="{PLOTLY_FILE}"' in page.read_text(encoding="utf-8") for page in pages):
            written.append(write_plotly(folder))
        else:
            (folder / PLOTLY_FILE).unlink(missing_ok=True)
    return written


def participant_members(root: Path, names: Iterable[str]) -> list[Path]:
    """The files of the participant set under ``root``, in archive order: the course map (Markdown and HTML),
    each notebook's participant edition and its HTML page (when present), then the shared ``plotly.js``
    if the pages load it."""
    members = [p for p in (root / "participant" / COURSE_MAP["ipynb"], root / "participant-html" / COURSE_MAP["html"])
               if p.is_file()]
    for name in names:
        members += [p for p in (root / "participant" / f"{name}.ipynb", root / "participant-html" / f"{name}.html")
                    if p.is_file()]
    shared = root / "participant-html" / PLOTLY_FILE
    if shared.is_file() and any(f'src="{PLOTLY_FILE}"' in p.read_text(encoding="utf-8") for p in members
                                if p.suffix == ".html"):
        members.append(shared)
    return members


def write_participant_archive(root: Path, cohort_id: str, names: Iterable[str]) -> Path:
    """Write ``<root>/<cohort id>-participant.zip``: the participant set of the notebooks ``names``
    (:func:`participant_members`), under a folder named after the cohort; returns its path. An archive
    that already holds these very files is kept as it is (a rebuild with nothing to do)."""
    members = {f"{cohort_id}/{p.relative_to(root).as_posix()}": p for p in participant_members(root, names)}
    target = root / archive_name(cohort_id)
    if _current(target, members):
        return target
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in members.items():
            member = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            member.create_system = 3  # Unix, whatever system builds it
            archive.writestr(member, path.read_bytes(), compresslevel=9)
    write_atomic(target, buffer.getvalue())
    return target


def _current(archive: Path, members: dict[str, Path]) -> bool:
    """Whether ``archive`` holds exactly ``members``, in order, with the same sizes and checksums (CRC-32)."""
    try:
        with zipfile.ZipFile(archive) as existing:
            held = [(m.filename, m.file_size, m.CRC) for m in existing.infolist()]
        expected = []
        for name, path in members.items():
            data = path.read_bytes()
            expected.append((name, len(data), zlib.crc32(data)))
    except (OSError, zipfile.BadZipFile):
        return False
    return held == expected
