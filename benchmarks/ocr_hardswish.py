"""rapidocr's models with each hardswish one node (issue 40, session 15): the same readings, less CPU.

    pip install onnx                                   # the rewrite needs it; the library does not
    python3 benchmarks/ocr_hardswish.py FOLDER         # FOLDER/rec.onnx, FOLDER/det.onnx
    python3 benchmarks/ocr_quantise.py accuracy FOLDER [ocr_accuracy's options]

paddle2onnx writes PP-OCRv4's hardswish as four element-wise nodes, x * Clip(x + 3, 0, 6) / 6, each a pass
over the activations; ONNX's HardSwish (opset 14) is one. The rest of each model is rapidocr's, unchanged.
Results: docs/performance.md, "Quantised models (issue 40, session 15)".
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ocr_quantise import RAPIDOCR_MODELS, rapidocr_model


def constant(graph: Any, producers: dict[str, Any], name: str) -> float | None:
    """The value of a one-number constant (a Constant node's or an initializer's), else ``None``."""
    from onnx import numpy_helper

    node = producers.get(name)
    if node is not None and node.op_type == "Constant":
        return float(numpy_helper.to_array(node.attribute[0].t).reshape(-1)[0])
    initializer = next((i for i in graph.initializer if i.name == name), None)
    return None if initializer is None else float(numpy_helper.to_array(initializer).reshape(-1)[0])


def fuse(source: Path, out: Path) -> int:
    """Write ``source`` with each x * Clip(x + 3, 0, 6) / 6 as HardSwish(x); returns how many."""
    import onnx
    from onnx import helper, version_converter

    model = version_converter.convert_version(onnx.load(str(source)), 14)
    graph = model.graph
    producers = {output: node for node in graph.node for output in node.output}
    users: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)
    replaced: dict[int, Any] = {}
    dropped: set[int] = set()
    for clip in (node for node in graph.node if node.op_type == "Clip"):
        add = producers.get(clip.input[0])
        if add is None or add.op_type != "Add" or constant(graph, producers, add.input[1]) != 3.0:
            continue
        if [constant(graph, producers, name) for name in clip.input[1:]] != [0.0, 6.0]:
            continue
        x = add.input[0]
        multiplied = users.get(clip.output[0], [])
        if len(multiplied) != 1 or multiplied[0].op_type != "Mul" or x not in multiplied[0].input:
            continue
        divided = users.get(multiplied[0].output[0], [])
        if len(divided) != 1 or divided[0].op_type != "Div" or len(users.get(add.output[0], [])) != 1:
            continue
        if constant(graph, producers, divided[0].input[1]) != 6.0:
            continue
        div = divided[0]
        dropped |= {id(add), id(clip), id(multiplied[0])}
        replaced[id(div)] = helper.make_node("HardSwish", [x], [div.output[0]], name=f"{div.name}.hardswish")
    nodes = [replaced.get(id(node), node) for node in graph.node if id(node) not in dropped]
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(out))
    return len(replaced)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    folder = parser.parse_args().folder
    folder.mkdir(parents=True, exist_ok=True)
    for kind in RAPIDOCR_MODELS:
        out = folder / f"{kind}.onnx"
        count = fuse(rapidocr_model(kind), out)
        print(f"{out}: {count} hardswish nodes, sha256 {hashlib.sha256(out.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
