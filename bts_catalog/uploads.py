"""One door for uploaded media: a photo goes to image intake, a video to video
intake, chosen by what the file is (and, for a file that is neither, by its name, so
that the refusal speaks of what the uploader meant)."""

from bts_catalog.images import CleanImage, intake_image
from bts_catalog.videos import CleanVideo, intake_video

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".qt", ".webm", ".mkv")
EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # Matroska and WebM
# ISO base media brands of still pictures (HEIF, AVIF): photos, not videos.
STILL_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}


def looks_like_video(head: bytes, name: str = "") -> bool:
    if head[:4] == EBML_MAGIC:
        return True
    if head[4:8] == b"ftyp":
        return head[8:12] not in STILL_BRANDS
    return name.lower().endswith(VIDEO_SUFFIXES)


def intake_upload(upload) -> CleanImage | CleanVideo:
    """Accept an image or a video (see bts_catalog.images and bts_catalog.videos)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if looks_like_video(head, getattr(upload, "name", "") or ""):
        return intake_video(upload)
    return intake_image(upload)
