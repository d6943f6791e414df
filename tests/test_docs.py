"""The README's examples run as they are written, so the README cannot go stale."""

from __future__ import annotations

import re
from pathlib import Path

from .applications import needs_browser, needs_office

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


@needs_office
@needs_browser
def test_the_guides_screenshots_are_made_by_a_script(tmp_path: Path) -> None:
    import importlib.util

    from PIL import Image

    script = Path(__file__).parent.parent / "docs" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.make(tmp_path)
    assert [path.name for path in made] == ["template.png", "batch-page.png", "report-detail.png"]
    for path in made:
        image = Image.open(path).convert("L")
        dark = sum(1 for value in image.tobytes() if value < 100)
        assert dark > 5_000, f"{path.name} shows hardly anything"
    # The guides show the images the script makes.
    guides = {
        name: (Path(__file__).parent.parent / "docs" / "guides" / name).read_text(encoding="utf-8")
        for name in ("agency-staff.md", "reviewers.md")
    }
    assert "template.png" in guides["agency-staff.md"]
    assert "batch-page.png" in guides["reviewers.md"] and "report-detail.png" in guides["reviewers.md"]
