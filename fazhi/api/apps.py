from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "fazhi.api"
    label = "api"
    verbose_name = "接口"

    def ready(self) -> None:
        # API tokens are credentials core's account rules must reach (revoked with the account's
        # sessions; their use counts as activity for dormant accounts): declared, not imported by core.
        from django.db.models import Max
        from django.utils import timezone

        from fazhi.api.models import ApiToken
        from fazhi.core.security import credentials

        credentials.register(
            credentials.CredentialKind(
                name="api_tokens",
                label="接口令牌",
                revoke_all=lambda user: ApiToken.objects.filter(user_id=user.pk, revoked=False).update(
                    revoked=True, revoked_at=timezone.now()
                ),
                last_used=lambda user: ApiToken.objects.filter(user_id=user.pk).aggregate(
                    m=Max("last_used_at")
                )["m"],
            )
        )
