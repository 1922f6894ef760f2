"""Request parsers for the API."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a document nested too deeply to decode is a 400.

    Python's decoder gives up past about a thousand levels with a RecursionError,
    which DRF does not catch (a few kilobytes of ``[`` made a 500).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
