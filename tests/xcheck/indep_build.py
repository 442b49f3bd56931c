#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Independent-builder cross-check of `mipctl decode`.

This file builds Mobile IP messages from the RFC layouts alone, with Python's
struct, hmac and hashlib; it shares no code with libmip. From a seed it makes
random Registration Requests and Replies (MN-HA, MN-FA, FA-HA and
generalized MN-AAA authentication with random keys and algorithms, NAI,
challenge, delivery style, padding, unknown skippable extensions), Agent
Advertisements (ICMP with its checksum), the four Route Optimization
messages (the Binding Update with its type-35 authentication extension),
and tunnelled packets (IP-in-IP, GRE, minimal encapsulation, RFC 3519 Tunnel
Data) around an IPv4/UDP Registration Request. It runs `mipctl decode --ip`
(also `--pcap` on a capture written here, and a few `--udp` and
`--icmp` batches) with a `--key` for every key (and
sometimes a wrong key, or none), and asserts that
each JSON line carries exactly the fields of docs/json-fields.md with the
values built here, and that every authenticator verifies (or, for a wrong
key, does not). Corrupted and truncated messages must give error objects
and a non-zero exit status.

Usage: indep_build.py MIPCTL [SEED]   (SEED defaults to $MIP_XCHECK_SEED or 1)

Layouts used (cited by section):
  RFC 791 3.1 IPv4 header; RFC 768 UDP; RFC 792 ICMP checksum;
  RFC 1256 3.1 router advertisement; RFC 5944 2.1.1 mobility extension,
  2.1.2 prefix-lengths, 3.3 RRQ, 3.4 RRP, 3.5 authentication extensions,
  3.5.1 authenticator coverage; RFC 2794 NAI; RFC 4721 3.1 challenge and
  3.2 generalized authentication; RFC 3024 3.3 delivery style;
  optim-07 4.1-4.5 Route Optimization; RFC 2003 IP-in-IP; RFC 2004 minimal
  encapsulation; RFC 2784/2890 GRE; RFC 3519 3.3 Tunnel Data;
  RFC 2002 3.5.1 keyed MD5 (prefix+suffix).
"""

import hashlib
import hmac
import ipaddress
import json
import os
import random
import struct
import subprocess
import sys

# Wire numbers, written out here from the documents (not from mip_proto.h).
UDP_MIP = 434
T_RRQ, T_RRP, T_TUNDATA = 1, 3, 4                  # RFC 5944 1.8; RFC 3519
T_BW, T_BR, T_BU, T_BA = 16, 17, 18, 19            # optim-07 4
X_PAD, X_MNHA, X_MNFA, X_FAHA, X_RO, X_GEN = 0, 32, 33, 34, 35, 36
X_ENCDEL, X_NAI, X_CHAL = 130, 131, 132
I_MOB, I_PLEN, I_CHAL = 16, 19, 24                 # ICMP space
P_ICMP, P_IPIP, P_UDP, P_GRE, P_MIN = 1, 4, 17, 47, 55

REG_EXT_NAMES = {X_PAD: "padding", X_MNHA: "mn_ha_auth", X_MNFA: "mn_fa_auth",
                 X_FAHA: "fa_ha_auth", X_RO: "ro_auth", X_GEN: "gen_auth",
                 X_ENCDEL: "encap_delivery", X_NAI: "mn_nai",
                 X_CHAL: "challenge"}
ICMP_EXT_NAMES = {0: "padding", I_MOB: "mobility_agent_adv",
                  I_PLEN: "prefix_lengths", I_CHAL: "challenge"}
# Skippable types no RFC used here defines (>= 128: RFC 5944 1.9).
UNKNOWN_SKIPPABLE = [200, 201, 222, 250, 254]

# RFC 5944 3.4 and IANA reply codes. Their names come from libmip
# (mip_code_name), so only their shape is checked here (see Name).
REPLY_CODES = [0, 1, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77,
               78, 79, 80, 81, 82, 88, 89, 90, 96, 97, 98, 99, 100, 101, 104,
               105, 106, 107, 108, 109, 116, 127, 128, 129, 130, 131, 132,
               133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144,
               192, 194]
BA_STATUS = [0, 128, 129, 130, 131, 133, 134]       # optim-07 4.4

RRQ_FLAGS = "SBDMGrTx"                              # RFC 5944 3.3, MSB first
ADV_FLAGS = "RBHFMGrTUXI"                           # RFC 5944 2.1.1
BU_FLAGS = "AIMG"                                   # optim-07 4.3

ALGS = ["hmac-md5", "hmac-sha1", "keyed-md5"]
ALG_LEN = {"hmac-md5": 16, "hmac-sha1": 20, "keyed-md5": 16}


def mac(alg, key, data):
    if alg == "hmac-md5":                           # RFC 5944 3.5.1
        return hmac.new(key, data, hashlib.md5).digest()
    if alg == "hmac-sha1":
        return hmac.new(key, data, hashlib.sha1).digest()
    return hashlib.md5(key + data + key).digest()   # RFC 2002 3.5.1


def flag_obj(letters, value, width):
    """docs/json-fields.md: one boolean per RFC letter, MSB first."""
    return {c: bool(value & (1 << (width - 1 - i)))
            for i, c in enumerate(letters)}


def inet_cksum(b):                                  # RFC 1071
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def a2s(a):
    return str(ipaddress.IPv4Address(a))


def s2b(s):
    return ipaddress.IPv4Address(s).packed


class Gen:
    """Random values and keys from one seeded stream."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.spis = set()

    def addr(self):
        # Any unicast-looking address; the decoder must not care.
        return a2s(self.r.choice([1, 10, 172, 192, 198, 203, 100]) << 24 |
                   self.r.getrandbits(24))

    def u(self, bits):
        return self.r.getrandbits(bits)

    def chance(self, p):
        return self.r.random() < p

    def data(self, lo, hi):
        return bytes(self.r.getrandbits(8) for _ in
                     range(self.r.randint(lo, hi)))

    def spi(self):
        # Unique SPIs keep the key look-up unambiguous (json-fields 7.2).
        while True:
            s = self.r.randint(256, 0xFFFFFFFF)     # 0-255 reserved (1.6)
            if s not in self.spis:
                self.spis.add(s)
                return s

    def key(self):
        return self.data(1, 64)             # MIP_SA_KEY_MAX is 64

    def alg(self):
        return self.r.choice(ALGS)


