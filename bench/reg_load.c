/* SPDX-License-Identifier: ISC */
/*
 * reg_load: a registration load generator for a home agent over UDP. It
 * plays N distinct mobile nodes (bench_mns.h: home addresses, SPI 256,
 * derived HMAC-MD5 keys), each registering once per round with a
 * Registration Request built by libmip: timestamp Identification from the
 * wall clock (RFC 5944 5.7.1), care-of address --coa, MN-HA authentication
 * (RFC 5944 3.5.2). At most --window requests are outstanding; a request
 * unanswered after --rto-ms is sent again with a new Identification. Every
 * reply must carry code 0 or 1, the request's home address and the low
 * 32 bits of its Identification, and an MN-HA authenticator that verifies;
 * anything else ends the run with an error.
 *
 * The first round creates the bindings, the later ones refresh them; each
 * round is timed on its own. The baseline is libmip's HMAC-MD5 rate in
 * this process (bench_util.h), measured before and after the rounds.
 *
 * Usage: reg_load [--mns N] [--rounds N] [--window N] [--to ADDR]
 *        [--port N] [--ha ADDR/PLEN] [--coa ADDR] [--rto-ms N]
 *        [--hmac-ops N]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_mns.h"
#include "bench_util.h"
#include "mip/mip_auth.h"
#include "mip/mip_err.h"
#include "mip/mip_reg.h"
#include "mip/mip_sa.h"

#define BATCH 64	       /* datagrams per sendmmsg / recvmmsg */
#define REQ_CAP 64	       /* 24 fixed + 22 MN-HA authentication */
#define REP_CAP 512	       /* larger replies are not ours */
#define NTP_UNIX 2208988800ULL /* 1900 to 1970, seconds */
#define STALL_S 10.0	       /* no reply for this long ends the run */
#define MAX_ROUNDS 100

struct opts {
	size_t mns, rounds, window;
	struct sockaddr_in to;
	uint32_t ha_addr;
	uint8_t plen;
	struct mip_ip4 coa;
	unsigned rto_ms;
	uint64_t hmac_ops;
};

/* One mobile node: its SA and the request it has outstanding. */
struct mn {
	struct mip_sa *sa;
	uint64_t ident; /* of the outstanding request */
	double sent_at;
	size_t slot;  /* in the window; SIZE_MAX when none is outstanding */
	size_t round; /* the last round it was accepted in, plus one */
};

struct load {
	const struct opts *o;
	struct mn *mns;
	size_t *slots; /* window: MN indices; SIZE_MAX = free */
	size_t *free_slots, nfree;
	int fd;
	struct sockaddr_in to;	      /* sendmmsg wants it writable */
	size_t round, next, accepted; /* within the round */
	uint64_t sent, retransmits, stale;
	double *rtt; /* of this round's accepted requests, seconds */
	double last_reply;
	/* the send batch */
	uint8_t req[BATCH][REQ_CAP];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	size_t nbatch;
};

static uint64_t
ntp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (((uint64_t)ts.tv_sec + NTP_UNIX) << 32) +
	    (((uint64_t)ts.tv_nsec << 32) / 1000000000ULL);
}

static int
flush(struct load *l)
{
	size_t done = 0;
	int n;

	while (done < l->nbatch) {
		n = sendmmsg(
		    l->fd, l->msg + done, (unsigned)(l->nbatch - done), 0);
		if (n < 0 &&
		    (errno == EINTR || errno == EAGAIN || errno == ENOBUFS ||
			errno == ECONNREFUSED))
			continue; /* a full queue drains; the rest retries */
		if (n < 0) {
			perror("reg_load: sendmmsg");
			return -1;
		}
		done += (size_t)n;
	}
	l->nbatch = 0;
	return 0;
}

/* Queues a fresh request of MN |i| into the batch. */
static int
queue(struct load *l, size_t i)
{
	struct mn *m = &l->mns[i];
	uint8_t *buf = l->req[l->nbatch];
	struct mip_reg_req req;
	struct mip_wbuf w;
	mip_ssize n;
	int rc;

	memset(&req, 0, sizeof(req));
	req.lifetime = 600;
	req.home_addr = bench_mn_home(l->o->ha_addr, l->o->plen, i);
	req.ha_addr.v = l->o->ha_addr;
	req.coa = l->o->coa;
	req.ident = m->ident = ntp_now();
	if ((n = mip_reg_req_encode(buf, REQ_CAP, &req)) < 0)
		return (int)n;
	mip_wbuf_init(&w, buf, REQ_CAP);
	w.off = (size_t)n;
	if ((rc = mip_auth_append(&w, MIP_EXT_MN_HA_AUTH, m->sa)) != 0)
		return rc;
	l->iov[l->nbatch].iov_base = buf;
	l->iov[l->nbatch].iov_len = w.off;
	m->sent_at = bench_now();
	l->sent++;
	if (++l->nbatch == BATCH)
		return flush(l);
	return 0;
}

