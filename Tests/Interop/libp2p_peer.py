"""py-libp2p interop peer for Tests/Libp2pTests/PyLibp2pInteropTests.swift (reference implementation, loopback only).

  listen MUXER KEYTYPE   listen on 127.0.0.1 (explicit bind), print {"peer_id", "addr"}; then read commands from stdin:
                         "identify PEER" / "ping PEER N" act on the existing connection and print one JSON line each.
  dial MUXER KEYTYPE MULTIADDR N
                         connect, identify the peer, ping it N times, print one JSON line, exit.
MUXER is YAMUX or MPLEX (the preferred one, proposed first); KEYTYPE secp256k1 or ed25519.
"""
import json
import sys

import multiaddr
import trio
from libp2p import new_host
from libp2p.crypto import ed25519, secp256k1
from libp2p.host.ping import PingService
from libp2p.identity.identify.identify import ID as IDENTIFY_ID, parse_identify_response
from libp2p.peer.id import ID
from libp2p.peer.peerinfo import info_from_p2p_addr


def emit(obj):
    print(json.dumps(obj), flush=True)


def make_host(muxer, keytype):
    key_pair = secp256k1.create_new_key_pair() if keytype == "secp256k1" else ed25519.create_new_key_pair()
    return new_host(key_pair=key_pair, muxer_preference=muxer)


async def identify(host, peer_id):
    stream = await host.new_stream(peer_id, [IDENTIFY_ID])
    data = b""
    while True:
        try:
            chunk = await stream.read()
        except Exception as error:  # py-libp2p raises StreamEOF once the peer closed its side
            if type(error).__name__ != "StreamEOF":
                raise
            break
        if not chunk:
            break
        data += chunk
    await stream.close()
    record = parse_identify_response(data)
    return {"protocols": list(record.protocols), "agent": record.agent_version,
            "observed": str(multiaddr.Multiaddr(record.observed_addr)) if record.observed_addr else None,
            "muxer": muxer_of(host, peer_id)}


def muxer_of(host, peer_id):
    try:
        conns = host.get_network().get_connections(peer_id)
        conn = conns[0] if isinstance(conns, list) else conns
        return type(conn.muxed_conn).__name__
    except Exception as error:  # the muxer class name is a diagnostic only
        return f"unknown ({error})"


async def listen(muxer, keytype):
    host = make_host(muxer, keytype)
    listen_addr = multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")
    async with host.run(listen_addrs=[listen_addr]):
        addrs = [a for a in host.get_addrs() if "/tcp/" in str(a)]
        emit({"peer_id": host.get_id().to_base58(), "addr": str(addrs[0])})
        stdin = trio.wrap_file(sys.stdin)
        while True:
            line = await stdin.readline()
            if not line:
                return
            parts = line.split()
            if len(parts) < 2:
                continue
            try:
                peer = ID.from_base58(parts[1])
                if parts[0] == "identify":
                    emit({"identify": await identify(host, peer)})
                elif parts[0] == "ping":
                    rtts = await PingService(host).ping(peer, ping_amt=int(parts[2]))
                    emit({"rtts_ms": rtts})
            except Exception as error:
                emit({"error": f"{type(error).__name__}: {error}"})


async def dial(muxer, keytype, target, rounds):
    host = make_host(muxer, keytype)
    async with host.run(listen_addrs=[multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]):
        info = info_from_p2p_addr(multiaddr.Multiaddr(target))
        try:
            with trio.fail_after(20):
                await host.connect(info)
                result = {"peer_id": host.get_id().to_base58(), "remote": info.peer_id.to_base58(),
                          "identify": await identify(host, info.peer_id),
                          "rtts_ms": await PingService(host).ping(info.peer_id, ping_amt=rounds)}
        except BaseException as error:  # report, do not hang the Swift side
            result = {"error": f"{type(error).__name__}: {error}"}
        emit(result)


def main():
    mode, muxer, keytype = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "listen":
        trio.run(listen, muxer, keytype)
    else:
        trio.run(dial, muxer, keytype, sys.argv[4], int(sys.argv[5]))


if __name__ == "__main__":
    main()
