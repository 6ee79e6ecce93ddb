"""Question analysis: intent, what is counted, the item kind in scope, topic terms, mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import (
    AUXILIARIES,
    DETERMINERS,
    KIND_NOUNS,
    MONTH_PATTERN,
    ORDINAL_PATTERN,
    PERSON_PREDICATES,
    PREPOSITIONS,
    ROLE_NOUNS,
    SIDE_WORDS,
    role_words,
)
from ..mentions import Mentions, parse_mentions
from ..sparse import tokenize
from .focus import Focus, focus_of

INTENTS = ("count", "list", "who", "when", "where", "what", "compare", "summary")

# Words that say *how* to answer or *which* items are in scope, not *what about*: they never
# count as topic terms when matching annex records or checking that evidence covers a question.
_SCOPE_WORDS = set(
    tokenize(
        "which what who whom whose when where why how many much list name enumerate every all each any "
        "there is are was were be been being do does did done have has had will would can could should "
        "joint new item items entry entries project projects initiative initiatives "
        "mou mous memorandum memoranda understanding "
        "agreement agreements deal deals pact pacts accord accords signed sign signing launched launch launching "
        "introduced unveiled meeting "
        "meetings jic sci committee implementation smart city initiative singapore shenzhen china "
        "under fall falls falling relate relates related relating involve involves involving about "
        "regarding concerning concern between among of them those these they it its their with for to "
        "in on at by from and or the a an that this include includes including part total number count tally "
        "cumulative altogether overall so far date released release releases mentioned mention "
        "partner partners partnership company companies organisation organisations organization "
        "signatory signatories counterpart counterparts "
        "organizations firm firms party parties collaboration collaborations cooperation "
        "first second third fourth fifth 1st 2nd 3rd 4th 5th latest recent newest earlier previous "
        "tell me please show give know after before since during until while then also only just "
        "full complete entire whole "
        "ever yet still again more most less least very really quite some such other another same "
        "up down out over into onto upon within without across per via etc "
        "change changed changes changing differ difference different compare comparison compared versus "
        "grow grew growth increase increased decrease decreased evolve evolved trend "
        "summarise summarize summary overview highlights recap brief key points happened"
    )
)

# Verbs and nouns too general to decide whether the releases cover a question.
GENERIC = set(
    tokenize(
        "use using used work working works develop developing developed development make making do "
        "doing aim aims aimed plan plans planned help helps support supports involve involving agree "
        "agreed agreement sign signed collaborate collaborating cooperate cooperating partner "
        "partnering happen happened take took get got set up establish established create created "
        "launch launched focus focused focuses area areas field fields thing things kind type types "
        "detail details information info today now currently current recently recent year years time "
        "people person someone anyone anything something team teams group groups organisation "
        "company companies firm firms entity entities main key major important notable new "
        "goal goals purpose objective objectives role roles benefit benefits step steps "
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
    )
)


def _compares(text: str) -> bool:
    """Whether the question asks for a comparison. "Change" after a noun with no "did"/"will" before
    it is part of a noun ("the climate change games"), not a change asked about ("how did the count
    change")."""
    for m in _COMPARE.finditer(text):
        word = (m.group(1) or "").lower()
        if word in _TREND_WORDS and re.match(r"\s*(?:where|who|whom|when|which)\b", text, re.I):
            continue  # "Where will TusStar increase its presence?" asks a place, not a trend
        if word in _TREND_WORDS and not (_QUANTITY.search(text) or _OVER_TIME.search(text)):
            continue  # "… meant to contribute to the growth of what?": no figure, no two times
        if word in ("change", "changes"):
            prev = re.findall(r"[A-Za-z][\w'-]*", text[: m.start()])
            closed = AUXILIARIES | DETERMINERS | PREPOSITIONS | {"what", "how", "which", "who", "it", "they"}
            do_support = re.search(r"\b(?:did|does|do|will|would|can|could|has|have|had)\b", text[: m.start()], re.I)
            if prev and prev[-1].lower() not in closed and prev[-1].islower() and not do_support:
                continue
        return True
    return False


_QUANTITY = re.compile(r"\bhow (?:many|much)\b|\b(?:number|count|total|figure|tally)s?\b", re.I)
_OVER_TIME = re.compile(
    rf"\b(?:since|so far|to date|over (?:the )?(?:years|time)|year on year|each year|between)\b"
    rf"|(?:\b(?:19|20)\d\d\b|\b{ORDINAL_PATTERN}\b).*(?:\b(?:19|20)\d\d\b|\b{ORDINAL_PATTERN}\b)",
    re.I,
)
_TREND_WORDS = frozenset("grow grew growth increase increased decrease decreased evolve evolved".split())
_COMPARE = re.compile(
    r"\b(compare|comparison|compared|change|changed|changes|differ|difference|different|versus|vs\.?|"
    r"grow|grew|growth|increase|increased|decrease|decreased|evolve|evolved)\b|"
    r"\bbetween the .{1,40}? and\b|\bafter the .{1,30}? and after\b|\bfrom .{1,30}? to\b",
    re.I,
)
_CUMULATIVE = re.compile(
    r"\b(to[- ]date|so far|as of|in total|total|tally|cumulative|altogether|overall|in all|since)\b|"
    r"\bby (?:the )?(?:(?:end[- ]?|time )(?:of (?:the )?)?)?(?:\d|" + ORDINAL_PATTERN + "|" + MONTH_PATTERN + r")",
    re.I,
)
# Two sides' figures asked as one ("combined", "in total") and a running total asked by name.
SUMMED = re.compile(r"\b(?:combined|altogether|together|in total|in all|sum|total)\b", re.I)
_RUNNING = re.compile(
    r"\b(?:to[- ]date|so far|as of|cumulative|running|overall)\b|\bby (?:the )?(?:end|time)\b|\btotal\s+by\b", re.I
)
# "have been signed" asks for a running total only when no meeting or date narrows it
# ("How many MOUs have been signed at the 4th JIC?" is that meeting's own figure).
_PERFECT = re.compile(r"\b(?:have|has|had) been\b|\bunder (?:the )?sci\b", re.I)
# Mentions of meetings, months and years say *which* release, not *what about*.
_MENTION_WORDS = re.compile(rf"\b(?:{ORDINAL_PATTERN}|(?:{MONTH_PATTERN})\.?|(?:19|20)\d{{2}}|end[- ]?\d{{4}})\b", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|going to|plan(?:s|ned)? to|next|upcoming|future|expected to)\b", re.I)
# The kinds of organisation a "which …" question can ask for (one list for both patterns below).
_ORG_KINDS = (
    r"compan(?:y|ies)|organi[sz]ations?|firms?|law firm|partners?|part(?:y|ies)|universit(?:y|ies)|"
    r"institutes?|agenc(?:y|ies)|ministr(?:y|ies)|bod(?:y|ies)|bank|incubator|school"
)
_ORG_WHO = re.compile(
    rf"\bwhich (?:{_ORG_KINDS})\b|"
    r"\bwith whom\b|\bwho\b.{0,40}\b(?:sign\w*|partner\w*|team\w*|work\w*|collaborat\w*)\b.{0,30}\bwith\b",
    re.I,
)
# "Which year …" asks for a date, but "which year of implementation" for a count of years ("its
# third year of implementation"): a year "of" something is not on a calendar.
_DATE_Q = re.compile(
    r"\b(?:what|which|in which) (?:(?:exact|precise|specific|actual) )?(?:date|day|year|month)\b"
    r"(?!\s+of\s+(?!the\b)[a-z])",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(summari[sz]e|summary|overview|highlights?|key points|main points|tl;?dr|"
    r"what happened|brief me|recap)\b"
    # (what a meeting produced, not what one of its agreements will: "the outcome of the Keppel MOU")
    r"|\b(?:what came out of|outcomes? of)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:meetings?|committee|jic|session|forum|council|summit|conference|dialogue)\b",
    re.I,
)
# (Past a copula ("What are the projects"), the words between "which" and the item noun are its
# modifiers, never a verb or a preposition: "By what date did firms have to …" asks for a date, of
# firms; "What is the deadline for companies …" for a deadline.)
_AUX = "(?:" + "|".join(sorted(AUXILIARIES)) + r")\b"
_NOT_MODIFIER = "(?:" + "|".join(sorted(AUXILIARIES | PREPOSITIONS)) + r")\b"
_LIST = re.compile(
    r"^\s*(list|name|enumerate|show|give)\b|\blists?\b|\b(which|what)\s+(?:of\s+(?:the\s+)?)?"
    rf"(?:((?!{_AUX})[\w'’-]+\s+){{0,3}}?|{_AUX}\s+((?!{_NOT_MODIFIER})[\w'’-]+\s+){{0,3}}?)"
    r"(projects|mous|memorand\w*|initiatives|agreements|partners|companies|organi[sz]ations|"
    r"collaborations|parties|firms|items|deals)\b|\b(all|every|each)\s+(\w+\s+){0,2}?(projects?|mous?|agreements?)\b",
    re.I,
)
# "Through what will the demonstration zone projects drive …?": a preposition's "what" before the
# verb asks for that preposition's object; the items are the sentence's subject, not what is listed.
_PREPOSITION_WH = re.compile(rf"^\s*(?:{'|'.join(sorted(PREPOSITIONS))})\s+(?:what|which)\s+{_AUX}", re.I)
# "How much faster …?" asks how something changes, not for a sum or a count.
_NOT_COMPARATIVE = (
    r"(?!\s+(?:more|less|fewer|better|worse|faster|slower|cheaper|quicker|easier|harder|bigger|larger|"
    r"smaller|higher|lower|longer|shorter|greater|wider|further|farther)\b)"
)
_COUNT = re.compile(
    rf"\bhow many\b|\bnumber of\b|\bhow much\b{_NOT_COMPARATIVE}|\bcount\b|"
    r"\btotal (?:number )?of\b|\bhow (?:big|large)\b|"
    r"\b(?:size|tally)\b|\btotal\s+(?:new\s+|joint\s+)*[A-Za-z][\w-]*[a-rt-z]s\b|"  # ("total projects so far?")
    r"\bsum of\b",
    re.I,
)
# A question answered yes or no opens with an auxiliary ("Did …", "Was …", "Has …").
_YES_NO = re.compile(r"^\s*(?:did|does|do|was|were|is|are|has|have|had|will|would|can|could|should)\b", re.I)
# "Who co-chaired each meeting?", "where were both meetings held?": one answer per release.
_EACH = re.compile(
    r"\b(?:each|every|both)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,3}?(?:meetings?|releases?|sessions?)\b", re.I
)
# "Who is Joseph Leong?", "who was Mr Qin Weizhong": a name alone after "who is" (not a name's
# title: "Who is TusStar's CEO?").
_WHO_IS_NAME = re.compile(
    r"^\s*(?i:who\s+(?:is|was|are|were))\s+(?:(?:Mr|Ms|Mrs|Mdm|Dr|Prof)\.?\s+)?"
    r"(?:[A-Z](?:[\w.-]|['’](?!s\b))*\s*){1,5}\??\s*$"
)
_WHO_ARE_PARTIES = re.compile(
    r"^\s*who\s+(?:are|were)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:partners|parties|signatories|companies|firms)\b", re.I
)
# A keyword query that names a date ("date of third jic meeting") asks when.
_DATE_KEYWORD = re.compile(r"^\s*(?:the\s+)?(?:date|day|year)\s+(?:of|when)\b", re.I)
# A keyword query with no question word or verb that names a date: "2nd jic meeting date 2021".
# ("MOUs signed to date", "up to date": a running total, not a date)
_KEYWORD_DATE = re.compile(
    r"^(?!\s*(?:who|whom|whose|what|which|where|when|why|how)\b)[^?]*(?<!\bto )(?<!\bto-)\bdate\b", re.I
)
_WHO = re.compile(rf"^\s*(who|whom|whose)\b|\bwhich (?:{_ORG_KINDS}|person|official)\b|\bwho\b|\bwhom\b", re.I)
# A second question tacked on ("…, and for whom?", "…, and across what?") after a first that leads.
_AND_WH = re.compile(r"(?<=\w),?\s+and\s+(?:\w+\s+)?(?:who|whom|whose|what|where|when)\b[^?]*\?*\s*$", re.I)
_WHEN = re.compile(r"^\s*when\b|\bwhat (?:(?:exact|precise|specific|actual) )?(date|day|year|month)\b|\bwhen\b", re.I)
# "How far into … was the SCI *when* the committee met?", "What did he say when …": a question led
# by another question word, where "when" opens a clause of its own, does not ask for a date.
_OTHER_WH_LEAD = re.compile(
    r"^\s*(?:what|which|who|whom|whose|where|when|why|how)\b(?!\s+(?:date|day|year|month)\b)", re.I
)
# "What time …" asks for a clock time, which a dateline does not give.
# Nouns whose value is a sum of money, asked as "what is the <noun> of X" (a copula, not "which").
_MONEY_NOUNS = frozenset(
    "budget budgets cost costs price prices fee fees capital valuation revenue revenues turnover worth".split()
)
_HOW_OFTEN = re.compile(r"\bhow (?:often|frequently|regularly)\b|\bwith what frequency\b|\bat what intervals?\b", re.I)
_HOW_LONG = re.compile(
    r"\bhow long\b(?!\s+ago)|\bfor how many (?:years|months|weeks|days|hours)\b|"
    r"\bwhat (?:is|was|will be) the (?:duration|length|term) of\b|"
    # ("the maximum time a project may spend", "how much time does it save": a length of time)
    r"\b(?:how much|maximum|minimum|max|min|total|longest|shortest)\s+(?:\w+\s+)?time\b(?!\s+(?:of day|zone))|"
    r"\b(?:maximum|minimum|max|min|total|usual|typical)\s+(?:duration|length|term|period)\b",
    re.I,
)
_HOW_BIG = re.compile(r"^\s*how (?:big|large)\b(?! an?\b)", re.I)
_PERCENT_Q = re.compile(r"\bwhat (?:percentage|per ?cent|proportion|share)\b|\bhow many per ?cent\b", re.I)
# "By how much does the system cut electricity use?": a share ("about a quarter", "30%"), unless a
# comparison of two figures asks for the difference.
_BY_HOW_MUCH = re.compile(r"\bby how much\b", re.I)
_CLOCK = re.compile(r"\bwhat time\b|\bat what time\b|\bwhat hour\b", re.I)
# A contact detail asked for by its own name ("Lee Wai Leng's phone number", "imda website url"):
# the words of the type itself, as "when" names a date.
_CONTACT_Q = (
    ("email", re.compile(r"\be-?mail\b(?!\s+(?:list|newsletter))", re.I)),
    (
        "address",
        re.compile(
            r"\b(?:street|postal|mailing|office|physical)\s+address\b|"
            r"\b(?:the|its|their|his|her)\s+address\b|['’]s\s+address\b|\baddress\s+of\b",
            re.I,
        ),
    ),
    (
        "phone",
        re.compile(r"\b(?:tele)?phone\b(?!s)|\btel\b|\b(?:mobile|contact|fax)\s+(?:number|no)\b|\bhotline\b", re.I),
    ),
    (
        "web",
        re.compile(
            # (a handle, not "sized to handle 2,000 tonnes": the verb has an object or a "to" before it)
            r"\bweb\s?sites?\b|\burls?\b|\bweb\s?(?:address|page)\b|\bhome\s?page\b|"
            r"(?<!\bto )(?<!\bcan )(?<!\bwill )\bhandles?\b"
            r"(?!\s+(?:the|a|an|up|more|over|about|all|each|every|per|daily|this|that|these|those|it|them|such|\d))",
            re.I,
        ),
    ),
)
# "What is the name of …", "Name the …": a name, not a description, answers it.
_NAME_ASKED = re.compile(r"\bname of\b|^\s*name the\b|\bwhat (?:is|was) (?:his|her|their) name\b|\bcalled\b", re.I)
_WHICH_PLACE = re.compile(r"\bwhich (city|country|place|location|venue)\b", re.I)


def _which_place(text: str) -> bool:
    """Whether "which city …" asks for a place: "which city hosts", "which city's branch", not
    "which city government" (a government, named by its city)."""
    m = _WHICH_PLACE.search(text)
    if not m:
        return False
    focus = focus_of(text)
    return focus is None or focus.head.lower().startswith(m.group(1).lower())


# "When the institute teamed up with X, which city's branch was it?": a clause set before the
# question says when or on what condition; the question proper follows its comma.
_FRONTED = re.compile(
    r"^\s*(?P<clause>(?:when|while|after|before|since|once|if|now that|given that)\b[^,?]{3,}?),\s*"
    r"(?P<main>(?:what|which|who|whom|whose|where|when|how|why|did|does|do|is|are|was|were|has|have|had|"
    r"will|can|could|name|list)\b.*)$",
    re.I | re.S,
)
_AMOUNT = re.compile(
    # ("how much faster", "how much more": a change, not a sum)
    rf"\bhow much\b{_NOT_COMPARATIVE}|\b(amount|budget|cost|costs|worth|price|valuation|salary|revenue|"
    r"turnover)\b|\b(?:size|value) of (?:the )?(?:fund|funding|investment|deal)|"
    r"\b(?:maximum|minimum|largest|smallest) (?:grant|funding|investment|award)",
    re.I,
)
# "What does CIMC stand for?": only a sentence that spells the name out answers it.
_EXPANSION_Q = re.compile(
    r"\bwhat (?:does|do|did) (?:the )?(?P<term>[\w&*-]+) (?:stand for|mean)\b|"
    r"\bwhat(?: is|'s|’s) (?:the )?(?P<term2>[A-Z][\w&*-]*) short for\b|"
    # "What's the SCI's full name?", "the full name of the JIC", "jic = ?", "spell out AEO"
    r"\b(?P<term3>[A-Z][A-Za-z&*-]{1,9})(?:'s|’s) (?:full|long) (?:name|form)\b|"
    r"\b(?:full|long) (?:name|form) (?:of|for) (?:the )?(?P<term4>[A-Za-z][\w&*-]{1,9})\b|"
    r"^\s*(?P<term5>[A-Za-z][\w&*-]{1,9})\s*=\s*\?+\s*$|"
    r"\bspell(?:ed)? out (?:the )?(?P<term6>[A-Z][\w&*-]{1,9})\b",
    re.I,
)
# "Was the meeting held in person or virtually?": one of the options must be stated.
_CHOICE_Q = re.compile(
    r"^\s*(?:was|were|is|are|did|does|do|has|have|will)\b.*?\b(?P<a>[\w-]+(?: [\w-]+)?) or "
    r"(?P<b>[\w-]+(?: [\w-]+)?)\s*\??\s*$",
    re.I,
)
# "Which collaboration/project/agreement …?": the answer is an item's name (an annex record's title).
_RECORD_Q = re.compile(
    r"\bwhich (?:[\w-]+ )?(?:collaboration|project|partnership|agreement|mou|memorandum|initiative|"
    r"programme|program|cooperation|protocol|tie-up|deal|pact)\b(?!s)",
    re.I,
)
# The noun a list question enumerates ("Name the collaboration pillars …" → pillars).
_LIST_ITEM = re.compile(
    r"^\s*(?:list|name|give|show|enumerate)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"([a-z]+s)\b|\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?([a-z]+s)\b",
    re.I,
)
# "What did X say?": only a sentence that quotes X answers it.
_DOCUMENT_SAYS = re.compile(
    r"\b(?:it|release|statement|announcement|document|report|article|annex|press release)\s+"
    r"(?:say|says|said|state|states|stated)\b",
    re.I,
)
_QUOTE_Q = re.compile(r"\b(?:say|said|says|saying|quoted?|remarks?|comment(?:ed|s)?|statement)\b", re.I)

_COUNT_NOUN = re.compile(
    r"\b(?:how many|number of|total (?:number )?of|count of|sum of|"
    r"total(?=\s+(?:new\s+|joint\s+)*[A-Za-z][\w-]*[a-rt-z]s\b))"
    r"\s+(?:new\s+|joint\s+|of\s+the\s+|the\s+)*([A-Za-z][\w-]*)",
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
    # person | org | place | date | number | amount | list | description | email | phone | web |
    # address | frequency
    expected: str = "description"
    side: str | None = None  # 'singapore' | 'china': the side a who-question asks about
    future: bool = False  # asks about something planned ("when will … open")
    role: bool = False  # names a role or a person's predicate ("the CEO of", "who founded"): only a person answers
    name_asked: bool = False  # "What is the name of …": a describing phrase does not answer
    list_item: str | None = None  # the plural noun a list question enumerates ("pillars", "MOUs")
    expands: str | None = None  # "What does X stand for?": the short name to spell out
    options: tuple[str, ...] = ()  # "… in person or virtually?": the alternatives offered
    focus: Focus | None = None  # the noun phrase naming what would answer ("which *banks*")
    # A word of GENERIC's that closes the question as an object ("… involve *finance*", "… about
    # *training*"): there it names what the items are about, not what partners do.
    object_terms: tuple[str, ...] = ()


# A place inside an organisation's name ("Enterprise Singapore", "Shenzhen Bay Area Network
# Consulting", "National University of Singapore") names the organisation, not a side: two or
# more capitalised words in a row (linked by "of"/"and"/"&"; not "for": "the JIC *for* Singapore"
# names a side), not counting the question's first word.
# "the Singapore companies", "which Chinese partners", "a Chinese university as the Shenzhen-side
# partner": one side's parties of the items listed.
_SIDE_PARTIES = re.compile(
    r"\b(?:singapore(?:an)?|chinese|china|shenzhen)(?:-side)?\s+(?:compan(?:y|ies)|firms?|partners?|part(?:y|ies)|"
    r"organi[sz]ations?|enterprises?|business(?:es)?|institutions?|agenc(?:y|ies)|universit(?:y|ies)|signator(?:y|ies))\b",
    re.I,
)


def _singular(word: str) -> str:
    w = word.lower()
    return w[:-1] if w.endswith("s") and w[:-1] in ROLE_NOUNS else w


_ROLE_ALT = "|".join(sorted(ROLE_NOUNS))
_PLACE_PHRASE = re.compile(
    r"\b(?:in|at|into|within|across|around|throughout|to)\s+(?:the\s+)?(?:"
    + "|".join(f for forms in SIDE_WORDS.values() for f in forms if "'" not in f)
    + r")\b(?![-\s]side\b|['’]s\b)",
    re.I,
)
# ("Capitaland Investment (China)": a place in brackets after a name is part of it)
# ("the Singapore–Ningbo Digital Economy Council": places joined by a dash open a name)
_NAMES_WITH_PLACES = re.compile(
    r"(?<!^)(?<![.?!]\s)\b[A-Z][\w&'’‐–-]*(?:\s+(?:(?:of|and|&)\s+)?[A-Z][\w&'’‐–-]*)+"
    r"(?:\s*\([A-Z][\w\s&'’-]{1,30}\))?"
)


def _options(text: str) -> tuple[str, ...]:
    """The two options of "Was it held in person or virtually?"; none when they are two releases
    ("more projects in 2022 or 2023?", "at the 3rd or the 4th?"): that compares them."""
    m = _CHOICE_Q.search(text)
    if not m:
        return ()
    a, b = m.group("a", "b")
    if all(parse_mentions(o).any for o in (a, b)):
        return ()
    return (a, b)


def scope_of(text: str) -> str | None:
    t = text.lower()
    # ("What did X agree at the meeting?" asks for an agreement; "how many companies agreed to join"
    # for companies)
    mou = bool(
        re.search(
            r"\bmous?\b|memorand|agreements?|\bsign(ed|ing)?\b|\binked?\b|\b(?:pact|accord)s?\b|"
            r"\bagreed?\b(?!\s+(?:to|that|on|upon|with)\b)|\bagreed?\s+to\s+(?:in|at|during|with)\b",
            t,
        )
    )
    proj = bool(re.search(r"\bprojects?\b|\binitiatives\b|\blaunch(ed)?\b", t))
    if mou and not proj:
        return "mou"
    if proj and not mou:
        return "project"
    return None


_QUESTION_WORD = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|will|would|"
    r"list|name|tell|give|show|describe|summari[sz]e|explain|compare)\b",
    re.I,
)


def _keyword_kind(text: str) -> tuple[str, str] | None:
    """(intent, expected) of a question typed as keywords whose last word names the kind of thing
    wanted ("7th jic venue" → where, a place); None for a question in words."""
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if len(words) < 2 or _QUESTION_WORD.search(text):
        return None
    if any(w.lower() in PREPOSITIONS or w.lower() in ("and", "or", "but") for w in words):
        return None  # ("And for Chinese companies?" goes on from the question before it)
    last = words[-1].lower()
    one = _singular(last)
    if last in KIND_NOUNS["place"] or one in KIND_NOUNS["place"]:
        return "where", "place"
    if last in KIND_NOUNS["date"] or one in KIND_NOUNS["date"]:
        return "when", "date"
    if last in KIND_NOUNS["person"] or one in ROLE_NOUNS or last in ROLE_NOUNS:
        return "who", "person"
    return None  # (an organisation asked so — "nus business school shenzhen partner" — is left to the quotes)


def analyse(text: str) -> Question:
    """Classify a (standalone) question.

    >>> q = analyse("How many MOUs signed at the 3rd JIC fall under Innovation and Entrepreneurship?")
    >>> q.intent, q.scope, q.count_noun, q.mentions.meetings, q.topic
    ('count', 'mou', 'MOUs', (3,), ('innov', 'entrepreneurship'))
    """
    fronted = _FRONTED.match(text)
    if fronted:
        main = fronted.group("main").rstrip()
        mark = main[-1] if main[-1:] in "?.!" else ""
        clause = fronted.group("clause")
        text = f"{main[:1].upper()}{main[1:].rstrip('?.!')}, {clause[:1].lower()}{clause[1:]}{mark}"
    mentions = parse_mentions(text)
    terms = tuple(dict.fromkeys(tokenize(text)))
    mention_terms = set(tokenize(" ".join(m.group(0) for m in _MENTION_WORDS.finditer(text))))
    if mentions.meetings:
        # "the second Harbour Council meeting" names which meeting, as "the 3rd JIC" does: the
        # body's name says which release, not what the question is about. (A bare acronym may be
        # the topic: "the 4th meeting's MOUs about AI".)
        mention_terms |= set(tokenize(" ".join(b for b in mentions.bodies if not b.isupper())))
        # ("the 3rd SHIC steering council": every word between the ordinal and the meeting word)
        mention_terms |= {
            t
            for m in re.finditer(
                rf"\b(?:{ORDINAL_PATTERN})\s+((?:[\w'’-]+\s+){{1,4}}?)"
                r"(?:meeting|council|committee|forum|summit|session|conference|dialogue|board)s?\b",
                text,
                re.I,
            )
            for t in tokenize(m.group(1))
        }
    # ("on behalf of X" says whom one acted for, as "for X" does: "behalf" is no topic)
    topic = tuple(
        t
        for t in tokenize(_MENTION_WORDS.sub(" ", re.sub(r"\bon\s+behalf\s+of\b", " for ", text, flags=re.I)))
        if t not in _SCOPE_WORDS and t not in mention_terms
    )
    topic = tuple(dict.fromkeys(topic))
    opening = re.match(r"\s*([A-Za-z]+ing)\b[^,?]*,", text)
    if opening and len(opening.group(1)) > 5:
        # "Looking at both releases, which projects …": the participle opening a clause says how to
        # look, not what about (the clause's other words still count: "Reading the 2023 list, …").
        topic = tuple(t for t in topic if t not in tokenize(opening.group(1)))
    compare = _compares(text) or len(mentions.meetings) >= 2 or len(mentions.years) >= 2 or bool(_EACH.search(text))
    count_m = _COUNT_NOUN.search(text)
    predicate = None
    if count_m and count_m.group(1).lower() in AUXILIARIES:
        # "How many have registered?", "how many were signed?": no noun is named — unless the
        # verb's complement is one ("Of the companies, how many were SMEs?" counts SMEs)
        predicate = re.match(r"\s+(?:[A-Z]{2,}s|[a-z]{3,}s)\s*[?.]?\s*$", text[count_m.end(1) :])
        count_m = None
    count_noun = count_m.group(1) if count_m else None
    if predicate is not None and not re.fullmatch(r"[a-z]+(?:ed|ing)", predicate.group(0).strip(" ?.")):
        count_noun = predicate.group(0).strip(" ?.")
    owned = (
        re.match(r"(?:of\s+)?(?:[\w&.-]+\s+){0,4}?[\w&.-]+['’]s?\s+([A-Za-z][\w-]*)", text[count_m.start(1) :])
        if count_m and (count_noun.lower() == "of" or re.match(r"['’]s?\s", text[count_m.end(1) :]))
        else None
    )
    if owned:
        # "How many of Sentosa Visitor Tech's engineers …", "how many of the firm's staff": the noun
        # after the owner's name is what is counted.
        count_noun = owned.group(1)
    if count_noun and not count_noun.lower().endswith("s") and count_noun.lower() not in AUXILIARIES:
        # "how many key areas", "how many key collaboration areas": the noun the modifiers go with
        # is what is counted
        for word in re.findall(r"[A-Za-z][\w-]*", text[count_m.end(1) :])[:3]:
            low = word.lower()
            if low in AUXILIARIES or low in PREPOSITIONS or low in DETERMINERS:
                break
            if len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
                count_noun = word
                break
    if count_m and scope_of(count_noun) is None:
        # "how many of the 4th-meeting joint projects", "number of fresh projects": the counted
        # noun is the first MOU/project word close after, before any verb ("how many jobs will
        # the projects create" counts jobs).
        after = []
        for w in re.findall(r"[A-Za-z0-9][\w-]*", text[count_m.start(1) :])[:6]:
            if re.fullmatch(
                r"(?:will|would|are|were|is|was|do|does|did|have|has|had|can|could|to|in|at|for|by|"
                r"signed|launched|created?|agreed|inked)",
                w,
                re.I,
            ):
                break
            after.append(w)
        count_noun = next((w for w in after if scope_of(w) is not None), count_noun)
    before = re.search(r"\b([A-Za-z][\w-]*)\s+(?:count|tally)\b", text)
    if before and (scope_of(before.group(1)) is not None or before.group(1).lower() not in _SCOPE_WORDS | {"the", "a"}):
        # "the company count of TusStar's network" counts companies, "the MOU count" MOUs: the
        # noun before "count" is what is counted; "of …" names whose.
        count_noun = before.group(1)
    if count_noun is None and _COUNT.search(text):
        # "the cumulative MOU count": what is counted is the item the question names.
        # ("How many … did they agree to a year": agreeing names no MOU to count)
        count_noun = {"mou": "MOUs", "project": "projects"}.get(scope_of(re.sub(r"\bagreed?\b", " ", text)) or "")
    amount = bool(_AMOUNT.search(text)) and not re.search(r"\bhow many\b", text, re.I)
    role_named = bool(set(re.findall(r"[a-z][a-z'-]*", text.lower())) & ROLE_NOUNS)
    if _SUMMARY.search(text) and not re.match(r"\s*(?:who|whom|whose|when|where)\b", text, re.I):
        # ("Who announced the outcomes of the meeting?" asks for whoever announced them)
        intent = "summary"
    elif (re.match(r"\s*name the\b", text, re.I) or _NAME_ASKED.search(text)) and role_named:
        intent = "who"  # "Name the Chinese co-chair", "the name of the co-chair": one person, not a list
    elif _COUNT.search(text) and not (_YES_NO.match(text) and not re.search(r"\bhow (?:many|much)\b", text, re.I)):
        # ("Did the number of projects double?" asks whether, not how many: a sentence answers.)
        intent = "count"
    elif compare and (_compares(text) or not _LIST.search(text) or re.search(r"\b(?:each|every)\b", text, re.I)):
        # ("Which projects have to do with logistics, in 2022 and 2023?" lists the items of both:
        # only a word of comparing, or "each", asks to set them side by side.)
        intent = "compare"
    elif (_LIST.search(text) and not _PREPOSITION_WH.match(text)) or (
        _WHO_ARE_PARTIES.search(text) and re.search(r"\b(?:mous|projects|agreements|memoranda)\b", text, re.I)
    ):
        # ("Who are the Singapore partners in the 2023 MOUs?": the items' parties, listed)
        intent = "list"
    elif (
        (_WHEN.search(text) and not (_OTHER_WH_LEAD.match(text) and not _WHEN.match(text) and not _DATE_Q.search(text)))
        or _DATE_Q.search(text)
        or _CLOCK.search(text)
        or _DATE_KEYWORD.search(text)
        or (_KEYWORD_DATE.search(text) and not _YES_NO.match(text) and not set(text.lower().split()) & AUXILIARIES)
    ):
        intent = "when"
    elif (re.search(r"\bwhere\b", text, re.I) or _which_place(text)) and not (
        _OTHER_WH_LEAD.match(text) and not re.match(r"^\s*where\b", text, re.I) and not _which_place(text)
    ):
        intent = "where"
    elif _WHO.search(_AND_WH.sub("", text)):
        # ("What sort of training is it meant to unlock, and for whom?": the question asks what first)
        intent = "who"
    else:
        intent = "what"
    if intent == "count" and compare and not (mentions.meetings or mentions.years or mentions.months):
        compare = bool(re.search(r"\bchange|differ|compare|grow|increase", text, re.I) or _EACH.search(text))
    narrowed = bool(mentions.meetings or mentions.years or mentions.months)
    cumulative = bool(_CUMULATIVE.search(text)) or (bool(_PERFECT.search(text)) and not narrowed)
    both = bool(
        re.search(r"\b(?:both|the two|these two|those two)\s+(?:jic\s+)?(?:meetings|releases|sessions)\b", text, re.I)
    )
    compare = compare or both  # "at the two meetings in total": each meeting's own count
    if both:
        topic = tuple(t for t in topic if t not in ("both", "two"))  # (which meetings, not which MOUs)
    if (
        (len(mentions.meetings) >= 2 or len(mentions.years) >= 2 or both)
        and SUMMED.search(text)
        and not _RUNNING.search(text)
    ):
        # "How many projects were launched at the 3rd and 4th meetings combined / in total?": the
        # meetings' own counts added up, not the running totals their releases state.
        cumulative = False
    words = set(re.findall(r"[a-z][a-z'-]*", text.lower()))
    # ("the media contacts", "the directors"; "officials" is any official, a kind of person, not a title)
    # (not a title the question gives a person it names: "… with Minister Tan Wei Ming")
    asked = set(role_words(text))
    role = bool(asked & ROLE_NOUNS) or bool({_singular(w) for w in asked - KIND_NOUNS["person"]} & ROLE_NOUNS)
    # "Who is building a plugin for tourists in Shenzhen?": a side's name after a preposition of
    # place says where, not whose side (unlike "for Singapore", "from China", "Shenzhen's").
    sided = _PLACE_PHRASE.sub(" ", _NAMES_WITH_PLACES.sub(" ", text))
    side_words = set(re.findall(r"[a-z][a-z'-]*", sided.lower()))
    side_words |= {w.rsplit("-", 1)[0] for w in side_words if w.endswith("-side")}  # "the Shenzhen-side partner"
    side_words |= {w[:-2] for w in side_words if w.endswith(("'s", "’s"))}  # "China's representative"
    sides = [name for name, forms in SIDE_WORDS.items() if side_words & set(forms)]
    expected = {
        "count": "number",
        "list": "list",
        "when": "date",
        "where": "place",
        "who": "person",
        "compare": "description",
        "summary": "description",
        "what": "description",
    }[intent]
    if amount:
        expected = "amount"
    # (of the question's own clause: "Who warned that firms need rules on *who owns* the data?" asks
    # who warned, not who owns)
    own_clause = re.split(r"\s(?:that|which|whether|who|whom|whose)\s", text[4:], maxsplit=1)[0]
    role = role or bool(intent == "who" and PERSON_PREDICATES.search(text[:4] + own_clause))
    if intent == "who" and _ORG_WHO.search(text) and not role:
        expected = "org"
    if _WHO_IS_NAME.match(text):
        # "Who is Joseph Leong?" asks what the releases say he is, not for another person's name.
        intent, expected = "what", "description"
    if _HOW_OFTEN.search(text):
        intent, expected = "what", "frequency"  # "How often does the committee meet?"
    elif (
        _HOW_LONG.search(text)
        and intent != "when"
        # ("How long has the SCI been running — what was its launch year?": the year is asked)
        and not re.search(r"\b(?:what|which)\b[^?]*\b(?:year|date)\b", text, re.I)
    ):
        intent, expected = "what", "duration"  # "How long do the programmes last?"
    elif _PERCENT_Q.search(text) or (_BY_HOW_MUCH.search(text) and not compare):
        intent, expected = "what", "percent"  # "What percentage of EVCo does Strides own?"
    if intent == "when" and _CLOCK.search(text):
        expected = "time"
    keyword = _keyword_kind(text) if intent == "what" and not amount else None
    if keyword:
        # "7th jic venue?", "dapeng smart tourism GM?": words typed into a search box, the last of
        # them the kind of thing wanted.
        intent, expected = keyword
        role = role or expected == "person"
    focus = focus_of(text)
    # "Which organisation does Qin Weizhong lead?": a verb only people do ("lead") does not make
    # the answer a person when the question names the kind it wants; a title ("mayor") does.
    # A title asks for its holder only as the focus's own ("Which company's CEO spoke?"), not as a
    # word of the rest ("Which law firm is opening a second representative office?").
    org_asked = (
        focus is not None
        and (focus.kind == "org" or re.fullmatch(_ORG_KINDS, focus.head, re.I) is not None)
        and focus.which
        and not re.search(rf"\b{re.escape(focus.phrase)}(?:'s|’s)\s+(?:\w+\s+)?(?:{_ROLE_ALT})\b", text, re.I)
    )
    if intent in ("what", "who") and focus is not None and focus.kind in ("person", "org") and (not role or org_asked):
        # "Which officials …", "who is the Shenzhen partner …": the kind noun says who answers.
        intent, expected = "who", focus.kind
    elif intent == "who" and org_asked:
        intent, expected = "who", "org"  # "Which ministry does Joseph Leong lead?": a ministry
    if (
        intent in ("what", "who")
        and focus is not None
        and focus.which
        and not focus.kind  # ("which officials": any person; a kind noun, not a title)
        and _singular(focus.head) in ROLE_NOUNS
    ):
        # "Which Singapore minister attended?": a title asks for a person who holds it.
        intent, expected, role = "who", "person", True
    if intent == "what" and expected == "description" and focus is not None and focus.kind in ("number", "amount"):
        expected = focus.kind  # "What was the turnout at the forum?": a figure
    elif intent == "what" and expected == "description" and _HOW_BIG.search(text):
        expected = "number"  # "How big is TusStar's network?": a figure ("more than 10,000 companies")
    elif (
        intent == "what"
        and expected == "description"
        and focus is not None
        and focus.kind == "date"
        # ("which year of implementation": a count of years, not a year on the calendar; "the dates
        # of the Expo" are its dates)
        and not re.search(rf"\b{re.escape(focus.head)}\s+of\s+(?!(?:the|a|an|this|its|their)\b)[a-z]", text)
    ):
        intent, expected = "when", "date"  # "What is the application deadline?": a date
    elif intent == "what" and expected == "description" and focus is not None and focus.which and focus.kind == "place":
        expected = "place"  # "Which Southeast Asian countries will TusStar expand into?": places
    elif intent == "what" and expected == "description" and focus is not None and not focus.which:
        if focus.head.lower() in _MONEY_NOUNS:
            expected = "amount"  # "What is EVCo's registered capital?", "the budget of the call"
    if intent in ("what", "who") and _RECORD_Q.search(text) and not role:
        expected = "record"
    if (
        intent == "what"
        and _QUOTE_Q.search(text)
        and re.search(r"\b[A-Z][a-z]+\b", text[1:])
        and not _DOCUMENT_SAYS.search(text)  # "What does the release say the projects reflect?"
    ):
        expected = "quote"  # "Who said …?" asks for the speaker: a person
    asked = next(((kind, m) for kind, pattern in _CONTACT_Q for m in [pattern.search(text)] if m), None)
    contact = asked[0] if asked else None
    # ("Give me her phone number" reads as a list: one detail, named in the singular, is not one)
    if contact and (intent in ("what", "who", "where") or (intent == "list" and not asked[1].group(0).endswith("s"))):
        # "Give me Lee Wai Leng's phone number", "imda website url": the detail, whoever it is of.
        intent, expected = "what", contact
    # "List the Chinese companies that signed": the side picks each item's party. "Which projects
    # have a Chinese university as the Shenzhen-side partner": the side says whose name the rest
    # must match (lists.match_records). Either way a side word is not what the items are about.
    side_list = intent in ("list", "count") and bool(_SIDE_PARTIES.search(text))
    if side_list:
        side_terms = set(tokenize(" ".join(f for forms in SIDE_WORDS.values() for f in forms)))
        side_terms |= set(tokenize(" ".join(w for w in side_words if w.endswith("-side")))) | {"side"}
        topic = tuple(t for t in topic if t not in side_terms)
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    object_terms: tuple[str, ...] = ()
    if len(words) >= 3 and words[-2].lower() != "to":
        last, before = tokenize(words[-1]), words[-2].lower()
        if last and last[0] in GENERIC and (before in PREPOSITIONS or set(tokenize(before)) & GENERIC):
            object_terms = tuple(last)
    return Question(
        text=text,
        intent=intent,
        mentions=mentions,
        scope=scope_of(text),
        topic=topic,
        terms=terms,
        count_noun=count_noun,
        cumulative=cumulative,
        amount=amount,
        compare=compare,
        expected=expected,
        side=sides[0] if len(sides) == 1 and (intent == "who" or side_list) else None,
        future=bool(_FUTURE.search(text)),
        role=role,
        name_asked=bool(_NAME_ASKED.search(text)),
        expands=next((g for g in (_EXPANSION_Q.search(text).groups() if _EXPANSION_Q.search(text) else ()) if g), None),
        options=_options(text),
        list_item=next((g for g in (_LIST_ITEM.search(text).groups() if _LIST_ITEM.search(text) else ()) if g), None),
        focus=focus,
        object_terms=object_terms,
    )
