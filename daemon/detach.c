/* SPDX-License-Identifier: ISC */
/*
 * -d: leaving the terminal. The fork comes first, before the event loop
 * exists (a signalfd in an epoll set keeps waking the process that added
 * it, not a child forked later); the parent then waits on a pipe until
 * the child has opened everything and exits with the child's verdict, so
 * start-up errors still reach the terminal and the exit status. Paths are
 * made absolute first: the detached daemon works from "/".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mipd.h"

static char *
absolute(const char *path)
{
	char cwd[PATH_MAX];
	char *out;

	if (path[0] == '/')
		return strdup(path);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return NULL;
	if (asprintf(&out, "%s/%s", cwd, path) < 0)
		return NULL;
	return out;
}

int
mipd_detach_begin(struct mipd *d, int *ready)
{
	int fds[2];
	char verdict = 1;
	pid_t pid;

	if ((d->conf_abs = absolute(d->conf_path)) == NULL ||
	    (d->sock_abs = absolute(d->sock_path)) == NULL) {
		fprintf(stderr, "mipd: getcwd: %s\n", strerror(errno));
		return -1;
	}
	d->conf_path = d->conf_abs;
	d->sock_path = d->sock_abs;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		fprintf(stderr, "mipd: pipe: %s\n", strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		fprintf(stderr, "mipd: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		/* EOF (the child died before it said anything) is failure. */
		close(fds[1]);
		while (read(fds[0], &verdict, 1) < 0 && errno == EINTR)
			;
		_exit(verdict == 0 ? 0 : 1);
	}
	close(fds[0]);
	if (setsid() < 0) {
		fprintf(stderr, "mipd: setsid: %s\n", strerror(errno));
		close(fds[1]);
		return -1;
	}
	*ready = fds[1];
	return 0;
}

void
mipd_detach_done(int ready, bool ok)
{
	char verdict = ok ? 0 : 1;
	int fd;

	if (ok) {
		if (chdir("/") < 0)
			plat_log(
			    PLAT_LOG_WARNING, "chdir /: %s", strerror(errno));
		if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
			(void)dup2(fd, STDIN_FILENO);
			(void)dup2(fd, STDOUT_FILENO);
			(void)dup2(fd, STDERR_FILENO);
			if (fd > STDERR_FILENO)
				close(fd);
		}
	}
	while (write(ready, &verdict, 1) < 0 && errno == EINTR)
		;
	close(ready);
}
