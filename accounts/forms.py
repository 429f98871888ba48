"""The sign-in and password forms in plain Czech, with what browsers and password managers need."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from messaging import outbox


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), max_length=150, strip=True,
        widget=forms.TextInput(attrs={
            "autofocus": True, "autocomplete": "username", "autocapitalize": "none", "spellcheck": "false",
        }),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The user name or the password is not right. Check both and try again; capital and small "
            "letters count."
        ),
        "inactive": _("This account is switched off. Please call the department."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Please fill in your user name.")
        self.fields["password"].error_messages["required"] = _("Please fill in your password.")


class PasswordResetRequestForm(PasswordResetForm):
    """Asks for the e-mail; the e-mail is sent by the worker, so a slow or failing mail server never
    shows on the page, and the answer takes as long whether or not such an account exists."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        help_text=_("The e-mail address the department has for your account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"required": _("Please fill in your e-mail."),
                        "invalid": _("This does not look like an e-mail address. Check it, please.")},
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        # Recorded in the outbox and built by the worker from the user's id: the page answers the
        # same whatever the mail server does, and no address waits in a task's arguments.
        outbox.queue("accounts.messages.password_reset", context["user"].pk)


class NewPasswordForm(SetPasswordForm):
    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("The new password again")
        for name in ("new_password1", "new_password2"):
            self.fields[name].widget.attrs.update({"autocomplete": "new-password"})
            self.fields[name].error_messages["required"] = _("Please fill in the new password.")
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.fields["new_password1"].help_text = _(
            "At least 8 characters; not only digits, not a common word and not like your name."
        )
        self.fields["new_password2"].help_text = _("Type the same password once more, to be sure.")