class Msg:
    """A message built here: its bytes, the JSON mipctl must print, and
    the --key options it needs."""

    def __init__(self, what):
        self.what = what
        self.payload = b""
        self.exp = {}
        self.keys = []


# ---- extensions (registration space, RFC 5944 1.9-1.11) -------------------

def add_auth(g, m, msg, etype, peer, wrong=False, subtype=None):
    """Appends an authentication extension over everything before its
    authenticator (RFC 5944 3.5.1; RFC 4721 3.2; optim-07 4.5)."""
    alg, key, spi = g.alg(), g.key(), g.spi()
    n = ALG_LEN[alg]
    if subtype is None:
        hdr = struct.pack("!BBI", etype, 4 + n, spi)
    else:
        hdr = struct.pack("!BBHI", etype, subtype, 4 + n, spi)
    auth = mac(alg, key, msg + hdr)
    given = key
    if wrong:
        given = bytes([key[0] ^ 0x5A]) + key[1:]
    m.keys.append("%s:%d:%s:%s" % (peer, spi, given.hex(), alg))
    e = {"type": etype, "name": REG_EXT_NAMES[etype], "spi": spi,
         "authenticator": auth.hex(), "verified": not wrong}
    if subtype is not None:
        e["subtype"] = subtype
    return msg + hdr + auth, e


def add_tlv(msg, etype, body, e):
    return msg + struct.pack("!BB", etype, len(body)) + body, e


def nai(g):
    user = "".join(g.r.choice("abcdefghijklmnopqrstuvwxyz0123456789._-")
                   for _ in range(g.r.randint(1, 24)))
    return user + "@" + g.r.choice(["example.com", "mip.test", "a.b.c"])


def reg_exts(g, m, msg, peer, kind):
    """Random extensions in RFC 5944 3.6.1.3 / 3.8.3.3 order: for the HA,
    MN-HA auth, for the FA, MN-FA or FA-HA auth."""
    exts = []

    def put(t, body, e):
        nonlocal msg
        msg, e = add_tlv(msg, t, body, e)
        exts.append(e)

    def pad():
        nonlocal msg
        if g.chance(0.15):
            msg += b"\0"
            exts.append({"type": 0, "name": "padding"})

    if kind == "rrq" and g.chance(0.5):
        s = nai(g)
        put(X_NAI, s.encode(), {"type": X_NAI, "name": "mn_nai", "nai": s})
    pad()
    if g.chance(0.2):
        t = g.r.choice(UNKNOWN_SKIPPABLE)
        d = g.data(0, 12)
        put(t, d, {"type": t, "name": "unknown", "data": d.hex()})
    wrong = g.chance(0.1)
    msg, e = add_auth(g, m, msg, X_MNHA, peer, wrong)
    exts.append(e)
    pad()
    if kind == "rrq" and g.chance(0.3):
        c = g.data(4, 32)
        put(X_CHAL, c, {"type": X_CHAL, "name": "challenge",
                        "challenge": c.hex()})
    if kind == "rrq" and g.chance(0.2):
        put(X_ENCDEL, b"", {"type": X_ENCDEL, "name": "encap_delivery"})
    if kind == "rrq" and g.chance(0.2):
        # RFC 4721 3.2: generalized MN-AAA authentication, subtype 1.
        msg, e = add_auth(g, m, msg, X_GEN, peer, subtype=1)
        exts.append(e)
    if g.chance(0.4):
        t = X_MNFA if kind == "rrq" and g.chance(0.5) else X_FAHA
        msg, e = add_auth(g, m, msg, t, peer, g.chance(0.1))
        exts.append(e)
    return msg, exts


