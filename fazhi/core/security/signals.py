"""Receivers: password changes fill the history (and a password set by someone other than its
holder must be changed at the next login); logins start tracked sessions; disabling an account
kills its sessions and revokes its API tokens (docs/security.md 2 and 4)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from fazhi.core.audit import context
from fazhi.core.security import passwords, sessions, totp

User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="security.user_pre_save")
def _note_changes(sender, instance, update_fields=None, raw=False, **kwargs):
    instance._security_disabling = False
    if raw or instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    was_active = User._default_manager.filter(pk=instance.pk, is_active=True).exists()
    instance._security_disabling = was_active


@receiver(post_save, sender=User, dispatch_uid="security.user_post_save")
def _after_save(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    # AbstractBaseUser keeps the raw password in ``_password`` from set_password() until the save
    # completes (Django's hash upgrade on login clears it first, so a rehash is not a change).
    if getattr(instance, "_password", None) is not None:
        # A password set by someone else (an administrator in the admin site, or any signed-in
        # account acting on another one) is known to that person: the holder must change it at the
        # next login (an empty ``password_changed_at`` sends them to the change page first).
        actor = context.current().user_id
        stamp = None if actor is not None and actor != instance.pk else timezone.now()
        User._default_manager.filter(pk=instance.pk).update(password_changed_at=stamp)
        instance.password_changed_at = stamp
        passwords.remember(instance)
    elif created and instance.has_usable_password():
        passwords.remember(instance)
    if getattr(instance, "_security_disabling", False):
        instance._security_disabling = False
        instance._security_killed = revoke_everything(instance)


def revoke_everything(user) -> dict:
    """Every session and every live API token of ``user`` stops working now."""
    from fazhi.core.security import credentials

    killed = sessions.kill_all(user)
    revoked = credentials.revoke_all(user)
    return {"sessions": killed, "tokens": sum(revoked.values())}


@receiver(user_logged_in, dispatch_uid="security.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.start(request, user)
        if totp.reset_pending(user):  # one query per login, not per request
            request.session[sessions.REENROL] = True


@receiver(user_logged_out, dispatch_uid="security.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        sessions.forget(request.session.session_key)
