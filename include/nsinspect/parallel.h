/*
 * Parallel loops for the few places where the kernel's answers, not our
 * own work, are the cost and the kernel can give them in parallel: the
 * readlinkat() pass over /proc and the per-row reads (stat, cmdline, nsfs
 * ioctls) after it.  On 2 CPUs two threads halve those reads.  Items are
 * taken in chunks from a shared counter, so a slow process does not hold
 * up a whole share; the calling thread works too.
 */
#ifndef NSINSPECT_PARALLEL_H
#define NSINSPECT_PARALLEL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define NSI_FEED_MAX_THREADS 4

/*
 * A loop over items that one thread (the producer) is still making.
 * The producer writes item i, then publishes a count above i; from then
 * on @fn(@ctx, i) may run in any worker thread, so the producer must not
 * move or change published items.  Fields are private to parallel.c.
 */
struct nsi_feed {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	size_t min_parallel;
	atomic_size_t next;	/* first item of the next chunk to take */
	atomic_size_t ready;	/* items below this are published */
	atomic_bool ended;	/* ready is final */
	pthread_mutex_t lock;	/* with @more: workers sleep until ready grows */
	pthread_cond_t more;
	pthread_t workers[NSI_FEED_MAX_THREADS - 1];
	unsigned int nworkers;
	bool workers_tried;
};

void nsi_feed_init(struct nsi_feed *f, size_t min_parallel, void (*fn)(void *ctx, size_t i), void *ctx);

/*
 * Items below @n are ready (@n never shrinks).  Worker threads (one
 * more than the online CPUs, four at most, with the caller) start the first
 * time @n reaches the feed's @min_parallel; a thread that cannot be
 * started is done without.
 */
void nsi_feed_publish(struct nsi_feed *f, size_t n);

/*
 * No more items: work on what is left in this thread too, wait for the
 * workers and return how many threads worked (1: this one alone).
 */
unsigned int nsi_feed_finish(struct nsi_feed *f);

/*
 * Call @fn(@ctx, i) for every i below @n, in several threads when @n
 * reaches @min_parallel, else in this thread alone.  @fn must touch
 * nothing that another i touches.  Returns the number of threads used.
 */
unsigned int nsi_parallel_for(size_t n, size_t min_parallel, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
