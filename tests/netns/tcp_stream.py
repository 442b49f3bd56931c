#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Traffic for the namespace scenarios: a checked TCP stream and a
sequenced UDP stream, with status files the shell scripts poll.

TCP (does a connection survive a move?):
  tcp_stream.py tcp-server --bind ADDR --port N --status FILE [--timeout S]
      accepts one connection and reads fixed-size records, each an
      increasing 64-bit counter followed by padding derived from it; any
      gap, duplicate or corrupted record is an error. Exits 0 after a clean
      end of stream with no error, 1 otherwise.
  tcp_stream.py tcp-client --to ADDR --port N --status FILE [--rate R]
      connects and sends R records a second until SIGTERM, then closes its
      side and waits for the server's end. Blocking in send is normal
      while the mobile node moves (TCP retransmits); it is measured, not
      fatal. Exits 1 on a connection error.

UDP (loss per phase):
  tcp_stream.py udp-recv --bind ADDR --port N --status FILE [--missing F]
  tcp_stream.py udp-send --to ADDR --port N --status FILE --phase-file F
      the sender stamps each datagram with a sequence number, its send
      time and the index of the phase named in F when it was sent (the
      demo writes the phase name there); the receiver counts deliveries,
      duplicates, reordering and latency per phase index. With --missing
      the receiver writes to F at its end a JSON list of the runs of
      sequence numbers it never received, each with the send times of
      the datagrams received just before and after it ("after",
      "before"), so that a scenario can tell when the lost ones were sent.
  tcp_stream.py report [--extra FILE] SENDER_STATUS RECEIVER_STATUS
      prints one line per phase: sent, delivered, lost, latency; FILE
      (blank-separated, a header line first, the phase name in the first
      column) adds its other columns to the phase of the same name.

