#!/usr/bin/env python3
"""A third-party RLPx peer for Parley's devp2p interop tests (wire-facts §1).

Everything on the wire comes from the `p2p` package of Trinity (PyPI `trinity==0.1.0a37`,
installed with --no-deps, see Tests/Interop/requirements-nodeps.txt): ECIES and the auth/ack
handshake (`p2p.auth`, `p2p.ecies`), frame encryption and MACs (`p2p.transport.Transport`), the
`p2p` base protocol — Hello exchange with snappy negotiation and capability selection
(`p2p.handshake._do_p2p_handshake`, `_select_capabilities`, `p2p.protocol.get_cmd_offsets`),
message encoding, decoding and snappy (`p2p.p2p_proto`, `p2p.commands`). This script only wires
those pieces to a socket, reads messages in a loop and declares the `echo/1` test capability (two
codes: 0 = request, 1 = reply with the same payload, like Parley's TestKit EchoHandler).

(Trinity's `Multiplexer` and `stream_transport_messages` are not used for reading: once asyncio has
seen the remote close they stop, even with the remote's last messages — typically its Disconnect —
still buffered, so the reason a peer gives for hanging up would be lost.)

Modes:

  rlpx_peer.py listen --key HEX [--port 0]
      Accepts one connection (either handshake format; Trinity answers in kind).
  rlpx_peer.py dial --key HEX --enode enode://…@127.0.0.1:PORT [--handshake legacy|eip8]
      `legacy` is Trinity's own dialer (`Transport.connect`, which always sends pre-EIP-8 auth).
      `eip8` drives Trinity's `HandshakeInitiator(use_eip8=True)`: Trinity's dialer reads only a
      legacy-sized ack, so this script reads the size-prefixed EIP-8 ack itself.

  rlpx_peer.py check
      Imports Trinity's p2p package and prints {"event": "ready", "trinity": VERSION}.

Common options: --p2p-version 5|4 (4 = no snappy), --client-id, --listen-port (announced in
Hello), --capability NAME/VERSION (announce it instead of echo/1: then nothing is shared),
--request HEX (payload of our echo request; an RLP byte string is sent), --expect-requests N,
--hangup (send Disconnect(client quitting) once the exchange is complete), --timeout SECONDS.

After the Hello exchange the peer sends one Ping and one echo request, answers Pings with Pong and
echo requests with replies, and prints one JSON object per line on stdout:

  {"event": "listening", "port": P, "enode": "enode://…"}
  {"event": "handshake", "role": "recipient"|"initiator", "format": "eip8"|"legacy", "remote": HEX}
  {"event": "hello", "version": 5, "client": "…", "caps": [["echo", 1]], "listen_port": P,
   "node_id": HEX, "snappy": true, "shared": [["echo", 1]], "echo_offset": 16}
  {"event": "ping"}                          the remote pinged us (we answered Pong)
  {"event": "pong"}                          the remote answered our Ping
  {"event": "echo-request", "payload": HEX}  the remote asked; we replied with the same payload
  {"event": "echo-reply", "payload": HEX, "matches": true}
  {"event": "exchange-complete"}             pinged, ponged, our reply seen, N requests served
  {"event": "no-shared-capability"}          then the remote's Disconnect, or {"event": "silence"}
  {"event": "disconnect", "reason": N, "name": "…"}
  {"event": "closed", "outcome": "disconnect"|"hangup"|"closed"|"refused"}
  {"event": "error", "message": "…"}         then exit status 1 (2 on --timeout)
"""

import argparse
import asyncio
import importlib.metadata
import json
import logging
import os
import sys
import types
import warnings

# ---------------------------------------------------------------- shims for Trinity's imports
#
# Only import-time plumbing is replaced; no protocol code. Trinity 0.1.0a37 imports
#   * `sha3` (pysha3, which does not build on Python 3.11) for running keccak MAC states: the same
#     Keccak-256 with update-after-digest comes from eth-hash's pycryptodome backend;
#   * `eth` (py-evm, a whole EVM) only to install the DEBUG2 log level;
#   * `trinity._utils.logging.get_logger` (which imports the Trinity node) only to name loggers.

