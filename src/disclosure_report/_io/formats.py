"""The formats a report is read from and written to: one row per format, which everything else reads.

A row (:class:`FileFormat`) holds every fact about its format: its name, its file extensions, how its
content is told from its first bytes, the largest file read, its reader and writer (as ``module:function``
names, imported only when a file of the format is read or written), the extra it needs, and how a batch's
workers are warmed for it. :func:`~disclosure_report.read_report` picks a row by extension or content and
calls its reader; the batches search folders for its extensions; a fetch saves files up to its limit;
``convert`` writes what its writers write (its ``--to`` choices are theirs); the workers' warm-up runs
each row's. Adding a format (OFD, ODT) is a reader module and a row here; :func:`register` adds one at
run time (a test's fictional format, a plug-in).

Importing this module imports no reader: the start-up of the command line depends on it.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..exceptions import Problem, ReadError

if TYPE_CHECKING:
    from .._form import TemplateVersion
    from .._model import AnnualReport
    from .read.result import ReadResult

__all__ = [
    "EXTENSIONS",
    "FALLBACK",
    "FileFormat",
    "Reader",
    "Sniff",
    "Writer",
    "by_extension",
    "by_name",
    "detect",
    "formats",
    "formats_of",
    "load",
    "register",
    "registered",
    "starts_with",
    "unregister",
    "warm_up",
]

Reader = Callable[..., "ReadResult"]
"""A format's reader: ``reader(data, *, source, agency, year, version)``, ``data`` the file's bytes (its
path for a row with ``reads_path``), returning the report and its reading findings."""
Writer = Callable[["AnnualReport"], "str | bytes"]
"""A format's writer: the report's document, text or bytes."""
Sniff = Callable[[bytes], bool]
"""Whether a file's first bytes (up to 512) are of a format."""

_MIB: Final = 1024 * 1024


def load(reference: str | Callable[..., Any]) -> Any:
    """What a ``module:attribute`` reference names, the module imported now; a callable is itself."""
    if not isinstance(reference, str):
        return reference
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


def warm_up(row: FileFormat, report: AnnualReport) -> None:
    """Warm this process for reading ``row``'s files: its ``warm``, and its writer's output read back.

    A row that is not read back (``read_back``) has its reader imported instead.
    """
    if row.warm is not None:
        _run_warm(row.warm)
    if not row.read_back:
        load(row.reader)
    elif row.writer is not None and not row.reads_path:  # a path reader is not given bytes to read back
        written = row.write(report)
        data = written.encode("utf-8") if isinstance(written, str) else written
        row.read(data, source="<warm-up>").validate()  # validation of what readers find, warmed too


@functools.cache  # once a process: rows may share one (.doc and .xls files, LibreOffice's leftovers)
def _run_warm(reference: str) -> None:
    with contextlib.suppress(ModuleNotFoundError):  # an extra not installed: imported when needed
        if ":" in reference:
            load(reference)()
        else:
            importlib.import_module(reference)


def starts_with(*marks: bytes, after_space: bool = False) -> Sniff:
    """A content test: the first bytes begin with one of ``marks``.

    With ``after_space``, once a UTF-8 byte-order mark and white space are skipped.
    """

    def sniff(head: bytes) -> bool:
        start = head.lstrip(codecs.BOM_UTF8).lstrip() if after_space else head
        return start.startswith(marks)

    return sniff


