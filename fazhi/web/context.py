def navigation(request):
    return {"site_name": "法治政府建设工作平台"}
