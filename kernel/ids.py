"""Row ids as people and other systems send them: in addresses, forms and JSON."""

# The largest bigint. An id beyond it is no row, and must not reach the database as a number
# (PostgreSQL refuses it, SQLite overflows).
MAX_ID = 2**63 - 1


def as_id(value):
    """The id `value` names, or None when it cannot name a row: not plain ASCII digits, 0, or beyond MAX_ID.

    Plain digits only: int() would also read "+5", "5_0" and other scripts' digits ("٥") as numbers.
    """
    text = "" if value is None else str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None
