from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("prihlaseni/", views.SignInView.as_view(), name="sign_in"),
    path("odhlaseni/", views.sign_out, name="sign_out"),
    path("prihlaseni/zapomenute-heslo/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path("prihlaseni/zapomenute-heslo/odeslano/", views.PasswordResetSentView.as_view(),
         name="password_reset_sent"),
    path("prihlaseni/nove-heslo/<uidb64>/<token>/", views.NewPasswordView.as_view(), name="password_reset_confirm"),
    path("prihlaseni/nove-heslo/hotovo/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
]
