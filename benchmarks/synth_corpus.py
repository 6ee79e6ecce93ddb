"""Seeded generator of press-release-like text: any number of releases, the real corpus's shape.

Each release has a wire dateline, a title, highlight bullets, a "CITY, date –" lead, prose
sections under headings, quotes from officials, and annexes that list MOUs ("Title of MOU" /
"Description of MOU" records) and numbered joint projects — the structures the chunker and the
answerer care about. Same seed, same files.

    python benchmarks/synth_corpus.py OUT_DIR --releases 200 --seed 7
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
from pathlib import Path

SG_ORGS = [
    "Infocomm Media Development Authority",
    "Enterprise Singapore",
    "Nanyang Technological University",
    "National University of Singapore",
    "Singapore Management University",
    "A*STAR",
    "Keppel",
    "CrimsonLogic",
    "Fooyo",
    "Hashmeta Pte Ltd",
    "QuikBot Technologies Pte Ltd",
    "Momentum Works Pte Ltd",
    "Rajah & Tann Singapore LLP",
    "EE Music Singapore",
    "Yanlord",
    "Singapore Rehabilitation Institute",
    "ONE Championship",
    "SGTech",
    "Temasek Polytechnic",
    "Singapore Business Federation",
    "GovTech",
    "Land Transport Authority",
    "JTC Corporation",
]
SZ_ORGS = [
    "Shenzhen Qianhai Authority",
    "Sun Yat-sen University Shenzhen",
    "Peking University Shenzhen Graduate School",
    "HopeRun",
    "TusStar",
    "Shenzhen Shenkun Technology Co. Ltd",
    "ABK Technology (Shenzhen) Co. Ltd",
    "Olin Game Space (Shenzhen) Technology Co., Ltd.",
    "Shenzhen Sports Industry Group",
    "Shenzhen Bosum Management Science Research Institute",
    "Shenzhen Intelligence Guardforce Robot Technology Co.",
    "The Chinese University of Hong Kong, Shenzhen",
    "Qianhai International Talent Service Center",
    "Shenzhen Investment Promotion Agency",
    "Shenzhen Big Data Research Institute",
    "Tencent Cloud",
    "Shenzhen Metro Group",
    "Futian District Government",
    "Nanshan Science Park",
    "Ping An Smart City",
]
TOPICS = [
    (
        "digital connectivity",
        [
            "cross-border data flows",
            "digital trade documents",
            "e-invoicing",
            "TradeTrust",
            "interoperable digital identity",
            "5G testbeds",
        ],
    ),
    (
        "innovation and entrepreneurship",
        [
            "start-up incubation",
            "venture matching",
            "innovation challenges",
            "market access programmes",
            "joint accelerators",
            "pilot deployments",
        ],
    ),
    (
        "talent exchange",
        [
            "internships",
            "executive training",
            "joint degree programmes",
            "study missions",
            "talent service centres",
            "scholarships",
        ],
    ),
    (
        "artificial intelligence",
        [
            "AI-driven logistics",
            "federated swarm intelligence",
            "computer vision for traffic",
            "AI music education",
            "large language model evaluation",
            "AI governance testing",
        ],
    ),
    (
        "sustainability",
        [
            "green energy storage",
            "carbon accounting platforms",
            "smart grids",
            "sustainable operation systems",
            "lithium battery materials",
            "green data centres",
        ],
    ),
    (
        "smart city solutions",
        [
            "smart parks",
            "autonomous delivery",
            "smart rehabilitation care",
            "smart community applications",
            "digital twins of districts",
            "smart mobility",
        ],
    ),
]
OFFICIALS = [
    ("Mr Joseph Leong", "Permanent Secretary for Communications and Information"),
    ("Ms Lew Chuen Hong", "Chief Executive of IMDA"),
    ("Mr Qin Weizhong", "Vice Mayor of Shenzhen"),
    ("Dr Tan Wei Ming", "Director of the Smart Nation Group"),
    ("Ms Chen Li", "Director-General of the Shenzhen Bureau of Commerce"),
]
CITIES = ["SINGAPORE", "SHENZHEN"]
VERBS = ["develop", "co-develop", "build", "pilot", "launch", "jointly set up", "explore", "deploy"]
AIMS = [
    "improve efficiency",
    "reduce costs",
    "support enterprises expanding overseas",
    "nurture talent",
    "accelerate commercialisation",
    "promote mutual market access",
    "strengthen research capabilities",
]
CARDINALS = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def _ord(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _sentence(rng: random.Random, topic: tuple[str, list[str]]) -> str:
    name, subjects = topic
    a, b = rng.choice(SG_ORGS), rng.choice(SZ_ORGS)
    s = rng.choice(subjects)
    forms = [
        f"{a} and {b} will {rng.choice(VERBS)} {s} to {rng.choice(AIMS)}.",
        f"The collaboration in {name} covers {s}, {rng.choice(subjects)} and {rng.choice(subjects)}.",
        f"Under the initiative, {b} will work with {a} on {s} in the Greater Bay Area.",
        f"Enterprises on both sides can tap {s} to {rng.choice(AIMS)} and reach Southeast Asian markets.",
        f"To date, {rng.randint(12, 80)} projects have been initiated and {rng.randint(8, 50)} MOUs signed in {name}.",
        f"The partners expect the {s} pilot to start within {rng.randint(2, 18)} months.",
    ]
    return rng.choice(forms)


def _paragraph(rng: random.Random, topic, n: int) -> str:
    return " ".join(_sentence(rng, topic) for _ in range(n))


def release(i: int, seed: int = 0) -> tuple[str, str]:
    """The ``i``-th release for ``seed``: (file name, text)."""
    rng = random.Random(seed * 1_000_003 + i)
    meeting = i + 1
    date = _dt.date(2019, 1, 15) + _dt.timedelta(days=int(rng.uniform(0, 2300)))
    n_mou, n_proj = rng.randint(4, 12), rng.randint(5, 16)
    main = rng.sample(TOPICS, 3)
    city = rng.choice(CITIES)
    off = rng.sample(OFFICIALS, 2)
    title = (
        f"{rng.choice(['Singapore and Shenzhen', 'Singapore-Shenzhen Smart City Initiative'])} "
        f"{rng.choice(['Deepen', 'Advance', 'Expand', 'Drive'])} Cooperation in {main[0][0].title()} "
        f"with {n_proj} New Projects"
    )
    lines = [date.strftime("%A, %B %d, %Y"), "PR Newswire Area", "", title, ""]
    lines += [
        f"  • {n_proj} new joint projects were launched at the {_ord(meeting)} Singapore-China (Shenzhen) "
        f"Smart City Initiative (SCI) Joint Implementation Committee (JIC) meeting",
        f"  • {CARDINALS[n_mou - 1] if n_mou <= 10 else n_mou} MOUs were signed in "
        f"{main[0][0]}, {main[1][0]} and {main[2][0]}",
        "",
        f"{city}, {date.strftime('%b. %d, %Y')} /PRNewswire/ — The Ministry of Communications and Information "
        f"(MCI) and IMDA announced {n_mou} Memorandums of Understanding (MOUs) and {n_proj} new joint projects "
        f"at the {_ord(meeting)} SCI JIC meeting. " + _paragraph(rng, main[0], 3),
        "",
        f"The {_ord(meeting)} SCI JIC meeting was held in {city.title()} and co-chaired by {off[0][1]}, "
        f"{off[0][0]}, and {off[1][1]}, {off[1][0]}.",
        "",
        f"{off[0][0]} said, “{_sentence(rng, main[0])} I am confident that the Smart City Initiative will "
        f"continue to serve as an important platform for collaboration.”",
        "",
    ]
    for topic in main:
        lines += [f"Strengthening Cooperation in {topic[0].title()}", ""]
        for _ in range(rng.randint(1, 3)):
            lines += [_paragraph(rng, topic, rng.randint(3, 6)), ""]
    lines += [f"ANNEX A: List of MOUs signed at the {_ord(meeting)} SCI JIC Meeting", ""]
    for topic in main:
        lines += [f"Strategic pillar: {topic[0].title()}", "", "Title of MOU", "", "Description of MOU", ""]
        for _ in range(max(1, n_mou // 3)):
            a, b = rng.choice(SG_ORGS), rng.choice(SZ_ORGS)
            s = rng.choice(topic[1])
            lines += [
                f"Memorandum of Understanding between {a} and {b} on {s}",
                "",
                f"{a} and {b} will {rng.choice(VERBS)} {s}. {_sentence(rng, topic)}",
                "",
            ]
    lines += [f"ANNEX B: List of {n_proj} New Joint Projects launched at the {_ord(meeting)} SCI JIC Meeting", ""]
    for k in range(1, n_proj + 1):
        topic = rng.choice(main)
        lines.append(
            f"  {k}. {rng.choice(SG_ORGS)} – {rng.choice(SZ_ORGS)} to {rng.choice(VERBS)} "
            f"{rng.choice(topic[1])} to {rng.choice(AIMS)}."
        )
    lines += [
        "",
        "About the Smart City Initiative",
        "",
        "The SCI was launched in 2019 to build stronger digital and business linkages between Singapore "
        "and Shenzhen, under three pillars: digital connectivity, innovation and entrepreneurship, and "
        "talent exchange.",
        "",
    ]
    name = f"{date.isoformat()}_{_ord(meeting)}-jic-meeting_synthetic-{i:05d}.txt"
    return name, "\n".join(lines)


def write_corpus(out: str | Path, releases: int, seed: int = 0) -> list[Path]:
    """Write ``releases`` files into ``out`` (created); returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(releases):
        name, text = release(i, seed)
        p = out / name
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--releases", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    paths = write_corpus(args.out, args.releases, args.seed)
    print(f"wrote {len(paths)} releases to {args.out}")


if __name__ == "__main__":
    main()
