from . import views

app_name = "planner"

urlpatterns = [*views.urlpatterns]
