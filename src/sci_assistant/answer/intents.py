"""Question analysis: intent, what is counted, the item kind in scope, topic terms, mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..mentions import Mentions, parse_mentions
from ..sparse import tokenize

INTENTS = ("count", "list", "who", "when", "where", "what", "compare", "summary")

# Words that say *how* to answer or *which* items are in scope, not *what about*: they never
# count as topic terms when matching annex records or checking that evidence covers a question.
_SCOPE_WORDS = set(tokenize(
    "which what who whom whose when where why how many much list name enumerate every all each any "
    "there is are was were be been being do does did done have has had will would can could should "
    "joint new project projects initiative initiatives mou mous memorandum memoranda understanding "
    "agreement agreements signed sign signing launched launch launching introduced unveiled meeting "
    "meetings jic sci committee implementation smart city initiative singapore shenzhen china "
    "under fall falls falling relate relates related relating involve involves involving about "
    "regarding concerning concern between among of them those these they it its their with for to "
    "in on at by from and or the a an that this include includes including part total number "
    "cumulative altogether overall so far date released release releases mentioned mention "
    "partner partners partnership company companies organisation organisations organization "
    "organizations firm firms party parties collaboration collaborations cooperation "
    "first second third fourth fifth 1st 2nd 3rd 4th 5th latest recent newest earlier previous "
    "tell me please show give know after before since during until while then also only just "
    "ever yet still again more most less least very really quite some such other another same "
    "up down out over into onto upon within without across per via etc "
    "change changed changes changing differ difference different compare comparison compared versus "
    "grow grew growth increase increased decrease decreased evolve evolved trend "
    "summarise summarize summary overview highlights recap brief key points happened"
))

# Verbs and nouns too general to decide whether the releases cover a question.
GENERIC = set(tokenize(
    "use using used work working works develop developing developed development make making do "
    "doing aim aims aimed plan plans planned help helps support supports involve involving agree "
    "agreed agreement sign signed collaborate collaborating cooperate cooperating partner "
    "partnering happen happened take took get got set up establish established create created "
    "launch launched focus focused focuses area areas field fields thing things kind type types "
    "detail details information info today now currently current recently recent year years time "
    "people person someone anyone anything something team teams group groups organisation "
    "company companies firm firms entity entities main key major important notable new "
    "goal goals purpose objective objectives role roles benefit benefits "
    # verbs a question uses for what partners do, whatever word the release chose
    "build building construct constructing design designing produce producing provide providing "
    "offer offering deliver delivering run running operate operating manage managing lead leading "
    "join joining form forming start starting begin open opening host hosting hold holding ink "
    "inked seal sealed team teaming tie pursue pursuing explore exploring study studying research "
    "researching test testing trial trialling pilot piloting deploy deploying apply applying "
    "promote promoting boost boosting improve improving enhance enhancing expand expanding "
    "enable enabling facilitate facilitating connect connecting link linking bring bringing "
    "invest investing fund funding finance financing train training teach teaching exchange "
    "exchanging share sharing drive driving target targeting address addressing tackle tackling "
    "cover covering include including doing going want wants need needs try trying"
))

_COMPARE = re.compile(
    r"\b(compare|comparison|compared|change|changed|changes|differ|difference|different|versus|vs\.?|"
    r"grow|grew|growth|increase|increased|decrease|decreased|evolve|evolved)\b|"
    r"\bbetween the .{1,40}? and\b|\bafter the .{1,30}? and after\b|\bfrom .{1,30}? to\b",
    re.I,
)
_CUMULATIVE = re.compile(r"\b(to[- ]date|so far|as of|in total|total|cumulative|altogether|overall|in all|since)\b|"
                         r"\bhave been\b|\bhad been\b|\bunder sci\b", re.I)
_SUMMARY = re.compile(r"\b(summari[sz]e|summary|overview|highlights?|key points|main points|tl;?dr|"
                      r"what happened|brief me|recap)\b", re.I)
_LIST = re.compile(
    r"^\s*(list|name|enumerate|show|give)\b|\b(which|what)\s+(\w+\s+){0,3}?"
    r"(projects|mous|memorand\w*|initiatives|agreements|partners|companies|organi[sz]ations|"
    r"collaborations|parties|firms|items|deals)\b|\b(all|every|each)\s+(\w+\s+){0,2}?(projects?|mous?|agreements?)\b",
    re.I,
)
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bhow much\b|\bcount\b|\btotal (?:number )?of\b", re.I)
_WHO = re.compile(r"^\s*(who|whom|whose)\b|\bwhich (company|organi[sz]ation|firm|partner|party|person|"
                  r"official|university|institute|agency|ministry|body)\b|\bwho\b", re.I)
_WHEN = re.compile(r"^\s*when\b|\bwhat (date|day|year|month|time)\b|\bwhen\b", re.I)
_WHERE = re.compile(r"^\s*where\b|\bwhich (city|country|place|location|venue)\b|\bwhere\b", re.I)
_AMOUNT = re.compile(r"\bhow much\b|\b(amount|funding|budget|cost|worth|value|invest\w*)\b.*\b(how much|what)\b", re.I)

_COUNT_NOUN = re.compile(
    r"\b(?:how many|number of|total (?:number )?of|count of)\s+(?:new\s+|joint\s+|of\s+the\s+|the\s+)*([A-Za-z][\w-]*)",
    re.I,
)


@dataclass(frozen=True)
class Question:
    text: str
    intent: str
    mentions: Mentions
    scope: str | None  # 'mou' | 'project' | None
    topic: tuple[str, ...]  # stemmed topic terms (scope words removed)
    terms: tuple[str, ...]  # all stemmed content terms
    count_noun: str | None  # "MOUs", "projects", "companies"
    cumulative: bool
    amount: bool  # asks for a sum of money / quantity ("how much funding")
    compare: bool


def scope_of(text: str) -> str | None:
    t = text.lower()
    mou = bool(re.search(r"\bmous?\b|memorand|agreements?|\bsign(ed|ing)?\b", t))
    proj = bool(re.search(r"\bprojects?\b|\binitiatives\b|\blaunch(ed)?\b", t))
    if mou and not proj:
        return "mou"
    if proj and not mou:
        return "project"
    return None


def analyse(text: str) -> Question:
    """Classify a (standalone) question.

    >>> q = analyse("How many MOUs signed at the 3rd JIC fall under Innovation and Entrepreneurship?")
    >>> q.intent, q.scope, q.count_noun, q.mentions.meetings, q.topic
    ('count', 'mou', 'MOUs', (3,), ('innov', 'entrepreneurship'))
    """
    mentions = parse_mentions(text)
    terms = tuple(dict.fromkeys(tokenize(text)))
    topic = tuple(t for t in terms if t not in _SCOPE_WORDS)
    compare = bool(_COMPARE.search(text)) or len(mentions.meetings) >= 2 or len(mentions.years) >= 2
    count_m = _COUNT_NOUN.search(text)
    amount = bool(_AMOUNT.search(text)) and not re.search(r"\bhow many\b", text, re.I)
    if _SUMMARY.search(text):
        intent = "summary"
    elif _COUNT.search(text):
        intent = "count"
    elif compare:
        intent = "compare"
    elif _LIST.search(text):
        intent = "list"
    elif _WHEN.search(text):
        intent = "when"
    elif _WHERE.search(text):
        intent = "where"
    elif _WHO.search(text):
        intent = "who"
    else:
        intent = "what"
    if intent == "count" and compare and not (mentions.meetings or mentions.years or mentions.months):
        compare = bool(re.search(r"\bchange|differ|compare|grow|increase", text, re.I))
    return Question(
        text=text,
        intent=intent,
        mentions=mentions,
        scope=scope_of(text),
        topic=topic,
        terms=terms,
        count_noun=count_m.group(1) if count_m else None,
        cumulative=bool(_CUMULATIVE.search(text)),
        amount=amount,
        compare=compare,
    )
