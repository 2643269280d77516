"""The exhibit register's pure rules: reference form, content against kind, byte ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from foursight.core.exhibits import (
    ByteRange,
    RuleBroken,
    Unsatisfiable,
    check_content,
    clean_kind,
    clean_reference,
    parse_range,
    sniff,
)

ASSETS = Path(__file__).resolve().parents[2] / "src" / "foursight" / "evidence" / "demo_exhibits"


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("AR/1", "AR/1"), (" ar / 12 ", "AR/12"), ("JDS/9999", "JDS/9999"), ("abcd/3", "ABCD/3")],
)
def test_reference_forms(given: str, canonical: str) -> None:
    assert clean_reference(given) == canonical


@pytest.mark.parametrize(
    "given",
    ["", "AR", "AR/", "A/1", "ABCDE/1", "AR/0", "AR/01", "AR-1", "AR/1a", "1/AR", "AR/12345"],
)
def test_bad_references_name_the_field(given: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        clean_reference(given)
    assert caught.value.field == "reference" and caught.value.message.startswith("reference:")


def test_kinds() -> None:
    assert clean_kind("cctv") == "cctv"
    for bad in ("", "phone_export", "video"):
        with pytest.raises(RuleBroken) as caught:
            clean_kind(bad)
        assert caught.value.field == "kind"


@pytest.mark.parametrize(
    ("name", "kind", "mime"),
    [
        ("bwv-placeholder.mp4", "body_worn_video", "video/mp4"),
        ("bwv-placeholder.mp4", "cctv", "video/mp4"),
        ("photo-door.jpg", "photograph", "image/jpeg"),
        ("photo-car.png", "screenshot", "image/png"),
    ],
)
def test_real_files_match_their_kind(name: str, kind: str, mime: str) -> None:
    assert check_content(kind, (ASSETS / name).read_bytes()[:8192]).mime == mime


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("bwv-placeholder.mp4", "photograph"),
        ("photo-door.jpg", "body_worn_video"),
        ("photo-car.png", "audio"),
        ("photo-door.jpg", "document"),
    ],
)
def test_wrong_kind_is_refused_naming_kind(name: str, kind: str) -> None:
    with pytest.raises(RuleBroken) as caught:
        check_content(kind, (ASSETS / name).read_bytes()[:8192])
    assert caught.value.field == "kind" and "its content is" in caught.value.message


def test_documents_and_text() -> None:
    assert check_content("document", b"%PDF-1.7\n...").mime == "application/pdf"
    letter = "Dear Alex, I will be waiting outside. \u00e9".encode()
    assert check_content("document", letter).mime == "text/plain"
    assert check_content("document", letter[:-1]).mime == "text/plain"  # cut character
    assert sniff(b"\x00\x01\x02binary") is None
    assert sniff(b"") is None
    with pytest.raises(RuleBroken):
        check_content("document", b"\x00\x01\x02binary")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-99", ByteRange(0, 99, 1000)),
        ("bytes=900-", ByteRange(900, 999, 1000)),
        ("bytes=900-5000", ByteRange(900, 999, 1000)),
        ("bytes=-100", ByteRange(900, 999, 1000)),
        ("bytes=-5000", ByteRange(0, 999, 1000)),
        ("bytes=0-1,5-9", None),
        ("items=0-9", None),
        ("bytes=9-0", None),
        ("bytes=a-b", None),
    ],
)
def test_ranges(header: str, expected: ByteRange | None) -> None:
    assert parse_range(header, 1000) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_ranges(header: str) -> None:
    with pytest.raises(Unsatisfiable):
        parse_range(header, 1000)


def test_range_header_text() -> None:
    part = ByteRange(100, 199, 1000)
    assert part.length == 100 and part.header() == "bytes 100-199/1000"
