"""Scanned reports for the OCR tests and the accuracy benchmark: made, printed, scanned and scored.

A report is generated with counts of every length and digit (a third zeros, some cells blank, a 万元 fee
with decimals), printed to PDF by LibreOffice (DOCX) or Chromium (HTML) as agencies do, rendered with
PDFium and given the defects of a cheap office scanner, seeded: grey uneven paper, a red seal over the
data cells of the page's largest table, a turn of up to 1.5°, blur, noise and JPEG compression.

The seal is stamp ink by default: it multiplies what is under it, as ink over toner does, so print
stays dark under it. ``seal="opaque"`` paints it over the print, hiding it (harsher than any real
stamp): the reader must then leave the cells under it blank.

The other defects a reader meets, drawn on a page or a small table (:func:`draw_table`): a seal of any
size, darkness and place (:func:`seal_layer`, :func:`stamp`), a handwritten correction
(:func:`handwrite`), a phone's photo in perspective (:func:`photograph`), and a scanner's paper, blur,
noise and JPEG without a turn (:func:`scan_defects`), whose colour at half resolution bleeds a seal's red
into the print under it.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import logging
import math
import random
from collections.abc import Iterator, Sequence
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

PNG_LEVEL = 1
"""zlib's level for the page images made here: PNG is lossless at every level, and the default (6) took an
eighth of a whole-report scan test's time, writing pages that are decoded again at once."""
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


def seal_layer(
    size: tuple[int, int],
    centre: tuple[int, int],
    dpi: int,
    *,
    radius: int | None = None,
    star: bool = True,
    name: bool = True,
) -> Any:
    """Where an official seal's ink is (a Pillow "L" image of ``size``): its ring, star and name.

    ``radius`` in pixels, 0.8 inch (a 4 cm seal) by default.
    """
    from PIL import Image, ImageDraw, ImageFont

    radius = radius or int(0.8 * dpi)
    layer = Image.new("L", size, 0)  # how much ink, 0 to 255
    draw = ImageDraw.Draw(layer)
    x, y = centre
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=255, width=max(2, int(0.045 * dpi))
    )
    if star:
        points = []
        for k in range(10):
            r = radius * (0.28 if k % 2 == 0 else 0.11)
            angle = -math.pi / 2 + k * math.pi / 5
            points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
        draw.polygon(points, fill=255)
    if name:
        font = ImageFont.truetype(_FONT, int(0.25 * radius))
        characters = "某某区人民政府"
        for i, character in enumerate(characters):
            angle = math.radians(-150 + i * (120 / (len(characters) - 1)))
            glyph = Image.new("L", (int(0.3125 * radius),) * 2, 0)
            ImageDraw.Draw(glyph).text((0, 0), character, font=font, fill=255)
            glyph = glyph.rotate(-math.degrees(angle) - 90, expand=True)
            cx, cy = x + 0.72 * radius * math.cos(angle), y + 0.72 * radius * math.sin(angle)
            layer.paste(255, (int(cx - glyph.width / 2), int(cy - glyph.height / 2)), glyph)
    return layer


def stamp(
    image: Any,
    layer: Any,
    *,
    colour: tuple[int, int, int] = (210, 30, 35),
    strength: float = 0.7,
    opaque: bool = False,
) -> Any:
    """A seal's ``layer`` inked over a Pillow RGB image (or an RGB array: an array is returned).

    Stamp ink multiplies: white paper turns red, black print stays black. ``opaque`` paints it over the
    print instead, hiding it. ``strength`` is how much ink (1: the colour itself).
    """
    from PIL import Image, ImageChops

    array = not isinstance(image, Image.Image)
    picture = Image.fromarray(image) if array else image
    layer = layer.point(lambda v: int(v * strength))
    ink = Image.new("RGB", picture.size, colour)
    over = ink if opaque else ImageChops.multiply(picture, ink)
    out = Image.composite(over, picture, layer)
    if array:
        import numpy as np

        return np.asarray(out)
    return out


