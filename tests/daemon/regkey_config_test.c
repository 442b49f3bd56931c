/* SPDX-License-Identifier: ISC */
/*
 * mipd.conf keys of registration keys and smooth handoff (paper 4, 6-9):
 * [MobileNode] RegistrationKey, DHBits, SmoothHandoffLifetime,
 * RSAKeyFile; [ForeignAgent] DHMinBits, KeyRequestFromHA, RSAKeyFile;
 * [RouteOptimization] SmoothHandoffMask into the profile. Each value
 * into its core field, each bad value and each missing piece with its
 * line, RSA key files made here with OpenSSL (a good one, a public key,
 * an encrypted one, an EC key, a small one), and the round trip.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "helper.h"
#include "mip/mip_proto.h"

/* Lines 1-13; line 14 adds to [MobileNode]. */
#define MN_BASE                                                                \
	"[Interface]\nName = e\nAddress = 192.0.2.10/24\n"                     \
	"[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\nKey = 01\n"       \
	"[RouteOptimization]\nSmoothHandoffMask = 0x0080\n"                    \
	"[MobileNode]\nHomeAddress = 192.0.2.10/24\n"                          \
	"HomeAgent = 192.0.2.1\nSPI = 256\n"

/* Lines 1-7; line 8 adds to [ForeignAgent]. */
#define FA_BASE                                                                \
	"[Interface]\nName = v\nAddress = 203.0.113.1/24\n"                    \
	"[RouteOptimization]\n"                                                \
	"[ForeignAgent]\nLink = v\nRegistrationLifetime = 300\n"

static char dir[] = "/tmp/regkey_config_test.XXXXXX";
static char good[600], pub[600], enc[600], ec[600], small[600];

static void
write_key(const char *path, EVP_PKEY *k, bool public, bool encrypt)
{
	FILE *f = fopen(path, "w");
	int rc;

	assert_non_null(f);
	assert_non_null(k);
	if (public)
		rc = PEM_write_PUBKEY(f, k);
	else if (encrypt)
		rc = PEM_write_PrivateKey(f, k, EVP_aes_128_cbc(),
		    (unsigned char *)"secret", 6, NULL, NULL);
	else
		rc = PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL);
	assert_int_equal(rc, 1);
	fclose(f);
}

static int
setup(void **state)
{
	EVP_PKEY *rsa = EVP_RSA_gen(1024), *weak = EVP_RSA_gen(512);
	EVP_PKEY *p256 = EVP_EC_gen("P-256");

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(good, sizeof(good), "%s/good.pem", dir);
	snprintf(pub, sizeof(pub), "%s/pub.pem", dir);
	snprintf(enc, sizeof(enc), "%s/enc.pem", dir);
	snprintf(ec, sizeof(ec), "%s/ec.pem", dir);
	snprintf(small, sizeof(small), "%s/small.pem", dir);
	write_key(good, rsa, false, false);
	write_key(pub, rsa, true, false);
	write_key(enc, rsa, false, true);
	write_key(ec, p256, false, false);
	write_key(small, weak, false, false);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(weak);
	EVP_PKEY_free(p256);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(good);
	unlink(pub);
	unlink(enc);
	unlink(ec);
	unlink(small);
	rmdir(dir);
	return 0;
}

/* The DER pair in |c| is the key of |good| (PKCS#1, mip_keys.h), the node
 * takes |c| and it survives the round trip; |c| is freed. */
static void
check_keyed(struct config *c, const uint8_t *der_pub, size_t pub_len,
    const uint8_t *der_priv, size_t priv_len)
{
	FILE *f = fopen(good, "r");
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	unsigned char *d = NULL;
	int n;

	assert_non_null(k);
	fclose(f);
	n = i2d_PublicKey(k, &d);
	assert_true(n > 0);
	assert_int_equal(pub_len, (size_t)n);
	assert_memory_equal(der_pub, d, pub_len);
	OPENSSL_free(d);
	d = NULL;
	n = i2d_PrivateKey(k, &d);
	assert_true(n > 0);
	assert_int_equal(priv_len, (size_t)n);
	assert_memory_equal(der_priv, d, priv_len);
	OPENSSL_free(d);
	EVP_PKEY_free(k);
	assert_int_equal(mip_node_config_check(&c->node, NULL), 0);
	round_trip(c);
	config_free(c);
}

