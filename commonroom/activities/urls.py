from .views import attendance, catalogue, peers, programme, suggestions

app_name = "activities"

urlpatterns = [
    *catalogue.urlpatterns,
    *programme.urlpatterns,
    *attendance.urlpatterns,
    *suggestions.urlpatterns,
    *peers.urlpatterns,
]
