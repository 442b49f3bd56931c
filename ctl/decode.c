/* SPDX-License-Identifier: ISC */
/*
 * `mipctl decode`: argument handling, hex and pcap input, and printing one
 * JSON line per message. The decoding itself is dissect() (dissect.c);
 * this file never looks at message bytes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"

enum {
	OPT_UDP = 256,
	OPT_ICMP,
	OPT_IP,
	OPT_PCAP,
	OPT_KEY,
	OPT_RO_OFF,
	OPT_BW_TYPE,
	OPT_BR_TYPE,
	OPT_BU_TYPE,
	OPT_BA_TYPE,
	OPT_BW_EXT_TYPE,
};

static const struct option longopts[] = {
	{ "udp", no_argument, NULL, OPT_UDP },
	{ "icmp", no_argument, NULL, OPT_ICMP },
	{ "ip", no_argument, NULL, OPT_IP },
	{ "pcap", required_argument, NULL, OPT_PCAP },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "profile-ro-off", no_argument, NULL, OPT_RO_OFF },
	{ "bw-type", required_argument, NULL, OPT_BW_TYPE },
	{ "br-type", required_argument, NULL, OPT_BR_TYPE },
	{ "bu-type", required_argument, NULL, OPT_BU_TYPE },
	{ "ba-type", required_argument, NULL, OPT_BA_TYPE },
	{ "bw-ext-type", required_argument, NULL, OPT_BW_EXT_TYPE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct decode_state {
	struct dissect_opts dopts;
	struct ctl_keyring keys;
	enum dissect_kind kind;
	const char *pcap_path;
	bool failed;
};

void
decode_usage(FILE *f)
{
	fprintf(f,
	    "usage: mipctl decode [--udp | --icmp | --ip] [--key "
	    "PEER:SPI:HEX[:ALG]]...\n"
	    "           [--profile-ro-off] [--bw-type N] [--br-type N] "
	    "[--bu-type "
	    "N]\n"
	    "           [--ba-type N] [--bw-ext-type N] HEX...\n"
	    "       mipctl decode [options] --pcap FILE\n"
	    "  --udp    HEX is a UDP port-434 payload from the Type octet "
	    "(default)\n"
	    "  --icmp   HEX is an ICMP message\n"
	    "  --ip     HEX is an IPv4 packet\n"
	    "  --pcap   decode every IPv4 packet of a capture (raw, Ethernet, "
	    "Linux "
	    "SLL)\n"
	    "  --key    a security association; ALG is hmac-md5 (default), "
	    "keyed-md5\n"
	    "           or hmac-sha1\n"
	    "Prints one JSON object per message; exits 1 if any input is "
	    "malformed.\n");
}

static int
usage_error(const char *what, const char *arg)
{
	if (arg != NULL)
		fprintf(stderr, "mipctl decode: %s: '%s' (try 'mipctl help')\n",
		    what, arg);
	else
		fprintf(
		    stderr, "mipctl decode: %s (try 'mipctl help')\n", what);
	return CTL_EXIT_USAGE;
}

static int
parse_u8(const char *s, uint8_t *v)
{
	unsigned long n;
	char *ep;

	errno = 0;
	n = strtoul(s, &ep, 0);
	if (*s == '\0' || *s == '-' || *ep != '\0' || errno != 0 || n > 255)
		return -1;
	*v = (uint8_t)n;
	return 0;
}

static bool
hex_sep(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ':';
}

/*
 * Decodes hex text (spaces and colons ignored, optional 0x prefix) into a
 * new buffer. Returns NULL with |*why| set on bad input.
 */
