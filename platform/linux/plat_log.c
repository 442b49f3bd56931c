/* SPDX-License-Identifier: ISC */
/*
 * plat_log.h: one line per call, to stderr (with a time stamp and the
 * level) or to syslog(3), and a token bucket for lines that peers can
 * provoke.
 */
#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "plat_log.h"

static struct {
	bool use_syslog;
	int verbosity;
} log_state;

static const char *const level_names[] = {
	[PLAT_LOG_ERR] = "error",
	[PLAT_LOG_WARNING] = "warning",
	[PLAT_LOG_NOTICE] = "notice",
	[PLAT_LOG_INFO] = "info",
	[PLAT_LOG_DEBUG] = "debug",
};

static const int syslog_prio[] = {
	[PLAT_LOG_ERR] = LOG_ERR,
	[PLAT_LOG_WARNING] = LOG_WARNING,
	[PLAT_LOG_NOTICE] = LOG_NOTICE,
	[PLAT_LOG_INFO] = LOG_INFO,
	[PLAT_LOG_DEBUG] = LOG_DEBUG,
};

void
plat_log_open(const char *ident, bool use_syslog, int verbosity)
{
	log_state.use_syslog = use_syslog;
	log_state.verbosity = verbosity;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
plat_log_close(void)
{
	if (log_state.use_syslog)
		closelog();
	log_state.use_syslog = false;
}

static bool
wanted(enum plat_log_level lvl)
{
	return (int)lvl <= (int)PLAT_LOG_NOTICE + log_state.verbosity;
}

static void vlog(enum plat_log_level lvl, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
vlog(enum plat_log_level lvl, const char *fmt, va_list ap)
{
	struct timespec ts;
	struct tm tm;

	if (log_state.use_syslog) {
		vsyslog(syslog_prio[lvl], fmt, ap);
		return;
	}
	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
	    localtime_r(&ts.tv_sec, &tm) == NULL) {
		ts.tv_nsec = 0;
		tm = (struct tm){ 0 };
	}
	fprintf(stderr, "%02d:%02d:%02d.%03ld %s: ", tm.tm_hour, tm.tm_min,
	    tm.tm_sec, ts.tv_nsec / 1000000L, level_names[lvl]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
plat_log(enum plat_log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(lvl))
		return;
	va_start(ap, fmt);
	vlog(lvl, fmt, ap);
	va_end(ap);
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000U + (uint64_t)ts.tv_nsec / 1000000U;
}

/* Refills the bucket for the time passed; true when a line may go out. */
static bool
take_token(struct plat_ratelimit *rl, uint64_t now)
{
	uint64_t refill;

	if (rl->interval_ms == 0)
		return true;
	if (rl->last_ms == 0) {
		rl->last_ms = now;
	} else if (now > rl->last_ms) {
		refill = (now - rl->last_ms) / rl->interval_ms;
		if (refill > 0) {
			rl->tokens = refill >= rl->burst - rl->tokens
			    ? rl->burst
			    : rl->tokens + (uint32_t)refill;
			rl->last_ms += refill * rl->interval_ms;
		}
	}
	if (rl->tokens == 0)
		return false;
	rl->tokens--;
	return true;
}

void
plat_log_limited(
    struct plat_ratelimit *rl, enum plat_log_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (!wanted(lvl))
		return;
	if (!take_token(rl, now_ms())) {
		rl->suppressed++;
		return;
	}
	if (rl->suppressed > 0) {
		plat_log(lvl, "%llu similar messages suppressed",
		    (unsigned long long)rl->suppressed);
		rl->suppressed = 0;
	}
	va_start(ap, fmt);
	vlog(lvl, fmt, ap);
	va_end(ap);
}
