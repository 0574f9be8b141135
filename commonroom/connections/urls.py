from .views import figures, log, measures, network, rebuild, today

app_name = "connections"

urlpatterns = [
    *log.urlpatterns,
    *today.urlpatterns,
    *measures.urlpatterns,
    *figures.urlpatterns,
    *network.urlpatterns,
    *rebuild.urlpatterns,
]
