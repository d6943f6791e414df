"""Recognising one page image: its tables from their ruling lines, each cell's text, then its running text.

The engine only recognises text. The geometry is the PDF reader's own: the rules found in the image become
pdfplumber edges in points, :func:`.geometry.ruled_cells` makes the cells (merged cells come out as one
larger cell, as from a text layer), :func:`.geometry.table_rows` the rows; the page is then a
:class:`.geometry.Page` like any PDF page, so the alignment that never shifts a value is the same.

- **prepare**: the red channel (a red seal is nearly as light as the paper there, black print stays
  black), the background flattened, a small skew (±3°) measured on the projection profile and undone;
- **rules**: long thin openings of the ink, without a closing (it would join characters' strokes into
  rules), dropping runs with ink beside them along most of their length (a bold title's strokes); a rule
  hidden under a seal is bridged; rules that end together get a rule across their ends (a faint or cut
  border);
- **cells**: each cell's text lines cropped and recognised alone, the cell's confidence its least sure
  character's; a cell that could hold a number is decoded again with only digits allowed (a lone 0 is as
  much O or 〇 to a Chinese model), and given as a number only when every digit is sure, no seal that
  hides print lies over it, no seal's ink made paper touches a print no darker than that ink, no
  stroke of the seal's shades interrupts the digits, and no rule found runs through them (each may have
  taken part of a digit with it); otherwise it is given blank, never guessed, and :mod:`.scan` reports
  it.

Needs the ``ocr`` extra: rapidocr-onnxruntime, whose wheel carries its detection and recognition models
(nothing is downloaded), with numpy, OpenCV and onnxruntime.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Sequence
from typing import Any, Final, Literal

import attrs
import cv2 as _cv2
import numpy as np
import numpy.typing as npt

from .geometry import FRAME_TEXT, Box, Page, Row, TextLine, frame_cells, ruled_cells, table_rows
from .ocr_engine import (
    DIGITS,
    LOOKALIKES_OF,
    MAX_PAGE_SECONDS,
    Reading,
    Recognizer,
    check_time,
    give_back_memory,
    recognizer,
)
from .pdf_limits import LimitReached

Image = npt.NDArray[np.uint8]
Mask = npt.NDArray[np.bool_]
# OpenCV's stubs type every array as a union of its own types: taken as untyped, the arrays typed here.
cv2: Any = _cv2

THRESHOLD: Final = 0.8
"""The least confidence of every character of a number for it to be taken (lower: the cell is blank).

