/* SPDX-License-Identifier: ISC */
/*
 * Logging for mipd and its platform layer: to stderr in the foreground,
 * to syslog(3) with -d. One line per event, with its reason. Messages
 * caused by what peers send go through a rate limit (struct
 * plat_ratelimit) so that a flood cannot flood the log; suppressed lines
 * are counted and reported when the limit opens again.
 */
#ifndef PLAT_LOG_H
#define PLAT_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum plat_log_level {
	PLAT_LOG_ERR,
	PLAT_LOG_WARNING,
	PLAT_LOG_NOTICE,
	PLAT_LOG_INFO,
	PLAT_LOG_DEBUG,
};

/* |verbosity| 0 logs up to NOTICE, 1 INFO, 2 and more DEBUG. */
void plat_log_open(const char *ident, bool use_syslog, int verbosity);
void plat_log_close(void);

void plat_log(enum plat_log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A token bucket: |burst| lines, then one per |interval_ms|. Zero-initialise
 * with PLAT_RATELIMIT_INIT. */
struct plat_ratelimit {
	uint32_t interval_ms;
	uint32_t burst;
	uint32_t tokens;
	uint64_t last_ms;
	uint64_t suppressed;
};
#define PLAT_RATELIMIT_INIT(interval_ms, burst)                                \
	{                                                                      \
		(interval_ms), (burst), (burst), 0, 0                          \
	}

void plat_log_limited(struct plat_ratelimit *rl, enum plat_log_level lvl,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
