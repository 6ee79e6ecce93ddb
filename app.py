"""The SCI Assistant browser chat: ``python app.py`` → http://127.0.0.1:7860.

Rebuilds a missing or stale index from ``corpus/`` first (progress on the console), then serves
the chat. Options: ``--host`` (default 127.0.0.1), ``--port`` (default 7860),
``--auth USER:PASSWORD`` (or ``SCI_ASSISTANT_AUTH``). ``SCI_ASSISTANT_CORPUS``,
``SCI_ASSISTANT_INDEX`` and ``SCI_ASSISTANT_MODEL`` choose other folders.

The UI lives in ``sci_assistant.web``; this file only wires one Assistant to it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout even before `pip install -e .`
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from sci_assistant import web  # noqa: E402
from sci_assistant.errors import SciAssistantError  # noqa: E402

if __name__ == "__main__":
    ARGS = web.parse_app_args(sys.argv[1:])  # --help and bad options answer before the slow start

CORPUS = Path(os.environ.get("SCI_ASSISTANT_CORPUS") or ROOT / "corpus")
INDEX = Path(os.environ.get("SCI_ASSISTANT_INDEX") or ROOT / "index")

try:
    assistant, status = web.start_assistant(CORPUS, INDEX, os.environ.get("SCI_ASSISTANT_MODEL") or None)
except SciAssistantError as exc:
    if __name__ != "__main__":
        raise
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(exc.exit_code)


def respond(message: str, history: list | None = None) -> str:
    """Answer ``message`` from the releases; ``history`` holds earlier turns as Gradio message
    dicts ({"role", "content"}). Returns Markdown: the answer first, [n] citations, sources."""
    return web.chat_reply(assistant, message, history)


demo = web.build_demo(assistant, status=status, respond=respond)

if __name__ == "__main__":
    sys.exit(web.run(demo, host=ARGS.host, port=ARGS.port, auth=ARGS.auth, blocked_paths=[CORPUS, INDEX]))
