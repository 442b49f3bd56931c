/* SPDX-License-Identifier: ISC */
/*
 * The TUN device of the data plane: created with IFF_TUN | IFF_NO_PI
 * (and IFF_VNET_HDR with TSO when offloads are on), given its MTU and
 * brought up; read for the encapsulation path, written with decapsulated
 * datagrams. Routes into it are the daemon's (plat_nl).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "plat_dp_int.h"

#define TUN_DEV "/dev/net/tun"

/* Writes |val| to /proc/sys/net/<fam>/conf/<ifname>/<key>. */
static int
conf_set(const char *fam, const char *ifname, const char *key, const char *val)
{
	char path[128];
	size_t n = strlen(val);
	ssize_t w;
	int fd, err;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", fam, ifname,
	    key);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -errno;
	w = write(fd, val, n);
	err = errno;
	close(fd);
	if (w < 0)
		return -err;
	return (size_t)w == n ? 0 : -EIO;
}

/* Decapsulated datagrams come from anywhere, and a mobile node's own
 * address may be their source: neither may be filtered on the TUN. */
static int
tun_sysctls(const char *ifname)
{
	int rc;

	if ((rc = conf_set("ipv4", ifname, "rp_filter", "0")) != 0 ||
	    (rc = conf_set("ipv4", ifname, "accept_local", "1")) != 0) {
		plat_log(PLAT_LOG_ERR,
		    "%s: cannot set rp_filter/accept_local: %s", ifname,
		    strerror(-rc));
		return rc;
	}
	/* IPv4 only: keep router solicitations and MLD off the TUN. A host
	 * without IPv6 has no such file. */
	rc = conf_set("ipv6", ifname, "disable_ipv6", "1");
	if (rc != 0 && rc != -ENOENT)
		plat_log(PLAT_LOG_WARNING, "%s: cannot disable IPv6: %s",
		    ifname, strerror(-rc));
	return 0;
}

static int
tun_offload(struct plat_dp *dp)
{
	int hdrlen = (int)DP_VNET_LEN;
	unsigned int off = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN;

	if (ioctl(dp->tun_fd, TUNSETVNETHDRSZ, &hdrlen) < 0 ||
	    ioctl(dp->tun_fd, TUNSETOFFLOAD, off) < 0) {
		int err = errno;

		plat_log(PLAT_LOG_ERR, "%s: cannot enable TUN offloads: %s",
		    dp->ifname, strerror(err));
		return -err;
	}
	return 0;
}

/* MTU and IFF_UP through an AF_INET socket, as ifconfig does. */
static int
tun_up(struct plat_dp *dp)
{
	const char *what = NULL;
	struct ifreq ifr;
	int s, err = 0;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dp->ifname);
	ifr.ifr_mtu = (int)dp->mtu;
	if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
		what = "set the MTU";
	else if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		what = "read the flags";
	else {
		ifr.ifr_flags = (short)(ifr.ifr_flags | IFF_UP);
		if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
			what = "bring it up";
	}
	if (what != NULL) {
		err = errno;
		plat_log(PLAT_LOG_ERR, "%s: cannot %s (MTU %u): %s", dp->ifname,
		    what, dp->mtu, strerror(err));
	}
	close(s);
	return -err;
}

int
dp_tun_open(struct plat_dp *dp, const struct plat_dp_opts *o)
{
	struct ifreq ifr;
	int rc;

	if ((dp->tun_fd = open(TUN_DEV, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "%s: %s", TUN_DEV, strerror(-rc));
		return rc;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s",
	    o->tun_name != NULL ? o->tun_name : "mip%d");
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	if (dp->offload)
		ifr.ifr_flags |= IFF_VNET_HDR;
	if (ioctl(dp->tun_fd, TUNSETIFF, &ifr) < 0) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "TUNSETIFF %s: %s", ifr.ifr_name,
		    strerror(-rc));
		return rc;
	}
	snprintf(dp->ifname, sizeof(dp->ifname), "%s", ifr.ifr_name);
	if ((dp->ifindex = if_nametoindex(dp->ifname)) == 0) {
		rc = -errno;
		plat_log(PLAT_LOG_ERR, "%s: no ifindex: %s", dp->ifname,
		    strerror(-rc));
		return rc;
	}
	if (dp->offload && (rc = tun_offload(dp)) != 0)
		return rc;
	if ((rc = tun_sysctls(dp->ifname)) != 0)
		return rc;
	return tun_up(dp);
}

void
dp_tun_input(void *arg, uint32_t events)
{
	struct plat_dp *dp = arg;
	size_t skip = dp->offload ? DP_VNET_LEN : 0;
	int i;

	(void)events;
	for (i = 0; i < DP_TUN_ROUNDS; i++) {
		ssize_t n = read(dp->tun_fd, dp->tun_buf, DP_TUN_BUF);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				plat_log_limited(&dp->rl, PLAT_LOG_WARNING,
				    "%s: read: %s", dp->ifname,
				    strerror(errno));
			break;
		}
		if ((size_t)n < skip) {
			dp_drop(dp, PLAT_DP_DROP_MALFORMED, "short TUN read");
			continue;
		}
		dp->st.tun_rx++;
		dp_encap_input(dp,
		    dp->offload
			? (const struct virtio_net_hdr *)(void *)dp->tun_buf
			: NULL,
		    dp->tun_buf + skip, (size_t)n - skip);
	}
	dp_txq_flush(dp);
}

void
dp_tun_write(struct plat_dp *dp, const uint8_t *pkt, size_t len)
{
	/* Without GSO or checksum flags the kernel checks the datagram as
	 * if it came off a wire. */
	struct virtio_net_hdr vh = { 0 };
	struct iovec iov[2] = {
		{ &vh, DP_VNET_LEN },
		{ (void *)(uintptr_t)pkt, len },
	};
	ssize_t n;

	if (dp->offload)
		n = writev(dp->tun_fd, iov, 2);
	else
		n = write(dp->tun_fd, pkt, len);
	if (n < 0) {
		plat_log_limited(&dp->rl, PLAT_LOG_WARNING, "%s: write: %s",
		    dp->ifname, strerror(errno));
		dp_drop(dp, PLAT_DP_DROP_IO, NULL);
		return;
	}
	dp->st.tun_tx++;
}
