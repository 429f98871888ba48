from django.utils.functional import SimpleLazyObject

from awards.roles import is_juror


def account(request):
    """What the header needs to know about a signed-in person; asked only when a page shows it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def judges():
        return is_juror(user)

    return {"account_is_juror": SimpleLazyObject(judges)}
