/* SPDX-License-Identifier: ISC */
/*
 * bench_keys: the CPU cost of registration-key establishment (issue 6,
 * docs/benchmarks.md "Registration keys"). The simulator gives computation
 * no time, so every key method registers in the same virtual time
 * (docs/experiments.md E4); what differs is the crypto of mip_keys.h.
 *
 * Each operation libmip performs for a key is timed alone, against the
 * baseline of the same run: one HMAC-MD5 registration authenticator
 * (mip_mac_compute over a 60-octet request). Per method, the operations
 * the mobile node, foreign agent and home agent perform for one
 * registration are summed from those times, as the core performs them
 * (mip_mn_regkey.c, mip_fa_regkey.c, mip_ha_regkey.c). The randomness is
 * getrandom(2), as mipd's (daemon/run.c).
 *
 * Lines: "bench=keys ..." (setup), "bench=keys_op op=NAME ..." per
 * operation, "bench=keys_reg method=NAME ..." per method; with -j each is
 * one JSON object instead, one a line. Nothing asserts a speed.
 *
 * Usage: bench_keys [--quick] [-j]
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "bench_util.h"
#include "mip/mip_crypto.h"
#include "mip/mip_keys.h"

/* The baseline's message: a registration request with a few extensions. */
#define REQ_LEN 60
/* Reply octets before a key extension's key field: the 20-octet reply
 * and, for the second key, the first key's extension. */
#define REGREP_LEN 40
#define RSA_BITS 2048
#define RSA_DER_MAX 2048
/* Each repetition of an operation runs for at least this long. */
#define MIN_S 0.1
#define QUICK_MIN_S 0.0
#define MAX_TERMS 8

/* One Diffie-Hellman group and a peer's computed value in it. */
struct group {
	const uint8_t *p;
	uint8_t g[MIP_DH_MAX_LEN];
	uint8_t peer[MIP_DH_MAX_LEN];
	size_t len;
};

struct ctx {
	struct mip_mac *mac;
	uint8_t req[REQ_LEN];
	uint8_t secret[MIP_REGKEY_LEN], regrep[REGREP_LEN];
	uint8_t priv[MIP_DH_PRIV_LEN];
	struct group grp[2]; /* 1024 and 2048 bits */
	uint8_t rsa_pub[RSA_DER_MAX], rsa_priv[RSA_DER_MAX];
	size_t rsa_pub_len, rsa_priv_len;
	uint8_t ct[RSA_BITS / 8];
	size_t ct_len;
};

/* An operation; |g| is its group (NULL when it has none), |i| the
 * iteration, folded into an input so no two calls are alike. */
typedef int (*op_fn)(struct ctx *c, const struct group *g, uint64_t i);

static int
op_hmac(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t out[MIP_AUTH_MAX_LEN];

	(void)g;
	/* A new Identification each time (RFC 5944 3.3, octets 16-23). */
	memcpy(&c->req[16], &i, sizeof(i));
	return mip_mac_compute(c->mac, c->req, sizeof(c->req), out);
}

static int
draw(size_t len)
{
	uint8_t b[MIP_DH_PRIV_LEN];

	return getrandom(b, len, 0) == (ssize_t)len ? 0 : -1;
}

/* A registration key (HA for 113/115, FA for 114). */
static int
op_rand_key(struct ctx *c, const struct group *g, uint64_t i)
{
	(void)c, (void)g, (void)i;
	return draw(MIP_REGKEY_LEN);
}

/* A Diffie-Hellman exponent (MN and FA). */
static int
op_rand_priv(struct ctx *c, const struct group *g, uint64_t i)
{
	(void)c, (void)g, (void)i;
	return draw(MIP_DH_PRIV_LEN);
}

static int
op_pad(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t key[MIP_REGKEY_LEN] = { 0 };

	(void)g;
	memcpy(c->regrep, &i, sizeof(i));
	return mip_regkey_pad(key, c->secret, sizeof(c->secret), c->regrep,
	    sizeof(c->regrep), key);
}