/* Fills the window with new requests of this round. */
static int
fill(struct load *l)
{
	while (l->nfree > 0 && l->next < l->o->mns) {
		size_t i = l->next++, s = l->free_slots[--l->nfree];

		l->slots[s] = i;
		l->mns[i].slot = s;
		if (queue(l, i) != 0)
			return -1;
	}
	return flush(l);
}

/* Sends again every request older than the retransmission timeout. */
static int
resend_late(struct load *l, double now)
{
	double rto = l->o->rto_ms / 1000.0;
	size_t s;

	for (s = 0; s < l->o->window; s++) {
		struct mn *m;

		if (l->slots[s] == SIZE_MAX)
			continue;
		m = &l->mns[l->slots[s]];
		if (now - m->sent_at < rto)
			continue;
		l->retransmits++;
		if (queue(l, l->slots[s]) != 0)
			return -1;
	}
	return flush(l);
}

static void
print_ip(const char *what, struct mip_ip4 a)
{
	fprintf(stderr, "%s %u.%u.%u.%u", what, a.v >> 24, (a.v >> 16) & 255,
	    (a.v >> 8) & 255, a.v & 255);
}

/*
 * Checks one datagram. Returns 0 when it accepted an outstanding request
 * (or was a late answer to one sent again), -1 when it is wrong.
 */
static int
on_reply(struct load *l, const uint8_t *buf, size_t len)
{
	struct mip_reg_rep rep;
	const struct mip_ext *e;
	struct mn *m;
	size_t i;
	uint32_t base = bench_mn_home(l->o->ha_addr, l->o->plen, 0).v;

	if (mip_reg_rep_decode(&rep, buf, len, NULL, NULL) != 0) {
		fprintf(stderr, "reg_load: a reply that does not decode\n");
		return -1;
	}
	i = (size_t)(rep.home_addr.v - base);
	if (rep.home_addr.v < base || i >= l->o->mns) {
		print_ip("reg_load: a reply for home address", rep.home_addr);
		fprintf(stderr, ", not one of ours\n");
		return -1;
	}
	m = &l->mns[i];
	if (m->slot == SIZE_MAX || (uint32_t)rep.ident != (uint32_t)m->ident) {
		l->stale++; /* answers a request sent again since */
		return 0;
	}
	/* RFC 5944 3.5.2: the reply carries the MN-HA authenticator. */
	e = mip_exts_find(&rep.exts, MIP_EXT_MN_HA_AUTH, 0);
	if (e == NULL || mip_auth_verify_ext(m->sa, buf, len, e) != 0) {
		print_ip("reg_load: reply for", rep.home_addr);
		fprintf(stderr, ": MN-HA authenticator %s\n",
		    e == NULL ? "missing" : "does not verify");
		return -1;
	}
	if (rep.code > 1) {
		print_ip("reg_load: reply for", rep.home_addr);
		fprintf(stderr, ": code %u (0 or 1 expected)\n", rep.code);
		return -1;
	}
	l->rtt[l->accepted++] = bench_now() - m->sent_at;
	l->slots[m->slot] = SIZE_MAX;
	l->free_slots[l->nfree++] = m->slot;
	m->slot = SIZE_MAX;
	m->round = l->round + 1;
	return 0;
}

static int
receive(struct load *l)
{
	static uint8_t buf[BATCH][REP_CAP];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	size_t k;
	int n;

	memset(msg, 0, sizeof(msg));
	for (k = 0; k < BATCH; k++) {
		iov[k].iov_base = buf[k];
		iov[k].iov_len = REP_CAP;
		msg[k].msg_hdr.msg_iov = &iov[k];
		msg[k].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		n = recvmmsg(l->fd, msg, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && (errno == EINTR || errno == ECONNREFUSED))
			continue;
		if (n < 0) {
			perror("reg_load: recvmmsg");
			return -1;
		}
		l->last_reply = bench_now();
		for (k = 0; k < (size_t)n; k++)
			if ((msg[k].msg_hdr.msg_flags & MSG_TRUNC) != 0 ||
			    on_reply(l, buf[k], msg[k].msg_len) != 0)
				return -1;
	}
}

