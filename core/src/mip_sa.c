/* SPDX-License-Identifier: ISC */
/*
 * Mobility security associations and their table (see mip_sa.h for why a
 * sorted array). Owns the configuration rules of an SA (RFC 5944 1.6,
 * 3.5.1); knows nothing about messages (mip_auth.c) or about what the
 * replay state means (mip_replay.c).
 */
#include <string.h>

#include "mip/mip_buf.h"
#include "mip/mip_proto.h"
#include "mip/mip_sa.h"
#include "mip_sort.h"

/* Far above any configuration, low enough that sizes cannot overflow. */
#define SA_TABLE_MAX (1U << 24)

struct mip_sa_table {
	struct mip_mem mem;
	struct mip_sa **sa; /* sorted by (peer, spi), |n| used of |max| */
	size_t n;
	size_t max;
};

void
mip_sa_config_init(struct mip_sa_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->alg = MIP_AUTH_HMAC_MD5;	    /* RFC 5944 3.5.1 */
	cfg->replay = MIP_REPLAY_TIMESTAMP; /* RFC 5944 5.7 */
	cfg->tolerance = MIP_REPLAY_TOLERANCE_DEFAULT;
}

static int
config_check(const struct mip_sa_config *cfg)
{
	/* RFC 5944 1.6: SPI values 0 through 255 are reserved. */
	if (cfg->spi < MIP_SPI_MIN)
		return MIP_ERR_INVAL;
	if (cfg->key_len == 0 || cfg->key_len > MIP_SA_KEY_MAX)
		return MIP_ERR_INVAL;
	if (mip_auth_alg_len(cfg->alg) == 0)
		return MIP_ERR_INVAL;
	switch (cfg->replay) {
	case MIP_REPLAY_TIMESTAMP:
	case MIP_REPLAY_NONCE:
		return 0;
	}
	return MIP_ERR_INVAL;
}

int
mip_sa_new(struct mip_sa **out, const struct mip_sa_config *cfg,
    const struct mip_mem *mem)
{
	struct mip_sa *sa;
	int rc;

	*out = NULL;
	rc = config_check(cfg);
	if (rc != 0)
		return rc;
	sa = mem->calloc(1, sizeof(*sa), mem->user_data);
	if (sa == NULL)
		return MIP_ERR_NOMEM;
	sa->mem = *mem;
	sa->cfg = *cfg;
	if (sa->cfg.tolerance == 0)
		sa->cfg.tolerance = MIP_REPLAY_TOLERANCE_DEFAULT;
	rc = mip_mac_new(&sa->mac, cfg->alg, cfg->key, cfg->key_len, mem);
	if (rc != 0) {
		mip_sa_free(sa);
		return rc;
	}
	*out = sa;
	return 0;
}

void
mip_sa_free(struct mip_sa *sa)
{
	struct mip_mem mem;

	if (sa == NULL)
		return;
	mip_mac_free(sa->mac);
	mip_cleanse(sa->cfg.key, sizeof(sa->cfg.key));
	mem = sa->mem;
	mem.free(sa, mem.user_data);
}

int
mip_sa_table_new(
    struct mip_sa_table **out, size_t max, const struct mip_mem *mem)
{
	struct mip_sa_table *t;

	*out = NULL;
	if (max == 0 || max > SA_TABLE_MAX)
		return MIP_ERR_INVAL;
	t = mem->calloc(1, sizeof(*t), mem->user_data);
	if (t == NULL)
		return MIP_ERR_NOMEM;
	t->mem = *mem;
	t->max = max;
	t->sa = mem->calloc(max, sizeof(*t->sa), mem->user_data);
	if (t->sa == NULL) {
		mem->free(t, mem->user_data);
		return MIP_ERR_NOMEM;
	}
	*out = t;
	return 0;
}

void
mip_sa_table_free(struct mip_sa_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++)
		mip_sa_free(t->sa[i]);
	t->mem.free(t->sa, t->mem.user_data);
	t->mem.free(t, t->mem.user_data);
}

static int
key_cmp(struct mip_ip4 peer, uint32_t spi, const struct mip_sa *sa)
{
	if (peer.v != sa->cfg.peer.v)
		return peer.v < sa->cfg.peer.v ? -1 : 1;
	if (spi != sa->cfg.spi)
		return spi < sa->cfg.spi ? -1 : 1;
	return 0;
}

/*
 * Binary search: returns true and the index of (|peer|, |spi|) when
 * present, else false and the index where it would be inserted.
 */
static bool
lookup(const struct mip_sa_table *t, struct mip_ip4 peer, uint32_t spi,
    size_t *pos)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(peer, spi, t->sa[mid]);

		if (c == 0) {
			*pos = mid;
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*pos = lo;
	return false;
}

int
mip_sa_add(struct mip_sa_table *t, const struct mip_sa_config *cfg,
    struct mip_sa **out)
{
	struct mip_sa *sa;
	size_t pos;
	int rc;

