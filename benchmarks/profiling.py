"""Where the time goes: a pyinstrument run summarised as seconds per child of one function."""

from __future__ import annotations

from typing import Any, Callable


def _find(frame, name: str):
    if frame is None:
        return None
    qual = f"{getattr(frame, 'class_name', None) or ''}.{frame.function}".lstrip(".")
    if name in (frame.function, qual):
        return frame
    for child in frame.children:
        hit = _find(child, name)
        if hit is not None:
            return hit
    return None


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
    frame = _find(root, under)
    if frame is None:
        return out, [], float(root.time) if root else float("nan")
    parts: dict[str, float] = {}
    for c in frame.children:
        mod = (c.file_path_short or "").replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".py")
        key = f"{mod}:{c.function}" if mod else c.function
        parts[key] = parts.get(key, 0.0) + float(c.time)
    own = float(frame.time) - sum(parts.values())
    if own > 0:
        parts["(own code)"] = own
    return out, sorted(parts.items(), key=lambda kv: -kv[1]), float(frame.time)
