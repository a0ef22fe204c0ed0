"""JSON error responses with a Vietnamese ``detail``; never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.errors import DomainError

logger = logging.getLogger("backend.api")

INTERNAL_ERROR = "Hệ thống đang gặp sự cố, vui lòng thử lại sau."
INVALID_INPUT = "Dữ liệu gửi lên không hợp lệ."

# Starlette's own English details, replaced by Vietnamese ones.
_DEFAULT_DETAILS = {
    400: "Yêu cầu không hợp lệ.",
    401: "Cần đăng nhập hoặc mã xác thực hợp lệ.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
}
_ENGLISH_DETAILS = {
    "Bad Request",
    "There was an error parsing the body",
    "Not authenticated",
    "Forbidden",
    "Not Found",
    "Method Not Allowed",
    "Content Too Large",
    "Request Entity Too Large",
}

_FIELD_MESSAGES = {
    "cccd": "Số CCCD phải gồm đúng 12 chữ số.",
    "phone": "Số điện thoại không hợp lệ.",
    "idempotency_key": "Mã chống gửi trùng (idempotency_key) không hợp lệ.",
}
_TYPE_MESSAGES = {
    "missing": "Thiếu thông tin bắt buộc.",
    "string_too_short": "Thông tin không được để trống hoặc quá ngắn.",
    "string_too_long": "Thông tin quá dài.",
    "too_long": "Quá nhiều mục.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "int_parsing": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "json_invalid": "Dữ liệu JSON không hợp lệ.",
    "extra_forbidden": "Trường thông tin không được hỗ trợ.",
    "model_attributes_type": "Sai kiểu dữ liệu.",
    "dict_type": "Sai kiểu dữ liệu.",
    "list_type": "Phải là một danh sách.",
    "string_type": "Phải là chuỗi ký tự.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
}


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", INVALID_INPUT))
    if kind == "enum" and error.get("ctx", {}).get("expected"):
        return f"Giá trị không hợp lệ; chấp nhận: {error['ctx']['expected']}."
    last = str(error.get("loc", ("",))[-1])
    if kind == "string_pattern_mismatch":
        return _FIELD_MESSAGES.get(last, "Không đúng định dạng.")
    return _TYPE_MESSAGES.get(kind, "Giá trị không hợp lệ.")


class ApiError(StarletteHTTPException):
    """An HTTP error whose body also carries a machine-readable ``code`` for the bot to branch on."""

    def __init__(self, status_code: int, detail: str, code: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status_code, detail=detail, headers=headers)
        self.code = code


def _json(status: int, detail: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status, headers=headers)


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail
    if not isinstance(detail, str) or detail in _ENGLISH_DETAILS:
        detail = _DEFAULT_DETAILS.get(exc.status_code, "Yêu cầu không thể xử lý.")
    extra = {"code": exc.code} if isinstance(exc, ApiError) else {}
    return _json(exc.status_code, detail, getattr(exc, "headers", None), **extra)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": _field(tuple(e.get("loc", ()))), "message": _message(e)} for e in exc.errors()]
    return _json(422, INVALID_INPUT, errors=errors)


async def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
    return _json(exc.status_code, exc.message, **({"code": exc.code} if exc.code else {}))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return _json(500, INTERNAL_ERROR)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(Exception, _unexpected)
