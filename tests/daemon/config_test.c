/* SPDX-License-Identifier: ISC */
/*
 * mipd.conf parser (daemon/config*.c): every section into the exact struct
 * fields, defaults, each class of error with its line and exactly one
 * message per bad line, several errors collected from one file, the
 * examples/ files, interface resolution through the callback, KeyFile
 * relative to the file, and the print/parse round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "helper.h"
#include "mip/mip_crypto.h"
#include "mip/mip_proto.h"
#include "mip/mip_sa.h"

static struct mip_ip4
ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return mip_ip4_make(a, b, c, d);
}

#define SA_HA                                                                  \
	"[SecurityAssociation]\nPeer = 192.0.2.10\nSPI = 256\n"                \
	"Key = 000102030405060708090a0b0c0d0e0f\n"
/* Lines 1-10, the [HomeAgent] section last: line 11 adds to it. */
#define HA_MIN                                                                 \
	"[Interface]\nName = eth0\nAddress = 192.0.2.1/24\n" SA_HA             \
	"[HomeAgent]\nLink = eth0\nMobileNode = 192.0.2.10 256\n"

/* HA_MIN and a second SA, lines 11-13; line 14 is its key. */
#define SA2 HA_MIN "[SecurityAssociation]\nPeer = 192.0.2.99\nSPI = 999\n"
/* SA2 with the key: line 15 adds to that SA. */
#define SA3 SA2 "Key = 00\n"

static const char full_text[] =
    "# every key of every section\n"
    "[Interface]\n"
    "Name = home0\n"
    "Address = 192.0.2.1/24\n"
    "HwAddr = 02:00:00:00:01:01\n"
    "[Interface]\n"
    "Name = visit0\n"
    "Address = 203.0.113.1/26\n"
    "[HomeAgent]\n"
    "Link = home0\n"
    "Address = 192.0.2.1\n"
    "Prefix = 192.0.2.0/24\n"
    "MaxLifetime = 10m\n"
    "Encapsulations = ipip, gre\n"
    "ReverseTunnel = required\n"
    "MaxSimultaneousBindings = 4\n"
    "MaxBindings = 100000\n"
    "AdvertisementInterval = 500ms\n"
    "AdvertisementLifetime = 2\n"
    "MobileNode = 192.0.2.10 256\n"
    "MobileNode = 192.0.2.11:257\n"
    "[ForeignAgent]\n"
    "Link = visit0\n"
    "CareOfAddress = 203.0.113.2\n"
    "AdvertisementInterval = 2s\n"
    "AdvertisementLifetime = 9\n"
    "RegistrationLifetime = 1800\n"
    "Encapsulations = minimal\n"
    "ReverseTunnel = yes\n"
    "RegistrationRequired = yes\n"
    "Busy = on\n"
    "Challenge = true\n"
    "MaxVisitors = 10\n"
    "MaxPending = 3\n"
    "PendingTimeout = 1500ms\n"
    "DHMinBits = 1536\n"
    "KeyRequestFromHA = yes\n"
    "[SecurityAssociation]\n"
    "Peer = 192.0.2.10\n"
    "SPI = 256\n"
    "Algorithm = hmac-sha1\n"
    "Key = 00112233445566778899AABBCCDDEEFF00112233\n"
    "Replay = nonces\n"
    "Tolerance = 30\n"
    "[SecurityAssociation]\n"
    "Peer = 192.0.2.11\n"
    "SPI = 257\n"
    "Algorithm = keyed-md5\n"
    "Key = 0102\n"
    "[RouteOptimization]\n"
    "BindingWarningType = 40\n"
    "BindingRequestType = 41\n"
    "BindingUpdateType = 42\n"
    "BindingAckType = 43\n"
    "BindingWarningExtension = 44\n"
    "PrivateBitMask = 0x01\n"
    "SmoothHandoffMask = 0x0400\n";

