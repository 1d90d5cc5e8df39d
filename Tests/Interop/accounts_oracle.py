#!/usr/bin/env python3
"""Differential oracle for Parley's Accounts module (wire-facts §6).

Reference implementations (Tests/Interop/requirements*.txt): `mnemonic` (trezor/python-mnemonic:
BIP-39), `bip32` (BIP-32 derivation and xprv/xpub), `eth-keys` (public keys and EIP-55 addresses).

    accounts_oracle.py generate SEED [COUNT]

prints one JSON object of random cases, reproducible from SEED, with the reference answers:

  mnemonic: entropy → phrase; phrase + passphrase → seed; mutated phrases → whether they are valid
  bip32:    seed + random path (hardened and normal steps) → xprv, xpub
  status:   phrase → chat key (m/43'/60'/1581'/0'/0) public key and address, wallet address
  eth:      private key → public key, checksum address
"""

import json
import random
import sys

from bip32 import BIP32
from eth_keys import keys
from mnemonic import Mnemonic

HARDENED = 0x80000000
BIP39 = Mnemonic("english")
PASSPHRASES = ["", "TREZOR", "pässwörd", "cafe\u0301", "\u00e9t\u00e9", "long passphrase with spaces"]


def rand_bytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def rand_path(rng):
    steps = []
    for _ in range(rng.randint(0, 6)):
        index = rng.choice([0, 1, 2, 44, 60, 1581, rng.getrandbits(31)])
        steps.append(index + HARDENED if rng.random() < 0.5 else index)
    return steps


def path_text(steps):
    return "m" + "".join("/%d'" % (s - HARDENED) if s >= HARDENED else "/%d" % s for s in steps)


def parse_path(text):
    steps = []
    for part in text.split("/")[1:]:
        steps.append(int(part[:-1]) + HARDENED if part.endswith("'") else int(part))
    return steps


def mutate_phrase(rng, words):
    words = list(words)
    op = rng.randint(0, 2)
    if op == 0:
        words[rng.randrange(len(words))] = rng.choice(BIP39.wordlist)
    elif op == 1:
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    else:
        words[rng.randrange(len(words))] = rng.choice(["abandn", "zooo", "bitcoin", "ethereum"])
    return " ".join(words)


def address_of(public_key_bytes64):
    return keys.PublicKey(public_key_bytes64).to_checksum_address()


def generate(seed, count):
    rng = random.Random(seed)
    out = {"seed": seed, "mnemonic": [], "checks": [], "bip32": [], "status": [], "eth": []}
    for _ in range(count):
        strength = rng.choice([128, 160, 192, 224, 256])
        entropy = rand_bytes(rng, strength // 8)
        phrase = BIP39.to_mnemonic(entropy)
        passphrase = rng.choice(PASSPHRASES)
        out["mnemonic"].append({
            "entropy": entropy.hex(), "phrase": phrase, "passphrase": passphrase,
            "seed": Mnemonic.to_seed(phrase, passphrase).hex(),
        })
        mutated = mutate_phrase(rng, phrase.split(" "))
        try:
            valid = BIP39.check(mutated)
        except Exception:
            valid = False
        out["checks"].append({"phrase": mutated, "valid": bool(valid)})

        bip32_seed = rand_bytes(rng, rng.choice([16, 32, 64]))
        steps = rand_path(rng)
        node = BIP32.from_seed(bip32_seed)
        out["bip32"].append({
            "seed": bip32_seed.hex(), "path": path_text(steps),
            "xprv": node.get_xpriv_from_path(steps), "xpub": node.get_xpub_from_path(steps),
        })

        status_phrase = BIP39.to_mnemonic(rand_bytes(rng, 16))
        root = BIP32.from_seed(Mnemonic.to_seed(status_phrase, ""))
        chat_priv = root.get_privkey_from_path(parse_path("m/43'/60'/1581'/0'/0"))
        chat_pub = keys.PrivateKey(chat_priv).public_key
        wallet_priv = root.get_privkey_from_path(parse_path("m/44'/60'/0'/0/0"))
        out["status"].append({
            "phrase": status_phrase,
            "chatKey": "0x04" + chat_pub.to_bytes().hex(),
            "chatAddress": chat_pub.to_checksum_address(),
            "walletAddress": keys.PrivateKey(wallet_priv).public_key.to_checksum_address(),
        })

        private = keys.PrivateKey(rand_bytes(rng, 32))
        out["eth"].append({
            "private": private.to_bytes().hex(),
            "pub65": "04" + private.public_key.to_bytes().hex(),
            "address": private.public_key.to_checksum_address(),
        })
    return out


def main(argv):
    if len(argv) >= 2 and argv[0] == "generate":
        count = int(argv[2]) if len(argv) > 2 else 25
        json.dump(generate(int(argv[1]), count), sys.stdout, ensure_ascii=False)
        return 0
    sys.stderr.write("usage: accounts_oracle.py generate SEED [COUNT]\n")
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
