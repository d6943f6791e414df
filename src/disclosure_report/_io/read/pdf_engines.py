"""What reads a PDF's pages: pdfplumber, the reference, or PDFium, the fast way; and the switch between them.

Both engines give each page as a :class:`.pdf_layers.PageLayer` (its height, characters and rules in
pdfplumber's convention), and the reader does the rest the same way whichever gave it:

- ``pdfplumber`` (the reference) interprets every page in Python with pdfminer, under the limits;
- ``pdfium`` reads the pages with PDFium, several times faster, where :func:`.pdf_layers.vet` finds that
  PDFium gives pdfminer's characters (the files office suites write), and raises
  :class:`.pdf_layers.Unsupported` otherwise.

By default each document decides: PDFium where it can, pdfplumber where not (:func:`page_layers`). The
environment variable :data:`ENGINE_VARIABLE` forces one for every PDF the process reads, and
:func:`.pdf.text_layer` takes the same choice as a keyword: ``pdfplumber`` always reads by the reference;
``pdfium`` reads by PDFium or refuses the file, so that a test or a benchmark knows which engine it
measured. The tests hold the two to the same layers and reports on the real samples and on generated
reports (``tests/test_pdf.py``).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final, Literal, get_args

from .pdf_layers import PDFIUM, PageLayer, Unsupported, pdfium_layers, plumber_layer, vet
from .pdf_limits import LimitReached, limits, new_page

__all__ = ["ENGINES", "ENGINE_NAMES", "ENGINE_VARIABLE", "Engine", "forced_engine", "page_layers"]

Engine = Literal["pdfplumber", "pdfium"]
"""An engine that reads a PDF's pages: ``pdfplumber`` (the reference) or ``pdfium`` (the fast way)."""
ENGINE_NAMES: Final[tuple[Engine, ...]] = get_args(Engine)
ENGINE_VARIABLE: Final = "DISCLOSURE_REPORT_PDF_ENGINE"
"""The environment variable that forces an engine for every PDF read: ``pdfplumber`` or ``pdfium``
(unset, empty or ``auto``: each document decides; anything else: ``pdfplumber``, with a warning)."""


def _plumber_layers(pdf: Any, page_objects: Sequence[Any], *, forced: bool) -> Iterator[PageLayer]:
    """Each page's layer through pdfplumber, built one at a time, each page's objects counted as its own."""
    from pdfplumber.page import Page

    top = 0.0
    for number, page_object in enumerate(page_objects, start=1):
        new_page(number)
        page = Page(pdf, page_object, page_number=number, initial_doctop=top)
        top += float(page.height)
        yield plumber_layer(page)


def _pdfium_layers(pdf: Any, page_objects: Sequence[Any], *, forced: bool) -> list[PageLayer]:
    """Each page's layer through PDFium; ``forced``, waiting for another thread's use of PDFium.

    Raises:
        Unsupported: PDFium would not give pdfminer's characters, or cannot be used now.
        LimitReached: Vetting the file reached a limit (a bomb is refused here, as pdfplumber would), or,
            ``forced``, reading it did (otherwise pdfplumber's own counts decide).
    """
    try:
        import pypdfium2  # noqa: F401  (installed with pdfplumber; checked, not assumed)
    except ModuleNotFoundError:  # pragma: no cover - pdfplumber depends on it
        raise Unsupported("pypdfium2 is not installed") from None
    try:
        vetted = vet(page_objects)  # under the document's limits: a bomb is refused here
    except (LimitReached, RecursionError):
        raise
    except Exception as error:  # a damaged object pdfminer may not need to read: its own way decides
        raise Unsupported(f"an object pdfminer reads only as needed: {type(error).__name__}") from None
    if vetted is None:
        raise Unsupported("a file PDFium would not read as pdfminer does (a Type3 font, a rotated page...)")
    if not PDFIUM.acquire(blocking=forced):
        raise Unsupported("another thread is in PDFium")
    try:
        with limits():  # counted afresh: pdfplumber refuses by its own counts where PDFium would
            return pdfium_layers(page_objects, vetted)
    except Unsupported:
        raise
    except LimitReached:
        if forced:
            raise
        raise Unsupported("a limit reached: pdfplumber's counts decide") from None
    except Exception as error:  # a limit reached, anything PDFium's way cannot take: pdfminer's way
        raise Unsupported(f"{type(error).__name__}: {error}") from None
    finally:
        PDFIUM.release()


ENGINES: Final[dict[Engine, Callable[..., Iterable[PageLayer]]]] = {
    "pdfplumber": _plumber_layers,
    "pdfium": _pdfium_layers,
}
"""Each engine's way to a document's page layers: ``(pdf, page_objects, *, forced)``, pdfplumber's
document and pdfminer's pages, and whether the engine was forced. The reference never raises
:class:`.pdf_layers.Unsupported`."""


def forced_engine(engine: Engine | None = None) -> Engine | None:
    """The engine ``engine`` names, else the one :data:`ENGINE_VARIABLE` names, else ``None`` (each decides).

    A variable naming no engine is warned of (``RuntimeWarning``) and the reference taken, as the JSON
    paths' switch does: a mistyped setting slows reading down, it does not stop it.

    Raises:
        ValueError: ``engine`` names no engine (a caller's mistake).
    """
    if engine is not None:
        for name in ENGINE_NAMES:
            if engine == name:
                return name
        raise ValueError(f"engine must be 'pdfplumber' or 'pdfium', not {engine!r}")
    value = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if value in ("", "auto"):
        return None
    for name in ENGINE_NAMES:
        if value == name:
            return name
    message = (
        f"{ENGINE_VARIABLE}={value!r} names no engine (pdfplumber, pdfium or auto): reading by pdfplumber"
    )
    warnings.warn(message, RuntimeWarning, stacklevel=3)
    return "pdfplumber"


def page_layers(
    pdf: Any, page_objects: Sequence[Any], forced: Engine | None
) -> tuple[Engine, Iterable[PageLayer]]:
    """The engine that reads the document, and its page layers (pdfplumber's built as they are taken).

    With ``forced`` ``None``, PDFium where it gives pdfminer's characters, else pdfplumber; otherwise the
    engine forced.

    Raises:
        Unsupported: ``pdfium`` was forced and PDFium cannot read the document as pdfminer does.
    """
    if forced is not None:
        return forced, ENGINES[forced](pdf, page_objects, forced=True)
    try:
        return "pdfium", ENGINES["pdfium"](pdf, page_objects, forced=False)
    except Unsupported:
        return "pdfplumber", ENGINES["pdfplumber"](pdf, page_objects, forced=False)
