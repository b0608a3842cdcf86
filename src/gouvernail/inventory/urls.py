from gouvernail.inventory import views

app_name = "inventory"

urlpatterns = [*views.EquipmentViews.urls("parc")]
