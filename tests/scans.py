"""Scanned reports for the OCR tests and the accuracy benchmark: made, printed, scanned and scored.

A report is generated with counts of every length and digit (a third zeros, some cells blank, a 万元 fee
with decimals), printed to PDF by LibreOffice (DOCX) or Chromium (HTML) as agencies do, rendered with
PDFium and given the defects of a cheap office scanner, seeded: grey uneven paper, a red seal over the
data cells of the page's largest table, a turn of up to 1.5°, blur, noise and JPEG compression.

The seal is stamp ink by default: it multiplies what is under it, as ink over toner does, so print
stays dark under it. ``seal="opaque"`` paints it over the print, hiding it (harsher than any real
stamp): the reader must then leave the cells under it blank.
"""

from __future__ import annotations

import io
import logging
import math
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from disclosure_report import (
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    DisclosureTable,
    Metadata,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    TableKind,
    TemplateVersion,
    render_docx,
    render_html,
    table_spec,
)

from .applications import office_convert, print_to_pdf

Seal = Literal["ink", "opaque"]

_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
_OVERVIEW = (
    "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请{new}件，"
    "均已按时办结。主动公开政府信息1208条，其中政策解读36篇，回应社会关切17次。"
)


def _count(rng: random.Random) -> int:
    """0 a third of the time, else one to four digits (every digit appears)."""
    kind = rng.random()
    if kind < 0.35:
        return 0
    if kind < 0.6:
        return rng.randint(1, 9)
    if kind < 0.85:
        return rng.randint(10, 99)
    return rng.randint(100, 999) if kind < 0.97 else rng.randint(1000, 9999)


def make_report(seed: int, *, blanks: int = 0) -> AnnualReport:
    """A consistent 2021-template report, ``blanks`` of its request cells printed empty."""
    rng = random.Random(seed)
    spec = table_spec(TableKind.REQUESTS, TemplateVersion.V2021)
    cells: dict[Any, int | None] = {}
    for applicant in [a for a in Applicant if a is not Applicant.TOTAL]:
        processed = 0
        for row in spec.row_sums[RequestRow.TOTAL]:
            value = _count(rng) if rng.random() < 0.6 else 0
            cells[(row, applicant)] = value
            processed += value
        forward = _count(rng)
        carried = rng.randint(0, processed + forward)
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    keys = [key for key in cells if key[0] not in (RequestRow.NEW, RequestRow.CARRIED_FORWARD)]
    for key in rng.sample(keys, blanks):
        cells[key] = None
    requests = RequestTable.build(cells)
    disclosure: dict[Any, Any] = {}
    for row in (DisclosureRow.REGULATIONS, DisclosureRow.NORMATIVE_DOCUMENTS):
        for column in (DisclosureColumn.ISSUED, DisclosureColumn.REPEALED, DisclosureColumn.IN_FORCE):
            disclosure[(row, column)] = _count(rng)
    for row in (DisclosureRow.LICENSING, DisclosureRow.PENALTY, DisclosureRow.COERCION):
        disclosure[(row, DisclosureColumn.DECIDED)] = _count(rng)
    fee = Decimal(rng.randint(0, 99999)) / Decimal(rng.choice((1, 10, 100)))
    disclosure[(DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)] = fee
    columns = (ReviewColumn.UPHELD, ReviewColumn.CORRECTED, ReviewColumn.OTHER, ReviewColumn.PENDING)
    review = {(row, column): _count(rng) % 30 for row in ReviewRow for column in columns}
    return AnnualReport(
        metadata=Metadata(agency=f"某市第{seed}区人民政府办公室", year=2023),
        overview=_OVERVIEW.format(new=requests[RequestRow.NEW, Applicant.TOTAL]),
        active_disclosure=DisclosureTable.build(disclosure),
        requests=requests,
        review_litigation=ReviewTable.build(review),
        problems="一是公开内容不够全面；二是解读形式较为单一。下一步将完善目录，丰富解读形式，提升公开质量。",
        other_matters="本年度未收取信息处理费。",
    )


def print_report(report: AnnualReport, how: Literal["docx", "html"], folder: Path) -> Path:
    """The report printed to PDF: its DOCX by LibreOffice, or its HTML page by Chromium."""
    if how == "docx":
        source = folder / "report.docx"
        source.write_bytes(render_docx(report))
        return office_convert(source, "pdf", folder)
    source = folder / "report.html"
    source.write_text(
        render_html(report).replace("</style>", "@page { size: A4 }\n</style>", 1), encoding="utf-8"
    )
    return print_to_pdf(source, folder / "report.pdf")