	if (out != NULL)
		*out = NULL;
	rc = config_check(cfg);
	if (rc != 0)
		return rc;
	if (lookup(t, cfg->peer, cfg->spi, &pos))
		return MIP_ERR_EXIST;
	if (t->n == t->max)
		return MIP_ERR_LIMIT;
	rc = mip_sa_new(&sa, cfg, &t->mem);
	if (rc != 0)
		return rc;
	memmove(&t->sa[pos + 1], &t->sa[pos], (t->n - pos) * sizeof(*t->sa));
	t->sa[pos] = sa;
	t->n++;
	if (out != NULL)
		*out = sa;
	return 0;
}

/* SA pointers by (peer, SPI). */
static int
sa_cmp(const void *a, const void *b)
{
	const struct mip_sa *x = *(const struct mip_sa *const *)a;

	return key_cmp(
	    x->cfg.peer, x->cfg.spi, *(const struct mip_sa *const *)b);
}

/* Frees the |n| SAs of |a| and |a| itself. */
static void
free_all(struct mip_sa_table *t, struct mip_sa **a, size_t n)
{
	while (n > 0)
		mip_sa_free(a[--n]);
	t->mem.free(a, t->mem.user_data);
}

/*
 * The new SAs are sorted on their own, checked against each other and the
 * table, then merged in from the back: O(n + m log m) where one
 * mip_sa_add after another would move O(n) pointers each.
 */
int
mip_sa_add_many(
    struct mip_sa_table *t, const struct mip_sa_config *cfgs, size_t m)
{
	struct mip_sa **a;
	size_t i, j, k, pos;
	int rc;

	if (m == 0)
		return 0;
	if (m > t->max - t->n)
		return MIP_ERR_LIMIT;
	for (i = 0; i < m; i++)
		if ((rc = config_check(&cfgs[i])) != 0)
			return rc;
	a = t->mem.calloc(m, sizeof(*a), t->mem.user_data);
	if (a == NULL)
		return MIP_ERR_NOMEM;
	for (i = 0; i < m; i++)
		if ((rc = mip_sa_new(&a[i], &cfgs[i], &t->mem)) != 0) {
			free_all(t, a, i);
			return rc;
		}
	mip_sort(a, m, sizeof(*a), sa_cmp);
	for (i = 0; i < m; i++)
		if ((i > 0 &&
			key_cmp(a[i]->cfg.peer, a[i]->cfg.spi, a[i - 1]) ==
			    0) ||
		    lookup(t, a[i]->cfg.peer, a[i]->cfg.spi, &pos)) {
			free_all(t, a, m);
			return MIP_ERR_EXIST;
		}
	/* Merge from the largest down into the room after the table. */
	i = t->n;
	j = m;
	for (k = t->n + m; j > 0; k--) {
		if (i > 0 &&
		    key_cmp(t->sa[i - 1]->cfg.peer, t->sa[i - 1]->cfg.spi,
			a[j - 1]) > 0)
			t->sa[k - 1] = t->sa[--i];
		else
			t->sa[k - 1] = a[--j];
	}
	t->n += m;
	t->mem.free(a, t->mem.user_data);
	return 0;
}

struct mip_sa *
mip_sa_find(const struct mip_sa_table *t, struct mip_ip4 peer, uint32_t spi)
{
	size_t pos;

	return lookup(t, peer, spi, &pos) ? t->sa[pos] : NULL;
}

int
mip_sa_remove(struct mip_sa_table *t, struct mip_ip4 peer, uint32_t spi)
{
	size_t pos;

	if (!lookup(t, peer, spi, &pos))
		return MIP_ERR_NOTFOUND;
	mip_sa_free(t->sa[pos]);
	t->n--;
	memmove(&t->sa[pos], &t->sa[pos + 1], (t->n - pos) * sizeof(*t->sa));
	t->sa[t->n] = NULL;
	return 0;
}

size_t
mip_sa_count(const struct mip_sa_table *t)
{
	return t->n;
}

struct mip_sa *
mip_sa_at(const struct mip_sa_table *t, size_t i)
{
	return i < t->n ? t->sa[i] : NULL;
}

int
mip_sa_derive_key(uint8_t out[MIP_MD5_LEN], const uint8_t *master, size_t len,
    struct mip_ip4 peer)
{
	uint8_t addr[4];
	struct mip_iov parts[3];

	if (master == NULL || len == 0 || len > MIP_SA_KEY_MAX)
		return MIP_ERR_INVAL;
	mip_put_be32(addr, peer.v);
	/* Paper 5: the node address as a prefix and as a suffix. */
	parts[0].p = addr;
	parts[0].len = sizeof(addr);
	parts[1].p = master;
	parts[1].len = len;
	parts[2] = parts[0];
	return mip_md5(out, parts, 3) == 0 ? 0 : MIP_ERR_CRYPTO;
}
