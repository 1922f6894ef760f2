"""The schema as an integrator uses it: a Python client generated from it by a
common OpenAPI generator (openapi-python-client) has every operation, with no
warning, and imports."""

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

METHODS = {"get", "put", "post", "delete", "patch"}


def test_a_generated_python_client_has_every_operation(client, tmp_path, monkeypatch):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    spec = json.loads(schema.content)
    operations = {
        operation["operationId"]
        for path in spec["paths"].values()
        for method, operation in path.items()
        if method in METHODS
    }
    (tmp_path / "schema.json").write_bytes(schema.content)

    bin_dir = Path(sys.executable).parent
    generated = subprocess.run(  # noqa: S603 - our own tool on our own file
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / "bts_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # Its post-generation step formats the code with ruff, installed beside it.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    output = generated.stdout + generated.stderr
    assert generated.returncode == 0, output
    assert "Warning" not in output, output

    monkeypatch.syspath_prepend(str(tmp_path))
    package = importlib.import_module("bts_client.api")
    modules = [
        importlib.import_module(module.name)
        for module in pkgutil.walk_packages(package.__path__, "bts_client.api.")
    ]
    callable_operations = [m for m in modules if hasattr(m, "sync_detailed")]
    assert len(callable_operations) == len(operations) > 100
