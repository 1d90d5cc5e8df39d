"""py-libp2p 0.8.1 /rendezvous/1.0.0 interop peer for Tests/RendezvousTests/PyRendezvousInteropTests.swift (loopback only).

  server                 run a RendezvousService on 127.0.0.1 (secp256k1 key, yamux); print {"peer_id", "addr"};
                         then on stdin "discover NS" prints {"peers": [...]} from a local client of its own; EOF ends.
  client MULTIADDR NS    connect to a rendezvous point, then: register NS (ttl 7200), discover NS limit 1 and page on
                         with the cookie, unregister, discover again; print one JSON line with everything seen.
  expire MULTIADDR NS TTL  register NS with a TTL of TTL seconds (the client's 120 s minimum, a client-side check only,
                         lowered for the test), check it is listed, then discover every 0.25 s until it is gone;
                         print {"listed", "expired_after"} (seconds from the REGISTER_RESPONSE).
  seal                   seal a signed peer record (py-libp2p's own envelope code) for a fresh key with
                         /ip4/127.0.0.1/tcp/4001; print {"envelope": hex, "peer_id", "addrs"}.
  open HEX               consume_envelope(HEX, "libp2p-peer-record"); print {"peer_id", "addrs", "seq"} or {"rejected": why}.
"""
import json
import sys

import multiaddr
import trio
from libp2p import new_host
from libp2p.crypto import secp256k1
from libp2p.discovery.rendezvous import RendezvousClient, RendezvousService
from libp2p.peer.peerinfo import info_from_p2p_addr


def emit(obj):
    print(json.dumps(obj), flush=True)


def make_host():
    return new_host(key_pair=secp256k1.create_new_key_pair(), muxer_preference="YAMUX")


async def server():
    host = make_host()
    async with host.run(listen_addrs=[multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]):
        service = RendezvousService(host)
        addrs = [a for a in host.get_addrs() if "/tcp/" in str(a)]
        emit({"peer_id": host.get_id().to_base58(), "addr": str(addrs[0])})
        stdin = trio.wrap_file(sys.stdin)
        while True:
            line = await stdin.readline()
            if not line:
                return
            parts = line.split()
            if len(parts) == 2 and parts[0] == "stats":
                emit({"stats": service.get_namespace_stats()})


async def client(target, namespace):
    host = make_host()
    async with host.run(listen_addrs=[multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]):
        info = info_from_p2p_addr(multiaddr.Multiaddr(target))
        result = {"peer_id": host.get_id().to_base58()}
        try:
            with trio.fail_after(30):
                await host.connect(info)
                rc = RendezvousClient(host, info.peer_id)
                result["ttl"] = await rc.register(namespace, 7200)
                pages, cookie = [], b""
                for _ in range(10):
                    peers, cookie = await rc.discover(namespace, 1, cookie)
                    if not peers:
                        break
                    pages.append([p.peer_id.to_base58() for p in peers])
                result["pages"] = pages
                await rc.unregister(namespace)
                await trio.sleep(0.3)
                peers, _ = await rc.discover(namespace, 100)
                result["after_unregister"] = [p.peer_id.to_base58() for p in peers]
        except BaseException as error:  # report, do not hang the Swift side
            result["error"] = f"{type(error).__name__}: {error}"
        emit(result)


async def expire(target, namespace, ttl):
    import libp2p.discovery.rendezvous.client as client_module
    client_module.MIN_TTL = 1
    host = make_host()
    async with host.run(listen_addrs=[multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]):
        info = info_from_p2p_addr(multiaddr.Multiaddr(target))
        me = host.get_id().to_base58()
        result = {"peer_id": me}
        try:
            with trio.fail_after(ttl + 30):
                await host.connect(info)
                rc = RendezvousClient(host, info.peer_id)
                result["ttl"] = await rc.register(namespace, ttl)
                registered = trio.current_time()
                peers, _ = await rc.discover(namespace, 100)
                result["listed"] = me in [p.peer_id.to_base58() for p in peers]
                while True:
                    peers, _ = await rc.discover(namespace, 100)
                    if me not in [p.peer_id.to_base58() for p in peers]:
                        result["expired_after"] = trio.current_time() - registered
                        break
                    await trio.sleep(0.25)
        except BaseException as error:  # report, do not hang the Swift side
            result["error"] = f"{type(error).__name__}: {error}"
        emit(result)


def seal():
    from libp2p.peer.envelope import seal_record
    from libp2p.peer.id import ID
    from libp2p.peer.peer_record import PeerRecord
    pair = secp256k1.create_new_key_pair()
    peer_id = ID.from_pubkey(pair.public_key)
    addr = multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/4001")
    envelope = seal_record(PeerRecord(peer_id, [addr], 42), pair.private_key)
    emit({"envelope": envelope.marshal_envelope().hex(), "peer_id": peer_id.to_base58(), "addrs": [str(addr)]})


def open_envelope(text):
    from libp2p.peer.envelope import consume_envelope
    try:
        _, record = consume_envelope(bytes.fromhex(text), "libp2p-peer-record")
        emit({"peer_id": record.peer_id.to_base58(), "addrs": [str(a) for a in record.addrs], "seq": record.seq})
    except Exception as error:
        emit({"rejected": f"{type(error).__name__}: {error}"})


def main():
    if sys.argv[1] == "server":
        trio.run(server)
    elif sys.argv[1] == "expire":
        trio.run(expire, sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "seal":
        seal()
    elif sys.argv[1] == "open":
        open_envelope(sys.argv[2])
    else:
        trio.run(client, sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
