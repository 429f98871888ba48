from django.conf import settings


def department(request):
    return {"department_name": settings.SPOLU_DEPARTMENT_NAME}
