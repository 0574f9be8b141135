from .views import door, hub, outbreak, outings, preferences, spaces, visitors

app_name = "visiting"

urlpatterns = [
    *hub.urlpatterns,
    *door.urlpatterns,
    *visitors.urlpatterns,
    *outings.urlpatterns,
    *preferences.urlpatterns,
    *outbreak.urlpatterns,
    *spaces.urlpatterns,
]
