app_name = "alumni"

urlpatterns = []
