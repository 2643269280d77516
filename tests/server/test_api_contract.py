"""The OpenAPI document tells the truth: one schema per component name, and every
operation declares the errors it can answer in the one error shape."""

from __future__ import annotations

import types
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from foursight.server.api import api
from foursight.server.schemas import Strict, StrictFormModel

ERROR_REF = "#/components/schemas/ErrorOut"


def _operations() -> Iterator[Any]:
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _models(annotation: Any, seen: set[type]) -> Iterator[type[BaseModel]]:
    """Every pydantic model reachable from ``annotation`` (fields, lists, unions, generics)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation, seen)
    elif get_origin(annotation) in (Union, types.UnionType) or get_args(annotation):
        for arg in get_args(annotation):
            yield from _models(arg, seen)


def test_every_schema_name_in_the_api_belongs_to_one_class() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    seen: set[type] = set()
    for operation in _operations():
        # the parameter models are django-ninja's wrappers; the schemas are their fields
        roots = [f.annotation for m in operation.models for f in m.model_fields.values()]
        roots += list(operation.response_models.values())
        for root in roots:
            for model in _models(root, seen):
                by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}
    assert {"PairDecisionIn", "BreachDecisionIn", "PageParams"} <= set(by_name)


def test_component_names_in_the_document_are_unique_and_resolve() -> None:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    titles = defaultdict(list)
    for name, component in components.items():
        titles[component.get("title", name)].append(name)
    assert {t: n for t, n in titles.items() if len(n) > 1} == {}
    refs = _refs(schema["paths"])
    assert refs and all(ref.removeprefix("#/components/schemas/") in components for ref in refs)


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def test_every_operation_declares_its_errors_in_the_error_shape() -> None:
    paths = api.get_openapi_schema()["paths"]
    missing = []
    for path, operations in paths.items():
        for method, operation in operations.items():
            expected = {400, 401, 403, 404}
            expected |= set() if operation.get("security") else {429}
            expected |= {409} if method != "get" else set()
            expected |= {413} if "requestBody" in operation else set()
            for code in expected:
                declared = operation["responses"].get(code, {})
                ref = declared.get("content", {}).get("application/json", {}).get("schema")
                if ref != {"$ref": ERROR_REF}:
                    missing.append(f"{method.upper()} {path} {code}")
    assert missing == []
    upload = paths["/api/v1/reports/{report_id}/exhibits"]["post"]["responses"]
    assert 422 in upload and 429 in paths["/api/v1/auth/token"]["post"]["responses"]
    assert 429 not in paths["/api/v1/reports"]["get"]["responses"]


def test_the_error_shape_matches_what_errors_look_like() -> None:
    components = api.get_openapi_schema()["components"]["schemas"]
    assert components["ErrorOut"]["required"] == ["error"]
    detail = components["ErrorDetail"]
    assert set(detail["properties"]) == {"code", "message", "field"}
    assert set(detail["required"]) == {"code", "message"}


def test_every_form_route_refuses_unknown_fields() -> None:
    lax = [
        operation.view_func.__qualname__
        for operation in _operations()
        for model in operation.models
        if model.__ninja_param_source__ == "form" and not issubclass(model, StrictFormModel)
    ]
    assert lax == []


#: Bodies that are free maps on purpose: instrument answers keyed by question id, which the
#: instrument engine checks against the question set; a path step's fields, which depend
#: on its kind and which the path's parser checks by kind (an unknown field is refused).
FREE_BODIES = {"foursight.risk.api.score", "foursight.prosecution.api.add_step"}


def test_every_json_body_refuses_unknown_fields() -> None:
    lax = [
        f"{operation.view_func.__module__}.{operation.view_func.__name__}"
        for operation in _operations()
        for model in operation.models
        if model.__ninja_param_source__ == "body"
        for field in model.model_fields.values()
        if not (isinstance(field.annotation, type) and issubclass(field.annotation, Strict))
    ]
    assert set(lax) == FREE_BODIES
