"""The schema and its readers (Swagger UI, Redoc), served from the drf-spectacular-sidecar wheel."""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """The schema describes the endpoints, not any row: the same for every caller, so it is
    built once per process (building it takes seconds on a small server)."""

    _built: dict | None = None

    def _get_schema_response(self, request):
        if SchemaView._built is None:
            SchemaView._built = self.generator_class(urlconf=self.urlconf).get_schema(request=None, public=True)
        filename = self._get_filename(request, None)
        return Response(data=SchemaView._built, headers={"Content-Disposition": f'inline; filename="{filename}"'})


class RedocView(SpectacularRedocView):
    # drf-spectacular's own template fetches Google Fonts: ours does not.
    template_name = "api/redoc.html"


# The split view serves Swagger UI's start-up script as a file: no inline script to allow.
swagger = SpectacularSwaggerSplitView.as_view(url_name="api:schema")
# Redoc's search index runs in a web worker its bundle creates from a blob: (nothing remote).
redoc = csp_update({"worker-src": ["'self'", "blob:"]})(RedocView.as_view(url_name="api:schema"))
