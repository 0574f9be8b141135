from .views import public

app_name = "visit"

urlpatterns = public.urlpatterns