static void
test_mn_defaults(void **state)
{
	struct config *c;

	(void)state;
	c = ok(MN_BASE);
	assert_int_equal(c->mn.regkey, MIP_MN_REGKEY_OFF);
	assert_int_equal(c->mn.dh_bits, 2048);
	assert_int_equal(c->mn.sh_lifetime, 10);
	assert_null(c->mn.rsa_pub);
	assert_null(c->mn.rsa_priv);
	assert_int_equal(c->node.profile.s_mask, MIP_ADV_F_U);
	round_trip(c);
	config_free(c);
}

static void
test_mn_methods(void **state)
{
	static const struct {
		const char *word;
		enum mip_mn_regkey v;
	} m[] = { { "none", MIP_MN_REGKEY_OFF },
		{ "preconfigured", MIP_MN_REGKEY_PRECONF },
		{ "ANY", MIP_MN_REGKEY_ANY }, { "dh", MIP_MN_REGKEY_DH } };
	char text[1024];
	struct config *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		snprintf(text, sizeof(text),
		    MN_BASE "RegistrationKey = %s\nDHBits = 1024\n"
			    "SmoothHandoffLifetime = 3s\n",
		    m[i].word);
		c = ok(text);
		assert_int_equal(c->mn.regkey, m[i].v);
		assert_int_equal(c->mn.dh_bits, 1024);
		assert_int_equal(c->mn.sh_lifetime, 3);
		round_trip(c);
		config_free(c);
	}
	snprintf(text, sizeof(text),
	    MN_BASE "RegistrationKey = rsa\nRSAKeyFile = %s\n", good);
	c = ok(text);
	assert_int_equal(c->mn.regkey, MIP_MN_REGKEY_RSA);
	assert_non_null(c->mn.rsa_pub);
	check_keyed(c, c->mn.rsa_pub, c->mn.rsa_pub_len, c->mn.rsa_priv,
	    c->mn.rsa_priv_len);
}

static void
test_mn_errors(void **state)
{
	char text[1024];

	(void)state;
	one_error(MN_BASE "RegistrationKey = psk\n", 14,
	    "RegistrationKey: expected none, preconfigured, any, rsa or dh, "
	    "got 'psk'");
	one_error(MN_BASE "DHBits = 1536\n", 14,
	    "DHBits: expected 1024 or 2048, got '1536'");
	one_error(MN_BASE "DHBits = big\n", 14, "DHBits: expected a number");
	one_error(MN_BASE "SmoothHandoffLifetime = 0\n", 14,
	    "SmoothHandoffLifetime: 0 is out of range");
	one_error(MN_BASE "RegistrationKey = rsa\n", 14,
	    "RegistrationKey: rsa sends our public key (paper 9.1 step 4): "
	    "give RSAKeyFile");
	snprintf(text, sizeof(text),
	    MN_BASE "RegistrationKey = dh\nRSAKeyFile = %s\n", good);
	one_error(text, 15, "RSAKeyFile: used only with RegistrationKey = rsa");
	/* Paper 9.1 step 1: keys only toward S, which needs the mask. */
	one_error("[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
		  "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\n"
		  "Key = 01\n[RouteOptimization]\n[MobileNode]\n"
		  "HomeAddress = 192.0.2.10/24\nHomeAgent = 192.0.2.1\n"
		  "SPI = 256\nRegistrationKey = any\n",
	    13, "RegistrationKey: keys are asked only of a foreign agent");
	one_error("[Interface]\nName = e\nAddress = 192.0.2.10/24\n"
		  "[SecurityAssociation]\nPeer = 192.0.2.1\nSPI = 256\n"
		  "Key = 01\n[RouteOptimization]\nEnabled = no\n"
		  "SmoothHandoffMask = 0x80\n[MobileNode]\n"
		  "HomeAddress = 192.0.2.10/24\nHomeAgent = 192.0.2.1\n"
		  "SPI = 256\nRegistrationKey = dh\n",
	    15, "Enabled = yes and SmoothHandoffMask");
}

