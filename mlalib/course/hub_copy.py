"""Copy the participant editions into a participant's home where absent; run as the participant.

``python -m mlalib.course.hub_copy SOURCE TARGET`` prints the names copied as JSON. The course hub
(:func:`mlalib.course.hub_runtime.before_spawn`) runs it under the participant's own user id, so a link
they made in their home cannot send the copy anywhere they could not write themselves. Only the
standard library is imported: it starts in a fraction of a second.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def copy_absent(source: Path, target: Path) -> list[str]:
    """Copy the files of ``source`` into ``target`` where absent (a file, a folder or a link already
    there is left as it is); returns the names copied. Run as the participant (see :func:`before_spawn`).

    >>> import tempfile
    >>> a, b = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> _ = (a / "01.ipynb").write_text("{}"); _ = (b / "01.ipynb").write_text("mine")
    >>> _ = (a / "02.ipynb").write_text("{}")
    >>> copy_absent(a, b), (b / "01.ipynb").read_text()
    (['02.ipynb'], 'mine')
    """
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(source.iterdir()):
        destination = target / path.name
        if path.name.startswith(".") or not path.is_file() or os.path.lexists(destination):
            continue
        with open(path, "rb") as reading:
            data = reading.read()
        try:  # O_EXCL: a file that appeared meanwhile is not overwritten either
            descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as writing:
            writing.write(data)
        copied.append(path.name)
    return copied


if __name__ == "__main__":
    print(json.dumps(copy_absent(Path(sys.argv[1]), Path(sys.argv[2]))))
