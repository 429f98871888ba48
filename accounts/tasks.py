"""django-q2 jobs of the sign-in: the password-reset e-mail, sent outside the request."""

from django.core.mail import EmailMessage


def send_password_reset_email(subject, body, to_email):
    EmailMessage(subject=subject, body=body, to=[to_email]).send()
    return "sent"