/* RSAKeyFile = |path| after |sect|: refused at |line| with |msg|. */
static void
bad_keyfile(const char *sect, unsigned line, const char *path, const char *msg)
{
	char text[1024];

	snprintf(text, sizeof(text), "%sRSAKeyFile = %s\n", sect, path);
	one_error(text, line, msg);
}

/* Each bad RSAKeyFile, in either section. */
static void
test_rsa_files(void **state)
{
	static const char *const sect[] = {
		MN_BASE "RegistrationKey = rsa\n",
		FA_BASE "DHMinBits = 1024\n",
	};
	static const unsigned line[] = { 15, 9 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		bad_keyfile(sect[i], line[i], "/nonexistent/k.pem",
		    "RSAKeyFile: /nonexistent/k.pem: No such file");
		bad_keyfile(sect[i], line[i], dir, "not a regular file");
		bad_keyfile(sect[i], line[i], pub, "not a PEM private key");
		bad_keyfile(sect[i], line[i], enc,
		    "not a PEM private key without a passphrase");
		bad_keyfile(sect[i], line[i], ec, "not an RSA key");
		bad_keyfile(sect[i], line[i], small, "a 512-bit modulus");
	}
}

static void
test_fa(void **state)
{
	struct config_errors e;
	char conf[700];
	struct config *c;

	(void)state;
	c = ok(FA_BASE);
	assert_int_equal(c->fa.dh_min_bits, 0);
	assert_false(c->fa.key_req_ha);
	assert_null(c->fa.rsa_pub_der);
	round_trip(c);
	config_free(c);
	/* RSAKeyFile relative to the configuration's directory. */
	snprintf(conf, sizeof(conf), "%s/fa.conf", dir);
	assert_int_equal(config_parse_string("[Interface]\nName = v\n"
					     "Address = 203.0.113.1/24\n"
					     "[RouteOptimization]\n"
					     "SmoothHandoffMask = 0x80\n"
					     "[ForeignAgent]\nLink = v\n"
					     "DHMinBits = 2048\n"
					     "KeyRequestFromHA = yes\n"
					     "RSAKeyFile = good.pem\n",
			     conf, NULL, &c, &e),
	    0);
	config_errors_free(&e);
	assert_int_equal(c->fa.dh_min_bits, 2048);
	assert_true(c->fa.key_req_ha);
	assert_int_equal(c->node.profile.s_mask, 0x80);
	assert_string_equal(c->fa_rsa.keyfile, good);
	check_keyed(c, c->fa.rsa_pub_der, c->fa.rsa_pub_len, c->fa.rsa_priv_der,
	    c->fa.rsa_priv_len);
}

static void
test_fa_errors(void **state)
{
	(void)state;
	one_error(FA_BASE "DHMinBits = 512\n", 8,
	    "DHMinBits: expected 0 (no Diffie-Hellman) or 1024-4096 bits");
	one_error(FA_BASE "DHMinBits = 8192\n", 8,
	    "DHMinBits: 8192 is out of range (0-4096)");
	one_error(FA_BASE "KeyRequestFromHA = maybe\n", 8,
	    "KeyRequestFromHA: expected yes or no");
	/* Paper 4.4: S without Diffie-Hellman, at the mask's line. */
	one_error("[Interface]\nName = v\nAddress = 203.0.113.1/24\n"
		  "[RouteOptimization]\nSmoothHandoffMask = 0x80\n"
		  "[ForeignAgent]\nLink = v\nKeyRequestFromHA = yes\n",
	    5,
	    "SmoothHandoffMask: a foreign agent advertises S only when it "
	    "can make a registration key by Diffie-Hellman (paper 4.4): "
	    "give [ForeignAgent] DHMinBits (line 6)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mn_defaults),
		cmocka_unit_test(test_mn_methods),
		cmocka_unit_test(test_mn_errors),
		cmocka_unit_test(test_rsa_files),
		cmocka_unit_test(test_fa),
		cmocka_unit_test(test_fa_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