def _stamp(image: Any, centre: tuple[int, int], dpi: int, rng: random.Random, seal: Seal) -> Any:
    """A red official seal (ring, star, name) over the page, as ink or painted over."""
    layer = seal_layer(image.size, centre, dpi)
    strength = rng.uniform(0.55, 0.75)
    return stamp(image, layer, strength=strength, opaque=seal == "opaque")


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

    from disclosure_report._io.read.pdf import Chars, page_tables
    from disclosure_report._io.read.pdf_layers import plumber_layer

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        tables = [
            page_tables(plumber_layer(page).rules, Chars.of(page.chars), number, 1)[1]
            for number, page in enumerate(document.pages, start=1)
        ]
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        rng = random.Random(f"{seed}-{index}-{dpi}")
        rgb = np.asarray(document[index].render(scale=dpi / 72).to_pil().convert("RGB"))
        if not defects:
            out = io.BytesIO()
            Image.fromarray(rgb).save(out, "PNG", dpi=(dpi, dpi), compress_level=PNG_LEVEL)
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


# --- drawn tables and the defects of scans and photos -------------------------------------------------

_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


@dataclasses.dataclass(frozen=True)
class DrawnTable:
    """A ruled table of numbers drawn on white paper: the RGB image and where each cell and number is."""

    image: Any
    values: list[str]
    """Row by row."""
    columns: int
    cells: list[tuple[int, int, int, int]]
    """Each cell's box in pixels (left, top, right, bottom), between its rules."""
    texts: list[tuple[int, int, int, int]]
    """Each number's ink box in pixels."""
    dpi: int


def draw_table(
    values: list[str],
    *,
    columns: int,
    dpi: int = 200,
    cell: tuple[float, float] = (1.0, 0.3),
    size: float = 10.5,
    font: str = _SERIF,
    margin: float = 0.5,
    shade: int = 0,
) -> DrawnTable:
    """``values`` in a ruled table of ``columns``, each centred in a cell of ``cell`` inches, printed at
    ``size`` points (a serif like an office suite's) in grey ``shade`` (0: black; a light print's is
    about 130-170), with ``margin`` inches of paper around it."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    rows = -(-len(values) // columns)
    wide, tall, edge = int(cell[0] * dpi), int(cell[1] * dpi), int(margin * dpi)
    picture = Image.new("RGB", (2 * edge + columns * wide, 2 * edge + rows * tall), "white")
    draw = ImageDraw.Draw(picture)
    typeface = ImageFont.truetype(font, round(size / 72 * dpi))
    line = max(1, round(dpi / 150))
    for row in range(rows + 1):
        draw.line(
            (edge, edge + row * tall, edge + columns * wide, edge + row * tall), fill="black", width=line
        )
    for column in range(columns + 1):
        draw.line(
            (edge + column * wide, edge, edge + column * wide, edge + rows * tall), fill="black", width=line
        )
    cells, texts = [], []
    for number, value in enumerate(values):
        row, column = divmod(number, columns)
        left, top = edge + column * wide, edge + row * tall
        box = draw.textbbox((0, 0), value, font=typeface)
        x = left + (wide - (box[2] - box[0])) // 2 - box[0]
        y = top + (tall - (box[3] - box[1])) // 2 - box[1]
        draw.text((x, y), value, font=typeface, fill=(shade, shade, shade))
        cells.append((left, top, left + wide, top + tall))
        texts.append(draw.textbbox((x, y), value, font=typeface))
    return DrawnTable(np.asarray(picture), values, columns, cells, texts, dpi)


def on_page(table: DrawnTable, *, top: float = 2.0, paper: tuple[float, float] = (8.27, 11.69)) -> Any:
    """The table on a white page of ``paper`` inches (A4 by default), ``top`` inches from its top edge,
    centred across: the page's RGB array, and the table as drawn there."""
    import numpy as np

    page = np.full((int(paper[1] * table.dpi), int(paper[0] * table.dpi), 3), 255, np.uint8)
    height, width = table.image.shape[:2]
    y, x = int(top * table.dpi), (page.shape[1] - width) // 2
    page[y : y + height, x : x + width] = table.image

    def moved(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        return (box[0] + x, box[1] + y, box[2] + x, box[3] + y)

    placed = dataclasses.replace(
        table, image=page, cells=[moved(b) for b in table.cells], texts=[moved(b) for b in table.texts]
    )
    return page, placed


def scan_defects(
    rgb: Any,
    dpi: int,
    rng: random.Random,
    *,
    seals: Sequence[tuple[Any, tuple[int, int, int], float]] = (),
    quality: int | None = None,
) -> Any:
    """As a cheap office scanner gives it, without a turn: grey uneven paper, ``seals`` (each its layer,
    colour and strength) stamped on it, blur, noise, and JPEG, whose colour at half resolution bleeds a
    seal's red into the print under it. An RGB array."""
    import cv2
    import numpy as np
    from PIL import Image

    width = rgb.shape[1]
    paper = rng.uniform(205, 232)
    gradient = np.linspace(rng.uniform(-8, 0), rng.uniform(0, 8), width, dtype=np.float32)[None, :, None]
    image = np.clip(rgb.astype(np.float32) / 255.0 * (paper + gradient), 0, 255)
    for layer, colour, strength in seals:
        image = stamp(image.astype(np.uint8), layer, colour=colour, strength=strength).astype(np.float32)
    image = cv2.GaussianBlur(image, (0, 0), rng.uniform(0.5, 0.9) * dpi / 150)
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(4, 9), image.shape)
    image = np.clip(image + noise.astype(np.float32), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=quality or rng.randint(60, 80))
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


