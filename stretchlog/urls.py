from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Stretchlog content"
admin.site.site_title = "Stretchlog admin"
admin.site.index_title = "Stretch library"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("journal.urls")),
]
