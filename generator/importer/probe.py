"""Each imported example's call made once against moto (in-process), to note what cannot run there."""

from __future__ import annotations

import re
import warnings
from typing import Any

from botocore import xform_name

from ..model import (
    BoolValue,
    Call,
    JsonDocValue,
    ListValue,
    MapValue,
    Model,
    NumValue,
    PlaceholderRef,
    StructValue,
    StrValue,
    Value,
)

__all__ = ["moto_implements", "probe"]

_STAND_IN = re.compile(r"<[^<>]+>")  # how shared examples write binary data: <binary data>, <HMAC_TAG>


def moto_implements(service: str) -> bool:
    """True when moto has a backend for the service (only then is an example tried)."""
    from moto.backends import ALT_SERVICE_NAMES, list_of_moto_modules

    return ALT_SERVICE_NAMES.get(service, service).replace("-", "") in set(list_of_moto_modules())


def probe(model: Model) -> dict[str, str]:
    """Make each operation's call once against moto: operation id -> "" when it succeeded,
    else why it cannot run there ("moto 5.2.5 does not implement X", the error moto answered).

    moto runs as verification runs it (its server, on loopback, so that a service moto serves
    only in-process is not taken as runnable), with a fresh seeded world for each example.
    Fixtures are made before each call, by verification's own create_fixtures, and their
    values replace the placeholders' shown values in every string, as verification does;
    messages show the placeholders' values again, so that the result is the same every run."""
    import boto3
    import moto
    from botocore.config import Config
    from botocore.exceptions import ClientError

    from ..moto_server import RecordingMotoServer
    from ..verify import FixtureFailed, create_fixtures  # fixtures made exactly as verification makes them

    version = f"moto {moto.__version__}"
    results: dict[str, str] = {}
    with warnings.catch_warnings(), RecordingMotoServer() as server:
        warnings.simplefilter("ignore")  # moto warns about its own error shapes; the answer is what counts
        client = boto3.client(
            model.service,
            region_name=model.region,
            endpoint_url=server.url,
            aws_access_key_id="POLYSNIPPROBE",
            aws_secret_access_key="polysnip-probe-secret",
            config=Config(retries={"max_attempts": 1}),
        )
        for operation in model.operations:
            call = operation.call
            values: dict[str, str] = {}
            server.fresh_world()  # as verification gives each program
            seen = len(server.recorder.all())
            try:
                values = create_fixtures(model, client)
                params = {param.name: _boto_value(param.value, model, values) for param in call.params}
                getattr(client, xform_name(call.operation))(**params)
            except FixtureFailed as exc:  # the example never ran: its fixture is the reason
                results[operation.id] = f"{version}: {_shown(str(exc), model, values)}"
            except NotImplementedError:
                results[operation.id] = f"{version} does not implement {call.operation}"
            except ClientError as exc:
                raised = next((e.moto_error for e in reversed(server.recorder.all()[seen:]) if e.moto_error), "")
                if raised.startswith("NotImplementedError"):  # moto's server answers it as a 500
                    results[operation.id] = f"{version} does not implement {call.operation}"
                    continue
                if raised:
                    results[operation.id] = f"{version} raised {_shown(raised, model, values)}"
                    continue
                error = exc.response.get("Error", {})
                status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
                answer = f"{error.get('Code') or 'HTTP ' + str(status)}: {error.get('Message') or ''}".rstrip(": ")
                results[operation.id] = f"{version} answered {_shown(answer, model, values)}{_stand_ins(call)}"
            except Exception as exc:  # whatever else the SDK or moto raised is a reason, not a crash
                results[operation.id] = f"{version} raised {type(exc).__name__}: {_shown(str(exc), model, values)}"
            else:
                results[operation.id] = ""
    return results


def _stand_ins(call: Call) -> str:
    """A note naming the binary members whose example value is only a stand-in such as <binary data>."""
    names = [
        p.name
        for p in call.params
        if isinstance(p.value, StrValue) and p.value.shape.type_name == "blob" and _STAND_IN.fullmatch(p.value.text)
    ]
    return (
        f" (the example's {', '.join(names)} {'is a stand-in' if len(names) == 1 else 'are stand-ins'} for real data)"
        if names
        else ""
    )


def _boto_value(value: Value, model: Model, values: dict[str, str]) -> Any:
    """A model value as boto3 takes it, with fixture values in place of placeholders' shown ones."""
    if isinstance(value, (StrValue, PlaceholderRef)):
        text = value.text if isinstance(value, StrValue) else value.display
        for placeholder in model.placeholders:  # in spec order, as verification swaps them
            if placeholder.name in values:
                text = text.replace(placeholder.display, values[placeholder.name])
        return text.encode() if value.shape.type_name == "blob" else text
    if isinstance(value, (NumValue, BoolValue)):
        return value.number if isinstance(value, NumValue) else value.flag
    if isinstance(value, ListValue):
        return [_boto_value(item, model, values) for item in value.items]
    if isinstance(value, (MapValue, StructValue)):
        pairs = value.entries if isinstance(value, MapValue) else value.members
        return {key: _boto_value(item, model, values) for key, item in pairs}
    if isinstance(value, JsonDocValue):
        return _boto_value(StrValue(value.document.text, value.shape), model, values)
    raise TypeError(f"an imported example cannot hold {type(value).__name__}")


def _shown(text: str, model: Model, values: dict[str, str]) -> str:
    for placeholder in model.placeholders:
        if placeholder.name in values:
            text = text.replace(values[placeholder.name], placeholder.display)
    return " ".join(text.split())
