"""The facilitator's lock and clock: the passphrase rules, a salted PBKDF2 hash of a passphrase
(the text is never kept) and a countdown advanced explicitly by the app clock (so tests never sleep).

A seminar itself keeps a scrypt-derived key (``game.engine.save_container.SaveKey``), which both
unlocks the console and encrypts the seminar's file. :class:`PassphraseHash` stays for anything
that needs a verifier only; it uses PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP 2023), and a
hash made with an older count stays verifiable (the count is stored with it)."""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

PBKDF2_ITERATIONS = 600_000
MIN_PASSPHRASE = 4


@dataclass(frozen=True)
class PassphraseHash:
    """A salted PBKDF2-HMAC-SHA256 digest of the facilitator's passphrase."""

    salt: bytes
    digest: bytes
    iterations: int = PBKDF2_ITERATIONS

    @classmethod
    def make(cls, text: str, iterations: int = PBKDF2_ITERATIONS) -> "PassphraseHash":
        salt = os.urandom(16)
        return cls(salt, _derive(text, salt, iterations), iterations)

    def matches(self, text: str) -> bool:
        return hmac.compare_digest(self.digest, _derive(text, self.salt, self.iterations))


def _derive(text: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", text.encode("utf-8"), salt, iterations)


def check_new_passphrase(text: str, again: str) -> str:
    """'' when the two entries make a usable passphrase, else why not."""
    if len(text) < MIN_PASSPHRASE:
        return f"The passphrase needs at least {MIN_PASSPHRASE} characters."
    if text != again:
        return "The two passphrase entries differ."
    return ""


class NegotiationTimer:
    """A countdown in seconds, advanced explicitly (``advance(dt)``) by the app clock."""

    def __init__(self, seconds: float) -> None:
        self.limit = max(0.0, float(seconds))
        self.remaining = self.limit
        self.running = False

    def reset(self, seconds: float | None = None) -> None:
        if seconds is not None:
            self.limit = max(0.0, float(seconds))
        self.remaining = self.limit
        self.running = False

    def start(self) -> None:
        self.running = self.remaining > 0

    def stop(self) -> None:
        self.running = False

    def add(self, seconds: float) -> None:
        self.remaining = max(0.0, self.remaining + seconds)

    def advance(self, dt: float) -> bool:
        """Count down ``dt`` seconds if running; True when this call made it run out."""
        if not self.running or dt <= 0:
            return False
        self.remaining = max(0.0, self.remaining - dt)
        if self.remaining <= 0:
            self.running = False
            return True
        return False

    @property
    def expired(self) -> bool:
        return self.remaining <= 0

    @property
    def text(self) -> str:
        s = int(self.remaining + 0.999)
        return f"{s // 60:d}:{s % 60:02d}"