static void
test_full(void **state)
{
	struct config *c = ok(full_text);
	const struct mip_node_config *n = &c->node;
	const struct mip_ha_config *ha = n->ha;
	const struct mip_fa_config *fa = n->fa;
	const uint8_t hw[MIP_HWADDR_LEN] = { 2, 0, 0, 0, 1, 1 };

	(void)state;
	assert_int_equal(n->roles, MIP_ROLE_HA | MIP_ROLE_FA);
	assert_null(n->mn);
	assert_int_equal(n->nifs, 2);
	assert_int_equal(n->ifs[0].ifindex, 1);
	assert_int_equal(n->ifs[0].addr.v, ip(192, 0, 2, 1).v);
	assert_int_equal(n->ifs[0].plen, 24);
	assert_memory_equal(n->ifs[0].hwaddr, hw, MIP_HWADDR_LEN);
	assert_string_equal(c->ifmeta[0].name, "home0");
	assert_int_equal(c->ifmeta[0].line, 2);
	assert_int_equal(n->ifs[1].ifindex, 2);
	assert_int_equal(n->ifs[1].plen, 26);

	assert_non_null(ha);
	assert_int_equal(ha->home_ifindex, 1);
	assert_int_equal(ha->addr.v, ip(192, 0, 2, 1).v);
	assert_int_equal(ha->plen, 24);
	assert_int_equal(ha->max_lifetime, 600);
	assert_int_equal(ha->encaps, MIP_ENCAPS_GRE);
	assert_true(ha->reverse_tunnel);
	assert_true(ha->reverse_required);
	assert_int_equal(ha->max_simultaneous, 4);
	assert_int_equal(ha->max_bindings, 100000);
	assert_int_equal(ha->adv_interval_ms, 500);
	assert_int_equal(ha->adv_lifetime, 2);
	assert_int_equal(ha->nmns, 2);
	assert_int_equal(ha->mns[0].home_addr.v, ip(192, 0, 2, 10).v);
	assert_int_equal(ha->mns[0].spi, 256);
	assert_int_equal(ha->mns[1].home_addr.v, ip(192, 0, 2, 11).v);
	assert_int_equal(ha->mns[1].spi, 257);

	assert_non_null(fa);
	assert_int_equal(fa->nlinks, 1);
	assert_int_equal(fa->links[0].ifindex, 2);
	assert_int_equal(fa->links[0].coa.v, ip(203, 0, 113, 2).v);
	assert_int_equal(fa->adv_interval_ms, 2000);
	assert_int_equal(fa->adv_lifetime, 9);
	assert_int_equal(fa->reg_lifetime, 1800);
	assert_int_equal(fa->encaps, MIP_ENCAPS_MINIMAL);
	assert_true(fa->reverse_tunnel);
	assert_false(fa->reverse_required);
	assert_true(fa->registration_required);
	assert_true(fa->busy);
	assert_true(fa->challenge);
	assert_int_equal(fa->max_visitors, 10);
	assert_int_equal(fa->dh_min_bits, 1536);
	assert_true(fa->key_req_ha);
	assert_int_equal(fa->max_pending, 3);
	assert_int_equal(fa->pending_timeout_ms, 1500);

	assert_int_equal(n->nsas, 2);
	assert_int_equal(n->sas[0].peer.v, ip(192, 0, 2, 10).v);
	assert_int_equal(n->sas[0].spi, 256);
	assert_int_equal(n->sas[0].alg, MIP_AUTH_HMAC_SHA1);
	assert_int_equal(n->sas[0].key_len, 20);
	assert_hex_equal(n->sas[0].key, n->sas[0].key_len,
	    "00112233445566778899aabbccddeeff00112233");
	assert_int_equal(n->sas[0].replay, MIP_REPLAY_NONCE);
	assert_int_equal(n->sas[0].tolerance, 30);
	assert_null(c->sameta[0].keyfile);
	assert_int_equal(n->sas[1].alg, MIP_AUTH_KEYED_MD5);
	assert_int_equal(n->sas[1].replay, MIP_REPLAY_TIMESTAMP);
	assert_int_equal(n->sas[1].tolerance, MIP_REPLAY_TOLERANCE_DEFAULT);
	assert_hex_equal(n->sas[1].key, n->sas[1].key_len, "0102");

	assert_true(n->profile.ro);
	assert_int_equal(n->profile.bw_type, 40);
	assert_int_equal(n->profile.br_type, 41);
	assert_int_equal(n->profile.bu_type, 42);
	assert_int_equal(n->profile.ba_type, 43);
	assert_int_equal(n->profile.bw_ext_type, 44);
	assert_int_equal(n->profile.p_mask, 1);
	assert_int_equal(n->profile.s_mask, 0x400);
	assert_int_equal(mip_node_config_check(n, NULL), 0);
	config_free(c);
}

