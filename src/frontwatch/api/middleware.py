"""Pure ASGI middleware: request-body size limit, Host-header check and security headers.

Both answer with the one error shape (``api.errors``) before the application sees the request.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontwatch.api.errors import ApiCode, ApiError, error_bytes

# Headers added to every answer: no MIME sniffing (JSON stays JSON), no referrer leaks from the UI's
# outbound links, no framing of the UI by another site.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
API_PREFIX = "/api/"


class BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, ApiCode.TOO_LARGE, f"request body is larger than the {limit:,}-byte limit",
                         [{"limit_bytes": limit}])


async def _answer(send: Send, status: int, body: bytes, extra: Iterable[tuple[bytes, bytes]] = ()) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *SECURITY_HEADERS, *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes``: at once from ``Content-Length``, else while the body streams in
    (the route's read raises :class:`BodyTooLarge`, answered 413 by the error handlers)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                text = value.decode("latin-1").strip()
                if not text.isdigit():
                    await _answer(send, 400, error_bytes(ApiCode.BAD_REQUEST, "invalid Content-Length header"))
                    return
                if int(text) > self.max_bytes:
                    exc = BodyTooLarge(self.max_bytes)
                    await _answer(send, 413, error_bytes(exc.code, exc.message, exc.details),
                                  [(b"connection", b"close")])
                    return
        received = 0
        limit = self.max_bytes

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited, send)


def _host_name(host_header: str) -> str:
    """The host part of a Host header, without the port, lower-cased ('[::1]:8765' -> '[::1]')."""
    host = host_header.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end > 0 else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class SecurityMiddleware:
    """Adds :data:`SECURITY_HEADERS` (and ``Cache-Control: no-store`` under /api/) to every answer and,
    when ``allowed_hosts`` is given, refuses requests for any other Host (DNS-rebinding protection for a
    server on the loopback interface)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.allowed_hosts is not None:
            host = ""
            for name, value in scope.get("headers", ()):
                if name == b"host":
                    host = _host_name(value.decode("latin-1"))
                    break
            if host not in self.allowed_hosts:
                body = error_bytes(ApiCode.BAD_REQUEST, "this Host header is not accepted by the server",
                                   [{"accepted_hosts": sorted(self.allowed_hosts)}])
                await _answer(send, 400, body)
                return
        no_store = str(scope.get("path", "")).startswith(API_PREFIX)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                headers.extend(SECURITY_HEADERS)
                if no_store:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
