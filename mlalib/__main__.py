"""``python -m mlalib``: the ``mlalib`` command without its launcher script (e.g. on Windows, or
when the scripts folder is not on the PATH).

Example
-------
>>> import subprocess, sys
>>> subprocess.run([sys.executable, "-m", "mlalib", "--help"], capture_output=True).returncode
0
"""

import sys

from mlalib.cli import main

if __name__ == "__main__":
    sys.exit(main())
