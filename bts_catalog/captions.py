"""Caption and transcript intake for videos: WebVTT or SRT in, clean WebVTT out.

``clean_captions`` reads an uploaded caption file (WebVTT, or SRT which it
converts), refuses anything that is not one with a clear message, and returns a
normalised WebVTT file whose cue text holds only harmless WebVTT markup, the cues
as plain text, and a transcript to show beside the video and to search.
``validate_language`` and ``language_label`` handle the BCP 47 tag each caption
track is filed under.

Decoding: UTF-8 (with or without a byte order mark) and UTF-16 with a byte order
mark are read as such. A file that is not valid UTF-8 is read as Windows-1252
(a superset of Latin-1 for printable text, and what old subtitle tools write)
only when the result has no control characters besides tab and line breaks and
parses as captions; anything else is refused as not text, since guessing further
turns binary files into nonsense cues.

Markup kept in cue text: ``<b>``, ``<i>``, ``<u>``, ``<c>`` (classes kept only
when they are ``[a-z0-9-]``, on any of these tags), ``<v Speaker>``,
``<lang tag>`` with a valid BCP 47 tag, and ``<HH:MM:SS.mmm>`` timestamps inside
the cue. Any other tag is removed and its text kept; entities are decoded and
tags hidden in them removed too; ``&``, ``<`` and ``>`` left in the text are
escaped. NOTE, STYLE (CSS) and REGION blocks, and cue settings other than valid
``align``, ``line``, ``position``, ``size`` and ``vertical``, are dropped.
"""

import codecs
import hashlib
import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

DEFAULT_MAX_BYTES = 512 * 1024
DEFAULT_MAX_CUES = 5000
# A pause at least this long (seconds) between cues starts a new transcript
# paragraph; so does a change of speaker or a line that opens with a dash.
PARAGRAPH_PAUSE = 2.0
# Past this many characters a paragraph ends at the next sentence end.
PARAGRAPH_SOFT_LIMIT = 600
MAX_SPEAKER_LENGTH = 100

NOT_TEXT = (
    "This file is not text: save the captions as UTF-8 and upload the WebVTT "
    "(.vtt) or SRT (.srt) file again."
)
NOT_CAPTIONS = (
    "This file has no captions in it: upload a WebVTT file (beginning with "
    "“WEBVTT”) or an SRT file with numbered, timed cues."
)
BAD_LANGUAGE = "Give the language as a BCP 47 tag, e.g. en, en-GB or pt-BR."


@dataclass(frozen=True)
class Cue:
    """One cue: when it shows (seconds) and its text without markup."""

    start: float
    end: float
    text: str
    # The cleaned WebVTT cue text, the kept settings and identifier, and the
    # first speaker named by a <v> tag.
    markup: str = ""
    settings: str = ""
    identifier: str = ""
    voice: str = ""


@dataclass(frozen=True)
class CleanCaptions:
    """An accepted caption file, normalised to WebVTT."""

    vtt: str
    cues: list[Cue]
    transcript: str
    source_format: str  # "vtt" or "srt"
    sha256: str
    content: bytes


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- Reading and decoding -------------------------------------------------------

