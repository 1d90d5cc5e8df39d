#!/usr/bin/env python3
"""Differential oracle for Parley's Primitives layer (wire-facts §0, §1.4).

Reference implementations (Tests/Interop/requirements.txt): eth-hash (Keccak-256), pyrlp (RLP),
coincurve (libsecp256k1 bindings: RFC 6979 recoverable signatures, ECDH), python-snappy (block format).

Two modes, both printing one JSON object on stdout:

  primitives_oracle.py generate SEED [COUNT]
      Random cases with reference answers, reproducible from SEED. The Swift test checks that
      Primitives computes the same answers.

  primitives_oracle.py verify PATH
      PATH is a JSON file the Swift test wrote with *its* outputs (RLP encodings, snappy blocks,
      signatures). The oracle checks them with the reference libraries and reports
      {"checked": n, "failures": [...]}.

Byte strings travel as lower-case hex. An RLP tree is a hex string (byte string) or a JSON array
(list) of trees.
"""

import json
import random
import sys

import coincurve
import rlp
import snappy
from coincurve.ecdsa import cdata_to_der, deserialize_compact
from eth_hash.auto import keccak

CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


# ---------------------------------------------------------------- helpers

def rand_bytes(rng, low, high):
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(low, high)))


def rand_private_key(rng):
    while True:
        secret = rng.getrandbits(256)
        if 1 <= secret < CURVE_ORDER:
            return secret.to_bytes(32, "big")