@attrs.frozen
class FileFormat:
    """Everything about one format a report is read from (and perhaps written to).

    Attributes:
        name: The format's name (``pdf``), what ``read_report(format=...)`` takes.
        label: How people call it, in the command line's help (``PDF``).
        extensions: The file extensions that mean it, lower case with the dot; the first is what a file
            written in it is given.
        limit: The largest file read, in bytes: a larger one is refused before it is read.
        reader: Its reader (see :data:`Reader`), a ``module:function`` name imported when a file is read,
            or the function itself.
        sniff: Whether a file's first bytes are of this format, for a file whose extension says nothing;
            ``None`` for a format told by its extension only.
        reads_path: The reader takes the file's path rather than its bytes (it reads the file itself, as
            LibreOffice's conversion does).
        writer: Its writer (see :data:`Writer`), for a format reports are written in, as ``reader``.
        written_as: The extensions a file the writer writes may have (``extensions`` when empty).
        extra: The package extra its reader needs (``pdf``), if any.
        options: The keyword options its reader takes beyond the common ones (``ocr`` for PDFs and page
            images), which :meth:`read` passes on; the other rows' readers are not given them.
        warm: What a batch's worker imports or runs before its first file besides its reader, a
            ``module`` or ``module:function`` name (a module of an extra not installed is passed over).
            A format with a writer is warmed anyway: its reader reads what its writer wrote, which
            imports both and fills the reader's caches.
        read_back: Whether the warm-up reads back what the writer wrote; ``False`` for a format whose
            reader's first file is as quick once ``warm`` and the reader are imported (XLSX: writing a
            workbook to read back cost a batch 50-75 ms before its first worker, and saved its workers
            nothing measurable).
    """

    name: str
    label: str
    extensions: tuple[str, ...]
    limit: int
    reader: str | Reader
    sniff: Sniff | None = None
    reads_path: bool = False
    writer: str | Writer | None = None
    written_as: tuple[str, ...] = ()
    extra: str | None = None
    warm: str | None = None
    options: tuple[str, ...] = ()
    read_back: bool = True

    def read(
        self,
        data: bytes | Path,
        *,
        source: str,
        agency: str | None = None,
        year: int | None = None,
        version: TemplateVersion | None = None,
        **options: object,
    ) -> ReadResult:
        """Read a report in this format: its reader, imported now, given those ``options`` it takes.

        Raises:
            ReadError: The file holds no report in this format; or its reader needs an extra that is not
                installed (code ``dependency-missing``, the message saying what to install).
        """
        try:
            reader: Reader = load(self.reader)
        except ModuleNotFoundError as error:
            if self.extra is None:
                raise
            message = f"reading {self.label} needs {error.name}: {self.install}"
            raise ReadError(source, [Problem("file", message, "dependency-missing")]) from None
        taken = {name: value for name, value in options.items() if name in self.options}
        result: ReadResult = reader(data, source=source, agency=agency, year=year, version=version, **taken)
        return result

    def write(self, report: AnnualReport) -> str | bytes:
        """The report written in this format (a format without a writer raises ``ValueError``)."""
        if self.writer is None:
            raise ValueError(f"reports are not written as {self.label}")
        writer: Writer = load(self.writer)
        return writer(report)

    @property
    def output_extensions(self) -> tuple[str, ...]:
        """The extensions a written file may have (none for a format without a writer)."""
        if self.writer is None:
            return ()
        return self.written_as or self.extensions

    @property
    def install(self) -> str | None:
        """How to install what its reader needs (``pip install 'disclosure-report[pdf]'``), if anything."""
        return None if self.extra is None else f"pip install 'disclosure-report[{self.extra}]'"


# --- readers that need a word of adaptation ----------------------------------------------------------


def _read_json(
    data: bytes, *, source: str, agency: str | None, year: int | None, version: TemplateVersion | None
) -> ReadResult:
    """JSON, which states the report exactly: no reading findings."""
    from .json import from_json
    from .read.result import ReadResult

    return ReadResult(from_json(data, source=source, agency=agency, year=year, version=version), (), source)


def _json_document(report: AnnualReport) -> str:
    """The JSON document as a file holds it: ending with a new line."""
    from .json import render_json

    return render_json(report) + "\n"


def _read_doc(
    path: Path, *, source: str, agency: str | None, year: int | None, version: TemplateVersion | None
) -> ReadResult:
    from .read.legacy import read_legacy

    return read_legacy(path, "doc", source=source, agency=agency, year=year, version=version)


