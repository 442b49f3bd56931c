/* SPDX-License-Identifier: ISC */
/*
 * mipctl's daemon commands: register, deregister, solicit, flush and
 * reload, and the request/answer exchange with mipd's control socket
 * (docs/json-fields.md, "control socket") that "show" uses too. One
 * request line out, one answer line back; the answer's "ok" decides the
 * exit status.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

/* Longest answer accepted (a table of many thousand bindings). */
#define ANSWER_MAX (256U * 1024 * 1024)

static int
connect_to(const char *path)
{
	struct sockaddr_un a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a.sun_path)) {
		fprintf(stderr, "mipctl: socket path too long: %s\n", path);
		return -1;
	}
	memcpy(a.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		fprintf(stderr, "mipctl: socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		fprintf(stderr,
		    "mipctl: cannot connect to %s: %s\n"
		    "mipctl: is mipd running? If it was started with -s "
		    "SOCKET, give mipctl the same -s SOCKET.\n",
		    path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
send_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one line (without its newline) into a malloc'ed string. */
static char *
read_line(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *grown;
	ssize_t n;

	while (buf != NULL) {
		if (len + 1 >= cap) {
			if (cap >= ANSWER_MAX)
				break;
			cap *= 2;
			if ((grown = realloc(buf, cap)) == NULL)
				break;
			buf = grown;
		}
		n = recv(fd, buf + len, cap - len - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		if (memchr(buf + len - (size_t)n, '\n', (size_t)n) != NULL) {
			*strchr(buf, '\n') = '\0';
			return buf;
		}
	}
	free(buf);
	return NULL;
}

int
ctl_request(
    const struct ctl_opts *opts, json_t *req, json_t **answer, char **line)
{
	char *text, *got;
	json_error_t err;
	int fd, rc;

	*answer = NULL;
	*line = NULL;
	text = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (text == NULL) {
		fprintf(stderr, "mipctl: out of memory\n");
		return -1;
	}
	if ((fd = connect_to(opts->socket)) < 0) {
		free(text);
		return -1;
	}
	rc = send_all(fd, text, strlen(text)) == 0 && send_all(fd, "\n", 1) == 0
	    ? 0
	    : -1;
	free(text);
	if (rc != 0) {
		fprintf(stderr, "mipctl: %s: send: %s\n", opts->socket,
		    strerror(errno));
		close(fd);
		return -1;
	}
	got = read_line(fd);
	close(fd);
	if (got == NULL) {
		fprintf(
		    stderr, "mipctl: %s: no answer from mipd\n", opts->socket);
		return -1;
	}
	*answer = json_loads(got, 0, &err);
	if (!json_is_object(*answer)) {
		fprintf(stderr, "mipctl: %s: unreadable answer: %s\n",
		    opts->socket, err.text);
		json_decref(*answer);
		*answer = NULL;
		free(got);
		return -1;
	}
	*line = got;
	return 0;
}

int
ctl_answer_failed(const char *what, json_t *answer)
{
	const char *e = json_string_value(json_object_get(answer, "error"));

	if (json_is_true(json_object_get(answer, "ok")))
		return 0;
	if (what != NULL)
		fprintf(
		    stderr, "mipctl: %s: %s\n", what, e != NULL ? e : "failed");
	else
		fprintf(stderr, "mipctl: %s\n", e != NULL ? e : "failed");
	return 1;
}

/* Sends |req| for a command without output; prints the answer with -j. */
static int
simple(const struct ctl_opts *opts, const char *what, json_t *req)
{
	json_t *answer;
	char *line;
	int rc;

	if (req == NULL || ctl_request(opts, req, &answer, &line) != 0)
		return CTL_EXIT_FAIL;
	if (opts->json)
		printf("%s\n", line);
	rc = ctl_answer_failed(what, answer) ? CTL_EXIT_FAIL : CTL_EXIT_OK;
	json_decref(answer);
	free(line);
	return rc;
}

int
cmd_node(int argc, char **argv, const struct ctl_opts *opts)
{
	if (argc != 1) {
		fprintf(stderr, "usage: mipctl %s\n", argv[0]);
		return CTL_EXIT_USAGE;
	}
	return simple(opts, argv[0], json_pack("{s:s}", "cmd", argv[0]));
}

int
cmd_flush(int argc, char **argv, const struct ctl_opts *opts)
{
	struct in_addr in;

	if (argc == 2 && strcmp(argv[1], "all") == 0)
		return simple(opts, "flush all",
		    json_pack("{s:s, s:b}", "cmd", "flush", "all", 1));
	if (argc == 3 && strcmp(argv[1], "binding") == 0) {
		if (inet_pton(AF_INET, argv[2], &in) != 1) {
			fprintf(stderr,
			    "mipctl: flush binding: '%s' is not an IPv4 "
			    "address\n",
			    argv[2]);
			return CTL_EXIT_USAGE;
		}
		return simple(opts, "flush binding",
		    json_pack(
			"{s:s, s:s}", "cmd", "flush", "home_addr", argv[2]));
	}
	fprintf(stderr, "usage: mipctl flush binding ADDR | flush all\n");
	return CTL_EXIT_USAGE;
}
