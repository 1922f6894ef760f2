"""Pages reached from emails: one-click unsubscribe (RFC 8058, no sign-in) and
confirming an email address. Each holds a secret in its address, so none is
cached or sends its address on as a referrer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import emails


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _link_invalid(request: HttpRequest, error: ValidationError, title: str):
    return _private(
        render(
            request,
            "audience/email_link_invalid.html",
            {"title": title, "reasons": error.messages},
            status=400,
        )
    )


# Mail clients send the one-click POST themselves, with no cookie or CSRF token:
# the signed token in the address is what authorises it.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link scanner must not unsubscribe anyone); POST,
    from the page's button or a mail client's one-click, unsubscribes."""
    try:
        if request.method == "POST":
            user, kinds = emails.unsubscribe(token=token)
        else:
            user, kinds = emails.unsubscribe_read(token=token)
    except ValidationError as error:
        return _link_invalid(request, error, "This unsubscribe link does not work")
    return _private(
        render(
            request,
            "audience/unsubscribe.html",
            {
                "done": request.method == "POST",
                "kinds": [kind.label for kind in kinds],
                "address": user.email,
            },
        )
    )


@require_POST
@login_required
def email_verification_send(request: HttpRequest) -> HttpResponse:
    try:
        emails.email_verification_send(user=request.user, request_or_base_url=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"We sent a confirmation link to {request.user.email}: open it within "
            "3 days to get notification emails.",
        )
    to = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        to = reverse("audience:notification-settings")
    return redirect(to)


@never_cache
def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = emails.email_verify(token=token)
    except ValidationError as error:
        return _link_invalid(request, error, "This confirmation link does not work")
    return _private(
        render(request, "audience/email_verified.html", {"address": user.email})
    )