The lowest at which no value was wrong in the accuracy tests at 150 and 300 dpi, clean and scanned, with a
margin (docs/performance.md)."""
SEAL_LIMIT: Final = 0.01
"""A number is not taken from a cell with more of its inside than this under a seal that hides print."""
MAX_RULES_PER_PAGE: Final = 2_000
"""Candidate ruling lines of one orientation on a page (a report's page has fewer than 200)."""
MAX_CELLS_PER_PAGE: Final = 2_000
"""Table cells on one page (the form's pages have fewer than 250; ruled grid paper is not a report)."""
MAX_LINES_PER_PAGE: Final = 5_000
"""Text lines recognised in a page's cells."""

_LIGHTEST_MARK: Final = 230
"""The lightest shade (of 255, the paper flattened to white) counted as a mark of a light print."""
_FAINTEST: Final = 195
"""A light print whose darkest strokes are lighter than this is too faint to read (its hairlines lost)."""
_PERSPECTIVE: Final = 0.002
"""How much a page's scale may change across it (a share) for it to be taken as seen square on."""
_MAX_SEGMENTS: Final = 20_000
"""Line segments found on a page that are looked at (a report's page has a few thousand)."""
_STAMP_SHADE: Final = 225
"""The shade stamp ink alone is given, however dark: a light stamp's in the red channel (lighter than the
darkest ink rules are found from, 200, and than what the text image keeps, 205); print under it keeps its
share of that (a thin rule under a ring, 0.6 of paper, stays a rule)."""
_PAPER_SEAL: Final = 200
"""A seal's pixel given this shade or lighter is its ink made paper (no print under it is kept)."""
_HIDDEN_MARGIN: Final = 15
"""How much darker (of 255) than a seal's ink by it a print's lighter strokes must be to be told from it.

Measured on the seal sweep's pages (docs/performance.md): dark print's lighter strokes 40-146, a light
print's 149-186, the seals' darkest ink by them 155-203 (taken then in the flattened red channel; the
sweep was run again with the ink against its seal's paper, and no dark print's number was withheld)."""
_PRINT_RIM: Final = 0.0125
"""How far (inches) a print's blurred edge reaches beyond what is kept of it: a scan's blur and a JPEG's
ringing darken the seal's ink that far by the print (2.5 pixels at 200 dpi)."""
_SEAL_STROKE: Final = 0.045
"""A seal's ring's width in inches (about 1 mm); its name's strokes are thinner."""
_SEAL_PARTS: Final = 64
"""The largest red marks of a page whose hulls gather what they enclose into one seal."""
# What the digit-only decoding can turn into a digit: digits, the point, and their look-alikes.
_DIGIT_READINGS: Final = frozenset(DIGITS + "".join(LOOKALIKES_OF.values()))
# Ideographs among them (了 for 7, 〇 for 0): a reading with no other ideograph may be a number.
_LOOKALIKE_IDEOGRAPHS: Final = frozenset(ch for ch in _DIGIT_READINGS if "\u3000" <= ch <= "\u9fff")
# No count is printed with a leading zero (0 itself, and 0.5, are): "04037" is a mark read before 4037.
_NUMBER: Final = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９．", "0123456789.")


# --- the image ----------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class Prepared:
    """A page image ready to read: flattened and deskewed, with its masks."""

    grey: Image
    """White paper, dark print."""
    text: Image
    """The same with light residue (a seal's ring in the red channel, JPEG halos) made white."""
    ink: Mask
    red: Mask
    """Where a red seal is."""
    angle: float
    """Degrees the scan was turned by (undone)."""
    dpi: float
    stamp: Image | None = None
    """Where a seal's ink was made paper, its shade as it was (its red channel against the paper around
    its seal); 255 elsewhere. ``None`` for a page without a seal."""


def _flatten(grey: Image, dpi: float) -> Image:
    size = max(15, int(dpi * 0.12)) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    background: Image = cv2.GaussianBlur(cv2.morphologyEx(grey, cv2.MORPH_CLOSE, kernel), (0, 0), size / 2)
    # In 8 bits (OpenCV saturates): a page's float copies would take four times its pixels each.
    flat: Image = cv2.divide(grey, cv2.max(background, 1), scale=255)
    return flat


def _without_seal_ink(flat: Image, image: Image, tinted: Mask, seals: Image) -> Image:
    """Make stamp ink paper in ``flat`` (in place), however dark the stamp, and keep the print under it.

    A tinted pixel's shade is its red channel as a share of its seal's own (the median over the seal's
    tinted pixels), of :data:`_STAMP_SHADE`: stamp ink alone is light, print under it dark (the red
    channel as it is shows a dark stamp as print: its ring read as a stroke, 3 as 0). A JPEG keeps colour
    at half the resolution of luma, and bleeds a seal's red into a thin stroke under it (the 1 of 13 under
    a star lighter than print in the red channel, read as 3): where luma, as a share of the seal's, says
    plainly print, it is taken. Luma alone is not: it shows print at a ring's edge, half under the ring,
    twice as light as it is.

    Returns where the ink was made paper, with its shade as print's is measured: its red channel as a
    share of the paper around its seal (the seal's untinted pixels' lightest tenth), for the cells to
    tell a print no darker than the ink (:func:`_hidden_by_stamp`). Not the flattened page's: a star
    wider than the flattening's window is its own background there, as light as paper.
    """
    luma = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    count, labels = cv2.connectedComponents(seals, connectivity=8)
    where = np.flatnonzero(tinted)
    owner = labels.ravel()[where]
    around = np.flatnonzero((seals > 0) & ~tinted)
    papers = np.full(count, 255.0, np.float32)
    if around.size:
        paper_owner = labels.ravel()[around]
        paper_red = image[:, :, 0].ravel()[around].astype(np.float32)
        papers = np.maximum(_per_seal_quantile(paper_owner, paper_red, 0.9, count), 1.0)
    del labels, around
    red = image[:, :, 0].ravel()[where].astype(np.float32)
    light = luma.ravel()[where].astype(np.float32)
    del luma
    own_red, own_light = _per_seal_median(owner, red), _per_seal_median(owner, light)
    share = np.minimum(red / np.maximum(own_red, 1.0), 1.0)
    by_light = light / np.maximum(own_light, 1.0)
    share = np.where(by_light < 0.5, np.minimum(share, by_light), share)
    shades = (share * _STAMP_SHADE).astype(np.uint8)
    stamp = np.full(flat.shape, 255, np.uint8)
    paper = shades >= _PAPER_SEAL
    own_paper = papers[owner[paper]]
    stamp.ravel()[where[paper]] = np.clip(red[paper] * 255 / own_paper, 0, 254).astype(np.uint8)
    flat.ravel()[where] = shades
    return stamp


def _per_seal_quantile(
    owner: npt.NDArray[np.int32], values: npt.NDArray[np.float32], quantile: float, count: int
) -> npt.NDArray[np.float32]:
    """Each seal's ``quantile`` of its values, in n log n.

    ``owner`` numbers the seals, below ``count``; a seal without values gets 255, paper.
    """
    order = np.lexsort((values, owner))
    ranked = owner[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    ends = np.r_[starts[1:], ranked.size]
    out = np.full(count, 255.0, np.float32)
    at = starts + ((ends - 1 - starts) * quantile).astype(np.int64)
    out[ranked[starts]] = values[order][at]
    return out


def _per_seal_median(
    owner: npt.NDArray[np.int32], values: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Each value's seal's median value (``owner`` numbers the seals), in n log n."""
    order = np.lexsort((values, owner))
    ranked = owner[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    ends = np.r_[starts[1:], ranked.size]
    medians = np.zeros(int(owner.max()) + 1, np.float32)
    medians[ranked[starts]] = values[order][(starts + ends) // 2]
    median: npt.NDArray[np.float32] = medians[owner]
    return median


def _skew(ink: Mask, dpi: float) -> float:
    """The page's skew in degrees: where the horizontal projection of the ink is sharpest."""
    scale = min(1.0, 100 / dpi)
    small = cv2.resize(ink.astype(np.uint8) * 255, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
        return float(np.sum(np.diff(turned.sum(axis=1, dtype=np.float64)) ** 2))

    # Of equally sharp angles the smallest (a page without ink is not turned by 3 degrees).
    best = max(sorted(np.arange(-3.0, 3.01, 0.25).tolist(), key=abs), key=sharpness)
    return float(max(sorted(np.arange(best - 0.25, best + 0.26, 0.05).tolist(), key=abs), key=sharpness))


def _rectifying(flat: Image, dpi: float) -> npt.NDArray[np.float64] | None:
    """The homography that sets a photographed page straight, or ``None`` for a page seen square on.

    A phone's photo is in perspective (the page's far edge shorter, a keystone) and turned: a table's
    rules converge, and no single turn makes them run straight, so a crop takes in a slanted rule (4037
    read as 40371). The page's long straight lines (its rules, its edge) found at 100 dpi are two
    families, across and down; each meets at a vanishing point, and the homography that sends both to
    infinity, the one across along x and the one down along y, is the page seen square on, at the scale
    it has at its middle. A scan's lines are parallel: when the page bends by less than
    :data:`_PERSPECTIVE` of its size and its rules cross square, it is left to the turn measured after.
    Bounded: one line detection at 100 dpi, and an eigenvector of a 3 × 3 matrix a few times.
    """
    scale = min(1.0, 100 / dpi)
    small = cv2.resize(flat, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    found = cv2.createLineSegmentDetector().detect(small)[0]
    if found is None:
        return None
    segments = found.reshape(-1, 4).astype(np.float64)[:_MAX_SEGMENTS] / scale
    vectors = segments[:, 2:] - segments[:, :2]
    length = np.hypot(vectors[:, 0], vectors[:, 1])
    angle = np.degrees(np.arctan2(vectors[:, 1], vectors[:, 0])) % 180
    long = length >= 0.6 * dpi  # longer than a line of characters' strokes
    height, width = flat.shape
    centre, size = np.array([width / 2, height / 2]), float(max(width, height))
    families = []
    for family in (long & ((angle < 20) | (angle > 160)), long & (np.abs(angle - 90) < 20)):
        if np.count_nonzero(family) < 3:
            return None
        families.append(_vanishing(segments[family], length[family], centre, size))
    across, down = families
    if across is None or down is None:
        return None
    horizon = np.cross(across, down)
    if abs(horizon[2]) < 1e-12:
        return None
    horizon = horizon / horizon[2]
    corners = np.array([[-width, -height], [width, -height], [width, height], [-width, height]]) / (2 * size)
    bend = float(np.max(np.abs(corners @ horizon[:2])))
    projective = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [horizon[0], horizon[1], 1.0]])
    directions = []
    for point, axis in ((across, 0), (down, 1)):
        direction = (projective @ point)[:2]
        direction = direction / np.linalg.norm(direction)
        directions.append(direction if direction[axis] > 0 else -direction)
    square = float(np.degrees(np.arccos(np.clip(abs(directions[0] @ directions[1]), 0.0, 1.0))))
    if bend < _PERSPECTIVE and abs(90 - square) < 0.1:
        return None
    homography = np.eye(3)
    homography[:2, :2] = np.linalg.inv(np.column_stack(directions))
    homography = homography @ projective
    to_unit = np.array([[1 / size, 0, -centre[0] / size], [0, 1 / size, -centre[1] / size], [0, 0, 1]])
    pixels: npt.NDArray[np.float64] = np.linalg.inv(to_unit) @ homography @ to_unit
    return pixels


def _vanishing(
    segments: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    centre: npt.NDArray[np.float64],
    size: float,
) -> npt.NDArray[np.float64] | None:
    """Where a family of segments meets (homogeneous, in units of the page's size about its centre).

    The point nearest every segment's line, weighted by its length; segments more than three times the
    typical angle off it (a stroke of text, a seal's arc) are set aside and it is found again.
    """
    start, end = (segments[:, :2] - centre) / size, (segments[:, 2:] - centre) / size
    ones = np.ones((len(segments), 1))
    lines = np.cross(np.hstack([start, ones]), np.hstack([end, ones]))
    lines /= np.linalg.norm(lines[:, :2], axis=1, keepdims=True)
    middle = (start + end) / 2
    direction = (end - start) / np.linalg.norm(end - start, axis=1, keepdims=True)
    keep = np.ones(len(segments), bool)
    point: npt.NDArray[np.float64] | None = None
    for _ in range(3):
        if np.count_nonzero(keep) < 3:
            return None
        weighted = lines * (weights * keep)[:, None]
        point = np.linalg.eigh(weighted.T @ lines)[1][:, 0]
        toward = point[:2] - middle * point[2]
        cosine = np.abs(np.sum(direction * toward, axis=1)) / np.maximum(
            np.linalg.norm(toward, axis=1), 1e-12
        )
        off = np.degrees(np.arccos(np.clip(cosine, 0.0, 1.0)))
        keep = off <= max(0.3, 3 * float(np.median(off[keep])))
    return point


def prepare(image: Image, dpi: float) -> Prepared:
    """A page image (RGB or grey) ready to read."""
    tinted: Mask | None = None
    if image.ndim == 3:
        grey = np.ascontiguousarray(image[:, :, 0])
        # How much redder each pixel is than its other channels (8 bits, saturating: no wider copy).
        tinted = cv2.subtract(grey, np.maximum(image[:, :, 1], image[:, :, 2])) > 40
        red = tinted.astype(np.uint8) * 255
        size = max(3, int(dpi * 0.03)) | 1
        red = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
        closing = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (3 * size, 3 * size))
        red = cv2.morphologyEx(red, cv2.MORPH_CLOSE, closing)
    else:
        grey = image
        red = np.zeros(image.shape, np.uint8)
    flat = _flatten(grey, dpi)
    stamp = None
    if tinted is not None and tinted.any():
        stamp = _without_seal_ink(flat, image, tinted, red)
    del tinted
    homography = _rectifying(flat, dpi)
    if homography is not None:  # a photo: its rules run straight across and down again
        frame = (flat.shape[1], flat.shape[0])
        flat = cv2.warpPerspective(flat, homography, frame, flags=cv2.INTER_CUBIC, borderValue=255)
        red = cv2.warpPerspective(red, homography, frame, flags=cv2.INTER_NEAREST, borderValue=0)
        if stamp is not None:
            stamp = cv2.warpPerspective(stamp, homography, frame, flags=cv2.INTER_NEAREST, borderValue=255)
    dark = flat < 160
    # A light print (its rules and text lighter than a dark core) is straightened by its visible marks.
    angle = _skew(dark if np.count_nonzero(dark) >= 0.001 * dark.size else flat < 200, dpi)
    if abs(angle) >= 0.05:
        height, width = flat.shape
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        flat = cv2.warpAffine(flat, matrix, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)
        red = cv2.warpAffine(red, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)
        if stamp is not None:
            stamp = cv2.warpAffine(stamp, matrix, (width, height), flags=cv2.INTER_NEAREST, borderValue=255)
    # What is lighter than 205 of 255 becomes white; print keeps its shades.
    text = cv2.LUT(flat, _TEXT_SHADES)
    return Prepared(flat, text, flat < 160, red > 0, -angle, dpi, stamp)


_TEXT_SHADES: Final = np.clip((np.arange(256, dtype=np.float32) - 30) * (255 / (205 - 30)), 0, 255).astype(
    np.uint8
)
"""Each shade of the flattened page in its text image: lighter than 205 is white, print keeps its shade."""


# --- the rules ----------------------------------------------------------------------------------------

_Segment = list[int]  # x, y, width, height in pixels


@attrs.frozen(eq=False)
class Rules:
    """A page's ruling lines: as pdfplumber edges, as pixels, and where seals hide the print."""

    edges: list[dict[str, Any]]
    """In points, as pdfplumber's table functions take them."""
    hides: Mask
    """Where a seal hides the print under it."""
    lines: Mask
    """The rules' own pixels, and a pixel around them (a blurred rule's edge)."""


def rule_edges(prepared: Prepared, deadline: float = float("inf")) -> Rules:
    """The page's ruling lines as pdfplumber edges in points and as pixels, and where seals hide print.

    A seal hides print when the rules running under it are mostly not dark there (an opaque stamp);
    stamp ink over toner, as usual, leaves the rules, and the digits, dark in the red channel.
    """
    dpi = prepared.dpi
    # Lighter than for text: a thin rule at 150 dpi, blurred, is grey.
    dark = prepared.grey < 200
    ink = dark.astype(np.uint8) * 255
    # Longer than any run of characters' strokes; a report's rules run over several cells or rows.
    across, down = max(40, int(dpi * 0.5)), max(25, int(dpi * 0.3))
    red = prepared.red.astype(np.uint8) * 255
    sealed = bool(prepared.red.any())
    rim = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))) if sealed else red
    found: dict[str, list[_Segment]] = {}
    for orientation in ("h", "v"):
        kernel = (across, 1) if orientation == "h" else (1, down)
        element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        # The seal counts as ink for the opening, so that a rule's pieces on either side of it stay long
        # enough to be found; then the seal is taken away (its ring and star are not rules), and the
        # pieces of one rule are joined again across it.
        mask = cv2.morphologyEx(cv2.bitwise_or(ink, red), cv2.MORPH_OPEN, element)
        if sealed:
            # Without the seal and its rim where they are not dark (stamp ink leaves the print under it
            # dark, a seal painted over the print leaves nothing), opened again with a shorter line:
            # what stays of the seal are thin arcs, a rule's pieces stay whole.
            mask = cv2.bitwise_and(mask, cv2.bitwise_or(cv2.bitwise_not(rim), ink))
            short = (max(1, int(0.3 * kernel[0])), max(1, int(0.3 * kernel[1])))
            mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, short))
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        if count > MAX_RULES_PER_PAGE:
            raise LimitReached(
                f"a page has more than {MAX_RULES_PER_PAGE} ruling lines (not a report's table)"
            )
        check_time(deadline)
        segments: list[_Segment] = []
        for index in range(1, count):
            x, y, width, height = (int(v) for v in stats[index][:4])
            if sealed and max(width, height) < 0.3 * max(kernel):
                continue  # a stroke beside the seal, long only with it
            thick = height if orientation == "h" else width
            if thick > max(6, 0.04 * dpi):  # a filled block (a dark heading band, a logo)
                continue
            if _crowded(dark, (x, y, width, height), orientation, dpi):
                continue  # the strokes of a line of (bold) text
            segments.append([x, y, width, height])
        if orientation == "v":  # the rules of a single row are shorter than the opening's line
            segments += _row_rules(found["h"], segments, dark, dpi)
        if sealed:
            segments = _reaching_beyond_seals(segments, prepared.red, orientation, max(kernel))
        covered = prepared.red | prepared.ink
        found[orientation] = _bridge_seal_gaps(segments, covered, prepared.red, orientation)
    if sealed:
        _reach_across_seals(found, prepared.red, {"h": across, "v": down})
    hides = _hiding_seals(prepared, found)
    pt = 72.0 / dpi
    edges: list[dict[str, Any]] = []
    for x, y, width, height in found["h"]:
        middle = (y + height / 2) * pt
        edges.append(_edge("h", x * pt, (x + width) * pt, middle, middle))
    for x, y, width, height in found["v"]:
        middle = (x + width / 2) * pt
        edges.append(_edge("v", middle, middle, y * pt, (y + height) * pt))
    edges += _closing_rules(found["h"], edges, dpi)
    lines = np.zeros(prepared.grey.shape, np.uint8)
    for x, y, width, height in found["h"] + found["v"]:
        lines[y : y + height, x : x + width] = 1
    around = 2 * max(1, round(dpi / 150)) + 1
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (around, around)))
    return Rules(edges, hides, lines > 0)


