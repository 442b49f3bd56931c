#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Cross-check libmip's encoders against Wireshark's dissectors.

pcap_gen (tests/xcheck/pcap_gen.c) writes random Registration Requests,
Registration Replies and Agent Advertisements, encoded by libmip and wrapped
in IPv4/UDP or IPv4/ICMP by libmip's header builders, into a LINKTYPE_RAW
pcap, plus a JSON-lines sidecar with the field values it chose. This script
runs `tshark -T pdml` on the pcap and asserts, frame by frame, that tshark
shows the same values and raises no malformed-packet mark, no expert
warning or error, and no bad IP, UDP or ICMP checksum. It also recomputes
every authenticator (RFC 5944 3.5.1) from the raw frame bytes with Python's
hmac/hashlib, using the key and algorithm from the sidecar.

Usage: tshark_check.py [--tshark PATH] [--keep DIR] PCAP_GEN [SEED]
   or: tshark_check.py [--tshark PATH] --pcap FILE --sidecar FILE

Known tshark 4.0 limits (not checked here, and not generated):
  - There is no Route Optimization dissector: UDP 434 types 16-19 are shown
    as other messages (RFC 4881/4857 numbers), so RO messages are left out.
  - The advertisement bit 0x0080 is shown only as RFC 3519 "U"; the RO
    smooth-handoff "S" reading of the same bit cannot be checked.
  - The I bit (0x0020, RFC 4857) has no field; it is checked through the
    "reserved" field, which tshark extracts with mask 0x003f.
  - A one-byte Padding extension (type 0) in a registration message is
    dissected as Type-Length and raises a malformed mark, so pcap_gen emits
    no padding.
  - The RRQ/RRP Identification is shown as an NTP time; its raw bytes are
    compared instead.
  - Extension bodies with no dedicated field (challenge) are compared as
    raw bytes through mip.extension.
"""

import argparse
import hashlib
import hmac
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# Expert severities (epan/proto.h, PI_SEVERITY_MASK values).
SEV_WARN = 0x00600000

# RFC 5944 3.3 RRQ flag octet, tshark field per bit.
RRQ_FLAG_FIELDS = [(0x80, "mip.s"), (0x40, "mip.b"), (0x20, "mip.d"),
                   (0x10, "mip.m"), (0x08, "mip.g"), (0x04, "mip.v"),
                   (0x02, "mip.t"), (0x01, "mip.x")]

# RFC 5944 2.1.1 advertisement flag word, tshark field per bit.
ADV_FLAG_FIELDS = [(0x8000, "icmp.mip.r"), (0x4000, "icmp.mip.b"),
                   (0x2000, "icmp.mip.h"), (0x1000, "icmp.mip.f"),
                   (0x0800, "icmp.mip.m"), (0x0400, "icmp.mip.g"),
                   (0x0200, "icmp.mip.v"), (0x0100, "icmp.mip.rt"),
                   (0x0080, "icmp.mip.u"), (0x0040, "icmp.mip.x")]

AUTH_TYPES = (32, 33, 34, 36)


class Frame:
    """The dissection of one packet: fields in document order."""

    def __init__(self, pkt):
        self.protos = [p.get("name") for p in pkt.iter("proto")]
        self.fields = []
        self.root = pkt
        for f in pkt.iter("field"):
            self.fields.append(f)

    def all(self, name, under=None):
        root = under if under is not None else self.root
        return [f for f in root.iter("field") if f.get("name") == name]

    def one(self, name, under=None):
        v = self.all(name, under)
        if len(v) != 1:
            raise CheckError("field %s occurs %d times" % (name, len(v)))
        return v[0]

    def show(self, name, under=None):
        return self.one(name, under).get("show")

    def num(self, name, under=None):
        return int(self.show(name, under), 0)

    def proto(self, name):
        for p in self.root.iter("proto"):
            if p.get("name") == name:
                return p
        raise CheckError("no %s layer" % name)


class CheckError(Exception):
    pass


def expect(what, got, want):
    if got != want:
        raise CheckError("%s: tshark shows %r, expected %r" % (what, got, want))


def read_pcap(path):
    """The frames of a little- or big-endian classic pcap (stdlib only)."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic == 0xA1B2C3D4:
        endian = "<"
    elif magic == 0xD4C3B2A1:
        endian = ">"
    else:
        raise CheckError("%s: not a classic pcap" % path)
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    if linktype != 101:
        raise CheckError("%s: linktype %d, expected 101 (RAW)" % (path, linktype))
    frames, off = [], 24
    while off < len(data):
        _, _, incl, orig = struct.unpack(endian + "IIII", data[off:off + 16])
        off += 16
        if incl != orig:
            raise CheckError("frame %d truncated in capture" % (len(frames) + 1))
        frames.append(data[off:off + incl])
        off += incl
    return frames


