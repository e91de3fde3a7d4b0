import os

from django.core.wsgi import get_wsgi_application

from fazhi.conf import restrict_umask

restrict_umask()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
application = get_wsgi_application()
