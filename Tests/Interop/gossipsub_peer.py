"""py-libp2p 0.8.1 gossipsub interop peer for Tests/Libp2pTests/PyGossipsubInteropTests.swift (loopback only).

  gossipsub_peer.py MUXER PROTOCOL TOPIC [quiet]
      listen on 127.0.0.1 (explicit bind) with Pubsub(GossipSub([PROTOCOL])) subscribed to TOPIC, message id
      sha256(data) (Parley's content id), strict signing off (Parley publishes StrictNoSign); print
      {"peer_id", "addr"}. Then one JSON line per stdin command:
        connect MULTIADDR   -> {"connected": PEER}
        publish HEX         -> {"published": HEX}
        mesh                -> {"mesh": [PEER...], "topic_peers": [PEER...]}
        bench N SIZE START  -> publishes N distinct SIZE-byte messages (numbered from START), then {"bench_published": N, "cpu": SECONDS}
        stats               -> {"count": RECEIVED, "cpu": SECONDS} (process CPU time, for parley-bench)
      and {"received": HEX} for every message delivered on TOPIC (unless `quiet`).
MUXER is YAMUX or MPLEX.
"""
import hashlib
import json
import sys
import time

import multiaddr
import trio
from libp2p import new_host
from libp2p.crypto import secp256k1
from libp2p.peer.peerinfo import info_from_p2p_addr
import libp2p.pubsub.pubsub as pubsub_module
from libp2p.pubsub.gossipsub import GossipSub
from libp2p.pubsub.pubsub import Pubsub
from libp2p.tools.anyio_service import background_trio_service


def emit(obj):
    print(json.dumps(obj), flush=True)


async def run(muxer, protocol, topic, quiet):
    # py-libp2p drops deliveries once 32 wait for the subscriber (trio's reader does not yield between the
    # messages of one RPC batch); a deep queue lets parley-bench count every message.
    pubsub_module.SUBSCRIPTION_CHANNEL_SIZE = 1_000_000
    host = new_host(key_pair=secp256k1.create_new_key_pair(), muxer_preference=muxer)
    router = GossipSub(protocols=[protocol], degree=6, degree_low=4, degree_high=12,
                       heartbeat_initial_delay=0.1, heartbeat_interval=1,
                       spam_protection_enabled=False)  # its 10 msg/s per topic and peer cap would throttle the bench
    pubsub = Pubsub(host, router, strict_signing=False,
                    msg_id_constructor=lambda msg: hashlib.sha256(msg.data).digest())
    async with host.run(listen_addrs=[multiaddr.Multiaddr("/ip4/127.0.0.1/tcp/0")]):
        async with background_trio_service(pubsub):
            async with background_trio_service(router):
                await pubsub.wait_until_ready()
                subscription = await pubsub.subscribe(topic)
                addrs = [a for a in host.get_addrs() if "/tcp/" in str(a)]
                emit({"peer_id": host.get_id().to_base58(), "addr": str(addrs[0])})
                async with trio.open_nursery() as nursery:
                    count = [0]

                    async def receive():
                        while True:
                            message = await subscription.get()
                            count[0] += 1
                            if not quiet:
                                emit({"received": message.data.hex()})
                    nursery.start_soon(receive)
                    stdin = trio.wrap_file(sys.stdin)
                    while True:
                        line = await stdin.readline()
                        if not line:
                            nursery.cancel_scope.cancel()
                            return
                        parts = line.split()
                        if not parts:
                            continue
                        try:
                            if parts[0] == "connect":
                                info = info_from_p2p_addr(multiaddr.Multiaddr(parts[1]))
                                with trio.fail_after(20):
                                    await host.connect(info)
                                emit({"connected": info.peer_id.to_base58()})
                            elif parts[0] == "publish":
                                await pubsub.publish(topic, bytes.fromhex(parts[1]))
                                emit({"published": parts[1]})
                            elif parts[0] == "bench":
                                n, size, start = int(parts[1]), int(parts[2]), int(parts[3])
                                for i in range(start, start + n):
                                    # Its per-peer outbound queue drops beyond 32 RPCs (as go-libp2p's): pace.
                                    while any(len(q) >= 16 for q in pubsub.peer_queues.values()):
                                        await trio.sleep(0)
                                    await pubsub.publish(topic, i.to_bytes(8, "big") + bytes(size - 8))
                                emit({"bench_published": n, "cpu": time.process_time()})
                            elif parts[0] == "stats":
                                emit({"count": count[0], "cpu": time.process_time()})
                            elif parts[0] == "mesh":
                                emit({"mesh": sorted(p.to_base58() for p in router.mesh.get(topic, set())),
                                      "topic_peers": sorted(p.to_base58() for p in pubsub.peer_topics.get(topic, set()))})
                        except Exception as error:
                            emit({"error": f"{type(error).__name__}: {error}"})


def main():
    trio.run(run, sys.argv[1], sys.argv[2], sys.argv[3], len(sys.argv) > 4 and sys.argv[4] == "quiet")


if __name__ == "__main__":
    main()