# ---- messages -------------------------------------------------------------

def build_rrq(g):
    m = Msg("rrq")
    flags, life = g.u(8), g.r.choice([0, 0xFFFF, g.u(16)])
    home, ha, coa, ident = g.addr(), g.addr(), g.addr(), g.u(64)
    # RFC 5944 3.3: Type, flags, Lifetime, Home Address, Home Agent,
    # Care-of Address, Identification (64 bits).
    msg = struct.pack("!BBH4s4s4sQ", T_RRQ, flags, life, s2b(home), s2b(ha),
                      s2b(coa), ident)
    msg, exts = reg_exts(g, m, msg, home, "rrq")
    m.payload = msg
    m.exp = {"message": "registration_request", "type": T_RRQ,
             "flags": flag_obj(RRQ_FLAGS, flags, 8), "lifetime": life,
             "home_addr": home, "ha_addr": ha, "coa": coa,
             "ident": "%016x" % ident, "extensions": exts}
    return m


def build_rrp(g):
    m = Msg("rrp")
    code, life = g.r.choice(REPLY_CODES), g.u(16)
    home, ha, ident = g.addr(), g.addr(), g.u(64)
    # RFC 5944 3.4: Type, Code, Lifetime, Home Address, Home Agent, Ident.
    msg = struct.pack("!BBH4s4sQ", T_RRP, code, life, s2b(home), s2b(ha),
                      ident)
    msg, exts = reg_exts(g, m, msg, home, "rrp")
    m.payload = msg
    m.exp = {"message": "registration_reply", "type": T_RRP, "code": code,
             "code_name": Name(code),
             "lifetime": life, "home_addr": home, "ha_addr": ha,
             "ident": "%016x" % ident, "extensions": exts}
    return m


def build_bw(g):
    m = Msg("bw")
    home = g.addr()
    targets = [g.addr() for _ in range(g.r.randint(0, 5))]
    # optim-11 4.1: Type, Reserved(24), Home Address, Target Node Addresses.
    m.payload = struct.pack("!I4s", T_BW << 24, s2b(home)) + b"".join(
        s2b(t) for t in targets)
    m.exp = {"message": "binding_warning", "type": T_BW, "home_addr": home,
             "targets": targets}
    return m


def build_br(g):
    m = Msg("br")
    home, ident = g.addr(), g.u(64)
    # optim-07 4.2: Type, Reserved(24), Home Address, Identification.
    m.payload = struct.pack("!I4sQ", T_BR << 24, s2b(home), ident)
    m.exp = {"message": "binding_request", "type": T_BR, "home_addr": home,
             "ident": "%016x" % ident}
    return m


def build_bu(g):
    m = Msg("bu")
    flags = g.u(4) << 4                             # A I M G, Rsvd 0
    life = g.r.choice([0, 0xFFFF, g.u(16)])
    home, coa, ident = g.addr(), g.addr(), g.u(64)
    # optim-07 4.3: Type, A I M G Rsvd, Lifetime, Home Address, Care-of
    # Address, Identification present iff I.
    msg = struct.pack("!BBH4s4s", T_BU, flags, life, s2b(home), s2b(coa))
    if flags & 0x40:
        msg += struct.pack("!Q", ident)
    # optim-07 4.5: the RO authentication extension (type 35), MAC over
    # the message from its first octet through the SPI (spec sheet 2.1).
    msg, e = add_auth(g, m, msg, X_RO, home, g.chance(0.1))
    m.payload = msg
    m.exp = {"message": "binding_update", "type": T_BU,
             "flags": flag_obj(BU_FLAGS, flags >> 4, 4), "lifetime": life,
             "home_addr": home, "coa": coa,
             "ident": "%016x" % ident if flags & 0x40 else None,
             "extensions": [e]}
    return m


