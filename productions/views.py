"""Crew accounts in the catalogue: signing up and claiming a credited person."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import services
from .forms import PersonClaimForm, SignupForm
from .models import Person
from .signals import account_created


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("productions:claim")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        account_created.send(sender=type(user), user=user, request=request)
        messages.success(
            request,
            "Welcome! If you work in film, TV, theater or games, find yourself below "
            "to post about your productions.",
        )
        return redirect("productions:claim")
    return render(
        request,
        "registration/signup.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def claim(request: HttpRequest) -> HttpResponse:
    """Find yourself in the catalogue and ask a curator to link your account."""
    person = getattr(request.user, "person", None)
    claims = request.user.person_claims.select_related("person").order_by("-created_at")
    form = PersonClaimForm(request.POST or None)
    if request.method == "POST" and person is None and form.is_valid():
        try:
            services.person_claim_submit(
                user=request.user,
                person=form.cleaned_data["person"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Thanks — a curator will check that you are "
                f"{form.cleaned_data['person'].name} and link your account.",
            )
            return redirect("productions:claim")
    query = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    candidates = (
        Person.objects.filter(user__isnull=True).search(query).with_counts()[:20]
        if query and person is None
        else []
    )
    return render(
        request,
        "registration/claim.html",
        {
            "person": person,
            "claims": claims,
            "form": form,
            "query": query,
            "candidates": candidates,
        },
        status=400 if request.method == "POST" else 200,
    )
