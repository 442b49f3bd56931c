#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Throw the fuzz corpus at a daemon: hostile input over real sockets.

  send_corpus.py [--rate PPS] ADDR CORPUS_DIR...

Every regular file under each CORPUS_DIR (fuzz/corpus/*) is sent to ADDR
  - as the payload of a UDP datagram to port 434 (RFC 5944 registration),
  - as a raw ICMP message (the file is the ICMP header and body), twice:
    as is, and with a correct ICMP checksum so that it reaches the parser
    behind the checksum test,
  - as the payload of IPv4 protocols 4, 55 and 47 (IP-in-IP, minimal
    encapsulation, GRE), which the data plane's raw sockets decapsulate.
Files larger than 65000 octets are cut. Send errors (the kernel refusing a
malformed raw packet, no buffer space) are counted, not fatal.

ADDR must be inside the documentation ranges of RFC 5737 (192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24): this tool only ever talks to the test's
own namespaces. Prints one summary line; exits 0 unless nothing was sent.
"""

import argparse
import ipaddress
import os
import socket
import sys
import time

DOC_NETS = [ipaddress.ip_network(n) for n in
            ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]
TUNNEL_PROTOS = (4, 55, 47)
MAX_LEN = 65000


def checksum(data):
    """RFC 1071 Internet checksum."""
    if len(data) % 2:
        data += b"\0"
    total = sum(int.from_bytes(data[i:i + 2], "big")
                for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_icmp_checksum(data):
    if len(data) < 4:
        return None
    body = data[:2] + b"\0\0" + data[4:]
    return body[:2] + checksum(body).to_bytes(2, "big") + body[4:]


def corpus_files(dirs):
    for d in dirs:
        for root, subdirs, files in os.walk(d):
            subdirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                if os.path.isfile(path):
                    yield path


class Sender:
    def __init__(self, addr, rate):
        self.addr = addr
        self.period = 1.0 / rate if rate > 0 else 0.0
        self.sent = 0
        self.errors = 0
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW,
                                  socket.IPPROTO_ICMP)
        self.tun = {p: socket.socket(socket.AF_INET, socket.SOCK_RAW, p)
                    for p in TUNNEL_PROTOS}

    def send(self, sock, data, port=0):
        try:
            sock.sendto(data, (self.addr, port))
            self.sent += 1
        except OSError:
            self.errors += 1
        if self.period:
            time.sleep(self.period)

    def file(self, data):
        self.send(self.udp, data, 434)
        if data:
            self.send(self.icmp, data)
        fixed = with_icmp_checksum(data)
        if fixed is not None:
            self.send(self.icmp, fixed)
        for p in TUNNEL_PROTOS:
            self.send(self.tun[p], data)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rate", type=float, default=2000.0,
                    help="packets a second (0: as fast as possible)")
    ap.add_argument("addr")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    addr = ipaddress.ip_address(args.addr)
    if not any(addr in n for n in DOC_NETS):
        ap.error("%s is outside the documentation ranges" % addr)
    s = Sender(str(addr), args.rate)
    files = 0
    for path in corpus_files(args.dirs):
        with open(path, "rb") as f:
            s.file(f.read(MAX_LEN))
        files += 1
    print("send_corpus: %d files to %s: %d packets sent, %d refused by the "
          "kernel" % (files, addr, s.sent, s.errors))
    return 0 if s.sent else 1


if __name__ == "__main__":
    sys.exit(main())