/*
 * Method 1's per-visit key, HMAC-MD5(configured key, Identification), as
 * mip_visit_key_new computes it (MN and FA each): the MAC is prepared for
 * each derivation. Making an SA of the key is left out, as for every
 * method.
 */
static int
op_visit_key(struct ctx *c, const struct group *g, uint64_t i)
{
	struct mip_mac *m;
	uint8_t ident[8], out[MIP_AUTH_MAX_LEN];
	int rc;

	(void)g;
	memcpy(ident, &i, sizeof(ident));
	if ((rc = mip_mac_new(&m, MIP_AUTH_HMAC_MD5, c->secret,
		 sizeof(c->secret), &bench_mem)) != 0)
		return rc;
	rc = mip_mac_compute(m, ident, sizeof(ident), out);
	mip_mac_free(m);
	return rc;
}

static int
op_check_params(struct ctx *c, const struct group *g, uint64_t i)
{
	(void)c, (void)i;
	return mip_dh_check_params(g->p, g->g, g->len, MIP_DH_MIN_BITS);
}

static int
op_check_value(struct ctx *c, const struct group *g, uint64_t i)
{
	(void)c, (void)i;
	return mip_dh_check_value(g->p, g->peer, g->len);
}

static int
op_dh_public(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t pub[MIP_DH_MAX_LEN];

	/* A full-length exponent, as the MN and FA draw it. */
	memcpy(&c->priv[1], &i, sizeof(i));
	return mip_dh_public(pub, g->p, g->g, g->len, c->priv, sizeof(c->priv));
}

static int
op_dh_key(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t key[MIP_REGKEY_LEN];

	memcpy(&c->priv[1], &i, sizeof(i));
	return mip_dh_key(key, g->p, g->len, c->priv, sizeof(c->priv), g->peer);
}

static int
op_rsa_encrypt(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t key[MIP_REGKEY_LEN] = { 0 }, out[RSA_BITS / 8];
	mip_ssize n;

	(void)g;
	memcpy(key, &i, sizeof(i));
	n = mip_rsa_encrypt_key(
	    out, sizeof(out), c->rsa_pub, c->rsa_pub_len, key);
	return n == (mip_ssize)sizeof(out) ? 0 : -1;
}

static int
op_rsa_decrypt(struct ctx *c, const struct group *g, uint64_t i)
{
	uint8_t key[MIP_REGKEY_LEN];

	(void)g, (void)i;
	return mip_rsa_decrypt_key(key, c->rsa_priv, c->rsa_priv_len, c->ct,
		   c->ct_len) == MIP_REGKEY_LEN
	    ? 0
	    : -1;
}

enum op_id {
	OP_HMAC,
	OP_RAND_KEY,
	OP_RAND_PRIV,
	OP_PAD,
	OP_VISIT_KEY,
	OP_PARAMS_1024,
	OP_PARAMS_2048,
	OP_VALUE_1024,
	OP_VALUE_2048,
	OP_PUBLIC_1024,
	OP_PUBLIC_2048,
	OP_KEY_1024,
	OP_KEY_2048,
	OP_RSA_ENCRYPT,
	OP_RSA_DECRYPT,
	OP_COUNT
};

static const struct op {
	const char *name;
	op_fn fn;
	int grp; /* index into ctx.grp, or -1 */
} ops[OP_COUNT] = {
	[OP_HMAC] = { "hmac_md5", op_hmac, -1 },
	[OP_RAND_KEY] = { "rand_key", op_rand_key, -1 },
	[OP_RAND_PRIV] = { "rand_dh_priv", op_rand_priv, -1 },
	[OP_PAD] = { "regkey_pad", op_pad, -1 },
	[OP_VISIT_KEY] = { "visit_key", op_visit_key, -1 },
	[OP_PARAMS_1024] = { "dh_check_params_1024", op_check_params, 0 },
	[OP_PARAMS_2048] = { "dh_check_params_2048", op_check_params, 1 },
	[OP_VALUE_1024] = { "dh_check_value_1024", op_check_value, 0 },
	[OP_VALUE_2048] = { "dh_check_value_2048", op_check_value, 1 },
	[OP_PUBLIC_1024] = { "dh_public_1024", op_dh_public, 0 },
	[OP_PUBLIC_2048] = { "dh_public_2048", op_dh_public, 1 },
	[OP_KEY_1024] = { "dh_key_1024", op_dh_key, 0 },
	[OP_KEY_2048] = { "dh_key_2048", op_dh_key, 1 },
	[OP_RSA_ENCRYPT] = { "rsa_encrypt_2048", op_rsa_encrypt, -1 },
	[OP_RSA_DECRYPT] = { "rsa_decrypt_2048", op_rsa_decrypt, -1 },
};

