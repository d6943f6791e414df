"""The recogniser: rapidocr's PP-OCRv4 models, called directly to keep each character's probability.

What :mod:`.ocr` asks of the models, and nothing of its geometry: a table cell's text lines read one a
pass (freely and with only digits allowed), a page's running text found band by band and read, and the
quarter turns that set a page upright. The page's time limit and the memory given back after the detector
are kept here, as the models are what takes the time and the memory.

Needs the ``ocr`` extra: rapidocr-onnxruntime, whose wheel carries its detection and recognition models
(nothing is downloaded), with numpy, OpenCV and onnxruntime.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import time
from collections.abc import Sequence
from importlib import metadata
from typing import Any, Final

import attrs
import cv2 as _cv2
import numpy as np
import numpy.typing as npt

from .pdf_limits import LimitReached

Image = npt.NDArray[np.uint8]
# OpenCV's stubs type every array as a union of its own types: taken as untyped, the arrays typed here.
cv2: Any = _cv2

MAX_PAGE_SECONDS: Final = 300.0
"""Seconds one page may take: about 10 on one core at 300 dpi, several times that on a busy machine."""
DIGITS: Final = "0123456789."
# What a recogniser trained on Chinese text reads for a digit standing alone: in a cell that may only hold
# a number, their probability counts for the digit's.
LOOKALIKES_OF: Final = {
    "0": "０OoＯ〇○。",
    "1": "１lI|丨",
    "2": "２Zz",
    "3": "３",
    "4": "４",
    "5": "５Ss",
    "6": "６b",
    "7": "７了",
    "8": "８B",
    "9": "９gq",
    ".": "．。·",
}


@attrs.frozen
class Reading:
    """One text line as recognised: the free reading, and (when asked) the reading with digits only."""

    text: str
    confidence: float
    """The least sure character's probability (0 without characters)."""
    digits: str | None = None
    digits_confidence: float = 0.0


_PAGE_SIDE: Final = 2000
"""Pixels on the longer side of a page as its running text is read (rapidocr's own: about 170 dpi)."""
_BAND: Final = 512
"""Rows of the page its running text is found in at a time: the detector's memory is about 300 MB a
million pixels it is given."""
_BAND_OVERLAP: Final = 64
"""Rows a band shares with the next: more than half the tallest line (a title, 52 rows), so each line
lies whole in the band whose middle rows hold its middle."""
_TURN_SIDE: Final = 736
"""Pixels on the shorter side of the page its lines are found in to tell which way is up (90 dpi on A4:
the detector scales a shorter side up to 736, and takes memory as the pixels it is given)."""
_SURER: Final = 0.3
"""How much surer one way must read than the other (a line's mean probability) for a page to be turned."""
_TURN_LINES: Final = 12
"""The longest lines read each way to tell which way is up."""
_TURN_LENGTH: Final = 8
"""Line heights of each such line read (about eight characters): the recogniser's work is a line's
length, and a few characters tell which way is up as surely as a whole line."""

_BATCH: Final = 1
"""Text lines recognised in one pass of the model: one at a time is the cheapest a line (a pass of eight
320-pixel lines costs 1.25 times eight passes of one, of eight 960-pixel lines 1.6 times), and each is
recognised at its own width, not padded to the widest of its batch."""

THREADS_VARIABLE: Final = "DISCLOSURE_REPORT_OCR_THREADS"
"""The threads the recogniser and OpenCV may use (1 unless set): batches run one process a core instead."""


