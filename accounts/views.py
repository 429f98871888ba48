"""The site's one door for everyone with an account: sign in, sign out, a forgotten password.

Django's own views do the work (safe `next`, tokens in reset links, session rotation); these
classes only choose our Czech templates and where a person lands.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import forms, lockout
from .landing import landing_url


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = forms.SignInForm
    # A signed-in person may need another account (a juror sent to a staff page): show the form,
    # never bounce them on, which would loop between the page and the sign-in.
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request):
    """POST signs out; GET (a link followed, a prefetching browser) only asks, and changes nothing."""
    if request.method == "POST":
        logout(request)
        messages.success(request, _("You are signed out. Thank you."))
        return redirect("accounts:sign_in")
    return render(request, "accounts/sign_out.html")


class PasswordResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = forms.PasswordResetRequestForm
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")

    @property
    def extra_email_context(self):
        # Links in e-mails use the configured public address, never the Host the request came with.
        return {"site_url": settings.SITE_URL, "department_name": settings.SPOLU_DEPARTMENT_NAME}


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class NewPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.forgive_account(form.user)
        return response


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
