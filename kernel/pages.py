"""What every signed-in page of the office shares: who may open it, and that no cache keeps it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.cache import never_cache


def signed_in_page(view):
    """Signed in (else the sign-in page), and never kept in a shared cache: the pages hold people's contacts.

    Which rows the user may see is the view's permission-checked getter's to decide.
    """
    return login_required(never_cache(view))


def page_for(may_open):
    """A signed-in page only users for whom `may_open(user)` holds see; to anyone else it does not exist (404)."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not may_open(request.user):
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return signed_in_page(checked)

    return decorate
