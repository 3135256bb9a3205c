"""The save file container: a small plain header line, then the save document compressed and
optionally encrypted (issue 11 "secrets at rest", issue 14 "smaller saves").

::

    {"format": "security-dilemma-save", "container": 1, "encrypted": ..., ..., "summary": {...}}\\n
    <body: zlib(document), or AES-256-GCM(key, nonce, zlib(document), associated data = the header line)>

The header is one line of ASCII JSON of at most :data:`HEADER_MAX_BYTES`, so a folder of saves can
be listed by reading a few kilobytes of each file (:func:`parse_header`). It holds the container
version, the KDF parameters and salt, the GCM nonce, a key check value, and a summary for the Load
screen. An encrypted file's summary holds only what may be shown to anyone at the machine (the
scenario, mode, turn, saved date); never the seed, seat names, forces or types.

The key is derived from the password with scrypt (:class:`SaveKey`); the whole header is the
associated data of the AES-GCM tag, so changing a byte of the header or of the body is detected.
A wrong password is told apart from a damaged file by the check value (an HMAC of the key; it
lets nobody guess faster than the GCM tag already does).

Pure: no file access (``game.engine.saves`` reads and writes), no pygame.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
import zlib
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

FORMAT_NAME = "security-dilemma-save"
CONTAINER_VERSION = 1
PREFIX = b'{"format": "security-dilemma-save", "container": '
HEADER_MAX_BYTES = 4096
NONCE_BYTES = 12
SALT_BYTES = 16
CHECK_LABEL = b"security-dilemma-save key check"


class ContainerError(ValueError):
    """The container is damaged, newer or malformed; the message says which, for a FileError."""


class LockedError(ContainerError):
    """The file is encrypted and no password or key was given."""


class WrongPasswordError(ContainerError):
    """The password (or key) does not open this file."""


@dataclass(frozen=True)
class KdfParams:
    """scrypt's cost: n (CPU/memory, a power of two), r (block size), p (parallelism)."""

    n: int = 2 ** 17
    r: int = 8
    p: int = 1

    def check(self) -> None:
        """A header from a hostile file must not make the loader allocate gigabytes or take minutes."""
        if not (2 ** 10 <= self.n <= 2 ** 20 and self.n & (self.n - 1) == 0):
            raise ContainerError(f"kdf.n: {self.n} is not a power of two from 2**10 to 2**20")
        if not (1 <= self.r <= 16 and 1 <= self.p <= 4):
            raise ContainerError(f"kdf: r={self.r}, p={self.p} are outside r 1..16, p 1..4")
        if self.n * self.r * 128 > 2 ** 28:
            raise ContainerError(f"kdf: n={self.n}, r={self.r} would need over 256 MiB of memory")


# Current recommendation for interactive use (RFC 7914 / OWASP: n=2**17, r=8, p=1: 128 MiB, ~0.4 s).
DEFAULT_KDF = KdfParams()