def _edge(orientation: Literal["h", "v"], x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _row_rules(horizontal: list[_Segment], vertical: list[_Segment], ink: Mask, dpi: float) -> list[_Segment]:
    """Vertical rules of one row: thin columns of ink running the whole way between two horizontal rules.

    A row of a web page's table is about 20 points high, less than the opening finds; text never runs
    from one rule to the next (a cell has padding).
    """
    if len(horizontal) > 1_000:  # not a report's table
        return []
    thickest = max(6, int(0.04 * dpi))
    found: list[_Segment] = []
    ordered = sorted(horizontal, key=lambda s: s[1])
    for index, upper in enumerate(ordered):
        lower = next(
            (
                h
                for h in ordered[index + 1 :]
                if h[1] > upper[1] + upper[3] + 4
                and min(h[0] + h[2], upper[0] + upper[2]) - max(h[0], upper[0]) > 0
            ),
            None,
        )
        if lower is None:
            continue
        top, bottom = upper[1] + upper[3], lower[1]
        left, right = max(upper[0], lower[0]), min(upper[0] + upper[2], lower[0] + lower[2])
        full = np.flatnonzero(ink[top:bottom, left:right].mean(axis=0) >= 0.95)
        runs = np.split(full, np.flatnonzero(np.diff(full) > 1) + 1) if full.size else []
        for run in runs:
            x, width = left + int(run[0]), int(run[-1] - run[0] + 1)
            covered = any(
                v[0] <= x + width and x <= v[0] + v[2] and v[1] <= top and v[1] + v[3] >= bottom
                for v in vertical
            )
            if width <= thickest and not covered:
                found.append([x, upper[1], width, lower[1] + lower[3] - upper[1]])
    return found


def _crowded(ink: Mask, box: tuple[int, int, int, int], orientation: str, dpi: float) -> bool:
    """Whether a candidate rule has ink just beside it along most of its length (characters' strokes)."""
    x, y, width, height = box
    gap, band = max(2, int(0.012 * dpi)), max(2, int(0.015 * dpi))
    if orientation == "h":
        above = ink[max(0, y - gap - band) : max(0, y - gap), x : x + width].any(axis=0)
        below = ink[y + height + gap : y + height + gap + band, x : x + width].any(axis=0)
    else:
        above = ink[y : y + height, max(0, x - gap - band) : max(0, x - gap)].any(axis=1)
        below = ink[y : y + height, x + width + gap : x + width + gap + band].any(axis=1)
    if above.size == 0 or below.size == 0:
        return False
    # Text touching a rule, or crossing rules, cover a small share of it.
    return float(np.mean(above | below)) > 0.5


def _reaching_beyond_seals(
    segments: list[_Segment], red: Mask, orientation: str, least: int
) -> list[_Segment]:
    """The segments but strokes within a seal: those under it end to end, short, and not on a rule's line.

    A segment that begins and ends under a seal is kept when it is ``least`` long or a rule beyond the
    seal runs on in it.

    Under a seal the opening counts the seal as ink, and a digit's stroke along its ring was found as a
    rule (an 8 under the ring's side: its cell cut in two, its digits read apart). A rule within a seal
    is as long as one found without its help, or runs on beyond it.
    """
    along, across, length, thick = (0, 1, 2, 3) if orientation == "h" else (1, 0, 3, 2)

    def middle(segment: _Segment) -> int:
        return segment[across] + segment[thick] // 2

    def under(segment: _Segment, at: int) -> bool:
        return bool(red[middle(segment), at] if orientation == "h" else red[at, middle(segment)])

    def within(segment: _Segment) -> bool:
        first, last = segment[along], segment[along] + segment[length] - 1
        return under(segment, first) and under(segment, last)

    beyond = [middle(s) for s in segments if not within(s)]
    return [
        s
        for s in segments
        if s[length] >= least or not within(s) or any(abs(middle(s) - m) <= 3 for m in beyond)
    ]


def _bridge_seal_gaps(segments: list[_Segment], covered: Mask, red: Mask, orientation: str) -> list[_Segment]:
    """Collinear pieces of one rule joined across a gap that a seal (or the seal and print) covers."""
    if not red.any():
        return segments
    along, across, length, thick = (0, 1, 2, 3) if orientation == "h" else (1, 0, 3, 2)

    def centre(segment: _Segment) -> float:
        return segment[across] + segment[thick] / 2

    # Lines: pieces whose centres are within 2 pixels (a piece cut by the seal may be a pixel thinner).
    lines: list[list[_Segment]] = []
    for segment in sorted(segments, key=centre):
        if lines and centre(segment) - centre(lines[-1][0]) <= 2:
            lines[-1].append(segment)
        else:
            lines.append([segment])
    out: list[_Segment] = []
    for line in lines:
        joined: list[_Segment] = []
        for segment in sorted(line, key=lambda s: s[along]):
            if joined:
                last = joined[-1]
                start, end = last[along] + last[length], segment[along]
                middle = int(centre(last))
                gap = covered[middle, start:end] if orientation == "h" else covered[start:end, middle]
                seal = red[middle, start:end] if orientation == "h" else red[start:end, middle]
                if end > start and gap.mean() >= 0.9 and seal.any():
                    last[length] = max(last[length], segment[along] + segment[length] - last[along])
                    continue
            joined.append(list(segment))
        out += joined
    return out


def _reach_across_seals(found: dict[str, list[_Segment]], red: Mask, least: dict[str, int]) -> None:
    """Lengthen (in place) a rule that ends under a seal to the nearest rule across it under the seal.

    Where a ring runs along a thin rule, the rule under it may be too faint to be found, and the cells on
    either side would be taken for one. A rule goes on under a seal until it meets another; never beyond
    the seal (no cell is made where the seal alone is). Only a rule: a segment that meets a rule across
    at its other end, or is ``least`` long (the opening's line); a short stroke by the seal (its ring's
    side, a digit's stroke) lengthened to the rules above and below cut its cell in two.
    """
    for orientation, others in (("h", found["v"]), ("v", found["h"])):
        along, across, length, thick = (0, 1, 2, 3) if orientation == "h" else (1, 0, 3, 2)
        for segment in found[orientation]:
            middle = segment[across] + segment[thick] // 2
            line = red[middle] if orientation == "h" else red[:, middle]
            first, last = segment[along], segment[along] + segment[length] - 1
            start, end = first, last
            if line[first]:  # how far the seal goes on before the segment's start, and after its end
                while start > 0 and line[start - 1]:
                    start -= 1
            if line[last]:
                while end + 1 < line.size and line[end + 1]:
                    end += 1
            # A rule across is a segment of the other orientation: its place is along this one.
            crossing = [
                other[along] + other[length] // 2
                for other in others
                if other[across] - 2 <= middle <= other[across] + other[thick] + 1
            ]
            near = max(3, segment[thick])
            long = segment[length] >= least[orientation]
            before = [at for at in crossing if start <= at < first]
            after = [at for at in crossing if last < at <= end]
            if not long and not any(abs(at - last) <= near for at in crossing):
                before = []
            if not long and not any(abs(at - first) <= near for at in crossing):
                after = []
            if before:
                segment[length] += first - max(before)
                segment[along] = max(before)
            if after:
                segment[length] = min(after) - segment[along] + 1


def _hiding_seals(prepared: Prepared, found: dict[str, list[_Segment]]) -> Mask:
    """Where the page's seals hide print: each seal judged alone, by the rules running under it.

    A seal hides print when the rules under it are mostly lighter there than the page's rules elsewhere;
    one that crosses no rule cannot be judged, and is taken to hide. A seal is its ring with all it
    encloses (a star, characters: parts apart in the mask that cross no rule themselves). Two seals on
    one page (a painted digital seal and a wet stamp) get their own verdicts.
    """
    if not prepared.red.any():
        return prepared.red
    red = prepared.red.astype(np.uint8)
    contours, _ = cv2.findContours(red, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    seals = red.copy()
    # The largest parts' hulls only: a page has few seals, and each fill costs its hull's area.
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:_SEAL_PARTS]:
        cv2.fillConvexPoly(seals, cv2.convexHull(contour), 1)
    count, labels = cv2.connectedComponents(seals, connectivity=8)
    labels[~prepared.red] = 0
    under = np.zeros(count, np.int64)
    dark = np.zeros(count, np.int64)
    shades: list[npt.NDArray[np.uint8]] = []
    places: list[npt.NDArray[np.int32]] = []
    for orientation, segments in found.items():
        for x, y, width, height in segments:
            if orientation == "h":
                middle = y + height // 2
                places.append(labels[middle, x : x + width])
                shades.append(prepared.grey[max(0, middle - 1) : middle + 2, x : x + width].min(axis=0))
            else:
                middle = x + width // 2
                places.append(labels[y : y + height, middle])
                shades.append(prepared.grey[y : y + height, max(0, middle - 1) : middle + 2].min(axis=1))
    if places:
        place, shade = np.concatenate(places), np.concatenate(shades)
        # Nearer the page's rules where no seal is (a light print's are about 150) than paper: stamp ink
        # taken away leaves a rule under it as dark as elsewhere, give or take the JPEG's noise.
        outside = shade[place == 0]
        bound = max(160.0, (float(np.median(outside)) + 255) / 2) if outside.size else 160.0
        under = np.bincount(place, minlength=count)
        dark = np.bincount(place[shade < bound], minlength=count)
    hides = (under < 0.1 * prepared.dpi) | (dark < 0.8 * under)
    hides[0] = False  # not a seal
    hidden: Mask = hides[labels]
    return hidden


def _closing_rules(
    horizontal: list[_Segment], edges: list[dict[str, Any]], dpi: float
) -> list[dict[str, Any]]:
    """Rules across where three or more horizontal rules end together without a vertical rule there.

    A table whose border is missing, too faint (a browser's hairline) or cut by the image's edge: as
    :func:`.geometry.ruled_cells` closes a table cut by a page break.
    """
    pt = 72.0 / dpi
    near = max(3, int(0.02 * dpi))
    vertical = [edge for edge in edges if edge["orientation"] == "v"]
    added: list[dict[str, Any]] = []
    for side in (0, 1):
        ends = sorted((s[0] + side * s[2], s) for s in horizontal)
        groups: list[list[tuple[int, _Segment]]] = []
        for x, segment in ends:
            if groups and x - groups[-1][-1][0] <= near:
                groups[-1].append((x, segment))
            else:
                groups.append([(x, segment)])
        for group in groups:
            if len(group) < 3:
                continue
            x_pt = statistics.median(x for x, _ in group) * pt
            top = min(s[1] for _, s in group) * pt
            bottom = max(s[1] + s[3] for _, s in group) * pt
            if any(
                abs(v["x0"] - x_pt) <= near * pt and v["top"] <= top + 2 and v["bottom"] >= bottom - 2
                for v in vertical
            ):
                continue
            added.append(_edge("v", x_pt, x_pt, top, bottom))
    return added


# --- the cells ----------------------------------------------------------------------------------------


@attrs.frozen
class CellReading:
    """What was recognised in one table cell, and what the reader is given."""

    box: Box
    text: str
    """The free reading."""
    confidence: float
    digits: str | None
    digits_confidence: float
    sealed: bool
    """Under a seal that hides print, or under a seal's ink as dark as the print it touches."""
    lines: int
    """Text lines found in the cell (0: no ink, an empty cell)."""
    faint: bool
    """Marks too light to read as text (a faint print, a pencil): the cell is not taken for empty."""
    shown: str
    """What the reader is given: the text, a sure number, or "" (blank)."""
    marked: bool = False
    """Ink that crosses the cell's border lies by its print (:attr:`CellLines.marked`)."""

    @property
    def withheld(self) -> Literal["uncertain", "seal", "marked"] | None:
        """Why a cell was given blank though it may hold a number, if it was.

        A cell under a seal that hides print may look empty because the seal hid all of it; one that a
        stroke crosses may have held a number the stroke runs through.
        """
        if self.shown:
            return None
        if self.sealed:
            return "seal"
        if self.marked:
            return "marked"
        return "uncertain" if self.lines or self.faint else None


def _line_bands(ink: Mask, least: float) -> list[tuple[int, int]]:
    """Rows of ink as text lines; ``least`` is the least height of a line (a faint 8 is three bands)."""
    rows: list[bool] = np.any(ink, axis=1).tolist()
    bands: list[tuple[int, int]] = []
    start: int | None = None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, len(rows)))
    if not bands:
        return []
    # A character with gaps across it (三, 二) is several bands: merged while they stay one line high.
    tallest = max(b - a for a, b in bands)
    full = [b - a for a, b in bands if b - a >= 0.6 * tallest]
    line = max(statistics.median(full) if full else tallest, least)
    merged = [bands[0]]
    for a, b in bands[1:]:
        if b - merged[-1][0] <= 1.4 * line:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _marks(mask: Mask, edge: int, least: int) -> tuple[Mask, npt.NDArray[np.int32]]:
    """A cell's marks, and their boxes (x, y, width, height).

    Without specks, rule remnants along its edges, or what lies wholly along an edge.
    """
    mask = mask.copy()
    height, width = mask.shape
    # Rule remnants along the edges only: a "1" is a full-height column too.
    for y in [*range(edge), *range(height - edge, height)]:
        if mask[y].sum() > 0.7 * width:
            mask[y] = False
    for x in [*range(edge), *range(width - edge, width)]:
        if mask[:, x].sum() > 0.7 * height:
            mask[:, x] = False
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    left, top, wide, tall = (stats[1:, i] for i in range(4))
    along_edge = (
        (left + wide <= edge) | (left >= width - edge) | (top + tall <= edge) | (top >= height - edge)
    )
    keep = np.zeros(count, bool)
    keep[1:] = (stats[1:, cv2.CC_STAT_AREA] >= least) & ~along_edge
    boxes: npt.NDArray[np.int32] = stats[1:, :4][keep[1:]]
    kept: Mask = keep[labels]
    return kept, boxes


