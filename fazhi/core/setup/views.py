"""The first-run page ``/setup/``: what ``fazhi setup`` does, on a screen, while no administrator
exists; 404 from then on (it discloses nothing about an installation in use)."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from fazhi.core import regions, setup

XLSX = ".xlsx"


class SetupForm(forms.Form):
    code = forms.CharField(
        label="设置码",
        max_length=40,
        help_text="首次打开本页时写在服务器数据目录下的 keys/setup-code 文件中，请在服务器上查看。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    region = forms.CharField(
        label="本级政府行政区划代码",
        max_length=9,
        help_text="GB/T 2260 代码，县级6位，如 450206（柳州市柳江区）；不知道代码可在上方按名称查找。",
    )
    towns = forms.BooleanField(label="同时建立所辖乡镇街道", required=False, initial=True)
    sysadmin = forms.CharField(label="系统管理员用户名", max_length=150, initial="sysadmin")
    secadmin = forms.CharField(label="安全管理员用户名", max_length=150, initial="secadmin")
    auditadmin = forms.CharField(label="审计管理员用户名", max_length=150, initial="auditadmin")
    organisations = forms.FileField(
        label="单位导入文件（可不选）", required=False, help_text="用“单位”导入模板填写的 .xlsx 文件。"
    )
    staff = forms.FileField(
        label="工作人员导入文件（可不选）",
        required=False,
        help_text="用“工作人员”导入模板填写的 .xlsx 文件。",
    )

    def clean_code(self):
        if not setup.check_setup_code(self.cleaned_data["code"]):
            raise forms.ValidationError("设置码不正确，请在服务器上查看 keys/setup-code 文件。")
        return self.cleaned_data["code"]

    def clean_region(self):
        try:
            return regions.get(self.cleaned_data["region"]).code
        except regions.UnknownDivision as exc:
            raise forms.ValidationError(exc.message) from None

    def _xlsx(self, name):
        upload = self.cleaned_data.get(name)
        if upload and not upload.name.lower().endswith(XLSX):
            raise forms.ValidationError("请选择 .xlsx 文件。")
        return upload

    def clean_organisations(self):
        return self._xlsx("organisations")

    def clean_staff(self):
        return self._xlsx("staff")


@never_cache
@csrf_protect
def first_run(request):
    if not setup.needs_setup():
        raise Http404("页面不存在。")
    setup.setup_code()  # written on the server on the first visit
    query = request.GET.get("q", "").strip()
    found = [(d, regions.full_name(d.code)) for d in regions.search(query)] if query else []
    form = SetupForm(
        request.POST or None, request.FILES or None, initial={"region": request.GET.get("region", "")}
    )
    import_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = setup.run(
                region_code=data["region"],
                usernames={role: data[role.value] for role, _, _ in setup.ADMINISTRATORS},
                towns=data["towns"],
                organisations=data["organisations"],
                staff=data["staff"],
                via="first-run page",
            )
        except setup.SetupRefused as exc:
            form.add_error(None, exc.message)
            if exc.import_result is not None:
                import_errors = exc.import_result.messages
        else:
            credentials = [c for r in outcome.imports for c in r.credentials]
            return render(request, "core/setup_done.html", {"outcome": outcome, "credentials": credentials})
    return render(
        request,
        "core/setup.html",
        {
            "form": form,
            "query": query,
            "found": found,
            "import_errors": import_errors,
            "source": regions.source(),
        },
    )
