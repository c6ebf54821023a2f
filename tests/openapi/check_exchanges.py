#!/usr/bin/python3
"""Checks every HTTP exchange the end-to-end tests recorded against the OpenAPI document.

    check_exchanges.py OPENAPI_JSON EXCHANGES_DIR

Each exchange (tests/support/exchange_recorder.h) must name a documented route and method, answer
a documented status, and — when the answer is JSON — match that status's schema, validated by
jsonschema (Debian's python3-jsonschema) as JSON Schema 2020-12, the dialect of OpenAPI 3.1.
A response to a request with a sparse fieldset (`fields=`, documented as holding only the fields
named) is checked with no field required. Exits 1 listing every disagreement (each distinct one once), 0 when the server and the document
agree, 2 when there is nothing to check.
"""

import glob
import json
import re
import sys
from urllib.parse import parse_qs, urlsplit

from jsonschema import Draft202012Validator, RefResolver

MAX_REPORTED = 60


def compile_routes(document):
    """[(regex, template, path item)], literal routes before templated ones."""
    routes = []
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        routes.append((template.count("{"), re.compile(pattern), template, item))
    routes.sort(key=lambda route: route[0])
    return [(regex, template, item) for _, regex, template, item in routes]


def without_required(node):
    """The same schemas with no "required" anywhere: what a sparse fieldset may leave out."""
    if isinstance(node, dict):
        if isinstance(node.get("required"), list):  # not a property named "required"
            del node["required"]
        for value in node.values():
            without_required(value)
    elif isinstance(node, list):
        for value in node:
            without_required(value)
    return node


def follow(document, node):
    """The node a local "$ref" points to (for responses, which are not JSON Schema)."""
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as file:
        document = json.load(file)
    routes = compile_routes(document)
    sparse = without_required(json.loads(json.dumps(document)))
    resolvers = {False: RefResolver.from_schema(document), True: RefResolver.from_schema(sparse)}
    validators = {}
    problems = {}
    checked = 0
    for name in sorted(glob.glob(sys.argv[2] + "/*.jsonl")):
        with open(name, encoding="utf-8", errors="replace") as file:
            for line in file:
                try:
                    exchange = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a killed test process
                checked += 1
                check(document, routes, resolvers, validators, exchange, problems)
    if checked == 0:
        print("check_exchanges: no exchanges recorded under " + sys.argv[2], file=sys.stderr)
        return 2
    if not problems:
        print(f"check_exchanges: {checked} exchanges agree with the OpenAPI document")
        return 0
    print(f"check_exchanges: {len(problems)} disagreements in {checked} exchanges:")
    for problem, example in list(problems.items())[:MAX_REPORTED]:
        print(f"- {problem}\n    e.g. {example}")
    return 1


def check(document, routes, resolvers, validators, exchange, problems):
    method = exchange["method"].lower()
    target = exchange["target"]
    status = str(exchange["status"])
    path = urlsplit(target).path
    example = f'{exchange["method"]} {target} → {status}'

    def report(problem):
        problems.setdefault(problem, example)

    route = next(((template, item) for regex, template, item in routes if regex.match(path)), None)
    if route is None or method not in route[1]:
        # A path or method no route has: the server's own 404 (or 405), an Error like any other.
        if status in ("404", "405"):
            operation = {"responses": {status: {"$ref": "#/components/responses/E404"}}}
            template = path
        else:
            report(f"{exchange['method']} {path}: no such route in the document")
            return
    else:
        template, item = route
        operation = item[method]
    responses = operation.get("responses", {})
    response = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
    if response is None:
        report(f"{exchange['method']} {template}: status {status} not in the document")
        return
    response = follow(document, response)
    content = response.get("content", {})
    content_type = (exchange.get("content_type") or "").split(";")[0].strip()
    body = exchange.get("body")
    if not content:
        if body:
            report(f"{exchange['method']} {template} {status}: a body the document does not describe")
        return
    if content_type not in content:
        report(f"{exchange['method']} {template} {status}: content type '{content_type}' "
               f"not among {sorted(content)}")
        return
    schema = content[content_type].get("schema")
    if schema is None or body is None or content_type != "application/json":
        return
    try:
        instance = json.loads(body)
    except json.JSONDecodeError:
        report(f"{exchange['method']} {template} {status}: the body is not JSON")
        return
    sparse = "fields" in parse_qs(urlsplit(target).query)
    if sparse:
        schema = without_required(json.loads(json.dumps(schema)))
    key = (sparse, json.dumps(schema, sort_keys=True))
    validator = validators.get(key)
    if validator is None:
        validator = validators[key] = Draft202012Validator(schema, resolver=resolvers[sparse])
    for error in validator.iter_errors(instance):
        # Array indexes blanked: one disagreement per place in the schema, not per item.
        where = "/".join("*" if isinstance(part, int) else str(part)
                         for part in error.absolute_path) or "(the body)"
        report(f"{exchange['method']} {template} {status}: at {where}: {error.message[:200]}")


if __name__ == "__main__":
    sys.exit(main())