/* One round: every MN registers once. Returns registrations per second. */
static double
run_round(struct load *l)
{
	double t0 = bench_now(), last_scan = t0, now;
	struct pollfd pfd = { l->fd, POLLIN, 0 };

	l->next = 0;
	l->accepted = 0;
	l->last_reply = t0;
	while (l->accepted < l->o->mns) {
		if (fill(l) != 0)
			return -1.0;
		if (poll(&pfd, 1, 10) < 0 && errno != EINTR) {
			perror("reg_load: poll");
			return -1.0;
		}
		if (receive(l) != 0)
			return -1.0;
		now = bench_now();
		if (now - l->last_reply > STALL_S) {
			fprintf(stderr,
			    "reg_load: no reply for %.0f s (%zu of %zu "
			    "accepted this round); is the home agent "
			    "listening on %s:%u?\n",
			    STALL_S, l->accepted, l->o->mns,
			    inet_ntoa(l->o->to.sin_addr),
			    ntohs(l->o->to.sin_port));
			return -1.0;
		}
		if (now - last_scan >= l->o->rto_ms / 4000.0) {
			last_scan = now;
			if (resend_late(l, now) != 0)
				return -1.0;
		}
	}
	now = bench_now();
	return now > t0 ? (double)l->o->mns / (now - t0) : 0.0;
}

static int
setup(struct load *l, const struct opts *o)
{
	struct mip_sa_config c;
	size_t i, k;
	int rc, buf = 4 << 20;

	memset(l, 0, sizeof(*l));
	l->o = o;
	l->fd = -1;
	l->to = o->to;
	l->mns = calloc(o->mns, sizeof(*l->mns));
	l->slots = calloc(o->window, sizeof(*l->slots));
	l->free_slots = calloc(o->window, sizeof(*l->free_slots));
	l->rtt = calloc(o->mns, sizeof(*l->rtt));
	if (!l->mns || !l->slots || !l->free_slots || !l->rtt) {
		fprintf(stderr, "reg_load: out of memory\n");
		return -1;
	}
	for (i = 0; i < o->mns; i++) {
		/* The MN's side of its SA names the home agent as peer. */
		mip_sa_config_init(&c);
		c.peer.v = o->ha_addr;
		c.spi = BENCH_MN_SPI;
		c.key_len = BENCH_MN_KEY_LEN;
		bench_mn_key(i, c.key);
		if ((rc = mip_sa_new(&l->mns[i].sa, &c, &bench_mem)) != 0) {
			fprintf(stderr, "reg_load: SA %zu: %s\n", i,
			    mip_strerror(rc));
			return -1;
		}
		l->mns[i].slot = SIZE_MAX;
	}
	for (k = 0; k < o->window; k++) {
		l->slots[k] = SIZE_MAX;
		l->free_slots[l->nfree++] = o->window - 1 - k;
	}
	for (k = 0; k < BATCH; k++) {
		l->msg[k].msg_hdr.msg_name = &l->to;
		l->msg[k].msg_hdr.msg_namelen = sizeof(o->to);
		l->msg[k].msg_hdr.msg_iov = &l->iov[k];
		l->msg[k].msg_hdr.msg_iovlen = 1;
	}
	if ((l->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0) {
		perror("reg_load: socket");
		return -1;
	}
	/* Room for a whole window of replies; the default may be smaller. */
	if (setsockopt(l->fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf)) != 0)
		perror("reg_load: SO_RCVBUF (continuing)");
	return 0;
}

