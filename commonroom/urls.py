from django.urls import include, path
from django.views.i18n import set_language

from commonroom.activities.views.feeds import calendar as calendar_feed

urlpatterns = [
    path("account/", include("commonroom.accounts.urls")),
    path("language/", set_language, name="set_language"),
    path("api/v1/", include("commonroom.api.urls")),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("homes/<slug:home>/residents/", include("commonroom.residents.urls")),
    path("homes/<slug:home>/circle/", include("commonroom.circle.urls")),
    path("homes/<slug:home>/connections/", include("commonroom.connections.urls")),
    path("homes/<slug:home>/activities/", include("commonroom.activities.urls")),
    path("homes/<slug:home>/planner/", include("commonroom.planner.urls")),
    path("homes/<slug:home>/visiting/", include("commonroom.visiting.urls")),
    path("kiosk/<str:token>/", include("commonroom.visiting.kiosk_urls")),
    # Public (no sign-in): named home_slug so HomeMiddleware leaves it alone.
    path("visit/<slug:home_slug>/", include("commonroom.visiting.public_urls")),
    path("homes/<slug:home>/audit/", include("commonroom.audit.urls")),
    path("homes/<slug:home>/transfer/", include("commonroom.transfer.urls")),
    path("", include("commonroom.homes.urls")),
]

handler400 = "commonroom.lib.views.bad_request"
handler403 = "commonroom.lib.views.forbidden"
handler404 = "commonroom.lib.views.not_found"
handler500 = "commonroom.lib.views.server_error"