Status files are JSON objects, replaced atomically (write, then rename),
rewritten at least every 0.2 s while something changes.
"""

import argparse
import json
import os
import select
import signal
import socket
import struct
import sys
import time

STATUS_EVERY = 0.2
UDP_MAGIC = 0x4D495053  # "MIPS"
UDP_HDR = struct.Struct("!IHQd")  # magic, phase, seq, send time


class Status:
    """A JSON status file written atomically and at a bounded rate."""

    def __init__(self, path):
        self.path = path
        self.last = 0.0

    def write(self, obj, force=False):
        now = time.monotonic()
        if not force and now - self.last < STATUS_EVERY:
            return
        self.last = now
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            json.dump(obj, f, sort_keys=True)
            f.write("\n")
        os.replace(tmp, self.path)


class Stop:
    """SIGTERM and SIGINT end the loops cleanly."""

    def __init__(self):
        self.flag = False
        signal.signal(signal.SIGTERM, self.set)
        signal.signal(signal.SIGINT, self.set)

    def set(self, _sig, _frame):
        self.flag = True


def record(counter, size):
    pad = bytes([counter & 0xFF]) * (size - 8)
    return struct.pack("!Q", counter) + pad


def tcp_server(args):
    st = Status(args.status)
    stop = Stop()
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind((args.bind, args.port))
    lsock.listen(1)
    s = {"state": "listening", "records": 0, "bytes": 0, "gaps": 0,
         "dups": 0, "corrupt": 0, "max_stall": 0.0, "peer": None}
    st.write(s, force=True)
    deadline = time.monotonic() + args.timeout
    conn = None
    while conn is None:
        left = deadline - time.monotonic()
        if stop.flag or left <= 0:
            s["state"] = "no connection"
            st.write(s, force=True)
            print("tcp-server: no connection", file=sys.stderr)
            return 1
        r, _, _ = select.select([lsock], [], [], min(left, 0.2))
        if r:
            conn, peer = lsock.accept()
            s["peer"] = "%s:%d" % peer
    lsock.close()
    s["state"] = "connected"
    st.write(s, force=True)
    buf = b""
    expect = 0
    last_rx = time.monotonic()
    clean = False
    while not stop.flag and time.monotonic() < deadline:
        r, _, _ = select.select([conn], [], [], 0.2)
        now = time.monotonic()
        if not r:
            s["stalled"] = round(now - last_rx, 3)
            st.write(s)
            continue
        try:
            data = conn.recv(65536)
        except OSError as e:
            s["error"] = str(e)
            break
        if not data:
            clean = True
            break
        s["max_stall"] = max(s["max_stall"], round(now - last_rx, 3))
        s["stalled"] = 0.0
        last_rx = now
        s["bytes"] += len(data)
        buf += data
        n = len(buf) // args.size
        for i in range(n):
            rec = buf[i * args.size:(i + 1) * args.size]
            (counter,) = struct.unpack_from("!Q", rec)
            if rec != record(counter, args.size):
                s["corrupt"] += 1
            if counter > expect:
                s["gaps"] += 1
            elif counter < expect:
                s["dups"] += 1
            expect = max(expect, counter + 1)
            s["records"] += 1
        buf = buf[n * args.size:]
        st.write(s)
    conn.close()
    if buf:
        s["corrupt"] += 1
    ok = clean and not (s["gaps"] or s["dups"] or s["corrupt"])
    s["state"] = "closed" if clean else "aborted"
    s["ok"] = ok
    st.write(s, force=True)
    print("tcp-server: %s, %d records (%d bytes), %d gaps, %d duplicates, "
          "%d corrupt, longest stall %.3f s" % (
              s["state"], s["records"], s["bytes"], s["gaps"], s["dups"],
              s["corrupt"], s["max_stall"]))
    return 0 if ok else 1


def tcp_client(args):
    st = Status(args.status)
    stop = Stop()
    s = {"state": "connecting", "sent": 0, "bytes": 0, "max_block": 0.0}
    st.write(s, force=True)
    sock = socket.create_connection((args.to, args.port), timeout=5)
    sock.settimeout(None)
    s["state"] = "connected"
    st.write(s, force=True)
    counter = 0
    period = 1.0 / args.rate
    next_send = time.monotonic()
    try:
        while not stop.flag:
            now = time.monotonic()
            if now < next_send:
                time.sleep(next_send - now)
                continue
            t0 = time.monotonic()
            sock.sendall(record(counter, args.size))
            s["max_block"] = max(s["max_block"],
                                 round(time.monotonic() - t0, 3))
            counter += 1
            s["sent"] = counter
            s["bytes"] += args.size
            # After a block, keep the rate rather than bursting to catch up.
            next_send = max(next_send + period, time.monotonic() - period)
            st.write(s)
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(args.linger)
        while sock.recv(4096):
            pass
    except OSError as e:
        s["state"] = "error"
        s["error"] = str(e)
        st.write(s, force=True)
        print("tcp-client: %s after %d records" % (e, counter),
              file=sys.stderr)
        return 1
    sock.close()
    s["state"] = "closed"
    st.write(s, force=True)
    print("tcp-client: sent %d records (%d bytes), longest block in send "
          "%.3f s" % (s["sent"], s["bytes"], s["max_block"]))
    return 0


def read_phase(path, names):
    """The index of the phase named in |path| (new names are appended)."""
    try:
        with open(path, encoding="ascii") as f:
            name = f.read().strip() or "-"
    except OSError:
        name = "-"
    if name not in names:
        names.append(name)
    return names.index(name)


def udp_send(args):
    st = Status(args.status)
    stop = Stop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    names = []
    sent = []
    s = {"phases": names, "sent": sent, "total": 0, "errors": 0}
    period = 1.0 / args.rate
    next_send = time.monotonic()
    seq = 0
    while not stop.flag:
        now = time.monotonic()
        if now < next_send:
            time.sleep(next_send - now)
            continue
        phase = read_phase(args.phase_file, names) if args.phase_file else 0
        if not names:
            names.append("-")
        while len(sent) < len(names):
            sent.append(0)
        pkt = UDP_HDR.pack(UDP_MAGIC, phase, seq, time.time())
        pkt += bytes(max(0, args.size - len(pkt)))
        try:
            sock.sendto(pkt, (args.to, args.port))
        except OSError:
            # No route or unreachable for a moment: still a loss to count.
            s["errors"] += 1
        sent[phase] += 1
        seq += 1
        s["total"] = seq
        next_send += period
        st.write(s)
    st.write(s, force=True)
    return 0


def udp_recv(args):
    st = Status(args.status)
    stop = Stop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((args.bind, args.port))
    phases = {}
    seen = set()
    top = -1
    s = {"state": "listening", "phases": phases, "total": 0, "bad": 0}
    sent_times = {}
    st.write(s, force=True)
    while not stop.flag:
        r, _, _ = select.select([sock], [], [], 0.2)
        if not r:
            st.write(s)
            continue
        data = sock.recv(65536)
        now = time.time()
        if len(data) < UDP_HDR.size:
            s["bad"] += 1
            continue
        magic, phase, seq, sent_at = UDP_HDR.unpack_from(data)
        if magic != UDP_MAGIC:
            s["bad"] += 1
            continue
        p = phases.setdefault(str(phase), {
            "delivered": 0, "dup": 0, "reord": 0,
            "lat_min": None, "lat_max": 0.0, "lat_sum": 0.0})
        if seq in seen:
            p["dup"] += 1
            continue
        seen.add(seq)
        if seq < top:
            p["reord"] += 1
        top = max(top, seq)
        lat = max(0.0, (now - sent_at) * 1000.0)
        p["delivered"] += 1
        p["lat_sum"] += lat
        p["lat_max"] = max(p["lat_max"], lat)
        p["lat_min"] = lat if p["lat_min"] is None else min(p["lat_min"], lat)
        s["total"] += 1
        if args.missing:
            sent_times[seq] = sent_at
        st.write(s)
    if args.missing:
        write_missing(args.missing, sent_times)
    s["state"] = "closed"
    st.write(s, force=True)
    return 0


def write_missing(path, sent_times):
    """The runs of sequence numbers between received ones, never seen."""
    runs = []
    prev = None
    for seq in sorted(sent_times):
        if prev is not None and seq > prev + 1:
            runs.append({"first": prev + 1, "count": seq - prev - 1,
                         "after": sent_times[prev],
                         "before": sent_times[seq]})
        prev = seq
    with open(path + ".tmp", "w", encoding="ascii") as f:
        json.dump(runs, f)
        f.write("\n")
    os.replace(path + ".tmp", path)


def report(args):
    with open(args.sender, encoding="ascii") as f:
        snd = json.load(f)
    with open(args.receiver, encoding="ascii") as f:
        rcv = json.load(f)
    extra = {}
    head = []
    if args.extra:
        with open(args.extra, encoding="ascii") as f:
            rows = [line.split() for line in f if line.strip()]
        if rows:
            head = rows[0][1:]
            extra = {r[0]: r[1:] for r in rows[1:]}
    width = max([len(h) for h in head] + [8])
    cols = "".join(" %*s" % (width, h) for h in head)
    print("%-10s %7s %7s %6s %5s %8s %8s %8s%s" % (
        "phase", "sent", "deliv", "lost", "dup", "min ms", "avg ms",
        "max ms", cols))
    for i, name in enumerate(snd["phases"]):
        more = extra.get(name, [])
        more += ["-"] * (len(head) - len(more))
        cols = "".join(" %*s" % (width, v) for v in more[:len(head)])
        sent = snd["sent"][i]
        p = rcv["phases"].get(str(i), {})
        got = p.get("delivered", 0)
        if got:
            lat = "%8.2f %8.2f %8.2f" % (p["lat_min"], p["lat_sum"] / got,
                                         p["lat_max"])
        else:
            lat = "%8s %8s %8s" % ("-", "-", "-")
        print("%-10s %7d %7d %6d %5d %s%s" % (
            name, sent, got, max(0, sent - got), p.get("dup", 0), lat,
            cols))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("tcp-server")
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--status", required=True)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--timeout", type=float, default=600.0)
    p.set_defaults(fn=tcp_server)
    p = sub.add_parser("tcp-client")
    p.add_argument("--to", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--status", required=True)
    p.add_argument("--rate", type=float, default=100.0)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--linger", type=float, default=20.0)
    p.set_defaults(fn=tcp_client)
    p = sub.add_parser("udp-send")
    p.add_argument("--to", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--status", required=True)
    p.add_argument("--phase-file")
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--size", type=int, default=128)
    p.set_defaults(fn=udp_send)
    p = sub.add_parser("udp-recv")
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--status", required=True)
    p.add_argument("--missing")
    p.set_defaults(fn=udp_recv)
    p = sub.add_parser("report")
    p.add_argument("--extra")
    p.add_argument("sender")
    p.add_argument("receiver")
    p.set_defaults(fn=report)
    args = ap.parse_args()
    if getattr(args, "size", 64) < 8 + (
            UDP_HDR.size if args.cmd == "udp-send" else 0):
        ap.error("--size is too small")
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
