from fastapi.testclient import TestClient

from backend.api.app import create_app


def test_unexpected_error_is_json_500_without_traceback(settings) -> None:
    app = create_app(settings)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "Hệ thống đang gặp sự cố, vui lòng thử lại sau."}
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text


def test_malformed_json_is_422_in_vietnamese(client, service_headers) -> None:
    response = client.post(
        "/api/dossiers", content=b"{not json", headers={**service_headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert response.json()["errors"][0]["message"] == "Dữ liệu JSON không hợp lệ."


def test_unknown_route_and_method_are_json_in_vietnamese(client) -> None:
    assert client.get("/api/khong-co").json() == {"detail": "Không tìm thấy."}
    response = client.delete("/api/auth/login")
    assert response.status_code == 405
    assert response.json() == {"detail": "Phương thức không được hỗ trợ."}


def test_openapi_lists_the_api(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/auth/login", "/api/dossiers", "/api/dossiers/{receipt_code}", "/api/files", "/api/outbox"):
        assert path in paths
