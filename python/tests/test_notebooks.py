"""The notebooks re-execute with the same printed figures as their committed outputs.

Each notebook in notebooks/ is run from a fresh kernel (nbclient); every printed output and
every plain-text result is compared with the committed one (charts, the SVG outputs, are not
compared byte for byte: only that a chart is still drawn). A changed figure fails here; to
accept a change on purpose, re-run `python notebooks/build.py` and commit the notebooks."""

import copy
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"


def _texts(nb):
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append((i, o.name, o.text))
            elif o.output_type in ("execute_result", "display_data"):
                if "image/svg+xml" in o.data:
                    out.append((i, "svg", "<svg" in o.data["image/svg+xml"]))
                else:
                    out.append((i, "text", o.data.get("text/plain", "")))
            elif o.output_type == "error":
                out.append((i, "error", o.ename + ": " + o.evalue))
    return out


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_reexecutes_with_the_same_figures(path):
    committed = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(committed)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(fresh, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    want, got = _texts(committed), _texts(fresh)
    assert want, f"{path.name} has no committed outputs"
    assert got == want


def test_there_are_four_notebooks():
    names = {p.stem for p in NOTEBOOKS.glob("*.ipynb")}
    assert {"01_cambodia_2021", "02_england_wales", "03_your_own_spreadsheet", "04_us_states"} <= names