def build_ba(g):
    m = Msg("ba")
    status, home, ident = g.r.choice(BA_STATUS), g.addr(), g.u(64)
    # optim-07 4.4: Type, Reserved(16), Status, Home Address, Ident; the
    # 8-octet form without Identification is accepted too (spec sheet 1.4).
    m.payload = struct.pack("!BHB4s", T_BA, 0, status, s2b(home))
    short = g.chance(0.3)
    if not short:
        m.payload += struct.pack("!Q", ident)
    m.exp = {"message": "binding_acknowledge", "type": T_BA,
             "status": status, "status_name": Name(status), "home_addr": home,
             "ident": None if short else "%016x" % ident, "extensions": []}
    return m


def build_adv(g):
    m = Msg("adv")
    nrt = g.r.randint(0, 3)
    routers = [{"addr": g.addr(), "preference": g.r.randint(-2**31, 2**31 - 1)}
               for _ in range(nrt)]
    code, life = g.r.choice([0, 16]), g.u(16)
    seq, rlife = g.u(16), g.u(16)
    flags = g.u(11) << 5                           # reserved 0x001f = 0
    coas = [g.addr() for _ in range(g.r.randint(0, 4))]
    # RFC 1256 3.1: Type 9, Code, Checksum, Num Addrs, Addr Entry Size 2,
    # Lifetime, then (Router Address, Preference Level) pairs.
    body = struct.pack("!BBHBBH", 9, code, 0, nrt, 2, life)
    for r in routers:
        body += s2b(r["addr"]) + struct.pack("!i", r["preference"])
    exts = []
    if g.chance(0.15):
        body += b"\0"
        exts.append({"type": 0, "name": "padding"})
    # RFC 5944 2.1.1: Type 16, Length 6 + 4N, Sequence, Registration
    # Lifetime, flags R B H F M G r T U X I reserved, Care-of Addresses.
    body += struct.pack("!BBHHH", I_MOB, 6 + 4 * len(coas), seq, rlife, flags)
    body += b"".join(s2b(c) for c in coas)
    exts.append({"type": I_MOB, "name": "mobility_agent_adv"})
    m.exp = {"message": "agent_advertisement", "icmp_type": 9,
             "icmp_code": code, "checksum_ok": True, "lifetime": life,
             "routers": routers, "sequence": seq, "reg_lifetime": rlife,
             "flags": flag_obj(ADV_FLAGS, flags >> 5, 11), "coas": coas}
    if nrt and g.chance(0.5):
        # RFC 5944 2.1.2: one Prefix Length per router address.
        pl = [g.r.randint(0, 32) for _ in range(nrt)]
        body += struct.pack("!BB", I_PLEN, nrt) + bytes(pl)
        exts.append({"type": I_PLEN, "name": "prefix_lengths"})
        m.exp["prefix_lengths"] = pl
    if g.chance(0.25):
        c = g.data(4, 16)                          # RFC 4721 3.1
        body += struct.pack("!BB", I_CHAL, len(c)) + c
        exts.append({"type": I_CHAL, "name": "challenge",
                     "challenge": c.hex()})
    m.exp["extensions"] = exts
    # RFC 792: checksum over the whole ICMP message.
    ck = inet_cksum(body)
    m.payload = body[:2] + struct.pack("!H", ck) + body[4:]
    return m


# ---- IPv4, UDP, tunnels ---------------------------------------------------

class IpHdr:
    def __init__(self, g, proto, src=None, dst=None):
        self.src = src or g.addr()
        self.dst = dst or g.addr()
        self.ttl = g.r.randint(1, 255)
        self.tos = g.u(8)
        self.df = g.chance(0.5)
        self.id = g.u(16)
        self.proto = proto
        # Sometimes 4 octets of options (RFC 791: NOPs, then End).
        self.opts = b"\x01\x01\x01\x00" if g.chance(0.1) else b""

    def pack(self, payload):
        ihl = 5 + len(self.opts) // 4
        h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, self.tos,
                        ihl * 4 + len(payload), self.id,
                        0x4000 if self.df else 0, self.ttl, self.proto, 0,
                        s2b(self.src), s2b(self.dst)) + self.opts
        h = h[:10] + struct.pack("!H", inet_cksum(h)) + h[12:]
        return h + payload

    def exp(self):
        return {"src": self.src, "dst": self.dst, "ttl": self.ttl,
                "tos": self.tos, "df": self.df, "id": self.id,
                "proto": self.proto}


def udp(ip, sport, dport, payload, zero_sum=False):
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ck = 0
    if not zero_sum:
        ph = s2b(ip.src) + s2b(ip.dst) + struct.pack("!BBH", 0, P_UDP, len(u))
        ck = inet_cksum(ph + u) or 0xFFFF           # RFC 768
    return u[:6] + struct.pack("!H", ck) + u[8:]


