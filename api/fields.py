"""What the app modules' serializers and viewsets share: Prague times, absolute links, inline enums, ids in paths."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.recurrence import PRAGUE


class AnyIdInPath:
    """Any id reaches the view, so a malformed one ("0.5") gets the API's JSON 404, not an HTML page."""

    lookup_value_regex = "[^/]+"


class PragueDateTimeField(serializers.DateTimeField):
    """ISO 8601 in Prague local time with its offset: 18:00 stays 18:00 in summer and winter."""

    def __init__(self, **kwargs):
        kwargs.setdefault("default_timezone", PRAGUE)
        super().__init__(**kwargs)


def absolute_url(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


def inline_enum(values, description=""):
    """A read-only string field with a fixed set of values, kept inline in the schema.

    As shared components, "StatusEnum" and "KindEnum" of a drive, a date, a series and a
    registration would collide and get hashed names.
    """

    @extend_schema_field({"allOf": [{"type": "string", "enum": list(values)}], **(
        {"description": str(description)} if description else {})})
    class EnumField(serializers.CharField):
        def __init__(self, **kwargs):
            super().__init__(read_only=True, **kwargs)

    return EnumField
