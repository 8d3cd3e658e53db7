app_name = "recruitment"

urlpatterns = []
