"""The error responses every API operation documents, declared once for all of them.

Routes declare their success responses; the errors they can answer follow from the one
error tree (:mod:`foursight.errors`) and are added here to every operation of the
OpenAPI document, each pointing at the one ``ErrorOut`` shape:

* 400 invalid input (a field, parameter or body at fault), 401 no valid token (or, when
  signing in, wrong credentials), 403 forbidden or a purpose of access needed, 404 no such
  record (or not yours to see) - on every operation;
* 409 conflict with the record's state - on every operation that changes something;
* 413 body too large - on every operation that takes a body;
* 422 a file that cannot be imported - on every operation that takes a multipart file;
* 429 too many attempts - on the operations that sign in (the ones needing no token).
"""

from __future__ import annotations

from typing import Any

from foursight.server.schemas import ErrorOut

REF = "#/components/schemas/{model}"

DESCRIPTIONS = {
    400: "Invalid input; `field` names the field or parameter at fault",
    401: "No valid token (`Authorization: Bearer <token>`), or wrong credentials",
    403: "Forbidden, or a purpose of access (`X-Justification`) is needed",
    404: "No such record, or you do not have access to it",
    409: "Conflicts with the record's current state",
    413: "The request body is too large",
    422: "The file could not be imported; nothing from it was stored",
    429: "Too many attempts; wait and try again",
}


def error_codes(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, by what it does (see the module doc)."""
    codes = [400, 401, 403, 404]
    if not operation.get("security"):
        codes.append(429)
    if method.lower() != "get":
        codes.append(409)
    body = operation.get("requestBody", {}).get("content", {})
    if body:
        codes.append(413)
    if "multipart/form-data" in body:
        codes.append(422)
    return sorted(codes)


def declare_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the ``ErrorOut`` component and the error responses to every operation in ``schema``."""
    error = ErrorOut.model_json_schema(ref_template=REF)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(error.pop("$defs", {}))
    components[ErrorOut.__name__] = error
    content = {"application/json": {"schema": {"$ref": REF.format(model=ErrorOut.__name__)}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in error_codes(method, operation):
                responses.setdefault(code, {"description": DESCRIPTIONS[code], "content": content})
    return schema
