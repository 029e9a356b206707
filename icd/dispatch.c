/* SPDX-License-Identifier: MIT */
/*
 * The ICD dispatch table, generated from icd/cl_api.def. Designated
 * initialisers make each slot type-checked against the Khronos prototype,
 * and the static assertions below check that the list's index of every entry
 * is its ABI slot in struct _cl_icd_dispatch.
 */
#include <assert.h>
#include <stddef.h>

#include "icd/dispatch.h"

#define HMMCL_SLOT(index, name) .name = name,
#define HMMCL_SLOT_NONE(index, name)
const struct _cl_icd_dispatch hmmcl_dispatch = {
#include "icd/cl_api.def"
};
#undef HMMCL_SLOT
#undef HMMCL_SLOT_NONE

#define HMMCL_SLOT(index, name)                                                                    \
    static_assert(offsetof(struct _cl_icd_dispatch, name) == (index) * sizeof(void (*)(void)),     \
                  #name " is not in ABI slot " #index);
#define HMMCL_SLOT_NONE(index, name) HMMCL_SLOT(index, name)
#include "icd/cl_api.def"
#undef HMMCL_SLOT
#undef HMMCL_SLOT_NONE

#define HMMCL_SLOT(index, name)      [index] = #name,
#define HMMCL_SLOT_NONE(index, name) [index] = #name,
const char *const hmmcl_dispatch_slot_names[] = {
#include "icd/cl_api.def"
    NULL,
};
#undef HMMCL_SLOT
#undef HMMCL_SLOT_NONE

const size_t hmmcl_dispatch_slot_count =
    sizeof(hmmcl_dispatch_slot_names) / sizeof(hmmcl_dispatch_slot_names[0]) - 1;

static_assert(sizeof(struct _cl_icd_dispatch) ==
                  sizeof(hmmcl_dispatch_slot_names) - sizeof(hmmcl_dispatch_slot_names[0]),
              "icd/cl_api.def does not cover every slot of struct _cl_icd_dispatch");
