"""Extractive answers: intents, follow-ups, annex records, sentence evidence, templates."""

from .respond import answer_question

__all__ = ["answer_question"]