enum role { MN, FA, HA };

/* |n| calls of |op| by |role| in one registration. */
struct term {
	enum op_id op;
	enum role role;
	unsigned n;
};

/* Which operations each method costs, as the core performs them. */
static const struct method {
	const char *name, *exts;
	struct term t[MAX_TERMS];
	size_t nt;
} methods[] = {
	{ "none", "-", { { OP_HMAC, MN, 0 } }, 0 }, /* no key, no crypto */
	/* mip_visit_key.h: MN and FA derive the per-visit key. */
	{ "preconfigured", "-",
	    { { OP_VISIT_KEY, MN, 1 }, { OP_VISIT_KEY, FA, 1 } }, 2 },
	/* PAPER 9.3: the HA draws the key and pads it under the MN-HA
	 * (120) and FA-HA (121) SAs; each side takes the pad off. */
	{ "ha_distributor", "113/120/121",
	    { { OP_RAND_KEY, HA, 1 }, { OP_PAD, HA, 2 }, { OP_PAD, MN, 1 },
		{ OP_PAD, FA, 1 } },
	    4 },
	/* PAPER 8.4: the HA draws the key, encrypts it to the FA (123) and
	 * pads it for the MN (120). */
	{ "fa_public_key", "115/123",
	    { { OP_RAND_KEY, HA, 1 }, { OP_RSA_ENCRYPT, HA, 1 },
		{ OP_PAD, HA, 1 }, { OP_RSA_DECRYPT, FA, 1 },
		{ OP_PAD, MN, 1 } },
	    5 },
	/* PAPER 8.3: the FA draws the key and encrypts it to the MN. */
	{ "mn_public_key", "114/122",
	    { { OP_RAND_KEY, FA, 1 }, { OP_RSA_ENCRYPT, FA, 1 },
		{ OP_RSA_DECRYPT, MN, 1 } },
	    3 },
	/*
	 * PAPER 8.5: the MN's exponent and value (precomputed between
	 * registrations, mip_mn_dh_prepare); the FA checks the group (once,
	 * then cached) and the MN's value, draws its exponent, computes its
	 * value and the key; the MN computes the key (mip_dh_key checks the
	 * FA's value itself).
	 */
	{ "dh_1024_first", "116/124",
	    { { OP_RAND_PRIV, MN, 1 }, { OP_PUBLIC_1024, MN, 1 },
		{ OP_KEY_1024, MN, 1 }, { OP_PARAMS_1024, FA, 1 },
		{ OP_VALUE_1024, FA, 1 }, { OP_RAND_PRIV, FA, 1 },
		{ OP_PUBLIC_1024, FA, 1 }, { OP_KEY_1024, FA, 1 } },
	    8 },
	{ "dh_1024_cached", "116/124",
	    { { OP_RAND_PRIV, MN, 1 }, { OP_PUBLIC_1024, MN, 1 },
		{ OP_KEY_1024, MN, 1 }, { OP_VALUE_1024, FA, 1 },
		{ OP_RAND_PRIV, FA, 1 }, { OP_PUBLIC_1024, FA, 1 },
		{ OP_KEY_1024, FA, 1 } },
	    7 },
	{ "dh_2048_first", "116/124",
	    { { OP_RAND_PRIV, MN, 1 }, { OP_PUBLIC_2048, MN, 1 },
		{ OP_KEY_2048, MN, 1 }, { OP_PARAMS_2048, FA, 1 },
		{ OP_VALUE_2048, FA, 1 }, { OP_RAND_PRIV, FA, 1 },
		{ OP_PUBLIC_2048, FA, 1 }, { OP_KEY_2048, FA, 1 } },
	    8 },
	{ "dh_2048_cached", "116/124",
	    { { OP_RAND_PRIV, MN, 1 }, { OP_PUBLIC_2048, MN, 1 },
		{ OP_KEY_2048, MN, 1 }, { OP_VALUE_2048, FA, 1 },
		{ OP_RAND_PRIV, FA, 1 }, { OP_PUBLIC_2048, FA, 1 },
		{ OP_KEY_2048, FA, 1 } },
	    7 },
};

