"""Byte ranges on media Django serves itself: Safari plays no video without them."""

import os

import pytest
from django.utils.http import http_date

SIZE = 300_000
URL = "/media/bts/test.mp4"

pytestmark = pytest.mark.django_db


@pytest.fixture
def video(media_root):
    (media_root / "bts").mkdir()
    path = media_root / "bts" / "test.mp4"
    path.write_bytes(os.urandom(SIZE))
    return path


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def validators(client) -> dict[str, str]:
    """ETag and Last-Modified of the file, read from a response closed unread."""
    response = client.get(URL)
    response.close()
    return {"ETag": response["ETag"], "Last-Modified": response["Last-Modified"]}


def assert_cannot_run(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_a_full_response_advertises_ranges(client, video):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(SIZE)
    assert response["Last-Modified"] == http_date(video.stat().st_mtime)
    assert body(response) == video.read_bytes()
    assert_cannot_run(response)


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-200000", 1000, 200000),  # more than one 64 KiB chunk
        ("bytes=299999-299999", 299999, 299999),
        ("bytes=100-", 100, SIZE - 1),  # open-ended
        ("bytes=250000-999999999", 250000, SIZE - 1),  # past the end: clipped
        ("bytes=-500", SIZE - 500, SIZE - 1),  # the last 500 bytes
        ("bytes=-999999999", 0, SIZE - 1),  # a suffix longer than the file
        ("Bytes=0-9", 0, 9),  # the unit is case-insensitive
    ],
)
def test_a_single_range_is_a_206_with_that_slice(client, video, header, start, end):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == video.read_bytes()[start : end + 1]


def test_a_206_keeps_the_security_headers_and_validators(client, video):
    full = validators(client)
    response = client.get(URL, HTTP_RANGE="bytes=0-99")
    response.close()
    assert response.status_code == 206
    assert_cannot_run(response)
    assert response["Content-Disposition"].startswith("inline")
    assert response["ETag"] == full["ETag"]
    assert response["Last-Modified"] == full["Last-Modified"]


@pytest.mark.parametrize(
    "header", ["bytes=300000-", "bytes=999999-1000000", "bytes=-0"]
)
def test_a_range_past_the_end_is_a_416(client, video, header):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert response.content == b""
    assert_cannot_run(response)


def test_any_range_of_an_empty_file_is_a_416(client, media_root):
    (media_root / "empty.mp4").write_bytes(b"")
    response = client.get("/media/empty.mp4", HTTP_RANGE="bytes=-10")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */0"


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-1,5-6",  # several ranges: not supported
        "items=0-1",  # another unit
        "bytes=",
        "bytes=-",
        "bytes=abc-def",
        "bytes=10-5",  # last before first: an invalid range-spec
        "bytes=0-99999999999999999999999",  # a position larger than any file
    ],
)
def test_a_range_we_do_not_support_is_ignored(client, video, header):
    response = client.get(URL, HTTP_RANGE=header)
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert body(response) == video.read_bytes()


def test_if_range_with_the_current_etag_gets_the_slice(client, video):
    etag = validators(client)["ETag"]
    response = client.get(URL, HTTP_RANGE="bytes=10-19", HTTP_IF_RANGE=etag)
    assert response.status_code == 206
    assert body(response) == video.read_bytes()[10:20]


def test_if_range_with_the_current_date_gets_the_slice(client, video):
    modified = validators(client)["Last-Modified"]
    response = client.get(URL, HTTP_RANGE="bytes=10-19", HTTP_IF_RANGE=modified)
    assert response.status_code == 206
    assert body(response) == video.read_bytes()[10:20]


@pytest.mark.parametrize(
    "stale",
    [
        '"not-this-one"',
        "W/{etag}",  # If-Range only trusts a strong ETag
        "Mon, 01 Jan 2001 00:00:00 GMT",
        "not a date",
    ],
)
def test_if_range_that_does_not_match_gets_the_whole_file(client, video, stale):
    etag = validators(client)["ETag"]
    response = client.get(
        URL, HTTP_RANGE="bytes=10-19", HTTP_IF_RANGE=stale.format(etag=etag)
    )
    assert response.status_code == 200
    assert body(response) == video.read_bytes()


def test_a_changed_file_no_longer_matches_its_old_etag(client, video):
    etag = validators(client)["ETag"]
    # One byte longer, so the ETag differs even where mtimes are coarse.
    video.write_bytes(os.urandom(SIZE + 1))
    response = client.get(URL, HTTP_RANGE="bytes=10-19", HTTP_IF_RANGE=etag)
    assert response.status_code == 200
    assert body(response) == video.read_bytes()


def test_a_current_copy_is_not_modified_even_with_a_range(client, video):
    full = validators(client)
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=full["Last-Modified"])
    assert since.status_code == 304
    since = client.get(
        URL, HTTP_RANGE="bytes=0-99", HTTP_IF_MODIFIED_SINCE=full["Last-Modified"]
    )
    assert since.status_code == 304
    response = client.get(URL, HTTP_RANGE="bytes=0-99", HTTP_IF_NONE_MATCH=full["ETag"])
    assert response.status_code == 304
    assert response["ETag"] == full["ETag"]
    assert_cannot_run(response)


def test_head_describes_the_range_without_a_body(client, video):
    response = client.head(URL, HTTP_RANGE="bytes=100-199")
    response.close()  # the test client drops a HEAD body without closing it
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{SIZE}"
    assert response["Content-Length"] == "100"
    assert body(response) == b""
    full = client.head(URL)
    full.close()
    assert full.status_code == 200
    assert full["Accept-Ranges"] == "bytes"
    assert full["Content-Length"] == str(SIZE)


def test_a_download_type_stays_a_download_when_ranged(client, media_root):
    (media_root / "evil.html").write_bytes(b"<script>alert(1)</script>")
    response = client.get("/media/evil.html", HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert body(response) == b"<script>"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert_cannot_run(response)


@pytest.mark.parametrize(
    "url",
    [
        "/media/../manage.py",
        "/media/bts/../../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/..%2fmanage.py",
        "/media/bts/",  # a directory
        "/media/bts",
        "/media/bts/missing.mp4",
    ],
)
@pytest.mark.parametrize("header", [None, "bytes=0-99"])
def test_what_is_not_a_file_under_media_is_a_404(client, video, url, header):
    extra = {"HTTP_RANGE": header} if header else {}
    assert client.get(url, **extra).status_code == 404
