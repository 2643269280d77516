"""An experiment for the learned tier: training lines written from meaning frames with slots.

Run from the repository root (it prints CSV rows ``text,label,group``)::

    .venv/bin/python benchmarks/compose_training_lines.py > /tmp/frames.csv

The bundled training lines were each category's phrasings dressed in texting styles
("Trust me ...", "Oi ...", names and emoji), and the held-out lines were written by hand,
one at a time. These are written a third way: each *frame* is one meaning (a threat to
someone close, a sighting of the victim, an everyday use of "kill", "outside", "car",
"watching" ...), written as a few sentences with slots; the slots are filled from short
lists of what can vary (who, where, when, what), a seeded sample of the combinations is
kept, and a light spelling change (texting forms, no apostrophes, lower case) is applied to
lines of every label alike so that spelling says nothing about the label. Every frame is
its own phrasing group, so cross-validation holds each frame out whole. About 40 % of the
lines are everyday talk that uses the words threats use ("I'd kill for a brew", "I'm
outside the Co-op, want anything?", "did you find your keys?").

The 1,147 lines it prints were tried as added training lines and **not kept**: with them
the model's out-of-fold precision at recall 0.85 stayed near 0.83, and on the held-out
lines (scored once) recall fell below the goal; see ``docs/benchmarks.md`` (learned tier).
The lines are not in ``src/foursight/core/conduct/training/lines.csv``.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
import sys

Frame = tuple[str, str, list[str], dict[str, list[str]], int]

CLOSE = [
    "your mum",
    "your brother",
    "your sister",
    "your dad",
    "your new fella",
    "your nan",
    "that new boyfriend of yours",
    "your little girl",
    "your mate Jess",
    "your son",
]
THINGS = [
    "your car",
    "your windows",
    "your front door",
    "your bike",
    "the van",
    "your mum's car",
    "your flat",
    "your garden",
    "your tyres",
    "your shop",
]
PLACES = [
    "work",
    "the gym",
    "your mum's",
    "the school gates",
    "the station",
    "your flat",
    "the shop",
    "the pub",
    "your sister's",
    "the bus stop",
    "the car park",
    "Tesco",
]
WHEN = [
    "tonight",
    "tomorrow",
    "this weekend",
    "later",
    "on Friday",
    "after work",
    "soon",
    "in the morning",
    "when you least expect it",
    "before the week's out",
]
SEEN = [
    "this morning",
    "last night",
    "at lunch",
    "on Saturday",
    "earlier",
    "at 7",
    "yesterday",
    "today",
]
DOING = [
    "leaving the gym",
    "getting in his car",
    "laughing with him",
    "going into the bank",
    "putting the bins out",
    "walking the dog",
    "at the bus stop",
    "in the chippy with her",
    "coming out of the doctor's",
    "parking up at work",
    "having a fag out the back",
]
FOOD = [
    "a coffee",
    "a brew",
    "a pizza",
    "a cold pint",
    "chips",
    "a nap",
    "a bacon roll",
    "a holiday",
    "five more minutes in bed",
    "a curry",
]
SHOP = [
    "the chippy",
    "the Co-op",
    "Greggs",
    "the chemist",
    "Tesco",
    "the bakery",
    "Boots",
    "the post office",
    "the garage",
    "Lidl",
]
EVENTS = [
    "parents evening",
    "the match",
    "the wedding",
    "the party",
    "sports day",
    "the christening",
    "the gig",
    "quiz night",
    "the barbecue",
]
SHOWS = [
    "the football",
    "Bake Off",
    "Strictly",
    "the new Netflix thing",
    "the darts",
    "EastEnders",
    "the snooker",
    "Love Island",
    "the news",
    "the rugby",
]
TIMES = ["5", "half 6", "7", "8ish", "quarter past 3", "noon", "10", "2"]

FRAMES: list[Frame] = [
    # threats: harm to the victim or someone close, property, veiled menace, leverage
    (
        "threat",
        "v2-th-close",
        [
            "{close} is going to get hurt {when}",
            "{close} won't be walking right after {when}",
            "I'd keep {close} indoors {when} if I were you",
            "{close} better have eyes in the back of their head",
        ],
        {"close": CLOSE, "when": WHEN},
        60,
    ),
    (
        "threat",
        "v2-th-thing",
        [
            "{thing} is getting smashed {when}",
            "{thing} is getting done {when}",
            "watch what happens to {thing} {when}",
        ],
        {"thing": THINGS, "when": WHEN},
        60,
    ),
    (
        "threat",
        "v2-th-you",
        [
            "you won't see {when} coming",
            "you'll be in a wheelchair by {when}",
            "you'll be sorry {when}, properly sorry",
            "you're finished {when}",
            "nobody will find you {when}",
            "you won't be getting up again {when}",
        ],
        {"when": WHEN},
        55,
    ),
    (
        "threat",
        "v2-th-veiled",
        [
            "enjoy it while it lasts",
            "accidents happen to people like you",
            "your days are numbered",
            "you'll get what's coming to you",
            "don't get too comfortable",
            "sleep with one eye open",
            "it'd be a shame if something happened",
            "people have gone missing for less",
            "I know people who'd sort you out for fifty quid",
            "you have no idea what I'm capable of",
            "this won't end well for you",
            "you'll wish you'd never met me",
            "I've got nothing left to lose",
            "mark my words you will pay for this",
            "one phone call and you're done",
            "you're going to regret laughing at me",
            "nobody's going to save you",
        ],
        {},
        40,
    ),
    (
        "threat",
        "v2-th-cond",
        [
            "answer me or {close} finds out",
            "pick up or I'm coming for {thing}",
            "unblock me or I'll do something stupid",
            "drop the charges or {thing} gets it",
            "call me back or I'll end it tonight",
        ],
        {"close": CLOSE, "thing": THINGS, "time": TIMES},
        55,
    ),
    (
        "threat",
        "v2-th-image",
        [
            "everyone at {place} will see those photos {when}",
            "I've still got the videos, {close} would love them",
            "how would {close} like your private pictures",
        ],
        {"place": PLACES, "when": WHEN, "close": CLOSE},
        30,
    ),
    # surveillance: telling the victim they are watched, followed or tracked
    (
        "surveillance",
        "v2-sv-saw",
        [
            "saw you {doing} {seen}",
            "enjoyed watching you {doing} {seen}",
            "you looked stressed {doing} {seen}",
            "who were you with {seen}? saw you {doing}",
            "clocked you {doing} {seen}",
        ],
        {"doing": DOING, "seen": SEEN},
        80,
    ),
    (
        "surveillance",
        "v2-sv-track",
        [
            "I can see you're at {place} right now",
            "took you 20 mins to get home from {place} {seen}",
            "why were you at {place} for two hours {seen}",
            "I know you went to {place} {seen}",
            "you never went to {place} {seen}, don't lie to me",
            "I followed you from {place} {seen}",
        ],
        {"place": PLACES, "seen": SEEN},
        70,
    ),
    (
        "surveillance",
        "v2-sv-home",
        [
            "your bedroom light went off at {time}",
            "your curtains were open {seen}",
            "his car was on your drive {seen}",
            "you left your back door unlocked {seen}",
            "you got home at {time} {seen}",
            "nice new curtains, saw them {seen}",
        ],
        {"time": TIMES, "seen": SEEN},
        50,
    ),
    # turning up: being at, or coming to, the victim unwanted
    (
        "turning_up",
        "v2-tu-at",
        [
            "I'm outside your {where} and I'm not leaving",
            "I'm sat at the end of your road, come out",
            "I'm at your door, open it or I'll wait all night",
            "I'm in your garden, look out the window",
            "I'm outside {where}, you can't hide from me",
            "look out the window, I'm right here",
        ],
        {"where": ["house", "work", "flat", "mum's", "gym"]},
        30,
    ),
    (
        "turning_up",
        "v2-tu-will",
        [
            "I'll be at {place} {when} whether you like it or not",
            "see you at {place} {when}, don't bother hiding",
            "if you won't answer I'll come to {place} {when}",
            "I'm coming to {place} {when} and we're going to talk",
            "you can't avoid me at {place} {when}",
            "I'll just turn up at {place} {when} then",
        ],
        {"place": PLACES, "when": WHEN},
        70,
    ),
    # everyday talk with the same words
    (
        "none",
        "v2-hn-kill",
        [
            "I'd kill for {food} right now",
            "my feet are killing me after {event}",
            "you absolutely killed it at {event}",
            "the wait is killing me",
            "killing time in {shop}",
            "mum will kill me if I miss {event}",
            "this heat is killing me",
            "{show} is killing me tonight",
        ],
        {"food": FOOD, "event": EVENTS, "shop": SHOP, "show": SHOWS},
        70,
    ),
    (
        "none",
        "v2-hn-dead",
        [
            "my phone's nearly dead, meet you at {shop}",
            "I'm dead 😂 {show} was hilarious",
            "dead tired after {event}",
            "{shop} was dead today",
            "the battery in the car is dead again",
            "you'll be dead jealous, we got tickets for {event}",
            "I was dead on my feet after {event}",
        ],
        {"shop": SHOP, "show": SHOWS, "event": EVENTS},
        60,
    ),
    (
        "none",
        "v2-hn-outside",
        [
            "I'm outside {shop}, want anything?",
            "outside now, can you open the gate",
            "I'm parked outside {shop}, need anything?",
            "it's lovely outside, fancy a walk",
            "sitting outside {shop} with a coffee",
            "meet you outside {event} at {time}",
            "I'm outside yours for the lift like we said",
        ],
        {"shop": SHOP, "event": EVENTS, "time": TIMES},
        70,
    ),
    (
        "none",
        "v2-hn-watch",
        [
            "are you watching {show}?",
            "I'm watching the kids {when2}, come over after",
            "watch out for the ice on the steps",
            "we're watching {show} at mine, you coming?",
            "I've been watching the weather, looks like rain {when2}",
            "watching my weight so no cake for me",
            "did you watch {show} last night?",
        ],
        {"show": SHOWS, "when2": ["tonight", "tomorrow", "at the weekend"]},
        60,
    ),
    (
        "none",
        "v2-hn-wait",
        [
            "waiting for the bus, be there by {time}",
            "still waiting on the plumber",
            "can't wait for {event}",
            "wait till you hear about {event}",
        ],
        {"time": TIMES, "event": EVENTS, "shop": SHOP},
        50,
    ),
    (
        "none",
        "v2-hn-car",
        [
            "the car's in the garage till {day}",
            "can I borrow your car {day}?",
            "your car's blocking mine in, can you move it",
            "my car won't start, can you give me a lift to {event}",
            "washed your car for you, looks brand new",
        ],
        {"day": ["Friday", "Monday", "the weekend", "tomorrow"], "shop": SHOP, "event": EVENTS},
        55,
    ),
    (
        "none",
        "v2-hn-house",
        [
            "house party at mine on {day}",
            "I'm round your house at {time} for tea like we said",
            "we've finally sold the house!",
            "love what you've done with your house",
            "is it alright if I drop the kids at your house at {time}?",
        ],
        {"day": ["Friday", "Saturday", "the weekend"], "time": TIMES},
        45,
    ),
    (
        "none",
        "v2-hn-find",
        [
            "I'll find you a charger",
            "did you find your keys in the end?",
            "can't find you in the crowd at {event}, where are you?",
            "I'll find you at the bar",
            "let me know if you find your purse",
            "I'll help you find a new place",
        ],
        {"event": EVENTS},
        35,
    ),
    (
        "none",
        "v2-hn-know",
        [
            "I know where you're coming from",
            "do you know where {event} is?",
            "I know you're busy, no rush",
            "I know you'll smash {event}",
        ],
        {"event": EVENTS},
        30,
    ),
    (
        "none",
        "v2-hn-see",
        ["I'll see you at {shop} at {time}", "saw you at {event}, you looked great"],
        {"event": EVENTS, "shop": SHOP, "time": TIMES},
        60,
    ),
    (
        "none",
        "v2-hn-come",
        ["I'll be at yours at {time} to pick up the kids as agreed"],
        {
            "fix": ["tap", "boiler", "shelf", "telly", "fence"],
            "give": ["parcel", "keys", "jacket", "present"],
            "food": FOOD,
            "time": TIMES,
        },
        60,
    ),
    (
        "none",
        "v2-hn-your",
        [
            "your mum's cake was unreal",
            "your sister's wedding was beautiful",
            "your dog is so cute",
            "your garden looks lovely this year",
            "how's your nan doing?",
            "your new fella seems lovely",
            "your son was brilliant at {event}",
        ],
        {"event": EVENTS},
        40,
    ),
    (
        "none",
        "v2-hn-pickup",
        [
            "I'll pick you up from {place} at {time}",
            "I'm at {place} now, where are you?",
            "running late, be at {place} by {time}",
            "are you still at {place}? I'll come and get you",
            "I'll meet you at {place} after work",
            "on my way to {place}, need anything?",
            "we're all at {place}, come and join us",
        ],
        {"place": PLACES, "time": TIMES},
        70,
    ),
    (
        "none",
        "v2-hn-home",
        [
            "text me when you're home safe",
            "get home safe x",
            "what time will you be home {when2}?",
            "I'm home, heating's on",
            "are you home yet? dinner's ready",
            "home by {time} tonight, save me some tea",
            "the house is so quiet without you",
        ],
        {"when2": ["tonight", "tomorrow", "later"], "time": TIMES},
        45,
    ),
    (
        "none",
        "v2-hn-glad",
        [
            "you looked so happy at {event}",
            "great to see you at {event}",
            "loved your photos from {event}",
            "you were brilliant at {event}",
            "thanks for coming to {event}",
            "I saw you were at {event}, how was it?",
        ],
        {"event": EVENTS},
        50,
    ),
    (
        "none",
        "v2-hn-follow",
        [
            "follow me on insta",
            "just follow the signs for {shop}",
            "I'll follow you in my car, lead the way",
            "following the recipe to the letter",
            "did you follow the match?",
            "I can't follow what she's on about",
        ],
        {"shop": SHOP},
        30,
    ),
    (
        "none",
        "v2-hn-game",
        [
            "you're going to regret missing {event}",
            "you'll pay for this round, my turn next",
            "I'm coming for your crown at the quiz",
            "you're dead meat at {game} on Saturday haha",
            "you won't know what hit you, the cake is massive",
            "watch yourself, the floor's wet",
        ],
        {"event": EVENTS, "game": ["darts", "pool", "Mario Kart", "five-a-side"]},
        40,
    ),
    (
        "none",
        "v2-hn-fire",
        [
            "the fire alarm went off again, burnt toast",
            "we're having a bonfire at {time}",
            "lit the fire, come round and get warm",
            "the barbecue's fired up",
            "smash the quiz tonight!",
            "we smashed it at {event}",
        ],
        {"time": TIMES, "event": EVENTS},
        30,
    ),
    (
        "none",
        "v2-hn-idiom",
        [
            "I could murder a {food2}",
            "that exam was a massacre",
            "I'm going to strangle the printer",
            "the traffic is murder",
            "you'll be the death of me",
            "I'll get you back for that, cheeky",
            "you're going down at pool next time",
            "I'll hunt you down a copy of the book",
            "watch your back, I'm winning the sweepstake",
        ],
        {"event": EVENTS, "food2": ["curry", "pint", "burger"]},
        45,
    ),
]

_TEXTING = [
    (r"\byou\b", "u"),
    (r"\byour\b", "ur"),
    (r"\bare\b", "r"),
    (r"\btonight\b", "2nite"),
    (r"\bto\b", "2"),
    (r"'", ""),
]


def _spell(text: str, rng: random.Random) -> str:
    """A light spelling change, applied to lines of every label alike."""
    roll = rng.random()
    if roll < 0.25:
        for pattern, replacement in rng.sample(_TEXTING, 3):
            text = re.sub(pattern, replacement, text)
    elif roll < 0.45:
        text = text.lower().rstrip("!?.")
    elif roll < 0.6:
        text = text + rng.choice(["!", ".", " x", "?", " !!"])
    return text[0].upper() + text[1:] if rng.random() < 0.6 else text


def compose(seed: int = 120) -> list[tuple[str, str, str]]:
    """``(text, label, group)`` for every frame, a seeded sample of its fillings."""
    rng = random.Random(seed)
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for label, group, sentences, slots, count in FRAMES:
        filled: list[str] = []
        for sentence in sentences:
            names = [n for n in slots if "{" + n + "}" in sentence]
            for values in itertools.product(*(slots[n] for n in names)):
                filled.append(sentence.format(**dict(zip(names, values, strict=True))))
        for text in rng.sample(filled, min(count, len(filled))):
            line = _spell(text, rng)
            if line not in seen:
                seen.add(line)
                out.append((line, label, group))
    return out


def main() -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(("text", "label", "group"))
    for row in compose():
        writer.writerow(row)


if __name__ == "__main__":
    main()
