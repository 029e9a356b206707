/* SPDX-License-Identifier: MIT */
/*
 * DOC: scheduler
 *
 * A process-wide pool of worker threads with one FIFO of ready events (all
 * dependencies done). A worker pops an event, marks it running, asks the
 * queue's device to run the command (core/device.h) and completes the event
 * with the result. Started on first use, stopped and joined at exit.
 */
#ifndef HMMCL_CORE_SCHEDULER_H
#define HMMCL_CORE_SCHEDULER_H

#include "core/object.h"

/* Hand a ready event to the workers. Takes over one internal reference. */
void hmmcl_scheduler_push(cl_event event);

#endif
