from ninja import NinjaAPI

api = NinjaAPI(title="法治政府建设工作平台 API", version="1", urls_namespace="api")


@api.get("/health", auth=None, summary="健康检查")
def health(request):
    return {"status": "ok"}
