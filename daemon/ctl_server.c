/* SPDX-License-Identifier: ISC */
/*
 * The control socket (ctl_server.h): a listening unix stream socket on the
 * event loop and its clients. Each client sends request lines of at most
 * CTL_LINE_MAX octets and gets one answer line per request, in order.
 * Nothing here blocks: answers are buffered and written as the client
 * reads them; while a client has unread answers its further requests wait
 * in its input buffer, and a client whose answers pile up beyond
 * CTL_OUT_MAX is dropped.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "ctl_json.h"
#include "ctl_server.h"
#include "plat_log.h"

#define CTL_CLIENTS_MAX 32
#define CTL_OUT_MAX (64U * 1024 * 1024) /* octets of unread answers */
#define CTL_BACKLOG 16

struct ctl_client {
	struct ctl_client *next;
	struct ctl_server *s;
	int fd;
	bool closing; /* close once the output is written */
	size_t inlen;
	char in[CTL_LINE_MAX + 1]; /* a line and its newline */
	char *out;
	size_t outlen, outoff;
};

struct ctl_server {
	struct plat_loop *loop;
	int fd;
	char *path;
	struct ctl_hooks hooks;
	mip_tstamp started;
	struct ctl_client *clients;
	size_t nclients;
	bool paused; /* not accepting: out of file descriptors */
};

static void client_io(void *arg, uint32_t events);

static void
client_free(struct ctl_client *c)
{
	struct ctl_server *s = c->s;
	struct ctl_client **pp;

	for (pp = &s->clients; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	s->nclients--;
	plat_loop_del(s->loop, c->fd);
	close(c->fd);
	free(c->out);
	free(c);
	/* A descriptor is free again: resume accepting. */
	if (s->paused && plat_loop_mod(s->loop, s->fd, EPOLLIN) == 0)
		s->paused = false;
}

/* Appends |r| and a newline to |c|'s output. Returns 0 or -1 (dropped). */
static int
queue_answer(struct ctl_client *c, json_t *r)
{
	char *line, *grown;
	size_t n;

	line = r != NULL ? json_dumps(r, JSON_COMPACT) : NULL;
	json_decref(r);
	if (line == NULL) {
		plat_log(PLAT_LOG_WARNING, "ctl: out of memory for an answer");
		return -1;
	}
	n = strlen(line);
	if (c->outlen - c->outoff + n + 1 > CTL_OUT_MAX) {
		plat_log(PLAT_LOG_WARNING,
		    "ctl: client does not read its answers, dropped");
		free(line);
		return -1;
	}
	if (c->outoff > 0) {
		memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
		c->outlen -= c->outoff;
		c->outoff = 0;
	}
	grown = realloc(c->out, c->outlen + n + 1);
	if (grown == NULL) {
		free(line);
		return -1;
	}
	c->out = grown;
	memcpy(c->out + c->outlen, line, n);
	c->out[c->outlen + n] = '\n';
	c->outlen += n + 1;
	free(line);
	return 0;
}

/* Writes what the socket takes. Returns 0, or -1 when |c| must go. */
static int
flush_out(struct ctl_client *c)
{
	ssize_t n;

	while (c->outoff < c->outlen) {
		n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
		    MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -1;
		c->outoff += (size_t)n;
	}
	c->outoff = c->outlen = 0;
	return 0;
}

/* Answers every complete line in |c|'s input, stopping while answers are
 * unwritten. Returns 0, or -1 when |c| must go. */
static int
serve_lines(struct ctl_client *c)
{
	char *nl;
	size_t len;

	while (c->outlen == 0 && !c->closing &&
	    (nl = memchr(c->in, '\n', c->inlen)) != NULL) {
		len = (size_t)(nl - c->in);
		if (queue_answer(c,
			ctl_json_request(
			    &c->s->hooks, c->in, len, c->s->started)) != 0)
			return -1;
		memmove(c->in, nl + 1, c->inlen - len - 1);
		c->inlen -= len + 1;
		if (flush_out(c) != 0)
			return -1;
	}
	if (c->inlen > CTL_LINE_MAX && memchr(c->in, '\n', c->inlen) == NULL &&
	    !c->closing) {
		c->closing = true;
		if (queue_answer(c,
			ctl_json_error("request longer than %d octets",
			    CTL_LINE_MAX)) != 0 ||
		    flush_out(c) != 0)
			return -1;
	}
	return 0;
}

/* Reads what is there. Returns 1 on end of input, 0, or -1 on error. */
static int
read_in(struct ctl_client *c)
{
	ssize_t n;

	while (c->inlen < sizeof(c->in)) {
		n = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -1;
		if (n == 0)
			return 1;
		c->inlen += (size_t)n;
		if (memchr(c->in + c->inlen - (size_t)n, '\n', (size_t)n))
			return 0;
	}
	return 0;
}

static void
client_io(void *arg, uint32_t events)
{
	struct ctl_client *c = arg;
	bool eof = false;
	int rc;

	if (events & EPOLLOUT) {
		if (flush_out(c) != 0)
			goto drop;
	}
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && c->outlen == 0 &&
	    !c->closing) {
		if ((rc = read_in(c)) < 0)
			goto drop;
		eof = rc == 1;
	}
	if (serve_lines(c) != 0)
		goto drop;
	if (c->outlen == 0 && (c->closing || eof))
		goto drop;
	/* Unwritten answers: wait to write, and read nothing meanwhile. */
	if (plat_loop_mod(
		c->s->loop, c->fd, c->outlen > 0 ? EPOLLOUT : EPOLLIN) != 0)
		goto drop;
	return;
drop:
	client_free(c);
}