static void
test_mn_and_defaults(void **state)
{
	struct config *c = ok("[Interface]\n"
			      "Name = wlan0\n"
			      "Address = 192.0.2.10/24\n"
			      "[MobileNode]\n"
			      "HomeAddress = 192.0.2.10/24\n"
			      "HomeAgent = 0.0.0.0\n"
			      "SPI = 300\n"
			      "Flags = S, B ,M,G,T\n"
			      "CoLocated = yes\n"
			      "NAI = joe@example.com\n"
			      "[SecurityAssociation]\n"
			      "Peer = 0.0.0.0\n"
			      "SPI = 300\n"
			      "Key = 00\n");
	const struct mip_mn_config *mn = c->node.mn;
	struct mip_profile plain = mip_profile_default;

	(void)state;
	assert_int_equal(c->node.roles, MIP_ROLE_MN);
	assert_non_null(mn);
	assert_int_equal(mn->home_addr.v, ip(192, 0, 2, 10).v);
	assert_int_equal(mn->home_plen, 24);
	assert_int_equal(mn->ha_addr.v, 0);
	assert_int_equal(mn->spi, 300);
	assert_int_equal(mn->home_ifindex, 1); /* the first interface */
	assert_int_equal(mn->lifetime, 300);   /* default */
	assert_int_equal(mn->flags,
	    MIP_RRQ_F_S | MIP_RRQ_F_B | MIP_RRQ_F_M | MIP_RRQ_F_G |
		MIP_RRQ_F_T);
	assert_true(mn->colocated);
	assert_string_equal(mn->nai, "joe@example.com");
	/* No [RouteOptimization]: plain numbering, RO off. */
	plain.ro = false;
	assert_false(c->node.profile.ro);
	assert_int_equal(c->node.profile.bu_type, plain.bu_type);
	assert_int_equal(c->node.sas[0].alg, MIP_AUTH_HMAC_MD5);
	config_free(c);

	c = ok(HA_MIN);
	assert_int_equal(c->ha.max_lifetime, 600);
	assert_int_equal(c->ha.max_simultaneous, 1);
	assert_int_equal(c->ha.max_bindings, 1024);
	assert_int_equal(c->ha.adv_interval_ms, 1000);
	assert_int_equal(c->ha.adv_lifetime, 3);
	assert_int_equal(c->ha.addr.v, ip(192, 0, 2, 1).v); /* from eth0 */
	assert_int_equal(c->ha.plen, 24);
	assert_int_equal(c->ha.encaps, 0);
	assert_false(c->ha.reverse_tunnel);
	config_free(c);

	c = ok("[Interface]\nName = e\nAddress = 203.0.113.1/26\n"
	       "[ForeignAgent]\nLink = e\n");
	assert_int_equal(c->fa.links[0].coa.v, ip(203, 0, 113, 1).v);
	assert_int_equal(c->fa.adv_interval_ms, 1000);
	assert_int_equal(c->fa.adv_lifetime, 3);
	assert_int_equal(c->fa.reg_lifetime, 600);
	assert_int_equal(c->fa.max_visitors, 64);
	assert_int_equal(c->fa.max_pending, 5);
	assert_int_equal(c->fa.pending_timeout_ms, 7000);
	config_free(c);
}

static void
test_syntax(void **state)
{
	(void)state;
	/* Case-insensitive names, comments, blanks, a BOM, CRLF. */
	config_free(ok("\xef\xbb\xbf; comment\r\n"
		       "  [interface]  # trailing\r\n"
		       "\tname=eth0 ; inline\r\n"
		       "ADDRESS = 192.0.2.1/24\r\n"
		       "[HOMEAGENT]\nlink = eth0\n"));
	one_error("[Interface\nName = e\n", 1, "expected ']'");
	one_error("[Interface] x\nName = e\n", 1, "after ']'");
	one_error(HA_MIN "[Bogus]\nFoo = 1\n", 11, "unknown section [Bogus]");
	one_error(
	    HA_MIN "[CorrespondentNode]\nCacheSize = 0\n", 12, "CacheSize");
	one_error("Name = e\n" HA_MIN, 1, "outside of any section");
	one_error(HA_MIN "Colour = blue\n", 11, "Colour: unknown key");
	one_error(HA_MIN "just words\n", 11, "expected 'Key = Value'");
	one_error(HA_MIN "Peer: 192.0.2.1\n", 11, "expected 'Key = Value'");
	one_error(HA_MIN "= x\n", 11, "expected 'Key = Value'");
	one_error(
	    HA_MIN "MaxLifetime =\n", 11, "MaxLifetime: expected a value");
	one_error("[Interface]\nName = e\nName = f\n", 3,
	    "Name: given twice (first on line 2)");
	one_error(HA_MIN "[HomeAgent]\n", 11,
	    "[HomeAgent] is already given on line 8");
	one_error("", 0,
	    "no [HomeAgent], [ForeignAgent], [MobileNode] or "
	    "[CorrespondentNode]");
}

static void
test_long_line(void **state)
{
	char text[1024];

	(void)state;
	snprintf(text, sizeof(text), HA_MIN "NAI = %0300d\n", 7);
	one_error(text, 11, "line too long");
}