# C0 controls other than tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _read_limited(upload) -> bytes:
    limit = getattr(settings, "CAPTION_MAX_BYTES", DEFAULT_MAX_BYTES)
    too_big = _reject(
        f"The file is too large; caption files may be at most {filesizeformat(limit)}.",
        "file_too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise _reject("The file is empty.", "empty_file")
    return data


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        # utf-8-sig reads UTF-8 with or without a byte order mark.
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text.lstrip("\ufeff")
        if _CONTROL.search(text):
            break
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if encoding == "cp1252" and _detect_format(text) is None:
            break
        return text
    raise _reject(NOT_TEXT, "not_text")


# --- Timestamps -------------------------------------------------------------------

_VTT_TIME = re.compile(r"(?:(\d{1,4}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
_SRT_TIME = re.compile(r"(\d{1,4}):([0-5]\d):([0-5]\d)[,.](\d{3})")
_SRT_TIMING_LINE = re.compile(
    r"^[ \t]*\d{1,4}:\d\d:\d\d,\d{3}[ \t]*-->[ \t]*\d{1,4}:\d\d:\d\d,\d{3}",
    re.MULTILINE,
)


def _to_ms(match: re.Match | None) -> int | None:
    if match is None:
        return None
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(
        millis
    )


def _format_ms(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _detect_format(text: str) -> str | None:
    head = text.lstrip("\ufeff \t\n")
    if head.startswith("WEBVTT") and head[6:7] in ("", " ", "\t", "\n"):
        return "vtt"
    if _SRT_TIMING_LINE.search(text):
        return "srt"
    return None


# --- Cue settings ---------------------------------------------------------------

_NUMBER = r"\d+(?:\.\d+)?"
_SETTING_VALUES = {
    "vertical": re.compile(r"rl|lr"),
    "line": re.compile(
        rf"(?:-?{_NUMBER}|(?P<pct>{_NUMBER})%)(?:,(?:start|center|end))?"
    ),
    "position": re.compile(
        rf"(?:(?P<pct>{_NUMBER})%|auto)(?:,(?:line-left|center|line-right))?"
    ),
    "size": re.compile(rf"(?P<pct>{_NUMBER})%"),
    "align": re.compile(r"start|center|end|left|right"),
}


def _clean_settings(tokens: list[str]) -> str:
    kept: dict[str, str] = {}
    for token in tokens:
        name, _, value = token.partition(":")
        if name == "align" and value == "middle":  # the old name for center
            value = "center"
        pattern = _SETTING_VALUES.get(name)
        match = pattern.fullmatch(value) if pattern else None
        if match is None:
            continue
        if match.groupdict().get("pct") and float(match["pct"]) > 100:
            continue
        kept[name] = value  # a later setting of the same name wins
    return " ".join(f"{name}:{value}" for name, value in kept.items())


# Identifiers are kept only when plainly harmless: they reach players' scripts.
_SAFE_IDENTIFIER = re.compile(r"(?!NOTE|STYLE|REGION|WEBVTT)[\w .:#-]{1,100}")


def _clean_identifier(line: str) -> str:
    line = line.strip()
    return line if _SAFE_IDENTIFIER.fullmatch(line) else ""


# --- Cue text -----------------------------------------------------------------------

_ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")  # {\an8}, {\i1}, {\c&H00FFFF&}
_BRACE_TAG = re.compile(r"\{(/?)([biu])\}", re.IGNORECASE)  # {i}…{/i}
_HIDDEN_TAG = re.compile(r"</?[A-Za-z!?][^<>]*>")
_SAFE_CLASS = re.compile(r"[a-z0-9-]+")
_PLAIN_TAGS = {"b", "i", "u", "c"}
_SPACES = re.compile(r"[ \t]+")
_MAX_TIMESTAMP_TAG = 20  # "<9999:59:59.999>" with some spaces


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _decode_text(text: str) -> str:
    """Entities decoded, tags they spelled removed, controls made spaces."""
    text = html.unescape(text)
    while True:
        stripped = _HIDDEN_TAG.sub("", text)
        if stripped == text:
            break
        text = stripped
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)


def _clean_speaker(annotation: str) -> str:
    speaker = " ".join(_decode_text(annotation).split())
    return speaker[:MAX_SPEAKER_LENGTH].strip()


class _CueText:
    """Walks raw cue text once, writing sanitised markup and plain text."""

    def __init__(self, start_ms: int, end_ms: int):
        self.start_ms, self.end_ms = start_ms, end_ms
        self.last_timestamp = start_ms
        self.markup: list[str] = []
        self.plain: list[str] = []
        self.open: list[str] = []
        self.voice = ""

    def text(self, raw: str) -> None:
        lines = raw.split("\n")
        decoded = [_decode_text(line) for line in lines]
        self.markup.append("\n".join(_escape(line) for line in decoded))
        self.plain.append("\n".join(decoded))

    def tag(self, inner: str) -> None:
        if inner.startswith("/"):
            self._close(re.split(r"[\s.]", inner[1:].strip(), maxsplit=1)[0].lower())
            return
        if inner[:1].isdigit():
            ms = _to_ms(_VTT_TIME.fullmatch(inner.strip()))
            if ms is not None and self.last_timestamp < ms < self.end_ms:
                self.last_timestamp = ms
                self.markup.append(f"<{_format_ms(ms)}>")
            return
        head, *rest = re.split(r"\s+", inner, maxsplit=1)
        annotation = rest[0] if rest else ""
        name, *classes = head.split(".")
        name = name.lower()
        suffix = "".join(f".{c}" for c in classes if _SAFE_CLASS.fullmatch(c))
        if name == "br":
            self.text("\n")
        elif name in _PLAIN_TAGS:
            self._open(name, f"<{name}{suffix}>")
        elif name == "v":
            speaker = _clean_speaker(annotation)
            if speaker:
                self.voice = self.voice or speaker
                self._open(name, f"<v{suffix} {_escape(speaker)}>")
        elif name == "lang":
            try:
                language = validate_language(annotation)
            except ValidationError:
                return
            self._open(name, f"<lang{suffix} {language}>")

    def _open(self, name: str, markup: str) -> None:
        self.open.append(name)
        self.markup.append(markup)

    def _close(self, name: str) -> None:
        if name not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.markup.append(f"</{closing}>")
            if closing == name:
                return

    def result(self) -> tuple[str, str]:
        while self.open:
            self.markup.append(f"</{self.open.pop()}>")
        # A blank line would end the cue early, so none may remain.
        markup = "\n".join(
            _SPACES.sub(" ", line).strip()
            for line in "".join(self.markup).split("\n")
            if line.strip()
        )
        plain = "\n".join(
            " ".join(line.split())
            for line in "".join(self.plain).split("\n")
            if line.strip()
        )
        return markup, plain


def sanitise_cue_text(
    raw: str, start_ms: int = 0, end_ms: int = 2**63
) -> tuple[str, str, str]:
    """Return (WebVTT markup, plain text, first speaker) for raw cue text."""
    raw = _ASS_OVERRIDE.sub("", raw)
    raw = _BRACE_TAG.sub(lambda m: f"<{m[1]}{m[2].lower()}>", raw)
    walker = _CueText(start_ms, end_ms)
    text_from = scan_from = 0
    next_close = raw.find(">")
    while next_close != -1:
        lt = raw.find("<", scan_from)
        if lt == -1:
            break
        if next_close < lt:
            next_close = raw.find(">", lt)
            if next_close == -1:
                break  # an unclosed "<" and all after it are text
        after = raw[lt + 1 : lt + 2]
        if after.isascii() and (after.isalpha() or after in ("/", "!", "?")):
            is_tag = True
        else:
            # "<3" is text; "<00:00:01.000>" is a timestamp.
            is_tag = (
                after.isdigit()
                and next_close - lt <= _MAX_TIMESTAMP_TAG
                and _VTT_TIME.fullmatch(raw[lt + 1 : next_close].strip()) is not None
            )
        if not is_tag:
            scan_from = lt + 1
            continue
        walker.text(raw[text_from:lt])
        walker.tag(raw[lt + 1 : next_close])
        text_from = scan_from = next_close + 1
    walker.text(raw[text_from:])
    markup, plain = walker.result()
    return markup, plain, walker.voice


# --- Parsing ------------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks of lines split at blank lines, each with its first line's number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line)
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _timing(line: str, number: int, kind: str) -> tuple[int, int, list[str]]:
    left, _, right = line.partition("-->")
    rest = right.split()
    time = _VTT_TIME if kind == "vtt" else _SRT_TIME
    start = _to_ms(time.fullmatch(left.strip()))
    end = _to_ms(time.fullmatch(rest[0])) if rest else None
    if start is None or end is None:
        example = (
            "00:01:02.500 --> 00:01:04.000"
            if kind == "vtt"
            else "00:01:02,500 --> 00:01:04,000"
        )
        raise _reject(
            f"The cue timing on line {number} is not valid; write it like {example}.",
            "bad_timing",
        )
    if end <= start:
        raise _reject(
            f"The cue on line {number} must end after it starts, not at "
            f"{_format_ms(end)} when it starts at {_format_ms(start)}.",
            "bad_timing",
        )
    return start, end, rest[1:]


def _keyword(line: str, word: str) -> bool:
    return line.startswith(word) and line[len(word) : len(word) + 1] in ("", " ", "\t")


def _raw_cues(text: str, kind: str) -> list[list]:
    """[start ms, end ms, setting tokens, identifier, text lines] for each cue."""
    limit = getattr(settings, "CAPTION_MAX_CUES", DEFAULT_MAX_CUES)
    blocks = _blocks(text)
    if kind == "vtt":
        # Drop the WEBVTT line and its header lines, but not a cue written
        # straight after them without a blank line.
        first, header = blocks.pop(0)
        for at, line in enumerate(header[1:], start=1):
            if "-->" in line:
                blocks.insert(0, (first + at, header[at:]))
                break
    cues: list[list] = []
    for first, lines in blocks:
        if "-->" in lines[0]:
            at = 0
        elif len(lines) > 1 and "-->" in lines[1]:
            at = 1
        else:
            if kind == "srt" and cues:
                # SRT cue text with a blank line in it: keep it with its cue.
                cues[-1][4].extend(["", *lines])
            # WebVTT NOTE, STYLE and REGION blocks, and stray text, are dropped.
            continue
        if kind == "vtt" and at == 1 and _keyword(lines[0], "NOTE"):
            continue
        start, end, tokens = _timing(lines[at], first + at, kind)
        identifier = lines[0] if at == 1 and kind == "vtt" else ""
        tokens = tokens if kind == "vtt" else []  # SRT coordinates are dropped
        cues.append([start, end, tokens, identifier, lines[at + 1 :]])
        if len(cues) > limit:
            raise _reject(
                f"The file has more than {limit} cues; caption files may have at "
                f"most {limit}.",
                "too_many_cues",
            )
    return cues


def _parse(text: str, kind: str) -> list[Cue]:
    cues = []
    for start, end, tokens, identifier, lines in _raw_cues(text, kind):
        markup, plain, voice = sanitise_cue_text("\n".join(lines), start, end)
        if not plain:
            continue
        cues.append(
            Cue(
                start=start / 1000,
                end=end / 1000,
                text=plain,
                markup=markup,
                settings=_clean_settings(tokens),
                identifier=_clean_identifier(identifier),
                voice=voice,
            )
        )
    cues.sort(key=lambda cue: cue.start)
    return cues


def _render(cues: list[Cue]) -> str:
    blocks = []
    for cue in cues:
        timing = (
            f"{_format_ms(round(cue.start * 1000))} --> "
            f"{_format_ms(round(cue.end * 1000))}"
        )
        if cue.settings:
            timing += f" {cue.settings}"
        head = f"{cue.identifier}\n{timing}" if cue.identifier else timing
        blocks.append(f"{head}\n{cue.markup}\n")
    return "WEBVTT\n\n" + "\n".join(blocks)


# --- Transcript ---------------------------------------------------------------------


def build_transcript(cues: list[Cue]) -> str:
    """Plain text of the cues in paragraphs, with lines repeated by cues dropped.

    Roll-up and repeated captions show a line again in the next cue, so a line
    that appeared in the cue before is left out.
    """
    paragraphs: list[list[str]] = []
    previous_lines: set[str] = set()
    previous_end = None
    voice = ""
    for cue in cues:
        paused = (
            previous_end is not None and cue.start - previous_end >= PARAGRAPH_PAUSE
        )
        new_voice = bool(cue.voice) and cue.voice != voice
        lines = [line for line in cue.text.split("\n") if line]
        keys = {line.casefold() for line in lines}
        for line in lines:
            if line.casefold() in previous_lines:
                continue
            current = paragraphs[-1] if paragraphs else None
            long_enough = (
                current is not None
                and sum(len(part) + 1 for part in current) > PARAGRAPH_SOFT_LIMIT
                and current[-1].endswith((".", "!", "?", "…", "♪"))
            )
            if new_voice:
                line = f"{cue.voice}: {line}"
            if (
                current is None
                or paused
                or new_voice
                or long_enough
                or line.startswith(("-", "–", "—"))
            ):
                paragraphs.append([line])
            else:
                current.append(line)
            paused = new_voice = False
        if cue.voice:
            voice = cue.voice
        previous_lines = keys
        previous_end = cue.end
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


# --- Intake -------------------------------------------------------------------------


def clean_captions(upload) -> CleanCaptions:
    """Read an uploaded WebVTT or SRT file and return it as clean WebVTT."""
    text = _decode(_read_limited(upload))
    if not text.strip():
        raise _reject("The file is empty.", "empty_file")
    kind = _detect_format(text)
    if kind is None:
        raise _reject(NOT_CAPTIONS, "not_captions")
    cues = _parse(text, kind)
    if not cues:
        raise _reject(NOT_CAPTIONS, "not_captions")
    vtt = _render(cues)
    content = vtt.encode("utf-8")
    return CleanCaptions(
        vtt=vtt,
        cues=cues,
        transcript=build_transcript(cues),
        source_format=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


# --- Languages ----------------------------------------------------------------------

_LANGUAGE_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|\d{3}))?"
    r"(?P<variants>(?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)",
    re.IGNORECASE,
)
MAX_LANGUAGE_TAG_LENGTH = 35

LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nb": "Norwegian Bokmål",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "se": "Northern Sami",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}
SCRIPT_NAMES = {
    "Cyrl": "Cyrillic",
    "Hans": "Simplified",
    "Hant": "Traditional",
    "Latn": "Latin",
}
REGION_NAMES = {
    "419": "Latin America",
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "DE": "Germany",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "HK": "Hong Kong",
    "IE": "Ireland",
    "IN": "India",
    "MX": "Mexico",
    "NZ": "New Zealand",
    "PT": "Portugal",
    "RS": "Serbia",
    "SE": "Sweden",
    "TW": "Taiwan",
    "US": "United States",
}


def validate_language(tag: str) -> str:
    """Return ``tag`` as a case-normalised BCP 47 tag, or refuse it.

    Takes language[-script][-region][-variant…] (``en``, ``zh-Hant``,
    ``sr-Latn-RS``, ``es-419``, ``de-DE-1996``); an underscore is read as a hyphen.
    """
    candidate = str(tag).strip().replace("_", "-")
    match = (
        _LANGUAGE_TAG.fullmatch(candidate)
        if len(candidate) <= MAX_LANGUAGE_TAG_LENGTH
        else None
    )
    if match is None:
        raise _reject(BAD_LANGUAGE, "bad_language")
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(v.lower() for v in match["variants"].split("-") if v)
    return "-".join(parts)


def _language_name(language: str) -> str | None:
    if language in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[language]
    return LANG_INFO.get(language, {}).get("name")


def language_label(tag: str) -> str:
    """A reader's name for a language tag: ``en-GB`` → English (United Kingdom).

    Falls back to the tag itself when its language is not one we name.
    """
    try:
        normal = validate_language(tag)
    except ValidationError:
        return str(tag)
    match = _LANGUAGE_TAG.fullmatch(normal)
    name = _language_name(match["language"])
    if name is None:
        return normal
    details = []
    if match["script"]:
        details.append(SCRIPT_NAMES.get(match["script"], match["script"]))
    if match["region"]:
        details.append(REGION_NAMES.get(match["region"], match["region"]))
    details.extend(v for v in match["variants"].split("-") if v)
    return f"{name} ({', '.join(details)})" if details else name