@attrs.frozen(eq=False)
class CellLines:
    """A cell's text lines as grey crops (none for an empty cell), each with the marks it holds."""

    crops: list[Image]
    marks: list[int]
    light: bool = False
    """A light print, without a dark core: its numbers are held to a stricter confidence."""
    faint: bool = False
    """Marks too faint to read (no crops): the cell is reported, not taken for empty."""
    marked: bool = False
    """Ink that is not the cell's print lies by it: ink that crosses the cell's border (a correction
    written across the rule, a stroke across the table, a rule where none was found), or marks out of
    line with the rest of theirs (a correction written beside the number), or a rule found through the
    digits where no seal is (:func:`rule_through_print`). No number is taken from it."""
    stamped: bool = False
    """A seal's ink, made paper, touches the print, and the print is no darker than that ink: part of a
    digit may have gone with it (:func:`_hidden_by_stamp`), or its strokes are interrupted where a seal's
    ink lies (:func:`_interrupted_by_seal`), or a seal in the cell made a digit's stroke a rule found
    through the digits (:func:`rule_through_print`). No number is taken from it."""


def cell_crops(prepared: Prepared, box: Box, rules: Mask | None = None) -> CellLines:
    """The text lines of a cell as grey crops, each with the marks it holds.

    Lines are found from the print's dark core (or, for a light print without one, its visible marks);
    each crop spans every visible mark of its line (a light digit's edges are lighter than print), and
    the marks are counted, so that a reading with fewer characters than marks is known to have dropped
    one (105 read as 10). Ink that crosses the cell's border (``rules``, the page's rule pixels, are not
    ink here) is no print of the cell's: it is taken out, and a cell where it lies by the print is
    :attr:`CellLines.marked`.
    """
    inset = max(3, round(0.02 * prepared.dpi))
    x0, y0, x1, y1 = _pixels(box, prepared.dpi, inset)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return CellLines([], [])
    edge = max(2, int(0.01 * prepared.dpi))
    least = max(3, int((prepared.dpi / 150) ** 2 * 4))
    shade, red = prepared.grey[y0:y1, x0:x1], prepared.red[y0:y1, x0:x1]
    foreign = _crossing_ink(prepared, rules, (x0, y0, x1, y1), inset)
    crossed = bool(foreign.any())
    if crossed:  # taken out of everything the cell's lines are found, counted and cropped from
        shade = np.where(foreign, np.uint8(255), shade)
    # A crop holds the cell's print and nothing else: what of the rules reaches into the cell (a rule's
    # blurred edge, a slanted rule's end: the left rule read as the 1 of 1847), the stroke across its
    # border, any ink along its edges, are paper in it; a speck within it (a decimal point) stays.
    seen = shade < 200
    debris = (seen & ~_marks(seen, edge, 1)[0]) | foreign
    if rules is not None:
        debris |= rules[y0:y1, x0:x1]
    grey = prepared.text[y0:y1, x0:x1]
    ink, _ = _marks(prepared.ink[y0:y1, x0:x1] & ~foreign, edge, least)
    light = ink.sum() < least * 2
    print_bound = _under_seal(shade)
    if not light:
        # Marks lighter than print's core (a light digit's edges); under a seal only print, darker. They
        # are counted with the seal's ink told from print by the print's own darkness (a light 0 under
        # the ring is one mark, not two); the crops keep to what is darker than any seal (a ring through
        # a 3 taken into its crop made 1362 read as 162 at 0.97). Dark print's bound is 160: one pass.
        visible, marks = _marks((shade < 200) & (~red | (shade < 160)), edge, least)
        counted = (
            marks
            if print_bound == 160
            else _marks((shade < 200) & (~red | (shade < print_bound)), edge, least)[1]
        )
    else:
        # A light print (a thin typeface, a pale toner) has no dark core. Its marks, counted to a lighter
        # shade (a digit fainter than the rest still counts) and told from a seal's ink by their own
        # darkness, are its lines; its crops are its own shades darkened (the page's text image drops a
        # light print's hairlines: an 8 became an S).
        visible, marks = _marks((shade < _LIGHTEST_MARK) & (~red | (shade < print_bound)), edge, least)
        counted = marks
        ink = visible
        if ink.sum() < least * 2:
            return CellLines([], [], marked=crossed)
        if np.percentile(shade[visible], 5) > _FAINTEST:  # its thin strokes lost in the paper
            return CellLines([], [], faint=True, marked=crossed)
        grey = _darkened(shade, red, print_bound)
    if debris.any():
        grey = np.where(cv2.dilate(debris.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0, 255, grey)
        grey = grey.astype(np.uint8)
    height, _ = ink.shape
    crops, counts = [], []
    uneven = False
    for a, b in _line_bands(ink, 0.09 * prepared.dpi):
        line, in_line = _line_marks(marks, a, b), _line_marks(counted, a, b)
        count = len(in_line)
        # Specks (a millimetre or less: noise, a JPEG's dust) are no digits, written or printed.
        uneven = uneven or not _in_line(in_line[in_line[:, 3] >= 0.04 * prepared.dpi])
        columns = np.flatnonzero((ink[a:b] | visible[a:b]).any(axis=0))
        if len(columns) == 0:
            continue
        left, right = int(columns[0]), int(columns[-1]) + 1
        top, bottom = a, b
        if len(line):  # a light mark's edges, beyond the core
            left, right = min(left, int(line[:, 0].min())), max(right, int((line[:, 0] + line[:, 2]).max()))
            # ...and above and below it, within half a line.
            top = max(min(a, int(line[:, 1].min())), a - (b - a) // 2)
            bottom = min(max(b, int((line[:, 1] + line[:, 3]).max())), b + (b - a) // 2)
        pad = max(2, int(0.25 * (b - a)))
        crop = grey[max(0, top - pad // 2) : min(height, bottom + pad // 2), max(0, left - pad) : right + pad]
        bordered = cv2.copyMakeBorder(crop, pad // 2, pad // 2, pad, pad, cv2.BORDER_CONSTANT, value=255)
        crops.append(bordered)
        counts.append(count)
    marked = crossed and (not crops or _beside(foreign, visible | ink, 0.04 * prepared.dpi))
    print_ink = (visible | ink) & ~debris
    # The seal's marks that are neither print nor paper: its darker strokes, and what it left of print.
    between = red & ~debris & (shade < _PAPER_SEAL)
    stamped = prepared.stamp is not None and (
        _hidden_by_stamp(shade, prepared.stamp[y0:y1, x0:x1], red, print_ink, prepared.dpi)
        or _interrupted_by_seal(between, print_ink, prepared.dpi)
    )
    # A rule found through the digits took the print under it out of the crop (a seal's point made a
    # 6's stem one): withheld as the seal's doing where a seal lies in the cell, else as a mark.
    ruled = rules is not None and rule_through_print(rules[y0:y1, x0:x1], print_ink, prepared.dpi)
    by_seal = bool(red.any())
    return CellLines(
        crops,
        counts,
        light,
        marked=marked or uneven or (ruled and not by_seal),
        stamped=stamped or (ruled and by_seal),
    )


def _hidden_by_stamp(shade: Image, stamp: Image, red: Mask, print_ink: Mask, dpi: float) -> bool:
    """Whether a seal's ink made paper may have taken part of a cell's print with it.

    Stamp ink is made paper by its shade as a share of its seal's usual shade (:func:`_without_seal_ink`);
    where the seal is lighter than usual (a thin stroke of its name, a blurred edge), print no darker
    than the ink goes with it: r017's light 53 under the seal's name lost the 5's top bar and was read
    as 33. So when that ink touches the print (lies within the box the print spans, or a seal's stroke
    around it), the print's lighter strokes (each pixel's darkest within a stroke's width, the lightest
    tenth of them, away from the seal) must be clearly darker than the ink's darkest tenth by them.
    Dark print always is; a light print under a seal as dark as it is not, and its cell is left blank
    as under a seal that hides print.
    Bounded: a few filters of the cell's crop.
    """
    stamped = stamp < 255
    if not stamped.any() or not print_ink.any():
        return False
    # Touching: the ink lies within the box the print seen spans, or a seal's stroke around it (what
    # the ink took is not seen: the top bar of a 5 under a stroke of the name lies above the rest).
    rows, columns = np.flatnonzero(print_ink.any(axis=1)), np.flatnonzero(print_ink.any(axis=0))
    pad = max(2, round(_SEAL_STROKE * dpi))
    top, left = max(0, int(rows[0]) - pad), max(0, int(columns[0]) - pad)
    if not stamped[top : int(rows[-1]) + pad + 1, left : int(columns[-1]) + pad + 1].any():
        return False
    core = max(3, round(0.015 * dpi)) | 1
    centres = cv2.erode(shade, np.ones((core, core), np.uint8))
    clear = print_ink & ~red
    strokes = centres[clear if np.count_nonzero(clear) >= core * core else print_ink]
    reach = max(5, round(0.05 * dpi)) | 1
    by_print = cv2.dilate(print_ink.astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    ink = stamp[stamped & by_print]
    if ink.size == 0:
        ink = stamp[stamped]
    lightest = float(np.percentile(strokes, 90))
    darkest = float(np.percentile(ink, 10))
    return lightest >= darkest - _HIDDEN_MARGIN


def _digits_box(print_ink: Mask) -> Mask:
    """The box the digits span: the print's marks a digit's height tall.

    A remnant of a seal's name kept as print, or a speck, beside them widens nothing.
    """
    _, _, stats, _ = cv2.connectedComponentsWithStats(print_ink.astype(np.uint8), connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    digits = stats[1:][heights >= 0.6 * heights.max()]
    left, top = int(digits[:, 0].min()), int(digits[:, 1].min())
    right, bottom = int((digits[:, 0] + digits[:, 2]).max()), int((digits[:, 1] + digits[:, 3]).max())
    box = np.zeros_like(print_ink)
    box[top:bottom, left:right] = True
    return box


def _interrupted_by_seal(between: Mask, print_ink: Mask, dpi: float) -> bool:
    """Whether strokes of a seal's shades cross the digits, where part of them may have gone with its ink.

    Judged by the ink's shape, not by how dark the print is. A JPEG bleeds a seal's red into a thin
    stroke under or beside it, and a medium-grey print there (darker than the seal, so not
    :func:`_hidden_by_stamp`) comes out of the seal's ink as light as the seal's darker strokes: seed
    102's 3568, a star's point over the 6, lost the 6's stem and was read as 3558. What stays of such a
    stroke is a piece in the seal's shades between print and paper (``between``: the seal's marks that
    are neither print nor paper) within the digits' box, a stroke's width thick and lying beyond
    the blurred rim of the print kept (:data:`_PRINT_RIM`), where a seal over dark print leaves only
    that rim and specks.
    Bounded: one labelling, one distance transform and one opening of the cell's crop.
    """
    if not between.any() or not print_ink.any():
        return False
    core = max(3, round(0.015 * dpi)) | 1
    undecided = between & _digits_box(print_ink) & ~print_ink
    if np.count_nonzero(undecided) < core * core:
        return False
    away = cv2.distanceTransform((~print_ink).astype(np.uint8), cv2.DIST_L2, 3)
    beyond = (undecided & (away > max(2.5, _PRINT_RIM * dpi))).astype(np.uint8)
    strokes = cv2.morphologyEx(beyond, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    return int(np.count_nonzero(strokes)) >= core * core


def rule_through_print(rules: Mask, print_ink: Mask, dpi: float) -> bool:
    """Whether a ruling line found on the page runs through a cell's digits, not along their side.

    A rule's pixels are paper in a cell's crop (its blurred edge read as a 1), so whatever of the print
    lay under a rule found through the digits is gone from what the recogniser sees. No table's rule
    runs there: it is a digit's stroke taken for one. A seal's point over a 6 made the opening find the
    6's stem, lengthened by the point, as a rule; without its stem the 6 was read as 5 (56 as 55, at
    0.86-0.92), its ink otherwise whole. So a number is not taken from a cell where a rule lies inside
    the box its digits span, a stroke's width in from each side (print may touch the cell's own rule
    along the box's edge). Bounded: one labelling of the cell's crop.

    Args:
        rules: The page's rule pixels over the cell's crop.
        print_ink: The cell's print, without the rules.
        dpi: The page's resolution.

    Returns:
        ``True`` when a rule crosses the digits' box: part of a digit may have gone with it.
    """
    if not rules.any() or not print_ink.any():
        return False
    core = max(3, round(0.015 * dpi)) | 1
    box = _digits_box(print_ink)
    rows, columns = np.flatnonzero(box.any(axis=1)), np.flatnonzero(box.any(axis=0))
    inside = rules[rows[0] + core : rows[-1] + 1 - core, columns[0] + core : columns[-1] + 1 - core]
    return int(np.count_nonzero(inside)) >= core * core


def _in_line(marks: npt.NDArray[np.int32]) -> bool:
    """Whether a line's marks stand in line, as a printed number's digits do: one band they all span.

    A printed number's digits are one size on one baseline (a decimal point is too small to count), so
    the band every mark spans is a digit's height. A correction written beside it by hand, lower and
    smaller, or above it, spans less of it (17 written before 73: 1773). A digit that other ink touches
    (a seal's ring under it, a neighbour joined to it) grows beyond the band but still spans it: its own
    height is not held against it (a 1965 whose 96 a ring's ink reached below was left blank). Marks
    of two sizes, as many of each, are held to the taller: never in line by doubt. Ideographs stand out
    of line too: only a number is held to it.
    """
    if len(marks) < 2:
        return True
    tops, feet = marks[:, 1], marks[:, 1] + marks[:, 3]
    height = float(np.sort(marks[:, 3])[len(marks) // 2])
    allowed = max(2.0, 0.15 * height)
    return bool(feet.min() - tops.max() >= height - allowed)


def _beside(foreign: Mask, print_ink: Mask, reach: float) -> bool:
    """Whether foreign ink lies within ``reach`` pixels of the box around the print."""
    rows, columns = np.flatnonzero(print_ink.any(axis=1)), np.flatnonzero(print_ink.any(axis=0))
    if rows.size == 0:
        return True
    pad = int(np.ceil(reach))
    top, bottom = max(0, int(rows[0]) - pad), int(rows[-1]) + pad + 1
    left, right = max(0, int(columns[0]) - pad), int(columns[-1]) + pad + 1
    return bool(foreign[top:bottom, left:right].any())


def _crossing_ink(
    prepared: Prepared, rules: Mask | None, crop: tuple[int, int, int, int], inset: int
) -> Mask:
    """The ink of a cell's crop that crosses its border: strokes that run through a rule.

    Along each side, a stroke that runs from the rule into the cell and one that runs from the rule away
    from it, at the same place, each a stroke's width past the crop's edge (its mirror beyond the rule),
    are one stroke across the border: the marks of the crop it belongs to are foreign. Print keeps to its
    cell, off the rules (padding), so a number printed near a rule reaches no rule; a rule's blurred
    edge or a JPEG halo runs nowhere. Bounded: four bands a few strokes' width deep along the sides, and
    one labelling of the crop.
    """
    x0, y0, x1, y1 = crop
    depth = max(2, round(0.01 * prepared.dpi))
    reach = inset + 2 * depth  # the bands run from a rule's middle to a stroke's width inside the crop
    seeds = np.zeros((y1 - y0, x1 - x0), bool)
    if y1 - y0 <= 2 * reach or x1 - x0 <= 2 * reach:
        return seeds
    # Each side with its rule's middle (the crop lies ``inset`` inside the rules).
    sides = (("top", y0 - inset), ("bottom", y1 + inset), ("left", x0 - inset), ("right", x1 + inset))
    for side, middle in sides:
        across = side in ("top", "bottom")
        span = (x0, x1) if across else (y0, y1)
        ink, rule_rows = _band(prepared.grey, rules, middle, reach, span, across)
        # The rule's rows (near its middle), or a line's width where no rule was drawn (a closing rule).
        rule = np.flatnonzero(rule_rows[reach - inset : reach + inset + 1]) + reach - inset
        first, last = (int(rule[0]), int(rule[-1]) + 1) if rule.size else (reach - 1, reach + 2)
        # Each half from the rule outward; "far" is a stroke's width past where the crop's edge is.
        before, after = ink[:first][::-1], ink[last:]
        inward = side in ("top", "left")  # the cell lies after the rule
        inner, outer = (after, before) if inward else (before, after)
        far_inner = (reach + inset + depth - last) if inward else (first - 1 - (reach - inset - depth))
        far_outer = (first - 1 - (reach - inset - depth)) if inward else (reach + inset + depth - last)
        touch_in, labels_in, running_in = _running(inner, far_inner)
        touch_out, _, _ = _running(outer, far_outer)
        crossing = touch_in & (np.convolve(touch_out, np.ones(9), "same") > 0)
        if np.count_nonzero(crossing) < 2:
            continue
        crossing_labels = np.unique(labels_in[0][crossing])
        strokes = np.isin(labels_in, crossing_labels[np.isin(crossing_labels, running_in)])
        # Back to the band's rows, then to the crop's.
        band_rows = (
            (np.arange(strokes.shape[0]) + last) if inward else (first - 1 - np.arange(strokes.shape[0]))
        )
        crop_rows = band_rows - reach + middle - (y0 if across else x0)
        inside = (crop_rows >= 0) & (crop_rows < (y1 - y0 if across else x1 - x0))
        if across:
            seeds[crop_rows[inside]] |= strokes[inside]
        else:
            seeds[:, crop_rows[inside]] |= strokes[inside].T
    if not seeds.any():
        return seeds
    visible = prepared.grey[y0:y1, x0:x1] < 200
    if rules is not None:
        visible &= ~rules[y0:y1, x0:x1]
    _, labels = cv2.connectedComponents(visible.astype(np.uint8), connectivity=8)
    foreign_labels = np.unique(labels[seeds & visible])
    foreign: Mask = np.isin(labels, foreign_labels[foreign_labels > 0])
    return foreign


def _band(
    grey: Image, rules: Mask | None, middle: int, reach: int, span: tuple[int, int], across: bool
) -> tuple[Mask, npt.NDArray[np.bool_]]:
    """The ink (not rules) within ``reach`` of a rule's ``middle`` along ``span``, rows across the rule.

    Rows run from ``middle - reach`` to ``middle + reach - 1``, columns along the rule (a vertical rule's
    band is transposed); beyond the page is paper. With it, the rows the rules fill half of.
    """
    height, width = grey.shape
    size = (2 * reach, span[1] - span[0])
    ink, ruled = np.zeros(size, bool), np.zeros(size, bool)
    a, b = max(0, middle - reach), min(height if across else width, middle + reach)
    c, d = max(0, span[0]), min(width if across else height, span[1])
    if a < b and c < d:
        window = grey[a:b, c:d] if across else grey[c:d, a:b].T
        ruling = (rules[a:b, c:d] if across else rules[c:d, a:b].T) if rules is not None else None
        rows, columns = slice(a - middle + reach, b - middle + reach), slice(c - span[0], d - span[0])
        ink[rows, columns] = (window < 200) & (~ruling if ruling is not None else True)
        if ruling is not None:
            ruled[rows, columns] = ruling
    rule_rows: npt.NDArray[np.bool_] = ruled.mean(axis=1) >= 0.5
    return ink, rule_rows


def _running(
    strip: Mask, far: int
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """In a strip whose first row lies along a rule: where strokes leave the rule and run past ``far``.

    Returns the columns where such strokes touch the rule (the first row), the strip's labels, and the
    labels of the strokes that run from the rule past ``far``.
    """
    count, labels = cv2.connectedComponents(strip.astype(np.uint8), connectivity=8)
    if count <= 1 or far >= strip.shape[0] or far < 2:
        return np.zeros(strip.shape[1], bool), labels, np.zeros(0, np.int32)
    # Touching: ink in the row along the rule (its pixel of blur and one more); printed digits stand
    # 4 pixels or more off it at 300 dpi in the forms printed, and never on both sides at one place.
    near_labels = np.unique(labels[0])
    running = np.intersect1d(near_labels[near_labels > 0], np.unique(labels[far:]))
    touch = np.asarray(np.isin(labels[0], running), bool)
    return touch, labels, running


def _line_marks(marks: npt.NDArray[np.int32], top: int, bottom: int) -> npt.NDArray[np.int32]:
    """The marks whose middles are within a line: those as tall as a digit's part (not a point, a speck)."""
    middles = marks[:, 1] + marks[:, 3] / 2
    kept: npt.NDArray[np.int32] = marks[
        (middles >= top) & (middles < bottom) & (marks[:, 3] >= 0.4 * (bottom - top))
    ]
    return kept


def _darkened(shade: Image, red: Mask, print_bound: float) -> Image:
    """A light print's shades stretched to a dark print's; the seal's ink (from ``print_bound``) as paper."""
    marked = shade[shade < 200]
    darkest = float(np.percentile(marked, 5)) if marked.size else 0.0
    out = np.clip((shade.astype(np.float32) - darkest) * (255 / max(245 - darkest, 1)) + 20, 0, 255)
    out[red & (shade >= print_bound)] = 255
    darkened: Image = out.astype(np.uint8)
    return darkened


def _under_seal(shade: Image) -> float:
    """How dark a mark under a seal must be to be print, not the seal's own ink.

    Print darkens under stamp ink; the seal is lighter than 200 in the red channel only where it is
    thick. A light print (a thin typeface, about 130) is told from the seal by a lighter bound than
    dark print is, else its strokes break where the seal crosses them (a 0 counted as two marks).
    """
    marked = shade[shade < 200]
    if marked.size == 0:
        return 160.0
    darkest = float(np.percentile(marked, 10))
    return max(160.0, min(190.0, darkest + 0.45 * (255 - darkest)))


def _faint(prepared: Prepared, box: Box) -> bool:
    """Whether a cell without text holds marks lighter than print yet plainly there."""
    x0, y0, x1, y1 = _pixels(box, prepared.dpi, max(3, round(0.03 * prepared.dpi)))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False
    marks = int(np.count_nonzero(prepared.grey[y0:y1, x0:x1] < 190))
    return marks >= max(12, int((prepared.dpi / 150) ** 2 * 12))


def may_be_number(text: str) -> bool:
    """Whether a reading could be a number misread: short, and no ideograph but digits' look-alikes."""
    text = text.replace(" ", "")
    if not text or len(text) > 12:
        return False
    return not any(
        ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf") and ch not in _LOOKALIKE_IDEOGRAPHS
        for ch in text
    )


def shown_text(
    readings: Sequence[Reading],
    *,
    sealed: bool,
    threshold: float,
    marks: Sequence[int] = (),
    light: bool = False,
) -> str:
    """The cell's text for the reader: a number only when sure of every digit; else blank, never a guess.

    ``marks`` counts the separate marks of each line: a number read with fewer characters than its line
    has marks dropped one (a light 5 of 105), whatever the confidence of those it kept. A ``light``
    print's number is held to halfway between ``threshold`` and certainty: a faint 8 whose hairlines
    are lost looks like an S, a look-alike of 5.
    """
    if light:
        threshold += (1 - threshold) / 2
    readings = [
        _without_speck(reading, marks[index]) if index < len(marks) else reading
        for index, reading in enumerate(readings)
    ]
    text = "".join(r.text for r in readings).replace(" ", "").translate(_FULL_WIDTH)
    if not text:
        return ""
    # A number's characters are one mark each (or fewer, touching): fewer characters than marks is a
    # character dropped. Ideographs have several marks each, so labels are not counted.
    dropped = any(len(r.text.replace(" ", "")) < count for r, count in zip(readings, marks, strict=False))
    if may_be_number(text):
        # The digits must stand one for one for what was read: the digit-only decoding drops a step it
        # cannot map (a "-", a "/", a 口), and its confidence does not show it (1-2 would become 12).
        accounted = all(
            len(r.digits or "") == len(free) and all(ch in _DIGIT_READINGS for ch in free)
            for r in readings
            for free in [r.text.replace(" ", "")]
        )
        digits = "".join(r.digits or "" for r in readings)
        sure = min(r.digits_confidence for r in readings) >= threshold
        whole = accounted and not dropped
        return digits if whole and sure and not sealed and _NUMBER.fullmatch(digits) else ""
    figures = sum(ch.isdigit() for ch in text)
    if figures and figures >= len(text) / 2:  # a number with a character misread as an ideograph
        sure = min(r.confidence for r in readings) >= threshold
        return text if sure and not sealed and not dropped and _NUMBER.fullmatch(text) else ""
    return text


def _without_speck(reading: Reading, marks: int) -> Reading:
    """A number read with a full stop after it ("7.") as the number, when its line has no other mark.

    A speck beside a digit is read as a full stop; a decimal digit dropped after a real one (7.5 read as
    "7.") would be a mark of its own, and the reading is left as it is.
    """
    free = reading.text.replace(" ", "")
    digits = reading.digits or ""
    speck = len(free) > 1 and free.endswith(".") and digits.endswith(".")
    if speck and free[:-1].isdigit() and len(free) - 1 == marks:
        return attrs.evolve(reading, text=free[:-1], digits=digits[:-1])
    return reading


def seal_share(seals: Mask, dpi: float, box: Box) -> float:
    """How much of a cell's inside the seals cover."""
    x0, y0, x1, y1 = _pixels(box, dpi)
    inside = seals[y0:y1, x0:x1]
    return float(inside.mean()) if inside.size else 0.0


def _pixels(box: Box, dpi: float, inset: int = 0) -> tuple[int, int, int, int]:
    """A box in points as pixel bounds ``(x0, y0, x1, y1)``, ``inset`` pixels inside its edges."""
    scale = dpi / 72.0
    return (
        int(box[0] * scale) + inset,
        int(box[1] * scale) + inset,
        int(box[2] * scale) - inset,
        int(box[3] * scale) - inset,
    )


# --- the page -----------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class PageReading:
    """One page read: its rows and lines for the PDF reader's assembly, and what each cell held."""

    page: Page
    height: float
    """Points."""
    cells: dict[tuple[int, int, int], CellReading]
    """By ``(table, row, cell)`` as the reader numbers them (cells from 1)."""
    tables: list[Box]
    turned: int = 0
    """Degrees the page image was turned by to set it upright (0, 90, 180 or 270, anticlockwise)."""


def read_page(
    image: Image, dpi: float, number: int, first_table: int, *, threshold: float = THRESHOLD
) -> PageReading:
    """Read one page image (RGB or grey) as the PDF reader's rows and lines, set upright first."""
    engine = recognizer()  # its models load once, before the page's time starts
    deadline = time.monotonic() + MAX_PAGE_SECONDS
    turns = engine.quarter_turns(image[:, :, 0] if image.ndim == 3 else image)
    if turns:  # a page scanned upside down or on its side
        image = np.ascontiguousarray(np.rot90(image, turns))
    give_back_memory()
    check_time(deadline)
    prepared = prepare(image, dpi)
    check_time(deadline)
    rules = rule_edges(prepared, deadline)
    check_time(deadline)
    found, cut = ruled_cells(rules.edges)
    if len(found) > MAX_CELLS_PER_PAGE:
        raise LimitReached(f"page {number} has more than {MAX_CELLS_PER_PAGE} table cells")
    frames = frame_cells(found)
    cells = [cell for cell in found if cell not in frames]
    crops = {cell: cell_crops(prepared, cell, rules.lines) for cell in cells}
    lines = [crop for cell in cells for crop in crops[cell].crops]
    if len(lines) > MAX_LINES_PER_PAGE:
        raise LimitReached(f"page {number} has more than {MAX_LINES_PER_PAGE} lines of text in its tables")
    readings = iter(engine.read_lines(lines, deadline))
    read: dict[Box, CellReading] = {}
    for cell in cells:
        parts = [next(readings) for _ in crops[cell].crops]
        sealed = seal_share(rules.hides, prepared.dpi, cell) > SEAL_LIMIT or crops[cell].stamped
        read[cell] = CellReading(
            cell,
            "".join(p.text for p in parts).replace(" ", ""),
            min((p.confidence for p in parts), default=1.0),
            "".join(p.digits or "" for p in parts) if parts else None,
            min((p.digits_confidence for p in parts), default=0.0),
            sealed,
            len(parts),
            crops[cell].faint or (not parts and _faint(prepared, cell)),
            shown_text(
                parts,
                sealed=sealed or crops[cell].marked,
                threshold=threshold,
                marks=crops[cell].marks,
                light=crops[cell].light,
            ),
            crops[cell].marked,
        )
    kept = [cell for cell in cells if len(read[cell].text) <= FRAME_TEXT]
    shown = {cell: read[cell].shown for cell in kept}
    # Rows 2 points apart are one (a scan's rules jitter by a pixel); a lone box is not a table.
    rows, tables = table_rows(kept, shown, cut, number, first_table, row_tolerance=2.0, least_cells=3)
    by_place = _by_place(rows, read)
    check_time(deadline)
    text_lines = _running_lines(prepared, engine, number, tables)
    give_back_memory()
    height = prepared.grey.shape[0] * 72.0 / dpi
    return PageReading((rows, text_lines), height, by_place, tables, 90 * turns)


def _by_place(rows: Sequence[Row], read: dict[Box, CellReading]) -> dict[tuple[int, int, int], CellReading]:
    return {
        (row.table, row.number, cell_number): read[box]
        for row in rows
        for cell_number, (box, _) in enumerate(row.cells, start=1)
    }


def _running_lines(
    prepared: Prepared, engine: Recognizer, number: int, tables: Sequence[Box]
) -> list[TextLine]:
    """The page's text outside its tables, line by line, top to bottom."""
    scale = prepared.dpi / 72.0
    grey = prepared.text.copy()
    for box in tables:
        top, bottom = max(0, int(box[1] * scale) - 3), int(box[3] * scale) + 3
        grey[top:bottom, max(0, int(box[0] * scale) - 3) : int(box[2] * scale) + 3] = 255
    found = sorted(engine.page_lines(grey), key=lambda item: ((item[0][1] + item[0][3]) / 2, item[0][0]))
    # Boxes on one baseline are one line (detection may cut a line at a wide gap).
    merged: list[tuple[tuple[int, int, int, int], list[tuple[int, str]]]] = []
    for box, text in found:
        if not text.strip():
            continue
        if merged:
            last, parts = merged[-1]
            overlap = min(last[3], box[3]) - max(last[1], box[1])
            if overlap > 0.5 * min(last[3] - last[1], box[3] - box[1]):
                joined = (
                    min(last[0], box[0]),
                    min(last[1], box[1]),
                    max(last[2], box[2]),
                    max(last[3], box[3]),
                )
                merged[-1] = (joined, [*parts, (box[0], text)])
                continue
        merged.append((box, [(box[0], text)]))
    texts = ["".join(text for _, text in sorted(parts)).strip() for _, parts in merged]
    sizes = [_em(box, text, scale) for (box, _), text in zip(merged, texts, strict=True)]
    usual = statistics.median(sizes) if sizes else 12.0
    lines: list[TextLine] = []
    for (box, _), text, size in zip(merged, texts, sizes, strict=True):
        # Within 12 % of the page's usual size, a line takes it, so that a paragraph's lines agree as the
        # PDF reader expects (a justified line is wider a character than a paragraph's last line).
        size = usual if abs(size - usual) <= 0.12 * usual else size
        # A line of a character or two (the 告 of a wrapped title) takes the size of the line above.
        if lines and len(text) <= 3 and abs(size - lines[-1].size) <= 0.25 * lines[-1].size:
            size = lines[-1].size
        points = (box[0] / scale, box[1] / scale, box[2] / scale, box[3] / scale)
        lines.append(TextLine(number, points, text, round(size, 1), size))
    return lines


def _em(box: tuple[int, int, int, int], text: str, scale: float) -> float:
    """A line's font size in points: a Chinese character is one em wide, a digit or letter about half."""
    units = sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text if not ch.isspace())
    if units and any(ord(ch) > 0x2E80 for ch in text):
        return (box[2] - box[0]) / scale / units
    return (box[3] - box[1]) / scale / 1.3
