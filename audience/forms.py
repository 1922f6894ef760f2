"""Forms of the audience pages."""

from django import forms

from .models import Frequency, NotificationKind
from .notifications import preferences_of, preferences_set


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification: off, in the site only, or also by
    email at once or in a daily or weekly digest."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        current = preferences_of(user)
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current[kind].value,
                widget=forms.RadioSelect,
            )

    def save(self) -> dict[NotificationKind, Frequency]:
        return preferences_set(user=self.user, choices=self.cleaned_data)
