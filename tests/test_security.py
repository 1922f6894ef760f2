"""Production hardening: deploy checks, CSP, safe media serving, login throttling,
upload quotas."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from productions.models import Role
from tests.conftest import image_bytes
from tests.factories import CreditFactory, PostFactory, ProductionFactory

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_SETTINGS_MODULE": "bts_catalog.settings.prod",
        "SECRET_KEY": "k7#Qz9!vR2@xL5$wN8^pT3&mB6*hJ1(cF4)gD0_sA-yU+eI=oK~",
        "ALLOWED_HOSTS": "bts.example.com",
        "BTS_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(rb"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/productions/",
        "/posts/",
        "/crafts/",
        "/search/?q=x",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/docs/",
        "/api/redoc/",
        "/admin/login/",
    ],
)
def test_pages_carry_a_strict_csp_and_no_inline_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    # Only the API docs' widgets may inject style elements.
    if not url.startswith("/api/"):
        assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert not INLINE_SCRIPT.search(response.content), url
    assert not EVENT_HANDLER.search(response.content), url
    assert b"fonts.googleapis.com" not in response.content


@pytest.mark.django_db
def test_admin_pages_have_no_inline_script(client, curator):
    post = PostFactory()
    client.force_login(curator)
    for url in [
        "/admin/",
        reverse("admin:media_assets_post_changelist"),
        reverse("admin:media_assets_post_change", args=[post.pk]),
        reverse("admin:productions_production_add"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert not INLINE_SCRIPT.search(response.content), url


@pytest.mark.django_db
def test_uploaded_files_are_served_so_they_cannot_run(client, media_root):
    (media_root / "bts").mkdir()
    (media_root / "bts" / "evil.html").write_text("<script>alert(1)</script>")
    (media_root / "bts" / "still.jpg").write_bytes(image_bytes())
    evil = client.get("/media/bts/evil.html")
    assert evil["Content-Type"] == "application/octet-stream"
    assert evil["Content-Disposition"] == "attachment"
    assert evil["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in evil["Content-Security-Policy"]
    still = client.get("/media/bts/still.jpg")
    assert still["Content-Type"] == "image/jpeg"
    assert still["Content-Disposition"].startswith("inline")
    assert still["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_repeated_failed_sign_ins_are_locked_out(client, crew_person):
    username = crew_person.user.username
    for _ in range(5):
        response = client.post(
            reverse("login"), {"username": username, "password": "wrong"}
        )
    response = client.post(reverse("login"), {"username": username, "password": "pw"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    other = crew_person.user.__class__.objects.create_user("other", password="pw2")
    response = client.post(
        reverse("login"), {"username": other.username, "password": "pw2"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_daily_upload_quota_applies_to_crew(settings, crew_person):
    settings.UPLOAD_DAILY_QUOTA = 2
    production = ProductionFactory()
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    post = PostFactory(production=production, pending=True, author=crew_person.user)
    api = APIClient()
    api.force_authenticate(crew_person.user)
    codes = []
    for index in range(3):
        response = api.post(
            f"/api/v1/posts/{post.slug}/media/",
            {
                "file": SimpleUploadedFile(
                    "a.jpg", image_bytes(color=(index * 90, 10, 10))
                ),
                "alt_text": "A still",
            },
            format="multipart",
        )
        codes.append(response.status_code)
    assert codes == [201, 201, 400]
    assert "images a day" in str(response.json())


@pytest.mark.django_db
def test_curators_have_no_upload_quota(settings, curator):
    settings.UPLOAD_DAILY_QUOTA = 0
    post = PostFactory(pending=True, author=curator)
    api = APIClient()
    api.force_authenticate(curator)
    response = api.post(
        f"/api/v1/posts/{post.slug}/media/",
        {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": "A still"},
        format="multipart",
    )
    assert response.status_code == 201
