from django.urls import path

from inquiries import views

app_name = "inquiries"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.thread_start, name="thread_start"),
    path("messages/<int:pk>/", views.thread_detail, name="thread"),
    path("messages/<int:pk>/attachments/<int:attachment_pk>", views.attachment, name="attachment"),
]
