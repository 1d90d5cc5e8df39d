#!/usr/bin/env python3
"""Differential oracle for the discv5.1 handshake key schedule (discv5-theory.md, wire-facts §1.8.3).

Reference libraries (Tests/Interop/requirements.txt): coincurve (libsecp256k1: ECDH point, RFC 6979
signatures) and cryptography (HKDF-SHA256, SHA-256, AES-128-GCM).

  discv5_oracle.py generate SEED COUNT
      Prints {"cases": [...]}: random static/ephemeral keys, node ids and challenge data with the
      reference answers (shared secret, initiator/recipient keys, id-signature, a GCM ciphertext).
"""

import hashlib
import json
import random
import sys

import coincurve
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CURVE_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def rand_key(rng):
    while True:
        secret = rng.getrandbits(256)
        if 1 <= secret < CURVE_ORDER:
            return secret.to_bytes(32, "big")


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def node_id(private):
    pub = coincurve.PrivateKey(private).public_key.format(compressed=False)[1:]
    from Crypto.Hash import keccak  # pycryptodome, also in requirements.txt
    return keccak.new(digest_bits=256, data=pub).digest()


def case(rng):
    static_a, static_b, ephemeral = rand_key(rng), rand_key(rng), rand_key(rng)
    id_a, id_b = node_id(static_a), node_id(static_b)
    challenge = rand_bytes(rng, 16) + b"discv5" + b"\x00\x01\x01" + rand_bytes(rng, 12) + b"\x00\x18" + rand_bytes(rng, 24)
    pub_b = coincurve.PublicKey.from_secret(static_b)
    # ECDH as the compressed point (not libsecp256k1's hashed default): multiply B's point by the ephemeral scalar.
    secret = pub_b.multiply(ephemeral).format(compressed=True)
    key_data = HKDF(algorithm=hashes.SHA256(), length=32, salt=challenge,
                    info=b"discovery v5 key agreement" + id_a + id_b).derive(secret)
    eph_pub = coincurve.PublicKey.from_secret(ephemeral).format(compressed=True)
    digest = hashlib.sha256(b"discovery v5 identity proof" + challenge + eph_pub + id_b).digest()
    sig65 = coincurve.PrivateKey(static_a).sign_recoverable(digest, hasher=None)
    nonce = rand_bytes(rng, 12)
    plaintext = rand_bytes(rng, rng.randint(1, 64))
    ad = rand_bytes(rng, 16) + challenge[:23]
    sealed = AESGCM(key_data[:16]).encrypt(nonce, plaintext, ad)
    return {
        "static_a": static_a.hex(), "static_b": static_b.hex(), "ephemeral": ephemeral.hex(),
        "challenge": challenge.hex(), "secret": secret.hex(), "eph_pub": eph_pub.hex(),
        "initiator_key": key_data[:16].hex(), "recipient_key": key_data[16:].hex(),
        "id_signature": sig65[:64].hex(), "nonce": nonce.hex(), "plaintext": plaintext.hex(), "ad": ad.hex(),
        "sealed": sealed.hex(),
    }


def main():
    if len(sys.argv) != 4 or sys.argv[1] != "generate":
        sys.exit("usage: discv5_oracle.py generate SEED COUNT")
    rng = random.Random(int(sys.argv[2]))
    print(json.dumps({"cases": [case(rng) for _ in range(int(sys.argv[3]))]}))


if __name__ == "__main__":
    main()
