"""Follow-up resolution from the conversation, by rules (no model rewrites the question).

Carried forward from earlier user turns: the meeting/date they named ("And the fourth one?"),
the entity a pronoun points back to ("How many companies are in its network?"), and the list a
"which of them" narrows ("Which of them are about talent exchange?").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..lexicon import AUXILIARIES, DETERMINERS, MONTH_NUMBER, PREPOSITIONS, SIDE_WORDS, legal_side
from ..mentions import parse_mentions
from ..schema import ordinal

MAX_TURNS = 6  # only recent turns matter
MAX_TURN_CHARS = 2000

_PRONOUN = re.compile(
    r"\b(it|its|it's|they|them|their|theirs|this|that|these|those|he|she|his|her|him|"
    # "there" as a place ("signed there"), not the existential "is there" / "there are"
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )there(?!\s+(?:is|are|was|were|be|been|has|have|had)\b))\b",
    re.I,
)
# "The project that runs …", "companies that signed …": "that" right after a noun and before a
# word is a relative pronoun, not a reference back. A noun is told by what it is not: a verb in
# -ed, an auxiliary, a preposition or another grammar word.
_RELATIVE_THAT = re.compile(
    r"\b(?!(?:is|are|was|were|be|been|do|does|did|done|has|have|had|to|of|in|on|at|for|with|about|from|by|"
    r"and|or|than|like|after|before|about|into|say|says|said|tell|show|all|just|only|so|not|how|what|"
    r"who|which|when|where|why)\b)[a-z][a-z'-]+(?<!ed)\s+that\s+(?=[a-z])",
    re.I,
)


def _pronoun(q: str) -> re.Match[str] | None:
    """The first word of ``q`` that refers back (a relative "that" does not)."""
    relative = {m.start() + m.group(0).lower().rindex("that") for m in _RELATIVE_THAT.finditer(q)}
    for m in _PRONOUN.finditer(q):
        if not (m.group(1).lower() == "that" and m.start(1) in relative):
            return m
    return None


_OF_THEM = re.compile(
    r"\b(?:which|what|how many|who)\s+(?:of|among(?:st)?)\s+(?:them|those|these|the above)\b|"
    r"\b(?:of|among(?:st)?)\s+(?:them|those|these)\b",
    re.I,
)
# A document the previous question spoke of: "the December 2023 SCI release", "the story".
_DOC_PHRASE = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,4}?(?:press\s+release|release|announcement|statement|article|story|report)\b", re.I
)
_LEAD_IN = re.compile(
    r"^\s*(?:and|also|so|then|ok(?:ay)?|what about|how about|and what about|and for|"
    r"what of|same for|and in|and at)\b[\s,]*",
    re.I,
)
_ORDINAL_MENTION = re.compile(
    r"\b(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:\s+(?:one|jic|sci jic|meeting|jic meeting|sci jic meeting))*\b",
    re.I,
)
_YEAR_MENTION = re.compile(
    r"\b(?:in\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2}\b", re.I
)
_MEETING_PHRASE = re.compile(
    r"\bthe\s+(?:(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)|"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d{2})\s+(?:sci\s+)?(?:jic\s+)?"
    # a body's own name before its meeting: "the 3rd Harbour Council meeting", "the 2nd Digital Talent Dialogue"
    r"(?:joint implementation committee\s+|(?:(?-i:[A-Z][\w&'’-]*)\s+){1,5}?(?=(?:\w+\s+)?(?:meeting|session)\b))?"
    r"(?:meeting|jic|session|(?-i:[A-Z][\w&'’-]*\s+){0,4}(?:forum|summit|conference|dialogue))\b(?:\s+meeting)?",
    re.I,
)
# "that meeting", "the same meeting": the meeting an earlier turn named.
_THAT_MEETING = re.compile(r"\b(?:that|this|the same|said)\s+(?:jic\s+)?(?:meeting|jic|session|one)\b", re.I)
# "The next one", "the previous meeting": the meeting after or before the one talked about.
_NEXT_ONE = re.compile(r"\bthe\s+(next|following|previous|prior)\s+(?:jic\s+)?(?:meeting|one|session)\b", re.I)
_THAT_YEAR = re.compile(r"\b(?:in\s+)?(?:that|the same|this)\s+year\b", re.I)
_THOSE_PARTIES = re.compile(
    r"\b(?:those|these|the)\s+(?:two\s+|both\s+)?(?:companies|firms|partners|parties|sides|"
    r"organi[sz]ations|signatories|institutions)\b",
    re.I,
)
# A fragment that leans on the previous question: "For whom?", "in what setting?", "Where?".
# "and how many MOUs?", "what about the MOUs?", "and MOUs?": another count of the same question.
_OTHER_COUNT = re.compile(
    r"^\s*(?:and|what about|how about|and what about)\s+(?:how many\s+|the\s+)?([A-Za-z][\w-]*s)\s*\??\s*$|"
    r"^\s*how many\s+([A-Za-z][\w-]*)\s*\??\s*$",
    re.I,
)

_FRAGMENT = re.compile(
    r"^\s*(?:and\s+)?(?:(?:for|with|by|in|at|from|to|on)\s+)?(?:who|whom|what|which|where|when|how)\b"
    r"(?:\s+\w+){0,2}\s*\??\s*$",
    re.I,
)
# "Launched that day", "on the same date": the day of the meeting an earlier turn named.
_THAT_DAY = re.compile(r"\b(?:on\s+|at\s+)?(?:that|the same|this)\s+(?:day|date|occasion)\b", re.I)
# Capitalised names ("TusStar", "Keppel", "EE Music Singapore"); generic tokens excluded.
_NAME = re.compile(r"\b([A-Z][\w&*'’.-]*(?:\s+(?:of|and|&|for)?\s*[A-Z][\w&*'’.-]*)*)")
_NOT_ENTITY = {
    "Who",
    "What",
    "Which",
    "When",
    "Where",
    "How",
    "Why",
    "Is",
    "Are",
    "Was",
    "Were",
    "Did",
    "Do",
    "Does",
    "Can",
    "Could",
    "Will",
    "Would",
    "Should",
    "List",
    "Name",
    "And",
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "To",
    "Tell",
    "Show",
    "Give",
    # Imperatives that open a question ("Describe TusStar in one line") are not part of a name.
    "Describe",
    "Explain",
    "Define",
    "Summarise",
    "Summarize",
    "Outline",
    "Identify",
    "Enumerate",
    "Specify",
    "Provide",
    "Confirm",
    "Find",
    "Please",
    "MOU",
    "MOUs",
    "JIC",
    "SCI",
    "I",
    "It",
    "Its",
    "They",
    "Them",
    "This",
    "That",
    "These",
    "Those",
    "As",
    "After",
    "Before",
}


_NO_CONTENT = re.compile(
    r"(?:(?:please\s+)?(?:tell me|say|give me|show me|explain|elaborate|go on|continue)(?:\s+(?:more|again))?"
    r"(?:\s+(?:about (?:it|that|this|them)|on (?:it|that|this)|details?|please))*|more(?: details?| info(?:rmation)?)?|"
    r"details?|why|how so|really|and\??|what else|anything else)",
    re.I,
)


def user_turns(history: Sequence[str | Mapping[str, Any]] | None) -> list[str]:
    """Earlier user questions (most recent last), from strings or Gradio message dicts.

    Only the last MAX_TURNS are kept, each cut to MAX_TURN_CHARS.
    """
    if not history:
        return []
    out: list[str] = []
    # A forged, huge history costs only this slice.
    for turn in list(history)[-(MAX_TURNS * 4) :]:
        if isinstance(turn, str):
            text = turn
        elif isinstance(turn, Mapping):
            if turn.get("role") not in (None, "user"):
                continue
            content = turn.get("content")
            if isinstance(content, list):  # multimodal content parts
                content = " ".join(str(p.get("text", "")) if isinstance(p, Mapping) else str(p) for p in content)
            text = content if isinstance(content, str) else ""
        elif isinstance(turn, (list, tuple)) and turn:  # old Gradio [user, assistant] pairs
            text = turn[0] if isinstance(turn[0], str) else ""
        else:
            continue
        text = " ".join(text.split())[:MAX_TURN_CHARS]
        if text:
            out.append(text)
    return out[-MAX_TURNS:]


def _opening_word(word: str) -> bool:
    """A word capitalised only because it opens the question: a grammar word ("Across", "Besides")
    or a participle opening a clause ("Looking at …", "Counting …")."""
    low = word.lower()
    return low in PREPOSITIONS or low in DETERMINERS or low in AUXILIARIES or (low.endswith("ing") and len(low) > 5)


def _entities(text: str) -> list[str]:
    found = []
    for m in _NAME.finditer(text):
        name = m.group(1).strip(" .")
        words = [
            w for w in name.split() if w not in _NOT_ENTITY and w.lower().rstrip(".") not in MONTH_NUMBER
        ]  # "December 2023" is a date, not a name
        if words and not text[: m.start()].strip(" \"'“‘(") and _opening_word(words[0]):
            words = words[1:]  # "Looking at both releases, …", "Across the two meetings, …"
        if not words:
            continue
        name = " ".join(words)
        if re.fullmatch(r"(?:\d+(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth)", name):
            continue
        found.append(name)
    return found


def _is_follow_up(q: str) -> bool:
    words = re.findall(r"\w+", q)
    return bool(
        _pronoun(q)
        or _LEAD_IN.match(q)
        or _OF_THEM.search(q)
        or _DEFINITE_ITEM.search(q)
        or _the_item(q)
        or _THAT_MEETING.search(q)
        or _THAT_DAY.search(q)
        or _THAT_YEAR.search(q)
        or _SIDE_PARTY.search(q)
        or len(words) <= 4
    )


@dataclass(frozen=True)
class Referent:
    """What the previous answer was about, as the conversation can name it again.

    ``one`` names it as a thing ("the MOU between IMDA and TusStar", a project's title) for "it";
    ``many`` names its parties ("IMDA and TusStar") for "they", "them" and "their".
    """

    one: str
    many: str
    parties: tuple[str, ...] = ()  # each party's name, for "the Singapore company"


def _party_on_side(parties: tuple[str, ...], side: str) -> str | None:
    """The party on ``side`` ('singapore' or 'china') of two. The legal form tells first when it
    does ("Pte Ltd" is Singapore's private company, "Co., Ltd." China's: "CapitaLand Investment
    (China)" beside "Qianhai Service Group Co., Ltd." is the Singapore one); else the name that
    says the side ("Shenzhen Feiyun Drone Technology"), or the one whose name does not when the
    other's does."""
    if len(parties) != 2:
        return None
    legal = [legal_side(p) for p in parties]
    said = [
        next((s for s, forms in SIDE_WORDS.items() if set(re.findall(r"[a-z']+", p.lower())) & set(forms)), None)
        for p in parties
    ]
    for told in (legal, said):
        if told[0] != told[1]:
            if side in told:
                return parties[told.index(side)]
            if None in told:
                return parties[told.index(None)]
    return None


# "the Singapore company", "the Shenzhen partner", "the Chinese side": one party of the item just quoted.
_SIDE_PARTY = re.compile(
    r"\bthe\s+(singapore(?:an)?|chinese|china|shenzhen)\s+(?:company|firm|partner|party|side|organi[sz]ation|one)\b",
    re.I,
)


# A role each side holds, asked in the turn before ("Who were its co-chairs?", "who co-chaired it").
_ROLE_ASKED = re.compile(r"\bco-?chair(?:ed|s)?\b|\bco-?host(?:ed|s)?\b", re.I)
_SIDE_ONE = re.compile(r"\bthe\s+(singapore(?:an)?|chinese|china|shenzhen)\s+one\b", re.I)
_SIDE_NAMED = re.compile(r"\bthe\s+(singapore(?:an)?|chinese|china|shenzhen)\s+(?:one|co-?chair|co-?host)\b", re.I)
_OTHER_ONE = re.compile(r"\bthe\s+other\s+(?:one|co-?chair|co-?host)\b", re.I)


def last_answer(history: Sequence[str | Mapping[str, Any]] | None) -> str:
    """The text of the latest assistant turn in ``history`` ("" when there is none)."""
    for turn in reversed(list(history or [])[-(MAX_TURNS * 4) :]):
        if isinstance(turn, Mapping) and turn.get("role") == "assistant":
            content = turn.get("content")
            return content[:20000] if isinstance(content, str) else ""
        if isinstance(turn, (list, tuple)) and len(turn) > 1 and isinstance(turn[1], str):
            return turn[1][:20000]
        if isinstance(turn, Mapping) and turn.get("role") == "user":
            return ""
    return ""


_DEFINITE_ITEM = re.compile(
    r"\b(?:that|this|the same|the said|the other)\s+(?:project|collaboration|partnership|mou|memorandum|"
    r"agreement|initiative|deal|tie-up|programme|one)\b",
    re.I,
)
# "the collaboration", "the MOU": the item talked about, when the question names nothing else.
_THE_ITEM = re.compile(r"\bthe\s+(?:project|collaboration|partnership|mou|memorandum|agreement|deal|tie-up)\b", re.I)


def _the_item(q: str) -> re.Match[str] | None:
    m = _THE_ITEM.search(q)
    return m if m and not _entities(q) and not parse_mentions(q).any else None


# "How many new projects were added to the zone in 2023": what was counted, as a noun phrase.
_HOW_MANY = re.compile(
    r"^\s*how many\s+(?P<np>[\w' -]+?)\s+(?:were|are|was|is|have been|has been|had been|will be|got)\s+"
    r"(?P<vp>\w+ed\b.*?)\s*\??\s*$",
    re.I,
)


def _counted(question: str) -> str | None:
    """What a "how many … were <done> …" question counted, as "the … <done> …" (a plural pronoun
    in the next turn points at those items, not at a name in the question)."""
    m = _HOW_MANY.match(question)
    return f"the {m.group('np')} {m.group('vp')}" if m else None


# "Is there another one?", "any other partners?": defined by what was already given.
_ANOTHER = re.compile(r"\b(?:another|other|else)\b", re.I)


def points_back(question: str) -> bool:
    """Whether ``question`` refers to something earlier ("under it", "their system", "that project")."""
    return bool(
        _pronoun(question)
        or _DEFINITE_ITEM.search(question)
        or _the_item(question)
        or _ANOTHER.search(question)
        or _SIDE_PARTY.search(question)
        or _THOSE_PARTIES.search(question)
    )


def resolve(
    question: str, history: Sequence[str | Mapping[str, Any]] | None, referent: Referent | None = None
) -> tuple[str, bool]:
    """A standalone version of ``question`` given earlier user turns.

    ``referent`` is what the previous *answer* was about (the annex item its quotes came from):
    after a question asking for a thing ("What did X sign?"), "it" and "that project" are that
    thing, and "they"/"their" its parties, rather than the names the previous question used.

    Returns:
        (resolved question, whether it was rewritten).

    >>> resolve("How many companies are in its network?", ["What did IMDA agree with TusStar?"])
    ("How many companies are in TusStar's network?", True)
    >>> resolve("And the fourth one?", ["How many MOUs were signed at the 3rd JIC meeting?"])
    ('How many MOUs were signed at the fourth JIC meeting?', True)
    """
    turns = user_turns(history)
    q = " ".join(question.split())
    if not turns or not q:
        return q, False
    if not _is_follow_up(q) and not (_THE_KIND.search(q) and _answered(turns[-1], history)):
        return q, False
    prev = turns[-1]
    # Earlier turns may themselves be follow-ups: resolve the chain first, each with the answers
    # given before it.
    before = _histories_before_turns(history, len(turns))
    for i in range(len(turns) - 1):
        prev_resolved, _ = resolve(turns[i + 1], before[i + 1] or turns[: i + 1])
        turns[i + 1] = prev_resolved
    prev = turns[-1]
    answered = _answered(prev, history)

    # 1. "Which of them …" narrows the previous list.
    m = _OF_THEM.search(q)
    if m:
        rest = (q[: m.start()] + q[m.end() :]).strip(" ?,.")
        rest = re.sub(r"^(?:are|is|were|was)\b", lambda x: x.group(0), rest)
        return f"{prev.rstrip(' ?.')}, and {rest}?", True

    # 1b. "And the 4th — how many projects?": a new scope, then a question of its own.
    m = re.match(
        rf"^\s*(?:and|what about|how about)\s+(?P<scope>(?:the\s+)?{_ORDINAL_MENTION.pattern[2:-2]}|"
        r"(?:in\s+)?(?:19|20)\d{2})\s*(?:[—–-]+|,|:)\s*(?P<rest>\S.*)$",
        q,
        re.I,
    )
    if m and parse_mentions(m.group("scope") + " meeting").any:
        rest = m.group("rest").rstrip(" ?.")
        scope = re.sub(r"^the\s+", "", m.group("scope"), flags=re.I)
        if parse_mentions(scope + " meeting").meetings:
            scope = re.sub(r"\s+(?:one|meeting|jic meeting|sci jic meeting|jic|sci jic)$", "", scope, flags=re.I)
            return f"{rest[0].upper()}{rest[1:]} at the {scope} JIC meeting?", True
        return f"{rest[0].upper()}{rest[1:]} in {_YEAR_MENTION.search(scope).group(0).split()[-1]}?", True

    # 2. "And the fourth one?" / "What about 2022?": the previous question with a new mention.
    body = _LEAD_IN.sub("", q).strip(" ?.")
    # ("and at the fifth?", "and by the 4th?", "and as of the fourth?")
    body = re.sub(r"^(?:at|for|from|of|by|after|before|until|as of)\s+(?=the\s)", "", body, flags=re.I)
    new_m = parse_mentions(body + " meeting") if _ORDINAL_MENTION.fullmatch(body) else parse_mentions(body)
    leftover = _YEAR_MENTION.sub("", _ORDINAL_MENTION.sub("", body)).strip(" ?.,")
    if (new_m.meetings or new_m.years or new_m.months) and len(re.findall(r"\w+", leftover)) <= 2:
        swapped = prev
        if new_m.meetings and parse_mentions(prev).meetings:
            word = _ORDINAL_MENTION.search(body).group(0)
            word = re.sub(r"^the\s+", "", word, flags=re.I)
            word = re.sub(r"\s+(one|meeting|jic meeting|sci jic meeting|jic|sci jic)$", "", word, flags=re.I)
            swapped = re.sub(
                r"\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b",
                word,
                prev,
                count=1,
                flags=re.I,
            )
        elif (new_m.years or new_m.months) and _YEAR_MENTION.search(prev):
            swapped = _YEAR_MENTION.sub(_YEAR_MENTION.search(body).group(0), prev, count=1)
        elif new_m.meetings:
            # "And the 4th?" after a question naming no meeting: ask it about that meeting.
            swapped = f"{prev.rstrip(' ?.')} at the {ordinal(new_m.meetings[0])} meeting?"
        else:
            swapped = f"{prev.rstrip(' ?.')} ({body})?"
        if swapped != prev:
            return swapped, True

    # 3a. "That meeting", "the same meeting": the latest meeting an earlier turn named.
    that = _THAT_MEETING.search(q)
    named_meeting = next((m for m in (_MEETING_PHRASE.search(t) for t in reversed(turns)) if m), None)
    step = _NEXT_ONE.search(q)
    said = next((parse_mentions(t).meetings for t in reversed(turns) if parse_mentions(t).meetings), ())
    if step and said:
        # "Where is the next one going to be?" after the 7th meeting: the 8th.
        n = said[-1] + (-1 if step.group(1).lower() in ("previous", "prior") else 1)
        if n >= 1:
            return f"{q[: step.start()]}the {ordinal(n)} meeting{q[step.end() :]}", True
    if that and named_meeting:
        return f"{q[: that.start()]}{named_meeting.group(0)}{q[that.end() :]}", True
    day = _THAT_DAY.search(q)
    named_year = next((m for m in (_YEAR_MENTION.search(t) for t in reversed(turns)) if m), None)
    if day and named_meeting:
        return f"{q[: day.start()]}at {named_meeting.group(0)}{q[day.end() :]}", True
    if day and named_year:  # "signed that day" after "Which 2022 project …": in that year
        return f"{q[: day.start()]}in {_year_of(named_year)}{q[day.end() :]}", True
    year = _THAT_YEAR.search(q)
    if year and named_year:  # "another logistics project that year"
        return f"{q[: year.start()]}in {_year_of(named_year)}{q[year.end() :]}", True

    # 3e. "What did the Singapore one say?" after "Who were its co-chairs?": the co-chair on that
    # side; "the other co-chair" after one side's: the other side's.
    role = _ROLE_ASKED.search(prev)
    side_one = _SIDE_ONE.search(q)
    if role and side_one:
        noun = re.sub(r"(?:ed|s)$", "", role.group(0).lower())
        return f"{q[: side_one.start()]}the {side_one.group(1)} {noun}{q[side_one.end() :]}", True
    other = _OTHER_ONE.search(q)
    said_side = _SIDE_NAMED.search(prev)
    if role and other and said_side:
        noun = re.sub(r"(?:ed|s)$", "", role.group(0).lower())
        side = "Chinese" if said_side.group(1).lower().startswith("singapore") else "Singapore"
        return f"{q[: other.start()]}the {side} {noun}{q[other.end() :]}", True

    # 3c. "Who runs the Singapore company?": the party of the item just quoted on that side.
    one_side = _SIDE_PARTY.search(q)
    # "Who's the Shenzhen partner?" asks which party it is: that is the answer, not a name to write in.
    asks_which = re.match(r"\W*(?:and\s+)?(?:who|which|what)\s*(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\b", q, re.I)
    if one_side and not asks_which and referent is not None and referent.parties:
        word = one_side.group(1).lower()
        side = "singapore" if word.startswith("singapore") else "china"
        party = _party_on_side(referent.parties, side)
        if party:
            q = f"{q[: one_side.start()]}{party}{q[one_side.end() :]}"
            if not _pronoun(q):
                return q, True
            # ("who signed it for the Singapore company?": "it" is still the item, below)

    # 3d. "Those two companies", "these partners": the parties of the item just quoted.
    group = _THOSE_PARTIES.search(q)
    if group and referent is not None:
        q = f"{q[: group.start()]}{referent.many}{q[group.end() :]}"
        if not _pronoun(q):
            return q, True

    # 3b. "By then", "at that time": the meeting the previous turn named.
    then = re.search(r"\b(by|until|at|since|as of)\s+(?:then|that time|that point|that stage)\b", q, re.I)
    meeting = _MEETING_PHRASE.search(prev)
    if then and meeting:
        return f"{q[: then.start()]}{then.group(1)} {meeting.group(0)}{q[then.end() :]}", True

    # 3f. "What does the partner bring?" after "Which Singapore company is working with X?": the
    # body the previous answer named.
    kind = _THE_KIND.search(q)
    if kind and answered:
        q = f"{q[: kind.start()]}{answered}{q[kind.end() :]}"
        if not _pronoun(q) and not _the_item(q):
            return q, True

    # 3c. "That project", "the same MOU": the item the previous answer quoted.
    item = _DEFINITE_ITEM.search(q) or _the_item(q)
    if item and referent:
        return f"{q[: item.start()]}{referent.one}{q[item.end() :]}", True

    # 3. Pronouns point back to the previous turn's meeting or its last-named entity.
    stripped = _LEAD_IN.sub("", q)
    if stripped and stripped != q and _pronoun(stripped):
        q = stripped[0].upper() + stripped[1:]  # "And how many … there?" → "How many … there?"
    pm = _pronoun(q)
    if pm:
        meeting = _MEETING_PHRASE.search(prev)
        names = _entities(prev)
        word = pm.group(1).lower()
        asked_thing = referent is not None and _asks_for_thing(prev)
        if word == "there" and meeting:
            target = meeting.group(0)
        elif word in ("it", "its") and answered:
            target = answered  # "How many of its engineers …" after "Which company is working with X?"
        elif word in ("it", "this", "that") and asked_thing:
            target = referent.one  # "What did X sign?" … "What will they set up under it?"
        elif word in ("they", "them", "their", "these", "those") and asked_thing:
            target = referent.many
        elif word in ("they", "them", "their", "these", "those") and _counted(prev):
            target = _counted(prev)  # "How many projects were added in 2023?" … "What do they focus on?"
        elif word in ("it", "this", "that") and meeting and not names:
            target = meeting.group(0)
        elif names:
            target = names[-1]
        elif meeting:
            target = meeting.group(0)
        elif referent is not None:
            target = referent.one  # nothing named in the question: what its answer quoted
        elif _DOC_PHRASE.search(prev):
            # "Which wire service carried the December 2023 release?" … "What was its headline?"
            target = _DOC_PHRASE.search(prev).group(0)
        else:
            return f"{q.rstrip(' ?')} ({prev.rstrip(' ?')})?", True
        if word == "there":
            target = "at " + target
        if word in ("its", "their", "his", "her"):
            if re.search(r"['’]s?$", target):
                repl = target  # already possessive ("IMDA's own press contact" → "IMDA's")
            else:
                repl = target + "’s" if target.endswith("s") is False else target + "’"
            repl = repl.replace("’", "'")
        else:
            repl = target
        resolved = q[: pm.start()] + repl + q[pm.end() :]
        # Keep the meeting/date context the previous turn set, if this turn names none.
        if meeting and meeting.group(0) not in resolved and not parse_mentions(resolved).any:
            resolved = f"{resolved.rstrip(' ?')} at {meeting.group(0)}?"
        return resolved, True

    # 4. "Tell me more" / "Why?" / "Details?": nothing of its own, so the previous question stands.
    if _NO_CONTENT.fullmatch(_LEAD_IN.sub("", q).strip(" ?.!")):
        return prev, True

    # 4a. "And how many MOUs?", "what about MOUs?" after "How many projects …?": the previous
    # question, counting the new noun instead.
    counted = _OTHER_COUNT.match(q)
    before = re.search(r"\bhow many\s+(?:new\s+|joint\s+|more\s+)*([A-Za-z][\w-]*)", prev, re.I)
    noun = counted and (counted.group(1) or counted.group(2))
    if noun and before and noun.lower() != before.group(1).lower():
        return f"{prev[: before.start(1)]}{noun}{prev[before.end(1) :]}", True

    # 4a'. "And when?" after "Who signed the Kranji MOU for Kranji AgriTech?": when (or where) the
    # thing the previous question asked about was done — "When was the Kranji MOU signed for …?".
    # (Past participles only where they equal the past tense: "-ed", "led", "held", "met", "made".)
    bare = re.fullmatch(r"\s*(?:and\s+|so\s+)?(when|where)\s*\??\s*", q, re.I)
    did = re.match(r"\s*who\s+((?:co-)?[a-z]+ed|led|held|met|made|won)\s+(\S.*?)\s*\??\s*$", prev, re.I)
    if bare and did:
        done = re.match(rf"(.+?)(\s+(?:{'|'.join(sorted(PREPOSITIONS))})\b.*)?$", did.group(2), re.I)
        if done and done.group(1):
            return f"{bare.group(1).capitalize()} was {done.group(1)} {did.group(1)}{done.group(2) or ''}?", True

    # 4b. "For whom?", "in what setting?": the previous question, narrowed by the fragment.
    if _FRAGMENT.match(q):
        return f"{prev.rstrip(' ?.')}, {q.strip().rstrip('?').lower()}?", True

    # 5. A short question with no context of its own inherits the previous turn's meeting.
    if not parse_mentions(q).any:
        meeting = _MEETING_PHRASE.search(prev)
        if meeting:
            return f"{q.rstrip(' ?')} at {meeting.group(0)}?", True
    return q, False


# "the partner", "the company": a body named by its kind alone (not "the Singapore company", a side's).
_THE_KIND = re.compile(
    r"\bthe\s+(?:partner|company|firm|organi[sz]ation|business|enterprise|start-?up)\b(?!\s+(?:of|for|in|at)\b)", re.I
)


def _answered(prev: str, history: Sequence[str | Mapping[str, Any]] | None) -> str | None:
    """The one body the previous answer put in bold, when the previous question asked which body
    ("Which Singapore company is working with X?" → "Sentosa Visitor Tech"); None otherwise."""
    from .context import short_party
    from .intents import analyse

    text = last_answer(history)
    if not text or analyse(prev).expected != "org":
        return None
    bold = re.findall(r"\*\*(.+?)\*\*", text.split("\n", 1)[0])
    if len(bold) != 1 or bold[0].startswith(("The releases", "the releases")) or re.search(r"\d", bold[0]):
        return None
    name = short_party(bold[0].replace("\\", ""))
    return name if re.match(r"[A-Z]", name) else None


def _histories_before_turns(history: Sequence[str | Mapping[str, Any]] | None, n: int) -> list[list]:
    """For each of the last ``n`` user turns, the history before it (answers included), so that an
    earlier follow-up is resolved with the answer it followed. Empty lists when the history holds
    no answers (plain strings)."""
    items = list(history or [])[-(MAX_TURNS * 4) :]
    starts = [
        i
        for i, t in enumerate(items)
        if (isinstance(t, Mapping) and t.get("role") in (None, "user")) or isinstance(t, (list, tuple))
    ]
    if not starts or all(isinstance(t, str) for t in items):
        return [[] for _ in range(n)]
    return ([[]] * n + [items[:i] for i in starts])[-n:]


def _year_of(m: re.Match[str]) -> str:
    return re.search(r"(?:19|20)\d{2}", m.group(0)).group(0)


def _asks_for_thing(question: str) -> bool:
    """Whether a question's answer is a thing a pronoun can point to ("What did X sign?",
    "Which project …"), not a person, date, place or count."""
    from .intents import analyse

    return analyse(question).intent in ("what", "list")


# A reference only a conversation can resolve: "there" as a place, "it"/"they"/"them" after a
# lead-in ("And how many … there?", "So who signed it?"), "that meeting", "which of them".
_DANGLING = re.compile(
    r"(?:^\s*(?:and|also|so|then)\b.*\b(?:it|its|they|them|their|there|that|those)\b)|"
    r"\b(?:signed|launched|held|located|based|announced)\s+there\b|\b(?:that|the same)\s+(?:meeting|jic|session)\b|"
    r"\b(?:which|how many|who)\s+of\s+(?:them|those|these)\b",
    re.I,
)


_PERSON_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers)\b", re.I)
_BOLD_PERSON = re.compile(r"\*\*((?:Mr|Ms|Mrs|Mdm|Dr|Prof)\.?\s+[^*]{2,60})\*\*")


def person_reference(
    question: str, history: Sequence[str | Mapping[str, Any]] | None
) -> tuple[str, str | None, list[str]] | None:
    """ "What did he say?" after an answer naming people: (the pronoun, the question with the one
    person it can mean written in, or None when it could mean several, the people named). None when
    the question has no personal pronoun or the previous answer named nobody."""
    m = _PERSON_PRONOUN.search(question)
    if not m or not user_turns(history):
        return None
    named = list(dict.fromkeys(_BOLD_PERSON.findall(last_answer(history).split("\n\n", 1)[0])))
    if not named:
        return None
    if len(named) > 1:
        return m.group(1), None, named
    word = m.group(1).lower()
    name = named[0] + ("'s" if word in ("his", "hers") or (word == "her" and _POSSESSIVE_HER.search(question)) else "")
    return m.group(1), question[: m.start()] + name + question[m.end() :], named


# "her" before a noun is possessive ("her remarks"); before a verb or at the end, an object.
_POSSESSIVE_HER = re.compile(r"\bher\s+(?!(?:say|said|about|to|at|in|on|for|with)\b)[a-z]+", re.I)


def dangling_reference(question: str, history: Sequence[str | Mapping[str, Any]] | None) -> str | None:
    """The word a first question points back with when there is nothing to point back to."""
    if user_turns(history):
        return None
    m = _DANGLING.search(question)
    if not m:
        return None
    before = question[: m.start()]
    if re.search(r"(?:,\s*and|\s+and|;)\s*$", before) and len(re.findall(r"\w+", before)) >= 4:
        # "How many entries did the contest attract, and how many of them came from Singapore?":
        # the second question points back to the first.
        return None
    word = re.search(r"\b(there|them|they|their|its|it|those|that meeting|the same meeting|that)\b", m.group(0), re.I)
    if word and word.group(1).lower() == "there" and parse_mentions(question[: m.start()]).meetings:
        return None  # "JIC 3: how many MOUs were signed there?": the question named where itself
    return word.group(1) if word else None
