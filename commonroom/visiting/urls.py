from .views import door, hub, outbreak, spaces

app_name = "visiting"

urlpatterns = [*hub.urlpatterns, *door.urlpatterns, *outbreak.urlpatterns, *spaces.urlpatterns]
