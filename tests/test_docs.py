"""The README's examples run as they are written, so the README cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks[0].strip() == "python3 -m pip install . && python3 -m disclosure_report"
    assert blocks[1].strip() == "python3 -m pip install -e '.[test]' && python3 -m pytest"
    run = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in run


def test_readme_python_examples_run(capsys: object) -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL))
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    test = namespace["test_my_tool_accepts_valid_reports"]
    assert callable(test)
    test()
