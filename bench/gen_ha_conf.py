#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Writes a mipd.conf(5) for a home agent serving N mobile nodes.

The population is bench/bench_mns.h's, which reg_load plays: MN i has home
address network + 16 + i, SPI 256 and the key "mipbench-regload" with its
last four octets XORed with i (32-bit big-endian). One MobileNode line and
one [SecurityAssociation] per MN.

Usage: gen_ha_conf.py [--mns N] [--ifname NAME] [--ha ADDR/PLEN] > ha.conf
(default 100000 MNs, interface bench0, 198.18.0.1/15: RFC 2544's
benchmarking range, used only inside the benchmark's network namespace).
"""

import argparse
import ipaddress
import sys

PATTERN = b"mipbench-regload"
FIRST = 16  # host number of MN 0, as BENCH_MN_FIRST
SPI = 256


def mn_key(i):
    key = bytearray(PATTERN)
    for k in range(12, 16):
        key[k] ^= (i >> (8 * (15 - k))) & 0xFF
    return key.hex()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mns", type=int, default=100000)
    ap.add_argument("--ifname", default="bench0")
    ap.add_argument("--ha", default="198.18.0.1/15")
    a = ap.parse_args()
    iface = ipaddress.IPv4Interface(a.ha)
    net = iface.network
    if a.mns < 1 or FIRST + a.mns >= net.num_addresses - 1:
        sys.exit(f"gen_ha_conf.py: {a.mns} MNs do not fit {net}")
    base = int(net.network_address) + FIRST
    out = sys.stdout
    out.write(
        f"# {a.mns} mobile nodes for the registration benchmark "
        "(bench/gen_ha_conf.py).\n"
        f"[Interface]\nName = {a.ifname}\nAddress = {iface}\n\n"
        f"[HomeAgent]\nLink = {a.ifname}\nMaxLifetime = 600\n"
        f"MaxBindings = {a.mns}\nAdvertisementInterval = 0\n"
        "AdvertisementLifetime = 1800\n"
    )
    addrs = [str(ipaddress.IPv4Address(base + i)) for i in range(a.mns)]
    out.writelines(f"MobileNode = {h} {SPI}\n" for h in addrs)
    out.writelines(
        f"\n[SecurityAssociation]\nPeer = {h}\nSPI = {SPI}\n"
        f"Key = {mn_key(i)}\n"
        for i, h in enumerate(addrs)
    )


if __name__ == "__main__":
    main()
