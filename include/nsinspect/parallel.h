/*
 * A parallel loop for the few places where the kernel's answers, not our
 * own work, are the cost and the kernel can give them in parallel: the
 * readlinkat() pass over /proc and the per-row reads (stat, cmdline, nsfs
 * ioctls) after it.  On 2 CPUs two threads halve those reads.  Items are
 * taken in chunks from a shared counter, so a slow process does not hold
 * up a whole share; the calling thread works too.
 */
#ifndef NSINSPECT_PARALLEL_H
#define NSINSPECT_PARALLEL_H

#include <stddef.h>

/*
 * Call @fn(@ctx, i) for every i below @n, in up to four threads (one per
 * online CPU) when @n reaches @min_parallel, else in this thread alone.
 * @fn must touch nothing that another i touches.  A thread that cannot be
 * started is done without.  Returns the number of threads used.
 */
unsigned int nsi_parallel_for(size_t n, size_t min_parallel, void (*fn)(void *ctx, size_t i), void *ctx);

#endif