def mac(alg, key, data):
    if alg == "hmac-md5":
        return hmac.new(key, data, hashlib.md5).digest()
    if alg == "hmac-sha1":
        return hmac.new(key, data, hashlib.sha1).digest()
    if alg == "keyed-md5":
        # RFC 2002 3.5.1 keyed MD5: MD5(key || data || key).
        return hashlib.md5(key + data + key).digest()
    raise CheckError("unknown algorithm %r in sidecar" % alg)


def check_common(fr, exp):
    if "_ws.malformed" in fr.protos:
        raise CheckError("malformed-packet mark")
    for e in fr.all("_ws.expert"):
        sev = [int(s.get("show"), 0) for s in e.iter("field")
               if s.get("name") == "_ws.expert.severity"]
        if sev and max(sev) >= SEV_WARN:
            raise CheckError("expert info: %s" % e.get("showname"))
    expect("ip.checksum.status", fr.show("ip.checksum.status"), "1")
    expect("ip.src", fr.show("ip.src"), exp["ip_src"])
    expect("ip.dst", fr.show("ip.dst"), exp["ip_dst"])
    expect("ip.ttl", fr.num("ip.ttl"), exp["ttl"])


def check_udp(fr, exp):
    expect("ip.proto", fr.num("ip.proto"), 17)
    expect("udp.checksum.status", fr.show("udp.checksum.status"), "1")
    expect("udp.srcport", fr.num("udp.srcport"), exp["sport"])
    expect("udp.dstport", fr.num("udp.dstport"), exp["dport"])


def ext_groups(mip):
    """Each registration extension's subtree, in wire order."""
    out = []
    for f in mip.iter("field"):
        if f.get("name") == "" and (f.get("show") or "").startswith(
                "Extension: "):
            out.append(f)
    return out


def check_reg_exts(fr, exp, raw):
    mip = fr.proto("mip")
    mip_pos = int(mip.get("pos"))
    payload = raw[mip_pos:]
    groups = ext_groups(mip)
    want = exp["exts"]
    expect("extension count", len(groups), len(want))
    for i, (g, w) in enumerate(zip(groups, want)):
        what = "extension %d" % i
        expect(what + " type", fr.num("mip.ext.type", g), w["type"])
        t = w["type"]
        if t in AUTH_TYPES:
            if t == 36:
                expect(what + " subtype", fr.num("mip.ext.auth.subtype", g),
                       w["subtype"])
            expect(what + " spi", fr.num("mip.auth.spi", g), w["spi"])
            auth = fr.one("mip.auth.auth", g)
            shown = bytes.fromhex(auth.get("value"))
            key = bytes.fromhex(w["key"])
            covered = payload[:int(auth.get("pos")) - mip_pos]
            mine = mac(w["alg"], key, covered)
            expect(what + " authenticator (recomputed)", shown.hex(),
                   mine.hex())
        elif t == 131:
            expect(what + " nai", fr.show("mip.nai", g), w["nai"])
        elif t == 132:
            expect(what + " challenge", fr.one("mip.extension", g).get(
                "value"), w["challenge"])
        else:
            raise CheckError("sidecar names extension type %d, which this "
                             "checker does not know" % t)


