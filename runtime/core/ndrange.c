/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "core/kernel.h"
#include "core/memory.h"
#include "core/ndrange.h"

struct hmmcl_ndrange *hmmcl_ndrange_alloc(size_t arg_block_size, size_t max_mems)
{
    struct hmmcl_ndrange *nd = calloc(1, sizeof(*nd));

    if (!nd)
        return NULL;
    /* Never empty, so that launch.args is a valid pointer even without arguments. */
    nd->args = calloc(1, arg_block_size ? arg_block_size : 1);
    nd->mems = max_mems ? calloc(max_mems, sizeof(*nd->mems)) : NULL;
    if (!nd->args || (max_mems && !nd->mems)) {
        free(nd->args);
        free(nd->mems);
        free(nd);
        return NULL;
    }
    nd->launch.args = nd->args;
    return nd;
}

void hmmcl_ndrange_hold_mem(struct hmmcl_ndrange *nd, cl_mem mem)
{
    hmmcl_object_get(&mem->obj);
    nd->mems[nd->num_mems++] = mem;
}

void hmmcl_ndrange_destroy(struct hmmcl_ndrange *nd)
{
    for (size_t i = 0; i < nd->num_mems; i++)
        hmmcl_object_put(&nd->mems[i]->obj);
    if (nd->kernel)
        hmmcl_object_put(&nd->kernel->obj);
    free(nd->mems);
    free(nd->args);
    free(nd);
}
