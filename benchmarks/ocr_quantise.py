"""int8 models for the recogniser (issue 40, session 15): built from rapidocr's own, then measured.

    pip install onnx                                     # the quantiser needs it; the library does not
    python3 benchmarks/ocr_quantise.py build FOLDER      # FOLDER/rec.onnx, FOLDER/det.onnx: about 4 minutes
    python3 benchmarks/ocr_quantise.py accuracy FOLDER [--models rapidocr] [--cells-fp32] [ocr_accuracy's]

``build`` quantises rapidocr's PP-OCRv4 models statically (int8 weights per channel, uint8 activations,
QOperator nodes), calibrated on what the models are given while the tests' generated reports g1 and g2
(tests/scans.py, printed by LibreOffice) are read scanned at 300 dpi under a stamp-ink seal and at 200 dpi
under seals: none of them a document the quantised models were measured on (g3, r015-r017). Only the
nodes that measured cheap to quantise are: the recogniser's 1x1 convolutions from its ninth convolution
on (six of the first eight, at the line's full resolution, each alone changed 12-32 of 80 of r015's
readings), and the detector's head (its last 17 convolutions, at a quarter of the page's resolution,
where a fifth of its time goes). Activation ranges by entropy (with MinMax a lone 0 read at 0.97 was read
at 0.8), their histograms collected one input at a time (all at once took 21 GB for the detector).

``accuracy`` runs benchmarks/ocr_accuracy.py with those models loaded in place of rapidocr's (or rapidocr's
own, ``--models rapidocr``) and keeps each report's JSON and findings in FOLDER/reports* to compare runs.
``--cells-fp32`` keeps rapidocr's recogniser for the table cells. Results: docs/performance.md, "Quantised
models (issue 40, session 15)".
"""

from __future__ import annotations

import argparse
import hashlib
import os
import runpy
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RAPIDOCR_MODELS = {"rec": "ch_PP-OCRv4_rec_infer.onnx", "det": "ch_PP-OCRv4_det_infer.onnx"}
# Which convolutions (by their order in the graph, those of one group only) each model has quantised.
QUANTISED = {"rec": range(8, 33), "det": range(45, 62)}
CALIBRATION_INPUTS = {"rec": 150, "det": 12}


def rapidocr_model(kind: str) -> Path:
    """rapidocr's own model file."""
    import rapidocr_onnxruntime  # type: ignore[import-untyped]

    return Path(rapidocr_onnxruntime.__file__).parent / "models" / RAPIDOCR_MODELS[kind]


def calibration_inputs() -> dict[str, list[Any]]:
    """What the models are given while the tests' generated reports g1 and g2 are read from scans."""
    from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession  # type: ignore[import-untyped]
    from tests.scans import as_pdf, defected_pages, make_report, print_report, scanned_pages

    from disclosure_report import from_scan

    captured: dict[str, list[Any]] = {"det": [], "rec": []}
    run = OrtInferSession.__call__

    def keeping(self: Any, tensor: Any) -> Any:
        path = Path(str(self.session._model_path)).name
        for kind, name in RAPIDOCR_MODELS.items():
            if path == name:
                captured[kind].append(tensor.copy())
        return run(self, tensor)

    OrtInferSession.__call__ = keeping
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, seed, blanks in (("g1", 1, 0), ("g2", 2, 6)):
                truth = make_report(seed, blanks=blanks)
                (Path(folder) / name).mkdir()
                pdf = print_report(truth, "docx", Path(folder) / name).read_bytes()
                pages = scanned_pages(pdf, 300, seed=f"{name}-calibration", seal="ink", defects=True)
                from_scan(as_pdf(list(pages), 300), source=f"{name}.pdf")
                pages = defected_pages(pdf, 200, "seals", seed=f"{name}-calibration")
                from_scan(as_pdf(list(pages), 200), source=f"{name}.pdf")
    finally:
        OrtInferSession.__call__ = run
    return captured


