/* SPDX-License-Identifier: ISC */
/*
 * Files a configuration names: paths relative to the configuration's
 * directory, the bounded read of a small regular file (KeyFile,
 * MasterKeyFile, RSAKeyFile), and RSAKeyFile ([MobileNode],
 * [ForeignAgent]): a PEM RSA private key read
 * with OpenSSL and handed to the core as the DER PKCS#1 pair it takes
 * (spec sheet 2.6.1: RSAPublicKey, RSAPrivateKey; mip_keys.h). The key is
 * checked here, with the line it came from, so that a bad file is a
 * configuration error and not a silent "no key" at run time.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_int.h"

/* A 4096-bit key in PEM takes about 3.3 kB; room for comments. */
#define PEM_MAX 16384
/* mip_rsa_encrypt_key / mip_rsa_decrypt_key: moduli of 1024-4096 bits. */
#define RSA_MIN_BITS 1024
#define RSA_MAX_BITS 4096

char *
cfg_path(struct cfg_parser *p, const char *val)
{
	char *path = NULL;

	if (val[0] == '/')
		path = strdup(val);
	else if (asprintf(&path, "%s/%s", p->dir, val) < 0)
		path = NULL;
	if (path == NULL)
		p->nomem = true;
	return path;
}

ssize_t
cfg_read_small(const char *path, char *buf, size_t cap)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

/* A passphrase is never asked for: mipd runs without a terminal. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

/* |*out| = DER of |pkey|'s public (|priv| false) or private key. */
static bool
to_der(EVP_PKEY *pkey, bool priv, uint8_t **out, size_t *len)
{
	unsigned char *der = NULL;
	int n = priv ? i2d_PrivateKey(pkey, &der) : i2d_PublicKey(pkey, &der);

	if (n <= 0)
		return false;
	*out = malloc((size_t)n);
	if (*out != NULL)
		memcpy(*out, der, (size_t)n);
	OPENSSL_clear_free(der, (size_t)n);
	*len = (size_t)n;
	return *out != NULL;
}

/* Checks |pkey| and converts it; a message names what is wrong. */
static bool
take_key(struct cfg_parser *p, const char *path, EVP_PKEY *pkey,
    struct config_rsa *r)
{
	int bits;

	if (!EVP_PKEY_is_a(pkey, "RSA"))
		return cfg_bad(p, "%s: not an RSA key", path);
	bits = EVP_PKEY_get_bits(pkey);
	if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
		return cfg_bad(p,
		    "%s: a %d-bit modulus; registration keys take "
		    "%d-%d bits (spec sheet 2.6.1)",
		    path, bits, RSA_MIN_BITS, RSA_MAX_BITS);
	if (!to_der(pkey, false, &r->pub, &r->pub_len) ||
	    !to_der(pkey, true, &r->priv, &r->priv_len)) {
		cfg_rsa_free(r);
		return cfg_bad(p, "%s: cannot encode the key", path);
	}
	return true;
}

bool
cfg_rsa_read(struct cfg_parser *p, const char *val, struct config_rsa *r)
{
	char *buf, *path, *real;
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	ssize_t n;
	bool ok;

	if ((path = cfg_path(p, val)) == NULL)
		return false;
	if ((buf = malloc(PEM_MAX + 1)) == NULL) {
		free(path);
		p->nomem = true;
		return false;
	}
	n = cfg_read_small(path, buf, PEM_MAX + 1);
	if (n < 0 || n > PEM_MAX)
		ok = cfg_bad(p, "%s: %s", path,
		    n < 0 ? (errno == EINVAL ? "not a regular file"
					     : strerror(errno))
			  : "too long for a key");
	else if ((bio = BIO_new_mem_buf(buf, (int)n)) == NULL)
		ok = cfg_bad(p, "%s: out of memory", path);
	else if ((pkey = PEM_read_bio_PrivateKey(
		      bio, NULL, no_passphrase, NULL)) == NULL)
		ok = cfg_bad(p,
		    "%s: not a PEM private key without a passphrase "
		    "(openssl genpkey -algorithm RSA)",
		    path);
	else
		ok = take_key(p, path, pkey, r);
	ERR_clear_error();
	EVP_PKEY_free(pkey);
	BIO_free(bio);
	OPENSSL_cleanse(buf, PEM_MAX + 1);
	free(buf);
	if (ok && (real = realpath(path, NULL)) != NULL) {
		free(path);
		path = real;
	}
	if (ok)
		r->keyfile = path;
	else
		free(path);
	return ok;
}

void
cfg_rsa_free(struct config_rsa *r)
{
	if (r->priv != NULL)
		OPENSSL_cleanse(r->priv, r->priv_len);
	free(r->priv);
	free(r->pub);
	free(r->keyfile);
	memset(r, 0, sizeof(*r));
}

bool
cfg_rsa_equal(const struct config_rsa *a, const struct config_rsa *b)
{
	if (a->keyfile == NULL || b->keyfile == NULL)
		return a->keyfile == b->keyfile;
	return strcmp(a->keyfile, b->keyfile) == 0 &&
	    a->pub_len == b->pub_len && a->priv_len == b->priv_len &&
	    memcmp(a->pub, b->pub, a->pub_len) == 0 &&
	    memcmp(a->priv, b->priv, a->priv_len) == 0;
}
