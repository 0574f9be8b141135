from .api import api

app_name = "api"

# The API's own patterns, so that its names ("api:openapi-json") are what its docs page reverses.
urlpatterns = api.urls[0]
