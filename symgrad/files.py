"""Writing files so that an interrupted run never leaves half of one."""

from __future__ import annotations

import os
from pathlib import Path

from symgrad.errors import SymgradError


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, or bytes) to a temporary file beside ``path`` and
    rename it over ``path``, so an interrupted run leaves the old file (or none), never half
    of a new one; an OS error is one ``cannot write`` SymgradError."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise SymgradError.from_phrase("file.error.cannot_write", path=str(path),
                                       reason=error.strerror or error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
