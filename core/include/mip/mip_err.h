/* SPDX-License-Identifier: ISC */
/*
 * Error codes of libmip. Negative ints; 0 is success. Protocol reply codes
 * (RFC 5944 3.4) are protocol data and live in mip_proto.h, never here.
 */
#ifndef MIP_ERR_H
#define MIP_ERR_H

#include <stddef.h>

enum mip_err {
	MIP_OK = 0,
	/* caller errors: -1xx */
	MIP_ERR_INVAL = -101, /* bad argument from host code */
	MIP_ERR_NOBUF = -102, /* encode target too small */
	MIP_ERR_STATE = -103, /* call not valid in this state */
	MIP_ERR_EXIST = -104, /* entry already present */
	MIP_ERR_NOTFOUND = -105,
	/* message-level results, counted as drops inside the engines: -2xx */
	MIP_ERR_SHORT = -201,	    /* input ends before a field it needs */
	MIP_ERR_MALFORMED = -202,   /* a field holds an impossible value */
	MIP_ERR_UNKNOWN_EXT = -203, /* unrecognised non-skippable extension */
	MIP_ERR_NO_SA = -204,	    /* no security association for peer/SPI */
	MIP_ERR_AUTH = -205,	    /* authenticator does not verify */
	MIP_ERR_REPLAY = -206,	    /* identification fails the replay check */
	MIP_ERR_LIMIT = -207,	    /* a configured table limit is reached */
	MIP_ERR_CHECKSUM = -208,    /* IP, UDP or ICMP checksum is wrong */
	MIP_ERR_UNSUPPORTED = -209, /* well-formed but not something we speak */
	MIP_ERR_WEAK = -210,	    /* weak crypto parameters (spec 2.6.2) */
	/* fatal, the caller must tear down the object: <= -500 */
	MIP_ERR_FATAL = -500,
	MIP_ERR_NOMEM = -501,
	MIP_ERR_INTERNAL = -502,
	MIP_ERR_CRYPTO = -503, /* the crypto library failed */
};

/*
 * Where and why a decoder gave up. Decoders take an optional
 * struct mip_perr * (NULL is allowed) and fill it when they return an
 * error: |off| is the byte offset into the buffer handed to the decoder
 * and |reason| a static, human-readable phrase ("extension overruns
 * message"). Neither is meaningful on success.
 */
struct mip_perr {
	size_t off;
	const char *reason;
};

/*
 * mip_perr_fail records |off| and |reason| in |perr| (which may be NULL)
 * and returns |err|, so a decoder can write `return mip_perr_fail(...)`.
 */
static inline int
mip_perr_fail(struct mip_perr *perr, size_t off, const char *reason, int err)
{
	if (perr != NULL) {
		perr->off = off;
		perr->reason = reason;
	}
	return err;
}

/* mip_strerror returns a static string naming |err|. */
const char *mip_strerror(int err);

#endif