static void
test_values(void **state)
{
	(void)state;
	one_error(SA2 "Key = 012\n", 14,
	    "t.conf:14: Key: expected an even number of hex digits");
	one_error(SA2 "Key = 01zz\n", 14, "Key: 'z' at position 3");
	one_error("[Interface]\nName = e\nAddress = 192.0.2.1\n", 3,
	    "Address: expected ADDRESS/LENGTH");
	one_error("[Interface]\nName = e\nAddress = 192.0.2.1/33\n", 3,
	    "prefix length 33 is out of range (1-32)");
	one_error("[Interface]\nName = e\nAddress = 192.0.2.01/24\n", 3,
	    "expected an IPv4 address");
	one_error("[Interface]\nName = e\nHwAddr = 02:00:00:00:01\n", 3,
	    "HwAddr: expected six hex pairs");
	one_error("[Interface]\nName = a/b\n", 2, "not a valid interface");
	one_error("[Interface]\nName = abcdefghijklmnop\n", 2, "longer than");
	one_error(HA_MIN "MaxLifetime = 70000\n", 11,
	    "MaxLifetime: 70000 is out of range (1s-65535s)");
	one_error(HA_MIN "MaxLifetime = 1500ms\n", 11, "whole seconds");
	one_error(HA_MIN "AdvertisementInterval = 3 s\n", 11, "unknown unit");
	one_error(HA_MIN "MaxBindings = 0\n", 11, "0 is out of range");
	one_error(HA_MIN "MaxBindings = 99999999999999999999999\n", 11,
	    "expected a number");
	one_error(HA_MIN "ReverseTunnel = maybe\n", 11,
	    "expected yes, no or required");
	one_error(HA_MIN "Encapsulations = ipip,udp\n", 11,
	    "'udp' is not ipip, minimal or gre");
	one_error(HA_MIN "Prefix = 192.0.2.1/24\n", 11, "host bits");
	one_error(SA3 "Algorithm = sha256\n", 15, "expected hmac-md5");
	one_error(SA3 "Replay = never\n", 15, "timestamps or nonces");
	one_error(HA_MIN "[SecurityAssociation]\nSPI = 255\nPeer = 192.0.2.9\n"
			 "Key = 00\n",
	    12, "SPI: 255 is out of range (256-");
	one_error(SA3 "Key = 00\n", 15, "Key: given twice (first on line 14)");
	one_error(SA3 "Tolerance = 0\n", 15, "Tolerance: 0 is out of range");
	one_error(HA_MIN "MobileNode = 192.0.2.12 3\n", 11,
	    "MobileNode: 3 is out of range");
	one_error(HA_MIN "MobileNode = 192.0.2.10 300\n", 11,
	    "already listed on line 10");
	one_error(
	    HA_MIN "MobileNode = 192.0.2.12\n", 11, "expected HOMEADDRESS SPI");
}

static void
test_cross_section(void **state)
{
	(void)state;
	/* A MobileNode entry at the HA without its SA. */
	one_error("[Interface]\nName = eth0\nAddress = 192.0.2.1/24\n"
		  "[HomeAgent]\nLink = eth0\nMobileNode = 192.0.2.10 256\n",
	    6, "no [SecurityAssociation] with Peer = 192.0.2.10 and SPI = 256");
	one_error(HA_MIN "[HomeAgent]\n", 11, "already given");
	/* A role without its interface. */
	one_error(
	    "[HomeAgent]\nLink = eth0\n", 2, "no [Interface] named 'eth0'");
	one_error("[ForeignAgent]\nLink = eth1\n", 2, "no [Interface] named");
	one_error("[Interface]\nName = e\n[ForeignAgent]\nLink = e\n", 4,
	    "has no Address; give CareOfAddress");
	one_error("[Interface]\nName = e\n[ForeignAgent]\n"
		  "CareOfAddress = 203.0.113.1\nLink = e\n",
	    4, "CareOfAddress: no Link line before it");
	one_error("[Interface]\nName = e\n[ForeignAgent]\nLink = e\n"
		  "CareOfAddress = 203.0.113.1\nCareOfAddress = 203.0.113.2\n",
	    6, "link 'e' already has one on line 5");
	one_error("[Interface]\nName = e\n[HomeAgent]\nLink = e\n", 4,
	    "give Address and Prefix");
	one_error(HA_MIN "Prefix = 10.0.0.0/8\n", 11, "is not in 10.0.0.0/8");
	one_error(HA_MIN "MobileNode = 198.51.100.7 256\n", 11,
	    "not in the home network 192.0.2.0/24");
	/* RFC 5944 2.3: lifetime >= 3 intervals. */
	one_error(HA_MIN "AdvertisementInterval = 2s\n", 11,
	    "less than 3 times the advertisement interval");
	one_error("[Interface]\nName = e\nAddress = 203.0.113.1/26\n"
		  "[ForeignAgent]\nLink = e\nAdvertisementLifetime = 5\n"
		  "AdvertisementInterval = 2s\n",
	    6, "AdvertisementLifetime: 5 s is less than 3 times");
	/* Missing required keys: one message, on the header. */
	one_error(HA_MIN "[SecurityAssociation]\nTolerance = 5\n", 11,
	    "[SecurityAssociation] without Peer, SPI, Key|KeyFile");
	one_error("[Interface]\nAddress = 192.0.2.1/24\n", 1,
	    "[Interface] without Name");
	one_error("[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
		  "[MobileNode]\nHomeAddress = 192.0.2.10/24\nSPI = 256\n",
	    4, "[MobileNode] without HomeAgent");
	one_error(HA_MIN "[SecurityAssociation]\nPeer = 192.0.2.10\nSPI = "
			 "256\nKey = 01\n",
	    11, "is already defined on line 4");
	one_error("[Interface]\nName = e\n[Interface]\nName = e\n", 4,
	    "already defined on line 1");
	/* The mobile node's SA. */
	one_error("[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
		  "[MobileNode]\nHomeAddress = 192.0.2.10/24\n"
		  "HomeAgent = 192.0.2.1\nSPI = 256\n",
	    7, "no [SecurityAssociation] with Peer = 192.0.2.1 (or 0.0.0.0)");
	one_error("[MobileNode]\nHomeAddress = 192.0.2.10/24\n"
		  "HomeAgent = 192.0.2.1\nSPI = 256\n"
		  "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\n"
		  "Key = 01\n",
	    1, "[MobileNode] without an [Interface]");
	one_error(HA_MIN "[RouteOptimization]\nBindingUpdateType = 3\n", 11,
	    "message types must differ");
}

