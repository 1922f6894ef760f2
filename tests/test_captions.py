"""Caption intake: WebVTT and SRT in, clean WebVTT, plain cues and transcript out."""

import codecs
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bts_catalog.captions import (
    clean_captions,
    language_label,
    validate_language,
)


def upload(text: str | bytes, name: str = "captions.vtt") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/vtt")


def refused(data, name: str = "captions.vtt") -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        clean_captions(upload(data, name))
    return excinfo.value


def cue_blocks(vtt: str) -> list[str]:
    assert vtt.startswith("WEBVTT\n\n")
    return vtt.removeprefix("WEBVTT\n\n").rstrip("\n").split("\n\n")


# --- WebVTT ---------------------------------------------------------------------


def test_webvtt_keeps_identifiers_safe_settings_and_multiline_text():
    captions = clean_captions(
        upload(
            "WEBVTT - Making of\n"
            "Kind: captions\n"
            "\n"
            "intro\n"
            "00:01.000 --> 00:04.250 align:start position:10%,line-left line:-1 "
            "size:120% region:top foo:bar vertical:up\n"
            "First line\n"
            "second line\n"
            "\n"
            "01:02:03.004 --> 01:02:05.000 align:middle size:50%\n"
            "Later\n"
        )
    )

    assert captions.source_format == "vtt"
    assert cue_blocks(captions.vtt) == [
        "intro\n00:00:01.000 --> 00:00:04.250 align:start position:10%,line-left "
        "line:-1\nFirst line\nsecond line",
        "01:02:03.004 --> 01:02:05.000 align:center size:50%\nLater",
    ]
    first, second = captions.cues
    assert (first.start, first.end) == (1.0, 4.25)
    assert first.text == "First line\nsecond line"
    assert first.identifier == "intro"
    assert second.start == pytest.approx(3723.004)
    assert captions.content == captions.vtt.encode("utf-8")
    assert captions.sha256 == hashlib.sha256(captions.content).hexdigest()


def test_cues_come_out_in_time_order():
    captions = clean_captions(
        upload(
            "WEBVTT\n\n00:05.000 --> 00:06.000\nSecond\n\n"
            "00:01.000 --> 00:02.000\nFirst\n"
        )
    )

    assert [cue.text for cue in captions.cues] == ["First", "Second"]


def test_a_cue_straight_after_the_header_is_read():
    captions = clean_captions(upload("WEBVTT\n00:01.000 --> 00:02.000\nHello\n"))

    assert [cue.text for cue in captions.cues] == ["Hello"]


def test_style_note_and_region_blocks_are_dropped():
    captions = clean_captions(
        upload(
            "WEBVTT\n\n"
            "REGION\nid:top width:40% lines:3\n\n"
            "STYLE\n::cue { background: url(javascript:alert(1)) }\n\n"
            "NOTE written by the\nsubtitling team\n\n"
            "00:00:01.000 --> 00:00:02.000 region:top\nHello\n\n"
            "NOTE a closing note\n"
        )
    )

    assert captions.vtt == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"
    for dropped in ("STYLE", "javascript", "NOTE", "REGION", "region"):
        assert dropped not in captions.vtt


# --- SRT and encodings ----------------------------------------------------------

SRT = (
    "1\r\n"
    "00:00:01,000 --> 00:00:03,500\r\n"
    '{\\an8}<font color="#ffff00">Hello</font> <i>there</i>\r\n'
    "\r\n"
    "2\r\n"
    "00:00:04,000 --> 00:00:05,000 X1:100 X2:200 Y1:10 Y2:20\r\n"
    "{i}Second{/i} cue\r\n"
    "on two lines\r\n"
)


def test_srt_is_converted_to_webvtt():
    captions = clean_captions(upload(SRT, "captions.srt"))

    assert captions.source_format == "srt"
    assert captions.vtt == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.500\nHello <i>there</i>\n\n"
        "00:00:04.000 --> 00:00:05.000\n<i>Second</i> cue\non two lines\n"
    )
    assert [cue.text for cue in captions.cues] == [
        "Hello there",
        "Second cue\non two lines",
    ]


