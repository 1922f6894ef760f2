from django.urls import path

from . import views

app_name = "productions"

urlpatterns = [
    path("", views.home, name="home"),
    path("productions/", views.production_list, name="production-list"),
    path("productions/<slug:slug>/", views.production_detail, name="production-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("crafts/", views.craft_list, name="craft-list"),
    path("crafts/<slug:slug>/", views.craft_detail, name="craft-detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("search/", views.search, name="search"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/claim/", views.claim, name="claim"),
]