/* Each bad line gets its message, in line order, none twice. */
static void
test_many_errors(void **state)
{
	struct config_errors e;
	struct config *c;
	static const unsigned lines[] = { 3, 4, 6, 8, 9 };
	size_t i;

	(void)state;
	assert_int_equal(config_parse_string("[Interface]\n"	  /* 1 */
					     "Name = eth0\n"	  /* 2 */
					     "Address = x\n"	  /* 3 */
					     "Address = y\n"	  /* 4 */
					     "[HomeAgent]\n"	  /* 5 */
					     "Link = eth0 eth1\n" /* 6 */
					     "# fine\n"		  /* 7 */
					     "MaxLifetime = -1\n" /* 8 */
					     "[Nope]\n"		  /* 9 */
					     "Whatever = 1\n",	  /* 10 */
			     "t.conf", NULL, &c, &e),
	    MIP_ERR_INVAL);
	assert_null(c);
	config_errors_print(stderr, &e);
	assert_int_equal(e.n, sizeof(lines) / sizeof(lines[0]));
	for (i = 0; i < e.n; i++)
		assert_int_equal(e.v[i].line, lines[i]);
	assert_non_null(strstr(e.v[1].msg, "t.conf:4: Address: given twice"));
	config_errors_free(&e);
	assert_int_equal(e.n, 0);
}

static int
fake_ifindex(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "eth0") == 0 || strcmp(name, "alias0") == 0)
		return 7;
	if (strcmp(name, "eth1") == 0)
		return 9;
	return -1;
}

static void
test_ifindex_callback(void **state)
{
	struct config_opts o = { fake_ifindex, NULL };
	struct config_errors e;
	struct config *c;

	(void)state;
	assert_int_equal(config_parse_string(HA_MIN, "t.conf", &o, &c, &e), 0);
	assert_int_equal(c->ifs[0].ifindex, 7);
	assert_int_equal(c->ha.home_ifindex, 7);
	config_free(c);
	config_errors_free(&e);
	assert_int_equal(config_parse_string(HA_MIN "[Interface]\nName = "
						    "wlan9\n[Interface]\n"
						    "Name = alias0\n",
			     "t.conf", &o, &c, &e),
	    MIP_ERR_INVAL);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.v[0].line, 12);
	assert_non_null(strstr(e.v[0].msg, "no interface named 'wlan9'"));
	assert_int_equal(e.v[1].line, 14);
	assert_non_null(strstr(e.v[1].msg, "same interface as 'eth0'"));
	config_errors_free(&e);
}

static void
test_round_trip(void **state)
{
	struct config *c = ok(full_text), *d = ok(HA_MIN);

	(void)state;
	round_trip(c);
	round_trip(d);
	assert_false(config_equal(c, d));
	config_free(c);
	config_free(d);
	c = ok("[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
	       "[MobileNode]\nHomeAddress = 192.0.2.10/24\n"
	       "HomeAgent = 192.0.2.1\nSPI = 256\n"
	       "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\n"
	       "Key = 01\n[RouteOptimization]\nEnabled = no\n"
	       "PrivateBitMask = 2\n");
	round_trip(c);
	config_free(c);
}

