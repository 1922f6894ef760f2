"""The default SQLite database takes concurrent writers and readers without
answering "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 3
WRITES_PER_WRITER = 40
READERS = 6
READS_PER_READER = 40

# Run in a fresh process: the suite's own database is in memory, and the locking
# that fails under load exists only for a database file.
SCRIPT = f"""
import json, threading
import django
django.setup()
from django.db import connection, transaction
from productions.models import Person

errors = []
start = threading.Barrier({WRITERS + READERS})

def writer(number):
    start.wait()
    for row in range({WRITES_PER_WRITER}):
        try:
            # Read, then write in the same transaction: with a deferred BEGIN the
            # write lock is asked for only at the INSERT, too late to wait for it.
            with transaction.atomic():
                Person.objects.filter(name__startswith=f"writer {{number}} ").count()
                Person.objects.create(name=f"writer {{number}} row {{row}}")
        except Exception as error:
            errors.append(f"writer {{number}} row {{row}}: {{error!r}}")
    connection.close()

def reader(number):
    start.wait()
    for read in range({READS_PER_READER}):
        try:
            list(Person.objects.order_by("-id")[:20])
            Person.objects.count()
        except Exception as error:
            errors.append(f"reader {{number}} read {{read}}: {{error!r}}")
    connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range({WRITERS})]
threads += [threading.Thread(target=reader, args=(n,)) for n in range({READERS})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
print(json.dumps({{
    "journal_mode": journal_mode,
    "errors": errors,
    "rows": Person.objects.count(),
}}))
"""


def run(args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_concurrent_writers_and_readers_on_a_database_file(tmp_path):
    # Only what is set here decides the database: no inherited URL, replica,
    # timeout or cache server.
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "DATABASE_REPLICA_URL",
            "DATABASE_CONN_MAX_AGE",
            "SQLITE_BUSY_TIMEOUT",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "REDIS_URL",
            "CELERY_BROKER_URL",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bts_catalog.settings.base",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        BTS_VAR_DIR=str(tmp_path / "var"),
    )
    migrated = run(["manage.py", "migrate", "--noinput", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr

    result = run(["-c", SCRIPT], env)
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["rows"] == WRITERS * WRITES_PER_WRITER
    assert outcome["journal_mode"] == "wal"
