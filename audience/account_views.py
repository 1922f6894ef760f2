"""Pages of a user's own account: what the site holds about them, its download,
and the deletion of the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .account import (
    STAFF_REFUSAL,
    account_can_be_deleted,
    account_counts,
    account_delete,
    account_export,
)
from .account_forms import AccountDeleteForm


def _account_page(
    request: HttpRequest, form: AccountDeleteForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "audience/account.html",
        {
            "form": form,
            "counts": account_counts(user=request.user),
            "can_delete": account_can_be_deleted(request.user),
            "staff_refusal": STAFF_REFUSAL,
        },
        status=status,
    )


@require_GET
@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request, AccountDeleteForm(user=request.user))


@require_GET
@login_required
def account_export_json(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in user, as a JSON file to keep."""
    data = account_export(user=request.user, absolute=request.build_absolute_uri)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"bts-catalog-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # It is the user's own data: no shared cache and no browser cache keep it.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@never_cache
@login_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not account_can_be_deleted(user):
        messages.error(request, STAFF_REFUSAL)
        return redirect("audience:account")
    form = AccountDeleteForm(request.POST, user=user)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    # Signed out and deleted together: if the deletion fails, the user is still
    # signed in and nothing is gone.
    with transaction.atomic():
        logout(request)
        account_delete(user=user, posts=form.cleaned_data["posts"])
    messages.success(request, "Your account has been deleted.")
    return redirect("showcase:home")