def _missing_dependency(error):
    # One machine-readable line, like every other failure (the Swift test shows it).
    print(json.dumps({"event": "error", "message": f"cannot import Trinity's p2p stack: {error!r}; "
                      "install Tests/Interop/requirements*.txt (scripts/setup.sh --with-venv)"}), flush=True)
    sys.exit(1)


try:
    from eth_hash.auto import keccak as _keccak
    import eth_utils
except ImportError as _missing:
    _missing_dependency(_missing)

_sha3 = types.ModuleType("sha3")
_sha3.keccak_256 = lambda data=b"": _keccak.new(data)
sys.modules.setdefault("sha3", _sha3)

_eth = types.ModuleType("eth")
eth_utils.setup_DEBUG2_logging()
sys.modules.setdefault("eth", _eth)

for _name in ("trinity", "trinity._utils"):
    sys.modules.setdefault(_name, types.ModuleType(_name))
_trinity_logging = types.ModuleType("trinity._utils.logging")
_trinity_logging.get_logger = eth_utils.get_extended_debug_logger
sys.modules.setdefault("trinity._utils.logging", _trinity_logging)

warnings.filterwarnings("ignore")   # Trinity on newer libraries: deprecation noise on stderr

try:
    import rlp
    from eth_keys import keys

    from p2p.auth import HandshakeInitiator
    from p2p.commands import BaseCommand, RLPCodec
    from p2p.constants import ENCRYPTED_AUTH_ACK_LEN, ENCRYPTED_AUTH_MSG_LEN, HASH_LEN
    from p2p.disconnect import DisconnectReason
    from p2p.handshake import DevP2PHandshakeParams, _do_p2p_handshake, _select_capabilities
    from p2p.exceptions import PeerConnectionLost
    from p2p.kademlia import Node
    from p2p.p2p_proto import Disconnect, Ping, Pong
    from p2p.protocol import BaseProtocol, get_cmd_offsets
    from p2p.transport import Transport
except ImportError as _missing:
    _missing_dependency(_missing)


# ---------------------------------------------------------------- output

def emit(event, **fields):
    print(json.dumps({"event": event, **fields}, sort_keys=True), flush=True)


class PeerError(Exception):
    pass


# ---------------------------------------------------------------- the echo/1 capability

class EchoRequest(BaseCommand[bytes]):
    protocol_command_id = 0
    serialization_codec = RLPCodec(sedes=rlp.sedes.binary)


class EchoReply(BaseCommand[bytes]):
    protocol_command_id = 1
    serialization_codec = RLPCodec(sedes=rlp.sedes.binary)


class EchoProtocol(BaseProtocol):
    name = "echo"
    version = 1
    commands = (EchoRequest, EchoReply)
    command_length = 2


def announced_protocol(capability):
    """EchoProtocol under another name/version (`--capability other/3`), to provoke refusals."""
    name, _, version = capability.partition("/")
    if (name, version) == ("echo", "1"):
        return EchoProtocol
    return type("AnnouncedProtocol", (EchoProtocol,), {"name": name, "version": int(version)})


# ---------------------------------------------------------------- handshakes

class RecordingReader:
    """Wraps a StreamReader and counts the bytes the RLPx handshake reads (to tell the format)."""

    def __init__(self, reader):
        self._reader = reader
        self.handshake_bytes = 0

    async def readexactly(self, n):
        data = await self._reader.readexactly(n)
        self.handshake_bytes += len(data)
        return data

    def __getattr__(self, name):
        return getattr(self._reader, name)


async def accept_one(private_key, port):
    """Listens on 127.0.0.1 and runs Trinity's recipient handshake for the first connection."""
    connected = asyncio.get_running_loop().create_future()

    async def on_connect(reader, writer):
        if connected.done():
            writer.close()
            return
        connected.set_result((reader, writer))

    server = await asyncio.start_server(on_connect, "127.0.0.1", port)
    bound = server.sockets[0].getsockname()[1]
    emit("listening", port=bound,
         enode=f"enode://{private_key.public_key.to_bytes().hex()}@127.0.0.1:{bound}")
    reader, writer = await connected
    server.close()
    recording = RecordingReader(reader)
    transport = await Transport.receive_connection(recording, writer, private_key)
    size = recording.handshake_bytes
    handshake_format = "legacy" if size == ENCRYPTED_AUTH_MSG_LEN else "eip8"
    emit("handshake", role="recipient", format=handshake_format,
         remote=transport.remote.pubkey.to_bytes().hex(), auth_bytes=size)
    return transport


