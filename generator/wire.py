"""Read a recorded HTTP exchange of a REST or query protocol as the operation it calls.

The JSON protocols name the operation in X-Amz-Target and carry the parameters as one
JSON body, which verification compares directly. The REST protocols (rest-json,
rest-xml: S3, Lambda, API Gateway…) spread the parameters over the method and path, the
query string, headers and the body, and the query protocol (IAM, SNS, SQS…) sends a
form. decode() turns such a request, and its response, into the same shape as the JSON
protocols: the operation name, a dict of input members (blobs as base64, numbers as
numbers) and a dict of output members, guided by botocore's model of the service, so
the rest of verification does not care which protocol a service speaks.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from functools import cache
from typing import Any, cast
from urllib.parse import parse_qsl, unquote

import botocore.session
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape

from .moto_server import Exchange

__all__ = ["decode", "sdk_transport_members"]

# Input members that SDKs fill in from the request itself (lengths, checksums), named by
# the header they travel in: a spec need not give them.
_TRANSPORT_HEADERS = ("content-length", "content-md5", "x-amz-sdk-checksum-algorithm", "x-amz-checksum-")


@cache
def _service(name: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(name)


def sdk_transport_members(op: OperationModel) -> set[str]:
    """Input members an SDK computes for the transport (Content-Length, Content-MD5,
    checksums and the checksum algorithm it picked, a raw body's Content-Type, S3's
    EncodingType on listings), which a spec leaves out."""
    shape = op.input_shape
    if shape is None:
        return set()
    found = set()
    for name, member in shape.members.items():
        where = str(member.serialization.get("name", "")).lower()
        if member.serialization.get("location") == "header" and where.startswith(_TRANSPORT_HEADERS):
            found.add(name)
    algorithm = (op.http_checksum or {}).get("requestAlgorithmMember")
    if algorithm:
        found.add(str(algorithm))
    if op.service_model.service_name == "s3" and op.name.startswith("List") and "EncodingType" in shape.members:
        found.add("EncodingType")  # boto3 and the AWS CLI ask for url-encoded keys (and decode them) on their own
    payload = shape.serialization.get("payload")
    if payload and shape.members[payload].type_name == "blob":  # SDKs label raw bytes with a type of their own
        found |= {n for n, m in shape.members.items() if str(m.serialization.get("name", "")).lower() == "content-type"}
    return found


def decode(service: str, exchange: Exchange) -> Exchange:
    """The exchange with its operation, input and output read through the service model
    (unchanged for the JSON protocols, or when no operation of the model matches)."""
    model = _service(service)
    protocol = model.metadata.get("protocol", "")
    try:
        if protocol in ("rest-json", "rest-xml"):
            op = _match_rest(model, exchange)
            if op is None:
                return exchange
            request = _rest_request(op, exchange, protocol)
            response = _rest_response(op, exchange, protocol)
            if request.get("EncodingType") == "url" and op.service_model.service_name == "s3":
                response = _url_decoded(response)  # what the SDK that asked for it hands its caller
            return replace(exchange, decoded=(op.name, request, response))
        if protocol in ("query", "ec2"):
            form = dict(parse_qsl(_body(exchange).decode("utf-8", "replace"), keep_blank_values=True))
            form.update(parse_qsl(exchange.query, keep_blank_values=True))
            name = form.pop("Action", "")
            if name not in model.operation_names:
                return exchange
            op = model.operation_model(name)
            form.pop("Version", None)
            request = _unflatten(form, op.input_shape, protocol) if op.input_shape is not None else {}
            return replace(exchange, decoded=(name, request, _query_response(op, exchange)))
    except (ValueError, ElementTree.ParseError, UnicodeDecodeError, KeyError):
        return exchange
    return exchange


_URL_ENCODED = {"Key", "Prefix", "Delimiter", "StartAfter", "Marker", "NextMarker", "KeyMarker", "NextKeyMarker"}


def _url_decoded(value: Any, name: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _url_decoded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_url_decoded(v, name) for v in value]
    return unquote(value) if isinstance(value, str) and name in _URL_ENCODED else value


# --- the body as sent ------------------------------------------------------------------


def _body(exchange: Exchange) -> bytes:
    """The request body, with aws-chunked framing (streamed uploads with a trailing
    checksum) taken off."""
    body = exchange.request_body
    encoding = (exchange.header("content-encoding") or "").lower()
    sha = (exchange.header("x-amz-content-sha256") or "").upper()
    if "aws-chunked" not in encoding and not sha.startswith("STREAMING-"):
        return body
    data, at = bytearray(), 0
    while at < len(body):
        end = body.find(b"\r\n", at)
        if end < 0:
            break
        size = int(body[at:end].split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            break
        data += body[end + 2 : end + 2 + size]
        at = end + 2 + size + 2
    return bytes(data)


# --- REST: which operation, and its members -----------------------------------------------


@cache
def _rest_routes(service: str) -> list[tuple[OperationModel, str, re.Pattern[str], tuple[str, ...], int]]:
    model = _service(service)
    routes = []
    for name in model.operation_names:
        op = model.operation_model(name)
        method = str(op.http.get("method", "POST")).upper()
        uri = str(op.http.get("requestUri", "/"))
        path, _, query = uri.partition("?")
        pattern = ""
        for part in re.split(r"(\{[^}]+\})", path):
            if part.startswith("{") and part.endswith("+}"):  # a greedy label: the rest of the path
                pattern += f"(?P<{_group(part[1:-2])}>.+)"
            elif part.startswith("{"):
                pattern += f"(?P<{_group(part[1:-1])}>[^/]+)"
            else:
                pattern += re.escape(part)
        literals = tuple(q.split("=", 1)[0] for q in query.split("&") if q)
        specificity = len(literals) * 1000 + len(re.sub(r"\{[^}]+\}", "", path))
        routes.append((op, method, re.compile(f"^{pattern.rstrip('/')}/?$"), literals, specificity))
    routes.sort(key=lambda r: -r[4])
    return routes


def _group(label: str) -> str:
    return "L_" + re.sub(r"\W", "_", label)


def _match_rest(model: ServiceModel, exchange: Exchange) -> OperationModel | None:
    """The operation whose method and path template match, whose bare query literals
    (S3's ?tagging) are present, whose key=value literals (?x-id=PutObject) agree when
    sent, and whose required query and header members were sent; the most specific wins."""
    query = dict(parse_qsl(exchange.query, keep_blank_values=True))
    best: tuple[int, OperationModel] | None = None
    for op, method, pattern, literals, specificity in _rest_routes(model.service_name):
        if method != exchange.method.upper() or not pattern.match(exchange.raw_path or exchange.path):
            continue
        uri = str(op.http.get("requestUri", ""))
        pairs = dict(q.split("=", 1) for q in uri.partition("?")[2].split("&") if "=" in q)
        bare = [key for key in literals if key not in pairs]
        if any(key not in query for key in bare) or any(k in query and query[k] != v for k, v in pairs.items()):
            continue
        required = _required_outside_body(op)
        present = [(where, name) for where, name in required if (query if where == "q" else dict(exchange.headers))
                   .get(name if where == "q" else name.lower()) is not None]  # fmt: skip
        if len(present) != len(required):
            continue
        score = specificity + 10 * len(required) + 100 * sum(1 for k in pairs if k in query)
        if best is None or score > best[0]:
            best = (score, op)
    return best[1] if best else None


def _required_outside_body(op: OperationModel) -> list[tuple[str, str]]:
    """("q", name) for each required query member, ("h", name) for each required header."""
    shape = op.input_shape
    if shape is None:
        return []
    found = []
    for name in shape.required_members:
        member = shape.members[name]
        location = member.serialization.get("location")
        if location == "querystring" and member.type_name != "map":
            found.append(("q", str(member.serialization.get("name", name))))
        elif location == "header":
            found.append(("h", str(member.serialization.get("name", name))))
    return found


def _rest_request(op: OperationModel, exchange: Exchange, protocol: str) -> dict[str, Any]:
    shape = op.input_shape
    if shape is None:
        return {}
    route = next(r for r in _rest_routes(op.service_model.service_name) if r[0].name == op.name)
    match = route[2].match(exchange.raw_path or exchange.path)
    labels = match.groupdict() if match else {}
    query = parse_qsl(exchange.query, keep_blank_values=True)
    params: dict[str, Any] = {}
    body = _body(exchange)
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        where = str(member.serialization.get("name", name))
        if location == "uri":
            value = labels.get(_group(where))
            if value is not None:
                params[name] = _scalar(unquote(value), member)
        elif location == "querystring":
            if member.type_name == "map":
                claimed = _query_names(shape)
                extra = {k: v for k, v in query if k not in claimed}
                if extra:
                    params[name] = extra
                continue
            values = [v for k, v in query if k == where]
            if values:
                params[name] = (
                    [_scalar(v, member.member) for v in values]
                    if member.type_name == "list"
                    else _scalar(values[0], member)
                )  # type: ignore[attr-defined]
        elif location == "header":
            value = exchange.header(where)
            if value is not None and where.lower() == "content-encoding":
                # aws-chunked is the SDK's upload framing (removed from the body above), not an
                # encoding the caller chose; S3 does not store it either.
                kept = (part.strip() for part in value.split(","))
                value = ",".join(part for part in kept if part.lower() != "aws-chunked") or None
            if value is not None:
                if member.type_name == "list":
                    item = cast(ListShape, member).member
                    params[name] = [_scalar(v.strip(), item) for v in value.split(",")]
                else:
                    params[name] = _scalar(value, member)
        elif location == "headers":
            prefix = where.lower()
            found = {k[len(prefix) :]: v for k, v in exchange.headers if k.startswith(prefix)}
            if found:
                params[name] = found
        elif name == payload:
            if member.type_name in ("blob", "string"):
                if body:
                    params[name] = (
                        base64.b64encode(body).decode("ascii") if member.type_name == "blob" else body.decode()
                    )
            elif body.strip():
                params[name] = _read_body(body, member, protocol)
    if payload is None and body.strip():
        params.update(_read_body(body, shape, protocol, body_only=True))
    return params


def _query_names(shape: Shape) -> set[str]:
    return {
        str(m.serialization.get("name", n))
        for n, m in shape.members.items()
        if m.serialization.get("location") == "querystring"
    }


def _read_body(body: bytes, shape: Shape, protocol: str, body_only: bool = False) -> Any:
    if protocol == "rest-json":
        data = json.loads(body)
        return _from_json(data, shape, body_only)
    root = ElementTree.fromstring(body)
    return _from_xml(root, shape, body_only)


def _from_json(data: Any, shape: Shape, body_only: bool = False) -> Any:
    if shape.type_name == "structure" and isinstance(data, dict):
        out = {}
        for name, member in shape.members.items():
            if body_only and member.serialization.get("location"):
                continue
            key = str(member.serialization.get("name", name))
            if key in data:
                out[name] = _from_json(data[key], member)
        return out
    if shape.type_name == "list" and isinstance(data, list):
        return [_from_json(v, shape.member) for v in data]  # type: ignore[attr-defined]
    if shape.type_name == "map" and isinstance(data, dict):
        return {k: _from_json(v, shape.value) for k, v in data.items()}  # type: ignore[attr-defined]
    return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_xml(element: ElementTree.Element, shape: Shape, body_only: bool = False) -> Any:
    kind = shape.type_name
    if kind == "structure":
        out: dict[str, Any] = {}
        children = list(element)
        for name, member in shape.members.items():
            if (body_only and member.serialization.get("location")) or member.serialization.get("xmlAttribute"):
                continue
            tag = str(member.serialization.get("name", name))
            if member.type_name == "list" and member.serialization.get("flattened"):
                items = [c for c in children if _local(c.tag) == tag]
                if items:
                    out[name] = [_from_xml(c, member.member) for c in items]  # type: ignore[attr-defined]
                continue
            found = next((c for c in children if _local(c.tag) == tag), None)
            if found is not None:
                out[name] = _from_xml(found, member)
        return out
    if kind == "list":
        item = shape.member  # type: ignore[attr-defined]
        tag = str(item.serialization.get("name", "member"))
        return [_from_xml(c, item) for c in element if _local(c.tag) == tag]
    if kind == "map":
        key_tag = str(shape.key.serialization.get("name", "key"))  # type: ignore[attr-defined]
        value_tag = str(shape.value.serialization.get("name", "value"))  # type: ignore[attr-defined]
        result = {}
        for entry in element:
            parts = {_local(c.tag): c for c in entry}
            if key_tag in parts and value_tag in parts:
                result[parts[key_tag].text or ""] = _from_xml(parts[value_tag], cast(MapShape, shape).value)
        return result
    return _scalar(element.text or "", shape)


def _scalar(text: str, shape: Shape) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        return int(text)
    if kind in ("float", "double"):
        return float(text)
    if kind == "boolean":
        return text.strip().lower() == "true"
    if kind == "blob":
        return text.strip()  # base64 in XML bodies and headers
    if kind == "timestamp":
        return _epoch(text)
    return text


def _epoch(text: str) -> float | str:
    """A timestamp as epoch seconds, as the JSON protocols send it (ISO 8601, an HTTP date
    or epoch seconds); the text itself when it is none of those."""
    value = text.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()


# --- responses -------------------------------------------------------------------------------


def _rest_response(op: OperationModel, exchange: Exchange, protocol: str) -> dict[str, Any]:
    if exchange.status >= 300:
        return _error(exchange, protocol)
    shape = op.output_shape
    if shape is None:
        return {}
    out: dict[str, Any] = {}
    body = exchange.response_body
    payload = shape.serialization.get("payload")
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        where = str(member.serialization.get("name", name))
        if location == "header":
            value = exchange.header(where, response=True)
            if value is not None:
                out[name] = _scalar(value, member)
        elif location == "headers":
            prefix = where.lower()
            found = {k[len(prefix) :]: v for k, v in exchange.response_headers if k.startswith(prefix)}
            if found:
                out[name] = found
        elif location == "statusCode":
            out[name] = exchange.status
        elif name == payload:
            if member.type_name == "blob":
                out[name] = base64.b64encode(body).decode("ascii")
            elif member.type_name == "string":
                out[name] = body.decode("utf-8", "replace")
            elif body.strip():
                out[name] = _read_body(body, member, protocol)
    if payload is None and body.strip():
        out.update(_read_body(body, shape, protocol, body_only=True))
    return out


def _error(exchange: Exchange, protocol: str) -> dict[str, Any]:
    """An error response as the JSON protocols carry one: __type and message."""
    body = exchange.response_body
    if protocol == "rest-json":
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = {}
        kind = exchange.header("x-amzn-errortype", response=True) or str(data.get("__type") or data.get("code") or "")
        return {"__type": kind.split(":", 1)[0], "message": data.get("message") or data.get("Message") or ""}
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return {"__type": "", "message": body[:200].decode("utf-8", "replace")}
    code = next((e.text for e in root.iter() if _local(e.tag) == "Code"), "") or ""
    message = next((e.text for e in root.iter() if _local(e.tag) == "Message"), "") or ""
    return {"__type": code, "message": message}


def _query_response(op: OperationModel, exchange: Exchange) -> dict[str, Any]:
    if exchange.status >= 300:
        return _error(exchange, "query")
    shape = op.output_shape
    if shape is None or not exchange.response_body.strip():
        return {}
    root = ElementTree.fromstring(exchange.response_body)
    wrapper = shape.serialization.get("resultWrapper")
    if wrapper:
        found = next((e for e in root.iter() if _local(e.tag) == wrapper), None)
        if found is None:
            return {}
        root = found
    result = _from_xml(root, shape)
    return result if isinstance(result, dict) else {}


def _unflatten(form: dict[str, str], shape: Shape, protocol: str) -> dict[str, Any]:
    """Form fields (Tags.member.1.Key=…) back into members, guided by the input shape."""
    out: dict[str, Any] = {}
    for name, member in shape.members.items():
        value = _form_value(form, _form_name(name, member, protocol), member, protocol)
        if value is not None:
            out[name] = value
    return out


def _form_name(name: str, member: Shape, protocol: str) -> str:
    """The form key of a member: its location name; for EC2, its queryName or that name
    with a capital first letter (as botocore's EC2 serializer writes it)."""
    key = str(member.serialization.get("name", name))
    if protocol == "ec2":
        key = str(member.serialization.get("queryName") or key[:1].upper() + key[1:])
    return key


def _form_value(form: dict[str, str], prefix: str, shape: Shape, protocol: str) -> Any:
    kind = shape.type_name
    if kind == "structure":
        found = {}
        for name, member in shape.members.items():
            key = _form_name(name, member, protocol)
            value = _form_value(form, f"{prefix}.{key}", member, protocol)
            if value is not None:
                found[name] = value
        return found or None
    if kind == "list":
        item = shape.member  # type: ignore[attr-defined]
        flattened = shape.serialization.get("flattened") or protocol == "ec2"
        base = prefix if flattened else f"{prefix}.{item.serialization.get('name', 'member')}"
        items = []
        index = 1
        while True:
            value = _form_value(form, f"{base}.{index}", item, protocol)
            if value is None:
                break
            items.append(value)
            index += 1
        if not items and form.get(prefix) == "":
            return []
        return items or None
    if kind == "map":
        base = prefix if shape.serialization.get("flattened") else f"{prefix}.entry"
        key_name = str(shape.key.serialization.get("name", "key"))  # type: ignore[attr-defined]
        value_name = str(shape.value.serialization.get("name", "value"))  # type: ignore[attr-defined]
        result = {}
        index = 1
        while f"{base}.{index}.{key_name}" in form:
            value = _form_value(form, f"{base}.{index}.{value_name}", cast(MapShape, shape).value, protocol)
            result[form[f"{base}.{index}.{key_name}"]] = value
            index += 1
        return result or None
    if prefix not in form:
        return None
    return _scalar(form[prefix], shape)