static uint8_t *
hex_parse(const char *s, size_t *len, const char **why)
{
	size_t cap = strlen(s) / 2 + 1, n = 0;
	uint8_t *buf;
	int hi = -1;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	buf = malloc(cap);
	if (buf == NULL) {
		*why = "out of memory";
		return NULL;
	}
	for (; *s != '\0'; s++) {
		int d = ctl_hexval((unsigned char)*s);

		if (d < 0) {
			if (hex_sep((unsigned char)*s))
				continue;
			*why = "not a hex digit, space or colon";
			free(buf);
			return NULL;
		}
		if (hi < 0) {
			hi = d;
			continue;
		}
		buf[n++] = (uint8_t)(hi << 4 | d);
		hi = -1;
	}
	if (hi >= 0) {
		*why = "odd number of hex digits";
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void
emit(json_t *o, unsigned long frame)
{
	if (o == NULL) {
		fprintf(stderr, "mipctl decode: out of memory\n");
		exit(CTL_EXIT_FAIL);
	}
	if (frame != 0)
		json_object_set_new(
		    o, "frame", json_integer((json_int_t)frame));
	json_dumpf(o, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
}

static void
decode_one(struct decode_state *st, enum dissect_kind kind, const uint8_t *p,
    size_t len, unsigned long frame)
{
	bool failed = false;

	emit(dissect(kind, p, len, &st->dopts, &failed), frame);
	if (failed)
		st->failed = true;
}

static int
pcap_frame(void *arg, unsigned long frame, const uint8_t *p, size_t len)
{
	decode_one(arg, DISSECT_IP, p, len, frame);
	return 0;
}

static int
parse_opts(struct decode_state *st, int argc, char **argv)
{
	const char *why;
	uint8_t *t;
	int ch, kinds = 0;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			decode_usage(stdout);
			exit(CTL_EXIT_OK);
		case OPT_UDP:
		case OPT_ICMP:
		case OPT_IP:
			st->kind = ch == OPT_UDP ? DISSECT_UDP
			    : ch == OPT_ICMP	 ? DISSECT_ICMP
						 : DISSECT_IP;
			kinds++;
			break;
		case OPT_PCAP:
			st->pcap_path = optarg;
			break;
		case OPT_KEY:
			if (keyring_add(&st->keys, optarg, &why) != 0)
				return usage_error(why, optarg);
			break;
		case OPT_RO_OFF:
			st->dopts.prof.ro = false;
			break;
		case OPT_BW_TYPE:
		case OPT_BR_TYPE:
		case OPT_BU_TYPE:
		case OPT_BA_TYPE:
		case OPT_BW_EXT_TYPE:
			t = ch == OPT_BW_TYPE	? &st->dopts.prof.bw_type
			    : ch == OPT_BR_TYPE ? &st->dopts.prof.br_type
			    : ch == OPT_BU_TYPE ? &st->dopts.prof.bu_type
			    : ch == OPT_BA_TYPE ? &st->dopts.prof.ba_type
						: &st->dopts.prof.bw_ext_type;
			if (parse_u8(optarg, t) != 0)
				return usage_error(
				    "a type must be 0 to 255", optarg);
			break;
		default:
			return usage_error("bad option", NULL);
		}
	}
	if (kinds > 1)
		return usage_error(
		    "give at most one of --udp, --icmp, --ip", NULL);
	if (st->pcap_path != NULL && kinds > 0)
		return usage_error("--pcap frames are always IPv4 packets; "
				   "drop --udp/--icmp/--ip",
		    NULL);
	if (st->pcap_path != NULL && optind < argc)
		return usage_error(
		    "HEX arguments cannot be mixed with --pcap", argv[optind]);
	if (st->pcap_path == NULL && optind >= argc)
		return usage_error(
		    "nothing to decode: give HEX or --pcap FILE", NULL);
	return CTL_EXIT_OK;
}

static int
run_hex(struct decode_state *st, int argc, char **argv)
{
	const char *why;
	int i;

	/* Check every argument before printing anything. */
	for (i = optind; i < argc; i++) {
		size_t len;
		uint8_t *p = hex_parse(argv[i], &len, &why);

		if (p == NULL)
			return usage_error(why, argv[i]);
		free(p);
	}
	for (i = optind; i < argc; i++) {
		size_t len;
		uint8_t *p = hex_parse(argv[i], &len, &why);

		if (p == NULL)
			return usage_error(why, argv[i]);
		decode_one(st, st->kind, p, len, 0);
		free(p);
	}
	return CTL_EXIT_OK;
}

int
cmd_decode(int argc, char **argv, const struct ctl_opts *opts)
{
	struct decode_state st;
	char err[CTL_ERR_LEN];
	int rc;

	(void)opts; /* decode output is always JSON */
	memset(&st, 0, sizeof(st));
	st.dopts.prof = mip_profile_default;
	st.kind = DISSECT_UDP;
	rc = parse_opts(&st, argc, argv);
	st.dopts.keys = &st.keys;
	if (rc == CTL_EXIT_OK && st.pcap_path != NULL) {
		if (pcap_each(
			st.pcap_path, pcap_frame, &st, err, sizeof(err)) != 0) {
			fprintf(stderr, "mipctl decode: %s: %s\n", st.pcap_path,
			    err);
			rc = CTL_EXIT_FAIL;
		}
	} else if (rc == CTL_EXIT_OK) {
		rc = run_hex(&st, argc, argv);
	}
	keyring_free(&st.keys);
	fflush(stdout);
	if (rc == CTL_EXIT_OK && st.failed)
		rc = CTL_EXIT_FAIL;
	return rc;
}
