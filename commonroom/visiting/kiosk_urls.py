from .views import kiosk

app_name = "kiosk"

urlpatterns = kiosk.urlpatterns
