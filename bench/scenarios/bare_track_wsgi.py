"""The baseline for tracking under load: the same reads as `GET /api/v1/track/{code}`, bare.

A plain WSGI callable with no framework: psycopg with one connection per worker process,
the three indexed reads the real view does (the request by code with its service, step and
offices; its action events; its steps' offices), and a JSON answer of the same shape. Served
by the same gunicorn with the same workers, the gap between it and the real app is what
Django, Ninja and the view's own work cost.

    DATABASE_URL=postgres://... gunicorn bench.scenarios.bare_track_wsgi:application
"""

import json
import os

import psycopg

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PREFIX = "/api/v1/track/"

REQUEST_SQL = """
SELECT r.id, r.code, r.status, r.due_date, s.code, s.name, st.name, co.name, oo.name
FROM cases_servicerequest r
JOIN catalog_service s ON s.id = r.service_id
LEFT JOIN cases_requeststep st ON st.id = r.current_step_id
LEFT JOIN offices_office co ON co.id = r.current_office_id
JOIN offices_office oo ON oo.id = r.origin_office_id
WHERE r.code = %s AND r.status <> 'draft'
"""
EVENTS_SQL = """
SELECT e.at, e.action, e.step_position, o.name
FROM cases_requestevent e LEFT JOIN offices_office o ON o.id = e.office_id
WHERE e.request_id = %s AND e.kind = 'action' ORDER BY e.at, e.id
"""
STEPS_SQL = """
SELECT st.position, o.name FROM cases_requeststep st JOIN offices_office o ON o.id = st.office_id
WHERE st.request_id = %s
"""

_connection = None  # one per worker process, opened on its first request (after the fork)


def connection():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _connection


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/health/":
        return answer(start_response, "200 OK", {"status": "ok"})
    if not path.startswith(PREFIX):
        return answer(start_response, "404 Not Found", {"detail": "not found"})
    code = path[len(PREFIX) :].strip("/").upper().replace("-", "").replace(" ", "")
    if len(code) < 2 or any(ch not in ALPHABET for ch in code):
        return answer(start_response, "404 Not Found", {"detail": "bad code"})
    with connection().cursor() as cursor:
        cursor.execute(REQUEST_SQL, (code,))
        found = cursor.fetchone()
        if found is None:
            return answer(start_response, "404 Not Found", {"detail": "no such request"})
        request_id = found[0]
        cursor.execute(EVENTS_SQL, (request_id,))
        events = cursor.fetchall()
        cursor.execute(STEPS_SQL, (request_id,))
        steps = dict(cursor.fetchall())
    body = {
        "code": found[1],
        "code_display": "-".join(found[1][i : i + 4] for i in range(0, len(found[1]), 4)),
        "service": {"code": found[4], "name": found[5]},
        "status": found[2],
        "current_step": found[6],
        "current_office": found[7],
        "due_date": found[3].isoformat() if found[3] else None,
        "timeline": [
            {"at": at.isoformat(), "text": f"{action}: {office or steps.get(position, '')}"}
            for at, action, position, office in events
        ],
    }
    return answer(start_response, "200 OK", body)


def answer(start_response, status: str, body: dict):
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