/* ---- output: key=value, or one JSON object a line (-j) ---- */

static bool json;

static void
line_start(const char *bench)
{
	printf(json ? "{\"bench\":\"%s\"" : "bench=%s", bench);
}

static void
field_str(const char *k, const char *v)
{
	printf(json ? ",\"%s\":\"%s\"" : " %s=%s", k, v);
}

/* |prec| digits after the point. */
static void
field_num(const char *k, double v, int prec)
{
	printf(json ? ",\"%s\":%.*f" : " %s=%.*f", k, prec, v);
}

/* Four significant digits: ratios span 10^-6 to 10. */
static void
field_ratio(double v)
{
	printf(json ? ",\"ratio\":%.4g" : " ratio=%.4g", v);
}

static void
line_end(void)
{
	puts(json ? "}" : "");
}

/* ---- setup ---- */

static int
group_init(struct group *g, unsigned bits)
{
	uint8_t priv[MIP_DH_PRIV_LEN];

	if ((g->p = mip_dh_group(bits, &g->len, g->g)) == NULL)
		return -1;
	/* The peer's value, from an exponent of its own. */
	memset(priv, 0xa5, sizeof(priv));
	return mip_dh_public(g->peer, g->p, g->g, g->len, priv, sizeof(priv));
}

/* An RSA key pair as DER PKCS#1, as mipd's configuration holds it. */
static int
rsa_init(struct ctx *c)
{
	EVP_PKEY *pkey = EVP_RSA_gen(RSA_BITS);
	unsigned char *q;
	int pub = -1, priv = -1;

	if (pkey == NULL)
		return -1;
	if (i2d_PublicKey(pkey, NULL) <= RSA_DER_MAX &&
	    i2d_PrivateKey(pkey, NULL) <= RSA_DER_MAX) {
		q = c->rsa_pub;
		pub = i2d_PublicKey(pkey, &q);
		q = c->rsa_priv;
		priv = i2d_PrivateKey(pkey, &q);
	}
	EVP_PKEY_free(pkey);
	if (pub <= 0 || priv <= 0)
		return -1;
	c->rsa_pub_len = (size_t)pub;
	c->rsa_priv_len = (size_t)priv;
	return 0;
}

static int
ctx_init(struct ctx *c, double *keygen_s)
{
	mip_ssize n;
	size_t i;
	double t0;
	int rc;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < sizeof(c->req); i++)
		c->req[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < sizeof(c->secret); i++)
		c->secret[i] = (uint8_t)i;
	memset(c->regrep, 0x3c, sizeof(c->regrep));
	memset(c->priv, 0x5a, sizeof(c->priv));
	c->priv[0] |= 0x80;
	if ((rc = mip_mac_new(&c->mac, MIP_AUTH_HMAC_MD5, c->secret,
		 sizeof(c->secret), &bench_mem)) != 0) {
		fprintf(stderr, "bench_keys: HMAC-MD5: %s\n", mip_strerror(rc));
		return -1;
	}
	if (group_init(&c->grp[0], 1024) != 0 ||
	    group_init(&c->grp[1], 2048) != 0) {
		fprintf(stderr, "bench_keys: Diffie-Hellman groups failed\n");
		return -1;
	}
	t0 = bench_now();
	if (rsa_init(c) != 0) {
		fprintf(stderr, "bench_keys: RSA-%d key generation failed\n",
		    RSA_BITS);
		return -1;
	}
	*keygen_s = bench_now() - t0;
	n = mip_rsa_encrypt_key(
	    c->ct, sizeof(c->ct), c->rsa_pub, c->rsa_pub_len, c->secret);
	if (n < 0) {
		fprintf(stderr, "bench_keys: RSA encryption: %s\n",
		    mip_strerror((int)n));
		return -1;
	}
	c->ct_len = (size_t)n;
	return 0;
}