static void
accept_cb(void *arg, uint32_t events)
{
	struct ctl_server *s = arg;
	struct ctl_client *c;
	int fd;

	(void)events;
	for (;;) {
		fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE) {
				/* Level-triggered: stop asking until a
				 * client goes, or the loop would spin. */
				plat_log(PLAT_LOG_WARNING,
				    "ctl: accept: %s; paused", strerror(errno));
				if (plat_loop_mod(s->loop, s->fd, 0) == 0)
					s->paused = true;
			} else if (errno != EAGAIN && errno != EWOULDBLOCK)
				plat_log(PLAT_LOG_WARNING, "ctl: accept: %s",
				    strerror(errno));
			return;
		}
		if (s->nclients >= CTL_CLIENTS_MAX) {
			plat_log(PLAT_LOG_WARNING,
			    "ctl: more than %d clients, one refused",
			    CTL_CLIENTS_MAX);
			close(fd);
			continue;
		}
		if ((c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->s = s;
		c->fd = fd;
		if (plat_loop_add(s->loop, fd, EPOLLIN, client_io, c) != 0) {
			close(fd);
			free(c);
			continue;
		}
		c->next = s->clients;
		s->clients = c;
		s->nclients++;
	}
}

/*
 * Is a server answering at |addr|? A refused connection means the socket
 * file is stale; a full backlog (EAGAIN, without blocking) means a server.
 */
static bool
someone_listens(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool yes;

	if (fd < 0)
		return false;
	yes = connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0 ||
	    errno == EAGAIN || errno == EINPROGRESS;
	close(fd);
	return yes;
}

/* Makes |path| free for bind: only a stale socket is removed. */
static int
clear_path(const struct sockaddr_un *addr)
{
	struct stat st;

	if (lstat(addr->sun_path, &st) != 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		plat_log(PLAT_LOG_ERR,
		    "ctl: %s exists and is not a socket; not replacing it",
		    addr->sun_path);
		return -EEXIST;
	}
	if (someone_listens(addr)) {
		plat_log(PLAT_LOG_ERR,
		    "ctl: %s: another server answers there (is mipd "
		    "running? use -s for a second one)",
		    addr->sun_path);
		return -EADDRINUSE;
	}
	if (unlink(addr->sun_path) != 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int
listen_on(struct ctl_server *s, const struct sockaddr_un *addr)
{
	mode_t old;
	int rc;

	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -errno;
	if ((rc = clear_path(addr)) != 0)
		return rc;
	/* Created 0660 from the start: no window for another user. */
	old = umask(0117);
	rc = bind(s->fd, (const struct sockaddr *)addr, sizeof(*addr));
	umask(old);
	if (rc != 0)
		return -errno;
	if ((s->path = strdup(addr->sun_path)) == NULL) {
		unlink(addr->sun_path);
		return -ENOMEM;
	}
	if (listen(s->fd, CTL_BACKLOG) != 0)
		return -errno;
	return plat_loop_add(s->loop, s->fd, EPOLLIN, accept_cb, s);
}

int
ctl_server_open(struct ctl_server **out, struct plat_loop *loop,
    const char *path, const struct ctl_hooks *hooks)
{
	struct sockaddr_un addr;
	struct ctl_server *s;
	struct mip_now now;
	int rc;

	*out = NULL;
	if (hooks->node == NULL || hooks->command == NULL ||
	    hooks->reload == NULL)
		return -EINVAL;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr.sun_path)) {
		plat_log(PLAT_LOG_ERR, "ctl: socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	strcpy(addr.sun_path, path);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -ENOMEM;
	s->loop = loop;
	s->hooks = *hooks;
	plat_now(&now);
	s->started = now.mono;
	if ((rc = listen_on(s, &addr)) != 0) {
		if (rc != -EEXIST && rc != -EADDRINUSE)
			plat_log(
			    PLAT_LOG_ERR, "ctl: %s: %s", path, strerror(-rc));
		ctl_server_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void
ctl_server_close(struct ctl_server *s)
{
	if (s == NULL)
		return;
	while (s->clients != NULL)
		client_free(s->clients);
	if (s->fd >= 0) {
		plat_loop_del(s->loop, s->fd);
		close(s->fd);
	}
	if (s->path != NULL) {
		unlink(s->path);
		free(s->path);
	}
	free(s);
}
