"""Standard output, written as bytes whatever the locale says, with its failures made plain: a
reader that stops early (``smteam rank ... | head``) is no error, and anything else (a full
disk, a closed descriptor) is one line, never a traceback.

Light on purpose: ``smteam --version`` uses it before anything else is loaded.
"""

from __future__ import annotations

import errno
import os
import sys

STDOUT_FD = 1


def silence() -> None:
    """Point descriptor 1 at the null device (opened to write, never replaced), so that what is
    left in Python's buffers goes nowhere quietly instead of failing again at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(null, STDOUT_FD)
    except OSError:
        pass
    finally:
        os.close(null)


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output and flush it.

    A reader that has gone away (a broken pipe) ends the output quietly: the rest of the run
    carries on as if it had been read. Any other failure raises
    :class:`~smteam.errors.OutputError`.
    """
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
    except BrokenPipeError:
        silence()
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        silence()
        from smteam.errors import OutputError

        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"cannot write to standard output: {reason}") from None
