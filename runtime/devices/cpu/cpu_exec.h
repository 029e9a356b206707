/* SPDX-License-Identifier: MIT */
/*
 * DOC: CPU device execution
 *
 * How the CPU device runs a kernel launch (docs/execution.md): the
 * work-groups of an NDRange are handed out one at a time, through an atomic
 * counter, to the device's thread pool and to the scheduler worker that
 * runs the command; each thread runs its groups on its own struct hmm_wave
 * with identity address translation (device addresses are process
 * pointers). A trap fails the launch.
 *
 * Threads: the pool has one thread per online CPU but one (the worker that
 * runs the command is the last), started on first use and joined at exit.
 * Any number of launches may run at once (out-of-order queues, several
 * queues): each waits only for its own groups, and its worker alone can
 * finish it, so no launch depends on pool threads being free.
 *
 * Locking: pool.lock protects the list of launches and each launch's
 * @active count; group claims and completion counts are atomics.
 */
#ifndef HMMCL_CPU_EXEC_H
#define HMMCL_CPU_EXEC_H

#include "core/ndrange.h"

/*
 * Run @nd on @device's threads (called on a scheduler worker, no lock
 * held). Returns CL_SUCCESS, or CL_OUT_OF_RESOURCES after a trap (reported
 * through the context's notify callback and HMMCL_DEBUG) or
 * CL_OUT_OF_HOST_MEMORY.
 */
cl_int hmmcl_cpu_ndrange_run(cl_device_id device, struct hmmcl_ndrange *nd);

/* Threads that execute work-groups: the pool plus the calling worker. */
unsigned int hmmcl_cpu_exec_threads(void);

#endif