def wrap(g, m):
    """Puts a message into IPv4 (UDP port 434 or ICMP); returns the packet
    and the full expected top-level object."""
    if m.what == "adv":
        ip = IpHdr(g, P_ICMP)
        pkt = ip.pack(m.payload)
        exp = dict(m.exp)
        exp["ip"] = ip.exp()
        return pkt, exp
    ip = IpHdr(g, P_UDP)
    sport = g.r.choice([UDP_MIP, g.r.randint(1024, 65535)])
    # RFC 5944 3.4: a reply goes from port 434 to the request's source port.
    if m.what == "rrp":
        sport, dport = UDP_MIP, g.r.randint(1024, 65535)
    else:
        dport = UDP_MIP
    zero = g.chance(0.1)
    pkt = ip.pack(udp(ip, sport, dport, m.payload, zero))
    exp = dict(m.exp)
    exp["ip"] = ip.exp()
    exp["udp"] = {"src_port": sport, "dst_port": dport,
                  "length": 8 + len(m.payload),
                  "checksum_ok": None if zero else True}
    return pkt, exp


def build_tunnel(g, depth=0):
    """A Registration Request in IPv4/UDP, tunnelled (RFC 2003, 2004, 2784,
    3519 3.3), possibly twice."""
    m = build_rrq(g)
    inner, iexp = wrap(g, m)
    kind = g.r.choice(["ipip", "gre", "minimal", "tundata"])
    if kind == "ipip":
        # RFC 2003 3.1: outer header, protocol 4, then the inner packet.
        outer = IpHdr(g, P_IPIP)
        pkt = outer.pack(inner)
        exp = {"message": "tunnel", "outer": outer.exp(),
               "encapsulation": "ipip", "inner": iexp}
    elif kind == "gre":
        # RFC 2784 2.1: C, Reserved0, Ver 0, Protocol Type 0x0800; RFC 2890
        # 2.1: K adds a 32-bit Key after the checksum words.
        outer = IpHdr(g, P_GRE)
        c, k = g.chance(0.3), g.chance(0.5)
        key = g.u(32)
        hdr = struct.pack("!HH", (0x8000 if c else 0) | (0x2000 if k else 0),
                          0x0800)
        tail = (struct.pack("!I", key) if k else b"") + inner
        if c:
            # RFC 2784 2.5: checksum over the GRE header and payload.
            s = inet_cksum(hdr + b"\0\0\0\0" + tail)
            hdr += struct.pack("!HH", s, 0)
        pkt = outer.pack(hdr + tail)
        exp = {"message": "tunnel", "outer": outer.exp(),
               "encapsulation": "gre", "inner": iexp}
        if k:
            exp["gre_key"] = key
    elif kind == "minimal":
        # RFC 2004 3.1: the inner IP header is replaced by Protocol, S,
        # Reserved, Header Checksum, Original Destination [, Original
        # Source], placed after the outer header (protocol 55).
        ih = iexp["ip"]
        outer = IpHdr(g, P_MIN)
        outer.opts = b""
        # S clear: the original source is the encapsulator (the outer
        # source), and the Original Source field is left out.
        s_bit = g.chance(0.6)
        if not s_bit:
            outer.src = ih["src"]
        mh = struct.pack("!BBH4s", P_UDP, 0x80 if s_bit else 0, 0,
                         s2b(ih["dst"]))
        if s_bit:
            mh += s2b(ih["src"])
        mh = mh[:2] + struct.pack("!H", inet_cksum(mh)) + mh[4:]
        ihl = (inner[0] & 0x0F) * 4
        pkt = outer.pack(mh + inner[ihl:])
        # The decoded inner header is rebuilt from the outer one; only its
        # addresses and protocol come from the minimal header.
        iexp = dict(iexp)
        iexp["ip"] = {"src": ih["src"], "dst": ih["dst"], "proto": P_UDP}
        exp = {"message": "tunnel", "outer": outer.exp(),
               "encapsulation": "minimal", "inner": iexp}
    else:
        # RFC 3519 3.3: UDP to port 434, Type 4, Next Header 4, Reserved,
        # then the IP-in-IP inner packet.
        outer = IpHdr(g, P_UDP)
        sport = g.r.randint(1024, 65535)
        td = struct.pack("!BBH", T_TUNDATA, P_IPIP, 0) + inner
        pkt = outer.pack(udp(outer, sport, UDP_MIP, td))
        exp = {"message": "tunnel_data", "type": T_TUNDATA,
               "next_header": P_IPIP, "encapsulation": "ipip",
               "inner": iexp, "ip": outer.exp(),
               "udp": {"src_port": sport, "dst_port": UDP_MIP,
                       "length": 8 + len(td), "checksum_ok": True}}
    return pkt, exp, m.keys


