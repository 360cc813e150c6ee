"""ninja's routes and OpenAPI document (/api/v1/openapi.json), as a URLconf module the root
URLconf mounts (`ApiConfig.url_mounts`): ninja names its own application and instance
namespace ("api-v1")."""

from .routers import api

urlpatterns, app_name, namespace = api.urls
