"""Office Open XML (DOCX, XLSX): opening untrusted files safely, and what both formats share.

Size, member and compression limits, defused XML.

Checks run on the zip directory before anything is decompressed, so a zip bomb is refused without being
inflated; XML is parsed with defusedxml, which refuses DTDs, entity declarations and external references.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from ..exceptions import Problem, ReadError

if TYPE_CHECKING:
    import zipfile
    from xml.etree.ElementTree import Element

# zipfile and defusedxml are imported when a file is opened, not with the package: `import
# disclosure_report` stays fast for code that never reads an Office file.

__all__ = [
    "W_NAMESPACE",
    "XML_ILLEGAL",
    "ArchiveLimits",
    "declares_dtd",
    "open_archive",
    "read_member",
    "read_xml",
]

W_NAMESPACE: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""WordprocessingML's namespace."""
XML_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold (most control characters, non-characters and lone surrogates)."""


@attrs.frozen(kw_only=True)
class ArchiveLimits:
    """Limits for an Office file.

    Attributes:
        max_file_bytes: The largest file accepted.
        max_members: The most files inside the archive.
        max_total_bytes: The most bytes all members may decompress to.
        max_member_bytes: The most bytes one member may decompress to.
        max_ratio: The largest compression ratio of a member that decompresses to more than
            ``ratio_floor`` bytes (a zip bomb compresses far better).
        ratio_floor: Members smaller than this are not held to ``max_ratio``: a long repetitive text
            compresses better than 200:1, and the size limits bound small members anyway.
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 2_000
    max_total_bytes: int = 200 * 1024 * 1024
    max_member_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 200
    ratio_floor: int = 10 * 1024 * 1024


DEFAULT_LIMITS: Final = ArchiveLimits()


def _refuse(source: str, message: str, code: str) -> ReadError:
    return ReadError(source, [Problem("file", message, code)])


def open_archive(
    data: bytes | str | Path, *, source: str, kind: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> zipfile.ZipFile:
    """Open an Office file as a zip archive after checking it against the limits.

    Args:
        data: The file's bytes, or its path.
        source: The input's name, for messages.
        kind: What the file should be (``DOCX``, ``XLSX``), for messages.
        limits: The limits.

    Raises:
        ReadError: The file is too large, not a zip archive, or its members break a limit.
    """
    if isinstance(data, bytes):
        raw = data
    else:
        path = Path(data)
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                raise _refuse(
                    source,
                    f"{size} bytes is more than the limit of {limits.max_file_bytes}",
                    "file-too-large",
                )
            raw = path.read_bytes()
        except OSError as error:
            raise _refuse(source, error.strerror or str(error), "file-unreadable") from None
    if len(raw) > limits.max_file_bytes:
        raise _refuse(
            source, f"{len(raw)} bytes is more than the limit of {limits.max_file_bytes}", "file-too-large"
        )
    import zipfile

    if not raw.startswith(b"PK"):
        raise _refuse(
            source,
            f"not a {kind} file (an Office file is a zip archive; this one starts {raw[:8]!r})",
            "format-mismatch",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as error:
        raise _refuse(source, f"not a readable {kind} file: {error}", "archive-damaged") from None
    if len(members) > limits.max_members:
        raise _refuse(
            source,
            f"{len(members)} archive members is more than the limit of {limits.max_members}",
            "archive-limit",
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > limits.max_member_bytes:
            raise _refuse(
                source,
                f"member {member.filename} would decompress to {member.file_size} bytes",
                "archive-limit",
            )
        ratio = member.file_size / member.compress_size if member.compress_size else 0
        if member.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise _refuse(
                source,
                f"member {member.filename} compresses {member.file_size // member.compress_size}:1 "
                f"(more than {limits.max_ratio}:1): refused as a possible zip bomb",
                "archive-limit",
            )
    if total > limits.max_total_bytes:
        raise _refuse(
            source,
            f"the archive would decompress to {total} bytes, more than {limits.max_total_bytes}",
            "archive-limit",
        )
    return archive


def read_member(
    archive: zipfile.ZipFile, name: str, *, source: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> bytes:
    """A member's bytes, reading no more than the limit even if the directory lied about its size.

    Raises:
        ReadError: The member is missing, corrupt or larger than allowed.
    """
    import zipfile
    import zlib

    try:
        with archive.open(name) as member:
            data = member.read(limits.max_member_bytes + 1)
    except KeyError:
        raise _refuse(source, f"the archive has no {name}", "archive-damaged") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError) as error:
        raise _refuse(source, f"{name} is corrupt: {error}", "archive-damaged") from None
    if len(data) > limits.max_member_bytes:
        raise _refuse(
            source, f"{name} decompresses to more than {limits.max_member_bytes} bytes", "archive-limit"
        )
    return data


_DECLARATIONS: Final = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def declares_dtd(data: bytes) -> bool:
    """Whether XML declares a DTD or entities, in any of the encodings XML may be in (UTF-16 too)."""
    return any(marker in data for marker in _DECLARATIONS)


def read_xml(data: bytes, *, source: str, name: str) -> Element:
    """Parse an archive member's XML with defusedxml.

    Raises:
        ReadError: The XML is malformed, or declares a DTD or entities (refused, never expanded).
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        element: Element = fromstring(data, forbid_dtd=True)  # defusedxml is untyped
        return element
    except DefusedXmlException as error:
        raise _refuse(
            source,
            f"{name}: refused: {type(error).__name__} (DTDs and entities are not allowed)",
            "xml-unsafe",
        ) from None
    except Exception as error:  # ParseError and the expat errors beneath it
        raise _refuse(source, f"{name}: not well-formed XML: {error}", "xml-malformed") from None