def _password_bytes(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")


@dataclass(frozen=True)
class SaveKey:
    """An AES-256 key derived from a password with scrypt, with the salt and cost that made it.

    A game derives its key once and keeps it in memory (never on disk): every save of the game
    uses it with a fresh nonce, so autosaves cost no KDF run.
    """

    params: KdfParams
    salt: bytes
    key: bytes = field(repr=False)

    @classmethod
    def derive(cls, password: str, salt: bytes | None = None, params: KdfParams | None = None) -> "SaveKey":
        params = params or DEFAULT_KDF
        params.check()
        salt = os.urandom(SALT_BYTES) if salt is None else salt
        key = Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(_password_bytes(password))
        return cls(params, salt, key)

    @property
    def check_value(self) -> str:
        return hmac.new(self.key, CHECK_LABEL, hashlib.sha256).hexdigest()[:32]

    def matches(self, password: str) -> bool:
        """Whether ``password`` derives this key (constant-time comparison)."""
        other = SaveKey.derive(password, self.salt, self.params)
        return hmac.compare_digest(other.key, self.key)


@dataclass(frozen=True)
class Summary:
    """What the Load screen shows without opening the game."""

    scenario: str = ""
    variant: str | None = None
    mode: str = ""                  # "single player", "hotseat", "AI only"
    turn: int = 0                   # the turn about to be played
    finished: bool = False
    saved_at: str = ""
    seed: int | None = None         # plain files only (with the seed, the start can be recomputed)
    players: tuple[str, ...] = ()   # plain files only

    def to_plain(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scenario": self.scenario[:80], "variant": self.variant, "mode": self.mode,
                               "turn": self.turn, "finished": self.finished, "saved_at": self.saved_at[:40]}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.players:
            out["players"] = [p[:40] for p in self.players[:16]]
        return out

    @classmethod
    def from_plain(cls, d: Any) -> "Summary":
        """Lenient: a summary is information only; odd values become blanks, never errors."""
        if not isinstance(d, dict):
            return cls()

        def text(key: str, limit: int = 80) -> str:
            v = d.get(key)
            return v[:limit] if isinstance(v, str) else ""

        def whole(key: str) -> int | None:
            v = d.get(key)
            return v if isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2 ** 63 else None

        players = d.get("players")
        names = tuple(p[:40] for p in players[:16] if isinstance(p, str)) if isinstance(players, list) else ()
        variant = d.get("variant")
        return cls(text("scenario"), variant[:40] if isinstance(variant, str) else None, text("mode", 40),
                   whole("turn") or 0, d.get("finished") is True, text("saved_at", 40), whole("seed"), names)


@dataclass(frozen=True)
class Header:
    encrypted: bool
    summary: Summary
    length: int                              # bytes of the header line, newline included
    params: KdfParams | None = None
    salt: bytes = b""
    nonce: bytes = b""
    check: str = ""


def is_container(head: bytes) -> bool:
    """Whether the file's first bytes are a container header (else: a plain JSON save, or not a save)."""
    return head.startswith(PREFIX)


def encode(document: bytes, summary: Summary, key: SaveKey | None = None) -> bytes:
    """The file's bytes: header line + compressed (and, with ``key``, encrypted) ``document``."""
    return encode_compressed(zlib.compress(document, 3), summary, key)   # the level saves use (save_encode.LEVEL)


def encode_compressed(body: bytes, summary: Summary, key: SaveKey | None = None) -> bytes:
    """:func:`encode` of a document already compressed: ``body`` is its zlib stream (RFC 1950)."""
    return b"".join(encode_compressed_pieces([body], summary, key))


def encode_compressed_pieces(body: list[bytes], summary: Summary, key: SaveKey | None = None) -> list[bytes]:
    """:func:`encode_compressed` as pieces, ``body`` the zlib stream's pieces in order: without a key the
    file is the header line and those very pieces (a long save's compressed turns are never copied into
    one buffer); with a key they are joined to be encrypted."""
    head: dict[str, Any] = {"format": FORMAT_NAME, "container": CONTAINER_VERSION, "encrypted": key is not None}
    nonce = os.urandom(NONCE_BYTES)
    if key is not None:
        head["kdf"] = {"name": "scrypt", "n": key.params.n, "r": key.params.r, "p": key.params.p,
                       "salt": _b64(key.salt)}
        head["cipher"] = "AES-256-GCM"
        head["nonce"] = _b64(nonce)
        head["check"] = key.check_value
    head["compression"] = "zlib"
    head["summary"] = summary.to_plain()
    line = _header_line(head)
    if key is not None:
        return [line, AESGCM(key.key).encrypt(nonce, b"".join(body), line)]
    return [line, *body]


def _header_line(head: dict[str, Any]) -> bytes:
    line = (json.dumps(head, ensure_ascii=True) + "\n").encode("ascii")
    while len(line) > HEADER_MAX_BYTES and head["summary"]:     # long names: drop summary fields, not the save
        head["summary"] = dict(list(head["summary"].items())[:-1])
        line = (json.dumps(head, ensure_ascii=True) + "\n").encode("ascii")
    return line


def parse_header(head: bytes) -> Header:
    """The header of a container from the file's first bytes (at least the whole first line, at most
    :data:`HEADER_MAX_BYTES` are looked at). Raises ContainerError."""
    end = head.find(b"\n", 0, HEADER_MAX_BYTES)
    if end < 0:
        raise ContainerError(f"the header line is missing its end in the first {HEADER_MAX_BYTES} bytes "
                             "(truncated or damaged file)")
    try:
        d = json.loads(head[:end].decode("ascii"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ContainerError("the header line is not valid JSON (damaged file)") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT_NAME:
        raise ContainerError("the header is not a Security Dilemma save's")
    version = d.get("container")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ContainerError(f"container: {version!r} is not a container version")
    if version > CONTAINER_VERSION:
        raise ContainerError(f"container: version {version}, written by a newer version of the game "
                             f"(this one reads up to {CONTAINER_VERSION}): update the game")
    if d.get("compression") != "zlib":
        raise ContainerError(f"compression: {d.get('compression')!r} is not known")
    summary = Summary.from_plain(d.get("summary"))
    encrypted = d.get("encrypted")
    if encrypted is False:
        return Header(False, summary, end + 1)
    if encrypted is not True:
        raise ContainerError("encrypted: must be true or false")
    kdf = d.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt" or d.get("cipher") != "AES-256-GCM":
        raise ContainerError("kdf/cipher: only scrypt and AES-256-GCM are known")
    try:
        params = KdfParams(*(int(_whole(kdf.get(k))) for k in ("n", "r", "p")))
        salt, nonce = _unb64(kdf.get("salt")), _unb64(d.get("nonce"))
    except (TypeError, ValueError):
        raise ContainerError("kdf: malformed parameters, salt or nonce (damaged file)") from None
    params.check()
    check = d.get("check")
    if not (8 <= len(salt) <= 64 and len(nonce) == NONCE_BYTES and isinstance(check, str) and len(check) == 32):
        raise ContainerError("kdf: malformed salt, nonce or check value (damaged file)")
    return Header(True, summary, end + 1, params, salt, nonce, check)


def key_for(header: Header, password: str) -> SaveKey:
    """The key ``password`` gives for this file; raises WrongPasswordError when it is not the file's."""
    assert header.params is not None
    key = SaveKey.derive(password, header.salt, header.params)
    if not hmac.compare_digest(key.check_value, header.check):
        raise WrongPasswordError("wrong password: this save cannot be opened with it")
    return key


def decode(raw: bytes, key: SaveKey | None = None, password: str | None = None,
           max_document: int = 64 * 1024 * 1024) -> tuple[bytes, Header, SaveKey | None]:
    """The document inside a container file, its header and the key that opened it.

    Raises LockedError (encrypted, no key or password), WrongPasswordError, ContainerError (damaged,
    tampered with, truncated, or a document over ``max_document`` bytes once decompressed)."""
    header = parse_header(raw)
    body = raw[header.length:]
    if header.encrypted:
        if key is None and password is None:
            raise LockedError("this save is encrypted: it needs its password")
        if key is None or key.salt != header.salt or key.params != header.params:
            if password is None:
                raise WrongPasswordError("this save was encrypted with another password")
            key = key_for(header, password)
        elif not hmac.compare_digest(key.check_value, header.check):
            raise WrongPasswordError("wrong password: this save cannot be opened with it")
        try:
            body = AESGCM(key.key).decrypt(header.nonce, body, raw[:header.length])
        except InvalidTag:
            raise ContainerError("the authentication tag does not match: the file was changed or damaged "
                                 "after it was saved") from None
    else:
        key = None
    return _inflate(body, max_document), header, key


def _inflate(body: bytes, limit: int) -> bytes:
    d = zlib.decompressobj()
    try:
        out = d.decompress(body, limit)
    except zlib.error as exc:
        raise ContainerError(f"the compressed body is damaged ({exc})") from None
    if d.unconsumed_tail:
        raise ContainerError(f"the save unpacks to over {limit} bytes; not a saved game")
    if not d.eof:
        raise ContainerError("the compressed body ends early (truncated file?)")
    if d.unused_data:
        raise ContainerError("extra bytes after the compressed body (damaged file)")
    return out


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(v: Any) -> bytes:
    if not isinstance(v, str) or len(v) > 200:
        raise ValueError("not base64")
    return base64.b64decode(v, validate=True)


def _whole(v: Any) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError("not a whole number")
    return v


__all__ = ["ContainerError", "LockedError", "WrongPasswordError", "KdfParams", "SaveKey", "Summary", "Header",
           "DEFAULT_KDF", "HEADER_MAX_BYTES", "is_container", "encode", "encode_compressed", "encode_compressed_pieces",
           "parse_header", "decode", "key_for"]