# ---- comparison -----------------------------------------------------------

PARTIAL = "__partial__"


class Name:
    """An expected snake_case name from libmip's tables (code_name,
    status_name): only "accepted" is fixed by the documents; any other
    assigned number must get some name other than "unassigned"."""

    def __init__(self, number):
        self.number = number

    def check(self, got):
        if not isinstance(got, str) or not got:
            return False
        if self.number == 0:
            return got == "accepted"
        return got != "unassigned" and got.replace("_", "").isalnum()

    def __repr__(self):
        return "a name for %d" % self.number


def diff(path, got, want, out):
    """Collects every difference between |got| and |want|. A dict marked
    PARTIAL in |want| checks only the keys it lists."""
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append("%s: got %r, expected an object" % (path, got))
            return
        keys = set(want) - {PARTIAL}
        if not want.get(PARTIAL):
            for k in sorted(set(got) - keys):
                out.append("%s.%s: unexpected field (%r)" % (path, k, got[k]))
        for k in sorted(keys):
            if k not in got:
                out.append("%s.%s: missing" % (path, k))
            else:
                diff("%s.%s" % (path, k), got[k], want[k], out)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            out.append("%s: got %r, expected %r" % (path, got, want))
            return
        for i, (a, b) in enumerate(zip(got, want)):
            diff("%s[%d]" % (path, i), a, b, out)
    elif isinstance(want, Name):
        if not want.check(got):
            out.append("%s: got %r, expected %r" % (path, got, want))
    elif got != want or type(got) is not type(want):
        out.append("%s: got %r, expected %r" % (path, got, want))


def relax_minimal(exp):
    """The rebuilt inner header of a minimal tunnel: check what RFC 2004
    carries (addresses, protocol) and let the rest be what the decoder
    copies from the outer header."""
    if exp.get("encapsulation") == "minimal" and "inner" in exp:
        exp["inner"]["ip"][PARTIAL] = True
    return exp


def run(mipctl, args, hexes):
    cmd = [mipctl, "decode"] + args + hexes
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       check=False)
    lines = [ln for ln in p.stdout.decode(errors="replace").splitlines()
             if ln.strip()]
    objs = []
    for ln in lines:
        try:
            objs.append(json.loads(ln))
        except ValueError:
            objs.append({"__unparsable__": ln})
    return p.returncode, objs, p.stderr.decode(errors="replace")


def check_batch(mipctl, items, failures):
    """|items|: (label, packet, expected, keys). One mipctl run."""
    args = ["--ip"]
    for _, _, _, keys in items:
        for k in keys:
            args += ["--key", k]
    rc, objs, err = run(mipctl, args, [p.hex() for _, p, _, _ in items])
    if rc != 0:
        failures.append("valid batch: mipctl exited %d: %s" % (rc, err[:500]))
    if len(objs) != len(items):
        failures.append("valid batch: %d objects for %d inputs" % (
            len(objs), len(items)))
    for (label, pkt, exp, _), got in zip(items, objs):
        out = []
        diff("", got, relax_minimal(exp), out)
        if out:
            failures.append("%s %s:\n    %s" % (label, pkt.hex(),
                                                 "\n    ".join(out[:12])))


# ---- corrupted input ------------------------------------------------------

