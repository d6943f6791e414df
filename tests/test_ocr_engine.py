"""The recogniser's own work (issue 40): what it reads to tell which way up a page is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .applications import needs_ocr

pytestmark = needs_ocr

SAMPLES = Path(__file__).parents[2] / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="the real PDFs are read from ../shared/samples (beside the checkout in CI)",
)


@pytest.mark.slow
@needs_samples
def test_an_upright_page_stops_reading_its_lines_once_upside_down_could_not_win(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np
    import pypdfium2

    from disclosure_report._io.read import ocr_engine

    document = pypdfium2.PdfDocument(SAMPLES / "r015.pdf")
    grey = np.asarray(document[0].render(scale=150 / 72).to_pil().convert("L"))
    document.close()
    engine = ocr_engine.recognizer()
    read: list[int] = []
    recognise = engine._ocr.text_rec

    def counted(crops: Any) -> Any:
        read.append(len(crops))
        return recognise(crops)

    monkeypatch.setattr(engine._ocr, "text_rec", counted)
    assert engine.quarter_turns(grey) == 0
    # Its twelve longest lines read 0.99 each: after nine the mean is past 0.7 whatever the rest read.
    assert 0 < sum(read) < 12
    assert engine.quarter_turns(np.ascontiguousarray(np.rot90(grey, 2))) == 2


def test_the_recogniser_and_opencv_take_the_threads_they_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    import cv2

    from disclosure_report._io.read import ocr_engine

    before = cv2.getNumThreads()
    monkeypatch.setenv(ocr_engine.THREADS_VARIABLE, "3")
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # fewer cores than asked for: a thread a core
    try:
        cv2.setNumThreads(5)
        ocr_engine.Recognizer()
        assert cv2.getNumThreads() == 2
        monkeypatch.setenv(ocr_engine.THREADS_VARIABLE, "not a number")
        ocr_engine.Recognizer()
        assert cv2.getNumThreads() == 1
    finally:
        cv2.setNumThreads(before)
