"""The project's URLs plus `POST /bench/bare`: one INSERT of the request's text into
`bench_bare`, a table with the complaint table's columns, types and indexes (created by
api_throughput.py). It is the yardstick of the framework's own cost: no authentication, no
validation beyond reading the JSON body, no audit, one statement in autocommit."""

import json
import uuid

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from utilicase.config.urls import urlpatterns as project_urlpatterns

_insert: tuple[str, list[tuple[str, int | None]]] | None = None


def _statement() -> tuple[str, list[tuple[str, int | None]]]:
    """INSERT with a value for every column but the id: (sql, [(type, max length)])."""
    global _insert
    if _insert is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns "
                "WHERE table_name = 'bench_bare' AND column_name <> 'id' ORDER BY ordinal_position")
            columns = cursor.fetchall()
        sql = (f"INSERT INTO bench_bare ({', '.join(c[0] for c in columns)}) "
               f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING id")
        _insert = sql, [(c[1], c[2]) for c in columns]
    return _insert


@csrf_exempt
def bare(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    body = json.loads(request.body)
    text = str(body.get("content", ""))
    sql, types = _statement()
    now = timezone.now()
    values = []
    for data_type, length in types:
        if data_type == "character varying":
            values.append(uuid.uuid4().hex[:length])
        elif data_type == "text":
            values.append(text)
        elif data_type.startswith("timestamp"):
            values.append(now)
        elif data_type == "boolean":
            values.append(False)
        else:
            values.append(1)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        (row_id,) = cursor.fetchone()
    return JsonResponse({"id": row_id}, status=201)


urlpatterns = [path("bench/bare", bare), *project_urlpatterns]
