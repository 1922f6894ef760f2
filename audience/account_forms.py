"""The form that confirms the deletion of one's own account."""

from django import forms

from .account import AuthoredPosts


class AccountDeleteForm(forms.Form):
    """The user types their username and says what becomes of their posts."""

    posts = forms.ChoiceField(
        label="Your published posts and answers",
        choices=AuthoredPosts.choices,
        widget=forms.RadioSelect,
        help_text="Unpublished drafts and pending posts are deleted either way.",
    )
    confirm = forms.CharField(
        label="Type your username to confirm",
        max_length=150,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self) -> str:
        confirm = self.cleaned_data["confirm"]
        if confirm != self.user.get_username():
            raise forms.ValidationError(
                "That is not your username: nothing was deleted."
            )
        return confirm