def _read_xls(
    path: Path, *, source: str, agency: str | None, year: int | None, version: TemplateVersion | None
) -> ReadResult:
    from .read.legacy import read_legacy

    return read_legacy(path, "xls", source=source, agency=agency, year=year, version=version)


def _is_workbook(head: bytes) -> bool:
    # Both are zip archives; the first member's name usually tells them apart.
    return head.startswith(b"PK") and b"xl/" in head


PDF_MARK: Final = b"%PDF-"
IMAGE_SIGNATURES: Final = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"II*\x00": "tiff",
    b"MM\x00*": "tiff",
}
"""The first bytes of the page images read by OCR, and each one's kind (the scan reader's too)."""


def _is_pdf(head: bytes) -> bool:
    return head[:1024].lstrip().startswith(PDF_MARK)  # a PDF may follow white space


_READ: Final = "disclosure_report._io.read"
_WRITE: Final = "disclosure_report._io.write"
_LEGACY_WARM: Final = f"{_READ}.legacy:clean_leftovers"  # removes what killed workers' conversions left

_BUILT_IN: Final = (
    FileFormat(
        "json",
        "JSON",
        (".json",),
        20 * _MIB,
        _read_json,
        sniff=starts_with(b"{", after_space=True),
        writer=_json_document,
        warm="disclosure_report._io.json:warm_up",  # msgspec's decoder and cattrs, once for a batch
    ),
    FileFormat(
        "text",
        "text",
        (".txt", ".text", ".md", ".markdown"),
        20 * _MIB,
        f"{_READ}.text:from_text",
        writer=f"{_WRITE}.text:render_text",
        written_as=(".txt",),
    ),
    FileFormat(
        "html",
        "HTML",
        (".html", ".htm", ".shtml", ".xhtml"),
        20 * _MIB,
        f"{_READ}.html:from_html",
        sniff=starts_with(b"<", after_space=True),
        writer=f"{_WRITE}.html:render_html",
        written_as=(".html", ".htm"),
    ),
    FileFormat(
        "docx",
        "DOCX",
        (".docx",),
        50 * _MIB,
        f"{_READ}.docx:from_docx",
        sniff=lambda head: head.startswith(b"PK") and not _is_workbook(head),
        writer=f"{_WRITE}.docx:render_docx",
    ),
    FileFormat(
        "xlsx",
        "XLSX",
        (".xlsx",),
        50 * _MIB,
        f"{_READ}.xlsx:from_xlsx",
        sniff=_is_workbook,
        writer=f"{_WRITE}.xlsx:render_xlsx",
        warm="openpyxl",  # what reading a workbook imports besides the reader (load_workbook's modules)
        read_back=False,
    ),
    FileFormat(
        "pdf",
        "PDF",
        (".pdf",),
        50 * _MIB,
        f"{_READ}.paged:read_pdf_or_scan",  # the text layer, or OCR as read_report's ocr says
        sniff=_is_pdf,
        extra="pdf",
        warm="pdfplumber",
        options=("ocr",),
    ),
    FileFormat(
        "image",
        "PNG/JPEG/TIFF",
        (".png", ".jpg", ".jpeg", ".tif", ".tiff"),  # scanned pages, read by OCR
        50 * _MIB,
        f"{_READ}.paged:read_image",
        sniff=starts_with(*IMAGE_SIGNATURES),
        extra="ocr",
        options=("ocr",),
    ),
    # Binary office files, read through LibreOffice when it is installed (see .read.legacy).
    FileFormat(
        "doc",
        "DOC/WPS/RTF",
        (".doc", ".wps", ".rtf"),
        50 * _MIB,
        _read_doc,
        reads_path=True,
        warm=_LEGACY_WARM,
    ),
    FileFormat("xls", "XLS/ET", (".xls", ".et"), 50 * _MIB, _read_xls, reads_path=True, warm=_LEGACY_WARM),
)
"""The built-in formats, in the order they are listed. The content tests exclude each other (the first
bytes of a zip archive are a workbook's or a document's, never both), so the order they are tried in
does not matter; a file none recognises is read as :data:`FALLBACK`."""