def check_rrq(fr, exp, raw):
    check_udp(fr, exp)
    expect("mip.type", fr.num("mip.type"), 1)
    flags = exp["flags"]
    expect("mip.flags", fr.num("mip.flags"), flags)
    for mask, name in RRQ_FLAG_FIELDS:
        expect(name, fr.num(name), 1 if flags & mask else 0)
    expect("mip.life", fr.num("mip.life"), exp["lifetime"])
    expect("mip.homeaddr", fr.show("mip.homeaddr"), exp["home_addr"])
    expect("mip.haaddr", fr.show("mip.haaddr"), exp["ha_addr"])
    expect("mip.coa", fr.show("mip.coa"), exp["coa"])
    expect("mip.ident", fr.one("mip.ident").get("value"), exp["ident"])
    check_reg_exts(fr, exp, raw)


def check_rrp(fr, exp, raw):
    check_udp(fr, exp)
    expect("mip.type", fr.num("mip.type"), 3)
    expect("mip.code", fr.num("mip.code"), exp["code"])
    expect("mip.life", fr.num("mip.life"), exp["lifetime"])
    expect("mip.homeaddr", fr.show("mip.homeaddr"), exp["home_addr"])
    expect("mip.haaddr", fr.show("mip.haaddr"), exp["ha_addr"])
    expect("mip.ident", fr.one("mip.ident").get("value"), exp["ident"])
    if fr.all("mip.coa"):
        raise CheckError("a reply has no care-of address field")
    check_reg_exts(fr, exp, raw)


def check_adv(fr, exp, raw):
    expect("ip.proto", fr.num("ip.proto"), 1)
    expect("icmp.checksum.status", fr.show("icmp.checksum.status"), "1")
    expect("icmp.type", fr.num("icmp.type"), 9)
    expect("icmp.code", fr.num("icmp.code"), exp["icmp_code"])
    routers = exp["routers"]
    expect("icmp.num_addrs", fr.num("icmp.num_addrs"), len(routers))
    expect("icmp.addr_entry_size", fr.num("icmp.addr_entry_size"), 2)
    expect("icmp.lifetime", fr.num("icmp.lifetime"), exp["icmp_lifetime"])
    expect("icmp.router_address",
           [f.get("show") for f in fr.all("icmp.router_address")],
           [r[0] for r in routers])
    expect("icmp.pref_level",
           [int(f.get("show")) for f in fr.all("icmp.pref_level")],
           [r[1] for r in routers])
    types = [16] + ([19] if "prefix_lengths" in exp else [])
    expect("extension types",
           [int(f.get("show")) for f in fr.all("icmp.mip.type")], types)
    coas = exp["coas"]
    lens = [int(f.get("show")) for f in fr.all("icmp.mip.length")]
    expect("mobility extension length", lens[0], 6 + 4 * len(coas))
    expect("icmp.mip.seq", fr.num("icmp.mip.seq"), exp["seq"])
    expect("icmp.mip.life", fr.num("icmp.mip.life"), exp["reg_lifetime"])
    flags = exp["flags"]
    expect("icmp.mip.flags", fr.num("icmp.mip.flags"), flags)
    for mask, name in ADV_FLAG_FIELDS:
        expect(name, fr.num(name), 1 if flags & mask else 0)
    expect("icmp.mip.reserved (I and reserved bits)",
           fr.num("icmp.mip.reserved"), flags & 0x003F)
    expect("icmp.mip.coa", [f.get("show") for f in fr.all("icmp.mip.coa")],
           coas)
    if "prefix_lengths" in exp:
        pl = exp["prefix_lengths"]
        expect("prefix-lengths extension length", lens[1], len(pl))
        expect("icmp.mip.prefixlength",
               [int(f.get("show")) for f in fr.all("icmp.mip.prefixlength")],
               pl)


