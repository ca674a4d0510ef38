from django.urls import path

from journal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("stretches/", views.library, name="library"),
    path("stretches/<slug:slug>/", views.stretch_detail, name="stretch_detail"),
    path("routines/<slug:slug>/", views.routine_detail, name="routine_detail"),
]
