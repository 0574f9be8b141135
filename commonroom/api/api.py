"""The JSON API under /api/v1/: the same people, the same rules as the pages."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from .auth import TokenAuth
from .errors import install_error_handlers
from .routers import (
    about_me,
    attendance,
    contacts,
    homes,
    key_workers,
    moments,
    residents,
    sessions,
    today,
    visiting_door,
    visiting_outbreak,
    visiting_spaces,
)

DESCRIPTION = """Residents, their About me, contacts and key workers, with exactly the permissions
of the web pages. Authenticate with a personal API token (make one under *My settings → API
tokens*) sent as `Authorization: Bearer <token>`. Codes are UUIDs; dates are ISO 8601. See
docs/api.md for examples."""


class CommonRoomAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Plain names ("list_residents") read better in generated clients than module paths.
        return operation.view_func.__name__


api = CommonRoomAPI(
    title="Common Room API",
    version="1.0.0",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

for module in (
    homes,
    residents,
    about_me,
    contacts,
    key_workers,
    moments,
    today,
    attendance,
    sessions,
    visiting_door,
    visiting_outbreak,
    visiting_spaces,
):
    api.add_router("", module.router)

__all__ = ["api"]
