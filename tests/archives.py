"""Office files (zip archives) changed member by member, for tests of what other writers do."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping


def rewritten(
    archive: bytes,
    change: Callable[[str, bytes], tuple[str, bytes]] | None = None,
    *,
    members: Mapping[str, bytes] | None = None,
) -> bytes:
    """The archive with every member passed through ``change`` (giving its new name and bytes), and the
    ``members`` given put in place of those of the same name, or added."""
    replaced = dict(members or {})
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            name, data = item.filename, source.read(item.filename)
            if change is not None:
                name, data = change(name, data)
            target.writestr(name, replaced.pop(name, data))
        for name, data in replaced.items():
            target.writestr(name, data)
    return buffer.getvalue()