/* [CorrespondentNode]: defaults, every key, the core's rules. */
static void
test_cn(void **state)
{
	static const char base[] =
	    "[Interface]\nName = e\nAddress = 203.0.113.5/24\n"
	    "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 300\n"
	    "Key = 01\n[RouteOptimization]\n[CorrespondentNode]\n";
	char text[512];
	struct config *c;

	(void)state;
	c = ok(base);
	assert_int_equal(c->node.roles, MIP_ROLE_CN);
	assert_ptr_equal(c->node.cn, &c->cn);
	assert_int_equal(c->cn.capacity, 1024);
	assert_int_equal(c->cn.br_lead_pct, 10);
	assert_int_equal(c->cn.br_lead_min, 5);
	assert_int_equal(c->cn.br_active, 10);
	assert_int_equal(c->cn.max_lifetime, 65535);
	round_trip(c);
	config_free(c);
	snprintf(text, sizeof(text),
	    "%sCacheSize = 7\nEncapsulations = gre\nMaxLifetime = 2m\n"
	    "BindingRequestLead = 20\nBindingRequestMinLead = 3\n"
	    "ActiveWindow = 30\n",
	    base);
	c = ok(text);
	assert_int_equal(c->cn.capacity, 7);
	assert_int_equal(c->cn.encaps, MIP_ENCAPS_GRE);
	assert_int_equal(c->cn.max_lifetime, 120);
	assert_int_equal(c->cn.br_lead_pct, 20);
	assert_int_equal(c->cn.br_lead_min, 3);
	assert_int_equal(c->cn.br_active, 30);
	round_trip(c);
	config_free(c);
	snprintf(text, sizeof(text), "%sBindingRequestLead = 101\n", base);
	one_error(text, 10, "BindingRequestLead");
}

/* HA_MIN with an SA for the peer 198.51.100.10 SPI 300 (lines 11-14) and
 * [RouteOptimization] on line 15: line 16 adds to it. */
#define HA_RO                                                                  \
	HA_MIN "[SecurityAssociation]\nPeer = 198.51.100.10\nSPI = 300\n"      \
	       "Key = 01\n[RouteOptimization]\n"

/* [RouteOptimization] at a home agent: peers, the update back-off, pairs,
 * acknowledgements; when ha.ro is set; each error on its line. */
static void
test_ha_ro(void **state)
{
	struct config *c;

	(void)state;
	/* The section alone: RO on, but no peer, so no ha.ro. */
	c = ok(HA_RO);
	assert_true(c->node.profile.ro);
	assert_null(c->ha.ro);
	assert_int_equal(c->ha_ro.bu_min_ms, 1000);
	assert_int_equal(c->ha_ro.bu_max_ms, 256000);
	assert_int_equal(c->ha_ro.max_pairs, 4096);
	assert_false(c->ha_ro.bu_ack);
	round_trip(c);
	config_free(c);
	c = ok(HA_RO "Enabled = yes\nPeer = 198.51.100.10:300\n"
		     "BindingUpdateInterval = 250ms\n"
		     "BindingUpdateMaxInterval = 2m\nMaxPairs = 64\n"
		     "BindingAck = yes\n");
	assert_ptr_equal(c->node.ha, &c->ha);
	assert_ptr_equal(c->ha.ro, &c->ha_ro);
	assert_int_equal(c->ha_ro.npeers, 1);
	assert_true(mip_ip4_eq(c->ha_ro.peers[0].addr, ip(198, 51, 100, 10)));
	assert_int_equal(c->ha_ro.peers[0].spi, 300);
	assert_int_equal(c->ha_ro.bu_min_ms, 250);
	assert_int_equal(c->ha_ro.bu_max_ms, 120000);
	assert_int_equal(c->ha_ro.max_pairs, 64);
	assert_true(c->ha_ro.bu_ack);
	assert_int_equal(mip_node_config_check(&c->node, NULL), 0);
	round_trip(c);
	config_free(c);
	/* The "ADDR SPI" spelling of MobileNode lines is taken too. */
	c = ok(HA_RO "Peer = 198.51.100.10 300\n");
	assert_int_equal(c->ha_ro.peers[0].spi, 300);
	config_free(c);

	/* Each error on its line. */
	one_error(HA_RO "Peer = 198.51.100.10:301\n", 16,
	    "Peer: no [SecurityAssociation] with Peer = 198.51.100.10 and "
	    "SPI = 301");
	one_error(HA_RO "Peer = 198.51.100.10:300\nPeer = 198.51.100.10:300\n",
	    17, "Peer: 198.51.100.10 is already listed on line 16");
	one_error(HA_RO "Peer = 198.51.100.10\n", 16,
	    "Peer: expected ADDRESS:SPI, got '198.51.100.10'");
	one_error(
	    HA_RO "Peer = 198.51.100:300\n", 16, "expected an IPv4 address");
	one_error(HA_RO "Peer = 198.51.100.10:255\n", 16, "out of range");
	one_error(HA_RO "Enabled = no\nPeer = 198.51.100.10:300\n", 17,
	    "Peer: Route Optimization is off (Enabled = no on line 16)");
	one_error(HA_RO "BindingUpdateInterval = 0\n", 16, "out of range");
	one_error(HA_RO "BindingUpdateInterval = 5s\n"
			"BindingUpdateMaxInterval = 2s\n",
	    17, "BindingUpdateMaxInterval: 2000 ms is less than");
	/* Only the interval given: its line carries the message. */
	one_error(HA_RO "BindingUpdateInterval = 300s\n", 16,
	    "BindingUpdateMaxInterval: 256000 ms is less than");
	one_error(HA_RO "MaxPairs = 0\n", 16, "MaxPairs: 0 is out of range");
	one_error(HA_RO "MaxPairs = 4194305\n", 16, "out of range");
	one_error(HA_RO "BindingAck = maybe\n", 16, "expected yes or no");
	/* A node without [HomeAgent] sends no Binding Updates. */
	one_error("[Interface]\nName = e\nAddress = 198.51.100.10/24\n"
		  "[CorrespondentNode]\n[SecurityAssociation]\n"
		  "Peer = 192.0.2.1\nSPI = 300\nKey = 01\n"
		  "[RouteOptimization]\nPeer = 192.0.2.1:300\n",
	    10, "Peer: only a home agent sends Binding Updates");
}