async def dial_legacy(private_key, remote):
    """Trinity's own dialer: pre-EIP-8 auth, legacy ack."""
    transport = await Transport.connect(remote, private_key)
    emit("handshake", role="initiator", format="legacy", remote=remote.pubkey.to_bytes().hex())
    return transport


async def dial_eip8(private_key, remote):
    """Trinity's HandshakeInitiator with use_eip8=True; the ack is read by its size prefix."""
    initiator = HandshakeInitiator(remote, private_key, use_eip8=True)
    reader, writer = await initiator.connect()
    try:
        nonce = _keccak(os.urandom(HASH_LEN))
        auth = initiator.encrypt_auth_message(initiator.create_auth_message(nonce))
        writer.write(auth)
        await writer.drain()
        prefix = await asyncio.wait_for(reader.readexactly(2), timeout=5)
        size = int.from_bytes(prefix, "big")
        if size + 2 <= ENCRYPTED_AUTH_ACK_LEN:
            raise PeerError(f"ack size prefix {size} is not an EIP-8 ack")
        ack = prefix + await asyncio.wait_for(reader.readexactly(size), timeout=5)
        remote_ephemeral, remote_nonce = initiator.decode_auth_ack_message(ack)
        secrets = initiator.derive_secrets(nonce, remote_nonce, remote_ephemeral, auth, ack)
    except BaseException:
        writer.close()
        raise
    emit("handshake", role="initiator", format="eip8", remote=remote.pubkey.to_bytes().hex(),
         ack_bytes=len(ack))
    aes_secret, mac_secret, egress_mac, ingress_mac = secrets
    return Transport(remote=remote, private_key=private_key, reader=reader, writer=writer,
                     aes_secret=aes_secret, mac_secret=mac_secret,
                     egress_mac=egress_mac, ingress_mac=ingress_mac)


# ---------------------------------------------------------------- the session

async def messages(transport, *protocols):
    """Decoded commands until the connection ends. Trinity's `stream_transport_messages`, minus
    its `while not transport.is_closing` guard: that guard drops what the remote sent just before
    closing (typically its Disconnect) once asyncio has seen EOF, although the bytes are buffered."""
    while True:
        try:
            message = await transport.recv()
        except PeerConnectionLost:
            return
        for protocol in protocols:
            if message.command_id < protocol.command_id_offset + protocol.command_length:
                command_type = protocol.get_command_type_for_command_id(message.command_id)
                yield command_type.decode(message, protocol.snappy_support)
                break
        else:
            raise PeerError(f"no protocol for message code {message.command_id}")


async def run_session(transport, args):
    """Hello exchange and capability selection with Trinity's own functions, then one read loop
    that decodes (and decompresses) each message with the protocol owning its code."""
    params = DevP2PHandshakeParams(client_version_string=args.client_id,
                                   listen_port=args.listen_port, version=args.p2p_version)
    announced = announced_protocol(args.capability)
    local_caps = (announced.as_capability(),)
    # Trinity's base protocol starts without snappy and is replaced by one with snappy iff both
    # Hellos say version >= 5 (p2p.handshake._do_p2p_handshake).
    ephemeral = params.get_base_protocol_class()(transport, command_id_offset=0, snappy_support=False)
    receipt, base = await _do_p2p_handshake(transport, local_caps, params, ephemeral)
    shared = _select_capabilities(receipt.capabilities, local_caps)
    offsets = get_cmd_offsets((announced,)) if shared else ()
    emit("hello", version=receipt.version, client=receipt.client_version_string,
         caps=[[name, version] for name, version in receipt.capabilities],
         listen_port=receipt.listen_port, node_id=receipt.remote_public_key.hex(),
         snappy=base.snappy_support, shared=[list(cap) for cap in shared],
         echo_offset=offsets[0] if offsets else None)
    if not shared:
        await report_refusal(transport, base)
        return
    echo = announced(transport, offsets[0], base.snappy_support)

    request = bytes.fromhex(args.request)
    progress = {"ping": False, "pong": False, "reply": False, "served": 0}

    def complete():
        return (progress["ping"] and progress["pong"] and progress["reply"]
                and progress["served"] >= args.expect_requests)

    async def serve():
        """Returns the outcome: "disconnect", "hangup" or "closed" (the connection dropped)."""
        reported = False
        async for cmd in messages(transport, base, echo):
            if isinstance(cmd, Ping):
                emit("ping")
                base.send(Pong(None))
                progress["ping"] = True
            elif isinstance(cmd, Pong):
                emit("pong")
                progress["pong"] = True
            elif isinstance(cmd, Disconnect):
                emit("disconnect", reason=cmd.payload.value, name=cmd.payload.name)
                return "disconnect"
            elif isinstance(cmd, EchoRequest):
                echo.send(EchoReply(cmd.payload))
                emit("echo-request", payload=cmd.payload.hex())
                progress["served"] += 1
            elif isinstance(cmd, EchoReply):
                emit("echo-reply", payload=cmd.payload.hex(), matches=cmd.payload == request)
                progress["reply"] = True
            else:
                emit("unexpected", command=type(cmd).__name__)
            if not reported and complete():
                reported = True
                emit("exchange-complete")
                if args.hangup:
                    base.send(Disconnect(DisconnectReason.CLIENT_QUITTING))
                    return "hangup"
        return "closed"

    base.send(Ping(None))
    echo.send(EchoRequest(request))
    try:
        outcome = await serve()
    finally:
        await transport.close()
    emit("closed", outcome=outcome)