def rand_tree(rng, depth=0):
    if depth < 4 and rng.random() < 0.3:
        return [rand_tree(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    kind = rng.randint(0, 3)
    if kind == 0:
        return bytes([rng.getrandbits(8)])
    if kind == 1:
        return rand_bytes(rng, 50, 70)  # around the 55/56 short/long boundary
    if kind == 2:
        return rand_bytes(rng, 0, 8)
    return rand_bytes(rng, 200, 300)  # two-byte long-form lengths


def tree_to_json(tree):
    if isinstance(tree, (bytes, bytearray)):
        return bytes(tree).hex()
    return [tree_to_json(child) for child in tree]


def tree_from_json(value):
    if isinstance(value, str):
        return bytes.fromhex(value)
    return [tree_from_json(child) for child in value]


def mutate(rng, data):
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.randint(0, 3)
        if op == 0 and out:
            out[rng.randrange(len(out))] = rng.getrandbits(8)
        elif op == 1:
            out.insert(rng.randint(0, len(out)), rng.getrandbits(8))
        elif op == 2 and out:
            del out[rng.randrange(len(out))]
        elif out:
            del out[len(out) - rng.randint(0, min(len(out), 8)):]
    return bytes(out)


def rlp_accepts(data):
    try:
        return tree_to_json(rlp.decode(data, strict=True))
    except Exception:  # pyrlp raises DecodingError subclasses; anything else is also "rejects"
        return None


# ---------------------------------------------------------------- generate

def generate(seed, count):
    rng = random.Random(seed)
    out = {"seed": seed}

    out["keccak"] = []
    for i in range(count):
        data = rand_bytes(rng, 0, 300 if i % 4 else 1000)
        out["keccak"].append({"input": data.hex(), "digest": keccak(data).hex()})

    out["rlp"] = []
    for _ in range(count):
        tree = rand_tree(rng)
        out["rlp"].append({"tree": tree_to_json(tree), "encoded": rlp.encode(tree).hex()})

    # Acceptance of malformed / mutated encodings must match pyrlp's strict decoder.
    out["rlp_decode"] = []
    for i in range(count * 2):
        if i % 2:
            data = rand_bytes(rng, 0, 24)
        else:
            data = mutate(rng, rlp.encode(rand_tree(rng)))
        out["rlp_decode"].append({"input": data.hex(), "decoded": rlp_accepts(data)})

    out["secp256k1"] = []
    for _ in range(count):
        secret = rand_private_key(rng)
        digest = rand_bytes(rng, 32, 32)
        key = coincurve.PrivateKey(secret)
        peer_secret = rand_private_key(rng)
        peer = coincurve.PrivateKey(peer_secret).public_key
        shared = peer.multiply(secret).format(compressed=False)[1:33]
        out["secp256k1"].append({
            "private": secret.hex(),
            "digest": digest.hex(),
            "signature": key.sign_recoverable(digest, hasher=None).hex(),
            "pub65": key.public_key.format(compressed=False).hex(),
            "pub33": key.public_key.format(compressed=True).hex(),
            "peer_pub65": peer.format(compressed=False).hex(),
            "ecdh_x": shared.hex(),
        })

    out["snappy"] = []
    for i in range(count):
        if i % 3 == 0:
            data = rand_bytes(rng, 0, 2000)
        else:  # compressible: repeated words
            words = [rand_bytes(rng, 1, 6) for _ in range(4)]
            data = b"".join(rng.choice(words) for _ in range(rng.randint(0, 600)))
        out["snappy"].append({"input": data.hex(), "compressed": snappy.compress(data).hex()})

    return out


# ---------------------------------------------------------------- verify

def verify(path):
    with open(path, "r", encoding="utf-8") as handle:
        cases = json.load(handle)
    failures = []
    checked = 0

    for case in cases.get("rlp", []):
        checked += 1
        encoded = bytes.fromhex(case["encoded"])
        tree = tree_from_json(case["tree"])
        if rlp.encode(tree) != encoded:
            failures.append({"kind": "rlp-encode", "encoded": case["encoded"]})
            continue
        try:
            decoded = tree_to_json(rlp.decode(encoded, strict=True))
        except Exception as error:
            failures.append({"kind": "rlp-decode", "encoded": case["encoded"], "error": str(error)})
            continue
        if decoded != case["tree"]:
            failures.append({"kind": "rlp-roundtrip", "encoded": case["encoded"]})

    for case in cases.get("snappy", []):
        checked += 1
        try:
            plain = snappy.decompress(bytes.fromhex(case["compressed"]))
        except Exception as error:
            failures.append({"kind": "snappy", "compressed": case["compressed"][:64], "error": str(error)})
            continue
        if bytes(plain) != bytes.fromhex(case["input"]):
            failures.append({"kind": "snappy-mismatch", "compressed": case["compressed"][:64]})

    for case in cases.get("recoverable", []):
        checked += 1
        digest = bytes.fromhex(case["digest"])
        signature = bytes.fromhex(case["signature"])
        try:
            recovered = coincurve.PublicKey.from_signature_and_message(signature, digest, hasher=None)
        except Exception as error:
            failures.append({"kind": "recover", "signature": case["signature"], "error": str(error)})
            continue
        if recovered.format(compressed=False).hex() != case["pub65"]:
            failures.append({"kind": "recover-mismatch", "signature": case["signature"]})

    for case in cases.get("compact", []):
        checked += 1
        digest = bytes.fromhex(case["digest"])
        der = cdata_to_der(deserialize_compact(bytes.fromhex(case["signature"])))
        key = coincurve.PublicKey(bytes.fromhex(case["pub33"]))
        if not key.verify(der, digest, hasher=None):
            failures.append({"kind": "compact-verify", "signature": case["signature"]})

    for case in cases.get("keccak", []):
        checked += 1
        if keccak(bytes.fromhex(case["input"])).hex() != case["digest"]:
            failures.append({"kind": "keccak", "input": case["input"][:64]})

    return {"checked": checked, "failures": failures}


def main(argv):
    if len(argv) >= 2 and argv[1] == "generate":
        seed = int(argv[2]) if len(argv) > 2 else 1
        count = int(argv[3]) if len(argv) > 3 else 100
        result = generate(seed, count)
    elif len(argv) == 3 and argv[1] == "verify":
        result = verify(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    json.dump(result, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
