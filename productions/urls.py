from django.urls import path

from . import views

app_name = "productions"

urlpatterns = [
    path("", views.home, name="home"),
    path("productions/<slug:slug>/", views.production_detail, name="production-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("crafts/<slug:slug>/", views.craft_detail, name="craft-detail"),
]
