"""Reading the key and certificates out of a .p12/.pfx file without cryptography's RSA key check.

cryptography's PKCS#12 loader checks every RSA key it reads (primality of p and q and the CRT values): on a
2048-bit key that costs 30-40 ms, twice the time the rest of the signing takes, on every export. The check
protects against a corrupt key; here a corrupt key is caught more cheaply by `key_matches_certificate`
(the key's public half must be the certificate's, and a test signature must verify), which is what the
export needs: a key that makes signatures the certificate vouches for.

Only the common encodings are read here: PBES2 (PBKDF2 + AES or 3DES, what Windows and OpenSSL 3 write) and
the PKCS#12 PBE schemes with SHA-1 and 3DES or 128-bit RC2 (what older Windows and the CAs' tools write).
Anything else (40-bit RC2, the OpenSSL 1.x default for the certificates, which cryptography's RC2 does not
take; unencrypted keys; several keys), and any failure at all (a wrong password included), returns None and
the caller falls back to cryptography's own loader, which reads every variant and gives the authoritative error. The
file's MAC is not verified: with a wrong password the key does not decrypt, and the key is then proven
against the certificate as above.
"""
from __future__ import annotations

import hashlib

from asn1crypto import algos, pkcs12, x509
from cryptography.hazmat.decrepit.ciphers.algorithms import RC2, TripleDES
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_KEY_MATERIAL, _IV_MATERIAL = 1, 2  # RFC 7292 appendix B.3: the "ID" byte of the PKCS#12 key derivation


def read_p12(data: bytes, password: str):
    """(private key, certificate, other certificates) as (cryptography key, asn1crypto certificates), or None."""
    try:
        return _read(data, password)
    except Exception:  # noqa: BLE001 - any surprise in a hand-read file: let cryptography's loader decide
        return None


def _read(data: bytes, password: str):
    pfx = pkcs12.Pfx.load(data)
    key = None
    certificates: list[x509.Certificate] = []
    for content in pfx.authenticated_safe:
        kind = content["content_type"].native
        if kind == "data":
            bags = pkcs12.SafeContents.load(content["content"].native)  # the key bag, in the files seen
        elif kind == "encrypted_data":
            info = content["content"]["encrypted_content_info"]
            bags = pkcs12.SafeContents.load(_decrypt(info["content_encryption_algorithm"],
                                                     info["encrypted_content"].native, password))
        else:
            return None  # public-key-encrypted contents: cryptography's loader handles it
        for bag in bags:
            bag_id = bag["bag_id"].native
            if bag_id == "pkcs8_shrouded_key_bag":
                if key is not None:
                    return None  # several keys: which one is meant is cryptography's loader's business
                key = serialization.load_der_private_key(bag["bag_value"].untag().dump(), password.encode("utf-8"),
                                                         unsafe_skip_rsa_key_validation=True)
            elif bag_id == "cert_bag" and bag["bag_value"]["cert_id"].native == "x509":
                certificates.append(x509.Certificate.load(bag["bag_value"]["cert_value"].parsed.dump()))
    if key is None or not certificates:
        return None
    own = _public_key_der(key)
    mine = next((c for c in certificates if c.public_key.dump() == own), None)
    if mine is None or not key_matches_certificate(key):
        return None
    others: dict[bytes, x509.Certificate] = {}  # the chain, without the signer's own and without repeats
    for certificate in certificates:
        others.setdefault(certificate.dump(), certificate)
    others.pop(mine.dump())
    return key, mine, list(others.values())


def _public_key_der(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def key_matches_certificate(key) -> bool:
    """A test signature made with the key verifies with its public half (a corrupt RSA key fails this)."""
    message = b"socanbo key check"
    if isinstance(key, rsa.RSAPrivateKey):
        key.public_key().verify(key.sign(message, PKCS1v15(), hashes.SHA256()), message, PKCS1v15(),
                                hashes.SHA256())
        return True
    if isinstance(key, ec.EllipticCurvePrivateKey):
        key.public_key().verify(key.sign(message, ec.ECDSA(hashes.SHA256())), message, ec.ECDSA(hashes.SHA256()))
        return True
    return False


def _decrypt(algorithm: algos.EncryptionAlgorithm, encrypted: bytes, password: str) -> bytes:
    kdf = algorithm.kdf
    cipher_name = algorithm.encryption_cipher
    key_length = algorithm.key_length
    if kdf == "pbkdf2":
        key = hashlib.pbkdf2_hmac(algorithm.kdf_hmac, password.encode("utf-8"), algorithm.kdf_salt,
                                  algorithm.kdf_iterations, key_length)
        iv = algorithm.encryption_iv
    elif kdf == "pkcs12_kdf":
        secret = password.encode("utf-16-be") + b"\0\0"  # BMPString with its terminating zero, RFC 7292 B.1
        salt, rounds, hash_name = algorithm.kdf_salt, algorithm.kdf_iterations, algorithm.kdf_hmac
        key = pkcs12_kdf(hash_name, secret, salt, rounds, _KEY_MATERIAL, key_length)
        iv = pkcs12_kdf(hash_name, secret, salt, rounds, _IV_MATERIAL, algorithm.encryption_block_size)
    else:
        raise ValueError(f"key derivation {kdf} not read here")
    if cipher_name == "aes":
        cipher = algorithms.AES(key)
    elif cipher_name == "tripledes":
        cipher = TripleDES(key if len(key) == 24 else key + key[:8])  # two-key 3DES: K1 K2 K1
    elif cipher_name == "rc2" and kdf == "pkcs12_kdf":
        cipher = RC2(key)
    else:
        raise ValueError(f"cipher {cipher_name} not read here")
    decryptor = Cipher(cipher, modes.CBC(iv)).decryptor()
    padded = decryptor.update(encrypted) + decryptor.finalize()
    unpadder = padding.PKCS7(cipher.block_size).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def pkcs12_kdf(hash_name: str, secret: bytes, salt: bytes, rounds: int, purpose: int, length: int) -> bytes:
    """The PKCS#12 key derivation (RFC 7292 appendix B.2)."""
    u = hashlib.new(hash_name).digest_size
    v = hashlib.new(hash_name).block_size
    diversifier = bytes([purpose]) * v

    def repeated(value: bytes) -> bytes:  # the value repeated to fill whole v-byte blocks (empty stays empty)
        size = v * ((len(value) + v - 1) // v)
        return (value * (size // len(value) + 1))[:size] if value else b""

    block = bytearray(repeated(salt) + repeated(secret))
    out = b""
    while len(out) < length:
        digest = hashlib.new(hash_name, diversifier + bytes(block)).digest()
        for _ in range(rounds - 1):
            digest = hashlib.new(hash_name, digest).digest()
        out += digest
        if len(out) >= length:
            break
        addend = int.from_bytes((digest * (v // u + 1))[:v], "big") + 1
        for start in range(0, len(block), v):
            chunk = (int.from_bytes(block[start:start + v], "big") + addend) % (1 << (8 * v))
            block[start:start + v] = chunk.to_bytes(v, "big")
    return out[:length]

