"""Forms of the login, password change and second-factor pages (all messages in Chinese)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation

from fazhi.core.security.models import TotpAlgorithm
from fazhi.web.forms import LoginForm

#: One message for every refused login: wrong name, wrong password, disabled, locked, throttled.
GENERIC_LOGIN_ERROR = (
    "用户名或密码错误，或账号已被暂时锁定。请核对后重试，多次失败请稍后再试或联系系统管理员。"
)


class GuardedLoginForm(LoginForm):
    error_messages = {"invalid_login": GENERIC_LOGIN_ERROR, "inactive": GENERIC_LOGIN_ERROR}

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="inactive")


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label="当前密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "请输入当前密码。"},
    )
    new_password1 = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "请输入新密码。"},
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "请再次输入新密码。"},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = "；".join(
            text.rstrip("。") for text in password_validation.password_validators_help_texts()
        )

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("当前密码不正确。")
        return old

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("new_password1"), cleaned.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态口令",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
        error_messages={"required": "请输入6位动态口令。"},
    )


class AlgorithmForm(forms.Form):
    algorithm = forms.ChoiceField(label="算法", choices=TotpAlgorithm.choices, initial=TotpAlgorithm.SM3)
