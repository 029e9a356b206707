/* SPDX-License-Identifier: MIT */
/* The work-group size a device chooses (see local_size.h). */
#include "devices/common/local_size.h"

/*
 * Measured on mul_mat and stream triad on the CPU device (docs/bench.md):
 * the largest groups up to LOCAL_SIZE_CAP work-items, as long as every unit
 * still gets GROUPS_PER_UNIT groups to balance uneven ones.
 */
#define LOCAL_SIZE_CAP  256
#define GROUPS_PER_UNIT 4

/* The largest divisor of @n that is at most @bound (>= 1). */
static uint64_t divisor_at_most(uint64_t n, uint64_t bound)
{
    for (uint64_t d = bound; d > 1; d--) {
        if (n % d == 0)
            return d;
    }
    return 1;
}

void hmmcl_choose_local_size(const struct hmmcl_ndrange *nd, unsigned int units, uint64_t local[3])
{
    const struct hmm_launch *l = &nd->launch;
    uint64_t total = 1, target, budget;

    if (!units)
        units = 1;
    for (uint32_t d = 0; d < l->work_dim; d++)
        total = l->global_size[d] > UINT64_MAX / total ? UINT64_MAX : total * l->global_size[d];
    target = total / ((uint64_t)units * GROUPS_PER_UNIT);
    if (target > LOCAL_SIZE_CAP)
        target = LOCAL_SIZE_CAP;
    if (nd->max_group_size && target > nd->max_group_size)
        target = nd->max_group_size;
    budget = target ? target : 1;
    for (uint32_t d = 0; d < 3; d++) {
        uint64_t g = d < l->work_dim ? l->global_size[d] : 1;
        uint64_t bound = g < budget ? g : budget;
        uint64_t size = divisor_at_most(g, bound);

        /* A smaller last group beats many tiny ones where the size may be non-uniform. */
        if (!nd->uniform && size * 2 <= bound)
            size = bound;
        local[d] = size;
        budget /= size;
    }
}