FALLBACK: Final = "text"
"""The format of a file whose extension and content say nothing else: text (copied from a document)."""

_REGISTRY: dict[str, FileFormat] = {row.name: row for row in _BUILT_IN}


def formats() -> tuple[FileFormat, ...]:
    """Every format, the built-in ones first, then those registered, in the order they were."""
    return tuple(_REGISTRY.values())


def by_name(name: str) -> FileFormat:
    """The format of a name (``KeyError`` for one not registered)."""
    return _REGISTRY[name]


def by_extension(path: str | Path) -> FileFormat | None:
    """The format a file's extension means, if one does."""
    return _extensions().get(Path(path).suffix.lower())


def detect(path: Path, head: bytes) -> FileFormat:
    """The format of a file, from its extension, else from its first bytes (else :data:`FALLBACK`)."""
    found = by_extension(path)
    if found is not None:
        return found
    sniffed = (row for row in _REGISTRY.values() if row.sniff is not None and row.sniff(head))
    return next(sniffed, _REGISTRY[FALLBACK])


def formats_of(files: Iterable[str], endings: Mapping[str, str] | None = None) -> frozenset[str] | None:
    """The names of the formats of these files, by their extensions.

    Args:
        files: The files' names.
        endings: Name endings that mean a format besides the extensions (a batch's JSON-lines files,
            ``{".jsonl": "json"}``), matched as given, before the extensions.

    Returns:
        The formats, or ``None`` when an extension names none: that file's content would decide (see
        :func:`detect`). A batch warms its workers for these formats alone.
    """
    names = set()
    for file in files:
        named = [name for end, name in (endings or {}).items() if file.endswith(end)]
        row = by_name(named[0]) if named else by_extension(file)
        if row is None:
            return None
        names.add(row.name)
    return frozenset(names)


def register(row: FileFormat) -> None:
    """Add a format: read by :func:`~disclosure_report.read_report`, found in folders by the batches.

    In this process and the workers forked from it after: a worker started otherwise (spawned, or by a
    fork server started before) knows only the rows of the modules it imports, so a plug-in registers
    its row when its module is imported.

    Raises:
        ValueError: A format of that name, or one of its extensions, is registered already.
    """
    taken = _extensions()
    clash = [extension for extension in row.extensions if extension in taken]
    if row.name in _REGISTRY or clash:
        raise ValueError(f"format {row.name!r} or its extensions {clash} are registered already")
    _REGISTRY[row.name] = row
    _EXTENSIONS_CACHE.clear()


def unregister(name: str) -> None:
    """Take away a format registered with :func:`register` (a built-in one cannot be)."""
    if any(row.name == name for row in _BUILT_IN):
        raise ValueError(f"{name!r} is a built-in format")
    _REGISTRY.pop(name, None)
    _EXTENSIONS_CACHE.clear()


_EXTENSIONS_CACHE: dict[str, FileFormat] = {}


def _extensions() -> dict[str, FileFormat]:
    if not _EXTENSIONS_CACHE:
        _EXTENSIONS_CACHE.update({ext: row for row in _REGISTRY.values() for ext in row.extensions})
    return _EXTENSIONS_CACHE


class _ExtensionNames(Mapping[str, str]):
    """File extensions and the name of the format each means, as the registry has them now."""

    def __getitem__(self, extension: str) -> str:
        return _extensions()[extension].name

    def __iter__(self) -> Iterator[str]:
        return iter(_extensions())

    def __len__(self) -> int:
        return len(_extensions())

    def __repr__(self) -> str:
        return repr(dict(self))


EXTENSIONS: Final[Mapping[str, str]] = _ExtensionNames()
"""File extensions and the name of the format each means (a live view of the registry)."""


@contextlib.contextmanager
def registered(row: FileFormat) -> Iterator[FileFormat]:
    """A format registered for the ``with`` block's time (tests, examples)."""
    register(row)
    try:
        yield row
    finally:
        unregister(row.name)
