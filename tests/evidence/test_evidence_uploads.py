"""Uploads: a size limit checked while the body streams in, and names of any length."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from foursight.evidence.models import CustodyEntry, Exhibit
from foursight.evidence.store import incoming_dir
from tests.conftest import World
from tests.evidence.conftest import FIXTURES, VICTIM, make_sms_backup, upload

FIELDS = {"exhibit": "AR/1", "victim_ids": VICTIM, "tz": "Europe/London"}


def _nothing_kept(report_id: int) -> None:
    assert not Exhibit.objects.filter(report_id=report_id).exists()
    assert not CustodyEntry.objects.filter(report_id=report_id).exists()
    assert not incoming_dir().exists() or not any(incoming_dir().iterdir())


def test_an_upload_over_the_limit_is_refused_naming_the_limit(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 20_000
    path = make_sms_backup(tmp_path / "sms.xml", 200)
    assert path.stat().st_size > 20_000
    report = world.reports["cn"]
    response = upload(world.api("officer_cn"), report.pk, "x", path=path)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and error["field"] == "file"
    assert "upload limit of 19.5 KiB (20,000 bytes" in error["message"]
    assert "FOURSIGHT_UPLOAD_MAX_BYTES" in error["message"]
    _nothing_kept(report.pk)


def test_the_limit_is_named_even_when_the_file_comes_before_the_fields(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 20_000
    path = make_sms_backup(tmp_path / "sms.xml", 200)
    report = world.reports["cn"]
    with open(path, "rb") as handle:
        response = world.api("officer_cn").post(
            f"/api/v1/reports/{report.pk}/exhibits", data={"file": handle, **FIELDS}
        )
    assert response.status_code == 413, response.content
    assert response.json()["error"]["code"] == "too_large"
    _nothing_kept(report.pk)


def test_the_evidence_page_shows_the_limit_and_keeps_the_form(
    world: World, tmp_path: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 20_000
    path = make_sms_backup(tmp_path / "sms.xml", 200)
    report = world.reports["cn"]
    with open(path, "rb") as handle:
        response = world.page("officer_cn").post(
            f"/reports/{report.pk}/evidence", data={**FIELDS, "file": handle}
        )
    page = response.content.decode()
    assert response.status_code == 413, page
    assert "larger than the upload limit of 19.5 KiB" in page
    assert 'value="AR/1"' in page
    _nothing_kept(report.pk)


class CountingInput(io.BytesIO):
    """A request body that records how much of it was read."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def test_the_limit_is_checked_as_the_body_streams_not_after_reading_it(settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    body = encode_multipart(BOUNDARY, {**FIELDS, "file": io.BytesIO(b"x" * (8 << 20))})
    stream = CountingInput(body)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": stream,
            "PATH_INFO": "/",
            "SERVER_NAME": "test",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
    )
    assert request.POST["exhibit"] == "AR/1"  # the fields before the file are kept
    assert "file" not in request.FILES
    assert stream.taken < 1 << 20, stream.taken  # of 8 MiB


def test_a_250_character_file_name_imports_and_leaves_no_folder(
    world: World, tmp_path: Path
) -> None:
    report = world.reports["cn"]
    name = "Ж" * 246 + ".xml"  # 250 characters, 496 bytes
    response = _post_named(world, report.pk, name, FIXTURES / "sms-20240314093000.xml")
    assert response.status_code == 201, response.content
    exhibit = response.json()["exhibit"]
    assert exhibit["file_name"].endswith(".xml") and len(exhibit["file_name"]) <= 200
    assert exhibit["events"] == 3
    assert not any(incoming_dir().iterdir())


def _post_named(world: World, report_id: int, name: str, path: Path) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload_file = SimpleUploadedFile(name, path.read_bytes(), content_type="text/xml")
    return world.api("officer_cn").post(
        f"/api/v1/reports/{report_id}/exhibits", data={**FIELDS, "file": upload_file}
    )