def quantise(kind: str, inputs: list[Any], folder: Path) -> Path:
    """One model quantised (:data:`QUANTISED`'s nodes), calibrated on ``inputs``."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        calibrate,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = folder / f"{kind}.prepared.onnx"
    quant_pre_process(str(rapidocr_model(kind)), str(prepared), skip_symbolic_shape=True)
    # Per-channel scales need DequantizeLinear's axis (opset 13); rapidocr's models are opset 12.
    onnx.save(version_converter.convert_version(onnx.load(str(prepared)), 17), str(prepared))
    model = onnx.load(str(prepared))
    convolutions = [node for node in model.graph.node if node.op_type == "Conv"]
    nodes = [
        node.name
        for node in (convolutions[i] for i in QUANTISED[kind])
        if all(a.name != "group" or a.i == 1 for a in node.attribute)
    ]
    if kind == "det":  # the bands the page's running text is found in (the turn's pages left out)
        inputs = [x for x in inputs if x.shape[2] == 512]
    chosen = inputs[:: max(1, len(inputs) // CALIBRATION_INPUTS[kind])][: CALIBRATION_INPUTS[kind]]

    class Inputs(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self, tensors: list[Any]) -> None:
            self.left = iter(tensors)

        def get_next(self) -> dict[str, Any] | None:
            tensor = next(self.left, None)
            return None if tensor is None else {"x": tensor}

    # The entropy calibrator keeps every activation of every input it is given before it makes their
    # histograms: given one at a time (its histograms carry over), it keeps one input's.
    collect = calibrate.HistogramCalibrater.collect_data

    def one_at_a_time(self: Any, reader: Any) -> None:
        while (tensor := reader.get_next()) is not None:
            collect(self, Inputs([tensor["x"]]))

    calibrate.HistogramCalibrater.collect_data = one_at_a_time
    try:
        out = folder / f"{kind}.onnx"
        quantize_static(
            str(prepared),
            str(out),
            Inputs(chosen),
            quant_format=QuantFormat.QOperator,
            nodes_to_quantize=nodes,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.Entropy,
        )
    finally:
        calibrate.HistogramCalibrater.collect_data = collect
    prepared.unlink()
    return out


def build(folder: Path) -> None:
    """Both models quantised into ``folder``, with their sizes and SHA-256."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = calibration_inputs()
    for kind in ("rec", "det"):
        out = quantise(kind, inputs[kind], folder)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        size, original = out.stat().st_size / 1e6, rapidocr_model(kind).stat().st_size / 1e6
        print(f"{out}: {size:.1f} MB (rapidocr's {original:.1f}), sha256 {digest}, {len(inputs[kind])} seen")


def accuracy(folder: Path, rapidocr: bool, cells_fp32: bool, rest: list[str]) -> None:
    """benchmarks/ocr_accuracy.py with the models of ``folder`` (or rapidocr's), keeping each report."""
    import rapidocr_onnxruntime

    import disclosure_report
    from disclosure_report._io.read import ocr_engine

    load = rapidocr_onnxruntime.RapidOCR.__init__

    def loading(self: Any, *args: Any, **kwargs: Any) -> None:
        if not rapidocr:
            kwargs.update(rec_model_path=str(folder / "rec.onnx"), det_model_path=str(folder / "det.onnx"))
        load(self, *args, **kwargs)

    rapidocr_onnxruntime.RapidOCR.__init__ = loading
    if cells_fp32 and not rapidocr:
        from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

        start, read_lines = ocr_engine.Recognizer.__init__, ocr_engine.Recognizer.read_lines

        def started(self: Any) -> None:
            start(self)
            threads = {"intra_op_num_threads": 1, "inter_op_num_threads": 1}
            self.cells = OrtInferSession(
                {"model_path": str(rapidocr_model("rec")), "use_cuda": False, "use_dml": False, **threads}
            )

        def read_cells(self: Any, crops: Any, deadline: float) -> Any:
            quantised, self._rec.session = self._rec.session, self.cells
            try:
                return read_lines(self, crops, deadline)
            finally:
                self._rec.session = quantised

        ocr_engine.Recognizer.__init__, ocr_engine.Recognizer.read_lines = started, read_cells
    reports = folder / ("reports-rapidocr" if rapidocr else "reports-cells-fp32" if cells_fp32 else "reports")
    reports.mkdir(parents=True, exist_ok=True)
    from_scan = disclosure_report.from_scan

    def keeping(data: bytes, source: str) -> Any:
        result = from_scan(data, source=source)
        (reports / f"{source}.json").write_text(disclosure_report.render_json(result.report))
        findings = sorted(f"{f.code} {f.message}" for f in result.findings)
        (reports / f"{source}.findings").write_text("\n".join(findings))
        return result

    disclosure_report.from_scan = keeping
    sys.argv = ["ocr_accuracy.py", *rest]
    runpy.run_path(str(ROOT / "benchmarks" / "ocr_accuracy.py"), run_name="__main__")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "accuracy"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--models", choices=("int8", "rapidocr"), default="int8")
    parser.add_argument("--cells-fp32", action="store_true")
    args, rest = parser.parse_known_args()
    os.environ.setdefault("DISCLOSURE_REPORT_OCR_THREADS", "1")
    if args.command == "build":
        build(args.folder)
    else:
        accuracy(args.folder, args.models == "rapidocr", args.cells_fp32, rest)


if __name__ == "__main__":
    main()
