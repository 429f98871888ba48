#!/bin/sh
# Serve the site with a django-q2 worker beside it. Ctrl-C stops both; the worker gets a few
# seconds to finish, then is killed (it can hang on SIGTERM at shutdown).
PY=${PY:-.venv/bin/python}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Links in pages, feeds and e-mails (the worker sends those) point where this serves, unless set.
SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export SITE_URL

$PY manage.py qcluster &
worker=$!

stop_worker() {
    trap - INT TERM EXIT
    kill -TERM "$worker" 2>/dev/null
    for _ in 1 2 3 4 5; do
        kill -0 "$worker" 2>/dev/null || exit 0
        sleep 1
    done
    kill -KILL "$worker" 2>/dev/null
    pkill -KILL -P "$worker" 2>/dev/null
    exit 0
}
trap stop_worker INT TERM EXIT

echo "Spolu: http://$HOST:$PORT/  (Ctrl-C stops the site and the worker)"
$PY manage.py runserver --noreload "$HOST:$PORT"
