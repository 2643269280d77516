"""Seeded synthetic person mentions with ground truth, for tests and benchmarks.

Each true person gets one or more mentions (one per report they appear in). Mentions
carry the errors seen in police person data: misspelt names, nicknames, day/month
transposed or mistyped dates of birth, placeholder dates, missing fields, changed
phones, e-mails and addresses, and numbers written in different formats. The column
``person_truth`` holds the true person, so cluster precision and recall can be measured.

The same seed gives the same table, byte for byte. A million mentions take seconds:
random choices are drawn in bulk with NumPy and only the corrupted values are touched
one by one.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
import pyarrow as pa

from foursight.core.identifiers import normalise_name
from foursight.core.linkage.clean import nickname_table

_LOCALES = ("en_GB", "en_IE", "en_US", "en_IN", "it_IT", "es_ES", "nl_NL", "de_DE", "sv_SE")
_DOMAINS = (
    "gmail.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "outlook.com",
    "icloud.com",
    "btinternet.com",
)
_AREAS = (
    "AB B BD BL BN BR BS CB CF CM CR CV DA DE DN E EC EN EX G GL GU HA HP HU IG IP KT L LE LS LU M "
    "ME MK N NE NG NN NR NW OL OX PE PL PO PR RG RM S SE SG SK SL SM SN SO SR SS ST SW TN TW UB W "
    "WA WD WF WN WS WV YO"
).split()
_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))


@dataclass(frozen=True, slots=True)
class ErrorRates:
    """Probabilities of each error per mention (defaults follow linkage.md §2.2)."""

    first_name_typo: float = 0.08
    surname_typo: float = 0.06
    nickname: float = 0.10
    dob_transposed: float = 0.03
    dob_typo: float = 0.03
    dob_missing: float = 0.08
    dob_placeholder: float = 0.02
    phone_missing: float = 0.35
    phone_changed: float = 0.15
    email_missing: float = 0.55
    email_changed: float = 0.10
    handle_missing: float = 0.70
    postcode_missing: float = 0.25
    postcode_moved: float = 0.20
    first_name_missing: float = 0.01


@lru_cache(maxsize=1)
def _name_pools() -> tuple[np.ndarray, np.ndarray]:
    firsts: set[str] = {n.capitalize() for n in nickname_table().values()}
    surnames: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        firsts.update(n for n in provider.first_names if normalise_name(n))
        surnames.update(n for n in provider.last_names if normalise_name(n))
    return np.array(sorted(firsts)), np.array(sorted(surnames))


def _keys(names: np.ndarray) -> np.ndarray:
    """ASCII, lower-case, no spaces: the part of a name people put in e-mails and handles."""
    return np.array([normalise_name(str(n)).replace(" ", "") for n in names])


def _typo(rng: np.random.Generator, word: str) -> str:
    """One keyboard error: substitution, deletion, insertion or adjacent transposition."""
    if len(word) < 3:
        return word + "e"
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(4))
    letter = "abcdefghijklmnopqrstuvwxyz"[int(rng.integers(26))]
    if kind == 0:
        return word[:i] + letter + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + letter + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.char.add("07", np.char.zfill(rng.integers(0, 10**9, n).astype(str), 9))


def _postcodes(rng: np.random.Generator, n: int) -> np.ndarray:
    area = np.array(_AREAS)[rng.integers(len(_AREAS), size=n)]
    district = rng.integers(1, 30, n).astype(str)
    sector = rng.integers(0, 10, n).astype(str)
    unit = np.char.add(_LETTERS[rng.integers(20, size=n)], _LETTERS[rng.integers(20, size=n)])
    return np.char.add(np.char.add(np.char.add(area, district), " "), np.char.add(sector, unit))


def _phone_format(rng: np.random.Generator, phone: str) -> str:
    style = int(rng.integers(4))
    if style == 0:
        return phone
    if style == 1:
        return f"{phone[:5]} {phone[5:]}"
    if style == 2:
        return "+44 " + phone[1:]
    return f"0044{phone[1:]}"


def generate_mentions(
    n: int, seed: int = 0, rates: ErrorRates | None = None, mean_mentions: float = 2.0
) -> pa.Table:
    """Make ``n`` synthetic mentions with ground truth in ``person_truth``.

    Columns: mention_id (``m0000001``...), first_name, surname, dob (mostly ISO, some
    ``DD/MM/YYYY``), phone, email, handle, postcode, person_truth. People have
    ``1 + Geometric`` mentions with the given mean, so most appear once or twice and a
    few appear in many reports, as repeat offenders do.
    """
    rates = rates or ErrorRates()
    rng = np.random.default_rng(seed)
    n_people = max(1, int(n / mean_mentions))
    firsts, surnames = _name_pools()
    first_idx = rng.integers(len(firsts), size=n_people)
    sur_idx = rng.integers(len(surnames), size=n_people)
    p_first, p_sur = firsts[first_idx], surnames[sur_idx]
    first_key, sur_key = _keys(firsts)[first_idx], _keys(surnames)[sur_idx]
    p_dob = rng.integers(0, (date(2008, 12, 31) - date(1945, 1, 1)).days, n_people)
    p_phone = _phones(rng, n_people)
    p_post = _postcodes(rng, n_people)
    p_num = rng.integers(1, 999, n_people).astype(str)
    p_domain = np.array(_DOMAINS)[rng.integers(len(_DOMAINS), size=n_people)]

    sizes = rng.geometric(1.0 / mean_mentions, n_people)
    truth = np.repeat(np.arange(n_people), sizes)
    if len(truth) < n:
        truth = np.concatenate([truth, rng.integers(n_people, size=n - len(truth))])
    truth = rng.permutation(truth[:n])

    def hit(p: float) -> np.ndarray:
        return rng.random(n) < p

    nick_of: dict[str, list[str]] = {}
    for nick, canon in nickname_table().items():
        nick_of.setdefault(canon, []).append(nick)
    out_first = p_first[truth].astype(object)
    out_sur = p_sur[truth].astype(object)
    for i in np.flatnonzero(hit(rates.nickname)):
        options = nick_of.get(out_first[i].lower())
        if options:
            out_first[i] = options[int(rng.integers(len(options)))].capitalize()
    for i in np.flatnonzero(hit(rates.first_name_typo)):
        out_first[i] = _typo(rng, out_first[i])
    for i in np.flatnonzero(hit(rates.surname_typo)):
        out_sur[i] = _typo(rng, out_sur[i])
    out_first[hit(rates.first_name_missing)] = None

    epoch = date(1945, 1, 1)
    dob_days = p_dob[truth]
    dob_text = np.empty(n, dtype=object)
    dob_style = hit(0.2)
    transposed, typo = hit(rates.dob_transposed), hit(rates.dob_typo)
    for k in range(n):
        d = epoch + timedelta(days=int(dob_days[k]))
        y, m, dd = d.year, d.month, d.day
        if transposed[k] and dd <= 12:
            m, dd = dd, m
        if typo[k]:
            y += int(rng.choice((-10, -1, 1, 10)))
        dob_text[k] = f"{dd:02d}/{m:02d}/{y}" if dob_style[k] else f"{y}-{m:02d}-{dd:02d}"
    dob_text[hit(rates.dob_placeholder)] = "1900-01-01"
    dob_text[hit(rates.dob_missing)] = None

    phone = p_phone[truth].astype(object)
    changed = np.flatnonzero(hit(rates.phone_changed))
    phone[changed] = _phones(rng, len(changed))
    phone = np.array([_phone_format(rng, p) for p in phone], dtype=object)
    phone[hit(rates.phone_missing)] = None

    local = np.char.add(np.char.add(first_key, "."), sur_key)
    base_email = np.char.add(np.char.add(np.char.add(local, p_num), "@"), p_domain)
    email = base_email[truth].astype(object)
    changed = np.flatnonzero(hit(rates.email_changed))
    email[changed] = [
        f"user{int(x)}@{_DOMAINS[int(x) % 6]}" for x in rng.integers(10**9, size=len(changed))
    ]
    email[hit(rates.email_missing)] = None

    handle_base = np.char.add(np.char.add(first_key, "_"), p_num)
    handle = np.char.add("@", np.char.add(handle_base, sur_key))[truth].astype(object)
    handle[hit(rates.handle_missing)] = None

    post = p_post[truth].astype(object)
    moved = np.flatnonzero(hit(rates.postcode_moved))
    post[moved] = _postcodes(rng, len(moved))
    post[hit(rates.postcode_missing)] = None

    width = max(7, len(str(n)))
    return pa.table(
        {
            "mention_id": [f"m{i:0{width}d}" for i in range(1, n + 1)],
            "first_name": pa.array(out_first, pa.string()),
            "surname": pa.array(out_sur, pa.string()),
            "dob": pa.array(dob_text, pa.string()),
            "phone": pa.array(phone, pa.string()),
            "email": pa.array(email, pa.string()),
            "handle": pa.array(handle, pa.string()),
            "postcode": pa.array(post, pa.string()),
            "person_truth": pa.array(truth, pa.int64()),
        }
    )
