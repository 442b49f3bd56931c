#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Registration messages on the wire, for the namespace scenarios.

  reg_tool.py sniff --type 1|3 [--iface IF] [--timeout S] [--count N]
      waits for Registration Requests (type 1, to UDP port 434) or
      Registration Replies (type 3, from port 434) seen by a packet socket
      in the current namespace (on IF, or on every interface) and prints
      one JSON object a line: src, dst, sport, dport, type, code (replies),
      lifetime, home_addr, payload (hex) and time (seconds since the
      epoch, when it was seen), after a first line "# listening" once
      the socket is open. Exits 1 if none came in time.
  reg_tool.py proto --proto N [--iface IF] --seconds S
      counts the IPv4 packets of protocol N (4 IP-in-IP, 55 minimal, 47
      GRE) seen in S seconds and prints {"proto": N, "packets": K}.
  reg_tool.py send --to ADDR --hex PAYLOAD [--timeout S]
      sends PAYLOAD (a captured request) to ADDR port 434 from an
      ephemeral port and prints the reply the same way (the agent answers
      the source address and port: RFC 5944 3.8.3). Exits 1 without one.

Only the IPv4 and UDP headers are parsed, each with its length checked;
anything short or not UDP/434 is skipped.
"""

import argparse
import ipaddress
import json
import select
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
PORT = 434


def message(payload):
    """The fields of a registration message |payload| (at least type)."""
    out = {"type": payload[0], "payload": payload.hex()}
    if payload[0] == 3 and len(payload) >= 20:
        out["code"] = payload[1]
        out["lifetime"] = struct.unpack_from("!H", payload, 2)[0]
        out["home_addr"] = str(ipaddress.IPv4Address(payload[4:8]))
    elif payload[0] == 1 and len(payload) >= 24:
        out["lifetime"] = struct.unpack_from("!H", payload, 2)[0]
        out["home_addr"] = str(ipaddress.IPv4Address(payload[4:8]))
    return out


def parse_ip(pkt):
    """(src, dst, sport, dport, payload) of an IPv4/UDP packet, or None."""
    if len(pkt) < 20 or pkt[0] >> 4 != 4:
        return None
    ihl = (pkt[0] & 0x0F) * 4
    total = struct.unpack_from("!H", pkt, 2)[0]
    frag = struct.unpack_from("!H", pkt, 6)[0]
    if ihl < 20 or total < ihl + 8 or total > len(pkt) or pkt[9] != 17:
        return None
    if frag & 0x3FFF:
        return None  # fragments: registration messages are small
    sport, dport, ulen = struct.unpack_from("!HHH", pkt, ihl)
    if ulen < 9 or ihl + ulen > total:
        return None
    src = str(ipaddress.IPv4Address(pkt[12:16]))
    dst = str(ipaddress.IPv4Address(pkt[16:20]))
    return src, dst, sport, dport, pkt[ihl + 8:ihl + ulen]


def sniff(args):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                         socket.htons(ETH_P_IP))
    if args.iface:
        sock.bind((args.iface, ETH_P_IP))
    # The caller waits for this line before it makes the traffic.
    print("# listening", flush=True)
    deadline = time.monotonic() + args.timeout
    found = 0
    seen = set()
    while found < args.count:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([sock], [], [], left)
        if not r:
            break
        pkt = sock.recv(65536)
        p = parse_ip(pkt)
        if p is None:
            continue
        src, dst, sport, dport, payload = p
        want_port = dport if args.type == 1 else sport
        if want_port != PORT or payload[0] != args.type:
            continue
        # On a bridge-less veth a packet may be seen twice (out and in).
        key = (src, dst, sport, dport, payload)
        if key in seen:
            continue
        seen.add(key)
        out = {"src": src, "dst": dst, "sport": sport, "dport": dport,
               "time": round(time.time(), 4)}
        out.update(message(payload))
        print(json.dumps(out, sort_keys=True), flush=True)
        found += 1
    if not found:
        print("reg_tool: no registration message of type %d in %.1f s" %
              (args.type, args.timeout), file=sys.stderr)
        return 1
    return 0


def proto(args):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                         socket.htons(ETH_P_IP))
    if args.iface:
        sock.bind((args.iface, ETH_P_IP))
    deadline = time.monotonic() + args.seconds
    count = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([sock], [], [], left)
        if not r:
            break
        pkt = sock.recv(65536)
        if len(pkt) >= 20 and pkt[0] >> 4 == 4 and pkt[9] == args.proto:
            count += 1
    print(json.dumps({"proto": args.proto, "packets": count}))
    return 0


def send(args):
    payload = bytes.fromhex(args.hex)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.sendto(payload, (args.to, PORT))
    r, _, _ = select.select([sock], [], [], args.timeout)
    if not r:
        print("reg_tool: no reply from %s in %.1f s" % (args.to, args.timeout),
              file=sys.stderr)
        return 1
    data, (src, sport) = sock.recvfrom(65536)
    out = {"src": src, "sport": sport}
    if data:
        out.update(message(data))
    print(json.dumps(out, sort_keys=True))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("sniff")
    p.add_argument("--type", type=int, choices=(1, 3), required=True)
    p.add_argument("--iface")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--count", type=int, default=1)
    p.set_defaults(fn=sniff)
    p = sub.add_parser("proto")
    p.add_argument("--proto", type=int, required=True)
    p.add_argument("--iface")
    p.add_argument("--seconds", type=float, default=2.0)
    p.set_defaults(fn=proto)
    p = sub.add_parser("send")
    p.add_argument("--to", required=True)
    p.add_argument("--hex", required=True)
    p.add_argument("--timeout", type=float, default=5.0)
    p.set_defaults(fn=send)
    args = ap.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
