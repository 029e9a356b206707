/* SPDX-License-Identifier: MIT */
#ifndef HMMCL_ICD_DISPATCH_H
#define HMMCL_ICD_DISPATCH_H

#include <stddef.h>

#include "util/cl.h"

/* The table every hmmcl object points to (struct hmmcl_object.dispatch). */
extern const struct _cl_icd_dispatch hmmcl_dispatch;

/* Slot names in ABI order, NULL-terminated; for the slot tests. */
extern const char *const hmmcl_dispatch_slot_names[];
extern const size_t hmmcl_dispatch_slot_count;

#endif
