/* SPDX-License-Identifier: ISC */
/* Names for enum mip_err. */
#include "mip/mip_err.h"

const char *
mip_strerror(int err)
{
	switch (err) {
	case MIP_OK:
		return "success";
	case MIP_ERR_INVAL:
		return "invalid argument";
	case MIP_ERR_NOBUF:
		return "output buffer too small";
	case MIP_ERR_STATE:
		return "not valid in this state";
	case MIP_ERR_EXIST:
		return "already exists";
	case MIP_ERR_NOTFOUND:
		return "not found";
	case MIP_ERR_SHORT:
		return "truncated";
	case MIP_ERR_MALFORMED:
		return "malformed";
	case MIP_ERR_UNKNOWN_EXT:
		return "unknown non-skippable extension";
	case MIP_ERR_NO_SA:
		return "no security association";
	case MIP_ERR_AUTH:
		return "authentication failed";
	case MIP_ERR_REPLAY:
		return "replayed or stale identification";
	case MIP_ERR_LIMIT:
		return "limit reached";
	case MIP_ERR_CHECKSUM:
		return "bad checksum";
	case MIP_ERR_UNSUPPORTED:
		return "unsupported";
	case MIP_ERR_WEAK:
		return "weak crypto parameters";
	case MIP_ERR_FATAL:
		return "fatal error";
	case MIP_ERR_NOMEM:
		return "out of memory";
	case MIP_ERR_INTERNAL:
		return "internal error";
	case MIP_ERR_CRYPTO:
		return "crypto library failure";
	default:
		return "unknown error";
	}
}
