/*
 * A failure that must reach the user as words: a negative errno for the
 * code and one line of text (crun's libcrun_error_t is the model).  A
 * library function that fails for a reason the user must read fills one
 * and returns its code; the command line prints it, and main() alone
 * chooses the exit status.  Functions whose only failure is -ENOMEM do
 * not take one.
 */
#ifndef NSINSPECT_ERROR_H
#define NSINSPECT_ERROR_H

#define NSI_ERROR_MAX 1024

struct nsi_error {
	int code;		/* a negative errno; 0 while nothing failed */
	char msg[NSI_ERROR_MAX];	/* one line, without "nsinspect: " */
};

/* Fill @e (may be NULL) and return @code, so that callers can "return nsi_error_set(...)". */
int nsi_error_set(struct nsi_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "cannot allocate memory" for -ENOMEM, "TEXT: strerror" otherwise; returns @code. */
int nsi_error_errno(struct nsi_error *e, int code, const char *what);

#endif