/* MasterKey and MasterKeyFile (paper 5): the key is derived per peer. */
static void
test_master_key(void **state)
{
	static const uint8_t master[] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
		0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	char dir[] = "/tmp/config_test.XXXXXX", path[600], conf[700];
	char text[2048];
	uint8_t want[MIP_MD5_LEN];
	struct config_errors e;
	struct config *c;
	FILE *f;

	(void)state;
	assert_int_equal(mip_sa_derive_key(want, master, sizeof(master),
			     ip(198, 51, 100, 10)),
	    0);
	c = ok(
	    HA_MIN "[SecurityAssociation]\nPeer = 198.51.100.10\n"
		   "SPI = 300\nMasterKey = 00112233445566778899aabbccddeeff\n"
		   "[RouteOptimization]\nPeer = 198.51.100.10:300\n");
	assert_int_equal(c->sas[1].key_len, MIP_MD5_LEN);
	assert_memory_equal(c->sas[1].key, want, MIP_MD5_LEN);
	assert_true(c->sameta[1].master);
	assert_non_null(c->ha.ro);
	round_trip(c);
	config_free(c);
	/* The master key before Peer: derived at the end all the same. */
	c = ok(HA_MIN "[SecurityAssociation]\n"
		      "MasterKey = 00112233445566778899aabbccddeeff\n"
		      "SPI = 300\nPeer = 198.51.100.10\n");
	assert_memory_equal(c->sas[1].key, want, MIP_MD5_LEN);
	config_free(c);

	/* From a file, relative to the configuration's directory. */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/master.key", dir);
	snprintf(conf, sizeof(conf), "%s/ha.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "00112233445566778899aabbccddeeff\n");
	fclose(f);
	assert_int_equal(config_parse_string(HA_MIN
			     "[SecurityAssociation]\nPeer = 198.51.100.10\n"
			     "SPI = 300\nMasterKeyFile = master.key\n",
			     conf, NULL, &c, &e),
	    0);
	assert_memory_equal(c->sas[1].key, want, MIP_MD5_LEN);
	assert_string_equal(c->sameta[1].keyfile, path);
	assert_true(c->sameta[1].master);
	round_trip(c);
	config_free(c);
	config_errors_free(&e);

	/* One key source per SA, each clash on the later line. */
	one_error(SA2 "MasterKey = 01\nKey = 01\n", 15,
	    "Key: MasterKey is already given on line 14");
	one_error(SA3 "MasterKey = 01\n", 15,
	    "MasterKey: Key is already given on line 14");
	snprintf(text, sizeof(text), SA2 "KeyFile = %s\nMasterKeyFile = %s\n",
	    path, path);
	one_error(
	    text, 15, "MasterKeyFile: KeyFile is already given on line 14");
	snprintf(text, sizeof(text), SA2 "MasterKeyFile = %s\nMasterKey = 01\n",
	    path);
	one_error(
	    text, 15, "MasterKey: MasterKeyFile is already given on line 14");
	one_error(SA2 "MasterKey = 0g\n", 14, "'g' at position 2");
	one_error(SA2 "MasterKeyFile = /nonexistent/m\n", 14,
	    "MasterKeyFile: /nonexistent/m: No such file");
	one_error(SA2, 11,
	    "[SecurityAssociation] without Key|KeyFile|MasterKey|"
	    "MasterKeyFile");
	unlink(path);
	rmdir(dir);
}

/* [MobileNode] Private: the P bit (RO spec 2.3), only with RO on. */
static void
test_mn_private(void **state)
{
	static const char mn[] =
	    "[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
	    "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\nKey = 01\n"
	    "[MobileNode]\nHomeAddress = 192.0.2.10/24\n"
	    "HomeAgent = 192.0.2.1\nSPI = 256\n";
	char text[512];
	struct config *c;

	(void)state;
	c = ok(mn);
	assert_false(c->mn.ro_private);
	config_free(c);
	snprintf(
	    text, sizeof(text), "%sPrivate = yes\n[RouteOptimization]\n", mn);
	c = ok(text);
	assert_true(c->mn.ro_private);
	assert_true(c->node.profile.ro);
	round_trip(c);
	config_free(c);
	snprintf(text, sizeof(text), "%sPrivate = yes\n", mn);
	one_error(text, 12, "Private: the P bit is part of Route Optimization");
	snprintf(text, sizeof(text),
	    "%sPrivate = yes\n[RouteOptimization]\nEnabled = no\n", mn);
	one_error(text, 12, "Private: the P bit");
	snprintf(text, sizeof(text), "%sPrivate = 2\n", mn);
	one_error(text, 12, "Private: expected yes or no, got '2'");
}

static void
test_examples(void **state)
{
	static const char *const names[] = { "ha.conf", "fa.conf", "mn.conf",
		"cn.conf", "ha-ro.conf", "fa-smooth.conf", "mn-dh.conf" };
	static const uint32_t roles[] = { MIP_ROLE_HA, MIP_ROLE_FA, MIP_ROLE_MN,
		MIP_ROLE_CN, MIP_ROLE_HA, MIP_ROLE_FA | MIP_ROLE_CN,
		MIP_ROLE_MN };
	char path[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct config_errors e;
		struct config *c;

		snprintf(
		    path, sizeof(path), "%s/%s", MIPD_EXAMPLES_DIR, names[i]);
		if (config_parse_file(path, NULL, &c, &e) != 0) {
			config_errors_print(stderr, &e);
			fail_msg("%s does not parse", path);
		}
		assert_int_equal(c->node.roles, roles[i]);
		assert_int_equal(mip_node_config_check(&c->node, NULL), 0);
		round_trip(c);
		config_free(c);
		config_errors_free(&e);
	}
}

static void
test_keyfile(void **state)
{
	char dir[] = "/tmp/config_test.XXXXXX", path[600], conf[700];
	char text[1024];
	struct config_errors e;
	struct config *c;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/mn.key", dir);
	snprintf(conf, sizeof(conf), "%s/ha.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "  00112233445566778899aabbccddeeff\n");
	fclose(f);
	/* Relative to the file's directory. */
	snprintf(text, sizeof(text), "%s",
	    "[Interface]\nName = eth0\nAddress = 192.0.2.1/24\n"
	    "[HomeAgent]\nLink = eth0\nMobileNode = 192.0.2.10 256\n"
	    "[SecurityAssociation]\nPeer = 192.0.2.10\nSPI = 256\n"
	    "KeyFile = mn.key\n");
	assert_int_equal(config_parse_string(text, conf, NULL, &c, &e), 0);
	assert_hex_equal(c->sas[0].key, c->sas[0].key_len,
	    "00112233445566778899aabbccddeeff");
	assert_string_equal(c->sameta[0].keyfile, path);
	round_trip(c);
	config_free(c);
	config_errors_free(&e);
	/* Missing file, key and file both, a directory. */
	one_error(SA2 "KeyFile = /nonexistent/k\n", 14,
	    "KeyFile: /nonexistent/k: No such file");
	one_error("[Interface]\nName = eth0\nAddress = 192.0.2.1/24\n"
		  "[HomeAgent]\nLink = eth0\n[SecurityAssociation]\n"
		  "Peer = 192.0.2.10\nSPI = 256\nKeyFile = /\n",
	    9, "not a regular file");
	snprintf(text, sizeof(text), SA3 "KeyFile = %s\n", path);
	one_error(text, 15, "KeyFile: Key is already given on line 14");
	/* A file that cannot be read at all. */
	snprintf(conf, sizeof(conf), "%s/missing.conf", dir);
	assert_int_equal(config_parse_file(conf, NULL, &c, &e), MIP_ERR_INVAL);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0].line, 0);
	assert_non_null(strstr(e.v[0].msg, "missing.conf: cannot open"));
	config_errors_free(&e);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_mn_and_defaults),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_cross_section),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_ifindex_callback),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cn),
		cmocka_unit_test(test_ha_ro),
		cmocka_unit_test(test_master_key),
		cmocka_unit_test(test_mn_private),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_keyfile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
