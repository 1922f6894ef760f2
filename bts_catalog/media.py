"""Serving uploads from Django (development, tests, SERVE_MEDIA=1).

Whatever the file, the browser may only show it, never run it: no content-type
sniffing, a sandboxing Content-Security-Policy, and anything that is not one of
the image or video types intake stores is a download.

Single byte ranges are answered with 206 Partial Content, because Safari plays no
MP4 without them and no browser can seek a video without them. A Range header we
do not support (several ranges, another unit, a syntax error) is ignored and the
whole file sent, as RFC 9110 allows; a well-formed range that starts past the end
of the file is a 416.
"""

import logging
import mimetypes
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.utils._os import safe_join
from django.utils.cache import get_conditional_response
from django.utils.http import (
    content_disposition_header,
    http_date,
    parse_http_date_safe,
)

# Not in every system's MIME table (Python's own has it only from 3.13).
mimetypes.add_type("image/avif", ".avif")

INLINE_TYPES = {
    "image/avif",
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "video/mp4",
    "video/quicktime",
    "video/webm",
}

CHUNK_SIZE = 64 * 1024
# Eighteen digits reach an exabyte, past any upload; longer positions are treated
# as syntax we do not support rather than fed to int() (which refuses huge strings).
SINGLE_BYTE_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})", re.IGNORECASE)

# Where Django itself reports a SuspiciousFileOperation, so that an escape attempt
# still leaves a trace although it is answered as a plain 404.
security_log = logging.getLogger("django.security.SuspiciousFileOperation")


class Unsatisfiable(Exception):
    """The Range is well-formed but selects no byte of the file."""


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    fullpath = _resolve(path)
    stat = fullpath.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    # Preconditions come before the Range (RFC 9110 13.2.2): a client whose copy
    # is current gets a 304, never a slice.
    response = get_conditional_response(
        request, etag=etag, last_modified=int(stat.st_mtime)
    )
    if response is None:
        try:
            byte_range = _requested_range(request, stat, etag)
        except Unsatisfiable:
            response = HttpResponse(status=416, content_type="text/plain")
            response["Content-Range"] = f"bytes */{stat.st_size}"
        else:
            response = _file_response(fullpath, byte_range, stat.st_size)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    _forbid_running(response, path)
    return response


def _resolve(path: str) -> Path:
    """The file under MEDIA_ROOT that ``path`` names, checked as Django's serve does.

    A path that escapes MEDIA_ROOT is a 404 like any other missing file, so the
    answer says nothing about what lies outside.
    """
    path = posixpath.normpath(path).lstrip("/")
    try:
        fullpath = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as error:
        security_log.warning("%s", error)
        raise Http404("No such file.") from None
    if not fullpath.is_file():
        raise Http404("No such file.")
    return fullpath


def _requested_range(
    request: HttpRequest, stat: os.stat_result, etag: str
) -> tuple[int, int] | None:
    """The first and last byte to send, or None to send the whole file."""
    header = request.headers.get("Range")
    if header is None or request.method not in {"GET", "HEAD"}:
        return None
    if_range = request.headers.get("If-Range")
    if if_range is not None and not _current(if_range.strip(), stat, etag):
        return None  # the client's partial copy is stale: it needs all of it
    match = SINGLE_BYTE_RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    size = stat.st_size
    if first:
        start = int(first)
        if last and int(last) < start:
            return None  # an invalid range-spec, not an unsatisfiable one
        if start >= size:
            raise Unsatisfiable
        end = min(int(last), size - 1) if last else size - 1
        return start, end
    if not last:
        return None  # "bytes=-"
    suffix_length = int(last)
    if suffix_length == 0 or size == 0:
        raise Unsatisfiable
    return max(size - suffix_length, 0), size - 1


def _current(validator: str, stat: os.stat_result, etag: str) -> bool:
    """Whether an If-Range validator still describes the file.

    If-Range needs a strong match: a weak ETag never matches, a date only when it
    is exactly the Last-Modified we send.
    """
    if validator.startswith(('"', "W/")):
        return validator == etag
    return parse_http_date_safe(validator) == int(stat.st_mtime)


def _file_response(
    fullpath: Path, byte_range: tuple[int, int] | None, size: int
) -> HttpResponse:
    """The whole file (200), or the bytes ``byte_range`` names (206), streamed."""
    content_type, encoding = mimetypes.guess_type(str(fullpath))
    content_type = content_type or "application/octet-stream"
    if byte_range is None:
        response = FileResponse(fullpath.open("rb"), content_type=content_type)
    else:
        start, end = byte_range
        response = StreamingHttpResponse(
            _FileSlice(fullpath.open("rb"), start, end - start + 1),
            status=206,
            content_type=content_type,
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False, filename=fullpath.name
        )
    if encoding:
        response["Content-Encoding"] = encoding
    return response


class _FileSlice:
    """``length`` bytes of an open file from ``start``, read a chunk at a time.

    A class rather than a bare generator: the response closes it even when it is
    never iterated (a HEAD request, a client gone before the first byte), and a
    generator that never started would not run its ``finally``.
    """

    def __init__(self, file: BinaryIO, start: int, length: int) -> None:
        self.file = file
        self.start = start
        self.length = length

    def __iter__(self) -> Iterator[bytes]:
        self.file.seek(self.start)
        remaining = self.length
        try:
            while remaining > 0:
                chunk = self.file.read(min(CHUNK_SIZE, remaining))
                if not chunk:  # the file shrank since it was measured
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self.file.close()


def _forbid_running(response: HttpResponse, path: str) -> None:
    content_type, _ = mimetypes.guess_type(path)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
