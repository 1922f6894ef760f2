"""/api/v1/webhooks/: included by the root URLconf before the general API."""

from rest_framework.routers import SimpleRouter

from .views import WebhookEndpointViewSet

router = SimpleRouter()
router.register("", WebhookEndpointViewSet, basename="webhook")

app_name = "webhooks_api"
urlpatterns = router.urls
