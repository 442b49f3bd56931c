/* SPDX-License-Identifier: ISC */
/*
 * mipd's configuration file (mipd.conf(5)): WireGuard-style sections
 * ([Interface], [HomeAgent], [ForeignAgent], [MobileNode],
 * [CorrespondentNode], [SecurityAssociation], [RouteOptimization]) read with inih into the
 * libmip node configuration (struct mip_node_config, mip_node.h). Every bad
 * line gets exactly one message "FILE:LINE: Key: problem"; all of them are
 * collected for the caller to print. A parsed config owns all its memory;
 * config_print writes it back in a normalised form that parses to an equal
 * config.
 */
#ifndef MIPD_CONFIG_H
#define MIPD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "mip/mip_node.h"
#include "mip/mip_sa.h"

#define CONFIG_IFNAME_MAX 16 /* IFNAMSIZ, with the NUL */
/* Longest file read, octets: a home agent with 100,000 mobile nodes and
 * their SAs takes about 12 MB. */
#define CONFIG_FILE_MAX (256 * 1024 * 1024)

/* Per-interface data the core does not need. */
struct config_if {
	char name[CONFIG_IFNAME_MAX];
	unsigned line; /* of its [Interface] header */
};

/* Per-SA data the core does not need. */
struct config_sa {
	char *keyfile; /* the file the key (or master key) was read from */
	bool master;   /* the key is derived from this master key (paper 5) */
	uint8_t master_key[MIP_SA_KEY_MAX]; /* as given, for config_print */
	size_t master_len;
	unsigned line; /* of its [SecurityAssociation] header */
};

/*
 * An RSA key pair read from a PEM private key file (RSAKeyFile; paper 6.2,
 * 8.3), as the core takes it: DER PKCS#1 RSAPublicKey and RSAPrivateKey
 * (spec sheet 2.6.1).
 */
struct config_rsa {
	char *keyfile; /* its real path; NULL: no key pair */
	uint8_t *pub, *priv;
	size_t pub_len, priv_len;
};

/*
 * A parsed configuration. |node| is what mip_node_new takes; its pointers
 * lead into the arrays and structs below, all owned by this object
 * (config_free). |ifs|[i] and |ifmeta|[i] (and |sas|/|sameta|) describe the
 * same entry; every link a role names is one of |ifs|.
 */
struct config {
	struct mip_node_config node;
	struct mip_if_config *ifs;
	struct config_if *ifmeta;
	size_t nifs;
	struct mip_sa_config *sas;
	struct config_sa *sameta;
	size_t nsas;
	struct mip_ha_config ha;
	struct mip_ha_mn_config *ha_mns;
	struct mip_ha_ro_config ha_ro; /* |ha|.ro when the HA does RO */
	struct mip_ro_peer_config *ro_peers;
	struct mip_fa_config fa;
	struct mip_fa_link_config *fa_links;
	struct mip_mn_config mn;
	struct mip_cn_config cn;
	struct config_rsa mn_rsa, fa_rsa; /* |mn|, |fa| point into them */
};

/* One error: |line| 0 means the whole file. |msg| is "FILE:LINE: ...". */
struct config_error {
	unsigned line;
	char *msg;
};

/* The errors of one parse, in line order (file-wide ones last). */
struct config_errors {
	struct config_error *v;
	size_t n;
};

/*
 * How names are resolved. |ifindex| maps an interface name to its index
 * (> 0), or returns 0 or a negative value when there is no such
 * interface; NULL numbers the [Interface] sections 1, 2, ... in file order
 * (mipd -n and tests, without the interfaces existing).
 */
struct config_opts {
	int (*ifindex)(const char *name, void *arg);
	void *arg;
};

/*
 * config_parse_file reads and parses |path|. KeyFile paths are relative
 * to the directory of |path|; messages name |path|. |opts| may be NULL.
 * On success |*out| holds the config and |errs| is empty; on failure
 * |*out| is NULL and |errs| holds at least one message (also for a file
 * that cannot be read). Free |errs| with config_errors_free either way.
 *
 * Returns 0, MIP_ERR_INVAL (errors in the file, or it cannot be read) or
 * MIP_ERR_NOMEM (then |errs| may be empty).
 */
int config_parse_file(const char *path, const struct config_opts *opts,
    struct config **out, struct config_errors *errs);

/*
 * config_parse_string parses the NUL-terminated |text| as if it were the
 * file |name| (used in messages and as the base of relative KeyFile
 * paths). Returns as config_parse_file.
 */
int config_parse_string(const char *text, const char *name,
    const struct config_opts *opts, struct config **out,
    struct config_errors *errs);

/* config_free frees |c| and wipes its keys; NULL is allowed. */
void config_free(struct config *c);

/*
 * config_print writes |c| as a normalised configuration file: every key
 * with its resolved value (defaults spelled out), canonical names and
 * units. Parsing the output with the same interfaces gives a config for
 * which config_equal is true. Keys read from a KeyFile are printed as
 * that KeyFile, others as Key. Returns 0 or -1 when writing failed.
 */
int config_print(FILE *f, const struct config *c);

/* config_equal is true when |a| and |b| configure the same node. */
bool config_equal(const struct config *a, const struct config *b);

/* config_errors_print writes each message of |errs| and a newline to |f|. */
void config_errors_print(FILE *f, const struct config_errors *errs);

/* config_errors_free frees the messages; |errs| is then empty. */
void config_errors_free(struct config_errors *errs);

#endif