def test_srt_text_with_a_blank_line_stays_with_its_cue():
    captions = clean_captions(
        upload("1\n00:00:01,000 --> 00:00:02,000\nTop\n\nBottom\n", "a.srt")
    )

    assert [cue.text for cue in captions.cues] == ["Top\nBottom"]


def test_windows_1252_srt_is_decoded():
    srt = "1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé für 5 € – ö\r\n"
    captions = clean_captions(upload(srt.encode("cp1252"), "old.srt"))

    assert captions.cues[0].text == "Café für 5 € – ö"
    assert "Café für 5 € – ö" in captions.content.decode("utf-8")


def test_non_utf8_text_that_is_not_captions_is_refused_as_not_text():
    error = refused("Just some notes, café.".encode("cp1252"))

    assert error.code == "not_text"


def test_utf8_with_bom():
    data = codecs.BOM_UTF8 + "WEBVTT\n\n00:01.000 --> 00:02.000\nNaïve\n".encode()
    captions = clean_captions(upload(data))

    assert captions.vtt.startswith("WEBVTT\n")
    assert captions.cues[0].text == "Naïve"


def test_utf16_with_bom():
    data = "WEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nЗдравствуйте 你好\r\n".encode(
        "utf-16"
    )
    assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    captions = clean_captions(upload(data))

    assert captions.cues[0].text == "Здравствуйте 你好"


def test_utf16_big_endian_srt():
    data = codecs.BOM_UTF16_BE + SRT.encode("utf-16-be")

    assert clean_captions(upload(data, "a.srt")).source_format == "srt"


def test_a_plain_file_like_object_is_accepted():
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n"
    file = io.BytesIO(data)
    file.name, file.size = "captions.vtt", len(data)

    assert clean_captions(file).cues[0].text == "Hi"


# --- Sanitising cue text --------------------------------------------------------


def only_cue(text: str):
    captions = clean_captions(upload(f"WEBVTT\n\n00:01.000 --> 00:09.000\n{text}\n"))
    (cue,) = captions.cues
    assert cue_blocks(captions.vtt) == [f"00:00:01.000 --> 00:00:09.000\n{cue.markup}"]
    return cue


def test_script_tags_are_removed_and_their_text_kept():
    cue = only_cue("Hi <script>alert(1)</script> there")

    assert cue.markup == "Hi alert(1) there"
    assert cue.text == "Hi alert(1) there"


def test_img_with_onerror_is_removed():
    cue = only_cue('Look <img src=x onerror=alert(1)> <b onclick="x()">here</b>')

    assert cue.markup == "Look <b>here</b>"


def test_entities_that_spell_tags_are_removed():
    cue = only_cue("&lt;script&gt;alert(1)&lt;/script&gt; &lt;scr&lt;b&gt;ipt&gt;")

    assert "script" not in cue.markup
    assert cue.markup == "alert(1)"


def test_links_and_javascript_urls_are_removed():
    cue = only_cue('<a href="javascript:alert(1)">Click</a> me')

    assert cue.markup == "Click me"
    assert "javascript" not in cue.markup


def test_text_is_escaped():
    cue = only_cue("Tom &amp; Jerry & co: 1 &lt; 2, x > y, <3 --> end")

    assert cue.markup == (
        "Tom &amp; Jerry &amp; co: 1 &lt; 2, x &gt; y, &lt;3 --&gt; end"
    )
    assert cue.text == "Tom & Jerry & co: 1 < 2, x > y, <3 --> end"


def test_voice_with_a_tag_in_the_speaker_name():
    # As WebVTT reads it: the speaker is "Roger <b", the text "Bingham>".
    cue = only_cue("<v Roger <b>Bingham>We are in New York City")

    assert cue.markup == "<v Roger &lt;b>Bingham&gt;We are in New York City</v>"
    assert "<b>" not in cue.markup
    assert cue.voice == "Roger <b"


