/*
 * Stopping on SIGINT and SIGTERM in every state.  A scan may be long, a
 * write may block on a reader that never reads: the signals are not
 * blocked there, and the handler ends the process at once, removing the
 * temporary file of a --metrics=FILE rewrite, unless a write of output
 * is under way.  Output is written a whole line per write(2), which a
 * pipe takes whole or not at all up to PIPE_BUF bytes, so a stop can
 * only interrupt a line before any of it is written: the output holds
 * whole lines only (a longer line could be cut).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t writing, stop_signal;
static const char *volatile temporary;	/* removed when stopped */
static int stop_status = -1;		/* exit status of a stop; -1: die by the signal */

/* End the process for signal @sig; only async-signal-safe calls. */
static void leave(int sig)
{
	if (temporary)
		unlink(temporary);
	if (stop_status >= 0)
		_exit(stop_status);
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static void on_stop(int sig)
{
	if (writing)
		stop_signal = sig;	/* the write returns EINTR, nsi_stop_write() leaves */
	else
		leave(sig);
}

void nsi_stop_install(int status)
{
	struct sigaction sa = { .sa_handler = on_stop };	/* no SA_RESTART: a blocked write returns */
	sigset_t set;

	stop_status = status;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

void nsi_stop_set_temporary(const char *path)
{
	temporary = path;
}

/* Write @len bytes of one line; -errno on failure. */
static int write_line(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR && stop_signal)
			leave(stop_signal);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int nsi_stop_write(int fd, const char *buf, size_t len)
{
	int r = 0;

	writing = 1;
	if (stop_signal)
		leave(stop_signal);
	while (r == 0 && len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) + 1 : len;

		r = write_line(fd, buf, n);
		buf += n;
		len -= n;
	}
	writing = 0;
	if (stop_signal)
		leave(stop_signal);
	return r;
}
