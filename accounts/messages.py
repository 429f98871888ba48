"""What the outbox sends about accounts: the password-reset e-mail, built when it is sent.

Built from the user's id at sending time (messaging.outbox), so no address or link waits in a
task's arguments, and the link is made from the password as it is then.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def password_reset(user_id):
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return None
    context = {
        "user": user, "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
    }
    with translation.override("cs"):
        subject = "".join(loader.render_to_string("accounts/email/password_reset_subject.txt", context).splitlines())
        body = loader.render_to_string("accounts/email/password_reset.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])