def test_voice_speaker_is_kept_and_escaped():
    cue = only_cue("<v.loud Roger &amp; Bingham>Hello</v>")

    assert cue.markup == "<v.loud Roger &amp; Bingham>Hello</v>"
    assert cue.voice == "Roger & Bingham"
    assert cue.text == "Hello"


def test_allowed_markup_is_kept_and_tidied():
    cue = only_cue(
        "<c.yellow.Bad_Class.bg-1>colour</c> <lang EN-gb>colour</lang> "
        "<lang nonsense!>x</lang> <00:00:02.000>karaoke <00:00:20.000>late "
        "<B>bold <i>open"
    )

    assert cue.markup == (
        "<c.yellow.bg-1>colour</c> <lang en-GB>colour</lang> x "
        "<00:00:02.000>karaoke late <b>bold <i>open</i></b>"
    )


def test_a_line_left_empty_by_removed_markup_does_not_end_the_cue():
    cue = only_cue("First\n<script></script>\nThird")

    assert cue.markup == "First\nThird"


def test_a_cue_left_without_text_is_dropped():
    captions = clean_captions(
        upload(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<img src=x>\n\n"
            "00:03.000 --> 00:04.000\nKept\n"
        )
    )

    assert [cue.text for cue in captions.cues] == ["Kept"]


# --- Refusals -------------------------------------------------------------------


def test_end_before_start_is_refused_naming_the_line():
    error = refused(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nFine\n\nbad\n00:05.000 --> 00:03.000\nNo\n"
    )

    assert error.code == "bad_timing"
    assert "line 7" in error.message


def test_end_equal_to_start_is_refused():
    error = refused("1\n00:00:05,000 --> 00:00:05,000\nNo\n", "a.srt")

    assert error.code == "bad_timing"
    assert "line 2" in error.message


@pytest.mark.parametrize(
    "timing",
    [
        "00:01,000 --> 00:02.000",
        "00:01.000 --> 00:61.000",
        "1:02.000 --> 1:03.000",
        "00:01.000 -->",
        "00:00:01.00 --> 00:00:02.000",
    ],
)
def test_malformed_webvtt_timestamps_are_refused(timing):
    error = refused(f"WEBVTT\n\nNOTE hi\n\n{timing}\nText\n")

    assert error.code == "bad_timing"
    assert "line 5" in error.message


def test_malformed_srt_timestamp_is_refused():
    error = refused(SRT.replace("00:00:05,000", "00:00:5,000"), "a.srt")

    assert error.code == "bad_timing"
    assert "line 6" in error.message


@pytest.mark.parametrize(
    "data",
    [
        "Dear diary, today we shot the chase scene.",
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "WEBVTT\n\nNOTE only a note\n",
        "WEBVTTX\n\n00:01.000 --> 00:02.000\nNot a header\n",
        "00:00:01.000 --> 00:00:02.000\nWebVTT without its header\n",
    ],
)
def test_text_that_is_not_captions_is_refused(data):
    assert refused(data).code == "not_captions"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"WEBVTT\n\n00:01.000 --> 00:02.000\nnul \x00 byte\n",
        b"W\x00E\x00B\x00V\x00T\x00T\x00",  # UTF-16 without its byte order mark
    ],
)
def test_binary_files_are_refused_as_not_text(data):
    assert refused(data).code == "not_text"


@pytest.mark.parametrize("data", [b"", b"  \r\n\n", codecs.BOM_UTF8])
def test_empty_file_is_refused(data):
    assert refused(data).code == "empty_file"


def test_too_large_file_is_refused(settings):
    settings.CAPTION_MAX_BYTES = 100
    data = "WEBVTT\n\n" + "00:01.000 --> 00:02.000\nToo long a caption\n\n" * 5

    error = refused(data)

    assert error.code == "file_too_large"
    assert "100" in error.message


