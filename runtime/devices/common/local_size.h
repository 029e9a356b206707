/* SPDX-License-Identifier: MIT */
/*
 * The work-group size a device picks when the application gives none
 * (docs/execution.md, "The work-group size the device chooses"). Shared by
 * every device that runs work-groups of the hmmcl ISA on a number of
 * executing units (host threads for the CPU device, compute units for
 * hmmgpu): the trade-off between wave size and load balance is the engine's,
 * not the device's.
 */
#ifndef HMMCL_DEVICES_LOCAL_SIZE_H
#define HMMCL_DEVICES_LOCAL_SIZE_H

#include <stdint.h>

#include "core/ndrange.h"

/*
 * The work-group size for @nd on @units executing units, in @local (1 past
 * work_dim). Respects nd->uniform (sizes divide the global sizes) and
 * nd->max_group_size.
 */
void hmmcl_choose_local_size(const struct hmmcl_ndrange *nd, unsigned int units, uint64_t local[3]);

#endif
