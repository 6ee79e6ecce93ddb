"""The suite checks itself: no assertion that cannot fail, no test that checks nothing.

An AST walk over every ``tests/*.py`` file (the source, not the running tests) applies three rules:

1. **No always-true assert.** ``assert X`` fails the rule when ``X`` is a constant that is true
   (``assert True``, ``assert 1``, ``assert "text"``) or an ``or`` with a true constant among its
   operands (``assert hits == [] or True``).
2. **Every test checks something.** A test function (a ``def``/``async def`` named ``test*`` at
   module level or in a ``Test*`` class) must contain, anywhere in its body including nested
   functions, lambdas and ``with`` blocks, at least one of:

   * an ``assert`` statement;
   * a call to ``pytest.raises`` (as a context manager or called directly);
   * a call to a helper whose name starts with ``assert_``, ``check_`` or ``expect_`` (a plain
     name or an attribute, e.g. ``assert_clean(text)`` or ``h.check_span(...)``). Such a helper
     must itself satisfy rule 3.
3. **Checking helpers check.** A function defined under ``tests/`` whose name starts with
   ``assert_``, ``check_`` or ``expect_`` contains an ``assert``, a ``pytest.raises``, a
   ``raise``, or a call to another such helper.

Exceptions are not allowed by comment; fix the test instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
CHECKER_PREFIXES = ("assert_", "check_", "expect_")


def _sources() -> list[Path]:
    return sorted(TESTS.glob("*.py"))


def _call_name(node: ast.Call) -> str:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _is_pytest_raises(node: ast.Call) -> bool:
    f = node.func
    return (
        isinstance(f, ast.Attribute) and f.attr == "raises" and isinstance(f.value, ast.Name) and f.value.id == "pytest"
    )


def _always_true(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant):
        return bool(expr.value)
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return any(_always_true(v) for v in expr.values)
    return False


def _checks(fn: ast.AST, *, allow_raise: bool = False) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert):
            return True
        if allow_raise and isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call) and (_is_pytest_raises(node) or _call_name(node).startswith(CHECKER_PREFIXES)):
            return True
    return False


def _test_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            yield node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    yield item


def find_problems(source: str, name: str = "<string>") -> list[str]:
    """Every breach of the three rules in ``source``, as "name:line: what" strings."""
    tree = ast.parse(source, name)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert) and _always_true(node.test):
            problems.append(f"{name}:{node.lineno}: assert that cannot fail: {ast.unparse(node.test)[:80]}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith(CHECKER_PREFIXES):
            if not _checks(node, allow_raise=True):
                problems.append(f"{name}:{node.lineno}: helper {node.name}() checks nothing")
    for fn in _test_functions(tree):
        if not _checks(fn):
            problems.append(
                f"{name}:{fn.lineno}: {fn.name}() has no assert, pytest.raises or assert_/check_/expect_ helper call"
            )
    return problems


def test_every_test_can_fail():
    problems = [p for path in _sources() for p in find_problems(path.read_text(encoding="utf-8"), path.name)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def test_a():\n    assert f() == [] or True\n", "cannot fail"),
        ("def test_a():\n    assert True\n", "cannot fail"),
        ("def test_a():\n    assert (x or 'yes')\n", "cannot fail"),
        ("def test_a():\n    f()\n", "test_a() has no assert"),
        ("class TestX:\n    def test_b(self):\n        x = 1\n", "test_b() has no assert"),
        ("def check_it(x):\n    print(x)\n\ndef test_c():\n    check_it(1)\n", "check_it() checks nothing"),
    ],
)
def test_the_checker_catches(source, expected):
    problems = find_problems(source)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    "source",
    [
        "def test_a():\n    assert f() == []\n",
        "def test_a():\n    with pytest.raises(ValueError):\n        f()\n",
        "def test_a():\n    pytest.raises(ValueError, f)\n",
        "def test_a():\n    assert_clean(f())\n",
        "def test_a():\n    h.expect_span(1)\n",
        "def check_it(x):\n    if not x:\n        raise AssertionError(x)\n\ndef test_c():\n    check_it(1)\n",
        "def helper():\n    pass\n",  # not a test
    ],
)
def test_the_checker_accepts(source):
    assert find_problems(source) == []