def test_too_large_file_without_a_size_is_refused(settings):
    settings.CAPTION_MAX_BYTES = 100

    with pytest.raises(ValidationError) as excinfo:
        clean_captions(io.BytesIO(b"WEBVTT\n\n" + b"x" * 200))

    assert excinfo.value.code == "file_too_large"


def test_too_many_cues_are_refused(settings):
    settings.CAPTION_MAX_CUES = 3
    cues = "".join(f"00:0{i}.000 --> 00:0{i}.500\nCue {i}\n\n" for i in range(4))

    assert refused("WEBVTT\n\n" + cues).code == "too_many_cues"
    settings.CAPTION_MAX_CUES = 4
    assert len(clean_captions(upload("WEBVTT\n\n" + cues)).cues) == 4


# --- Transcript -----------------------------------------------------------------


def test_transcript_merges_repeated_lines_and_breaks_paragraphs_at_pauses():
    captions = clean_captions(
        upload(
            "WEBVTT\n\n"
            "00:01.000 --> 00:02.000\nWe built the set\n\n"
            "00:02.000 --> 00:03.000\nWe built the set\nin three weeks.\n\n"
            "00:03.000 --> 00:04.000\nin three weeks.\n\n"
            "00:04.000 --> 00:05.000\nin three weeks.\nThen it rained.\n\n"
            "00:09.000 --> 00:10.000\n<i>[thunder]</i>\n\n"
            "00:10.000 --> 00:11.000\n- Cut!\n- Again?\n"
        )
    )

    assert captions.transcript == (
        "We built the set in three weeks. Then it rained.\n\n"
        "[thunder]\n\n"
        "- Cut!\n\n"
        "- Again?"
    )


def test_transcript_names_speakers_when_they_change():
    captions = clean_captions(
        upload(
            "WEBVTT\n\n"
            "00:01.000 --> 00:02.000\n<v Ana>Ready?\n\n"
            "00:02.000 --> 00:03.000\n<v Ana>Go.\n\n"
            "00:03.000 --> 00:04.000\n<v Ben>Rolling.\n"
        )
    )

    assert captions.transcript == "Ana: Ready? Go.\n\nBen: Rolling."


# --- Languages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "normal"),
    [
        ("en", "en"),
        ("EN-gb", "en-GB"),
        ("fi", "fi"),
        ("pt-br", "pt-BR"),
        ("zh-hant", "zh-Hant"),
        ("SR-latn-rs", "sr-Latn-RS"),
        ("es-419", "es-419"),
        ("de-DE-1996", "de-DE-1996"),
        ("sl-ROZAJ", "sl-rozaj"),
        (" en_GB ", "en-GB"),
        ("yue", "yue"),
    ],
)
def test_good_language_tags_are_normalised(tag, normal):
    assert validate_language(tag) == normal


@pytest.mark.parametrize(
    "tag",
    [
        "",
        "e",
        "english",
        "en-",
        "en--GB",
        "en-GBR",
        "123",
        "en GB",
        "en-GB-<script>",
        "x-klingon",
        "en-" + "-".join(["abcde"] * 6),
    ],
)
def test_bad_language_tags_are_refused(tag):
    with pytest.raises(ValidationError) as excinfo:
        validate_language(tag)

    assert excinfo.value.code == "bad_language"
    assert "BCP 47" in excinfo.value.message


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("en", "English"),
        ("en-GB", "English (United Kingdom)"),
        ("pt-br", "Portuguese (Brazil)"),
        ("zh-Hant", "Chinese (Traditional)"),
        ("sr-Latn-RS", "Serbian (Latin, Serbia)"),
        ("es-419", "Spanish (Latin America)"),
        ("fi-XK", "Finnish (XK)"),
        ("af", "Afrikaans"),
        ("tlh", "tlh"),
        ("not a tag", "not a tag"),
    ],
)
def test_language_labels(tag, label):
    assert language_label(tag) == label
