"""The type stubs cover the public names, and the package is marked typed (PEP 561)."""

import ast
import pathlib

import overcrowding

PKG = pathlib.Path(overcrowding.__file__).parent


def _stub_names(path):
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(a.asname or a.name for a in node.names)
    return names, tree


def test_py_typed_and_stubs_are_installed():
    assert (PKG / "py.typed").exists()
    assert (PKG / "__init__.pyi").exists() and (PKG / "sql.pyi").exists()


def test_stubs_cover_every_public_name_and_method():
    names, tree = _stub_names(PKG / "__init__.pyi")
    missing = [n for n in overcrowding.__all__ if n not in names]
    assert not missing, missing
    panel = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Panel")
    stubbed = {f.name for f in panel.body if isinstance(f, ast.FunctionDef)}
    public = {n for n in dir(overcrowding.Panel) if not n.startswith("_")}
    assert public <= stubbed, public - stubbed
    sql_names, _ = _stub_names(PKG / "sql.pyi")
    assert set(overcrowding.sql.__all__) <= sql_names
