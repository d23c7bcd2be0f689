from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.saved_search_list, name="list"),
    path("alerts/save/", views.save, name="save"),
    path("alerts/<int:pk>/", views.update, name="update"),
    path("alerts/<int:pk>/delete/", views.delete, name="delete"),
    path("alerts/unsubscribe/<slug:token>/", views.unsubscribe, name="unsubscribe"),
]