class Recognizer:
    """rapidocr's PP-OCRv4 models, the recogniser called directly to keep each character's probability.

    One thread unless :data:`THREADS_VARIABLE` says otherwise: the library runs readers in parallel by
    process; one scan read alone on a machine of several cores reads faster with a thread a core. OpenCV,
    which prepares the page, is given as many (its own pool, a thread a core, cost 8% more CPU a page with
    two readers on two cores, and gained no time).
    """

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

        threads = os.environ.get(THREADS_VARIABLE, "1")
        count = int(threads) if threads.isdigit() and 0 < int(threads) <= 64 else 1
        count = min(count, os.cpu_count() or 1)  # as rapidocr takes it (more is ignored, all cores taken)
        self._ocr: Any = RapidOCR(intra_op_num_threads=count, inter_op_num_threads=1)
        _cv2.setNumThreads(count)
        self._rec: Any = self._ocr.text_rec
        self._rec.rec_batch_num = _BATCH
        self._characters: list[str] = list(self._rec.postprocess_op.character)
        index = {character: number for number, character in enumerate(self._characters)}
        self._digit_ids = np.array([0, *(index[c] for c in DIGITS)])
        self._lookalike_ids = [[index[c] for c in LOOKALIKES_OF[d] if c in index] for d in DIGITS]
        self.name = f"rapidocr-onnxruntime {metadata.version('rapidocr-onnxruntime')}"

    def read_lines(self, crops: Sequence[Image], deadline: float) -> list[Reading]:
        """Each crop (one text line, grey) read freely and with only digits allowed, from one forward pass.

        One crop a pass (:data:`_BATCH`), at its own width (at least the model's 320 pixels for 48).
        """
        readings = []
        for crop in crops:
            check_time(deadline)
            ratio = max(320 / 48, crop.shape[1] / max(crop.shape[0], 1))
            image = self._rec.resize_norm_img(cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR), ratio)[None]
            readings.append(self._decode(self._rec.session(image.astype(np.float32))[0][0]))
        return readings

    def _decode(self, prediction: npt.NDArray[np.float32]) -> Reading:
        text, confidence = ctc_decode(prediction, self._characters)
        allowed = prediction[:, self._digit_ids].copy()
        for column, ids in enumerate(self._lookalike_ids, start=1):
            if ids:
                allowed[:, column] += prediction[:, ids].sum(axis=1)
        digits, digits_confidence = ctc_decode(allowed, ["", *DIGITS])
        return Reading(text, confidence, digits, digits_confidence)

    def page_lines(self, grey: Image) -> list[tuple[tuple[int, int, int, int], str]]:
        """The text lines of a page: their boxes in pixels and their texts.

        As rapidocr reads a page (scaled to :data:`_PAGE_SIDE` pixels on its longer side, the lines found,
        cropped and recognised), but the lines are found band by band (:data:`_BAND` rows, each line in
        the band whose middle rows it lies in): finding them in a whole page at once took 600 MB. A
        band of paper alone (the tables are whitened before) is not looked in.
        """
        height, width = grey.shape
        ratio = min(1.0, _PAGE_SIDE / max(height, width))
        # rapidocr's own scaling: to a multiple of 32 pixels each way.
        size = (max(32, round(int(width * ratio) / 32) * 32), max(32, round(int(height * ratio) / 32) * 32))
        page = cv2.cvtColor(cv2.resize(grey, size), cv2.COLOR_GRAY2BGR)
        boxes: list[npt.NDArray[np.float32]] = []
        core = _BAND - 2 * _BAND_OVERLAP
        # A band is found in at the page's scale (rapidocr scales a shorter side under 736 up to it).
        self._ocr.text_det.limit_side_len = min(_BAND, *size)
        for top in range(0, size[1], core):
            start = max(0, min(top - _BAND_OVERLAP, size[1] - _BAND))
            if page[start : start + _BAND].min() == 255:  # paper (or a table, whitened): no line in it
                continue
            found, _ = self._ocr.text_det(page[start : start + _BAND])
            for box in found if found is not None else []:
                box = np.asarray(box, np.float32) + np.array([0, start], np.float32)
                middle = (box[:, 1].min() + box[:, 1].max()) / 2
                if top <= middle < top + core:
                    boxes.append(box)
        if not boxes:
            return []
        ordered = self._ocr.sorted_boxes(np.array(boxes))
        read, _ = self._ocr.text_rec(self._ocr.get_crop_img_list(page, ordered))
        scale = np.array([width / size[0], height / size[1]], np.float32)
        lines = []
        # A lone character (the 告 of a title wrapped before it) scores low: kept from 0.3.
        for box, (text, score, *_) in zip(ordered, read, strict=True):
            if float(score) < 0.3:
                continue
            points = np.clip(box * scale, 0, [width, height])
            x0, y0 = points.min(axis=0)
            x1, y1 = points.max(axis=0)
            lines.append(((int(x0), int(y0), int(x1), int(y1)), str(text)))
        return lines

    def quarter_turns(self, grey: Image) -> int:
        """Quarter turns (anticlockwise, as :func:`numpy.rot90`) that set a page upright: 0 to 3.

        The longest text lines found in the page decide: a page on its side has its lines running down,
        and the recogniser reads a line far surer upright than upside down (0.99 against 0.2 on the
        form's pages). A page without lines, or where neither way reads much surer, is not turned.
        """
        height, width = grey.shape
        ratio = min(1.0, _TURN_SIDE / min(height, width))
        self._ocr.text_det.limit_side_len = _TURN_SIDE
        small = cv2.resize(grey, (round(width * ratio), round(height * ratio)), interpolation=cv2.INTER_AREA)
        found, _ = self._ocr.text_det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
        lines: list[tuple[float, bool, tuple[int, int, int, int]]] = []
        for box in found if found is not None else []:
            points = np.asarray(box, np.float32) / ratio
            (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
            wide, tall = x1 - x0, y1 - y0
            if max(wide, tall) >= 3 * min(wide, tall):  # a line of three characters or more
                place = (int(x0), int(y0), int(np.ceil(x1)), int(np.ceil(y1)))
                lines.append((max(wide, tall), bool(wide > tall), place))
        across = sum(1 for _, wide, _ in lines if wide)
        sideways = len(lines) - across > 2 * across
        longest = sorted((line for line in lines if line[1] != sideways), reverse=True)[:_TURN_LINES]
        if not longest:
            return 0
        crops = [
            grey[y0 : min(y1, y0 + _TURN_LENGTH * (x1 - x0)), x0:x1]
            if sideways
            else grey[y0:y1, x0 : min(x1, x0 + _TURN_LENGTH * (y1 - y0))]
            for _, _, (x0, y0, x1, y1) in longest
        ]
        sureness = {}
        for turns in (1, 3) if sideways else (0, 2):
            turned = [
                cv2.cvtColor(np.ascontiguousarray(np.rot90(c, turns)), cv2.COLOR_GRAY2BGR) for c in crops
            ]
            scores: list[float] = []
            for crop in turned:  # one a pass, as read together (:data:`_BATCH`)
                read, _ = self._ocr.text_rec([crop])
                scores.append(float(read[0][1]))
                # Upside down could not read surer by the margin, whatever the lines left read upright:
                # neither they nor the other way are read.
                if turns == 0 and sum(scores) / len(turned) > 1.0 - _SURER:
                    return 0
            sureness[turns] = float(np.mean(scores))
        best = max(sureness, key=lambda turns: sureness[turns])
        other = min(sureness, key=lambda turns: sureness[turns])
        if best == other or sureness[best] < 0.5 or sureness[best] - sureness[other] < _SURER:
            return 0
        return best


def ctc_decode(prediction: npt.NDArray[np.float32], characters: Sequence[str]) -> tuple[str, float]:
    """Greedy CTC decoding: the text, and its least sure character's probability.

    A character spans a run of steps; its probability is that of its surest step.
    """
    ids, probabilities = prediction.argmax(axis=1), prediction.max(axis=1)
    text: list[str] = []
    sureness: list[float] = []
    previous = -1
    for index, probability in zip(ids.tolist(), probabilities.tolist(), strict=True):
        if index != 0 and index == previous:
            sureness[-1] = max(sureness[-1], probability)
        elif index != 0:
            text.append(characters[index])
            sureness.append(probability)
        previous = index
    return "".join(text), min(sureness, default=0.0)


@functools.cache
def recognizer() -> Recognizer:
    """The process's recogniser (its models load once)."""
    return Recognizer()


@functools.cache
def _c_library() -> Any:
    """The C library, where it is glibc (whose ``malloc_trim`` gives freed memory back), or ``None``."""
    try:
        library = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return library if hasattr(library, "malloc_trim") else None
    except OSError:
        return None


def give_back_memory() -> None:
    """Return the memory the detector freed to the system (glibc keeps it otherwise).

    The detector's buffers, freed, stay in the process: the next step's, of other sizes, came on top
    (a page's peak was its steps' sum, 870 MB, not the largest step's).
    """
    library = _c_library()
    if library is not None:
        library.malloc_trim(0)


def check_time(deadline: float) -> None:
    """Stop a page's reading once its time (:data:`MAX_PAGE_SECONDS`) is over."""
    if time.monotonic() > deadline:
        raise LimitReached(f"a page took more than {MAX_PAGE_SECONDS:.0f} seconds to recognise")
