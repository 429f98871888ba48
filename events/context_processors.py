import re

from django.conf import settings

from .office_hours import hours_text


def department_contact():
    """Who to call or write to, from the SPOLU_DEPARTMENT_* settings: one source for every page and print."""
    phone = settings.SPOLU_DEPARTMENT_PHONE
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+") or phone.strip().startswith("00"):
        tel = "+" + digits.removeprefix("00")
    else:
        tel = ("+420" + digits) if len(digits) == 9 else digits
    return {
        "name": settings.SPOLU_DEPARTMENT_NAME, "address": settings.SPOLU_DEPARTMENT_ADDRESS, "phone": phone,
        "phone_href": f"tel:{tel}" if digits else "", "email": settings.SPOLU_DEPARTMENT_EMAIL,
        "hours": hours_text(settings.SPOLU_DEPARTMENT_HOURS),
    }


def department(request):
    return {"department_name": settings.SPOLU_DEPARTMENT_NAME, "department": department_contact()}
