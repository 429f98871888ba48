"""The site plus the yardsticks of the HTTP benchmarks: one INSERT, and a tiny answer behind the API's sign-in."""

import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from bench._urls import urlpatterns as bench_urlpatterns

INSERT_PATH = "/bench/insert/"
INSERT_TABLE = "bench_insert"
SIGNED_IN_PATH = "/bench/signed-in/"


@csrf_exempt
@require_POST
def one_insert(request):
    """Reads a JSON body like a registration's and writes one row (autocommit): the least a write can cost."""
    payload = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {INSERT_TABLE} (note) VALUES (%s)", [str(payload.get("name", ""))[:200]])
    return JsonResponse({"ok": True}, status=201)


@api_view(["POST"])
@permission_classes([IsAuthenticated])
def signed_in(request):
    """Signs in as the API does (token or session), reads the JSON body, answers a tiny JSON; no other query."""
    return Response({"status": "ok", "fields": len(request.data)})


def create_insert_table():
    """Outside the app's models on purpose: the table exists only in the bench database, for this view."""
    if connection.vendor == "postgresql":
        sql = f"CREATE TABLE {INSERT_TABLE} (id bigserial PRIMARY KEY, note varchar(200) NOT NULL)"
    else:
        sql = f"CREATE TABLE {INSERT_TABLE} (id integer PRIMARY KEY AUTOINCREMENT, note varchar(200) NOT NULL)"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INSERT_TABLE}")
        cursor.execute(sql)


def drop_insert_table():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {INSERT_TABLE}")


urlpatterns = [
    path(INSERT_PATH.strip("/") + "/", one_insert),
    path(SIGNED_IN_PATH.strip("/") + "/", signed_in),
    *bench_urlpatterns,
]