def _stamp(image: Any, centre: tuple[int, int], dpi: int, rng: random.Random, seal: Seal) -> Any:
    """A red official seal (ring, star, name) over the page, as ink or painted over."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    radius = int(0.8 * dpi)  # a 4 cm seal
    layer = Image.new("L", image.size, 0)  # how much ink, 0 to 255
    draw = ImageDraw.Draw(layer)
    x, y = centre
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=255, width=max(2, int(0.045 * dpi))
    )
    points = []
    for k in range(10):
        r = radius * (0.28 if k % 2 == 0 else 0.11)
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    draw.polygon(points, fill=255)
    font = ImageFont.truetype(_FONT, int(0.2 * dpi))
    name = "某某区人民政府"
    for i, character in enumerate(name):
        angle = math.radians(-150 + i * (120 / (len(name) - 1)))
        glyph = Image.new("L", (int(0.25 * dpi),) * 2, 0)
        ImageDraw.Draw(glyph).text((0, 0), character, font=font, fill=255)
        glyph = glyph.rotate(-math.degrees(angle) - 90, expand=True)
        cx, cy = x + 0.72 * radius * math.cos(angle), y + 0.72 * radius * math.sin(angle)
        layer.paste(255, (int(cx - glyph.width / 2), int(cy - glyph.height / 2)), glyph)
    strength = rng.uniform(0.55, 0.75)
    layer = layer.point(lambda v: int(v * strength))
    ink = Image.new("RGB", image.size, (210, 30, 35))
    if seal == "opaque":
        return Image.composite(ink, image, layer)
    # Ink multiplies: white paper turns red, black print stays black.
    tinted = ImageChops.multiply(image, ink)
    return Image.composite(tinted, image, layer)


def scan_page(rgb: Any, dpi: int, rng: random.Random, seal_at: tuple[int, int] | None, seal: Seal) -> bytes:
    """The page as a cheap office scanner gives it, as JPEG bytes."""
    import cv2
    import numpy as np
    from PIL import Image

    height, width = rgb.shape[:2]
    paper = rng.uniform(205, 232)
    gradient = np.linspace(rng.uniform(-8, 0), rng.uniform(0, 8), width, dtype=np.float32)[None, :, None]
    toned = np.clip(rgb.astype(np.float32) / 255.0 * (paper + gradient), 0, 255).astype(np.uint8)
    picture = Image.fromarray(toned)
    if seal_at is not None:
        picture = _stamp(picture, seal_at, dpi, rng, seal)
    image = np.asarray(picture).astype(np.float32)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-1.5, 1.5), 1.0)
    image = cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(paper,) * 3)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 0.9) * dpi / 150)
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(4, 9), image.shape)
    image = np.clip(image + noise.astype(np.float32), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=rng.randint(60, 80), dpi=(dpi, dpi))
    return out.getvalue()


def scanned_pages(
    pdf: bytes, dpi: int, *, seed: str, seal: Seal | None = "ink", defects: bool = True
) -> Iterator[bytes]:
    """Each page of a PDF rendered at ``dpi``: scanned (JPEG bytes) or, without ``defects``, clean (PNG)."""
    import numpy as np
    import pdfplumber
    import pypdfium2
    from PIL import Image

    from disclosure_report._io.read.pdf import _Chars, _page_tables
    from disclosure_report._io.read.pdf_layers import plumber_layer

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        tables = [
            _page_tables(plumber_layer(page).rules, _Chars.of(page.chars), number, 1)[1]
            for number, page in enumerate(document.pages, start=1)
        ]
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        rng = random.Random(f"{seed}-{index}-{dpi}")
        rgb = np.asarray(document[index].render(scale=dpi / 72).to_pil().convert("RGB"))
        if not defects:
            out = io.BytesIO()
            Image.fromarray(rgb).save(out, "PNG", dpi=(dpi, dpi))
            yield out.getvalue()
            continue
        seal_at = None
        if tables[index] and seal is not None:  # over the data cells of the page's largest table
            box = max(tables[index], key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            x = rng.uniform(box[0] + 0.55 * (box[2] - box[0]), box[2] - 0.1 * (box[2] - box[0]))
            y = rng.uniform(box[1] + 0.2 * (box[3] - box[1]), box[3] - 0.2 * (box[3] - box[1]))
            seal_at = (int(x * dpi / 72), int(y * dpi / 72))
        yield scan_page(rgb, dpi, rng, seal_at, seal or "ink")
    document.close()


def as_pdf(pages: list[bytes], dpi: int) -> bytes:
    """Page images as an image-only PDF, as a scanner saves them."""
    from PIL import Image

    images = [Image.open(io.BytesIO(page)).convert("RGB") for page in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def as_tiff(pages: list[bytes], dpi: int) -> bytes:
    """Page images as one multi-page TIFF."""
    from PIL import Image

    images = [Image.open(io.BytesIO(page)).convert("RGB") for page in pages]
    out = io.BytesIO()
    images[0].save(
        out, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw"
    )
    return out.getvalue()


def score(read: AnnualReport, truth: AnnualReport) -> tuple[int, int, list[str]]:
    """Cells right, cells blank that hold a value in the truth, and the cells read wrong (described)."""
    right = blank = 0
    wrong: list[str] = []
    for kind in TableKind:
        for got, cell in zip(read.table(kind).values, truth.table(kind).cells(), strict=True):
            if got == cell.value:
                right += 1
            elif got is None:
                blank += 1
            else:
                wrong.append(f"{cell.row.label} / {cell.column.label}: {got!r} for {cell.value!r}")
    return right, blank, wrong