def corruptions(g):
    """(label, mipctl options, input, expected error fields): inputs every
    decoder must refuse. "err" is libmip's error class (mip_strerror)."""
    TRUNC, MALF = "truncated", "malformed"
    out = []
    rrq = build_rrq(g)
    for cut in sorted(g.r.sample(range(1, 24), 4)):
        # RFC 5944 3.3: the fixed part is 24 octets.
        out.append(("rrq cut to %d" % cut, rrq.payload[:cut], {"err": TRUNC}))
    rrp = build_rrp(g)
    out.append(("rrp cut to 19", rrp.payload[:19], {"err": TRUNC}))
    # An extension whose Length runs past the end of the message.
    fixed = rrq.payload[:24]
    out.append(("rrq ext overrun", fixed + bytes([X_NAI, 40]) + b"ab",
                {"err": TRUNC}))
    out.append(("rrq ext header cut", fixed + bytes([X_MNHA]),
                {"err": TRUNC}))
    # RFC 5944 1.9: an unrecognised type below 128 is not skippable.
    out.append(("rrq unknown ext 99", fixed + bytes([99, 2, 0, 0]),
                {"err": "unknown non-skippable extension", "ext_type": 99,
                 "at": 24}))
    # RFC 5944 3.5.2: Length is 4 + the authenticator, at least 20.
    out.append(("rrq auth too short", fixed + bytes([X_MNHA, 2, 0, 0]),
                {"err": MALF}))
    bu = build_bu(g)
    out.append(("bu cut to 11", bu.payload[:11], {"err": TRUNC}))
    br = build_br(g)
    out.append(("br cut to 15", br.payload[:15], {"err": TRUNC}))
    cases = []
    for label, payload, want in out:
        # Raw UDP payloads (--udp) and the same in IPv4/UDP (--ip).
        cases.append((label + " (udp)", ["--udp"], payload, want))
        ip = IpHdr(g, P_UDP)
        pkt = ip.pack(udp(ip, 434, UDP_MIP, payload))
        w = dict(want)
        if "at" in w:
            w["at"] += len(pkt) - len(payload)
        cases.append((label + " (ip)", ["--ip"], pkt, w))
    # IPv4 and UDP damage: total length beyond the data, IHL below 5, bad
    # version, a short header, wrong header and UDP checksums (RFC 5944
    # 3.1: a nonzero UDP checksum MUST be checked).
    ip = IpHdr(g, P_UDP)
    ip.opts = b""
    good = ip.pack(udp(ip, 434, UDP_MIP, build_br(g).payload))
    ipx = [("ip truncated", good[:len(good) - 3], TRUNC),
           ("ip ihl 4", bytes([0x44]) + good[1:], MALF),
           ("ip version 6", bytes([0x65]) + good[1:], MALF),
           ("ip 10 octets", good[:10], TRUNC),
           ("ip header checksum", good[:10] + bytes([good[10] ^ 0x40]) +
            good[11:], "bad checksum"),
           ("udp checksum", good[:27] + bytes([good[27] ^ 0x01]) + good[28:],
            "bad checksum")]
    for label, pkt, err in ipx:
        cases.append((label, ["--ip"], pkt, {"err": err}))
    # A mobility extension whose Length is not 6 + 4N (RFC 5944 2.1.1), and
    # an advertisement with a wrong ICMP checksum (RFC 792).
    adv = build_adv(g)
    a = bytearray(adv.payload)
    if a[8 + 8 * a[4]] == I_MOB:
        # Length 7 is not 6 + 4N (malformed) but, when the extension is
        # the last one, its body now also overruns the message (truncated).
        last = 8 + 8 * a[4] + 2 + a[9 + 8 * a[4]] == len(a)
        a[9 + 8 * a[4]] = 7
        a[2:4] = b"\0\0"
        a[2:4] = struct.pack("!H", inet_cksum(bytes(a)))
        cases.append(("adv mobility length 7", ["--icmp"], bytes(a),
                      {"err": TRUNC if last else MALF}))
    a = bytearray(adv.payload)
    a[3] ^= 0x10
    cases.append(("adv icmp checksum", ["--icmp"], bytes(a),
                  {"err": "bad checksum"}))
    # A tunnel whose inner packet is truncated (RFC 2003).
    outer = IpHdr(g, P_IPIP)
    cases.append(("ipip inner cut", ["--ip"], outer.pack(good[:15]),
                  {"err": TRUNC}))
    return cases


def check_corrupt(mipctl, cases, failures):
    """One mipctl run per input form (the exit status says "any input
    malformed"), plus single runs of the first few cases for their own
    exit status."""
    groups = {}
    for c in cases:
        groups.setdefault(tuple(c[1]), []).append(c)
    runs = [(list(k), v) for k, v in sorted(groups.items())]
    runs += [(c[1], [c]) for c in cases[:3]]
    for args, group in runs:
        rc, objs, err = run(mipctl, args, [c[2].hex() for c in group])
        if rc == 0:
            failures.append("corrupt %s: exit status 0" % group[0][0])
        if len(objs) != len(group):
            failures.append("corrupt %s: %d objects for %d inputs" % (
                group[0][0], len(objs), len(group)))
        for (label, _, pkt, want), o in zip(group, objs):
            check_error(label, pkt, want, o, failures)


def check_error(label, pkt, want, obj, failures):
    o = obj
    # A tunnel reports the damage as the inner object (json-fields 6.2).
    while "error" not in o and isinstance(o.get("inner"), dict):
        o = o["inner"]
    what = "corrupt %s (%s): %s" % (label, pkt.hex(), json.dumps(obj))
    if not isinstance(o.get("error"), str) or not isinstance(
            o.get("offset"), int):
        failures.append(what + ": no error object")
    elif o.get("err") != want["err"]:
        failures.append(what + ": err is not %r" % want["err"])
    elif "ext_type" in want and o.get("ext_type") != want["ext_type"]:
        failures.append(what + ": ext_type is not %d" % want["ext_type"])
    elif "at" in want and o["offset"] != want["at"]:
        failures.append(what + ": offset is not %d" % want["at"])
    elif not 0 <= o["offset"] <= len(pkt):
        failures.append(what + ": offset outside the input")


