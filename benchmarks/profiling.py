"""Where the time goes: a pyinstrument run summarised as seconds per child of one function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _matches(frame, name: str, out: list) -> list:
    """Every frame named ``name`` (``function`` or ``Class.function``), outermost ones only: the
    same function reached along different call paths appears once per path in the tree."""
    if frame is None:
        return out
    qual = f"{getattr(frame, 'class_name', None) or ''}.{frame.function}".lstrip(".")
    if name in (frame.function, qual):
        out.append(frame)
        return out
    for child in frame.children:
        _matches(child, name, out)
    return out


def breakdown(fn: Callable[[], Any], under: str, interval: float = 0.001) -> tuple[Any, list[tuple[str, float]], float]:
    """Run ``fn`` under pyinstrument; return (its result, [(child, seconds)] of the first frame
    named ``under``, total seconds). Children are grouped by ``module:function``."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return fn(), [], float("nan")
    prof = Profiler(interval=interval)
    prof.start()
    try:
        out = fn()
    finally:
        prof.stop()
    root = prof.last_session.root_frame()
    frames = _matches(root, under, [])
    if not frames:
        return out, [], float(root.time) if root else float("nan")
    parts: dict[str, float] = {}
    total = 0.0
    for frame in frames:
        total += float(frame.time)
        for c in frame.children:
            mod = (c.file_path_short or "").replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
            key = f"{mod}:{c.function}" if mod else c.function
            parts[key] = parts.get(key, 0.0) + float(c.time)
    own = total - sum(parts.values())
    if own > 1e-9:
        parts["(own code)"] = own
    return out, sorted(parts.items(), key=lambda kv: -kv[1]), total