CHECKS = {"rrq": check_rrq, "rrp": check_rrp, "adv": check_adv}


def run_tshark(tshark, pcap):
    cmd = [tshark, "-n", "-r", pcap, "-T", "pdml",
           "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"]
    env = dict(os.environ)
    # Keep the user's Wireshark profile (decode-as, disabled protocols) out.
    env["WIRESHARK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="xcheck-ws-")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, check=False)
    shutil.rmtree(env["WIRESHARK_CONFIG_DIR"], ignore_errors=True)
    if p.returncode != 0:
        raise CheckError("tshark failed (%d): %s" % (
            p.returncode, p.stderr.decode(errors="replace")))
    return ET.fromstring(p.stdout).findall("packet")


def check_files(tshark, pcap, sidecar):
    with open(sidecar) as f:
        exps = [json.loads(line) for line in f if line.strip()]
    raws = read_pcap(pcap)
    pkts = run_tshark(tshark, pcap)
    if not (len(exps) == len(raws) == len(pkts)):
        print("FAIL: %d sidecar records, %d pcap frames, %d dissected" % (
            len(exps), len(raws), len(pkts)))
        return 1
    counts, failures = {}, 0
    for i, (exp, raw, pkt) in enumerate(zip(exps, raws, pkts), 1):
        try:
            if exp.get("frame") != i:
                raise CheckError("sidecar record out of order")
            fr = Frame(pkt)
            check_common(fr, exp)
            CHECKS[exp["kind"]](fr, exp, raw)
            counts[exp["kind"]] = counts.get(exp["kind"], 0) + 1
        except CheckError as e:
            failures += 1
            if failures <= 20:
                print("FAIL frame %d (%s): %s" % (i, exp.get("kind"), e))
                print("  bytes: %s" % raw.hex())
    if failures:
        print("%d of %d frames failed" % (failures, len(exps)))
        return 1
    print("ok: %d frames agree with tshark (%s)" % (
        len(exps), ", ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tshark", default=None)
    ap.add_argument("--pcap")
    ap.add_argument("--sidecar")
    ap.add_argument("--keep", help="keep the generated files in this dir")
    ap.add_argument("gen", nargs="?", help="path of the pcap_gen program")
    ap.add_argument("seed", nargs="?", default=None)
    a = ap.parse_args()

    tshark = a.tshark or shutil.which("tshark")
    if not tshark:
        # CI installs tshark (scripts/install-deps); its absence is a failure.
        print("FAIL: tshark not found (install it: scripts/install-deps)")
        return 1
    if a.pcap:
        return check_files(tshark, a.pcap, a.sidecar)
    if not a.gen:
        ap.error("give PCAP_GEN or --pcap/--sidecar")
    seed = a.seed or os.environ.get("MIP_XCHECK_SEED") or "1"
    d = a.keep or tempfile.mkdtemp(prefix="xcheck-pcap-")
    os.makedirs(d, exist_ok=True)
    pcap = os.path.join(d, "xcheck.pcap")
    side = os.path.join(d, "xcheck.jsonl")
    print("seed %s (set MIP_XCHECK_SEED to change)" % seed)
    r = subprocess.run([a.gen, str(seed), pcap, side], check=False)
    if r.returncode != 0:
        print("FAIL: %s exited %d" % (a.gen, r.returncode))
        return 1
    try:
        rc = check_files(tshark, pcap, side)
    except CheckError as e:
        print("FAIL: %s" % e)
        rc = 1
    if not a.keep:
        if rc == 0:
            shutil.rmtree(d, ignore_errors=True)
        else:
            print("files kept in %s" % d)
    return rc


if __name__ == "__main__":
    sys.exit(main())
