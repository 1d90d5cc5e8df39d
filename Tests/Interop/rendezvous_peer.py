"""py-libp2p 0.8.1 /rendezvous/1.0.0 interop peer for Tests/RendezvousTests/PyRendezvousInteropTests.swift (loopback only).

  server                 run a RendezvousService on 127.0.0.1 (secp256k1 key, yamux); print {"peer_id", "addr"};
                         then on stdin "discover NS" prints {"peers": [...]} from a local client of its own; EOF ends.
  client MULTIADDR NS    connect to a rendezvous point, then: register NS (ttl 7200), discover NS limit 1 and page on
                         with the cookie, unregister, discover again; print one JSON line with everything seen.
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


def main():
    if sys.argv[1] == "server":
        trio.run(server)
    else:
        trio.run(client, sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