# Digits as a pen writes them: strokes in a unit box (x right, y down), smoothed and jittered.
_PEN_STROKES: dict[str, list[tuple[float, float]]] = {
    "0": [
        (0.5, 0),
        (0.15, 0.2),
        (0.08, 0.55),
        (0.25, 0.92),
        (0.55, 1.0),
        (0.85, 0.75),
        (0.9, 0.35),
        (0.7, 0.05),
        (0.5, 0),
    ],
    "1": [(0.3, 0.2), (0.55, 0), (0.5, 1.0)],
    "2": [(0.1, 0.25), (0.3, 0.02), (0.7, 0.02), (0.9, 0.25), (0.8, 0.5), (0.1, 1.0), (0.9, 1.0)],
    "3": [(0.1, 0.1), (0.5, 0), (0.85, 0.2), (0.5, 0.48), (0.9, 0.7), (0.55, 1.0), (0.1, 0.9)],
    "4": [(0.7, 1.0), (0.7, 0), (0.05, 0.7), (0.95, 0.7)],
    "5": [(0.85, 0), (0.2, 0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.65), (0.6, 1.0), (0.1, 0.9)],
    "6": [(0.8, 0.05), (0.3, 0.3), (0.1, 0.7), (0.4, 1.0), (0.85, 0.8), (0.7, 0.5), (0.2, 0.6)],
    "7": [(0.05, 0), (0.95, 0), (0.35, 1.0)],
    "8": [
        (0.5, 0.48),
        (0.15, 0.25),
        (0.5, 0),
        (0.85, 0.25),
        (0.5, 0.48),
        (0.1, 0.75),
        (0.5, 1.0),
        (0.9, 0.75),
        (0.5, 0.48),
    ],
    "9": [(0.85, 0.35), (0.5, 0.5), (0.15, 0.3), (0.5, 0), (0.85, 0.25), (0.8, 0.6), (0.4, 1.0)],
}


def handwrite(
    rgb: Any,
    text: str,
    *,
    left: float,
    bottom: float,
    height: float,
    rng: random.Random,
    colour: tuple[int, int, int] = (35, 40, 95),
) -> Any:
    """Digits written by hand over an RGB array, as pen ink (it multiplies): slanted, uneven, their foot
    at ``bottom`` and ``height`` pixels tall from ``left``. A copy is returned."""
    import cv2
    import numpy as np

    layer = np.zeros(rgb.shape[:2], np.uint8)
    width = max(2, round(height / 12))
    x = left
    for character in text:
        tall = height * rng.uniform(0.9, 1.1)
        wide = 0.6 * tall
        points = [
            (px + rng.uniform(-0.06, 0.06), py + rng.uniform(-0.05, 0.05))
            for px, py in _PEN_STROKES[character]
        ]
        for _ in range(2):  # Chaikin's corner cutting: a pen's curves
            cut = [points[0]]
            for (ax, ay), (bx, by) in itertools.pairwise(points):
                cut += [
                    (0.75 * ax + 0.25 * bx, 0.75 * ay + 0.25 * by),
                    (0.25 * ax + 0.75 * bx, 0.25 * ay + 0.75 * by),
                ]
            points = [*cut, points[-1]]
        stroke = np.array([(x + (px - 0.2 * (py - 1)) * wide, bottom - (1 - py) * tall) for px, py in points])
        cv2.polylines(layer, [np.round(stroke * 4).astype(np.int32)], False, 255, width, cv2.LINE_AA, shift=2)
        x += wide * rng.uniform(1.05, 1.3)
    cover = cv2.GaussianBlur(layer, (0, 0), 0.6).astype(np.float32)[..., None] / 255
    ink = np.array(colour, np.float32) / 255
    return (rgb.astype(np.float32) * (1 - cover * (1 - ink))).astype(np.uint8)


