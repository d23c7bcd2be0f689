from django.urls import path

from api import views

app_name = "api"

urlpatterns = [
    path("organization/api-keys/", views.key_list, name="key_list"),
    path("organization/api-keys/new/", views.key_create, name="key_create"),
    path("organization/api-keys/<int:pk>/revoke/", views.key_revoke, name="key_revoke"),
]
