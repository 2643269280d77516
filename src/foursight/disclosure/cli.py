"""``foursight redact``: propose (and apply) redactions to a document, with no database.

The document is a UTF-8 text file, a PDF or a Word .docx file (read as text).

For a file outside the service (a statement drafted elsewhere, a schedule): the proposals
use the engine alone, with the names and words given on the command line as the case's
deny-list. The input file is only read; ``--out`` writes a new file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from foursight.errors import InvalidInput


def cmd_redact(args: argparse.Namespace) -> int:
    from foursight.core.redaction import CasePerson, apply, case_terms, propose
    from foursight.core.redaction.documents import DocumentError, extract_text
    from foursight.core.redaction.spans import plain_name

    source = Path(args.file)
    if not source.is_file():
        raise InvalidInput(f"{args.file}: no such file", field="file")
    try:
        text = extract_text(source.name, source.read_bytes())
    except DocumentError as exc:
        raise InvalidInput(f"{args.file}: {exc}", field="file") from exc
    people = []
    for name in args.name or ():
        first, _, surname = name.strip().rpartition(" ")
        people.append(CasePerson(first, surname) if first else CasePerson(surname, ""))
    spans = propose(text, case_terms(people, args.word or ()))
    if args.out:
        out = Path(args.out)
        if out.resolve() == source.resolve():
            raise InvalidInput(
                "--out: must not be the input file (it is never changed)", field="out"
            )
        data = apply(text, spans).encode("utf-8")
        out.write_bytes(data)
        print(f"{out}: {len(spans)} redactions, sha256 {hashlib.sha256(data).hexdigest()}")
        return 0
    if args.json:
        sys.stdout.write(json.dumps({"spans": [s.as_dict() for s in spans]}) + "\n")
        return 0
    for s in spans:
        print(
            f"{s.start}-{s.end}\t{plain_name(s.entity)}\t{s.score:.2f}\t{text[s.start : s.end]!r}"
        )
    print(f"{len(spans)} proposed redactions; check the whole text by eye before disclosing it")
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "redact", help="propose redactions of personal data in a text file (no database)"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--name", action="append", help="a person's full name to find (repeat)")
    p.add_argument("--word", action="append", help="another word or phrase to find (repeat)")
    p.add_argument("--json", action="store_true", help='print {"spans": [...]} as JSON')
    p.add_argument("--out", help="write the redacted copy here (every proposal applied)")
    p.set_defaults(func=cmd_redact)