async def report_refusal(transport, base):
    """No shared capability (Trinity would hang up here). Read what the remote sends first: a peer
    that refuses us too should say why with a Disconnect."""
    emit("no-shared-capability")

    async def read_reason():
        async for cmd in messages(transport, base):
            if isinstance(cmd, Disconnect):
                emit("disconnect", reason=cmd.payload.value, name=cmd.payload.name)
                return
            emit("unexpected", command=type(cmd).__name__)

    try:
        await asyncio.wait_for(read_reason(), timeout=5)
    except asyncio.TimeoutError:
        emit("silence")
    await transport.close()
    emit("closed", outcome="refused")


async def main_async(args):
    private_key = keys.PrivateKey(bytes.fromhex(args.key))
    if args.mode == "listen":
        transport = await accept_one(private_key, args.port)
    else:
        remote = Node.from_uri(args.enode)
        if args.handshake == "legacy":
            transport = await dial_legacy(private_key, remote)
        else:
            transport = await dial_eip8(private_key, remote)
    await run_session(transport, args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["listen", "dial", "check"])
    parser.add_argument("--key", help="32-byte secp256k1 private key, hex")
    parser.add_argument("--port", type=int, default=0, help="listen mode: TCP port (0 = any)")
    parser.add_argument("--enode", help="dial mode: enode://<pub64 hex>@<ip>:<port>")
    parser.add_argument("--handshake", choices=["legacy", "eip8"], default="legacy")
    parser.add_argument("--p2p-version", type=int, choices=[4, 5], default=5)
    parser.add_argument("--client-id", default="trinity-p2p/0.1.0a37/interop")
    parser.add_argument("--capability", default="echo/1",
                        help="capability to announce (NAME/VERSION; anything but echo/1 is useless to Parley)")
    parser.add_argument("--listen-port", type=int, default=0, help="port announced in Hello")
    parser.add_argument("--request", default="74726e", help="payload of our echo request, hex")
    parser.add_argument("--expect-requests", type=int, default=1,
                        help="echo requests to serve before the exchange counts as complete")
    parser.add_argument("--hangup", action="store_true",
                        help="send Disconnect(client quitting) once the exchange is complete")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    if args.mode == "check":
        emit("ready", trinity=importlib.metadata.version("trinity"))
        return
    if not args.key:
        parser.error(f"{args.mode} needs --key")
    if args.mode == "dial" and not args.enode:
        parser.error("dial needs --enode")
    logging.basicConfig(level=logging.CRITICAL)
    try:
        asyncio.run(asyncio.wait_for(main_async(args), timeout=args.timeout))
    except asyncio.TimeoutError:
        emit("error", message=f"timed out after {args.timeout} s")
        sys.exit(2)
    except Exception as error:  # report every failure as one machine-readable line
        emit("error", message=f"{type(error).__name__}: {error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
