from django.urls import path

from . import views

app_name = "induction"

urlpatterns = [
    path("", views.register, name="register"),
    path("nieuw/", views.starter_new, name="new"),
    path("zoek/<str:source>/", views.search, name="search"),
    path("<int:pk>/zij-instromer/", views.register_as_student, name="as_student"),
    path("bouwstenen/", views.blocks, name="blocks"),
    path("cijfers/", views.figures, name="figures"),
]
