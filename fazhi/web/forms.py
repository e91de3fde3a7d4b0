"""Forms of the staff shell: login, the form of a transition, attachment upload."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.renderers import Jinja2

from fazhi.core import access
from fazhi.core.workflow.attachments import upload_problem
from fazhi.core.workflow.spec import Transition

GENERIC_LOGIN_ERROR = "用户名或密码错误。"

# Widgets of the staff forms are drawn by Django's Jinja2 form renderer (Django's own widget templates
# in their Jinja2 form): the same elements as the default renderer at a fraction of its CPU time — the
# transition forms of a detail page were half its cost. Set per form, not as FORM_RENDERER, because
# the admin site's widgets exist only as Django templates.
fast_renderer = Jinja2()


class LoginForm(AuthenticationForm):
    """One generic message for a wrong name, a wrong password and a disabled account."""

    error_messages = {"invalid_login": GENERIC_LOGIN_ERROR, "inactive": GENERIC_LOGIN_ERROR}
    default_renderer = fast_renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        self.fields["username"].error_messages["required"] = "请输入用户名。"
        self.fields["password"].error_messages["required"] = "请输入密码。"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})

    def confirm_login_allowed(self, user):
        if not user.is_active:
            raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="inactive")


# --- transitions -------------------------------------------------------------------------------


class TransitionForm(forms.Form):
    default_renderer = fast_renderer
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, transition: Transition, user, shared_choices: dict | None = None, **kwargs):
        """``shared_choices``: one dict for the forms of one page (same user), so a 工作人员
        drop-down offered by several transitions reads the staff list once, not once per form."""
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["expected_version"].error_messages = {
            "required": "页面已过期，请刷新后重试。",
            "invalid": "页面已过期，请刷新后重试。",
            "min_value": "页面已过期，请刷新后重试。",
        }
        for f in transition.fields:
            field = self.fields[f.name] = _form_field(f, user)
            if shared_choices is not None and f.kind == "user" and not self.is_bound:
                # The same query for every such field of this user; validation still uses it.
                if "user" not in shared_choices:
                    shared_choices["user"] = list(iter(field.choices))  # iter: no COUNT query first
                field.choices = shared_choices["user"]

    def data_for_engine(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name) for f in self.transition.fields}

    def add_engine_errors(self, field_errors: dict[str, str]) -> None:
        for name, message in field_errors.items():
            self.add_error(name if name in self.fields else None, message)


def _form_field(f, user) -> forms.Field:
    required_msg = f"请填写“{f.label}”。"
    common = {
        "label": f.label,
        "required": f.required,
        "help_text": f.help,
        "error_messages": {"required": required_msg},
    }
    if f.kind == "textarea":
        return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if f.kind == "date":
        field = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        field.error_messages["invalid"] = f"“{f.label}”不是有效日期（格式：2026-01-31）。"
        return field
    if f.kind == "int":
        field = forms.IntegerField(min_value=0, **common)
        field.error_messages["invalid"] = f"“{f.label}”应为整数。"
        field.error_messages["min_value"] = f"“{f.label}”不能为负数。"
        return field
    if f.kind == "choice":
        field = forms.ChoiceField(choices=[("", "请选择")] + list(f.choices), **common)
        field.error_messages["invalid_choice"] = f"“{f.label}”的取值不在可选范围内。"
        return field
    if f.kind == "user":
        from fazhi.core.models import User

        qs = User.objects.filter(organisation__in=access.visible_organisations(user), is_active=True)
        field = forms.ModelChoiceField(queryset=qs.order_by("organisation_id", "full_name"), **common)
        field.error_messages["invalid_choice"] = f"“{f.label}”不是有效的工作人员。"
        field.empty_label = "请选择"
        return field
    return forms.CharField(max_length=2000, **common)


# --- attachments -------------------------------------------------------------------------------


class AttachmentForm(forms.Form):
    default_renderer = fast_renderer
    kind = forms.CharField(
        label="材料类型",
        max_length=50,
        initial="其他材料",
        widget=forms.TextInput(attrs={"list": "attachment-kinds"}),
        error_messages={"required": "请填写“材料类型”。"},
    )
    file = forms.FileField(
        label="文件",
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = upload_problem(upload)  # type, size and content (magic bytes), as the service checks
        if problem:
            raise forms.ValidationError(problem)
        return upload

    def clean_kind(self):
        return self.cleaned_data["kind"].strip()