static void
teardown(struct load *l)
{
	size_t i;

	for (i = 0; l->mns != NULL && i < l->o->mns; i++)
		mip_sa_free(l->mns[i].sa);
	if (l->fd >= 0)
		close(l->fd);
	free(l->mns);
	free(l->slots);
	free(l->free_slots);
	free(l->rtt);
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: reg_load [--mns N] [--rounds N] [--window N] [--to ADDR] "
	    "[--port N]\n"
	    "                [--ha ADDR/PLEN] [--coa ADDR] [--rto-ms N] "
	    "[--hmac-ops N]\n");
	return -1;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	unsigned long long v;
	struct in_addr a;
	int i;

	memset(o, 0, sizeof(*o));
	o->mns = 100000;
	o->rounds = 3;
	o->window = 256;
	o->to.sin_family = AF_INET;
	o->to.sin_port = htons(MIP_UDP_PORT);
	o->to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	o->ha_addr = BENCH_HA_ADDR;
	o->plen = BENCH_HA_PLEN;
	o->coa.v = 0xcb00710aU; /* 203.0.113.10: a care-of address */
	o->rto_ms = 1000;
	o->hmac_ops = 1000000;
	for (i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *s = argv[i + 1];

		if (strcmp(k, "--mns") == 0 &&
		    bench_parse_num(s, 1 << 24, &v) == 0)
			o->mns = (size_t)v;
		else if (strcmp(k, "--rounds") == 0 &&
		    bench_parse_num(s, MAX_ROUNDS, &v) == 0)
			o->rounds = (size_t)v;
		else if (strcmp(k, "--window") == 0 &&
		    bench_parse_num(s, 65536, &v) == 0)
			o->window = (size_t)v;
		else if (strcmp(k, "--port") == 0 &&
		    bench_parse_num(s, 65535, &v) == 0)
			o->to.sin_port = htons((uint16_t)v);
		else if (strcmp(k, "--rto-ms") == 0 &&
		    bench_parse_num(s, 60000, &v) == 0)
			o->rto_ms = (unsigned)v;
		else if (strcmp(k, "--hmac-ops") == 0 &&
		    bench_parse_num(s, 1ULL << 32, &v) == 0)
			o->hmac_ops = v;
		else if (strcmp(k, "--to") == 0 &&
		    inet_pton(AF_INET, s, &a) == 1)
			o->to.sin_addr = a;
		else if (strcmp(k, "--coa") == 0 &&
		    inet_pton(AF_INET, s, &a) == 1)
			o->coa.v = ntohl(a.s_addr);
		else if (strcmp(k, "--ha") == 0 &&
		    bench_parse_prefix(s, &o->ha_addr, &o->plen) == 0)
			;
		else
			return usage();
	}
	if (i != argc)
		return usage();
	if (o->plen < 8 || o->mns > bench_mns_max(o->plen)) {
		fprintf(stderr, "reg_load: %zu MNs do not fit a /%u\n", o->mns,
		    o->plen);
		return -1;
	}
	return 0;
}

/* The baseline: the median of |n| HMAC-MD5 rate samples. */
static double
hmac_samples(struct bench_hmac *h, uint64_t ops, double *v, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if ((v[k] = bench_hmac_rate(h, ops)) <= 0)
			return -1.0;
	return 0.0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct load l;
	struct bench_hmac h;
	double rate[MAX_ROUNDS], macs[BENCH_REPS], mac, fresh, refresh;
	double rtt50, rtt99;
	size_t r;
	int rc = 1;

	if (parse_args(argc, argv, &o) != 0)
		return 2;
	if (bench_hmac_init(&h) != 0) {
		fprintf(stderr, "reg_load: cannot prepare HMAC-MD5\n");
		return 1;
	}
	if (setup(&l, &o) != 0)
		goto out;
	/* Baseline before and after the rounds: drift hits both. */
	if (hmac_samples(&h, o.hmac_ops, macs, 3) != 0)
		goto out;
	for (r = 0; r < o.rounds; r++) {
		l.round = r;
		if ((rate[r] = run_round(&l)) <= 0)
			goto out;
	}
	if (hmac_samples(&h, o.hmac_ops, macs + 3, BENCH_REPS - 3) != 0)
		goto out;
	mac = bench_median(macs, BENCH_REPS);
	fresh = rate[0];
	refresh = o.rounds > 1 ? bench_median(rate + 1, o.rounds - 1) : 0.0;
	/* Round trip times of the last round (bench_median sorts them). */
	rtt50 = bench_median(l.rtt, o.mns);
	rtt99 = l.rtt[o.mns - 1 - o.mns / 100];
	printf("bench=reg_load mns=%zu rounds=%zu window=%zu "
	       "new_regs_per_s=%.0f refresh_regs_per_s=%.0f "
	       "hmac_md5_per_s=%.0f ratio_new=%.4f ratio_refresh=%.4f "
	       "sent=%llu retransmits=%llu stale=%llu rtt_p50_us=%.0f "
	       "rtt_p99_us=%.0f\n",
	    o.mns, o.rounds, o.window, fresh, refresh, mac, fresh / mac,
	    refresh / mac, (unsigned long long)l.sent,
	    (unsigned long long)l.retransmits, (unsigned long long)l.stale,
	    rtt50 * 1e6, rtt99 * 1e6);
	rc = 0;
out:
	teardown(&l);
	bench_hmac_free(&h);
	return rc;
}
