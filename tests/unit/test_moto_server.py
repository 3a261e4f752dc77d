"""The recording moto server speaks HTTP/1.1 the way pooling SDK clients expect, and records
every request, signed or not."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator

import pytest

from generator.moto_server import RecordingMotoServer

_AUTH = "AWS4-HMAC-SHA256 Credential={key}/20260101/us-west-2/kms/aws4_request, SignedHeaders=host, Signature=0"


def _headers(key: str | None, operation: str = "ListKeys") -> dict[str, str]:
    headers = {"X-Amz-Target": f"TrentService.{operation}", "Content-Type": "application/x-amz-json-1.1"}
    if key is not None:
        headers["Authorization"] = _AUTH.format(key=key)
    return headers


@pytest.fixture
def server() -> Iterator[RecordingMotoServer]:
    with RecordingMotoServer() as running:
        yield running


def _port(server: RecordingMotoServer) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_one_connection_serves_many_requests(server: RecordingMotoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    sockets = set()
    for _ in range(5):
        connection.request("POST", "/", body=b"{}", headers=_headers("KEEPALIVE"))
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200
        assert response.getheader("Connection") is None
        assert int(response.getheader("Content-Length") or -1) == len(body)
        assert isinstance(json.loads(body)["Keys"], list)
        sockets.add(id(connection.sock))
    assert len(sockets) == 1, "the connection was not kept alive"
    assert len(server.exchanges("KEEPALIVE")) == 5


def test_a_chunked_request_body_is_read_to_its_end(server: RecordingMotoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    body = json.dumps({"Description": "chunked"}).encode()
    connection.request("POST", "/", body=iter([body[:5], body[5:]]), headers=_headers("CHUNKED", "CreateKey"),
                       encode_chunked=True)  # fmt: skip
    response = connection.getresponse()
    assert response.status == 200, response.read()
    assert json.loads(response.read())["KeyMetadata"]["Description"] == "chunked"
    connection.request("POST", "/", body=b"{}", headers=_headers("CHUNKED"))  # the same connection still works
    assert connection.getresponse().status == 200
    recorded = server.exchanges("CHUNKED")
    assert [e.operation for e in recorded] == ["CreateKey", "ListKeys"]
    assert recorded[0].request == {"Description": "chunked"}


def test_connection_close_is_honoured(server: RecordingMotoServer) -> None:
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=10) as sock:
        headers = "".join(f"{k}: {v}\r\n" for k, v in _headers("CLOSE").items())
        request = f"POST / HTTP/1.1\r\nHost: x\r\n{headers}Content-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):  # the server must end the connection itself
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"Connection: close" in head
    assert isinstance(json.loads(body)["Keys"], list)


def test_concurrent_clients_are_all_served_and_attributed(server: RecordingMotoServer) -> None:
    errors: list[BaseException] = []

    def client(number: int) -> None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=30)
            for _ in range(10):
                connection.request("POST", "/", body=b"{}", headers=_headers(f"CLIENT{number}"))
                response = connection.getresponse()
                response.read()
                assert response.status == 200
        except BaseException as exc:  # collected for the main thread
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert all(len(server.exchanges(f"CLIENT{n}")) == 10 for n in range(16))


def test_unsigned_requests_and_moto_api_calls_are_recorded(server: RecordingMotoServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=10)
    connection.request("POST", "/", body=b"{}", headers=_headers(None))
    connection.getresponse().read()
    connection.request("POST", "/moto-api/reset")
    connection.getresponse().read()
    described = [e.describe() for e in server.all_exchanges()]
    assert described == ["ListKeys (unsigned)", "POST /moto-api/reset (unsigned)"]
    assert all(e.at > 0 for e in server.all_exchanges())


def test_stopping_ends_connections_clients_still_hold() -> None:
    with RecordingMotoServer() as running:
        connection = http.client.HTTPConnection("127.0.0.1", _port(running), timeout=10)
        connection.request("POST", "/", body=b"{}", headers=_headers("IDLE"))
        connection.getresponse().read()
        before = threading.active_count()
    # The handler thread of the idle kept-alive connection ends with the server.
    for _ in range(100):
        if threading.active_count() < before:
            break
        threading.Event().wait(0.02)
    assert threading.active_count() < before


def test_moto_has_no_say_on_stdout_for_a_service_it_lacks(capfd: pytest.CaptureFixture[str]) -> None:
    # moto print()s "Unable to find appropriate backend" for an unknown host; under
    # `polysnip verify --json` stdout is the JSON document and must hold nothing else
    with RecordingMotoServer() as moto:
        host, port = moto.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        credential = "Credential=POLYSNIPTEST/20260101/us-east-1/cloud9/aws4_request"
        connection.request("POST", "/", body=b"{}", headers={
            "Host": "cloud9.us-east-1.amazonaws.com", "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCloud9WorkspaceManagementService.ListEnvironments",
            "Authorization": f"AWS4-HMAC-SHA256 {credential}, SignedHeaders=host, Signature=0"})
        connection.getresponse().read()
        connection.close()
    out, _ = capfd.readouterr()
    assert "Unable to find appropriate backend" not in out


def test_kms_key_pairs_are_made_when_first_used(server: RecordingMotoServer) -> None:
    import boto3
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.kms.models import kms_backends

    kms = boto3.client("kms", region_name="us-west-2", endpoint_url=server.url,
                       aws_access_key_id="PAIRS", aws_secret_access_key="x")  # fmt: skip
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    keys = kms_backends[DEFAULT_ACCOUNT_ID]["us-west-2"].keys
    assert keys[symmetric].private_key._pair is None  # CreateKey made no RSA key
    assert keys[signing].private_key._pair is None
    signature = kms.sign(KeyId=signing, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")["Signature"]
    assert kms.verify(KeyId=signing, Message=b"m", Signature=signature, SigningAlgorithm="RSASSA_PSS_SHA_256")[
        "SignatureValid"
    ]
    public = kms.get_public_key(KeyId=signing)["PublicKey"]
    assert keys[signing].private_key._pair is not None
    assert kms.get_public_key(KeyId=signing)["PublicKey"] == public  # the same pair on every later use
    assert keys[symmetric].private_key._pair is None
