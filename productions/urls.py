from django.urls import path

from . import views

app_name = "productions"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/claim/", views.claim, name="claim"),
]