/* ---- timing ---- */

/*
 * rate runs |o| in doubling batches until |min_s| has passed (at least one
 * call) and returns calls per second, or -1 when a call failed.
 */
static double
rate(struct ctx *c, const struct op *o, double min_s)
{
	const struct group *g = o->grp >= 0 ? &c->grp[o->grp] : NULL;
	uint64_t done = 0, batch = 1, k;
	double t0 = bench_now(), dt;

	for (;;) {
		for (k = 0; k < batch; k++)
			if (o->fn(c, g, done + k) != 0)
				return -1.0;
		done += batch;
		dt = bench_now() - t0;
		if (dt >= min_s)
			break;
		batch *= 2;
	}
	return dt > 0.0 ? (double)done / dt : 0.0;
}

/* Median rates of every operation over |reps| interleaved repetitions. */
static int
measure(struct ctx *c, double per_s[OP_COUNT], unsigned reps, double min_s)
{
	double v[OP_COUNT][BENCH_REPS];
	unsigned r;
	size_t k;

	for (r = 0; r < reps; r++)
		for (k = 0; k < OP_COUNT; k++) {
			if ((v[k][r] = rate(c, &ops[k], min_s)) <= 0.0) {
				fprintf(stderr, "bench_keys: %s failed\n",
				    ops[k].name);
				return -1;
			}
		}
	for (k = 0; k < OP_COUNT; k++)
		per_s[k] = bench_median(v[k], reps);
	return 0;
}

static void
report(const double per_s[OP_COUNT])
{
	static const char *role_us[] = { "mn_us", "fa_us", "ha_us" };
	double base = per_s[OP_HMAC], us[3], sum;
	size_t k, j;

	for (k = 0; k < OP_COUNT; k++) {
		line_start("keys_op");
		field_str("op", ops[k].name);
		field_num("per_s", per_s[k], 0);
		field_num("us", 1e6 / per_s[k], 3);
		field_ratio(per_s[k] / base);
		line_end();
	}
	for (k = 0; k < sizeof(methods) / sizeof(methods[0]); k++) {
		const struct method *m = &methods[k];

		memset(us, 0, sizeof(us));
		for (j = 0; j < m->nt; j++)
			us[m->t[j].role] += m->t[j].n * 1e6 / per_s[m->t[j].op];
		sum = us[MN] + us[FA] + us[HA];
		line_start("keys_reg");
		field_str("method", m->name);
		field_str("exts", m->exts);
		for (j = 0; j < 3; j++)
			field_num(role_us[j], us[j], 3);
		field_num("us", sum, 3);
		/* In HMAC-MD5 authenticators of the same machine. */
		field_num("hmac_equiv", sum * base / 1e6, 1);
		if (sum > 0.0)
			field_ratio(1e6 / sum / base);
		line_end();
	}
}

int
main(int argc, char **argv)
{
	struct ctx c;
	double per_s[OP_COUNT], keygen_s, min_s = MIN_S;
	unsigned reps = BENCH_REPS;
	int i, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			reps = 1;
			min_s = QUICK_MIN_S;
		} else if (strcmp(argv[i], "-j") == 0)
			json = true;
		else {
			fprintf(stderr, "usage: bench_keys [--quick] [-j]\n");
			return 2;
		}
	}
	if (ctx_init(&c, &keygen_s) == 0 &&
	    measure(&c, per_s, reps, min_s) == 0) {
		line_start("keys");
		field_num("reps", reps, 0);
		field_num("req_bytes", REQ_LEN, 0);
		field_num("rsa_bits", RSA_BITS, 0);
		field_num("rsa_keygen_s", keygen_s, 3);
		field_num("hmac_md5_per_s", per_s[OP_HMAC], 0);
		line_end();
		report(per_s);
		rc = 0;
	}
	mip_mac_free(c.mac);
	return rc;
}