def check_raw(mipctl, g, failures):
    """The --udp (default) and --icmp input forms, and an authenticator
    with no --key (verified: null, json-fields 7.2)."""
    items = []
    for fn in (build_rrq, build_rrp, build_bu, build_ba, build_bw):
        for _ in range(4):
            items.append(fn(g))
    nokey = build_rrq(g)
    for e in nokey.exp["extensions"]:
        if "verified" in e:
            e["verified"] = None
    rc, objs, err = run(mipctl, sum((["--key", k] for m in items
                                     for k in m.keys), []),
                        [m.payload.hex() for m in items] +
                        [nokey.payload.hex()])
    items.append(nokey)
    advs = [build_adv(g) for _ in range(6)]
    rc2, objs2, err2 = run(mipctl, ["--icmp"], [m.payload.hex() for m in advs])
    for code, e in ((rc, err), (rc2, err2)):
        if code != 0:
            failures.append("raw batch: mipctl exited %d: %s" % (code, e))
    for ms, os_ in ((items, objs), (advs, objs2)):
        if len(ms) != len(os_):
            failures.append("raw batch: %d objects for %d inputs" % (
                len(os_), len(ms)))
        for m, got in zip(ms, os_):
            out = []
            diff("", got, m.exp, out)
            if out:
                failures.append("raw %s %s:\n    %s" % (
                    m.what, m.payload.hex(), "\n    ".join(out[:12])))


def check_pcap(mipctl, items, failures):
    """`mipctl decode --pcap`: the same packets in a classic pcap written
    here (LINKTYPE_RAW, then Ethernet II), each object with its frame."""
    import tempfile
    for linktype, link in ((101, b""),
                           (1, b"\x02\0\0\0\0\x01\x02\0\0\0\0\x02"
                               b"\x08\x00")):
        fd, path = tempfile.mkstemp(suffix=".pcap")
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                                linktype))
            for i, (_, pkt, _, _) in enumerate(items):
                frame = link + pkt
                f.write(struct.pack("<IIII", i, 0, len(frame), len(frame)))
                f.write(frame)
        args = ["--pcap", path]
        for _, _, _, keys in items:
            for k in keys:
                args += ["--key", k]
        rc, objs, err = run(mipctl, args, [])
        os.unlink(path)
        if rc != 0:
            failures.append("pcap %d: mipctl exited %d: %s" % (
                linktype, rc, err[:300]))
        if len(objs) != len(items):
            failures.append("pcap %d: %d objects for %d frames" % (
                linktype, len(objs), len(items)))
        for i, ((label, pkt, exp, _), got) in enumerate(zip(items, objs)):
            want = dict(relax_minimal(exp))
            want["frame"] = i + 1
            out = []
            diff("", got, want, out)
            if out:
                failures.append("pcap %d frame %d %s:\n    %s" % (
                    linktype, i + 1, label, "\n    ".join(out[:12])))


# ---- main -----------------------------------------------------------------

BUILDERS = [("rrq", build_rrq, 60), ("rrp", build_rrp, 50),
            ("adv", build_adv, 50), ("bw", build_bw, 20), ("br", build_br, 20),
            ("bu", build_bu, 50), ("ba", build_ba, 20)]
TUNNELS = 40
BATCH = 40


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    mipctl = sys.argv[1]
    seed = sys.argv[2] if len(sys.argv) > 2 else os.environ.get(
        "MIP_XCHECK_SEED", "1")
    print("seed %s (set MIP_XCHECK_SEED to change)" % seed)
    g = Gen(int(seed))
    items = []
    for name, fn, n in BUILDERS:
        for i in range(n):
            m = fn(g)
            pkt, exp = wrap(g, m)
            items.append(("%s #%d" % (name, i), pkt, exp, m.keys))
    for i in range(TUNNELS):
        pkt, exp, keys = build_tunnel(g)
        items.append(("tunnel #%d" % i, pkt, exp, keys))
    g.r.shuffle(items)
    failures = []
    for i in range(0, len(items), BATCH):
        check_batch(mipctl, items[i:i + BATCH], failures)
    check_pcap(mipctl, items[:30], failures)
    check_raw(mipctl, g, failures)
    bad = corruptions(g)
    check_corrupt(mipctl, bad, failures)
    for f in failures[:40]:
        print("FAIL " + f)
    if failures:
        print("%d failures (seed %s)" % (len(failures), seed))
        return 1
    print("ok: %d messages decoded with every field right, %d corrupt "
          "inputs refused" % (len(items), len(bad)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
