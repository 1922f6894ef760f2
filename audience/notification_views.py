"""Pages of a signed-in user's notifications: the list, marking them read,
opening one, and how they hear of each kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from bts_catalog.paging import paginate, query_without_page

from . import selectors
from .forms import NotificationPreferencesForm
from .notifications import notifications_mark_read

NOTIFICATIONS_PAGE_SIZE = 30


def _local(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Back to the page of the list the button was on (a local address only)."""
    to = request.POST.get("next", "")
    if not _local(request, to):
        to = reverse("audience:notifications")
    return redirect(to)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request, selectors.notifications_of(request.user), NOTIFICATIONS_PAGE_SIZE
    )
    return render(
        request,
        "audience/notification_list.html",
        {
            "page": page,
            "notifications": page.object_list,
            "page_query": query_without_page(request),
            "unread_count": selectors.unread_notifications_count(request.user),
        },
    )


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    changed = notifications_mark_read(user=request.user)
    if changed:
        messages.success(request, "All your notifications are marked read.")
    else:
        messages.info(request, "You had no unread notifications.")
    return _back_to_list(request)


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    messages.success(request, f"Marked read: {notification.message}")
    return _back_to_list(request)


@require_http_methods(["GET", "POST"])
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points, if that is on this
    site; an address elsewhere is not followed."""
    notification = get_object_or_404(selectors.notifications_of(request.user), pk=pk)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if _local(request, notification.url):
        return redirect(notification.url)
    if notification.url:
        messages.error(
            request, "That notification points away from this site: not followed."
        )
    return redirect("audience:notifications")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = NotificationPreferencesForm(data, user=request.user)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, "Your notification settings are saved.")
        return redirect("audience:notification-settings")
    return render(
        request,
        "audience/notification_settings.html",
        {
            "form": form,
            "email": request.user.email,
            "email_verified": selectors.email_verified(request.user),
        },
    )