def photograph(
    rgb: Any,
    dpi: int,
    rng: random.Random,
    *,
    angle: float,
    keystone: float,
    shade: float = 0.3,
    blur: float = 1.0,
) -> Any:
    """A phone's photo of a page (an RGB array): in perspective (its top or bottom edge ``keystone`` of its
    width shorter, a little sideways too), turned by ``angle`` degrees on a desk, the light falling off
    by ``shade`` across it with a warm cast, blurred, noisy, as a JPEG. The same size, the page at 92 %."""
    import cv2
    import numpy as np
    from PIL import Image

    height, width = rgb.shape[:2]
    inward = keystone * width / 2
    top = rng.random() < 0.5
    source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    corners = np.float32(
        [
            [inward if top else 0, 0],
            [width - (inward if top else 0), 0],
            [width - (0 if top else inward), height],
            [0 if top else inward, height],
        ]
    )
    sideways = keystone * height / 4 * rng.uniform(-1, 1)
    corners[0, 1] += sideways
    corners[3, 1] -= sideways
    centre = np.float32([width / 2, height / 2])
    turn = math.radians(angle)
    rotation = np.float32([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    corners = ((corners - centre) * 0.92) @ rotation.T + centre
    matrix = cv2.getPerspectiveTransform(source, corners)
    desk = (95, 85, 75)
    image = cv2.warpPerspective(rgb, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=desk)
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    across = ((columns - width / 2) * math.cos(direction) + (rows - height / 2) * math.sin(direction)) / max(
        width, height
    )
    light = (1 - shade * (across + 0.5))[..., None] * np.float32([1.0, 0.97, 0.9])
    image = cv2.GaussianBlur(image.astype(np.float32) * light, (0, 0), blur * dpi / 200)
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 3, image.shape)
    out = io.BytesIO()
    Image.fromarray(np.clip(image + noise, 0, 255).astype(np.uint8)).save(out, "JPEG", quality=85)
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


def cells_read(reading: Any, table: DrawnTable) -> list[Any]:
    """What the reader gave each drawn cell (row by row): its ``CellReading`` where one read cell is that
    cell (within 2 points), else ``None`` (cells merged or cut apart: the reader's assembly drops the row)."""
    scale = 72 / table.dpi
    out = []
    for left, top, right, bottom in table.cells:
        box = (left * scale, top * scale, right * scale, bottom * scale)
        found = [
            c for c in reading.cells.values() if all(abs(a - b) <= 2 for a, b in zip(c.box, box, strict=True))
        ]
        out.append(found[0] if len(found) == 1 else None)
    return out


def grid_read(reading: Any, rows: int, columns: int) -> list[Any] | None:
    """The reading of a page holding one ``rows`` × ``columns`` table, row by row, or ``None`` when the
    reader did not find it so (a photo's geometry is not the drawing's: places are by order)."""
    table = sorted((place, cell) for place, cell in reading.cells.items() if place[0] == 1)
    numbers = sorted({row for (_, row, _), _ in table})
    if len(numbers) != rows or any(
        sum(1 for (_, r, _), _ in table if r == row) != columns for row in numbers
    ):
        return None
    return [cell for _, cell in table]


Defect = Literal["seals", "corrections", "photo", "turned", "unturned"]


def defected_pages(pdf: bytes, dpi: int, defect: Defect, *, seed: str, angle: float = 2.5) -> Iterator[bytes]:
    """Each page of a PDF rendered at ``dpi`` with one kind of defect over its tables, as PNG bytes.

    - ``seals``: one to three seals in stamp ink, 2.5 to 4.5 cm, light to dark red, centred near a number
      of the page's tables (their rings, stars and names across numbers), then a scanner's defects;
    - ``corrections``: two to four numbers corrected by hand, the correction written above the number
      and reaching across the rule into the cell above, in black or blue, then a scanner's defects;
    - ``photo``: a phone's photo, turned by ``angle`` degrees either way, a keystone of 3 to 8 %;
    - ``turned``: scanned as by :func:`scanned_pages` (a stamp-ink seal), then turned a quarter, half
      or three quarters round, page by page;
    - ``unturned``: the same pages as ``turned`` (the same seals in the same places), left upright:
      what the seals cost without the turn.
    """
    import numpy as np
    import pdfplumber
    import pypdfium2
    from PIL import Image

    from disclosure_report._io.read.pdf import Chars, page_tables
    from disclosure_report._io.read.pdf_layers import plumber_layer

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        rows = [
            page_tables(plumber_layer(page).rules, Chars.of(page.chars), number, 1)[0]
            for number, page in enumerate(document.pages, start=1)
        ]
    scale = dpi / 72
    document = pypdfium2.PdfDocument(pdf)
    for index in range(len(document)):
        same = "turned" if defect == "unturned" else defect  # the turned pages' seals, not turned
        rng = random.Random(f"{seed.replace(defect, same)}-{index}-{dpi}-{same}")
        rgb = np.asarray(document[index].render(scale=scale).to_pil().convert("RGB"))
        # The numbers of the page's tables, each with the cell above it (None in a table's first row).
        numbers: list[tuple[tuple[int, ...], tuple[int, ...] | None]] = []
        for row in rows[index]:
            above = next(
                (r for r in rows[index] if r.table == row.table and r.number == row.number - 1), None
            )
            for box, text in row.cells:
                if text.strip().replace(".", "", 1).isdigit():
                    pixels = tuple(int(v * scale) for v in box)
                    over = None
                    if above is not None:
                        over = next(
                            (
                                tuple(int(v * scale) for v in b)
                                for b, _ in above.cells
                                if b[0] <= (box[0] + box[2]) / 2 <= b[2]
                            ),
                            None,
                        )
                    numbers.append((pixels, over))
        if defect == "seals":
            seals = []
            for _ in range(rng.randint(1, 3) if numbers else 0):
                (left, top, right, bottom), _ = rng.choice(numbers)
                centre = (
                    int((left + right) / 2 + rng.uniform(-0.4, 0.4) * dpi),
                    int((top + bottom) / 2 + rng.uniform(-0.3, 0.3) * dpi),
                )
                radius = int(rng.uniform(0.5, 0.9) * dpi)
                layer = seal_layer((rgb.shape[1], rgb.shape[0]), centre, dpi, radius=radius)
                seals.append((layer, (rng.randint(175, 215), 30, 35), rng.uniform(0.6, 1.0)))
            image = scan_defects(rgb, dpi, rng, seals=seals)
        elif defect == "corrections":
            image = rgb
            below = [(box, over) for box, over in numbers if over is not None]
            for box, over in rng.sample(below, min(len(below), rng.randint(2, 4))):
                ink = _ink_box(rgb, box)
                if ink is None or over is None:
                    continue
                reach = rng.uniform(0.3, 0.7) * (box[1] - over[1])  # how far into the cell above
                image = handwrite(
                    image,
                    "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3))),
                    left=rng.uniform(box[0], max(box[0] + 1, (box[0] + box[2]) / 2)),
                    bottom=ink[1] - 0.02 * dpi,
                    height=ink[1] - 0.02 * dpi - box[1] + reach,
                    rng=rng,
                    colour=rng.choice([(35, 40, 95), (20, 20, 25), (40, 60, 150)]),
                )
            image = scan_defects(image, dpi, rng)
        elif defect == "photo":
            image = photograph(
                rgb, dpi, rng, angle=rng.choice((-1, 1)) * angle, keystone=rng.uniform(0.03, 0.08)
            )
        else:
            seal_at = None
            if numbers:
                (left, top, right, bottom), _ = rng.choice(numbers)
                seal_at = ((left + right) // 2, (top + bottom) // 2)
            scanned = scan_page(rgb, dpi, rng, seal_at, "ink")
            turns = index % 3 + 1 if defect == "turned" else 0
            image = np.rot90(np.asarray(Image.open(io.BytesIO(scanned)).convert("RGB")), turns)
        out = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(image)).save(
            out, "PNG", dpi=(dpi, dpi), compress_level=PNG_LEVEL
        )
        yield out.getvalue()
    document.close()


def _ink_box(rgb: Any, box: tuple[int, ...]) -> tuple[int, int, int, int] | None:
    """The box of the print within a cell (a few pixels in from its rules), or ``None`` for none."""
    import numpy as np

    inset = 5
    left, top, right, bottom = box
    dark = rgb[top + inset : bottom - inset, left + inset : right - inset, 0] < 128
    rows, columns = np.flatnonzero(dark.any(axis=1)), np.flatnonzero(dark.any(axis=0))
    if rows.size == 0:
        return None
    return (
        left + inset + int(columns[0]),
        top + inset + int(rows[0]),
        left + inset + int(columns[-1]),
        top + inset + int(rows[-1]),
    )
