"""Forms of the public side of the catalogue: signing up and claiming a person."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from .models import Person


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="For resetting your password; never shown to anyone."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists; sign in or reset your "
                "password."
            )
        return email


class PersonClaimForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(user__isnull=True),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "This person cannot be claimed (they may already be "
            "linked to an account)."
        },
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        label="How can a curator tell it is you?",
        help_text="Your role on a production, a link to your portfolio or a "
        "colleague who can vouch for you.",
    )
