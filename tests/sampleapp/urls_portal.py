from tests.sampleapp.portal import PORTAL

app_name = PORTAL.namespace
urlpatterns = PORTAL.urlpatterns()
