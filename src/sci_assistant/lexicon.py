"""One home for vocabulary: months, ordinals, number words, and the few word lists answers still need.

Each list says why it exists. Anything that can be learned from the corpus (which words are
known, which spans are people or places) is not listed here.
"""

from __future__ import annotations

import re

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "jan" … "dec" and "sept": how releases and questions abbreviate months ("Dec. 15, 2023").
MONTH_NUMBER = {**{m: i for i, m in enumerate(MONTHS, 1)}, **{m[:3]: i for i, m in enumerate(MONTHS, 1)}, "sept": 9}
MONTH_PATTERN = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    # A first meeting is often called the inaugural or maiden one.
    "inaugural": 1,
    "maiden": 1,
}
ORDINAL_PATTERN = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + r")"

NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "dozen": 12})
NUMBER_WORDS.update({"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})
# "Twenty-five", "forty two": tens and units written as one number.
_TENS = {w: NUMBER_WORDS[w] for w in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")}
NUMBER_WORDS.update(
    {
        f"{t}{sep}{u}": n + NUMBER_WORDS[u]
        for t, n in _TENS.items()
        for u in "one two three four five six seven eight nine".split()
        for sep in ("-", " ")
    }
)
NUMBER_WORD_PATTERN = "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(NUMBER_WORDS, key=len, reverse=True))

# Role nouns: "who is the <role> of X" asks for a person holding that role, so a sentence that
# names no person cannot answer it (an organisation is not a CEO). Roles are a closed class of
# titles; the corpus cannot tell us which nouns are titles.
ROLE_NOUNS = frozenset(
    "mayor secretary minister ceo chairman chairwoman chairperson chair co-chair cochair director "
    "president chief representative founder officer deputy governor ambassador spokesperson "
    "spokesman manager head leader premier vice-mayor official dean principal researcher "
    "professor owner cfo cto coo contact".split()
)

# Words that join a title to what it is of ("Minister *for* Ports"): a capitalised word after a role
# noun is a name only when it is not one of these.
_TITLE_LINKS = frozenset("of for at in and the".split())


def role_words(text: str) -> list[str]:
    """The question's words, lowercased, in order, less any role noun it uses as the title of a person
    it names: "Who co-chaired the meeting with *Minister* Tan Wei Ming?" asks for no minister ("the
    Minister for Ports", "which minister", "the Mayor of Shenzhen" still do)."""
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z-]*", text):
        word = m.group(0).lower()
        after = re.match(r"\s+([A-Z][a-z][\w'’-]*)", text[m.end() :])
        if (
            (word in ROLE_NOUNS or word[:-1] in ROLE_NOUNS)
            and m.group(0)[0].isupper()
            and after
            and after.group(1).lower() not in ROLE_NOUNS | _TITLE_LINKS
        ):
            continue  # "Minister Tan", "Professor Lim": a named person's title
        out.append(word)
    return out


# Titles of whoever heads a body: "Who heads X?" is answered by X's chief executive, chairman or
# director, as the release titles them. A closed class, like the titles above.
HEAD_TITLES = frozenset(
    "head chief ceo president chairman chairwoman chairperson chair director founder leader mayor "
    "governor principal dean premier owner".split()
)
# Predicates only a person fills ("who founded X", "who heads X"): the organisation a sentence
# names is never their answer. Like the titles above, a closed class.
PERSON_PREDICATES = re.compile(
    r"\b(?:found(?:ed|s)?|co-?found\w*|leads?|heads?|runs?|owns?|manages?|directs?|chairs?|chaired|co-?chaired|"
    r"represent(?:s|ed)?|on behalf of|speaks?|spoke|said|says|attended|attends|is in charge)\b",
    re.I,
)

# Relations of money, supply, authority and hosting ("who funds X", "which firm invested in Y",
# "who supplies the AI", "who regulates TradeTrust", "which body hosted the session"):
# being a party to an agreement about X is not one of them, so a sentence must state the very
# relation. A closed class, like the predicates above.
STATED_RELATIONS = re.compile(
    r"\b(?:fund(?:s|ed|ing)?|financ(?:e|es|ed|ing)|invest(?:s|ed|ing)?|sponsor(?:s|ed|ing)?|bankroll\w*|"
    r"suppl(?:y|ies|ied|ying)|put money|regulat(?:e|es|ed|ing)|supervis(?:e|es|ed|ing)|licens(?:e|es|ed|ing)|"
    r"oversee(?:s|ing)?|oversaw|overseen|"
    # and of events: hosting or organising one is not being held at it ("held in Shenzhen")
    r"host(?:s|ed|ing)?|co-?host(?:s|ed|ing)?|organi[sz](?:e|es|ed|ing)|co-?organi[sz](?:e|es|ed|ing))\b",
    re.I,
)

# Ownership asked ("What is X's parent company?", "Which group owns X?") and stated ("X, a
# subsidiary of Y", "X (belongs to Y)", "wholly owned by Y"): a closed class of phrasings.
OWNERSHIP_Q = re.compile(
    r"\bparent\s+(?:company|firm|group|organi[sz]ation|corporation)\b|\bsubsidiar(?:y|ies)\b|"
    r"\bwho\s+owns\b|\b(?:which|what)\s+\w+\s+owns\b|\bowned\s+by\s+(?:whom|which|what)\b",
    re.I,
)
OWNED = re.compile(
    r"\bparent\b|\bsubsidiar(?:y|ies)\b|\bbelongs?\s+to\b|\b(?:wholly[- ])?owned\s+by\b|\bowns\b|"
    r"\ba\s+(?:unit|arm|member)\s+of\b|\bholding\s+company\b",
    re.I,
)

# English verbs whose past tense is not "-ed", for matching a question's verb to a release's
# ("Who co-leads it?" — "It is co-led by …"). A closed class.
IRREGULAR_PAST = {
    "lead": "led",
    "hold": "held",
    "run": "ran",
    "meet": "met",
    "give": "gave",
    "make": "made",
    "win": "won",
    "choose": "chose",
    "speak": "spoke",
    "write": "wrote",
    "build": "built",
    "send": "sent",
    "bring": "brought",
    "take": "took",
    "begin": "began",
    "oversee": "oversaw",
    "set": "set",
    "put": "put",
    "come": "came",
    "go": "went",
    "draw": "drew",
    "see": "saw",
    "have": "had",
    "get": "got",
}

# The two sides of a bilateral programme, by the words a question uses for each. A who-question
# naming one side ("on the Chinese side", "for Singapore") wants that side's person.
SIDE_WORDS = {
    "singapore": ("singapore", "singaporean", "singapore's"),
    "china": ("china", "chinese", "shenzhen", "prc"),
}


_SG_FORM = re.compile(r"\bPte\.?\s+Ltd\b")
_CN_FORM = re.compile(r"\bCo\.?,?\s+Ltd\b")


def legal_side(name: str) -> str | None:
    """The side a company's legal form gives: a Singapore private company is "Pte Ltd"; a Chinese
    company in English, "Co., Ltd." (the two conventions of the releases' two sides)."""
    if _SG_FORM.search(name):
        return "singapore"
    if _CN_FORM.search(name):
        return "china"
    return None


# The forms of each side's government a title uses ("Vice Mayor of the Ningbo Municipal People's
# Government", "Vice Governor of Anhui Province"; "Senior Minister of State", "Permanent Secretary"):
# the side of an official from a partner city the side words do not name.
_SG_OFFICE = re.compile(r"\b(?:(?:senior\s+)?minister\s+of\s+state|permanent\s+secretary|member\s+of\s+parliament)\b")
_CN_OFFICE = re.compile(
    r"\b(?:people['’]?s\s+government|province|provincial|vice[\s-]+governor|vice[\s-]+mayor|party\s+secretary)\b"
)


def office_side(title: str) -> str | None:
    """The side the government office in a lower-cased title gives, when it names one side's only."""
    sg, cn = bool(_SG_OFFICE.search(title)), bool(_CN_OFFICE.search(title))
    return "singapore" if sg and not cn else "china" if cn and not sg else None


CHINESE_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def cn_number(s: str) -> int | None:
    """一 … 九十九 (or digits) → 1 … 99. Hand-written: ordinals of meetings stay small, and a
    Chinese-numeral library for ten lines of arithmetic would be one more dependency to install."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CHINESE_NUMERALS.get(s[1:], 0)
    if s.endswith("十"):
        return CHINESE_NUMERALS.get(s[0], 0) * 10
    if len(s) == 1:
        return CHINESE_NUMERALS.get(s)
    if len(s) == 3 and s[1] == "十":
        return CHINESE_NUMERALS.get(s[0], 0) * 10 + CHINESE_NUMERALS.get(s[2], 0)
    return None


def as_int(text: str) -> int | None:
    """The first number in ``text``, in digits or words ("Eight" → 8, "10,000" → 10000)."""
    m = re.search(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+", text)
    if m:
        return int(m.group(0).replace(",", ""))
    m = re.search(rf"\b({NUMBER_WORD_PATTERN})\b", text, re.I)
    return NUMBER_WORDS[" ".join(m.group(1).lower().split())] if m else None


# Nouns that name an event. "Where/when was the meeting held?" is answered only by a sentence
# about the event itself, not by a place or date elsewhere in the release.
EVENT_WORDS = re.compile(r"\b(?:meetings?|committee|jic|session|forum|council|summit|conference|dialogue)\b", re.I)
# Kinds of occasion a question may name ("the Challenge *final*", "the Expo's *opening*"): a
# closed class, like the meeting words above.
OCCASION_NOUNS = frozenset(
    "final finals semi-final launch ceremony opening closing forum summit conference expo exhibition workshop "
    "webinar briefing meeting session dinner reception gala roadshow hackathon signing".split()
)

# Closed classes of English grammar: where a question's noun phrase ends ("which banks *are*",
# "which partners *at* the meeting", "which companies run *them*"). Open-class words (nouns,
# verbs) are never listed; these classes are finite.
AUXILIARIES = frozenset(
    "is are was were be been being am 's do does did done have has had will would shall should can "
    "could may might must".split()
)
PREPOSITIONS = frozenset(
    "about above across after against along among around as at before behind below beneath beside "
    "between beyond by despite during except for from in inside into near on onto out outside over "
    "per since than through throughout to toward towards under until up upon via with within without".split()
)
# Words that open a sentence speaking of what an earlier one named ("It", "Its partner", "These …").
REFERRING = frozenset("it its they their them he his she her this these that those such both each the there".split())

DETERMINERS = frozenset(
    "a an the this that these those my your his her its our their me you him them it they we i he she "
    "us some any each every all both either neither no".split()
)

# Kind nouns: "which *company*", "what *date*", "what *position*" name the type of the answer, not
# a word the release must use; a span of that type answers them. Other nouns after "which"/"what"
# ("which *banks*", "the *attendance*") must be stated by the evidence itself.
KIND_NOUNS = {
    "org": frozenset(
        "company companies firm firms organisation organisations organization organizations partner "
        "partners party parties entity entities agency agencies institution institutions body bodies "
        "enterprise enterprises business businesses group groups player players side sides "
        "counterpart counterparts signatory signatories".split()
    ),
    "person": frozenset(
        "person people individual individuals official officials one participant participants "
        "delegate delegates attendee attendees visitor visitors guest guests "
        "office-holder office-holders officeholder officeholders dignitary dignitaries".split()
    ),
    "place": frozenset(
        "place places city cities country countries location locations venue venues "
        "site sites district districts town towns region regions province provinces "
        "building buildings hotel hotels arena arenas hall halls stadium stadiums".split()
    ),
    "date": frozenset("date dates day days year years month months time deadline deadlines".split()),
    "role": frozenset("position positions role roles title titles job jobs post posts capacity".split()),
    "number": frozenset(
        "number numbers figure figures count total tally turnout attendance headcount "
        "volume volumes quantity quantities".split()
    ),
    "amount": frozenset("amount amounts sum sums".split()),
}
# Words a venue's own name ends in ("the Capitol Theatre", "the Helios Auditorium", "the Ebene Trade
# Park"): "at the <Name> Theatre" is a site however the sentence is worded. A closed class, like the
# kind nouns above.
SITE_HEADS = frozenset(
    "centre center centres hall halls theatre theater auditorium stadium arena hotel park pier terminal "
    "museum campus gallery tower plaza square guesthouse island airport station library pavilion".split()
)
# The org kind nouns that name a part someone plays, not what a body is: "the two *sides*" counts
# the parties to a meeting, never its companies ("how many partners" is still answered by "four
# companies": a company is a partner; a side is not a company).
ORG_ROLE_NOUNS = frozenset(
    "partner partners party parties side sides counterpart counterparts signatory signatories player players".split()
)
# "what *type* of document", "the *name* of the representative": the noun after "of" is the focus.
PARTITIVES = frozenset("type types kind kinds sort sorts name names form forms category categories".split())
